//! Summaries shared by list tools of more than one toolset: the same Okta object listed from
//! different places is summarized the same way. A list tool's own kinds are declared with it.

/// A user: who, in what state, when last seen.
pub const USER: &[&str] = &[
    "id",
    "status",
    "lastLogin",
    "profile.login",
    "profile.email",
    "profile.firstName",
    "profile.lastName",
];

/// A group.
pub const GROUP: &[&str] = &["id", "type", "profile.name", "profile.description"];

/// An app instance.
pub const APP: &[&str] = &["id", "name", "label", "status", "signOnMode"];

/// A System Log event: what happened, to whom, by whom, from where.
pub const LOG_EVENT: &[&str] = &[
    "published",
    "eventType",
    "severity",
    "displayMessage",
    "outcome",
    "actor.alternateId",
    "actor.displayName",
    "client.ipAddress",
    "client.geographicalContext.city",
    "client.geographicalContext.country",
    "target.type",
    "target.alternateId",
    "target.displayName",
];

/// An admin role assignment (a user's or a group's).
pub const ROLE_ASSIGNMENT: &[&str] = &[
    "id",
    "type",
    "label",
    "status",
    "assignmentType",
    "role",
    "resource-set",
];

/// A policy or a policy rule (org policies, authorization server policies).
pub const POLICY: &[&str] = &["id", "name", "type", "status", "priority", "system"];
