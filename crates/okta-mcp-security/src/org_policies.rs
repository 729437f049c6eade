//! Org policies (global session, password, authenticator enrollment, app sign-in, user profile…):
//! list by type, read, create, replace, delete, activate, deactivate, and the apps mapped to them.
//! Not the access policies of a custom authorization server (okta-mcp-policy): every name says `org_policy`.

use futures::future::BoxFuture;
use okta_mcp_core::client::{ApiRequest, Payload};
use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::summary;
use okta_mcp_core::tool::{Ctx, ToolError, shape};
use okta_mcp_core::{Decl, Method, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_org_policies(),
        get_org_policy(),
        create_org_policy(),
        update_org_policy(),
        delete_org_policy(),
        activate_org_policy(),
        deactivate_org_policy(),
        list_org_policy_mappings(),
    ]
}

// Okta's `LifecycleStatus` (and `NetworkZoneStatus`, the same two values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum Status {
    Active,
    Inactive,
}

// Okta's `PolicyType`, every value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum PolicyType {
    AccessPolicy,
    EntityRisk,
    IdpDiscovery,
    MfaEnroll,
    OktaSignOn,
    Password,
    PostAuthSession,
    ProfileEnrollment,
    DeviceSignalCollection,
    SessionViolationDetection,
    ClientUpdate,
    IdentityClaimSourcing,
}

// The policy types createPolicy and replacePolicy take (their request body's oneOf); the others
// are Okta's own, one per org, read-only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum WritablePolicyType {
    AccessPolicy,
    MfaEnroll,
    OktaSignOn,
    Password,
    ProfileEnrollment,
    DeviceSignalCollection,
}

impl WritablePolicyType {
    /// Okta's schema for these types has `conditions: null`: their conditions live on the rules.
    fn takes_conditions(self) -> bool {
        matches!(self, Self::MfaEnroll | Self::OktaSignOn | Self::Password)
    }

    fn takes_settings(self) -> bool {
        matches!(self, Self::MfaEnroll | Self::Password)
    }
}

/// The rules across fields that the schema cannot say: which types take conditions and settings.
fn check_body(
    kind: WritablePolicyType,
    conditions: Option<&Map<String, Value>>,
    settings: Option<&Map<String, Value>>,
) -> Result<(), ToolError> {
    if conditions.is_some() && !kind.takes_conditions() {
        return Err(ToolError::Invalid(
            "conditions: ACCESS_POLICY, PROFILE_ENROLLMENT and DEVICE_SIGNAL_COLLECTION policies take none; put conditions on the policy's rules (okta_create_org_policy_rule)".into(),
        ));
    }
    if settings.is_some() && !kind.takes_settings() {
        return Err(ToolError::Invalid(
            "settings: only PASSWORD and MFA_ENROLL policies take settings; leave it out".into(),
        ));
    }
    Ok(())
}

// The one sort Okta offers.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
enum SortBy {
    #[serde(rename = "name")]
    Name,
}

/// Arguments of okta_list_org_policies.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListOrgPolicies {
    /// OKTA_SIGN_ON global session, MFA_ENROLL authenticator enrollment, ACCESS_POLICY app sign-in, PROFILE_ENROLLMENT user profile…
    #[serde(rename = "type")]
    #[arg(query)]
    policy_type: PolicyType,
    #[arg(query)]
    status: Option<Status>,
    /// Name prefix
    #[arg(query)]
    q: Option<String>,
    /// `rules` embeds its rules
    #[arg(query)]
    expand: Option<String>,
    /// Ascending
    #[arg(query)]
    sort_by: Option<SortBy>,
    /// A resource's policies, e.g. aus…
    #[arg(query)]
    resource_id: Option<String>,
    #[arg(query)]
    after: Option<After>,
    /// Default 20
    #[arg(query)]
    limit: Option<Limit>,
}

fn list_org_policies() -> ToolSpec {
    ToolSpec::new::<ListOrgPolicies>(Decl {
        name: "okta_list_org_policies",
        title: "List org policies",
        description: "Org policies of one type, with status and priority. Authorization server policies: okta_list_auth_server_policies.",
        kind: ToolKind::Read,
        scope: "okta.policies.read",
        route: Route::get("/api/v1/policies"),
    })
    .default_limit(20)
    .summary(summary::POLICY)
    .build()
}

/// Arguments of okta_get_org_policy.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GetOrgPolicy {
    /// 00p… or rst…
    #[arg(path)]
    policy_id: String,
    /// `rules` embeds its rules
    #[arg(query)]
    expand: Option<String>,
}

fn get_org_policy() -> ToolSpec {
    ToolSpec::new::<GetOrgPolicy>(Decl {
        name: "okta_get_org_policy",
        title: "Get org policy",
        description: "With conditions (who it applies to) and settings (e.g. password complexity).",
        kind: ToolKind::Read,
        scope: "okta.policies.read",
        route: Route::get("/api/v1/policies/{policyId}"),
    })
    .build()
}

/// Arguments of okta_create_org_policy.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateOrgPolicy {
    #[arg(body)]
    name: String,
    #[serde(rename = "type")]
    #[arg(body)]
    policy_type: WritablePolicyType,
    #[arg(body)]
    description: Option<String>,
    /// 1 is first (default: last)
    #[arg(body)]
    priority: Option<u32>,
    #[arg(body)]
    status: Option<Status>,
    /// PASSWORD, MFA_ENROLL, OKTA_SIGN_ON only; e.g. `{"people":{"groups":{"include":["00g…"]}}}`
    #[arg(body)]
    conditions: Option<Map<String, Value>>,
    /// PASSWORD, MFA_ENROLL only; shape as okta_get_org_policy shows
    #[arg(body)]
    settings: Option<Map<String, Value>>,
    /// Classic only (default true)
    #[arg(query)]
    activate: Option<bool>,
}

fn check_create(input: &mut CreateOrgPolicy) -> Result<(), ToolError> {
    check_body(
        input.policy_type,
        input.conditions.as_ref(),
        input.settings.as_ref(),
    )
}

fn create_org_policy() -> ToolSpec {
    ToolSpec::new::<CreateOrgPolicy>(Decl {
        name: "okta_create_org_policy",
        title: "Create org policy",
        description: "It applies to no one until it has rules (and, for ACCESS_POLICY, an app using it).",
        kind: ToolKind::Create { destructive: false },
        scope: "okta.policies.manage",
        route: Route::post("/api/v1/policies"),
    })
    .prepare(check_create)
    .build()
}

/// Arguments of okta_update_org_policy: the policy's writable fields, as okta_get_org_policy returns them.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateOrgPolicy {
    /// 00p… or rst…
    #[arg(path)]
    policy_id: String,
    #[arg(body)]
    name: String,
    /// Cannot change
    #[serde(rename = "type")]
    #[arg(body)]
    policy_type: WritablePolicyType,
    /// Cleared if left out
    #[arg(body)]
    description: Option<String>,
    /// 1 is first
    #[arg(body)]
    priority: Option<u32>,
    #[arg(body)]
    status: Option<Status>,
    /// PASSWORD, MFA_ENROLL, OKTA_SIGN_ON only; whole object
    #[arg(body)]
    conditions: Option<Map<String, Value>>,
    /// PASSWORD, MFA_ENROLL only; whole object
    #[arg(body)]
    settings: Option<Map<String, Value>>,
}

fn check_update(input: &mut UpdateOrgPolicy) -> Result<(), ToolError> {
    check_body(
        input.policy_type,
        input.conditions.as_ref(),
        input.settings.as_ref(),
    )
}

fn update_org_policy() -> ToolSpec {
    ToolSpec::new::<UpdateOrgPolicy>(Decl {
        name: "okta_update_org_policy",
        title: "Update org policy",
        description: "Full PUT: send every field as okta_get_org_policy shows it, changed; omitted fields are reset.",
        // A full replacement: a partial object silently resets the conditions or settings it leaves out.
        kind: ToolKind::Update { destructive: true },
        scope: "okta.policies.manage",
        route: Route::put("/api/v1/policies/{policyId}"),
    })
    .prepare(check_update)
    .hints(&[("E0000001", "send the whole policy: fetch it with okta_get_org_policy, change what you need and send all of it back (name and type are required)")])
    .build()
}

/// Arguments naming an org policy.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct PolicyRef {
    /// 00p… or rst…
    #[arg(path)]
    policy_id: String,
}

fn delete_org_policy() -> ToolSpec {
    ToolSpec::new::<PolicyRef>(Decl {
        name: "okta_delete_org_policy",
        title: "Delete org policy",
        description: "With its rules; what it covered falls to the next policy. System (default) policies can't be deleted.",
        kind: ToolKind::Delete,
        scope: "okta.policies.manage",
        route: Route::delete("/api/v1/policies/{policyId}"),
    })
    .build()
}

fn activate_org_policy() -> ToolSpec {
    ToolSpec::new::<PolicyRef>(Decl {
        name: "okta_activate_org_policy",
        title: "Activate org policy",
        description: "Its rules apply again.",
        kind: ToolKind::Action {
            destructive: false,
            idempotent: true,
        },
        scope: "okta.policies.manage",
        route: Route::post("/api/v1/policies/{policyId}/lifecycle/activate"),
    })
    .build()
}

fn deactivate_org_policy() -> ToolSpec {
    ToolSpec::new::<PolicyRef>(Decl {
        name: "okta_deactivate_org_policy",
        title: "Deactivate org policy",
        description: "Its rules stop applying; sign-ins fall to the next policy of its type.",
        kind: ToolKind::Action {
            destructive: true,
            idempotent: true,
        },
        scope: "okta.policies.manage",
        route: Route::post("/api/v1/policies/{policyId}/lifecycle/deactivate"),
    })
    .build()
}

/// Adds `appId` (or `<kind>Id`) to a mapping from its `_links`, which shaping then drops: a
/// mapping's own id says nothing about what is mapped.
fn name_mapped_resource(mapping: &mut Value) {
    let Some(links) = mapping.get("_links").and_then(Value::as_object) else {
        return;
    };
    let found: Vec<(String, String)> = links
        .iter()
        .filter(|(kind, _)| !matches!(kind.as_str(), "self" | "policy"))
        .filter_map(|(kind, link)| {
            let href = link.get("href")?.as_str()?;
            let id = href.trim_end_matches('/').rsplit('/').next()?;
            let key = if kind == "application" {
                "appId".to_owned()
            } else {
                format!("{kind}Id")
            };
            Some((key, id.to_owned()))
        })
        .collect();
    if let Some(obj) = mapping.as_object_mut() {
        for (key, id) in found {
            obj.insert(key, Value::String(id));
        }
    }
}

/// Arguments of okta_list_org_policy_mappings.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct MappingsOf {
    /// rst…
    #[arg(local)]
    policy_id: String,
}

/// One request, shaped here: the mapped app's id is only in `_links`, which shaping drops.
fn policy_mappings(ctx: Ctx<'_>, input: MappingsOf) -> BoxFuture<'_, Result<Value, ToolError>> {
    Box::pin(async move {
        let path = ctx
            .spec
            .route
            .template()
            .map_err(|e| ToolError::Invalid(format!("this tool is declared wrongly: {e}")))?
            .fill(&[("policyId", input.policy_id.as_str())])?;
        let mut resp = ctx.send(&ApiRequest::new(Method::GET, path)).await?;
        if let Payload::Json(Value::Array(items)) = &mut resp.payload {
            items.iter_mut().for_each(name_mapped_resource);
        }
        Ok(shape(ctx.spec, resp, None))
    })
}

fn list_org_policy_mappings() -> ToolSpec {
    ToolSpec::new::<MappingsOf>(Decl {
        name: "okta_list_org_policy_mappings",
        title: "List org policy mappings",
        description: "Apps an ACCESS_POLICY policy is mapped to: mapping id and appId.",
        kind: ToolKind::Read,
        scope: "okta.policies.read",
        route: Route::get("/api/v1/policies/{policyId}/mappings"),
    })
    .handler(policy_mappings)
    .summary(&["id", "appId"])
    .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_mapping_names_its_app() {
        let mut m = json!({"id": "rsp1", "_links": {
            "application": {"href": "https://example.okta.com/api/v1/apps/0oa1"},
            "policy": {"href": "https://example.okta.com/api/v1/policies/rst1"},
            "self": {"href": "https://example.okta.com/api/v1/policies/rst1/mappings/rsp1"}}});
        name_mapped_resource(&mut m);
        assert_eq!(m["appId"], "0oa1");
        assert!(m.get("policyId").is_none() && m.get("selfId").is_none());
        let mut bare = json!({"id": "rsp2"});
        name_mapped_resource(&mut bare);
        assert_eq!(bare, json!({"id": "rsp2"}));
    }
}
