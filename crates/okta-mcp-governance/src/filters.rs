//! Filter expressions built from caller values (and from values Okta returned).
//!
//! Every value is quoted with `scim_literal`, so it can only ever be one string literal: an id like
//! `00u1" OR targetPrincipal.type eq "` cannot widen a query. The joins use `AND`, as Okta's
//! governance examples do.

use okta_mcp_core::params::scim_literal;
use okta_mcp_core::tool::ToolError;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A review's `decision`, as Okta filters on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum ReviewDecision {
    Unreviewed,
    Approve,
    Revoke,
}

impl ReviewDecision {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unreviewed => "UNREVIEWED",
            Self::Approve => "APPROVE",
            Self::Revoke => "REVOKE",
        }
    }
}

/// A campaign's reviews (its items), optionally one reviewer's, optionally with one decision.
pub fn campaign_reviews(
    campaign_id: &str,
    reviewer_id: Option<&str>,
    decision: Option<ReviewDecision>,
) -> Result<String, ToolError> {
    let mut filter = format!("campaignId eq {}", scim_literal("campaignId", campaign_id)?);
    if let Some(reviewer) = reviewer_id {
        filter.push_str(&format!(
            " AND reviewerId eq {}",
            scim_literal("reviewerId", reviewer)?
        ));
    }
    if let Some(decision) = decision {
        filter.push_str(&format!(
            " AND decision eq {}",
            scim_literal("decision", decision.as_str())?
        ));
    }
    Ok(filter)
}

/// A user's effective entitlements in one app (`GET /governance/api/v1/principal-entitlements`).
pub fn principal_entitlements(app_id: &str, user_id: &str) -> Result<String, ToolError> {
    Ok(format!(
        "parent.externalId eq {} AND parent.type eq \"APPLICATION\" AND targetPrincipal.externalId eq {} AND targetPrincipal.type eq \"OKTA_USER\"",
        scim_literal("appId", app_id)?,
        scim_literal("userId", user_id)?
    ))
}

/// A user's grants across resources (`GET /governance/api/v1/grants`).
pub fn user_grants(user_id: &str) -> Result<String, ToolError> {
    Ok(format!(
        "targetPrincipal.externalId eq {} AND targetPrincipal.type eq \"OKTA_USER\"",
        scim_literal("userId", user_id)?
    ))
}

/// A user's grants in one app (`GET /governance/api/v1/grants`).
pub fn app_user_grants(app_id: &str, user_id: &str) -> Result<String, ToolError> {
    Ok(format!(
        "target.externalId eq {} AND target.type eq \"APPLICATION\" AND targetPrincipal.externalId eq {} AND targetPrincipal.type eq \"OKTA_USER\"",
        scim_literal("appId", app_id)?,
        scim_literal("userId", user_id)?
    ))
}

/// The open approval tasks of one access request (`GET /governance/api/v2/tasks`).
pub fn open_approval_tasks(request_id: &str) -> Result<String, ToolError> {
    Ok(format!(
        "requestId eq {} AND type eq \"APPROVAL\" AND status eq \"OPEN\"",
        scim_literal("requestId", request_id)?
    ))
}

/// The parent filter the catalog lists require: top-level entries, or one entry's children.
pub fn catalog_parent(parent_id: Option<&str>) -> Result<String, ToolError> {
    Ok(match parent_id {
        None => "not(parent pr)".to_owned(),
        Some(parent) => format!("parent eq {}", scim_literal("parentId", parent)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_match_okta_examples() {
        assert_eq!(
            principal_entitlements("0oafxqCAJWWGELFTYASJ", "00ub0oNGTSWTBKOLGLNR").unwrap(),
            r#"parent.externalId eq "0oafxqCAJWWGELFTYASJ" AND parent.type eq "APPLICATION" AND targetPrincipal.externalId eq "00ub0oNGTSWTBKOLGLNR" AND targetPrincipal.type eq "OKTA_USER""#
        );
        assert_eq!(
            campaign_reviews("icitdyhndQ6qstyvR8g5", None, None).unwrap(),
            r#"campaignId eq "icitdyhndQ6qstyvR8g5""#
        );
    }

    #[test]
    fn decisions_are_spelled_as_serde_spells_them() {
        for d in [
            ReviewDecision::Unreviewed,
            ReviewDecision::Approve,
            ReviewDecision::Revoke,
        ] {
            assert_eq!(serde_json::to_value(d).unwrap(), d.as_str());
        }
    }

    #[test]
    fn empty_ids_are_refused() {
        assert!(campaign_reviews(" ", None, None).is_err());
        assert!(open_approval_tasks("req1\n").is_err());
    }
}
