//! Network zones: IP zones (gateway and proxy addresses) and dynamic zones (ASNs, countries,
//! proxy types) that policy conditions name and the blocklist uses.

use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::tool::ToolError;
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::org_policies::Status;

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_network_zones(),
        get_network_zone(),
        create_network_zone(),
        update_network_zone(),
        delete_network_zone(),
        activate_network_zone(),
        deactivate_network_zone(),
    ]
}

// Okta's `NetworkZoneType` less DYNAMIC_V2 (enhanced dynamic zones), whose `asns` and `locations`
// are include/exclude objects where these types have lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum ZoneType {
    Ip,
    Dynamic,
}

// Okta's `NetworkZoneUsage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum ZoneUsage {
    Policy,
    Blocklist,
}

// Okta's `NetworkZoneAddressType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum AddressType {
    Cidr,
    Range,
}

// Okta's `NetworkZoneAddress`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Address {
    #[serde(rename = "type")]
    kind: AddressType,
    /// e.g. `1.2.3.0/24` (CIDR), `1.2.3.1-1.2.3.9` (RANGE)
    value: String,
}

// Okta's `NetworkZoneLocation`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Location {
    /// ISO 3166-1, e.g. US
    country: String,
    /// ISO 3166-2, e.g. US-CA
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<String>,
}

// A dynamic zone's `proxyType`, as Okta's spec spells the values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
enum ProxyType {
    Any,
    Tor,
    NotTorAnonymizer,
}

/// What a zone's body holds, for the rules across fields the schema cannot say.
struct Shape {
    kind: ZoneType,
    /// Any of gateways, proxies, useAsExemptList given.
    ip_fields: bool,
    /// Any of asns, locations, proxyType given.
    dynamic_fields: bool,
    /// Gateways or proxies with at least one address.
    addresses: bool,
}

/// An IP zone is addresses; a dynamic zone is ASNs, locations or a proxy type. Okta refuses a zone
/// that mixes them, and a new zone with none of its own.
fn check_shape(s: &Shape, new: bool) -> Result<(), ToolError> {
    let refuse = |m: &str| Err(ToolError::Invalid(m.to_owned()));
    match s.kind {
        ZoneType::Ip if s.dynamic_fields => refuse(
            "asns, locations and proxyType are for DYNAMIC zones; an IP zone has gateways and proxies",
        ),
        ZoneType::Ip if new && !s.addresses => refuse(
            "an IP zone needs gateways or proxies: pass gateways, e.g. [{\"type\":\"CIDR\",\"value\":\"203.0.113.0/24\"}]",
        ),
        ZoneType::Dynamic if s.ip_fields => refuse(
            "gateways, proxies and useAsExemptList are for IP zones; a DYNAMIC zone has asns, locations or proxyType",
        ),
        ZoneType::Dynamic if new && !s.dynamic_fields => {
            refuse("a DYNAMIC zone needs asns, locations or proxyType: pass at least one")
        }
        _ => Ok(()),
    }
}

/// Whether a list of addresses holds any.
fn any(list: Option<&Vec<Address>>) -> bool {
    list.is_some_and(|l| !l.is_empty())
}

/// Arguments of okta_list_network_zones.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListZones {
    /// e.g. `usage eq "BLOCKLIST"`, `id eq "nzo…"`, `system eq true`
    #[arg(query)]
    filter: Option<String>,
    #[arg(query)]
    after: Option<After>,
    /// Default 20
    #[arg(query)]
    limit: Option<Limit>,
}

fn list_network_zones() -> ToolSpec {
    ToolSpec::new::<ListZones>(Decl {
        name: "okta_list_network_zones",
        title: "List network zones",
        description: "IP and DYNAMIC zones, with usage (POLICY, BLOCKLIST) and status.",
        kind: ToolKind::Read,
        scope: "okta.networkZones.read",
        route: Route::get("/api/v1/zones"),
    })
    .default_limit(20)
    .summary(&["id", "name", "type", "status", "usage", "system"])
    .build()
}

/// Arguments naming a network zone.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ZoneRef {
    /// nzo…
    #[arg(path)]
    zone_id: String,
}

fn get_network_zone() -> ToolSpec {
    ToolSpec::new::<ZoneRef>(Decl {
        name: "okta_get_network_zone",
        title: "Get network zone",
        description: "With addresses (IP) or ASNs, locations and proxy type (DYNAMIC).",
        kind: ToolKind::Read,
        scope: "okta.networkZones.read",
        route: Route::get("/api/v1/zones/{zoneId}"),
    })
    .build()
}

/// Arguments of okta_create_network_zone.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateZone {
    /// Unique, max 128 chars
    #[arg(body)]
    name: String,
    #[serde(rename = "type")]
    #[arg(body)]
    zone_type: ZoneType,
    /// POLICY (default) or BLOCKLIST: its requests are refused
    #[arg(body)]
    usage: Option<ZoneUsage>,
    #[arg(body)]
    status: Option<Status>,
    /// IP: client addresses
    #[arg(body)]
    gateways: Option<Vec<Address>>,
    /// IP: trusted proxies
    #[arg(body)]
    proxies: Option<Vec<Address>>,
    /// DYNAMIC: AS numbers, e.g. `["23457"]`
    #[arg(body)]
    asns: Option<Vec<String>>,
    /// DYNAMIC
    #[arg(body)]
    locations: Option<Vec<Location>>,
    /// DYNAMIC
    #[arg(body)]
    proxy_type: Option<ProxyType>,
}

fn check_create(z: &mut CreateZone) -> Result<(), ToolError> {
    let shape = Shape {
        kind: z.zone_type,
        ip_fields: z.gateways.is_some() || z.proxies.is_some(),
        dynamic_fields: z.asns.is_some() || z.locations.is_some() || z.proxy_type.is_some(),
        addresses: any(z.gateways.as_ref()) || any(z.proxies.as_ref()),
    };
    check_shape(&shape, true)
}

fn create_network_zone() -> ToolSpec {
    ToolSpec::new::<CreateZone>(Decl {
        name: "okta_create_network_zone",
        title: "Create network zone",
        description: "IP zone (gateways, proxies) or DYNAMIC zone (asns, locations, proxyType). An ACTIVE BLOCKLIST zone blocks at once.",
        kind: ToolKind::Create { destructive: false },
        scope: "okta.networkZones.manage",
        route: Route::post("/api/v1/zones"),
    })
    .prepare(check_create)
    .build()
}

/// Arguments of okta_update_network_zone: the zone's writable fields, as okta_get_network_zone returns them.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateZone {
    /// nzo…
    #[arg(path)]
    zone_id: String,
    /// Unique, max 128 chars
    #[arg(body)]
    name: String,
    /// Cannot change
    #[serde(rename = "type")]
    #[arg(body)]
    zone_type: ZoneType,
    #[arg(body)]
    usage: Option<ZoneUsage>,
    #[arg(body)]
    status: Option<Status>,
    /// IP: all client addresses
    #[arg(body)]
    gateways: Option<Vec<Address>>,
    /// IP: all trusted proxies
    #[arg(body)]
    proxies: Option<Vec<Address>>,
    /// DefaultExemptIpZone only: true lets its IPs through the blocklist
    #[arg(body)]
    use_as_exempt_list: Option<bool>,
    /// DYNAMIC: all AS numbers
    #[arg(body)]
    asns: Option<Vec<String>>,
    /// DYNAMIC: all
    #[arg(body)]
    locations: Option<Vec<Location>>,
    /// DYNAMIC
    #[arg(body)]
    proxy_type: Option<ProxyType>,
}

fn check_update(z: &mut UpdateZone) -> Result<(), ToolError> {
    let shape = Shape {
        kind: z.zone_type,
        ip_fields: z.gateways.is_some() || z.proxies.is_some() || z.use_as_exempt_list.is_some(),
        dynamic_fields: z.asns.is_some() || z.locations.is_some() || z.proxy_type.is_some(),
        addresses: any(z.gateways.as_ref()) || any(z.proxies.as_ref()),
    };
    // A system zone (BlockedIpZone) may be emptied; only a new zone must have its own entries.
    check_shape(&shape, false)
}

fn update_network_zone() -> ToolSpec {
    ToolSpec::new::<UpdateZone>(Decl {
        name: "okta_update_network_zone",
        title: "Update network zone",
        description: "Full PUT: send every field and whole lists as okta_get_network_zone shows them, changed; omitted fields are reset.",
        // A full replacement: an address list sent without the old entries drops them.
        kind: ToolKind::Update { destructive: true },
        scope: "okta.networkZones.manage",
        route: Route::put("/api/v1/zones/{zoneId}"),
    })
    .prepare(check_update)
    .build()
}

fn delete_network_zone() -> ToolSpec {
    ToolSpec::new::<ZoneRef>(Decl {
        name: "okta_delete_network_zone",
        title: "Delete network zone",
        description: "Refused while a policy or rule uses it and, in OIE, while ACTIVE (deactivate first).",
        kind: ToolKind::Delete,
        scope: "okta.networkZones.manage",
        route: Route::delete("/api/v1/zones/{zoneId}"),
    })
    .build()
}

fn activate_network_zone() -> ToolSpec {
    ToolSpec::new::<ZoneRef>(Decl {
        name: "okta_activate_network_zone",
        title: "Activate network zone",
        description: "Policies naming it match it again; a BLOCKLIST zone blocks again.",
        kind: ToolKind::Action {
            destructive: false,
            idempotent: true,
        },
        scope: "okta.networkZones.manage",
        route: Route::post("/api/v1/zones/{zoneId}/lifecycle/activate"),
    })
    .build()
}

fn deactivate_network_zone() -> ToolSpec {
    ToolSpec::new::<ZoneRef>(Decl {
        name: "okta_deactivate_network_zone",
        title: "Deactivate network zone",
        description: "Policies naming it stop matching it; a BLOCKLIST zone stops blocking.",
        kind: ToolKind::Action {
            destructive: true,
            idempotent: true,
        },
        scope: "okta.networkZones.manage",
        route: Route::post("/api/v1/zones/{zoneId}/lifecycle/deactivate"),
    })
    .build()
}
