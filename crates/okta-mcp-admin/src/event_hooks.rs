//! Event hooks: Okta POSTs chosen events to an external HTTPS endpoint.

use okta_mcp_core::{Body, Method, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value};

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_event_hooks(),
        create_event_hook(),
        update_event_hook(),
        activate_event_hook(),
        deactivate_event_hook(),
        delete_event_hook(),
        verify_event_hook(),
    ]
}

/// No arguments.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct NoArgs {}

fn list_event_hooks() -> ToolSpec {
    ToolSpec::new::<NoArgs>("okta_list_event_hooks", ToolKind::Read, Method::GET, "/api/v1/eventHooks")
        .title("List event hooks")
        .describe("List the org's event hooks (who…) with status, verificationStatus, event types and endpoint.")
        .scope("okta.eventHooks.read")
}

/// Arguments of okta_create_event_hook.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateEventHook {
    /// Display name
    name: String,
    /// `{"type":"EVENT_TYPE","items":[event types]}`, opt. `filter`
    events: Map<String, Value>,
    /// `{"type":"HTTP","version":"1.0.0","config":{"uri":…}}`
    channel: Map<String, Value>,
    description: Option<String>,
}

fn create_event_hook() -> ToolSpec {
    ToolSpec::new::<CreateEventHook>("okta_create_event_hook", ToolKind::Create, Method::POST, "/api/v1/eventHooks")
        .title("Create event hook")
        .describe("Register an event hook that POSTs chosen events to your HTTPS endpoint. Created ACTIVE but unverified: no events until okta_verify_event_hook succeeds.")
        .scope("okta.eventHooks.manage")
        .body(Body::Fields)
}

/// Arguments of okta_update_event_hook.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateEventHook {
    /// Event hook id (who…)
    event_hook_id: String,
    /// Display name
    name: String,
    /// The full events object, with `filter` if it has one
    events: Map<String, Value>,
    /// Whole channel: type, version, config{uri,headers,authScheme}
    channel: Map<String, Value>,
    /// Cleared if left out
    description: Option<String>,
}

fn update_event_hook() -> ToolSpec {
    ToolSpec::new::<UpdateEventHook>("okta_update_event_hook", ToolKind::Update, Method::PUT, "/api/v1/eventHooks/{eventHookId}")
        .title("Update event hook")
        .describe("Replace an event hook (full PUT): send name, events and channel whole; omitted fields are cleared. Resend authScheme.value: Okta never returns it.")
        .scope("okta.eventHooks.manage")
        .body(Body::Fields)
}

/// Arguments naming an event hook.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct EventHookRef {
    /// Event hook id (who…)
    event_hook_id: String,
}

fn activate_event_hook() -> ToolSpec {
    ToolSpec::new::<EventHookRef>(
        "okta_activate_event_hook",
        ToolKind::Action,
        Method::POST,
        "/api/v1/eventHooks/{eventHookId}/lifecycle/activate",
    )
    .title("Activate event hook")
    .describe("Activate an INACTIVE event hook so Okta sends it events again (once verified).")
    .scope("okta.eventHooks.manage")
}

fn deactivate_event_hook() -> ToolSpec {
    ToolSpec::new::<EventHookRef>("okta_deactivate_event_hook", ToolKind::Action, Method::POST, "/api/v1/eventHooks/{eventHookId}/lifecycle/deactivate")
        .title("Deactivate event hook")
        .describe("Deactivate an event hook: Okta stops sending events (missed ones aren't replayed). Required before okta_delete_event_hook.")
        .scope("okta.eventHooks.manage")
        .destructive()
}

fn delete_event_hook() -> ToolSpec {
    ToolSpec::new::<EventHookRef>("okta_delete_event_hook", ToolKind::Delete, Method::DELETE, "/api/v1/eventHooks/{eventHookId}")
        .title("Delete event hook")
        .describe("Permanently delete an event hook. Okta deletes only INACTIVE hooks: run okta_deactivate_event_hook first.")
        .scope("okta.eventHooks.manage")
        .hints(&[("E0000001", "Okta deletes only INACTIVE event hooks: call okta_deactivate_event_hook first, then delete")])
}

fn verify_event_hook() -> ToolSpec {
    ToolSpec::new::<EventHookRef>("okta_verify_event_hook", ToolKind::Action, Method::POST, "/api/v1/eventHooks/{eventHookId}/lifecycle/verify")
        .title("Verify event hook")
        .describe("Verify a hook's endpoint: Okta sends a one-time challenge it must echo within 3 s. Returns the hook, verificationStatus VERIFIED.")
        .scope("okta.eventHooks.manage")
        .hints(&[("E0000001", "the endpoint must answer Okta's one-time GET by echoing the X-Okta-Verification-Challenge header's value as {\"verification\": \"<value>\"} within 3 seconds")])
}
