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
        description: "Event hooks (who…).",
        kind: ToolKind::Read,
        scope: "okta.eventHooks.read",
        route: Route::get("/api/v1/eventHooks"),
    })
    .summary(&[
        "id",
        "name",
        "status",
        "verificationStatus",
        "events.items",
        "channel.config.uri",
    ])
    .build()
}

// The events a hook subscribes to (Okta's `EventSubscriptions`).
#[derive(Deserialize, Serialize, JsonSchema)]
struct Events {
    #[serde(rename = "type")]
    kind: EventsType,
    /// e.g. `user.session.start`
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
    #[arg(body)]
    name: String,
    /// Opt. `filter` too
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
        description: "POSTs chosen events to your HTTPS endpoint. Created ACTIVE but unverified: no events until okta_verify_event_hook succeeds.",
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
    #[arg(body)]
    name: String,
    /// Whole, with any `filter`
    #[arg(body)]
    events: Events,
    /// Whole: config uri, headers, authScheme
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
        description: "Full PUT: omitted fields are cleared. Resend authScheme.value (never returned).",
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
        description: "Okta sends it events again (once verified).",
        kind: ToolKind::Action {
            destructive: false,
            idempotent: false,
        },
        scope: "okta.eventHooks.manage",
        route: Route::post("/api/v1/eventHooks/{eventHookId}/lifecycle/activate"),
    })
    .build()
}

fn deactivate_event_hook() -> ToolSpec {
    ToolSpec::new::<EventHookRef>(Decl {
        name: "okta_deactivate_event_hook",
        title: "Deactivate event hook",
        description: "Okta stops sending events; missed ones aren't replayed. Required before okta_delete_event_hook.",
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
        description: "Permanent. Only an INACTIVE hook: okta_deactivate_event_hook first.",
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
        description: "Okta sends the endpoint a one-time challenge to echo within 3 s. Returns the hook, VERIFIED.",
        kind: ToolKind::Action { destructive: false, idempotent: false },
        scope: "okta.eventHooks.manage",
        route: Route::post("/api/v1/eventHooks/{eventHookId}/lifecycle/verify"),
    })
    .hints(&[("E0000001", "the endpoint must answer Okta's one-time GET by echoing the X-Okta-Verification-Challenge header's value as {\"verification\": \"<value>\"} within 3 seconds")])
    .build()
}
