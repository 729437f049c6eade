//! Scenarios: what a case needs to exist in a real org before it can run, and how to remove what a
//! run created. The cassette format is fixed (tool, case, expect, description, arguments,
//! interactions), so this knowledge lives here, as tables.
//!
//! A cassette names the demo org's objects (`00ub0oNGTSWTBKOLGLNR`, Isaac Brock). A real org has
//! none of them, and the recorder may not touch objects it did not create. So for a case listed
//! here the recorder first runs the setup steps (creating a user, enrolling a factor…), binds the
//! new ids, and injects them into the case's arguments. The cassette keeps its arguments: the
//! scrubber maps each injected value back to the value the cassette had, so the recording replays
//! against the cassette as it stands.
//!
//! Templates are JSON with placeholders inside strings: `{{runPrefix}}`, `{{seq}}` (a number unique
//! in the run), `{{password}}` (a random password for the run's users) and the names bound by
//! earlier steps (`{{user}}`, `{{factor}}`, `{{login}}`, `{{group}}`, `{{rule}}`).
//!
//! The users server's tables are here; the security server's are in [`security`], the groups
//! server's in [`groups`], the branding server's brands, themes and domains in [`branding`].

mod branding;
mod groups;
mod security;

/// One tool call made to prepare a case; never recorded.
#[derive(Debug)]
pub struct Step {
    pub tool: &'static str,
    /// The arguments, as a JSON template.
    pub args: &'static str,
    /// Names bound from the tool's result: (name, JSON pointer into structuredContent).
    pub bind: &'static [(&'static str, &'static str)],
}

/// How to prepare the named cases of a tool.
#[derive(Debug)]
pub struct Scenario {
    pub tool: &'static str,
    pub cases: &'static [&'static str],
    pub steps: &'static [Step],
    /// Case arguments (JSON pointers) that receive a template's value.
    pub inject: &'static [(&'static str, &'static str)],
}

/// An ACTIVE user with a password, owned by the run.
const ACTIVE_USER: Step = Step {
    tool: "okta_create_user",
    args: r#"{"profile": {"firstName": "Recording", "lastName": "Active",
        "email": "{{runPrefix}}-{{seq}}@example.com", "login": "{{runPrefix}}-{{seq}}@example.com"},
        "credentials": {"password": {"value": "{{password}}"}}, "activate": true}"#,
    bind: &[("user", "/id"), ("login", "/profile/login")],
};

/// A STAGED user (created, not activated), owned by the run.
const STAGED_USER: Step = Step {
    tool: "okta_create_user",
    args: r#"{"profile": {"firstName": "Recording", "lastName": "Staged",
        "email": "{{runPrefix}}-{{seq}}@example.com", "login": "{{runPrefix}}-{{seq}}@example.com"},
        "activate": false}"#,
    bind: &[("user", "/id"), ("login", "/profile/login")],
};

const SUSPEND: Step = Step {
    tool: "okta_suspend_user",
    args: r#"{"userId": "{{user}}"}"#,
    bind: &[],
};

/// A Google Authenticator factor, PENDING_ACTIVATION (needs Google Authenticator enabled in the org).
const ENROLL_TOTP: Step = Step {
    tool: "okta_enroll_factor",
    args: r#"{"userId": "{{user}}", "factorType": "token:software:totp", "provider": "GOOGLE"}"#,
    bind: &[("factor", "/id")],
};

const USER: &[(&str, &str)] = &[("/userId", "{{user}}")];
const USER_FACTOR: &[(&str, &str)] = &[("/userId", "{{user}}"), ("/factorId", "{{factor}}")];

/// The users server's lifecycle, covered case by case.
pub static SCENARIOS: &[Scenario] = &[
    // Reads of one user.
    Scenario {
        tool: "okta_get_user",
        cases: &["success"],
        steps: &[ACTIVE_USER],
        inject: USER,
    },
    Scenario {
        tool: "okta_get_user_groups",
        cases: &["success"],
        steps: &[ACTIVE_USER],
        inject: USER,
    },
    Scenario {
        tool: "okta_get_user_apps",
        cases: &["success"],
        steps: &[ACTIVE_USER],
        inject: USER,
    },
    Scenario {
        tool: "okta_get_user_roles",
        cases: &["success", "no_roles", "expand_targets"],
        steps: &[ACTIVE_USER],
        inject: USER,
    },
    Scenario {
        tool: "okta_list_user_factors",
        cases: &["success"],
        steps: &[ACTIVE_USER],
        inject: USER,
    },
    Scenario {
        tool: "okta_list_supported_factors",
        cases: &["success"],
        steps: &[ACTIVE_USER],
        inject: USER,
    },
    Scenario {
        tool: "okta_list_user_sessions",
        cases: &["success", "paged"],
        steps: &[ACTIVE_USER],
        inject: USER,
    },
    // Create.
    Scenario {
        tool: "okta_create_user",
        cases: &["success"],
        steps: &[],
        inject: &[
            ("/profile/login", "{{runPrefix}}-{{seq}}@example.com"),
            ("/profile/email", "{{runPrefix}}-{{seq}}@example.com"),
        ],
    },
    Scenario {
        // The login is taken (by a user of the run), so Okta refuses it.
        tool: "okta_create_user",
        cases: &["error_validation"],
        steps: &[ACTIVE_USER],
        inject: &[
            ("/profile/login", "{{login}}"),
            ("/profile/email", "{{login}}"),
        ],
    },
    // Update, passwords.
    Scenario {
        tool: "okta_update_user",
        cases: &["success", "error_validation"],
        steps: &[ACTIVE_USER],
        inject: USER,
    },
    Scenario {
        tool: "okta_set_password",
        cases: &["success", "error_password_policy"],
        steps: &[ACTIVE_USER],
        inject: USER,
    },
    Scenario {
        tool: "okta_expire_password",
        cases: &["success"],
        steps: &[ACTIVE_USER],
        inject: USER,
    },
    Scenario {
        tool: "okta_reset_password",
        cases: &["success"],
        steps: &[ACTIVE_USER],
        inject: USER,
    },
    // Lifecycle.
    Scenario {
        tool: "okta_activate_user",
        cases: &["success"],
        steps: &[STAGED_USER],
        inject: USER,
    },
    Scenario {
        tool: "okta_activate_user",
        cases: &["error_already_active"],
        steps: &[ACTIVE_USER],
        inject: USER,
    },
    Scenario {
        tool: "okta_deactivate_user",
        cases: &["success"],
        steps: &[ACTIVE_USER],
        inject: USER,
    },
    Scenario {
        tool: "okta_suspend_user",
        cases: &["success"],
        steps: &[ACTIVE_USER],
        inject: USER,
    },
    Scenario {
        tool: "okta_suspend_user",
        cases: &["error_not_active"],
        steps: &[STAGED_USER],
        inject: USER,
    },
    Scenario {
        tool: "okta_unsuspend_user",
        cases: &["success"],
        steps: &[ACTIVE_USER, SUSPEND],
        inject: USER,
    },
    Scenario {
        tool: "okta_unsuspend_user",
        cases: &["error_not_suspended"],
        steps: &[ACTIVE_USER],
        inject: USER,
    },
    Scenario {
        tool: "okta_unlock_user",
        cases: &["error_not_locked_out"],
        steps: &[ACTIVE_USER],
        inject: USER,
    },
    Scenario {
        // On a user that is not yet deactivated, Okta's first DELETE deactivates: 204 all the same.
        tool: "okta_delete_user",
        cases: &["success"],
        steps: &[STAGED_USER],
        inject: USER,
    },
    Scenario {
        tool: "okta_revoke_user_sessions",
        cases: &["success", "with_tokens"],
        steps: &[ACTIVE_USER],
        inject: USER,
    },
    // Factors (TOTP only: the recorder never sends an SMS or a call).
    Scenario {
        tool: "okta_enroll_factor",
        cases: &["success"],
        steps: &[ACTIVE_USER],
        inject: USER,
    },
    Scenario {
        tool: "okta_get_factor",
        cases: &["success"],
        steps: &[ACTIVE_USER, ENROLL_TOTP],
        inject: USER_FACTOR,
    },
    Scenario {
        tool: "okta_get_factor",
        cases: &["error_not_found"],
        steps: &[ACTIVE_USER],
        inject: USER,
    },
    Scenario {
        tool: "okta_reset_factor",
        cases: &["success", "remove_recovery"],
        steps: &[ACTIVE_USER, ENROLL_TOTP],
        inject: USER_FACTOR,
    },
    Scenario {
        tool: "okta_reset_factor",
        cases: &["error_not_found"],
        steps: &[ACTIVE_USER],
        inject: USER,
    },
    Scenario {
        tool: "okta_activate_factor",
        cases: &["error_invalid_passcode"],
        steps: &[ACTIVE_USER, ENROLL_TOTP],
        inject: USER_FACTOR,
    },
];

/// Every scenario, of every server.
fn scenarios() -> impl Iterator<Item = &'static Scenario> {
    SCENARIOS
        .iter()
        .chain(security::SCENARIOS)
        .chain(groups::SCENARIOS)
        .chain(branding::SCENARIOS)
}

/// The scenario for a case, if there is one.
pub fn find(tool: &str, case: &str) -> Option<&'static Scenario> {
    scenarios().find(|s| s.tool == tool && s.cases.contains(&case))
}

/// How to remove what a Create tool made: the calls, in order. Templates may use `{{id}}` (the new
/// object's id) and `{{args.NAME}}` (an argument the create call was given).
#[derive(Debug)]
pub struct Cleanup {
    pub create: &'static str,
    pub steps: &'static [(&'static str, &'static str)],
}

pub static CLEANUPS: &[Cleanup] = &[
    // A user is deleted in two steps: the first DELETE deactivates, the second deletes.
    Cleanup {
        create: "okta_create_user",
        steps: &[
            (
                "okta_delete_user",
                r#"{"userId": "{{id}}", "sendEmail": false}"#,
            ),
            (
                "okta_delete_user",
                r#"{"userId": "{{id}}", "sendEmail": false}"#,
            ),
        ],
    },
    Cleanup {
        create: "okta_enroll_factor",
        steps: &[(
            "okta_reset_factor",
            r#"{"userId": "{{args.userId}}", "factorId": "{{id}}"}"#,
        )],
    },
    Cleanup {
        create: "okta_create_app",
        steps: &[
            ("okta_deactivate_app", r#"{"appId": "{{id}}"}"#),
            ("okta_delete_app", r#"{"appId": "{{id}}"}"#),
        ],
    },
    Cleanup {
        create: "okta_assign_user_to_app",
        steps: &[(
            "okta_remove_user_from_app",
            r#"{"appId": "{{args.appId}}", "userId": "{{id}}", "sendEmail": false}"#,
        )],
    },
    Cleanup {
        create: "okta_create_event_hook",
        steps: &[
            ("okta_deactivate_event_hook", r#"{"eventHookId": "{{id}}"}"#),
            ("okta_delete_event_hook", r#"{"eventHookId": "{{id}}"}"#),
        ],
    },
    Cleanup {
        create: "okta_assign_admin_role_to_user",
        steps: &[(
            "okta_remove_admin_role_from_user",
            r#"{"userId": "{{args.userId}}", "roleAssignmentId": "{{id}}"}"#,
        )],
    },
    Cleanup {
        create: "okta_create_auth_server",
        steps: &[
            (
                "okta_deactivate_auth_server",
                r#"{"authServerId": "{{id}}"}"#,
            ),
            ("okta_delete_auth_server", r#"{"authServerId": "{{id}}"}"#),
        ],
    },
    Cleanup {
        create: "okta_create_auth_server_policy",
        steps: &[(
            "okta_delete_auth_server_policy",
            r#"{"authServerId": "{{args.authServerId}}", "policyId": "{{id}}"}"#,
        )],
    },
    Cleanup {
        create: "okta_create_policy_rule",
        steps: &[(
            "okta_delete_policy_rule",
            r#"{"authServerId": "{{args.authServerId}}", "policyId": "{{args.policyId}}", "ruleId": "{{id}}"}"#,
        )],
    },
    Cleanup {
        create: "okta_create_claim",
        steps: &[(
            "okta_delete_claim",
            r#"{"authServerId": "{{args.authServerId}}", "claimId": "{{id}}"}"#,
        )],
    },
    Cleanup {
        create: "okta_create_scope",
        steps: &[(
            "okta_delete_scope",
            r#"{"authServerId": "{{args.authServerId}}", "scopeId": "{{id}}"}"#,
        )],
    },
    Cleanup {
        create: "okta_create_inline_hook",
        steps: &[
            (
                "okta_deactivate_inline_hook",
                r#"{"inlineHookId": "{{id}}"}"#,
            ),
            ("okta_delete_inline_hook", r#"{"inlineHookId": "{{id}}"}"#),
        ],
    },
];

/// Every cleanup, of every server.
fn cleanups() -> impl Iterator<Item = &'static Cleanup> {
    CLEANUPS
        .iter()
        .chain(security::CLEANUPS)
        .chain(groups::CLEANUPS)
        .chain(branding::CLEANUPS)
}

pub fn cleanup_for(create_tool: &str) -> Option<&'static Cleanup> {
    cleanups().find(|c| c.create == create_tool)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use mock_okta::load_all;
    use okta_mcp_core::{ToolKind, ToolSpec};

    use super::*;
    use crate::drive::{ServerInfo, fixtures_dir};

    fn all_tools() -> HashMap<&'static str, ToolSpec> {
        ServerInfo::all()
            .into_iter()
            .flat_map(|s| s.tools.into_values())
            .map(|t| (t.name, t))
            .collect()
    }

    #[test]
    fn every_template_is_json() {
        for s in scenarios() {
            for st in s.steps {
                serde_json::from_str::<serde_json::Value>(st.args)
                    .unwrap_or_else(|e| panic!("{}: {e}", st.tool));
            }
        }
        for c in cleanups() {
            for (tool, args) in c.steps {
                serde_json::from_str::<serde_json::Value>(args)
                    .unwrap_or_else(|e| panic!("{tool}: {e}"));
            }
        }
    }

    #[test]
    fn tables_name_real_tools_of_the_right_kind() {
        let tools = all_tools();
        for s in scenarios() {
            assert!(tools.contains_key(s.tool), "{}", s.tool);
            for st in s.steps {
                assert!(tools.contains_key(st.tool), "{}", st.tool);
            }
        }
        for c in cleanups() {
            let create = tools
                .get(c.create)
                .unwrap_or_else(|| panic!("{}", c.create));
            assert!(
                matches!(create.kind, ToolKind::Create { .. }),
                "{}",
                c.create
            );
            for (tool, _) in c.steps {
                let t = tools.get(tool).unwrap_or_else(|| panic!("{tool}"));
                assert!(
                    matches!(t.kind, ToolKind::Delete | ToolKind::Action { .. }),
                    "{tool} cleans up but is {:?}",
                    t.kind
                );
            }
        }
        // Every Create tool of the servers with scenarios can be cleaned up.
        for server in ServerInfo::all()
            .into_iter()
            .filter(|s| matches!(s.toolset, "users" | "security" | "groups" | "branding"))
        {
            for t in server.tools.into_values() {
                // Objects that live inside a run-created parent go with it.
                let with_parent = [(
                    "okta_create_email_customization",
                    "a customization of a run-created brand's template is deleted with the brand",
                )];
                if matches!(t.kind, ToolKind::Create { .. })
                    && !with_parent.iter().any(|(n, _)| *n == t.name)
                {
                    assert!(cleanup_for(t.name).is_some(), "{} has no cleanup", t.name);
                }
            }
        }
    }

    #[test]
    fn every_scenario_fits_existing_cassettes() {
        let files = load_all(&fixtures_dir()).unwrap();
        for s in scenarios() {
            for case in s.cases {
                let f = files
                    .iter()
                    .find(|f| f.cassette.tool == s.tool && f.cassette.case == *case)
                    .unwrap_or_else(|| panic!("no cassette {}/{case}", s.tool));
                let args = serde_json::Value::Object(f.cassette.arguments.clone());
                for (pointer, _) in s.inject {
                    assert!(
                        args.pointer(pointer)
                            .is_some_and(serde_json::Value::is_string),
                        "{}/{case}: no string argument at {pointer}",
                        s.tool
                    );
                }
                assert!(
                    find(s.tool, case).is_some_and(|x| std::ptr::eq(x, s)),
                    "{}/{case} is in two scenarios",
                    s.tool
                );
            }
        }
    }
}
