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
    #[serde(rename = "type")]
    #[arg(query)]
    hook_type: Option<InlineHookType>,
}

fn list_inline_hooks() -> ToolSpec {
    ToolSpec::new::<ListInlineHooks>(Decl {
        name: "okta_list_inline_hooks",
        title: "List inline hooks",
        description: "At most 50, in one page.",
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
        description: "Channel secrets are not returned.",
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
    /// 1-255 chars
    #[arg(body)]
    name: String,
    #[serde(rename = "type")]
    #[arg(body)]
    hook_type: InlineHookType,
    /// `1.0.0`
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
        description: "Registers an HTTPS service, created ACTIVE. At most 50 per org.",
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
    /// 1-255 chars
    #[arg(body)]
    name: Option<String>,
    /// `1.0.0`
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
        description: "Partial: only what is sent changes; the type cannot.",
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
        description: "Okta calls it again.",
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
        description: "Okta stops calling it; its flows run without it. Required before okta_delete_inline_hook.",
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
        description: "Permanent. Only an INACTIVE hook: okta_deactivate_inline_hook first.",
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
        description: "Returns the service's response to your payload; 400: it failed or timed out (3 s, one retry).",
        kind: ToolKind::Action { destructive: false, idempotent: false },
        scope: "okta.inlineHooks.manage",
        route: Route::post("/api/v1/inlineHooks/{inlineHookId}/execute"),
    })
    .hints(&[("400", "Okta got no valid answer from the hook's service within 3 s (one retry): check the channel uri is reachable over https, the auth header or OAuth settings, and that the service answers with this hook type's response contract")])
    .build()
}
