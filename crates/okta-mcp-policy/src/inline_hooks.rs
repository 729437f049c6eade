//! Inline hooks: registering, changing, switching on and off, removing and test-running them.

use okta_mcp_core::params::HookChannel;
use okta_mcp_core::tool::ToolError;
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::values::InlineHookType;

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_inline_hooks(),
        get_inline_hook(),
        create_inline_hook(),
        update_inline_hook(),
        activate_inline_hook(),
        deactivate_inline_hook(),
        delete_inline_hook(),
        preview_inline_hook(),
    ]
}

/// Arguments of okta_list_inline_hooks.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListInlineHooks {
    /// Only hooks of this type
    #[serde(rename = "type")]
    #[arg(query)]
    hook_type: Option<InlineHookType>,
}

fn list_inline_hooks() -> ToolSpec {
    ToolSpec::new::<ListInlineHooks>(Decl {
        name: "okta_list_inline_hooks",
        title: "List inline hooks",
        description: "List the org's inline hooks (max 50, one page), optionally of one type.",
        kind: ToolKind::Read,
        scope: "okta.inlineHooks.read",
        route: Route::get("/api/v1/inlineHooks"),
    })
    .summary(&[
        "id",
        "name",
        "type",
        "status",
        "version",
        "channel.config.uri",
    ])
    .build()
}

/// Arguments of a call on one inline hook.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct InlineHookRef {
    /// cal…
    #[arg(path)]
    inline_hook_id: String,
}

fn get_inline_hook() -> ToolSpec {
    ToolSpec::new::<InlineHookRef>(Decl {
        name: "okta_get_inline_hook",
        title: "Get inline hook",
        description: "Get one inline hook: name, type, status, channel (secrets not returned).",
        kind: ToolKind::Read,
        scope: "okta.inlineHooks.read",
        route: Route::get("/api/v1/inlineHooks/{inlineHookId}"),
    })
    .build()
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
enum ChannelType {
    Http,
    Oauth,
}

type Channel = HookChannel<ChannelType>;

/// Arguments of okta_create_inline_hook.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateInlineHook {
    /// Display name, 1-255 characters
    #[arg(body)]
    name: String,
    /// The Okta flow the hook plugs into
    #[serde(rename = "type")]
    #[arg(body)]
    hook_type: InlineHookType,
    /// Hook type version: `1.0.0`
    #[arg(body)]
    version: String,
    /// config: uri, method POST, headers, authScheme (OAUTH: authType, clientId, tokenUrl, clientSecret or hookKeyId instead)
    #[arg(
        body,
        secret(
            "config.authScheme.value",
            "config.headers.value",
            "config.clientSecret"
        )
    )]
    channel: Channel,
}

fn create_inline_hook() -> ToolSpec {
    ToolSpec::new::<CreateInlineHook>(Decl {
        name: "okta_create_inline_hook",
        title: "Create inline hook",
        description: "Register an external HTTPS service as an inline hook (created ACTIVE). An org holds at most 50 inline hooks.",
        kind: ToolKind::Create { destructive: false },
        scope: "okta.inlineHooks.manage",
        route: Route::post("/api/v1/inlineHooks"),
    })
    .build()
}

/// Arguments of okta_update_inline_hook.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateInlineHook {
    /// cal…
    #[arg(path)]
    inline_hook_id: String,
    /// New display name, 1-255 characters
    #[arg(body)]
    name: Option<String>,
    /// Hook type version: `1.0.0`
    #[arg(body)]
    version: Option<String>,
    /// Whole new channel; resend authScheme.value (never returned)
    #[arg(
        body,
        secret(
            "config.authScheme.value",
            "config.headers.value",
            "config.clientSecret"
        )
    )]
    channel: Option<Channel>,
}

fn some_change(input: &mut UpdateInlineHook) -> Result<(), ToolError> {
    ToolError::require_change(&[
        ("name", input.name.is_some()),
        ("version", input.version.is_some()),
        ("channel", input.channel.is_some()),
    ])
}

fn update_inline_hook() -> ToolSpec {
    ToolSpec::new::<UpdateInlineHook>(Decl {
        name: "okta_update_inline_hook",
        title: "Update inline hook",
        description: "Partially update an inline hook: only the name, version or channel sent change; the type cannot.",
        kind: ToolKind::Update { destructive: false },
        scope: "okta.inlineHooks.manage",
        route: Route::post("/api/v1/inlineHooks/{inlineHookId}"),
    })
    .prepare(some_change)
    .build()
}

fn activate_inline_hook() -> ToolSpec {
    ToolSpec::new::<InlineHookRef>(Decl {
        name: "okta_activate_inline_hook",
        title: "Activate inline hook",
        description: "Activate an INACTIVE inline hook so Okta calls it again.",
        kind: ToolKind::Action {
            destructive: false,
            idempotent: false,
        },
        scope: "okta.inlineHooks.manage",
        route: Route::post("/api/v1/inlineHooks/{inlineHookId}/lifecycle/activate"),
    })
    .build()
}

fn deactivate_inline_hook() -> ToolSpec {
    ToolSpec::new::<InlineHookRef>(Decl {
        name: "okta_deactivate_inline_hook",
        title: "Deactivate inline hook",
        description: "Deactivate an inline hook: Okta stops calling it and its flows run without it. Required before okta_delete_inline_hook.",
        kind: ToolKind::Action { destructive: true, idempotent: false },
        scope: "okta.inlineHooks.manage",
        route: Route::post("/api/v1/inlineHooks/{inlineHookId}/lifecycle/deactivate"),
    })
    .build()
}

fn delete_inline_hook() -> ToolSpec {
    ToolSpec::new::<InlineHookRef>(Decl {
        name: "okta_delete_inline_hook",
        title: "Delete inline hook",
        description: "Permanently delete an inline hook. Okta deletes only INACTIVE hooks: run okta_deactivate_inline_hook first.",
        kind: ToolKind::Delete,
        scope: "okta.inlineHooks.manage",
        route: Route::delete("/api/v1/inlineHooks/{inlineHookId}"),
    })
    .hints(&[("E0000001", "the inline hook is still ACTIVE: deactivate it first with okta_deactivate_inline_hook, then delete it")])
    .build()
}

/// Arguments of okta_preview_inline_hook.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct PreviewInlineHook {
    /// cal…
    #[arg(path)]
    inline_hook_id: String,
    /// Okta's request for this hook type: eventType, source, data
    #[arg(payload, secret("data.context.credential.password"))]
    payload: Map<String, Value>,
}

fn preview_inline_hook() -> ToolSpec {
    ToolSpec::new::<PreviewInlineHook>(Decl {
        name: "okta_preview_inline_hook",
        title: "Preview inline hook",
        description: "Test-run an inline hook with your payload; returns the service's response. A 400 means the service failed or timed out (3 s, one retry).",
        kind: ToolKind::Action { destructive: false, idempotent: false },
        scope: "okta.inlineHooks.manage",
        route: Route::post("/api/v1/inlineHooks/{inlineHookId}/execute"),
    })
    .hints(&[("400", "Okta got no valid answer from the hook's service within 3 s (one retry): check the channel uri is reachable over https, the auth header or OAuth settings, and that the service answers with this hook type's response contract")])
    .build()
}
