//! Event hooks: Okta POSTs chosen events to an external HTTPS endpoint.

use okta_mcp_core::params::{HookChannel, NoArgs};
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
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

fn list_event_hooks() -> ToolSpec {
    ToolSpec::new::<NoArgs>(Decl {
        name: "okta_list_event_hooks",
        title: "List event hooks",
        description: "List the org's event hooks (who…) with status, verificationStatus, event types and endpoint.",
        kind: ToolKind::Read,
        scope: "okta.eventHooks.read",
        route: Route::get("/api/v1/eventHooks"),
    })
    .summary(&["id", "name", "status", "verificationStatus", "events.items", "channel.config.uri"])
    .build()
}

// The events a hook subscribes to (Okta's `EventSubscriptions`).
#[derive(Deserialize, Serialize, JsonSchema)]
struct Events {
    #[serde(rename = "type")]
    kind: EventsType,
    /// Event types, e.g. `user.session.start`
    items: Vec<String>,
    /// `filter` (EA), kept as given.
    #[serde(flatten)]
    more: Map<String, Value>,
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum EventsType {
    EventType,
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
enum ChannelType {
    Http,
}

type Channel = HookChannel<ChannelType>;

/// Arguments of okta_create_event_hook.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateEventHook {
    /// Display name
    #[arg(body)]
    name: String,
    /// Event types to send; opt. `filter`
    #[arg(body)]
    events: Events,
    /// config: uri, opt. headers, authScheme {type HEADER, key, value}
    #[arg(body, secret("config.authScheme.value", "config.headers.value"))]
    channel: Channel,
    #[arg(body)]
    description: Option<String>,
}

fn create_event_hook() -> ToolSpec {
    ToolSpec::new::<CreateEventHook>(Decl {
        name: "okta_create_event_hook",
        title: "Create event hook",
        description: "Register an event hook that POSTs chosen events to your HTTPS endpoint. Created ACTIVE but unverified: no events until okta_verify_event_hook succeeds.",
        kind: ToolKind::Create { destructive: false },
        scope: "okta.eventHooks.manage",
        route: Route::post("/api/v1/eventHooks"),
    })
    .build()
}

/// Arguments of okta_update_event_hook.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateEventHook {
    /// who…
    #[arg(path)]
    event_hook_id: String,
    /// Display name
    #[arg(body)]
    name: String,
    /// The full events object, with `filter` if it has one
    #[arg(body)]
    events: Events,
    /// Whole channel: config uri, headers, authScheme
    #[arg(body, secret("config.authScheme.value", "config.headers.value"))]
    channel: Channel,
    /// Cleared if left out
    #[arg(body)]
    description: Option<String>,
}

fn update_event_hook() -> ToolSpec {
    ToolSpec::new::<UpdateEventHook>(Decl {
        name: "okta_update_event_hook",
        title: "Update event hook",
        description: "Replace an event hook (full PUT): send name, events and channel whole; omitted fields are cleared. Resend authScheme.value: Okta never returns it.",
        kind: ToolKind::Update { destructive: false },
        scope: "okta.eventHooks.manage",
        route: Route::put("/api/v1/eventHooks/{eventHookId}"),
    })
    .build()
}

/// Arguments naming an event hook.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct EventHookRef {
    /// who…
    #[arg(path)]
    event_hook_id: String,
}

fn activate_event_hook() -> ToolSpec {
    ToolSpec::new::<EventHookRef>(Decl {
        name: "okta_activate_event_hook",
        title: "Activate event hook",
        description: "Activate an INACTIVE event hook so Okta sends it events again (once verified).",
        kind: ToolKind::Action { destructive: false, idempotent: false },
        scope: "okta.eventHooks.manage",
        route: Route::post("/api/v1/eventHooks/{eventHookId}/lifecycle/activate"),
    })
    .build()
}

fn deactivate_event_hook() -> ToolSpec {
    ToolSpec::new::<EventHookRef>(Decl {
        name: "okta_deactivate_event_hook",
        title: "Deactivate event hook",
        description: "Deactivate an event hook: Okta stops sending events (missed ones aren't replayed). Required before okta_delete_event_hook.",
        kind: ToolKind::Action { destructive: true, idempotent: false },
        scope: "okta.eventHooks.manage",
        route: Route::post("/api/v1/eventHooks/{eventHookId}/lifecycle/deactivate"),
    })
    .build()
}

fn delete_event_hook() -> ToolSpec {
    ToolSpec::new::<EventHookRef>(Decl {
        name: "okta_delete_event_hook",
        title: "Delete event hook",
        description: "Permanently delete an event hook. Okta deletes only INACTIVE hooks: run okta_deactivate_event_hook first.",
        kind: ToolKind::Delete,
        scope: "okta.eventHooks.manage",
        route: Route::delete("/api/v1/eventHooks/{eventHookId}"),
    })
    .hints(&[("E0000001", "Okta deletes only INACTIVE event hooks: call okta_deactivate_event_hook first, then delete")])
    .build()
}

fn verify_event_hook() -> ToolSpec {
    ToolSpec::new::<EventHookRef>(Decl {
        name: "okta_verify_event_hook",
        title: "Verify event hook",
        description: "Verify a hook's endpoint: Okta sends a one-time challenge it must echo within 3 s. Returns the hook, verificationStatus VERIFIED.",
        kind: ToolKind::Action { destructive: false, idempotent: false },
        scope: "okta.eventHooks.manage",
        route: Route::post("/api/v1/eventHooks/{eventHookId}/lifecycle/verify"),
    })
    .hints(&[("E0000001", "the endpoint must answer Okta's one-time GET by echoing the X-Okta-Verification-Challenge header's value as {\"verification\": \"<value>\"} within 3 seconds")])
    .build()
}
