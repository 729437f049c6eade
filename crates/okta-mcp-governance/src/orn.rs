//! Okta Resource Names for the revoke API, in the formats of Okta's governance spec examples:
//! `orn:okta:directory:{orgId}:users:{userId}`,
//! `orn:okta:governance:{orgId}:entitlement-values:{valueId}`,
//! `orn:okta:governance:{orgId}:entitlement-bundles:{bundleId}`.
//!
//! An ORN is `:`-separated, so only plain Okta ids (letters and digits) are put into one: a value
//! like `00u1:groups:00g2` is refused rather than allowed to name something else.

use okta_mcp_core::tool::ToolError;

/// Checks that a value is an Okta id: 1 to 64 ASCII letters and digits.
pub fn okta_id<'a>(name: &str, value: &'a str) -> Result<&'a str, ToolError> {
    if value.is_empty() || value.len() > 64 || !value.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(ToolError::Invalid(format!(
            "`{name}` must be an Okta id (letters and digits only), got {value:?}"
        )));
    }
    Ok(value)
}

pub fn user(org_id: &str, user_id: &str) -> String {
    format!("orn:okta:directory:{org_id}:users:{user_id}")
}

pub fn entitlement_value(org_id: &str, value_id: &str) -> String {
    format!("orn:okta:governance:{org_id}:entitlement-values:{value_id}")
}

pub fn entitlement_bundle(org_id: &str, bundle_id: &str) -> String {
    format!("orn:okta:governance:{org_id}:entitlement-bundles:{bundle_id}")
}

/// Whether an ORN Okta returned names an app (`orn:okta:idp:{orgId}:apps:{appName}:{appId}`).
pub fn is_app(orn: &str) -> bool {
    let parts: Vec<&str> = orn.split(':').collect();
    parts.len() == 7
        && parts[..3] == ["orn", "okta", "idp"]
        && okta_id("orgId", parts[3]).is_ok()
        && parts[4] == "apps"
        && !parts[5].is_empty()
        && okta_id("appId", parts[6]).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_follow_the_revoke_examples() {
        assert_eq!(
            user("00o11edPwGqbUrsDm0g4", "00ub0oNGTSWTBKOLGLNR"),
            "orn:okta:directory:00o11edPwGqbUrsDm0g4:users:00ub0oNGTSWTBKOLGLNR"
        );
        assert_eq!(
            entitlement_value("00o11rndFqmZ5rNfs0g4", "ent65J1scEgrRZbjT0g2"),
            "orn:okta:governance:00o11rndFqmZ5rNfs0g4:entitlement-values:ent65J1scEgrRZbjT0g2"
        );
        assert_eq!(
            entitlement_bundle("00o11rndFqmZ5rNfs0g4", "enbjpz6MOxd2rUgyh0g3"),
            "orn:okta:governance:00o11rndFqmZ5rNfs0g4:entitlement-bundles:enbjpz6MOxd2rUgyh0g3"
        );
        assert!(is_app(
            "orn:okta:idp:00o11rndFqmZ5rNfs0g4:apps:oidc_client:0oa251e7jQHXVgg5r0g4"
        ));
        assert!(!is_app("orn:okta:governance:00o1:entitlement-bundles:enb1"));
    }

    #[test]
    fn only_plain_ids_go_into_an_orn() {
        assert!(okta_id("userId", "00ub0oNGTSWTBKOLGLNR").is_ok());
        for bad in ["", "00u1:groups:00g2", "00u 1", "../x", "é"] {
            assert!(okta_id("userId", bad).is_err(), "{bad:?}");
        }
    }
}
