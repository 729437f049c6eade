//! The workflows, declared once. Tool names must exist in the tool tables with the kind a step
//! says (`changes`); a table test in the `okta-mcp` crate checks both against every toolset.

use super::{Arg, PromptDecl, Step};

const fn read(tools: &'static [&'static str], does: &'static str, required: bool) -> Step {
    Step {
        tools,
        does,
        changes: false,
        required,
    }
}

const fn change(tools: &'static [&'static str], does: &'static str, required: bool) -> Step {
    Step {
        tools,
        does,
        changes: true,
        required,
    }
}

const USER: Arg = Arg {
    name: "user",
    title: "User",
    description: "The user's login (email) or id (00u…)",
    required: true,
    values: &[],
};

/// A user's admin roles: the admin toolset's tool, else the users toolset's.
const USER_ROLES: &[&str] = &["okta_list_user_admin_roles", "okta_get_user_roles"];

pub static PROMPTS: [PromptDecl; 7] = [
    PromptDecl {
        name: "offboard_user",
        title: "Offboard a user",
        description: "Sign a leaver out everywhere, deactivate them, remove their admin roles, and report the access that remains.",
        arguments: &[
            USER,
            Arg {
                name: "reason",
                title: "Reason",
                description: "Why the user leaves (for the report), e.g. a ticket number",
                required: false,
                values: &[],
            },
        ],
        goal: "Offboard the Okta user {user}.",
        steps: &[
            read(
                &["okta_get_user"],
                "Find the user; note their id, login and status. Stop if there is no such user or more than one match.",
                true,
            ),
            change(
                &["okta_revoke_user_sessions"],
                "Revoke all their sessions first, so they are signed out everywhere at once.",
                true,
            ),
            read(
                USER_ROLES,
                "List the admin roles they hold, noting which are assigned directly and which through a group.",
                false,
            ),
            read(
                &["okta_get_user_apps"],
                "List their app assignments.",
                false,
            ),
            read(
                &["okta_get_user_groups"],
                "List their group memberships.",
                false,
            ),
            read(
                &["okta_iga_list_user_entitlements"],
                "List their governance grants (entitlements and bundles).",
                false,
            ),
            change(
                &["okta_remove_admin_role_from_user"],
                "Remove each admin role assigned directly to them (roles held through a group go with the group membership).",
                false,
            ),
            change(
                &["okta_deactivate_user"],
                "Deactivate the user (this also ends their app assignments' provisioning; it is not a deletion).",
                true,
            ),
            read(
                &["okta_get_user"],
                "Read the user again and confirm the status is DEPROVISIONED.",
                false,
            ),
        ],
        report: "Finish with a short report: what was done, with ids and times; what remains (group memberships, app assignments, admin roles through groups, governance grants) and who should remove it; anything that failed.",
        report_when_read_only: true,
    },
    PromptDecl {
        name: "onboard_user",
        title: "Onboard a user",
        description: "Create a user, add them to their groups, assign their apps, and verify the result.",
        arguments: &[
            Arg {
                name: "login",
                title: "Login",
                description: "The new user's login, usually their email address",
                required: true,
                values: &[],
            },
            Arg {
                name: "first_name",
                title: "First name",
                description: "Given name",
                required: false,
                values: &[],
            },
            Arg {
                name: "last_name",
                title: "Last name",
                description: "Family name",
                required: false,
                values: &[],
            },
            Arg {
                name: "groups",
                title: "Groups",
                description: "Group names to add them to, comma-separated",
                required: false,
                values: &[],
            },
            Arg {
                name: "apps",
                title: "Apps",
                description: "App labels to assign directly, comma-separated (apps assigned to their groups need nothing)",
                required: false,
                values: &[],
            },
            Arg {
                name: "activate",
                title: "Activate now",
                description: "true to activate at once (Okta sends the activation email), false to create them staged",
                required: false,
                values: &["true", "false"],
            },
        ],
        goal: "Onboard {login} as a new Okta user. Ask for any profile attribute you need that is not given (first name, last name, email).",
        steps: &[
            read(
                &["okta_list_users"],
                "Search for the login first; stop and tell the user if it already exists.",
                true,
            ),
            read(
                &["okta_list_groups"],
                "Find each named group and its id; ask about names that match none or several.",
                false,
            ),
            read(
                &["okta_list_apps"],
                "Find each named app and its id.",
                false,
            ),
            change(
                &["okta_create_user"],
                "Create the user with the agreed profile (activate as agreed).",
                true,
            ),
            change(
                &["okta_add_user_to_group"],
                "Add the user to each group.",
                true,
            ),
            change(
                &["okta_assign_user_to_app"],
                "Assign each app not already granted through a group.",
                false,
            ),
            read(
                &["okta_get_user"],
                "Read the user back: status and profile.",
                false,
            ),
            read(&["okta_get_user_groups"], "Verify their groups.", false),
            read(
                &["okta_get_user_apps"],
                "Verify their apps, including those that come through groups.",
                false,
            ),
        ],
        report: "Finish with a short report: the user's id, login and status; groups and apps granted; anything not done and why.",
        report_when_read_only: false,
    },
    PromptDecl {
        name: "investigate_failed_sign_ins",
        title: "Investigate failed sign-ins",
        description: "Find out why sign-ins fail for a user or an IP address: System Log, factors, lock state, next steps.",
        arguments: &[
            Arg {
                name: "user",
                title: "User",
                description: "The user's login (email) or id; give this or an IP address",
                required: false,
                values: &[],
            },
            Arg {
                name: "ip",
                title: "IP address",
                description: "The client IP address the failures come from; give this or a user",
                required: false,
                values: &[],
            },
            Arg {
                name: "since",
                title: "Since",
                description: "How far back to look",
                required: false,
                values: &["24 hours", "7 days", "30 days", "90 days"],
            },
        ],
        goal: "Find out why Okta sign-ins fail for the user or the IP address given below (if neither is given, ask which). Look back over the period given, or 7 days.",
        steps: &[
            read(
                &["okta_get_system_log_failed_logins"],
                "Query the failed sign-ins for the user (or all users, when only an IP is given); group them by outcome.reason, client IP, country and device.",
                true,
            ),
            read(
                &["okta_get_system_log"],
                "For an IP address, query events with filter client.ipAddress eq \"<ip>\" to see which users and event types it touched.",
                false,
            ),
            read(
                &["okta_get_user"],
                "Read the user: status (LOCKED_OUT, SUSPENDED, PASSWORD_EXPIRED…), lastLogin, passwordChanged.",
                false,
            ),
            read(
                &["okta_list_user_factors"],
                "List the user's enrolled factors and their status.",
                false,
            ),
            read(
                &["okta_get_system_log_events_for_user"],
                "Read the user's other recent events (factor resets, password changes, policy denials) around the failures.",
                false,
            ),
            read(
                &["okta_list_network_zones"],
                "Check whether the IP address falls in a blocked or unlisted network zone.",
                false,
            ),
            change(
                &["okta_unlock_user"],
                "Only if the user is LOCKED_OUT and the failures look like their own mistakes, offer to unlock them.",
                false,
            ),
            change(
                &["okta_reset_factor"],
                "Only if a factor is broken (a lost phone, a failing authenticator), offer to reset that factor.",
                false,
            ),
        ],
        report: "Finish with the likely cause, the evidence (event times, reasons, IPs), whether it looks like an attack (many users from one IP, impossible travel) or a user problem, and the suggested next steps.",
        report_when_read_only: true,
    },
    PromptDecl {
        name: "audit_admin_roles",
        title: "Audit admin roles",
        description: "List who holds admin roles, directly or through groups, with each holder's last sign-in.",
        arguments: &[
            Arg {
                name: "group",
                title: "Group",
                description: "Limit the user sweep to this group's members (name or id); large orgs should give one",
                required: false,
                values: &[],
            },
            Arg {
                name: "inactive_days",
                title: "Inactive after (days)",
                description: "Flag admins who have not signed in for this many days",
                required: false,
                values: &["30", "60", "90", "180"],
            },
        ],
        goal: "Audit who holds Okta admin roles, directly or through groups. Flag admins who have not signed in for the number of days given (90 if none).",
        steps: &[
            read(
                &["okta_list_roles"],
                "List the custom admin roles, to name them in the report.",
                false,
            ),
            read(
                &["okta_list_groups"],
                "List the groups (page through them all).",
                true,
            ),
            read(
                &["okta_list_group_admin_roles"],
                "For each group, list its admin roles; keep the groups that hold any.",
                true,
            ),
            read(
                &["okta_list_group_members"],
                "For each group holding a role, list its members: each holds the group's roles.",
                false,
            ),
            read(
                &["okta_list_users"],
                "List the users to check for directly assigned roles (only the given group's members, when a group is given; ask before sweeping more than a few hundred users).",
                true,
            ),
            read(
                USER_ROLES,
                "For each of those users, list the admin roles assigned directly.",
                true,
            ),
            read(
                &["okta_get_user"],
                "For each admin, read status and lastLogin.",
                false,
            ),
            read(
                &["okta_get_system_log_admin_actions"],
                "Read the last 30 days of admin actions, to show which admins are active.",
                false,
            ),
        ],
        report: "Finish with a table: admin, role(s), direct or through which group, status, last sign-in; then the admins to review (inactive, deactivated, super admins, roles through large groups).",
        report_when_read_only: true,
    },
    PromptDecl {
        name: "explain_user_access",
        title: "Explain a user's access",
        description: "Explain what a user can reach and why: groups and their apps, direct apps, admin roles, entitlements and bundles.",
        arguments: &[USER],
        goal: "Explain what the Okta user {user} can access, and through what.",
        steps: &[
            read(
                &["okta_get_user"],
                "Find the user; note id, status, type.",
                true,
            ),
            read(&["okta_get_user_groups"], "List their groups.", true),
            read(
                &["okta_list_group_apps"],
                "For each group, list the apps assigned to it.",
                false,
            ),
            read(
                &["okta_get_user_apps"],
                "List every app they can reach; those not explained by a group are assigned directly.",
                false,
            ),
            read(
                USER_ROLES,
                "List their admin roles, direct or through a group.",
                false,
            ),
            read(
                &["okta_iga_list_user_entitlements"],
                "List their governance entitlements.",
                false,
            ),
            read(
                &["okta_iga_list_bundles"],
                "Name the entitlement bundles behind their grants.",
                false,
            ),
        ],
        report: "Finish with a tree: user → groups → apps; direct apps; admin roles and where they come from; entitlements and bundles. Point out anything unusual (direct assignments, admin roles through groups).",
        report_when_read_only: true,
    },
    PromptDecl {
        name: "run_access_review",
        title: "Run an access review campaign",
        description: "Create and launch an access certification campaign, follow its review items, and close it.",
        arguments: &[
            Arg {
                name: "name",
                title: "Campaign name",
                description: "A name for the campaign, e.g. \"Q4 Salesforce access review\"",
                required: true,
                values: &[],
            },
            Arg {
                name: "resource",
                title: "Resource",
                description: "The app or group whose access is reviewed (name or id)",
                required: false,
                values: &[],
            },
            Arg {
                name: "reviewer",
                title: "Reviewer",
                description: "Who reviews: a user's login, or the users' managers",
                required: false,
                values: &[],
            },
            Arg {
                name: "duration_days",
                title: "Duration (days)",
                description: "How long reviewers have",
                required: false,
                values: &["7", "14", "30"],
            },
        ],
        goal: "Run the Okta Identity Governance access review campaign \"{name}\".",
        steps: &[
            read(
                &["okta_iga_list_campaigns"],
                "List existing campaigns; if one with this name exists, ask whether to follow it instead of creating another.",
                true,
            ),
            read(
                &["okta_list_apps", "okta_list_groups"],
                "Find the resource to review and its id.",
                false,
            ),
            change(
                &["okta_iga_create_campaign"],
                "Create the campaign (resource, reviewer, duration as given; ask for what is missing).",
                true,
            ),
            change(&["okta_iga_launch_campaign"], "Launch it.", true),
            read(
                &["okta_iga_get_campaign"],
                "Read the campaign's status.",
                false,
            ),
            read(
                &["okta_iga_list_campaign_items"],
                "List its review items; report how many are decided and which are pending, by reviewer.",
                true,
            ),
            change(
                &["okta_iga_review_campaign_item"],
                "Only if the user is a reviewer and decides items here, record their approve or revoke decisions.",
                false,
            ),
            change(
                &["okta_iga_close_campaign"],
                "When the user says the review is done, close the campaign.",
                true,
            ),
        ],
        report: "Finish with the campaign's id and status, the items approved, revoked and pending, and what happens to revoked access.",
        report_when_read_only: true,
    },
    PromptDecl {
        name: "rotate_auth_server_keys",
        title: "Rotate an authorization server's signing keys",
        description: "Rotate a custom authorization server's signing keys safely: check the keys and rotation mode, rotate, verify.",
        arguments: &[Arg {
            name: "auth_server",
            title: "Authorization server",
            description: "The authorization server's id (aus…), or default",
            required: true,
            values: &["default"],
        }],
        goal: "Rotate the signing keys of the Okta authorization server {auth_server} without breaking the apps that validate its tokens.",
        steps: &[
            read(
                &["okta_get_auth_server"],
                "Read the server; note its issuer and credentials.signing.rotationMode (with AUTO, Okta rotates by itself: ask whether to go on).",
                true,
            ),
            read(
                &["okta_list_auth_server_keys"],
                "List its keys: note the ACTIVE kid and any NEXT key.",
                true,
            ),
            change(
                &["okta_rotate_auth_server_keys"],
                "Rotate: the NEXT key becomes ACTIVE and the old one EXPIRED. Apps that cache the JWKS without refreshing on an unknown kid will reject new tokens until they refresh.",
                true,
            ),
            read(
                &["okta_list_auth_server_keys"],
                "List the keys again and confirm the new ACTIVE kid.",
                true,
            ),
        ],
        report: "Finish with the old and new ACTIVE kids, the time of the rotation, and a reminder that resource servers must fetch the JWKS from the issuer's keys endpoint.",
        report_when_read_only: true,
    },
];
