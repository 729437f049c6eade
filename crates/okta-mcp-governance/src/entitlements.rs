//! Entitlements: an app's entitlements, one entitlement, and what a user holds.

use futures::future::BoxFuture;
use okta_mcp_core::client::ApiRequest;
use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::tool::{Ctx, ToolError, shape};
use okta_mcp_core::{Method, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::filters;
use crate::steps::{arg, given, hint_on, opt_str, req_str};

const READ: &str = "okta.governance.entitlements.read";
const ROLE: &str = "APP_ADMIN";

/// Arguments of okta_iga_list_entitlements.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListEntitlements {
    /// `parent.externalId eq "0oa…" AND parent.type eq "APPLICATION"`
    filter: String,
    after: Option<After>,
    /// Page size (default 25, max 200)
    limit: Option<Limit>,
    /// e.g. `name asc` (default) or `created desc`
    order_by: Option<String>,
}

pub(crate) fn list_entitlements() -> ToolSpec {
    ToolSpec::new::<ListEntitlements>("okta_iga_list_entitlements", ToolKind::Read, Method::GET, "/governance/api/v1/entitlements")
        .title("List entitlements")
        .describe("List an app's entitlements (e.g. Role, License); `filter` must name the app. Values: okta_iga_get_entitlement. Needs APP_ADMIN.")
        .scope(READ)
        .admin_role(ROLE)
        .query(&["filter", "after", "limit", "orderBy"])
        .default_limit(25)
        .list_in("data")
}

/// Arguments of okta_iga_get_entitlement.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GetEntitlement {
    /// Entitlement id (esp…)
    entitlement_id: String,
}

pub(crate) fn get_entitlement() -> ToolSpec {
    ToolSpec::new::<GetEntitlement>("okta_iga_get_entitlement", ToolKind::Read, Method::GET, "/governance/api/v1/entitlements/{entitlementId}")
        .title("Get entitlement")
        .describe("Get an entitlement with its values (ids ent…, used by grants and revocations). Needs APP_ADMIN.")
        .scope(READ)
        .admin_role(ROLE)
}

/// Arguments of okta_iga_list_user_entitlements.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListUserEntitlements {
    /// User id (00u…)
    user_id: String,
    /// App id (0oa…); omit for grants across apps (BETA)
    app_id: Option<String>,
    /// Without appId only: nextCursor of the previous page
    after: Option<After>,
    /// Without appId only: page size (default 25, max 200)
    limit: Option<Limit>,
}

/// Builds the filter for whichever endpoint the call goes to; `appId` stays as the route marker.
fn user_entitlements_filter(args: &mut Map<String, Value>) -> Result<(), String> {
    let user = req_str(args, "userId")?;
    let filter = match opt_str(args, "appId")? {
        Some(app) => {
            for name in ["after", "limit"] {
                if given(args, name) {
                    return Err(format!(
                        "`{name}` applies only without appId: Okta returns a user's entitlements in one app in a single answer"
                    ));
                }
            }
            filters::principal_entitlements(app, user)?
        }
        None => filters::user_grants(user)?,
    };
    args.remove("userId");
    args.insert("filter".into(), Value::String(filter));
    Ok(())
}

fn user_entitlements(
    ctx: Ctx<'_>,
    args: Map<String, Value>,
) -> BoxFuture<'_, Result<Value, ToolError>> {
    Box::pin(async move {
        let filter = arg(&args, "filter")?;
        if given(&args, "appId") {
            let req = ApiRequest::new(Method::GET, "/governance/api/v1/principal-entitlements")
                .with_query("filter", filter);
            return Ok(shape(ctx.spec, ctx.send(&req).await?, None));
        }
        let limit = match args.get("limit") {
            Some(Value::Number(n)) => n.to_string(),
            _ => "25".to_owned(),
        };
        let mut req = ApiRequest::new(Method::GET, "/governance/api/v1/grants")
            .with_query("filter", filter)
            .with_query("limit", limit);
        if let Some(after) = args.get("after").and_then(Value::as_str) {
            req = req.with_query("after", after);
        }
        let resp = ctx.send(&req).await.map_err(|e| {
            hint_on(e, &[400], "Okta's grants list may insist on a resource in the filter: pass appId to list the user's entitlements in one app")
        })?;
        Ok(shape(ctx.spec, resp, None))
    })
}

pub(crate) fn list_user_entitlements() -> ToolSpec {
    ToolSpec::new::<ListUserEntitlements>("okta_iga_list_user_entitlements", ToolKind::Read, Method::GET, "/governance/api/v1/principal-entitlements")
        .title("List user entitlements")
        .describe("With appId: the user's effective entitlements in that app. Without: their active grants across apps (BETA). Needs APP_ADMIN.")
        .scope(READ)
        .admin_role(ROLE)
        .query(&["filter"])
        .prepare(user_entitlements_filter)
        .handler(user_entitlements)
        .list_in("data")
        .decision("principal-entitlements is per app and needs the app in its filter. With appId: GET /governance/api/v1/principal-entitlements filtered on parent and targetPrincipal; without: GET /governance/api/v1/grants (BETA) filtered on targetPrincipal.")
}
