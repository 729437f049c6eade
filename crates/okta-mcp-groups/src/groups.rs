//! Groups: find, read, create, replace and delete.

use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::summary;
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_groups(),
        get_group(),
        create_group(),
        update_group(),
        delete_group(),
    ]
}

// listGroups `expand`: the spec's description names exactly these two.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
enum GroupExpand {
    Stats,
    App,
}

// `querySortOrder`: the spec's description names exactly these two.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
enum SortOrder {
    Asc,
    Desc,
}

/// Arguments of okta_list_groups.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListGroups {
    /// Any property, e.g. `profile.name sw "Sales"`, `type eq "OKTA_GROUP"`
    #[arg(query)]
    search: Option<String>,
    /// id, type, lastUpdated, lastMembershipUpdated only
    #[arg(query)]
    filter: Option<String>,
    /// Name prefix; not paged
    #[arg(query)]
    q: Option<String>,
    #[arg(query)]
    after: Option<After>,
    /// Default 25 (≤200 advised)
    #[arg(query)]
    limit: Option<Limit>,
    /// `stats`: member and app counts; `app`: the source app
    #[arg(query)]
    expand: Option<GroupExpand>,
    /// With `search` only, e.g. `profile.name`
    #[arg(query)]
    sort_by: Option<String>,
    /// With `sortBy` (default asc)
    #[arg(query)]
    sort_order: Option<SortOrder>,
}

fn list_groups() -> ToolSpec {
    ToolSpec::new::<ListGroups>(Decl {
        name: "okta_list_groups",
        title: "List groups",
        description: "List or find groups; prefer `search` (pageable).",
        kind: ToolKind::Read,
        scope: "okta.groups.read",
        route: Route::get("/api/v1/groups"),
    })
    .default_limit(25)
    .summary(summary::GROUP)
    .build()
}

/// Arguments naming a group.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GroupRef {
    /// 00g…
    #[arg(path)]
    group_id: String,
}

fn get_group() -> ToolSpec {
    ToolSpec::new::<GroupRef>(Decl {
        name: "okta_get_group",
        title: "Get group",
        description: "Type (OKTA_GROUP, APP_GROUP, BUILT_IN), profile with custom attributes.",
        kind: ToolKind::Read,
        scope: "okta.groups.read",
        route: Route::get("/api/v1/groups/{groupId}"),
    })
    .build()
}

/// An OKTA_GROUP's profile: its name, and any other attribute of the group schema.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
struct GroupProfile {
    /// Unique in the org
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    /// Custom group-schema attributes, sent as they are.
    #[serde(flatten)]
    custom: Map<String, Value>,
}

/// Arguments of okta_create_group.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateGroup {
    /// Also custom attributes
    #[arg(body)]
    profile: GroupProfile,
}

const NAME_TAKEN: &[(&str, &str)] = &[(
    "E0000001",
    "a group with this name may exist already: find it with okta_list_groups search=profile.name eq \"…\"",
)];

fn create_group() -> ToolSpec {
    ToolSpec::new::<CreateGroup>(Decl {
        name: "okta_create_group",
        title: "Create group",
        description: "Creates an OKTA_GROUP. 400 E0000001 if the name is taken.",
        kind: ToolKind::Create { destructive: false },
        scope: "okta.groups.manage",
        route: Route::post("/api/v1/groups"),
    })
    .hints(NAME_TAKEN)
    .build()
}

/// Arguments of okta_update_group.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateGroup {
    /// 00g…
    #[arg(path)]
    group_id: String,
    /// Whole profile: attributes left out are cleared
    #[arg(body)]
    profile: GroupProfile,
}

fn update_group() -> ToolSpec {
    ToolSpec::new::<UpdateGroup>(Decl {
        name: "okta_update_group",
        title: "Update group",
        description: "Full PUT of an OKTA_GROUP's profile; APP_GROUP profiles come from their app.",
        // A full replacement: a profile without its description silently clears it.
        kind: ToolKind::Update { destructive: true },
        scope: "okta.groups.manage",
        route: Route::put("/api/v1/groups/{groupId}"),
    })
    .hints(NAME_TAKEN)
    .build()
}

fn delete_group() -> ToolSpec {
    ToolSpec::new::<GroupRef>(Decl {
        name: "okta_delete_group",
        title: "Delete group",
        description: "Irreversible: members lose the apps and roles it gave. An APP_GROUP used by a group push mapping cannot be deleted.",
        kind: ToolKind::Delete,
        scope: "okta.groups.manage",
        route: Route::delete("/api/v1/groups/{groupId}"),
    })
    .build()
}
