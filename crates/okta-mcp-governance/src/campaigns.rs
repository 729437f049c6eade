//! Access certification campaigns: list, read, create, launch, end.

use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::{Body, Method, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value};

const READ: &str = "okta.governance.accessCertifications.read";
const MANAGE: &str = "okta.governance.accessCertifications.manage";
const ROLE: &str = "ACCESS_CERTIFICATIONS_ADMIN";

/// Arguments of okta_iga_list_campaigns.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListCampaigns {
    /// e.g. `status eq "ACTIVE"`; also name, startDate, endDate…
    filter: Option<String>,
    after: Option<After>,
    /// Page size (default 25, max 200)
    limit: Option<Limit>,
    /// name, created, startDate, endDate or status + ` asc`/` desc`
    order_by: Option<String>,
}

pub(crate) fn list_campaigns() -> ToolSpec {
    ToolSpec::new::<ListCampaigns>("okta_iga_list_campaigns", ToolKind::Read, Method::GET, "/governance/api/v1/campaigns")
        .title("List campaigns")
        .describe("List access certification campaigns (id, name, status, schedule). Needs ACCESS_CERTIFICATIONS_ADMIN.")
        .scope(READ)
        .admin_role(ROLE)
        .query(&["filter", "after", "limit", "orderBy"])
        .default_limit(25)
        .list_in("data")
}

/// Arguments of the tools that take one campaign id.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CampaignId {
    /// Campaign id (ici…)
    campaign_id: String,
}

pub(crate) fn get_campaign() -> ToolSpec {
    ToolSpec::new::<CampaignId>(
        "okta_iga_get_campaign",
        ToolKind::Read,
        Method::GET,
        "/governance/api/v1/campaigns/{campaignId}",
    )
    .title("Get campaign")
    .describe(
        "Get one campaign in full, all its settings included. Needs ACCESS_CERTIFICATIONS_ADMIN.",
    )
    .scope(READ)
    .admin_role(ROLE)
}

/// Arguments of okta_iga_create_campaign.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateCampaign {
    /// 1-255 characters; make it distinctive (lists filter on it)
    name: String,
    /// At most 1000 characters
    description: Option<String>,
    /// RESOURCE (default; who has access) or USER (what users have)
    campaign_type: Option<String>,
    /// type ONE_OFF/RECURRING, startDate, durationInDays, timeZone
    schedule_settings: Map<String, Value>,
    /// targetTypes, targetResources [{resourceType, resourceId}]
    resource_settings: Map<String, Value>,
    /// e.g. `{"type":"USERS"}`; or userScopeExpression, groupIds
    principal_scope_settings: Option<Map<String, Value>>,
    /// type USER (+reviewerId 00u…), GROUP, RESOURCE_OWNER, REVIEWER_EXPRESSION or MULTI_LEVEL
    reviewer_settings: Map<String, Value>,
    /// e.g. `{"notifyReviewerWhenReviewAssigned": true}`
    notification_settings: Option<Map<String, Value>>,
    /// e.g. accessRevoked DENY, accessApproved/noResponse NO_ACTION
    remediation_settings: Map<String, Value>,
    /// `BASIC` or `PREMIUM`: minimum SKU to manage it
    campaign_tier: Option<String>,
    /// e.g. `{"createReportingPackageEnabled": true}`
    reporting_settings: Option<Map<String, Value>>,
}

pub(crate) fn create_campaign() -> ToolSpec {
    ToolSpec::new::<CreateCampaign>("okta_iga_create_campaign", ToolKind::Create, Method::POST, "/governance/api/v1/campaigns")
        .title("Create campaign")
        .describe("Create a certification campaign; it starts SCHEDULED and runs at scheduleSettings.startDate (or launch it now). Needs ACCESS_CERTIFICATIONS_ADMIN.")
        .scope(MANAGE)
        .admin_role(ROLE)
        .body(Body::Fields)
}

pub(crate) fn launch_campaign() -> ToolSpec {
    ToolSpec::new::<CampaignId>("okta_iga_launch_campaign", ToolKind::Action, Method::POST, "/governance/api/v1/campaigns/{campaignId}/launch")
        .title("Launch campaign")
        .describe("Launch a SCHEDULED campaign now: 202, then it becomes ACTIVE. Other statuses: 409 E0000195. Needs ACCESS_CERTIFICATIONS_ADMIN.")
        .scope(MANAGE)
        .admin_role(ROLE)
        .hints(&[("409", "Okta launches only campaigns in status SCHEDULED; check the status with okta_iga_get_campaign")])
}

/// Arguments of okta_iga_close_campaign.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CloseCampaign {
    /// Campaign id (ici…)
    campaign_id: String,
    /// true: skip noResponse=DENY remediation (unreviewed kept)
    skip_remediation: Option<bool>,
}

pub(crate) fn close_campaign() -> ToolSpec {
    ToolSpec::new::<CloseCampaign>("okta_iga_close_campaign", ToolKind::Action, Method::POST, "/governance/api/v1/campaigns/{campaignId}/end")
        .title("End campaign")
        .describe("End an ACTIVE campaign early: reviews close, it becomes COMPLETED, remediation runs (can revoke unreviewed access). Needs ACCESS_CERTIFICATIONS_ADMIN.")
        .scope(MANAGE)
        .admin_role(ROLE)
        .destructive()
        .body(Body::Fields)
        .hints(&[("409", "Okta ends only ACTIVE campaigns; a SCHEDULED one must be launched first (check the status with okta_iga_get_campaign)")])
}
