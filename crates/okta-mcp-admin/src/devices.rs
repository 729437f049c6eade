//! Devices (Okta Identity Engine): list, get, their users, and the device lifecycle.

use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::{Method, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;

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

/// Arguments of okta_list_devices.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListDevices {
    /// SCIM search on id, status, lastUpdated and profile fields, e.g. `status eq "ACTIVE"` or `profile.platform eq "MACOS"`; `co` works on profile.displayName, serialNumber, imei, meid, udid, sid.
    search: Option<String>,
    /// `user` (full users) or `userSummary` to embed each device's users.
    expand: Option<String>,
    after: Option<After>,
    /// Page size (default 25, Okta's maximum 200).
    limit: Option<Limit>,
}

fn list_devices() -> ToolSpec {
    ToolSpec::new::<ListDevices>("okta_list_devices", ToolKind::Read, Method::GET, "/api/v1/devices")
        .title("List devices")
        .describe("List or search the org's devices (Okta Identity Engine only): id guo…, status, platform, name, serial number. 25 per page by default; pass nextCursor as `after` for more.")
        .scope("okta.devices.read")
        .query(&["after", "limit", "search", "expand"])
        .default_limit(25)
        .hints(&[NOT_OIE])
}

/// Arguments naming a device.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct DeviceRef {
    /// Device id (guo…), from okta_list_devices.
    device_id: String,
}

fn get_device() -> ToolSpec {
    ToolSpec::new::<DeviceRef>("okta_get_device", ToolKind::Read, Method::GET, "/api/v1/devices/{deviceId}")
        .title("Get device")
        .describe("Get one device (Okta Identity Engine only): status (ACTIVE, SUSPENDED, DEACTIVATED…), profile (platform, model, OS version, serial, disk encryption), timestamps.")
        .scope("okta.devices.read")
        .hints(&[NOT_OIE])
}

fn list_device_users() -> ToolSpec {
    ToolSpec::new::<DeviceRef>("okta_list_device_users", ToolKind::Read, Method::GET, "/api/v1/devices/{deviceId}/users")
        .title("List device users")
        .describe("List the users linked to a device (Okta Identity Engine only), each with managementStatus (MANAGED or NOT_MANAGED), screenLockType and the user.")
        .scope("okta.devices.read")
        .hints(&[NOT_OIE])
}

fn deactivate_device() -> ToolSpec {
    ToolSpec::new::<DeviceRef>("okta_deactivate_device", ToolKind::Action, Method::POST, "/api/v1/devices/{deviceId}/lifecycle/deactivate")
        .title("Deactivate device")
        .describe("Deactivate a device (Okta Identity Engine only): it loses its user links, and its Okta Verify factors and certificates stop working; re-enrolling creates a new device. Needed before okta_delete_device.")
        .scope("okta.devices.manage")
        .destructive()
        .hints(&[NOT_OIE])
}

fn delete_device() -> ToolSpec {
    ToolSpec::new::<DeviceRef>("okta_delete_device", ToolKind::Delete, Method::DELETE, "/api/v1/devices/{deviceId}")
        .title("Delete device")
        .describe("Permanently delete a device record (Okta Identity Engine only). Okta deletes only DEACTIVATED devices: deactivate it first with okta_deactivate_device.")
        .scope("okta.devices.manage")
        .hints(&[
            ("E0000001", "Okta deletes only DEACTIVATED devices: call okta_deactivate_device first, then delete"),
            NOT_OIE,
        ])
}

fn suspend_device() -> ToolSpec {
    ToolSpec::new::<DeviceRef>("okta_suspend_device", ToolKind::Action, Method::POST, "/api/v1/devices/{deviceId}/lifecycle/suspend")
        .title("Suspend device")
        .describe("Suspend an ACTIVE device for a while (Okta Identity Engine only), e.g. a lost phone. Undo with okta_unsuspend_device; a suspended device can also be deactivated.")
        .scope("okta.devices.manage")
        .destructive()
        .hints(&[NOT_OIE])
}

fn unsuspend_device() -> ToolSpec {
    ToolSpec::new::<DeviceRef>("okta_unsuspend_device", ToolKind::Action, Method::POST, "/api/v1/devices/{deviceId}/lifecycle/unsuspend")
        .title("Unsuspend device")
        .describe("Return a SUSPENDED device to ACTIVE (Okta Identity Engine only). Only suspended devices can be unsuspended.")
        .scope("okta.devices.manage")
        .hints(&[NOT_OIE])
}
