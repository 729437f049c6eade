//! Revoking a user's entitlement values or bundles: Okta has no DELETE on grants; its v2
//! revokePrincipalAccess (BETA) takes ORNs, which carry the org id.

use futures::future::BoxFuture;
use okta_mcp_core::client::ApiRequest;
use okta_mcp_core::tool::{Ctx, ToolError};
use okta_mcp_core::{Decl, Method, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::orn;
use crate::steps::{non_empty, org_id};

pub(crate) const REVOKE_PATH: &str = "/governance/api/v2/revoke-principal-access";
const MANAGE: &str = "okta.governance.entitlements.manage";
const ROLE: &str = "APP_ADMIN";

/// The last step of every revocation: `POST /governance/api/v2/revoke-principal-access`.
/// Okta's answer is only links to re-read the access, so the result says what was revoked.
pub(crate) async fn revoke(
    ctx: &Ctx<'_>,
    principal_orn: String,
    revoke_orns: Vec<String>,
) -> Result<Map<String, Value>, ToolError> {
    let req = ApiRequest::new(Method::POST, REVOKE_PATH).with_body(json!({
        "principalOrn": principal_orn,
        "revokeOrns": revoke_orns,
    }));
    ctx.send(&req).await?;
    let mut out = Map::new();
    out.insert("ok".into(), Value::Bool(true));
    out.insert("action".into(), Value::String(ctx.spec.title.to_owned()));
    out.insert("principalOrn".into(), Value::String(principal_orn));
    out.insert(
        "revokedOrns".into(),
        Value::Array(revoke_orns.into_iter().map(Value::String).collect()),
    );
    Ok(out)
}

/// Arguments of okta_iga_revoke_entitlement.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RevokeEntitlement {
    /// 00u…
    #[arg(local)]
    user_id: String,
    /// ent…, 1-5, from okta_iga_list_user_entitlements
    #[arg(local)]
    entitlement_value_ids: Vec<String>,
}

fn check_values(input: &mut RevokeEntitlement) -> Result<(), ToolError> {
    orn::okta_id("userId", non_empty("userId", &input.user_id)?)?;
    let ids = &input.entitlement_value_ids;
    if ids.is_empty() || ids.len() > 5 {
        return Err(ToolError::Invalid(format!(
            "`entitlementValueIds` must hold 1 to 5 value ids (Okta revokes at most 5 per call), got {}",
            ids.len()
        )));
    }
    for id in ids {
        orn::okta_id("entitlementValueIds", id)?;
    }
    Ok(())
}

fn revoke_values(
    ctx: Ctx<'_>,
    input: RevokeEntitlement,
) -> BoxFuture<'_, Result<Value, ToolError>> {
    Box::pin(async move {
        let org = org_id(&ctx).await?;
        let orns = input
            .entitlement_value_ids
            .iter()
            .map(|id| orn::entitlement_value(&org, id))
            .collect();
        let mut out = revoke(&ctx, orn::user(&org, &input.user_id), orns).await?;
        out.insert("userId".into(), Value::String(input.user_id));
        Ok(Value::Object(out))
    })
}

pub(crate) fn revoke_entitlement() -> ToolSpec {
    ToolSpec::new::<RevokeEntitlement>(Decl {
        name: "okta_iga_revoke_entitlement",
        title: "Revoke entitlement values",
        description: "Via revokePrincipalAccess (BETA). Needs APP_ADMIN.",
        kind: ToolKind::Action { destructive: true, idempotent: false },
        scope: MANAGE,
        route: Route::post(REVOKE_PATH),
    })
    .check_with("okta_iga_list_user_entitlements")
    .admin_role(ROLE)
    .prepare(check_values)
    .handler(revoke_values)
    .decision("Grants cannot be deleted. Two steps: GET /.well-known/okta-organization for the org id, then POST /governance/api/v2/revoke-principal-access with orn:okta:directory:{org}:users:{userId} and orn:okta:governance:{org}:entitlement-values:{valueId}.")
    .build()
}

/// Arguments of okta_iga_remove_bundle_from_user.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RemoveBundle {
    /// 00u…
    #[arg(local)]
    user_id: String,
    /// enb…
    #[arg(local)]
    entitlement_bundle_id: String,
}

fn check_bundle(input: &mut RemoveBundle) -> Result<(), ToolError> {
    orn::okta_id("userId", non_empty("userId", &input.user_id)?)?;
    orn::okta_id(
        "entitlementBundleId",
        non_empty("entitlementBundleId", &input.entitlement_bundle_id)?,
    )?;
    Ok(())
}

fn revoke_bundle(ctx: Ctx<'_>, input: RemoveBundle) -> BoxFuture<'_, Result<Value, ToolError>> {
    Box::pin(async move {
        let org = org_id(&ctx).await?;
        let mut out = revoke(
            &ctx,
            orn::user(&org, &input.user_id),
            vec![orn::entitlement_bundle(&org, &input.entitlement_bundle_id)],
        )
        .await?;
        out.insert("userId".into(), Value::String(input.user_id));
        Ok(Value::Object(out))
    })
}

pub(crate) fn remove_bundle_from_user() -> ToolSpec {
    ToolSpec::new::<RemoveBundle>(Decl {
        name: "okta_iga_remove_bundle_from_user",
        title: "Revoke entitlement bundle",
        description: "Via revokePrincipalAccess (BETA). Needs APP_ADMIN.",
        kind: ToolKind::Action { destructive: true, idempotent: false },
        scope: MANAGE,
        route: Route::post(REVOKE_PATH),
    })
    .check_with("okta_iga_list_user_entitlements")
    .admin_role(ROLE)
    .prepare(check_bundle)
    .handler(revoke_bundle)
    .decision("No bundle unassign endpoint. Two steps: GET /.well-known/okta-organization for the org id, then POST /governance/api/v2/revoke-principal-access with the user ORN and orn:okta:governance:{org}:entitlement-bundles:{bundleId}.")
    .build()
}
