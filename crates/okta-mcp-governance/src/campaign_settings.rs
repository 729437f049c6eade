//! A new campaign's settings, typed down to the keys and closed sets Okta's `campaign-mutable`
//! schema requires, so a model sees them and a missing one is refused (naming its path) before
//! anything is sent. Members Okta takes beyond those are kept as given (`more`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

// `campaignType`.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub(crate) enum CampaignType {
    Resource,
    User,
}

// `campaignTier`.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub(crate) enum CampaignTier {
    Basic,
    Premium,
}

// `scheduleSettings`.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Schedule {
    #[serde(rename = "type")]
    kind: ScheduleType,
    /// ISO 8601, e.g. `2026-12-01T09:00:00.000Z`
    start_date: String,
    #[schemars(range(min = 1))]
    duration_in_days: u32,
    /// IANA zone, e.g. `America/New_York`
    time_zone: String,
    /// `recurrence` for RECURRING, kept as given.
    #[serde(flatten)]
    more: Map<String, Value>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum ScheduleType {
    OneOff,
    Recurring,
}

// `principalScopeSettings`.
#[derive(Deserialize, Serialize, JsonSchema)]
pub(crate) struct PrincipalScope {
    #[serde(rename = "type")]
    kind: PrincipalScopeType,
    /// `userScopeExpression`, `groupIds`… kept as given.
    #[serde(flatten)]
    more: Map<String, Value>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
enum PrincipalScopeType {
    Users,
}

// `reviewerSettings`.
#[derive(Deserialize, Serialize, JsonSchema)]
pub(crate) struct Reviewers {
    #[serde(rename = "type")]
    kind: ReviewerType,
    /// `reviewerId`, `selfReviewDisabled`… kept as given.
    #[serde(flatten)]
    more: Map<String, Value>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum ReviewerType {
    User,
    ReviewerExpression,
    Group,
    ResourceOwner,
    MultiLevel,
}

// `remediationSettings`: what happens to access once it is decided, or left undecided.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Remediation {
    access_approved: Approved,
    access_revoked: Remedy,
    no_response: Remedy,
    /// `autoRemediationSettings`, kept as given.
    #[serde(flatten)]
    more: Map<String, Value>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum Approved {
    NoAction,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum Remedy {
    NoAction,
    Deny,
}
