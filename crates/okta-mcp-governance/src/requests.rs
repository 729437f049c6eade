//! Access requests (v2): list, create, decide (through their approval tasks), revoke what one granted.

use futures::future::BoxFuture;
use okta_mcp_core::client::ApiRequest;
use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::tool::{Ctx, ToolError};
use okta_mcp_core::{Decl, Method, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::steps::{data_items, json_body, org_id, send_as, step_path};
use crate::{filters, orn, revoke};

const ROLE: &str = "ACCESS_REQUESTS_ADMIN";

/// Arguments of okta_iga_list_access_requests.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListRequests {
    /// e.g. `status eq "PENDING"` or `requestedFor eq "00u…"`
    #[arg(query)]
    filter: Option<String>,
    #[arg(query)]
    after: Option<After>,
    /// Default 25, max 200
    #[arg(query)]
    limit: Option<Limit>,
    /// e.g. `created desc` or `lastUpdated desc`
    #[arg(query)]
    order_by: Option<String>,
}

pub(crate) fn list_access_requests() -> ToolSpec {
    ToolSpec::new::<ListRequests>(Decl {
        name: "okta_iga_list_access_requests",
        title: "List access requests",
        description: "Access requests v2 (req…). Needs ACCESS_REQUESTS_ADMIN.",
        kind: ToolKind::Read,
        scope: "okta.accessRequests.request.read",
        route: Route::get("/governance/api/v2/requests"),
    })
    .admin_role(ROLE)
    .default_limit(25)
    .list_in("data")
    .summary(&[
        "id",
        "status",
        "created",
        "requestedBy",
        "requestedFor",
        "requested.entryId",
        "requested.resourceId",
        "requested.resourceType",
    ])
    .build()
}

/// Arguments of okta_iga_create_access_request.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateRequest {
    /// cen…, from okta_iga_list_catalog_entries
    #[arg(local)]
    entry_id: String,
    /// 00u…
    #[arg(local)]
    user_id: String,
    /// 00u…; ≠ userId needs request-on-behalf-of
    #[arg(local)]
    requested_by: Option<String>,
    /// Required ones: okta_iga_get_catalog_entry_request_fields
    #[arg(local)]
    requester_field_values: Option<Vec<FieldValue>>,
}

// One requester field's answer, as Okta's `request-field-value`; other members (label, type) are
// kept as given. Plain comments: a type's doc would become the description of the list's items.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
struct FieldValue {
    id: String,
    /// For TEXT, SELECT, ISO_DATE, DURATION, OKTA_USER_ID
    #[serde(default, skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    /// For MULTISELECT
    #[serde(default, skip_serializing_if = "Option::is_none")]
    values: Option<Vec<String>>,
    #[serde(flatten)]
    more: Map<String, Value>,
}

fn request_body(input: &CreateRequest) -> Value {
    let mut body = json!({
        "requested": { "type": "CATALOG_ENTRY", "entryId": input.entry_id },
        "requestedFor": { "type": "OKTA_USER", "externalId": input.user_id },
    });
    if let Some(by) = &input.requested_by {
        body["requestedBy"] = json!({ "type": "OKTA_USER", "externalId": by });
    }
    if let Some(fields) = &input.requester_field_values {
        body["requesterFieldValues"] = json!(fields);
    }
    body
}

pub(crate) fn create_access_request() -> ToolSpec {
    ToolSpec::new::<CreateRequest>(Decl {
        name: "okta_iga_create_access_request",
        title: "Create access request",
        description: "Request a catalog entry for a user (v2); returns it SUBMITTED. Missing required fields: 400/409. Needs ACCESS_REQUESTS_ADMIN.",
        kind: ToolKind::Create { destructive: false },
        scope: "okta.accessRequests.request.manage",
        route: Route::post("/governance/api/v2/requests"),
    })
    .body_from(request_body)
    .admin_role(ROLE)
    .build()
}

/// Arguments of okta_iga_approve_access_request and okta_iga_deny_access_request.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RequestId {
    /// req…
    #[arg(local)]
    request_id: String,
}

/// Finds the request's one open approval task, then resolves it with `value`.
async fn decide(ctx: Ctx<'_>, input: RequestId, value: &str) -> Result<Value, ToolError> {
    let request = input.request_id.as_str();
    let req = ApiRequest::new(Method::GET, "/governance/api/v2/tasks")
        .with_query("filter", filters::open_approval_tasks(request)?);
    let resp = send_as(&ctx, &req, "okta.accessRequests.tasks.read", ROLE).await?;
    let body = json_body(resp, "task list")?;
    // Okta filters already; the check guards against a filter it ignored.
    let open: Vec<String> = data_items(&body)
        .iter()
        .filter(|t| {
            t.get("type").and_then(Value::as_str) == Some("APPROVAL")
                && t.get("status").and_then(Value::as_str) == Some("OPEN")
                && t.get("requestId").and_then(Value::as_str) == Some(request)
        })
        .filter_map(|t| t.get("id").and_then(Value::as_str).map(str::to_owned))
        .collect();
    let task = match open.as_slice() {
        [one] => one,
        [] => {
            return Err(ToolError::Refused(format!(
                "no open approval task for request {request}: it may be decided already, or you may not be its approver. Nothing was changed; check the request's status with okta_iga_list_access_requests"
            )));
        }
        several => {
            return Err(ToolError::Refused(format!(
                "request {request} has {} open approval tasks ({}); this tool resolves a request's single open approval task and will not pick one. Nothing was changed",
                several.len(),
                several.join(", ")
            )));
        }
    };
    let path = step_path(
        "/governance/api/v2/tasks/{taskId}/resolve",
        &[("taskId", task)],
    )?;
    let req = ApiRequest::new(Method::POST, path).with_body(json!({ "value": value }));
    ctx.call(&req, Some(task)).await
}

fn approve(ctx: Ctx<'_>, input: RequestId) -> BoxFuture<'_, Result<Value, ToolError>> {
    Box::pin(decide(ctx, input, "APPROVED"))
}

fn deny(ctx: Ctx<'_>, input: RequestId) -> BoxFuture<'_, Result<Value, ToolError>> {
    Box::pin(decide(ctx, input, "DENIED"))
}

const TASK_HINTS: &[(&str, &str)] = &[(
    "E0000002",
    "the task was closed meanwhile or the value was refused; re-read the request with okta_iga_list_access_requests",
)];

pub(crate) fn approve_access_request() -> ToolSpec {
    ToolSpec::new::<RequestId>(Decl {
        name: "okta_iga_approve_access_request",
        title: "Approve access request",
        description: "Resolves its one open APPROVAL task (tasks API, BETA); refuses if none. Needs ACCESS_REQUESTS_ADMIN.",
        kind: ToolKind::Action { destructive: false, idempotent: false },
        scope: "okta.accessRequests.tasks.manage",
        route: Route::post("/governance/api/v2/tasks/{taskId}/resolve"),
    })
    .check_with("okta_iga_list_access_requests")
    .also_needs(&["okta.accessRequests.tasks.read"])
    .admin_role(ROLE)
    .handler(approve)
    .hints(TASK_HINTS)
    .decision("Approvals are tasks. Two steps: GET /governance/api/v2/tasks?filter=requestId eq … AND type eq \"APPROVAL\" AND status eq \"OPEN\", then POST /governance/api/v2/tasks/{taskId}/resolve {\"value\":\"APPROVED\"}.")
    .build()
}

pub(crate) fn deny_access_request() -> ToolSpec {
    ToolSpec::new::<RequestId>(Decl {
        name: "okta_iga_deny_access_request",
        title: "Deny access request",
        description: "Resolves its one open APPROVAL task (tasks API, BETA); refuses if none. Needs ACCESS_REQUESTS_ADMIN.",
        kind: ToolKind::Action { destructive: false, idempotent: false },
        scope: "okta.accessRequests.tasks.manage",
        route: Route::post("/governance/api/v2/tasks/{taskId}/resolve"),
    })
    .check_with("okta_iga_list_access_requests")
    .also_needs(&["okta.accessRequests.tasks.read"])
    .admin_role(ROLE)
    .handler(deny)
    .hints(TASK_HINTS)
    .decision("Same two steps as approve, resolving the task with {\"value\":\"DENIED\"}.")
    .build()
}

fn str_at<'a>(v: &'a Value, pointer: &str) -> Option<&'a str> {
    v.pointer(pointer).and_then(Value::as_str)
}

/// Reads the request, checks it granted access that is still there, maps that access to an ORN
/// revokePrincipalAccess accepts, and revokes it.
fn revoke_request(ctx: Ctx<'_>, input: RequestId) -> BoxFuture<'_, Result<Value, ToolError>> {
    Box::pin(async move {
        let id = input.request_id.as_str();
        let path = step_path(
            "/governance/api/v2/requests/{requestId}",
            &[("requestId", id)],
        )?;
        let req = ApiRequest::new(Method::GET, path);
        let resp = send_as(&ctx, &req, "okta.accessRequests.request.read", ROLE).await?;
        let request = json_body(resp, "access request")?;

        let status = str_at(&request, "/status").unwrap_or("unknown");
        let grant = str_at(&request, "/grantStatus");
        if status != "APPROVED" || grant != Some("GRANTED") {
            let why = match (status, grant) {
                ("SUBMITTED" | "PENDING", _) => {
                    "it still awaits a decision (okta_iga_deny_access_request stops it)"
                }
                ("APPROVED", Some("PENDING")) => {
                    "Okta is still granting it: try again once grantStatus is GRANTED"
                }
                ("APPROVED", Some("FAILED")) => "Okta failed to grant it",
                ("APPROVED", Some("MANUAL_REQUIRED")) => "it awaits manual fulfilment outside Okta",
                _ => "it was not approved",
            };
            return Err(ToolError::Refused(format!(
                "request {id} granted no access to revoke (status {status}, grantStatus {}): {why}. Nothing was revoked",
                grant.unwrap_or("none")
            )));
        }
        if let Some(revocation @ ("REVOKED" | "PENDING")) = str_at(&request, "/revocationStatus") {
            let state = match str_at(&request, "/revoked") {
                Some(when) if revocation == "REVOKED" => format!("was revoked on {when}"),
                _ if revocation == "REVOKED" => "was revoked already".to_owned(),
                _ => "is being revoked already".to_owned(),
            };
            return Err(ToolError::Refused(format!(
                "the access granted by request {id} {state} (revocationStatus {revocation}); nothing further was done"
            )));
        }
        let user = match (
            str_at(&request, "/requestedFor/type"),
            str_at(&request, "/requestedFor/externalId"),
        ) {
            (Some("OKTA_USER"), Some(u)) if orn::okta_id("requestedFor", u).is_ok() => u,
            _ => {
                return Err(ToolError::Refused(format!(
                    "request {id} names no Okta user it was granted to (requestedFor {}); nothing was sent",
                    request
                        .get("requestedFor")
                        .map_or("missing".into(), Value::to_string)
                )));
            }
        };
        let scope_type = str_at(&request, "/requested/accessScopeType").unwrap_or("none");
        let scope_id = str_at(&request, "/requested/accessScopeId").unwrap_or_default();
        let (org, revoke_orn) = match scope_type {
            "ENTITLEMENT_BUNDLE" if orn::okta_id("accessScopeId", scope_id).is_ok() => {
                let org = org_id(&ctx).await?;
                let bundle = orn::entitlement_bundle(&org, scope_id);
                (org, bundle)
            }
            "APPLICATION" if orn::okta_id("accessScopeId", scope_id).is_ok() => {
                // An app ORN holds the app's type name, which the request does not give; the user's
                // grants in that app carry the app's full ORN (and the org id in it).
                let filter = filters::app_user_grants(scope_id, user)?;
                let req = ApiRequest::new(Method::GET, "/governance/api/v1/grants")
                    .with_query("filter", filter)
                    .with_query("limit", "1");
                let resp =
                    send_as(&ctx, &req, "okta.governance.entitlements.read", "APP_ADMIN").await?;
                let grants = json_body(resp, "grant list")?;
                let app_orn = data_items(&grants).iter().find_map(|g| {
                    str_at(g, "/targetResourceOrn")
                        .filter(|o| orn::is_app(o))
                        .map(str::to_owned)
                });
                let Some(app_orn) = app_orn else {
                    return Err(ToolError::Refused(format!(
                        "request {id} granted app {scope_id} to user {user}, but Okta lists no active grant of that app for the user, so its ORN is unknown (the access may already be gone). Nothing was revoked; okta_remove_user_from_app (apps server) removes an app assignment"
                    )));
                };
                let org = app_orn.split(':').nth(3).unwrap_or_default().to_owned();
                (org, app_orn)
            }
            "GROUP" => {
                return Err(ToolError::Refused(format!(
                    "request {id} granted membership in group {scope_id}; Okta's revoke API takes entitlement values, bundles and apps, not groups, so nothing was revoked: remove user {user} from group {scope_id} instead (DELETE /api/v1/groups/{scope_id}/users/{user})"
                )));
            }
            other => {
                return Err(ToolError::Refused(format!(
                    "request {id} granted access of type {other} ({scope_id}), which Okta's revoke API cannot name (it takes entitlement values, bundles and apps). Nothing was revoked"
                )));
            }
        };
        let mut out = revoke::revoke(&ctx, orn::user(&org, user), vec![revoke_orn]).await?;
        out.insert("requestId".into(), Value::String(id.to_owned()));
        out.insert("userId".into(), Value::String(user.to_owned()));
        out.insert(
            "accessScopeType".into(),
            Value::String(scope_type.to_owned()),
        );
        Ok(Value::Object(out))
    })
}

pub(crate) fn revoke_access_request() -> ToolSpec {
    ToolSpec::new::<RequestId>(Decl {
        name: "okta_iga_revoke_access_request",
        title: "Revoke access from request",
        description: "Revokes what it granted (Okta has no cancel) via revokePrincipalAccess, BETA; refuses if ungranted or a group. Needs APP_ADMIN, ACCESS_REQUESTS_ADMIN.",
        kind: ToolKind::Action { destructive: true, idempotent: false },
        scope: "okta.governance.entitlements.manage",
        route: Route::post(revoke::REVOKE_PATH),
    })
    .check_with("okta_iga_list_access_requests")
    .also_needs(&["okta.accessRequests.request.read", "okta.governance.entitlements.read"])
    .admin_role("APP_ADMIN")
    .handler(revoke_request)
    .decision("No cancel/revoke endpoint for requests. Steps: GET /governance/api/v2/requests/{requestId} (must be APPROVED and GRANTED); the ORN of requested.accessScope (bundle: org id from /.well-known/okta-organization; app: targetResourceOrn of the user's grant, GET /governance/api/v1/grants); then POST /governance/api/v2/revoke-principal-access.")
    .build()
}
