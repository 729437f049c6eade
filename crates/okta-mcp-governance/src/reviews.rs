//! A campaign's items (Okta calls them reviews): listing them, and what an admin can do with them.

use futures::future::BoxFuture;
use okta_mcp_core::client::ApiRequest;
use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::tool::{Ctx, ToolError, shape};
use okta_mcp_core::{Decl, Method, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::filters::{self, ReviewDecision};
use crate::steps::{self, non_empty, step_path};

const ROLE: &str = "ACCESS_CERTIFICATIONS_ADMIN";

/// Arguments of okta_iga_list_campaign_items.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListCampaignItems {
    /// ici…; only ACTIVE or COMPLETED have reviews
    #[arg(local)]
    campaign_id: String,
    /// 00u…: only this reviewer's items
    #[arg(local)]
    reviewer_id: Option<String>,
    /// Only this decision
    #[arg(local)]
    decision: Option<ReviewDecision>,
    /// The reviews filter, built by the prepare step from the three above.
    #[serde(skip)]
    #[arg(query)]
    filter: Option<String>,
    #[arg(query)]
    after: Option<After>,
    /// Default 25, max 200
    #[arg(query)]
    limit: Option<Limit>,
    /// decided/decision/remediationStatus/created + ` asc`/` desc`
    #[arg(query)]
    order_by: Option<String>,
}

fn items_filter(input: &mut ListCampaignItems) -> Result<(), ToolError> {
    input.filter = Some(filters::campaign_reviews(
        &input.campaign_id,
        input.reviewer_id.as_deref(),
        input.decision,
    )?);
    Ok(())
}

pub(crate) fn list_campaign_items() -> ToolSpec {
    ToolSpec::new::<ListCampaignItems>(Decl {
        name: "okta_iga_list_campaign_items",
        title: "List campaign items",
        description: "Review items (icr…). Needs ACCESS_CERTIFICATIONS_ADMIN.",
        kind: ToolKind::Read,
        scope: "okta.governance.accessCertifications.read",
        route: Route::get("/governance/api/v1/reviews"),
    })
    .admin_role(ROLE)
    .default_limit(25)
    .prepare(items_filter)
    .list_in("data")
    .decision("Okta has no per-campaign item endpoint: GET /governance/api/v1/reviews filtered on campaignId eq (and reviewerId, decision when given).")
    .summary(&["id", "campaignId", "decision", "remediationStatus", "reviewerType", "principalProfile.id", "principalProfile.email", "reviewerProfile.id", "reviewerProfile.email", "resourceId", "entitlementValue.id", "entitlementValue.name"])
    .build()
}

/// Arguments of okta_iga_review_campaign_item.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ReviewCampaignItem {
    /// ici…
    #[arg(local)]
    campaign_id: String,
    /// approve_recommended: what Governance Analyzer recommends
    #[arg(local)]
    action: ReviewAction,
    /// icr…, 1-50, all UNREVIEWED (reassign)
    #[arg(local)]
    review_ids: Option<Vec<String>>,
    /// 00u…, the new reviewer (reassign)
    #[arg(local)]
    reviewer_id: Option<String>,
    /// 1-300 chars; required by reassign
    #[arg(local)]
    note: Option<String>,
    /// Multi-level campaigns only
    #[arg(local)]
    reviewer_level: Option<ReviewerLevel>,
}

// What okta_iga_review_campaign_item can do: the two item actions an admin has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
enum ReviewAction {
    Reassign,
    ApproveRecommended,
}

// `reviewerLevel` of a multi-level campaign.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
enum ReviewerLevel {
    First,
    Second,
}

/// Checks that each action gets what it needs (and nothing it would ignore) before anything is sent.
fn check_review_action(input: &mut ReviewCampaignItem) -> Result<(), ToolError> {
    non_empty("campaignId", &input.campaign_id)?;
    if let Some(note) = &input.note {
        let n = note.chars().count();
        if note.trim().is_empty() || n > 300 {
            return Err(ToolError::Invalid(format!(
                "`note` must be 1 to 300 characters, got {n}"
            )));
        }
    }
    match input.action {
        ReviewAction::Reassign => {
            let ids = input.review_ids.as_deref().unwrap_or_default();
            if ids.is_empty() {
                return Err(ToolError::Invalid("action reassign needs `reviewIds`: 1 to 50 review ids (icr…), from okta_iga_list_campaign_items".into()));
            }
            if ids.len() > 50 {
                return Err(ToolError::Invalid(format!(
                    "`reviewIds`: Okta reassigns at most 50 reviews per call, got {}",
                    ids.len()
                )));
            }
            if ids.iter().any(|id| id.trim().is_empty()) {
                return Err(ToolError::Invalid(
                    "`reviewIds` must not contain empty ids".into(),
                ));
            }
            if input
                .reviewer_id
                .as_deref()
                .is_none_or(|r| r.trim().is_empty())
            {
                return Err(ToolError::Invalid(
                    "action reassign needs `reviewerId`: the new reviewer's Okta user id (00u…)"
                        .into(),
                ));
            }
            if input.note.is_none() {
                return Err(ToolError::Invalid("action reassign needs `note`: why the items are reassigned (Okta requires it, 1-300 characters)".into()));
            }
            Ok(())
        }
        ReviewAction::ApproveRecommended => {
            for (name, given) in [
                ("reviewIds", input.review_ids.is_some()),
                ("reviewerId", input.reviewer_id.is_some()),
            ] {
                if given {
                    return Err(ToolError::Invalid(format!(
                        "`{name}` applies only to action reassign: approve_recommended approves every item Governance Analyzer recommends approving, it cannot pick items"
                    )));
                }
            }
            Ok(())
        }
    }
}

fn review(ctx: Ctx<'_>, input: ReviewCampaignItem) -> BoxFuture<'_, Result<Value, ToolError>> {
    Box::pin(async move {
        let campaign = input.campaign_id.as_str();
        if input.action == ReviewAction::Reassign {
            let mut body = json!({
                "reviewerId": input.reviewer_id,
                "reviewIds": input.review_ids,
                "note": input.note,
            });
            if let Some(level) = input.reviewer_level {
                body["reviewerLevel"] = json!(level);
            }
            let path = step_path(
                "/governance/api/v1/campaigns/{campaignId}/reviews/reassign",
                &[("campaignId", campaign)],
            )?;
            let req = ApiRequest::new(Method::POST, path).with_body(body);
            let resp = ctx.send(&req).await?;
            let shaped = shape(ctx.spec, resp, None);
            let mut out = json!({ "action": "reassign" });
            if let Value::Object(fields) = shaped {
                for (k, v) in fields {
                    let key = if k == "items" {
                        "reassigned".to_owned()
                    } else {
                        k
                    };
                    out[key] = v;
                }
            }
            return Ok(out);
        }
        let mut body = json!({
            "criteria": {
                "type": "GOVERNANCE_ANALYZER",
                "govAnalyzerCriteria": { "recommendedActionDecision": "APPROVE" }
            },
            "reviewDecision": "APPROVE",
        });
        if let Some(level) = input.reviewer_level {
            body["reviewerLevel"] = json!(level);
        }
        if let Some(note) = &input.note {
            body["notes"] = Value::String(note.clone());
        }
        let path = step_path(
            "/governance/api/v1/my/campaigns/{campaignId}/reviews/bulk-decisions",
            &[("campaignId", campaign)],
        )?;
        let req = ApiRequest::new(Method::POST, path).with_body(body);
        let resp = ctx.send(&req).await.map_err(|e| {
            e.with_hint_on(&[403], "approve_recommended is Okta's end-user bulk decision (EA, feature IGA_REVIEW_ML_RECOMMENDATIONS): it acts as the token's own user, who must be a reviewer in the campaign, and needs the scope okta.governance.reviewer.manage; a service-app token is no reviewer. Use action reassign to hand the items to a person instead")
                .with_hint_on(&[404], "no such campaign for this token's reviewer: the campaign id may be wrong, or the token's user reviews nothing in it")
        })?;
        let shaped = steps::json_body(resp, "bulk decision").map(|mut v| {
            okta_mcp_core::tool::drop_links(&mut v);
            v
        })?;
        let mut out = json!({ "action": "approve_recommended" });
        if let Value::Object(fields) = shaped {
            for (k, v) in fields {
                out[k] = v;
            }
        }
        Ok(out)
    })
}

pub(crate) fn review_campaign_item() -> ToolSpec {
    ToolSpec::new::<ReviewCampaignItem>(Decl {
        name: "okta_iga_review_campaign_item",
        title: "Review campaign item",
        description: "Okta has no admin per-item approve/revoke. approve_recommended (EA) acts as the token's user: a reviewer, not a service app.",
        kind: ToolKind::Action { destructive: false, idempotent: false },
        scope: "okta.governance.accessCertifications.manage",
        route: Route::post("/governance/api/v1/my/campaigns/{campaignId}/reviews/bulk-decisions"),
    })
    .check_with("okta_iga_list_campaign_items")
    .admin_role(ROLE)
    .prepare(check_review_action)
    .handler(review)
    .list_in("data")
    .hints(&[("E0000174", "these reviews are already assigned to that reviewer")])
    .decision("No published admin endpoint decides a single review. reassign: POST /governance/api/v1/campaigns/{campaignId}/reviews/reassign (GA, okta.governance.accessCertifications.manage, the scope this tool declares so the server asks for no end-user scope); approve_recommended: POST /governance/api/v1/my/campaigns/{campaignId}/reviews/bulk-decisions (EA, okta.governance.reviewer.manage, acts as the token's user).")
    .build()
}
