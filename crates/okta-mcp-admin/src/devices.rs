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
    /// SCIM on id, status, profile.*, e.g. `status eq "ACTIVE"`
    search: Option<String>,
    /// `user` or `userSummary` to embed each device's users
    expand: Option<String>,
    after: Option<After>,
    /// Page size (default 25, max 200)
    limit: Option<Limit>,
}

fn list_devices() -> ToolSpec {
    ToolSpec::new::<ListDevices>(
        "okta_list_devices",
        ToolKind::Read,
        Method::GET,
        "/api/v1/devices",
    )
    .title("List devices")
    .describe("List or search the org's devices (OIE only).")
    .scope("okta.devices.read")
    .query(&["after", "limit", "search", "expand"])
    .default_limit(25)
    .hints(&[NOT_OIE])
}

/// Arguments naming a device.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct DeviceRef {
    /// Device id (guo…)
    device_id: String,
}

fn get_device() -> ToolSpec {
    ToolSpec::new::<DeviceRef>(
        "okta_get_device",
        ToolKind::Read,
        Method::GET,
        "/api/v1/devices/{deviceId}",
    )
    .title("Get device")
    .describe("Get one device (OIE only): status, profile (platform, OS, serial…), timestamps.")
    .scope("okta.devices.read")
    .hints(&[NOT_OIE])
}

fn list_device_users() -> ToolSpec {
    ToolSpec::new::<DeviceRef>(
        "okta_list_device_users",
        ToolKind::Read,
        Method::GET,
        "/api/v1/devices/{deviceId}/users",
    )
    .title("List device users")
    .describe(
        "List a device's users (OIE only), each with managementStatus MANAGED or NOT_MANAGED.",
    )
    .scope("okta.devices.read")
    .hints(&[NOT_OIE])
}

fn deactivate_device() -> ToolSpec {
    ToolSpec::new::<DeviceRef>("okta_deactivate_device", ToolKind::Action, Method::POST, "/api/v1/devices/{deviceId}/lifecycle/deactivate")
        .title("Deactivate device")
        .describe("Deactivate a device (OIE only): user links go, Okta Verify and certificates stop working; re-enrolling makes a new device. Required before delete.")
        .scope("okta.devices.manage")
        .destructive()
        .hints(&[NOT_OIE])
}

fn delete_device() -> ToolSpec {
    ToolSpec::new::<DeviceRef>("okta_delete_device", ToolKind::Delete, Method::DELETE, "/api/v1/devices/{deviceId}")
        .title("Delete device")
        .describe("Permanently delete a device (OIE only). Okta deletes only DEACTIVATED devices: run okta_deactivate_device first.")
        .scope("okta.devices.manage")
        .hints(&[
            ("E0000001", "Okta deletes only DEACTIVATED devices: call okta_deactivate_device first, then delete"),
            NOT_OIE,
        ])
}

fn suspend_device() -> ToolSpec {
    ToolSpec::new::<DeviceRef>(
        "okta_suspend_device",
        ToolKind::Action,
        Method::POST,
        "/api/v1/devices/{deviceId}/lifecycle/suspend",
    )
    .title("Suspend device")
    .describe(
        "Suspend an ACTIVE device (OIE only), e.g. a lost phone. Undo with okta_unsuspend_device.",
    )
    .scope("okta.devices.manage")
    .destructive()
    .hints(&[NOT_OIE])
}

fn unsuspend_device() -> ToolSpec {
    ToolSpec::new::<DeviceRef>(
        "okta_unsuspend_device",
        ToolKind::Action,
        Method::POST,
        "/api/v1/devices/{deviceId}/lifecycle/unsuspend",
    )
    .title("Unsuspend device")
    .describe("Return a SUSPENDED device to ACTIVE (OIE only).")
    .scope("okta.devices.manage")
    .hints(&[NOT_OIE])
}
