//! The groups server's scenarios: the run's own groups, with the run's own users as members and
//! owners, and the run's own rules into them. A rule's expression matches no one, so activating
//! it adds nobody; nothing here touches a group, rule or membership the run did not create.

use super::{ACTIVE_USER, Cleanup, Scenario, Step};

/// An empty OKTA_GROUP, owned by the run.
const RUN_GROUP: Step = Step {
    tool: "okta_create_group",
    args: r#"{"profile": {"name": "{{runPrefix}}-{{seq}}", "description": "okta-mcp recording"}}"#,
    bind: &[("group", "/id"), ("groupName", "/profile/name")],
};

/// The last created user joins the last created group.
const MEMBER: Step = Step {
    tool: "okta_add_user_to_group",
    args: r#"{"groupId": "{{group}}", "userId": "{{user}}"}"#,
    bind: &[],
};

/// The last created user becomes an owner of the last created group.
const OWNER: Step = Step {
    tool: "okta_assign_group_owner",
    args: r#"{"groupId": "{{group}}", "id": "{{user}}", "type": "USER"}"#,
    bind: &[],
};

/// An INACTIVE rule into the run's group that matches no one. Rule names hold 50 characters at
/// most: the run prefix and the group's id fit, and the id makes the name unique.
const RUN_RULE: Step = Step {
    tool: "okta_create_group_rule",
    args: r#"{"name": "{{runPrefix}}-{{group}}",
        "conditions": {"expression": {"value": "user.login==\"{{runPrefix}}-nobody@example.com\""}},
        "actions": {"assignUserToGroups": {"groupIds": ["{{group}}"]}}}"#,
    bind: &[("rule", "/id")],
};

const ACTIVATE_RULE: Step = Step {
    tool: "okta_activate_group_rule",
    args: r#"{"groupRuleId": "{{rule}}"}"#,
    bind: &[],
};

const GROUP: &[(&str, &str)] = &[("/groupId", "{{group}}")];
const GROUP_USER: &[(&str, &str)] = &[("/groupId", "{{group}}"), ("/userId", "{{user}}")];
const RULE: &[(&str, &str)] = &[("/groupRuleId", "{{rule}}")];
/// A rule's arguments made the run's: its name, its target group, its excluded user.
const RULE_BODY: &[(&str, &str)] = &[
    ("/name", "{{runPrefix}}-{{group}}"),
    ("/actions/assignUserToGroups/groupIds/0", "{{group}}"),
    ("/conditions/people/users/exclude/0", "{{user}}"),
];

pub static SCENARIOS: &[Scenario] = &[
    Scenario {
        tool: "okta_get_group",
        cases: &["success"],
        steps: &[RUN_GROUP],
        inject: GROUP,
    },
    Scenario {
        tool: "okta_create_group",
        cases: &["success"],
        steps: &[],
        inject: &[("/profile/name", "{{runPrefix}}-{{seq}}")],
    },
    Scenario {
        // The name is taken (by a group of the run), so Okta refuses it.
        tool: "okta_create_group",
        cases: &["error_name_taken"],
        steps: &[RUN_GROUP],
        inject: &[("/profile/name", "{{groupName}}")],
    },
    Scenario {
        tool: "okta_update_group",
        cases: &["success"],
        steps: &[RUN_GROUP],
        inject: &[
            ("/groupId", "{{group}}"),
            ("/profile/name", "{{runPrefix}}-{{seq}}"),
        ],
    },
    Scenario {
        tool: "okta_delete_group",
        cases: &["success"],
        steps: &[RUN_GROUP],
        inject: GROUP,
    },
    Scenario {
        tool: "okta_list_group_members",
        cases: &["success", "paged"],
        steps: &[RUN_GROUP, ACTIVE_USER, MEMBER, ACTIVE_USER, MEMBER],
        inject: GROUP,
    },
    Scenario {
        tool: "okta_add_user_to_group",
        cases: &["success"],
        steps: &[RUN_GROUP, ACTIVE_USER],
        inject: GROUP_USER,
    },
    Scenario {
        tool: "okta_add_user_to_group",
        cases: &["error_not_found"],
        steps: &[RUN_GROUP],
        inject: GROUP,
    },
    Scenario {
        tool: "okta_remove_user_from_group",
        cases: &["success"],
        steps: &[RUN_GROUP, ACTIVE_USER, MEMBER],
        inject: GROUP_USER,
    },
    Scenario {
        tool: "okta_list_group_owners",
        cases: &["success", "users_only", "paged"],
        steps: &[RUN_GROUP, ACTIVE_USER, OWNER, ACTIVE_USER, OWNER],
        inject: GROUP,
    },
    Scenario {
        tool: "okta_assign_group_owner",
        cases: &["success"],
        steps: &[RUN_GROUP, ACTIVE_USER],
        inject: &[("/groupId", "{{group}}"), ("/id", "{{user}}")],
    },
    Scenario {
        tool: "okta_remove_group_owner",
        cases: &["success"],
        steps: &[RUN_GROUP, ACTIVE_USER, OWNER],
        inject: &[("/groupId", "{{group}}"), ("/ownerId", "{{user}}")],
    },
    Scenario {
        tool: "okta_create_group_rule",
        cases: &["success"],
        steps: &[RUN_GROUP, ACTIVE_USER],
        inject: RULE_BODY,
    },
    Scenario {
        tool: "okta_create_group_rule",
        cases: &["error_invalid_expression"],
        steps: &[RUN_GROUP],
        inject: &[
            ("/name", "{{runPrefix}}-{{group}}"),
            ("/actions/assignUserToGroups/groupIds/0", "{{group}}"),
        ],
    },
    Scenario {
        tool: "okta_get_group_rule",
        cases: &["success"],
        steps: &[RUN_GROUP, RUN_RULE],
        inject: RULE,
    },
    Scenario {
        tool: "okta_update_group_rule",
        cases: &["success"],
        steps: &[RUN_GROUP, ACTIVE_USER, RUN_RULE],
        inject: &[
            ("/groupRuleId", "{{rule}}"),
            ("/name", "{{runPrefix}}-{{group}}"),
            ("/actions/assignUserToGroups/groupIds/0", "{{group}}"),
            ("/conditions/people/users/exclude/0", "{{user}}"),
        ],
    },
    Scenario {
        tool: "okta_activate_group_rule",
        cases: &["success"],
        steps: &[RUN_GROUP, RUN_RULE],
        inject: RULE,
    },
    Scenario {
        tool: "okta_deactivate_group_rule",
        cases: &["success"],
        steps: &[RUN_GROUP, RUN_RULE, ACTIVATE_RULE],
        inject: RULE,
    },
    Scenario {
        tool: "okta_delete_group_rule",
        cases: &["success"],
        steps: &[RUN_GROUP, RUN_RULE],
        inject: RULE,
    },
];

pub static CLEANUPS: &[Cleanup] = &[
    Cleanup {
        create: "okta_create_group",
        steps: &[("okta_delete_group", r#"{"groupId": "{{id}}"}"#)],
    },
    Cleanup {
        create: "okta_assign_group_owner",
        steps: &[(
            "okta_remove_group_owner",
            r#"{"groupId": "{{args.groupId}}", "ownerId": "{{id}}"}"#,
        )],
    },
    // Only an INACTIVE rule can be deleted; deactivating an inactive one changes nothing.
    Cleanup {
        create: "okta_create_group_rule",
        steps: &[
            ("okta_deactivate_group_rule", r#"{"groupRuleId": "{{id}}"}"#),
            ("okta_delete_group_rule", r#"{"groupRuleId": "{{id}}"}"#),
        ],
    },
];
