//! Devices (Okta Identity Engine): list, get, their users, and the device lifecycle.

use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_devices(),
        get_device(),
        list_device_users(),
        deactivate_device(),
        delete_device(),
        suspend_device(),
        unsuspend_device(),
    ]
}

/// A Classic Engine org has no device inventory; Okta says only that the feature is not there.
const NOT_OIE: (&str, &str) = (
    "E0000015",
    "the Devices API needs Okta Identity Engine: this org is probably Classic Engine, which has no device inventory",
);

// What okta_list_devices can embed.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
enum DeviceExpand {
    User,
    UserSummary,
}

/// Arguments of okta_list_devices.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListDevices {
    /// SCIM on id, status, profile.*, e.g. `status eq "ACTIVE"`
    #[arg(query)]
    search: Option<String>,
    /// Embeds each device's users
    #[arg(query)]
    expand: Option<DeviceExpand>,
    #[arg(query)]
    after: Option<After>,
    /// Default 25, max 200
    #[arg(query)]
    limit: Option<Limit>,
}

fn list_devices() -> ToolSpec {
    ToolSpec::new::<ListDevices>(Decl {
        name: "okta_list_devices",
        title: "List devices",
        description: "OIE only.",
        kind: ToolKind::Read,
        scope: "okta.devices.read",
        route: Route::get("/api/v1/devices"),
    })
    .default_limit(25)
    .hints(&[NOT_OIE])
    .summary(&[
        "id",
        "status",
        "lastUpdated",
        "profile.displayName",
        "profile.platform",
        "profile.osVersion",
        "profile.registered",
    ])
    .build()
}

/// Arguments naming a device.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct DeviceRef {
    /// guo…
    #[arg(path)]
    device_id: String,
}

fn get_device() -> ToolSpec {
    ToolSpec::new::<DeviceRef>(Decl {
        name: "okta_get_device",
        title: "Get device",
        description: "OIE only.",
        kind: ToolKind::Read,
        scope: "okta.devices.read",
        route: Route::get("/api/v1/devices/{deviceId}"),
    })
    .hints(&[NOT_OIE])
    .build()
}

fn list_device_users() -> ToolSpec {
    ToolSpec::new::<DeviceRef>(Decl {
        name: "okta_list_device_users",
        title: "List device users",
        description: "OIE only; each with managementStatus MANAGED or NOT_MANAGED.",
        kind: ToolKind::Read,
        scope: "okta.devices.read",
        route: Route::get("/api/v1/devices/{deviceId}/users"),
    })
    .hints(&[NOT_OIE])
    .summary(&[
        "managementStatus",
        "screenLockType",
        "user.id",
        "user.status",
        "user.profile.login",
    ])
    .build()
}

fn deactivate_device() -> ToolSpec {
    ToolSpec::new::<DeviceRef>(Decl {
        name: "okta_deactivate_device",
        title: "Deactivate device",
        description: "OIE only. User links go, Okta Verify and certificates stop working; re-enrolling makes a new device. Required before delete.",
        kind: ToolKind::Action { destructive: true, idempotent: false },
        scope: "okta.devices.manage",
        route: Route::post("/api/v1/devices/{deviceId}/lifecycle/deactivate"),
    })
    .hints(&[NOT_OIE])
    .build()
}

fn delete_device() -> ToolSpec {
    ToolSpec::new::<DeviceRef>(Decl {
        name: "okta_delete_device",
        title: "Delete device",
        description: "OIE only. Permanent; only a DEACTIVATED device (okta_deactivate_device first).",
        kind: ToolKind::Delete,
        scope: "okta.devices.manage",
        route: Route::delete("/api/v1/devices/{deviceId}"),
    })
    .hints(&[
            ("E0000001", "Okta deletes only DEACTIVATED devices: call okta_deactivate_device first, then delete"),
            NOT_OIE,
        ])
    .build()
}

fn suspend_device() -> ToolSpec {
    ToolSpec::new::<DeviceRef>(Decl {
        name: "okta_suspend_device",
        title: "Suspend device",
        description: "OIE only. An ACTIVE device, e.g. a lost phone; undo with okta_unsuspend_device.",
        kind: ToolKind::Action { destructive: true, idempotent: false },
        scope: "okta.devices.manage",
        route: Route::post("/api/v1/devices/{deviceId}/lifecycle/suspend"),
    })
    .hints(&[NOT_OIE])
    .build()
}

fn unsuspend_device() -> ToolSpec {
    ToolSpec::new::<DeviceRef>(Decl {
        name: "okta_unsuspend_device",
        title: "Unsuspend device",
        description: "OIE only. SUSPENDED to ACTIVE.",
        kind: ToolKind::Action {
            destructive: false,
            idempotent: false,
        },
        scope: "okta.devices.manage",
        route: Route::post("/api/v1/devices/{deviceId}/lifecycle/unsuspend"),
    })
    .hints(&[NOT_OIE])
    .build()
}
