//! Access certification campaigns: list, read, create, launch, end.

use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::{Body, Method, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::steps::list_page;

const READ: &str = "okta.governance.accessCertifications.read";
const MANAGE: &str = "okta.governance.accessCertifications.manage";
const ROLE: &str = "ACCESS_CERTIFICATIONS_ADMIN";

/// Arguments of okta_iga_list_campaigns.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListCampaigns {
    /// Okta filter on name, status, scheduleType, reviewerType, startDate, endDate or recurringCampaignId, e.g. `status eq "ACTIVE"`.
    filter: Option<String>,
    after: Option<After>,
    /// Page size (default 25, Okta's maximum 200).
    limit: Option<Limit>,
    /// Sort: name, created, startDate, endDate or status, then ` asc` or ` desc`, e.g. `created desc` (default `created asc`).
    order_by: Option<String>,
}

pub(crate) fn list_campaigns() -> ToolSpec {
    ToolSpec::new::<ListCampaigns>("okta_iga_list_campaigns", ToolKind::Read, Method::GET, "/governance/api/v1/campaigns")
        .title("List campaigns")
        .describe("List access certification campaigns (summaries: id, name, status, schedule), 25 per page by default; pass nextCursor as `after` for more. Needs the ACCESS_CERTIFICATIONS_ADMIN role.")
        .scope(READ)
        .admin_role(ROLE)
        .query(&["filter", "after", "limit", "orderBy"])
        .default_limit(25)
        .handler(list_page)
}

/// Arguments of the tools that take one campaign id.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CampaignId {
    /// Campaign id (ici…).
    campaign_id: String,
}

pub(crate) fn get_campaign() -> ToolSpec {
    ToolSpec::new::<CampaignId>("okta_iga_get_campaign", ToolKind::Read, Method::GET, "/governance/api/v1/campaigns/{campaignId}")
        .title("Get campaign")
        .describe("Get one campaign in full: status, schedule, resource, principal, reviewer, notification and remediation settings. Needs the ACCESS_CERTIFICATIONS_ADMIN role.")
        .scope(READ)
        .admin_role(ROLE)
}

/// Arguments of okta_iga_create_campaign.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateCampaign {
    /// Campaign name (1-255 characters); keep it distinctive, it is what lists filter on.
    name: String,
    /// Description (at most 1000 characters).
    description: Option<String>,
    /// `RESOURCE` (default: review who has access to resources) or `USER` (review what users have).
    campaign_type: Option<String>,
    /// When it runs, e.g. `{"type": "ONE_OFF", "startDate": "2026-12-01T09:00:00Z", "durationInDays": 14, "timeZone": "America/New_York"}`; `RECURRING` adds `recurrence`.
    schedule_settings: Map<String, Value>,
    /// What is reviewed, e.g. `{"targetTypes": ["APPLICATION"], "targetResources": [{"resourceType": "APPLICATION", "resourceId": "0oa…"}], "includeEntitlements": true}`.
    resource_settings: Map<String, Value>,
    /// Whose access is reviewed, e.g. `{"type": "USERS"}` or with `userScopeExpression`, `groupIds`, `excludedUserIds`.
    principal_scope_settings: Option<Map<String, Value>>,
    /// Who reviews, e.g. `{"type": "USER", "reviewerId": "00u…", "selfReviewDisabled": true}`; also GROUP, RESOURCE_OWNER, REVIEWER_EXPRESSION, MULTI_LEVEL.
    reviewer_settings: Map<String, Value>,
    /// Reviewer email notifications, e.g. `{"notifyReviewerWhenReviewAssigned": true}`.
    notification_settings: Option<Map<String, Value>>,
    /// What happens after decisions: `{"accessApproved": "NO_ACTION", "accessRevoked": "DENY", "noResponse": "NO_ACTION"}`.
    remediation_settings: Map<String, Value>,
    /// `BASIC` or `PREMIUM`: the minimum SKU needed to manage the campaign.
    campaign_tier: Option<String>,
    /// Reporting after completion, e.g. `{"createReportingPackageEnabled": true}`.
    reporting_settings: Option<Map<String, Value>>,
}

pub(crate) fn create_campaign() -> ToolSpec {
    ToolSpec::new::<CreateCampaign>("okta_iga_create_campaign", ToolKind::Create, Method::POST, "/governance/api/v1/campaigns")
        .title("Create campaign")
        .describe("Create an access certification campaign; it starts SCHEDULED and runs at scheduleSettings.startDate (or launch it now). Okta answers 400 E0000001 naming the invalid setting. Needs the ACCESS_CERTIFICATIONS_ADMIN role.")
        .scope(MANAGE)
        .admin_role(ROLE)
        .body(Body::Fields)
}

pub(crate) fn launch_campaign() -> ToolSpec {
    ToolSpec::new::<CampaignId>("okta_iga_launch_campaign", ToolKind::Action, Method::POST, "/governance/api/v1/campaigns/{campaignId}/launch")
        .title("Launch campaign")
        .describe("Launch a SCHEDULED campaign now, whatever its start date: it becomes ACTIVE and reviews go to reviewers (Okta answers 202; the status changes shortly after). Any other status answers 409 E0000195. Needs the ACCESS_CERTIFICATIONS_ADMIN role.")
        .scope(MANAGE)
        .admin_role(ROLE)
        .hints(&[("409", "Okta launches only campaigns in status SCHEDULED; check the status with okta_iga_get_campaign")])
}

/// Arguments of okta_iga_close_campaign.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CloseCampaign {
    /// Campaign id (ici…).
    campaign_id: String,
    /// true: skip remediation where remediationSettings.noResponse is DENY (unreviewed access is then kept).
    skip_remediation: Option<bool>,
}

pub(crate) fn close_campaign() -> ToolSpec {
    ToolSpec::new::<CloseCampaign>("okta_iga_close_campaign", ToolKind::Action, Method::POST, "/governance/api/v1/campaigns/{campaignId}/end")
        .title("End campaign")
        .describe("End an ACTIVE campaign before its end date (Okta's endCampaign): open reviews close, the campaign becomes COMPLETED, and remediation runs as configured (it can revoke unreviewed access). Other statuses answer 409 E0000170. Needs ACCESS_CERTIFICATIONS_ADMIN.")
        .scope(MANAGE)
        .admin_role(ROLE)
        .destructive()
        .body(Body::Fields)
        .hints(&[("409", "Okta ends only ACTIVE campaigns; a SCHEDULED one must be launched first (check the status with okta_iga_get_campaign)")])
}
