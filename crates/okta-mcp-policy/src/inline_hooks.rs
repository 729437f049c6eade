//! Inline hooks: registering, changing, switching on and off, removing and test-running them.

use okta_mcp_core::{Body, Method, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value};

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
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListInlineHooks {
    /// com.okta. + oauth2.tokens.transform, saml.tokens.transform, import.transform, user.pre-registration, user.credential.password.import or telephony.provider
    #[serde(rename = "type")]
    hook_type: Option<String>,
}

fn list_inline_hooks() -> ToolSpec {
    ToolSpec::new::<ListInlineHooks>(
        "okta_list_inline_hooks",
        ToolKind::Read,
        Method::GET,
        "/api/v1/inlineHooks",
    )
    .title("List inline hooks")
    .describe("List the org's inline hooks (max 50, one page), optionally of one type.")
    .scope("okta.inlineHooks.read")
    .query(&["type"])
}

/// Arguments of a call on one inline hook.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct InlineHookRef {
    /// Inline hook id (cal…)
    inline_hook_id: String,
}

fn get_inline_hook() -> ToolSpec {
    ToolSpec::new::<InlineHookRef>(
        "okta_get_inline_hook",
        ToolKind::Read,
        Method::GET,
        "/api/v1/inlineHooks/{inlineHookId}",
    )
    .title("Get inline hook")
    .describe("Get one inline hook: name, type, status, channel (secrets not returned).")
    .scope("okta.inlineHooks.read")
}

/// Arguments of okta_create_inline_hook.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateInlineHook {
    /// Display name, 1-255 characters
    name: String,
    /// com.okta. + oauth2.tokens.transform, saml.tokens.transform, import.transform, user.pre-registration, user.credential.password.import or telephony.provider
    #[serde(rename = "type")]
    hook_type: String,
    /// Hook type version: `1.0.0`
    version: String,
    /// `type` HTTP or OAUTH, `version` 1.0.0, `config`: uri, method, headers, authScheme (OAUTH: clientId, tokenUrl, authType, clientSecret or hookKeyId instead)
    channel: Map<String, Value>,
}

fn create_inline_hook() -> ToolSpec {
    ToolSpec::new::<CreateInlineHook>("okta_create_inline_hook", ToolKind::Create, Method::POST, "/api/v1/inlineHooks")
        .title("Create inline hook")
        .describe("Register an external HTTPS service as an inline hook (created ACTIVE). An org holds at most 50 inline hooks.")
        .scope("okta.inlineHooks.manage")
        .body(Body::Fields)
}

/// Arguments of okta_update_inline_hook.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateInlineHook {
    /// Inline hook id (cal…)
    inline_hook_id: String,
    /// New display name, 1-255 characters
    name: Option<String>,
    /// Hook type version: `1.0.0`
    version: Option<String>,
    /// Whole new channel; resend authScheme.value (never returned)
    channel: Option<Map<String, Value>>,
}

fn update_inline_hook() -> ToolSpec {
    ToolSpec::new::<UpdateInlineHook>("okta_update_inline_hook", ToolKind::Update, Method::POST, "/api/v1/inlineHooks/{inlineHookId}")
        .title("Update inline hook")
        .describe("Partially update an inline hook: only the name, version or channel sent change; the type cannot.")
        .scope("okta.inlineHooks.manage")
        .body(Body::Fields)
}

fn activate_inline_hook() -> ToolSpec {
    ToolSpec::new::<InlineHookRef>(
        "okta_activate_inline_hook",
        ToolKind::Action,
        Method::POST,
        "/api/v1/inlineHooks/{inlineHookId}/lifecycle/activate",
    )
    .title("Activate inline hook")
    .describe("Activate an INACTIVE inline hook so Okta calls it again.")
    .scope("okta.inlineHooks.manage")
}

fn deactivate_inline_hook() -> ToolSpec {
    ToolSpec::new::<InlineHookRef>(
        "okta_deactivate_inline_hook",
        ToolKind::Action,
        Method::POST,
        "/api/v1/inlineHooks/{inlineHookId}/lifecycle/deactivate",
    )
    .title("Deactivate inline hook")
    .describe("Deactivate an inline hook: Okta stops calling it and its flows run without it. Required before okta_delete_inline_hook.")
    .scope("okta.inlineHooks.manage")
    .destructive()
}

fn delete_inline_hook() -> ToolSpec {
    ToolSpec::new::<InlineHookRef>("okta_delete_inline_hook", ToolKind::Delete, Method::DELETE, "/api/v1/inlineHooks/{inlineHookId}")
        .title("Delete inline hook")
        .describe("Permanently delete an inline hook. Okta deletes only INACTIVE hooks: run okta_deactivate_inline_hook first.")
        .scope("okta.inlineHooks.manage")
        .hints(&[("E0000001", "the inline hook is still ACTIVE: deactivate it first with okta_deactivate_inline_hook, then delete it")])
}

/// Arguments of okta_preview_inline_hook.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct PreviewInlineHook {
    /// Inline hook id (cal…)
    inline_hook_id: String,
    /// Okta's request for this hook type: eventType, source, data
    payload: Map<String, Value>,
}

fn preview_inline_hook() -> ToolSpec {
    ToolSpec::new::<PreviewInlineHook>("okta_preview_inline_hook", ToolKind::Action, Method::POST, "/api/v1/inlineHooks/{inlineHookId}/execute")
        .title("Preview inline hook")
        .describe("Test-run an inline hook with your payload; returns the service's response. A 400 means the service failed or timed out (3 s, one retry).")
        .scope("okta.inlineHooks.manage")
        .body(Body::Field("payload"))
        .hints(&[("400", "Okta got no valid answer from the hook's service within 3 s (one retry): check the channel uri is reachable over https, the auth header or OAuth settings, and that the service answers with this hook type's response contract")])
}
