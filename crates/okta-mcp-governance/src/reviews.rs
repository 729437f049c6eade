//! A campaign's items (Okta calls them reviews): listing them, and what an admin can do with them.

use futures::future::BoxFuture;
use okta_mcp_core::client::ApiRequest;
use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::tool::{Ctx, ToolError, shape};
use okta_mcp_core::{Method, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::filters;
use crate::steps::{self, arg, given, hint_on, opt_str, path_with, req_str, str_list};

const ROLE: &str = "ACCESS_CERTIFICATIONS_ADMIN";

/// Arguments of okta_iga_list_campaign_items.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListCampaignItems {
    /// Campaign id (ici…); only ACTIVE or COMPLETED have reviews
    campaign_id: String,
    /// Only this reviewer's items (00u…)
    reviewer_id: Option<String>,
    /// UNREVIEWED, APPROVE or REVOKE
    decision: Option<String>,
    after: Option<After>,
    /// Page size (default 25, max 200)
    limit: Option<Limit>,
    /// decided/decision/remediationStatus/created + ` asc`/` desc`
    order_by: Option<String>,
}

fn items_filter(args: &mut Map<String, Value>) -> Result<(), String> {
    let filter = filters::campaign_reviews(
        req_str(args, "campaignId")?,
        opt_str(args, "reviewerId")?,
        opt_str(args, "decision")?,
    )?;
    for name in ["campaignId", "reviewerId", "decision"] {
        args.remove(name);
    }
    args.insert("filter".into(), Value::String(filter));
    Ok(())
}

pub(crate) fn list_campaign_items() -> ToolSpec {
    ToolSpec::new::<ListCampaignItems>("okta_iga_list_campaign_items", ToolKind::Read, Method::GET, "/governance/api/v1/reviews")
        .title("List campaign items")
        .describe("List a campaign's review items: who has what access, reviewer, decision, remediation status. Needs ACCESS_CERTIFICATIONS_ADMIN.")
        .scope("okta.governance.accessCertifications.read")
        .admin_role(ROLE)
        .query(&["filter", "after", "limit", "orderBy"])
        .default_limit(25)
        .prepare(items_filter)
        .list_in("data")
        .decision("Okta has no per-campaign item endpoint: GET /governance/api/v1/reviews filtered on campaignId eq (and reviewerId, decision when given).")
}

/// Arguments of okta_iga_review_campaign_item.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ReviewCampaignItem {
    /// Campaign id (ici…)
    campaign_id: String,
    /// `reassign` (to another reviewer) or `approve_recommended`
    action: String,
    /// reassign: review ids (icr…), 1 to 50, all UNREVIEWED
    review_ids: Option<Vec<String>>,
    /// reassign: the new reviewer's user id (00u…)
    reviewer_id: Option<String>,
    /// reassign: required reason (1-300 chars); else optional note
    note: Option<String>,
    /// Multi-level campaigns: FIRST or SECOND
    reviewer_level: Option<String>,
}

const ACTIONS: &[&str] = &["reassign", "approve_recommended"];

/// Checks that each action gets what it needs (and nothing it would ignore) before anything is sent.
fn check_review_action(args: &mut Map<String, Value>) -> Result<(), String> {
    req_str(args, "campaignId")?;
    let action = req_str(args, "action")?;
    if let Some(note) = opt_str(args, "note")? {
        let n = note.chars().count();
        if note.trim().is_empty() || n > 300 {
            return Err(format!("`note` must be 1 to 300 characters, got {n}"));
        }
    }
    if let Some(level) = opt_str(args, "reviewerLevel")?
        && !["FIRST", "SECOND"].contains(&level)
    {
        return Err(format!(
            "`reviewerLevel` must be FIRST or SECOND, got {level:?}"
        ));
    }
    match action {
        "reassign" => {
            let ids = str_list(args, "reviewIds")?;
            if ids.is_empty() {
                return Err("action reassign needs `reviewIds`: 1 to 50 review ids (icr…), from okta_iga_list_campaign_items".into());
            }
            if ids.len() > 50 {
                return Err(format!(
                    "`reviewIds`: Okta reassigns at most 50 reviews per call, got {}",
                    ids.len()
                ));
            }
            if ids.iter().any(|id| id.trim().is_empty()) {
                return Err("`reviewIds` must not contain empty ids".into());
            }
            req_str(args, "reviewerId").map_err(|_| {
                "action reassign needs `reviewerId`: the new reviewer's Okta user id (00u…)"
                    .to_owned()
            })?;
            if opt_str(args, "note")?.is_none() {
                return Err("action reassign needs `note`: why the items are reassigned (Okta requires it, 1-300 characters)".into());
            }
            Ok(())
        }
        "approve_recommended" => {
            for name in ["reviewIds", "reviewerId"] {
                if given(args, name) {
                    return Err(format!(
                        "`{name}` applies only to action reassign: approve_recommended approves every item Governance Analyzer recommends approving, it cannot pick items"
                    ));
                }
            }
            Ok(())
        }
        other => Err(format!(
            "`action` must be one of {}, got {other:?}",
            ACTIONS.join(", ")
        )),
    }
}

fn review(ctx: Ctx<'_>, args: Map<String, Value>) -> BoxFuture<'_, Result<Value, ToolError>> {
    Box::pin(async move {
        let campaign = arg(&args, "campaignId")?;
        let level = opt_str(&args, "reviewerLevel").map_err(ToolError::Invalid)?;
        let note = opt_str(&args, "note").map_err(ToolError::Invalid)?;
        if arg(&args, "action")? == "reassign" {
            let mut body = json!({
                "reviewerId": arg(&args, "reviewerId")?,
                "reviewIds": args.get("reviewIds").cloned().unwrap_or(Value::Null),
                "note": note,
            });
            if let Some(level) = level {
                body["reviewerLevel"] = Value::String(level.to_owned());
            }
            let path = path_with(
                "/governance/api/v1/campaigns/{campaignId}/reviews/reassign",
                "campaignId",
                campaign,
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
        if let Some(level) = level {
            body["reviewerLevel"] = Value::String(level.to_owned());
        }
        if let Some(note) = note {
            body["notes"] = Value::String(note.to_owned());
        }
        let path = path_with(
            "/governance/api/v1/my/campaigns/{campaignId}/reviews/bulk-decisions",
            "campaignId",
            campaign,
        )?;
        let req = ApiRequest::new(Method::POST, path).with_body(body);
        let resp = ctx.send(&req).await.map_err(|e| {
            let e = hint_on(e, &[403], "approve_recommended is Okta's end-user bulk decision (EA, feature IGA_REVIEW_ML_RECOMMENDATIONS): it acts as the token's own user, who must be a reviewer in the campaign, and needs the scope okta.governance.reviewer.manage; a service-app token is no reviewer. Use action reassign to hand the items to a person instead");
            hint_on(e, &[404], "no such campaign for this token's reviewer: the campaign id may be wrong, or the token's user reviews nothing in it")
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
    ToolSpec::new::<ReviewCampaignItem>("okta_iga_review_campaign_item", ToolKind::Action, Method::POST, "/governance/api/v1/my/campaigns/{campaignId}/reviews/bulk-decisions")
        .title("Act on campaign items")
        .describe("Okta has no admin per-item approve/revoke. reassign: 1-50 UNREVIEWED items. approve_recommended (EA) acts as the token's user: a reviewer, not a service app.")
        .scope("okta.governance.accessCertifications.manage")
        .admin_role(ROLE)
        .prepare(check_review_action)
        .handler(review)
        .list_in("data")
        .hints(&[("E0000174", "these reviews are already assigned to that reviewer")])
        .decision("No published admin endpoint decides a single review. reassign: POST /governance/api/v1/campaigns/{campaignId}/reviews/reassign (GA, okta.governance.accessCertifications.manage, the scope this tool declares so the server asks for no end-user scope); approve_recommended: POST /governance/api/v1/my/campaigns/{campaignId}/reviews/bulk-decisions (EA, okta.governance.reviewer.manage, acts as the token's user).")
}
