//! Grants (BETA): giving a user entitlement values or a bundle.

use okta_mcp_core::tool::ToolError;
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::steps::non_empty;

const MANAGE: &str = "okta.governance.entitlements.manage";
const ROLE: &str = "APP_ADMIN";

// One entitlement and the values of it to grant. Plain comments on the types: a type's doc would
// be repeated as the description of every field of that type.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct EntitlementGrant {
    /// esp…
    id: String,
    /// At least one
    values: Vec<ValueRef>,
}

// An entitlement value.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ValueRef {
    /// ent…
    id: String,
}

/// Arguments of okta_iga_assign_entitlement.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AssignEntitlement {
    /// 00u…
    #[arg(local)]
    user_id: String,
    /// 0oa…
    #[arg(local)]
    app_id: String,
    #[arg(local)]
    entitlements: Vec<EntitlementGrant>,
    /// ISO 8601 revocation time; omit for none
    #[arg(local)]
    expiration_date: Option<String>,
    /// IANA zone, e.g. `America/New_York`
    #[arg(local)]
    time_zone: Option<String>,
}

/// Checks what serde cannot: every list non-empty, time zone only with a date.
fn check_entitlement_grant(input: &mut AssignEntitlement) -> Result<(), ToolError> {
    non_empty("userId", &input.user_id)?;
    non_empty("appId", &input.app_id)?;
    if input.entitlements.is_empty() {
        return Err(ToolError::Invalid(
            "`entitlements` must name at least one entitlement with its values".into(),
        ));
    }
    for (i, e) in input.entitlements.iter().enumerate() {
        if e.id.trim().is_empty() {
            return Err(ToolError::Invalid(format!(
                "entitlements[{i}].id must not be empty"
            )));
        }
        if e.values.is_empty() {
            return Err(ToolError::Invalid(format!(
                "entitlements[{i}].values must name at least one value: [{{\"id\": \"ent…\"}}]"
            )));
        }
        if e.values.iter().any(|v| v.id.trim().is_empty()) {
            return Err(ToolError::Invalid(format!(
                "entitlements[{i}].values: every id must be non-empty"
            )));
        }
    }
    check_schedule(input.expiration_date.as_deref(), input.time_zone.as_deref())
}

fn check_schedule(expiration_date: Option<&str>, time_zone: Option<&str>) -> Result<(), ToolError> {
    if time_zone.is_some() && expiration_date.is_none() {
        return Err(ToolError::Invalid(
            "`timeZone` goes with `expirationDate`: give both or neither".into(),
        ));
    }
    Ok(())
}

fn principal(user_id: &str) -> Value {
    json!({ "externalId": user_id, "type": "OKTA_USER" })
}

/// `scheduleSettings` when an expiration was given.
fn add_schedule(expiration_date: Option<&str>, time_zone: Option<&str>, body: &mut Value) {
    if let Some(date) = expiration_date {
        let mut schedule = json!({ "expirationDate": date });
        if let Some(tz) = time_zone {
            schedule["timeZone"] = Value::String(tz.to_owned());
        }
        body["scheduleSettings"] = schedule;
    }
}

fn entitlement_grant_body(input: &AssignEntitlement) -> Value {
    let mut body = json!({
        "grantType": "ENTITLEMENT",
        "target": { "externalId": input.app_id, "type": "APPLICATION" },
        "targetPrincipal": principal(&input.user_id),
        "entitlements": input.entitlements,
    });
    add_schedule(
        input.expiration_date.as_deref(),
        input.time_zone.as_deref(),
        &mut body,
    );
    body
}

pub(crate) fn assign_entitlement() -> ToolSpec {
    ToolSpec::new::<AssignEntitlement>(Decl {
        name: "okta_iga_assign_entitlement",
        title: "Assign entitlement",
        description: "BETA. Returns the grant (0gg…). Needs APP_ADMIN.",
        kind: ToolKind::Create { destructive: false },
        scope: MANAGE,
        route: Route::post("/governance/api/v1/grants"),
    })
    .check_with("okta_iga_list_user_entitlements")
    .body_from(entitlement_grant_body)
    .admin_role(ROLE)
    .prepare(check_entitlement_grant)
    .build()
}

/// Arguments of okta_iga_assign_bundle_to_user.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AssignBundle {
    /// 00u…
    #[arg(local)]
    user_id: String,
    /// enb…
    #[arg(local)]
    entitlement_bundle_id: String,
    /// ISO 8601 revocation time; omit for none
    #[arg(local)]
    expiration_date: Option<String>,
    /// IANA zone, e.g. `America/New_York`
    #[arg(local)]
    time_zone: Option<String>,
}

fn check_bundle_grant(input: &mut AssignBundle) -> Result<(), ToolError> {
    non_empty("userId", &input.user_id)?;
    non_empty("entitlementBundleId", &input.entitlement_bundle_id)?;
    check_schedule(input.expiration_date.as_deref(), input.time_zone.as_deref())
}

fn bundle_grant_body(input: &AssignBundle) -> Value {
    let mut body = json!({
        "grantType": "ENTITLEMENT-BUNDLE",
        "entitlementBundleId": input.entitlement_bundle_id,
        "targetPrincipal": principal(&input.user_id),
    });
    add_schedule(
        input.expiration_date.as_deref(),
        input.time_zone.as_deref(),
        &mut body,
    );
    body
}

pub(crate) fn assign_bundle_to_user() -> ToolSpec {
    ToolSpec::new::<AssignBundle>(Decl {
        name: "okta_iga_assign_bundle_to_user",
        title: "Assign bundle to user",
        description: "All its values in its app; BETA. Returns the grant (0gg…). Needs APP_ADMIN.",
        kind: ToolKind::Create { destructive: false },
        scope: MANAGE,
        route: Route::post("/governance/api/v1/grants"),
    })
    .check_with("okta_iga_list_user_entitlements")
    .body_from(bundle_grant_body)
    .admin_role(ROLE)
    .prepare(check_bundle_grant)
    .build()
}
