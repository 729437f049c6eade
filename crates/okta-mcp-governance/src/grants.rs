//! Grants (BETA): giving a user entitlement values or a bundle.

use okta_mcp_core::{Body, Method, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::steps::{given, opt_str, req_str};

const MANAGE: &str = "okta.governance.entitlements.manage";
const ROLE: &str = "APP_ADMIN";

/// One entitlement and the values of it to grant.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct EntitlementGrant {
    /// Entitlement id (esp…)
    id: String,
    /// Values to grant, at least one: `[{"id": "ent…"}]`
    values: Vec<ValueRef>,
}

/// An entitlement value.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ValueRef {
    /// Entitlement value id (ent…)
    id: String,
}

/// Arguments of okta_iga_assign_entitlement.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AssignEntitlement {
    /// User id (00u…)
    user_id: String,
    /// App id (0oa…) of the entitlements
    app_id: String,
    /// `[{"id": "esp…", "values": [{"id": "ent…"}]}]`
    entitlements: Vec<EntitlementGrant>,
    /// When Okta revokes it, ISO 8601; omit for no expiry
    expiration_date: Option<String>,
    /// IANA zone of expirationDate, e.g. `America/New_York`
    time_zone: Option<String>,
}

/// Checks what serde cannot: every list non-empty, time zone only with a date.
fn check_entitlement_grant(args: &mut Map<String, Value>) -> Result<(), String> {
    req_str(args, "userId")?;
    req_str(args, "appId")?;
    let entitlements = args
        .get("entitlements")
        .and_then(Value::as_array)
        .ok_or("`entitlements` is required")?;
    if entitlements.is_empty() {
        return Err("`entitlements` must name at least one entitlement with its values".into());
    }
    for (i, e) in entitlements.iter().enumerate() {
        if e.get("id")
            .and_then(Value::as_str)
            .is_none_or(|s| s.trim().is_empty())
        {
            return Err(format!("entitlements[{i}].id must not be empty"));
        }
        let values = e.get("values").and_then(Value::as_array);
        if values.is_none_or(Vec::is_empty) {
            return Err(format!(
                "entitlements[{i}].values must name at least one value: [{{\"id\": \"ent…\"}}]"
            ));
        }
        if values.into_iter().flatten().any(|v| {
            v.get("id")
                .and_then(Value::as_str)
                .is_none_or(|s| s.trim().is_empty())
        }) {
            return Err(format!(
                "entitlements[{i}].values: every id must be non-empty"
            ));
        }
    }
    check_schedule(args)
}

fn check_schedule(args: &Map<String, Value>) -> Result<(), String> {
    if given(args, "timeZone") && opt_str(args, "expirationDate")?.is_none() {
        return Err("`timeZone` goes with `expirationDate`: give both or neither".into());
    }
    Ok(())
}

fn principal(args: &Map<String, Value>) -> Value {
    json!({ "externalId": args.get("userId").cloned().unwrap_or(Value::Null), "type": "OKTA_USER" })
}

/// `scheduleSettings` when an expiration was given.
fn add_schedule(args: &Map<String, Value>, body: &mut Value) {
    if let Some(date) = args.get("expirationDate").filter(|v| !v.is_null()) {
        let mut schedule = json!({ "expirationDate": date });
        if let Some(tz) = args.get("timeZone").filter(|v| !v.is_null()) {
            schedule["timeZone"] = tz.clone();
        }
        body["scheduleSettings"] = schedule;
    }
}

fn entitlement_grant_body(args: &Map<String, Value>) -> Value {
    let mut body = json!({
        "grantType": "ENTITLEMENT",
        "target": { "externalId": args.get("appId").cloned().unwrap_or(Value::Null), "type": "APPLICATION" },
        "targetPrincipal": principal(args),
        "entitlements": args.get("entitlements").cloned().unwrap_or(Value::Null),
    });
    add_schedule(args, &mut body);
    body
}

pub(crate) fn assign_entitlement() -> ToolSpec {
    ToolSpec::new::<AssignEntitlement>("okta_iga_assign_entitlement", ToolKind::Create, Method::POST, "/governance/api/v1/grants")
        .title("Grant entitlement values")
        .describe("Grant a user entitlement values in an app (BETA), optionally until an expiration date; returns the grant (0gg…). Needs APP_ADMIN.")
        .scope(MANAGE)
        .admin_role(ROLE)
        .prepare(check_entitlement_grant)
        .body(Body::Build(entitlement_grant_body))
}

/// Arguments of okta_iga_assign_bundle_to_user.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AssignBundle {
    /// User id (00u…)
    user_id: String,
    /// Entitlement bundle id (enb…)
    entitlement_bundle_id: String,
    /// When Okta revokes it, ISO 8601; omit for no expiry
    expiration_date: Option<String>,
    /// IANA zone of expirationDate, e.g. `America/New_York`
    time_zone: Option<String>,
}

fn check_bundle_grant(args: &mut Map<String, Value>) -> Result<(), String> {
    req_str(args, "userId")?;
    req_str(args, "entitlementBundleId")?;
    check_schedule(args)
}

fn bundle_grant_body(args: &Map<String, Value>) -> Value {
    let mut body = json!({
        "grantType": "ENTITLEMENT-BUNDLE",
        "entitlementBundleId": args.get("entitlementBundleId").cloned().unwrap_or(Value::Null),
        "targetPrincipal": principal(args),
    });
    add_schedule(args, &mut body);
    body
}

pub(crate) fn assign_bundle_to_user() -> ToolSpec {
    ToolSpec::new::<AssignBundle>("okta_iga_assign_bundle_to_user", ToolKind::Create, Method::POST, "/governance/api/v1/grants")
        .title("Grant entitlement bundle")
        .describe("Grant a user an entitlement bundle (all its values in its app; BETA), optionally until an expiration date; returns the grant (0gg…). Needs APP_ADMIN.")
        .scope(MANAGE)
        .admin_role(ROLE)
        .prepare(check_bundle_grant)
        .body(Body::Build(bundle_grant_body))
}
