//! Group rules: expressions that put matching users into groups, and their lifecycle.

use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_group_rules(),
        get_group_rule(),
        create_group_rule(),
        update_group_rule(),
        delete_group_rule(),
        activate_group_rule(),
        deactivate_group_rule(),
    ]
}

// `queryExpandGroupIdToGroupNameMap`.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
enum RuleExpand {
    #[serde(rename = "groupIdToGroupNameMap")]
    GroupIdToGroupNameMap,
}

/// Arguments of okta_list_group_rules.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListGroupRules {
    /// Keyword
    #[arg(query)]
    search: Option<String>,
    #[arg(query)]
    after: Option<After>,
    /// Default 25, max 200
    #[arg(query)]
    limit: Option<Limit>,
    /// Adds the target groups' names
    #[arg(query)]
    expand: Option<RuleExpand>,
}

fn list_group_rules() -> ToolSpec {
    ToolSpec::new::<ListGroupRules>(Decl {
        name: "okta_list_group_rules",
        title: "List group rules",
        description: "Rules (0pr…): expression, target groupIds.",
        kind: ToolKind::Read,
        scope: "okta.groups.read",
        route: Route::get("/api/v1/groups/rules"),
    })
    .default_limit(25)
    .summary(&[
        "id",
        "name",
        "status",
        "conditions.expression.value",
        "actions.assignUserToGroups.groupIds",
    ])
    .build()
}

/// Arguments of okta_get_group_rule.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GetGroupRule {
    /// 0pr…
    #[arg(path)]
    group_rule_id: String,
    /// Adds the target groups' names
    #[arg(query)]
    expand: Option<RuleExpand>,
}

fn get_group_rule() -> ToolSpec {
    ToolSpec::new::<GetGroupRule>(Decl {
        name: "okta_get_group_rule",
        title: "Get group rule",
        description: "Status, conditions (expression, excluded users), actions (target groupIds).",
        kind: ToolKind::Read,
        scope: "okta.groups.read",
        route: Route::get("/api/v1/groups/rules/{groupRuleId}"),
    })
    .build()
}

// The one group rule type (`CreateGroupRuleRequest.type`), with its default in the schema.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, JsonSchema)]
enum RuleType {
    #[default]
    #[serde(rename = "group_rule")]
    GroupRule,
}

// The one expression language of `GroupRuleExpression.type`, with its default in the schema.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, JsonSchema)]
enum ExpressionType {
    #[default]
    #[serde(rename = "urn:okta:expression:1.0")]
    V1,
}

// Who a rule applies to.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RuleConditions {
    expression: RuleExpression,
    /// Users never added
    #[serde(skip_serializing_if = "Option::is_none")]
    people: Option<RulePeople>,
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RuleExpression {
    /// Okta EL, true for users to add, e.g. `user.department=="Sales"`
    #[schemars(length(min = 1))]
    value: String,
    #[serde(rename = "type", default)]
    expression_type: ExpressionType,
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
struct RulePeople {
    #[serde(skip_serializing_if = "Option::is_none")]
    users: Option<Exclusions>,
    /// Other people conditions Okta returns (`groups`), sent back as they are.
    #[serde(flatten)]
    other: Map<String, Value>,
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Exclusions {
    /// 00u…
    exclude: Vec<String>,
}

// What a rule does to the users it matches.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RuleActions {
    assign_user_to_groups: GroupAssignment,
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GroupAssignment {
    /// OKTA_GROUP ids (00g…)
    #[schemars(length(min = 1))]
    group_ids: Vec<String>,
}

/// Arguments of okta_create_group_rule.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateGroupRule {
    #[schemars(length(min = 1, max = 50))]
    #[arg(body)]
    name: String,
    #[serde(rename = "type", default)]
    #[arg(body)]
    rule_type: RuleType,
    #[arg(body)]
    conditions: RuleConditions,
    #[arg(body)]
    actions: RuleActions,
}

const EXPRESSION: &[(&str, &str)] = &[(
    "E0000001",
    "check the expression (Okta EL, e.g. user.department==\"Sales\"), that every groupId is an OKTA_GROUP, and that the name has 1 to 50 characters",
)];

fn create_group_rule() -> ToolSpec {
    ToolSpec::new::<CreateGroupRule>(Decl {
        name: "okta_create_group_rule",
        title: "Create group rule",
        description: "Adds users matching an Okta EL expression to groups. Created INACTIVE: okta_activate_group_rule starts it.",
        kind: ToolKind::Create { destructive: false },
        scope: "okta.groups.manage",
        route: Route::post("/api/v1/groups/rules"),
    })
    .hints(EXPRESSION)
    .build()
}

/// Arguments of okta_update_group_rule.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateGroupRule {
    /// 0pr…
    #[arg(path)]
    group_rule_id: String,
    #[schemars(length(min = 1, max = 50))]
    #[arg(body)]
    name: String,
    #[serde(rename = "type", default)]
    #[arg(body)]
    rule_type: RuleType,
    #[arg(body)]
    conditions: RuleConditions,
    /// Unchanged (Okta refuses changes)
    #[arg(body)]
    actions: RuleActions,
}

fn update_group_rule() -> ToolSpec {
    ToolSpec::new::<UpdateGroupRule>(Decl {
        name: "okta_update_group_rule",
        title: "Update group rule",
        description: "Full PUT of an INACTIVE rule (deactivate first); actions cannot change.",
        // A full replacement: conditions left out (excluded users) are cleared.
        kind: ToolKind::Update { destructive: true },
        scope: "okta.groups.manage",
        route: Route::put("/api/v1/groups/rules/{groupRuleId}"),
    })
    .hints(EXPRESSION)
    .build()
}

/// Arguments of okta_delete_group_rule.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct DeleteGroupRule {
    /// 0pr…
    #[arg(path)]
    group_rule_id: String,
    /// Also remove the users it added (default false)
    #[arg(query)]
    remove_users: Option<bool>,
}

fn delete_group_rule() -> ToolSpec {
    ToolSpec::new::<DeleteGroupRule>(Decl {
        name: "okta_delete_group_rule",
        title: "Delete group rule",
        description: "INACTIVE rules only (deactivate first). Irreversible.",
        kind: ToolKind::Delete,
        scope: "okta.groups.manage",
        route: Route::delete("/api/v1/groups/rules/{groupRuleId}"),
    })
    .build()
}

/// Arguments naming a group rule.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GroupRuleRef {
    /// 0pr…
    #[arg(path)]
    group_rule_id: String,
}

fn activate_group_rule() -> ToolSpec {
    ToolSpec::new::<GroupRuleRef>(Decl {
        name: "okta_activate_group_rule",
        title: "Activate group rule",
        description: "Starts adding matching users, existing ones included (can take a while).",
        kind: ToolKind::Action {
            destructive: false,
            idempotent: true,
        },
        scope: "okta.groups.manage",
        route: Route::post("/api/v1/groups/rules/{groupRuleId}/lifecycle/activate"),
    })
    .build()
}

fn deactivate_group_rule() -> ToolSpec {
    ToolSpec::new::<GroupRuleRef>(Decl {
        name: "okta_deactivate_group_rule",
        title: "Deactivate group rule",
        description: "Stops adding users; needed before update or delete.",
        kind: ToolKind::Action {
            destructive: true,
            idempotent: true,
        },
        scope: "okta.groups.manage",
        route: Route::post("/api/v1/groups/rules/{groupRuleId}/lifecycle/deactivate"),
    })
    .build()
}
