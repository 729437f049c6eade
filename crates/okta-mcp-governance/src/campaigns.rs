//! Access certification campaigns: list, read, create, launch, end.

use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::campaign_settings::{
    CampaignTier, CampaignType, PrincipalScope, Remediation, Reviewers, Schedule,
};

const READ: &str = "okta.governance.accessCertifications.read";
const MANAGE: &str = "okta.governance.accessCertifications.manage";
const ROLE: &str = "ACCESS_CERTIFICATIONS_ADMIN";

/// Arguments of okta_iga_list_campaigns.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListCampaigns {
    /// e.g. `status eq "ACTIVE"`; also name, startDate, endDate…
    #[arg(query)]
    filter: Option<String>,
    #[arg(query)]
    after: Option<After>,
    /// Default 25, max 200
    #[arg(query)]
    limit: Option<Limit>,
    /// name, created, startDate, endDate or status + ` asc`/` desc`
    #[arg(query)]
    order_by: Option<String>,
}

pub(crate) fn list_campaigns() -> ToolSpec {
    ToolSpec::new::<ListCampaigns>(Decl {
        name: "okta_iga_list_campaigns",
        title: "List campaigns",
        description: "Access certification campaigns (ici…). Needs ACCESS_CERTIFICATIONS_ADMIN.",
        kind: ToolKind::Read,
        scope: READ,
        route: Route::get("/governance/api/v1/campaigns"),
    })
    .admin_role(ROLE)
    .default_limit(25)
    .list_in("data")
    .summary(&[
        "id",
        "name",
        "status",
        "scheduleType",
        "reviewerType",
        "startDate",
        "endDate",
    ])
    .build()
}

/// Arguments of the tools that take one campaign id.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CampaignId {
    /// ici…
    #[arg(path)]
    campaign_id: String,
}

pub(crate) fn get_campaign() -> ToolSpec {
    ToolSpec::new::<CampaignId>(Decl {
        name: "okta_iga_get_campaign",
        title: "Get campaign",
        description: "With all its settings. Needs ACCESS_CERTIFICATIONS_ADMIN.",
        kind: ToolKind::Read,
        scope: READ,
        route: Route::get("/governance/api/v1/campaigns/{campaignId}"),
    })
    .admin_role(ROLE)
    .build()
}

/// Arguments of okta_iga_create_campaign.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateCampaign {
    /// 1-255 chars
    #[arg(body)]
    name: String,
    /// Max 1000 chars
    #[arg(body)]
    description: Option<String>,
    /// RESOURCE (default): who has access; USER: what users have
    #[arg(body)]
    campaign_type: Option<CampaignType>,
    /// When it runs; RECURRING also takes `recurrence`
    #[arg(body)]
    schedule_settings: Schedule,
    /// targetTypes, targetResources [{resourceType, resourceId}]
    #[arg(body)]
    resource_settings: Map<String, Value>,
    /// Whose access is reviewed; also userScopeExpression, groupIds
    #[arg(body)]
    principal_scope_settings: Option<PrincipalScope>,
    /// Who reviews: USER takes reviewerId (00u…)
    #[arg(body)]
    reviewer_settings: Reviewers,
    /// e.g. `{"notifyReviewerWhenReviewAssigned": true}`
    #[arg(body)]
    notification_settings: Option<Map<String, Value>>,
    /// What happens to decided and undecided access
    #[arg(body)]
    remediation_settings: Remediation,
    /// Minimum SKU to manage it
    #[arg(body)]
    campaign_tier: Option<CampaignTier>,
    /// e.g. `{"createReportingPackageEnabled": true}`
    #[arg(body)]
    reporting_settings: Option<Map<String, Value>>,
}

pub(crate) fn create_campaign() -> ToolSpec {
    ToolSpec::new::<CreateCampaign>(Decl {
        name: "okta_iga_create_campaign",
        title: "Create campaign",
        description: "Starts SCHEDULED, runs at scheduleSettings.startDate (or launch it now). Needs ACCESS_CERTIFICATIONS_ADMIN.",
        kind: ToolKind::Create { destructive: false },
        scope: MANAGE,
        route: Route::post("/governance/api/v1/campaigns"),
    })
    .admin_role(ROLE)
    .build()
}

pub(crate) fn launch_campaign() -> ToolSpec {
    ToolSpec::new::<CampaignId>(Decl {
        name: "okta_iga_launch_campaign",
        title: "Launch campaign",
        description: "Only a SCHEDULED one (else 409 E0000195); it becomes ACTIVE. Needs ACCESS_CERTIFICATIONS_ADMIN.",
        kind: ToolKind::Action { destructive: false, idempotent: false },
        scope: MANAGE,
        route: Route::post("/governance/api/v1/campaigns/{campaignId}/launch"),
    })
    .admin_role(ROLE)
    .hints(&[("409", "Okta launches only campaigns in status SCHEDULED; check the status with okta_iga_get_campaign")])
    .build()
}

/// Arguments of okta_iga_close_campaign.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CloseCampaign {
    /// ici…
    #[arg(path)]
    campaign_id: String,
    /// true: unreviewed access is kept (no noResponse=DENY)
    #[arg(body)]
    skip_remediation: Option<bool>,
}

pub(crate) fn close_campaign() -> ToolSpec {
    ToolSpec::new::<CloseCampaign>(Decl {
        name: "okta_iga_close_campaign",
        title: "End campaign",
        description: "Ends an ACTIVE campaign early: it becomes COMPLETED, remediation runs (may revoke unreviewed access). Needs ACCESS_CERTIFICATIONS_ADMIN.",
        kind: ToolKind::Action { destructive: true, idempotent: false },
        scope: MANAGE,
        route: Route::post("/governance/api/v1/campaigns/{campaignId}/end"),
    })
    .admin_role(ROLE)
    .hints(&[("409", "Okta ends only ACTIVE campaigns; a SCHEDULED one must be launched first (check the status with okta_iga_get_campaign)")])
    .build()
}
