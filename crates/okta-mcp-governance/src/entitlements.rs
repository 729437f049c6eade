//! Entitlements: an app's entitlements, one entitlement, and what a user holds.

use futures::future::BoxFuture;
use okta_mcp_core::client::ApiRequest;
use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::tool::{Ctx, ToolError, shape};
use okta_mcp_core::{Decl, Method, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

use crate::filters;
use crate::steps::non_empty;

const READ: &str = "okta.governance.entitlements.read";
const ROLE: &str = "APP_ADMIN";

/// Arguments of okta_iga_list_entitlements.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListEntitlements {
    /// `parent.externalId eq "0oa…" AND parent.type eq "APPLICATION"`
    #[arg(query)]
    filter: String,
    #[arg(query)]
    after: Option<After>,
    /// Default 25, max 200
    #[arg(query)]
    limit: Option<Limit>,
    /// e.g. `name asc` (default) or `created desc`
    #[arg(query)]
    order_by: Option<String>,
}

pub(crate) fn list_entitlements() -> ToolSpec {
    ToolSpec::new::<ListEntitlements>(Decl {
        name: "okta_iga_list_entitlements",
        title: "List entitlements",
        description: "An app's entitlements (esp…, e.g. Role, License); `filter` must name the app. Values: okta_iga_get_entitlement. Needs APP_ADMIN.",
        kind: ToolKind::Read,
        scope: READ,
        route: Route::get("/governance/api/v1/entitlements"),
    })
    .admin_role(ROLE)
    .default_limit(25)
    .list_in("data")
    .summary(&["id", "name", "externalValue", "dataType", "multiValue", "parent"])
    .build()
}

/// Arguments of okta_iga_get_entitlement.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GetEntitlement {
    /// esp…
    #[arg(path)]
    entitlement_id: String,
}

pub(crate) fn get_entitlement() -> ToolSpec {
    ToolSpec::new::<GetEntitlement>(Decl {
        name: "okta_iga_get_entitlement",
        title: "Get entitlement",
        description: "With its values (ent…, for grants and revocations). Needs APP_ADMIN.",
        kind: ToolKind::Read,
        scope: READ,
        route: Route::get("/governance/api/v1/entitlements/{entitlementId}"),
    })
    .admin_role(ROLE)
    .build()
}

/// Arguments of okta_iga_list_user_entitlements.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListUserEntitlements {
    /// 00u…
    #[arg(local)]
    user_id: String,
    /// 0oa…
    #[arg(local)]
    app_id: Option<String>,
    /// Without appId only
    #[arg(local)]
    after: Option<After>,
    /// Without appId only; default 25, max 200
    #[arg(local)]
    limit: Option<Limit>,
}

/// Paging applies to the grants list only; the filters are built by the handler, per endpoint.
fn check_user_entitlements(input: &mut ListUserEntitlements) -> Result<(), ToolError> {
    non_empty("userId", &input.user_id)?;
    if input.app_id.is_some() {
        for (name, given) in [
            ("after", input.after.is_some()),
            ("limit", input.limit.is_some()),
        ] {
            if given {
                return Err(ToolError::Invalid(format!(
                    "`{name}` applies only without appId: Okta returns a user's entitlements in one app in a single answer"
                )));
            }
        }
    }
    Ok(())
}

fn user_entitlements(
    ctx: Ctx<'_>,
    input: ListUserEntitlements,
) -> BoxFuture<'_, Result<Value, ToolError>> {
    Box::pin(async move {
        if let Some(app) = &input.app_id {
            let filter = filters::principal_entitlements(app, &input.user_id)?;
            let req = ApiRequest::new(Method::GET, "/governance/api/v1/principal-entitlements")
                .with_query("filter", filter);
            return Ok(shape(ctx.spec, ctx.send(&req).await?, None));
        }
        let filter = filters::user_grants(&input.user_id)?;
        let limit = input.limit.map_or(25, |l| l.0);
        let mut req = ApiRequest::new(Method::GET, "/governance/api/v1/grants")
            .with_query("filter", filter)
            .with_query("limit", limit.to_string());
        if let Some(after) = &input.after {
            req = req.with_query("after", after.0.as_str());
        }
        let resp = ctx.send(&req).await.map_err(|e| {
            e.with_hint_on(&[400], "Okta's grants list may insist on a resource in the filter: pass appId to list the user's entitlements in one app")
        })?;
        Ok(shape(ctx.spec, resp, None))
    })
}

pub(crate) fn list_user_entitlements() -> ToolSpec {
    ToolSpec::new::<ListUserEntitlements>(Decl {
        name: "okta_iga_list_user_entitlements",
        title: "List user entitlements",
        description: "With appId: effective entitlements in that app; without: active grants across apps (BETA). Needs APP_ADMIN.",
        kind: ToolKind::Read,
        scope: READ,
        route: Route::get("/governance/api/v1/principal-entitlements"),
    })
    .admin_role(ROLE)
    .prepare(check_user_entitlements)
    .handler(user_entitlements)
    .list_in("data")
    .decision("principal-entitlements is per app and needs the app in its filter. With appId: GET /governance/api/v1/principal-entitlements filtered on parent and targetPrincipal; without: GET /governance/api/v1/grants (BETA) filtered on targetPrincipal.")
    .summary(&["id", "name", "grantType", "status", "target", "parent", "entitlements", "values.id", "values.name"])
    .build()
}
