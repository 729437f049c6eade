//! Device assurance policies (Okta Identity Engine): the device conditions (OS version, disk
//! encryption, screen lock, jailbreak…) that authentication policy rules can require.

use okta_mcp_core::tool::ToolError;
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_device_assurance_policies(),
        get_device_assurance_policy(),
        create_device_assurance_policy(),
        update_device_assurance_policy(),
        delete_device_assurance_policy(),
    ]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum Platform {
    Android,
    Chromeos,
    Ios,
    Macos,
    Windows,
}

impl Platform {
    fn as_str(self) -> &'static str {
        match self {
            Self::Android => "ANDROID",
            Self::Chromeos => "CHROMEOS",
            Self::Ios => "IOS",
            Self::Macos => "MACOS",
            Self::Windows => "WINDOWS",
        }
    }
}

// Okta wraps its lists of allowed values: `{"include": [...]}`.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Include<T> {
    include: Vec<T>,
}

#[derive(PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum DiskEncryption {
    AllInternalVolumes,
    Full,
    User,
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum ScreenLock {
    Biometric,
    None,
    Passcode,
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum RemediationMode {
    Hide,
    Show,
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum GraceType {
    ByDateTime,
    ByDuration,
}

// How long a noncompliant device keeps access (`GracePeriod`).
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct GracePeriod {
    #[serde(rename = "type")]
    kind: GraceType,
    /// ISO 8601 date-time or duration (e.g. P7D)
    expiry: String,
}

// One OSQuery device posture check.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct PostureCheck {
    /// e.g. macOSFirewall
    variable_name: String,
    /// e.g. "1"
    value: String,
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum DynamicType {
    Minimum,
    Exact,
    ExactAnySupported,
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum WindowsDynamicType {
    Minimum,
    Exact,
    ExactAnySupported,
    NotAllowed,
}

/// What a dynamic requirement's type allows besides itself.
trait DynamicRule {
    /// distanceFromLatestMajor is required (else refused).
    fn needs_distance(&self) -> bool;
    /// latestSecurityPatch may be given.
    fn takes_patch(&self) -> bool;
}

impl DynamicRule for DynamicType {
    fn needs_distance(&self) -> bool {
        !matches!(self, Self::ExactAnySupported)
    }
    fn takes_patch(&self) -> bool {
        true
    }
}

impl DynamicRule for WindowsDynamicType {
    fn needs_distance(&self) -> bool {
        matches!(self, Self::Minimum | Self::Exact)
    }
    fn takes_patch(&self) -> bool {
        !matches!(self, Self::NotAllowed)
    }
}

// A version requirement relative to the latest release (`dynamicVersionRequirement`).
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Dynamic<T> {
    #[serde(rename = "type")]
    kind: T,
    /// Majors behind latest; MINIMUM, EXACT only
    #[schemars(range(max = 1))]
    #[serde(skip_serializing_if = "Option::is_none")]
    distance_from_latest_major: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    latest_security_patch: Option<bool>,
}

impl<T: DynamicRule> Dynamic<T> {
    fn check(&self, at: &str) -> Result<(), ToolError> {
        let distance = self.distance_from_latest_major;
        if distance.is_some_and(|d| d > 1) {
            return refuse(format!("{at}.distanceFromLatestMajor: 0 or 1"));
        }
        if self.kind.needs_distance() != distance.is_some() {
            return refuse(format!(
                "{at}.distanceFromLatestMajor: required with type MINIMUM or EXACT, refused with any other"
            ));
        }
        if !self.kind.takes_patch() && self.latest_security_patch.is_some() {
            return refuse(format!(
                "{at}.latestSecurityPatch: not with type NOT_ALLOWED"
            ));
        }
        Ok(())
    }
}

/// A requirement is a fixed minimum or a dynamic one, never both (Okta's rule).
fn one_requirement<T: DynamicRule>(
    at: &str,
    minimum: Option<&String>,
    dynamic: Option<&Dynamic<T>>,
) -> Result<(), ToolError> {
    match (minimum, dynamic) {
        (Some(_), Some(_)) => refuse(format!(
            "{at}: pass minimum or dynamicVersionRequirement, not both"
        )),
        (None, None) => refuse(format!("{at}: pass minimum or dynamicVersionRequirement")),
        (None, Some(d)) => d.check(&format!("{at}.dynamicVersionRequirement")),
        (Some(_), None) => Ok(()),
    }
}

// The OS requirement of every platform but CHROMEOS (`OSVersion`).
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct OsVersion {
    /// e.g. 14.2.1 (up to four parts on ANDROID, WINDOWS)
    #[serde(skip_serializing_if = "Option::is_none")]
    minimum: Option<String>,
    /// Not WINDOWS (osVersionConstraints)
    #[serde(skip_serializing_if = "Option::is_none")]
    dynamic_version_requirement: Option<Dynamic<DynamicType>>,
}

#[derive(PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
enum WindowsMajor {
    #[serde(rename = "WINDOWS_11")]
    Windows11,
    #[serde(rename = "WINDOWS_10")]
    Windows10,
}

// A Windows requirement for one major version (`OSVersionConstraint`).
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct OsVersionConstraint {
    major_version_constraint: WindowsMajor,
    /// e.g. 10.0.22631.3296
    #[serde(skip_serializing_if = "Option::is_none")]
    minimum: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dynamic_version_requirement: Option<Dynamic<WindowsDynamicType>>,
}

// A device assurance policy, whole, as Okta takes it to create or replace one. Okta's schema is
// one object per platform; the checks a platform lacks are refused by `Policy::check`.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Policy {
    name: String,
    platform: Platform,
    /// Not CHROMEOS
    #[serde(skip_serializing_if = "Option::is_none")]
    os_version: Option<OsVersion>,
    /// WINDOWS, instead of osVersion; one per major
    #[schemars(length(min = 1, max = 2))]
    #[serde(skip_serializing_if = "Option::is_none")]
    os_version_constraints: Option<Vec<OsVersionConstraint>>,
    /// ALL_INTERNAL_VOLUMES (MACOS, WINDOWS); FULL, USER (ANDROID)
    #[serde(skip_serializing_if = "Option::is_none")]
    disk_encryption_type: Option<Include<DiskEncryption>>,
    /// Not CHROMEOS
    #[serde(skip_serializing_if = "Option::is_none")]
    screen_lock_type: Option<Include<ScreenLock>>,
    /// ANDROID, MACOS, WINDOWS
    #[serde(skip_serializing_if = "Option::is_none")]
    secure_hardware_present: Option<bool>,
    /// ANDROID, IOS; false fails rooted devices
    #[serde(skip_serializing_if = "Option::is_none")]
    jailbreak: Option<bool>,
    /// Remediation in Sign-In Widget
    #[serde(skip_serializing_if = "Option::is_none")]
    display_remediation_mode: Option<RemediationMode>,
    /// Grace for noncompliant devices
    #[serde(skip_serializing_if = "Option::is_none")]
    grace_period: Option<GracePeriod>,
    /// OSQuery checks (EA)
    #[serde(skip_serializing_if = "Option::is_none")]
    device_posture_checks: Option<Include<PostureCheck>>,
    /// dtc (Chrome Device Trust; not IOS, ANDROID), androidDeviceTrust (ANDROID), devicePostureIdP
    #[serde(skip_serializing_if = "Option::is_none")]
    third_party_signal_providers: Option<Map<String, Value>>,
    /// ANDROID (EA): {"managedApp": true}
    #[serde(skip_serializing_if = "Option::is_none")]
    caller_context: Option<Map<String, Value>>,
}

fn refuse(msg: String) -> Result<(), ToolError> {
    Err(ToolError::Invalid(msg))
}

impl Policy {
    /// Okta's per-platform schemas, as a table: the checks each platform has.
    fn platform_checks(&self) -> [(&'static str, bool, &'static [Platform]); 7] {
        use Platform::{Android, Ios, Macos, Windows};
        [
            (
                "osVersion",
                self.os_version.is_some(),
                &[Android, Ios, Macos, Windows],
            ),
            (
                "osVersionConstraints",
                self.os_version_constraints.is_some(),
                &[Windows],
            ),
            (
                "diskEncryptionType",
                self.disk_encryption_type.is_some(),
                &[Android, Macos, Windows],
            ),
            (
                "screenLockType",
                self.screen_lock_type.is_some(),
                &[Android, Ios, Macos, Windows],
            ),
            (
                "secureHardwarePresent",
                self.secure_hardware_present.is_some(),
                &[Android, Macos, Windows],
            ),
            ("jailbreak", self.jailbreak.is_some(), &[Android, Ios]),
            ("callerContext", self.caller_context.is_some(), &[Android]),
        ]
    }

    /// What the schema cannot say: which checks the platform has, and the rules across fields.
    fn check(&self) -> Result<(), ToolError> {
        let platform = self.platform;
        for (field, given, platforms) in self.platform_checks() {
            if given && !platforms.contains(&platform) {
                let only: Vec<&str> = platforms.iter().map(|p| p.as_str()).collect();
                return refuse(format!(
                    "policy.{field}: {} policies have no such check (only {})",
                    platform.as_str(),
                    only.join(", ")
                ));
            }
        }
        if let Some(os) = &self.os_version {
            if platform == Platform::Windows && os.dynamic_version_requirement.is_some() {
                return refuse(
                    "policy.osVersion.dynamicVersionRequirement: on WINDOWS use osVersionConstraints".into(),
                );
            }
            one_requirement(
                "policy.osVersion",
                os.minimum.as_ref(),
                os.dynamic_version_requirement.as_ref(),
            )?;
        }
        if let Some(constraints) = &self.os_version_constraints {
            if self.os_version.is_some() {
                return refuse(
                    "policy.osVersionConstraints: pass it or osVersion, not both".into(),
                );
            }
            if constraints.is_empty() || constraints.len() > 2 {
                return refuse("policy.osVersionConstraints: one or two entries".into());
            }
            if constraints.len() == 2
                && constraints[0].major_version_constraint
                    == constraints[1].major_version_constraint
            {
                return refuse(
                    "policy.osVersionConstraints: one entry per majorVersionConstraint".into(),
                );
            }
            for (i, c) in constraints.iter().enumerate() {
                one_requirement(
                    &format!("policy.osVersionConstraints[{i}]"),
                    c.minimum.as_ref(),
                    c.dynamic_version_requirement.as_ref(),
                )?;
            }
        }
        if let Some(disk) = &self.disk_encryption_type {
            let android = platform == Platform::Android;
            if disk
                .include
                .iter()
                .any(|d| (*d == DiskEncryption::AllInternalVolumes) == android)
            {
                return refuse(format!(
                    "policy.diskEncryptionType.include: {} takes {}",
                    if android {
                        "ANDROID"
                    } else {
                        "a desktop platform"
                    },
                    if android {
                        "FULL or USER"
                    } else {
                        "ALL_INTERNAL_VOLUMES"
                    }
                ));
            }
        }
        Ok(())
    }
}

/// No arguments.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields)]
struct NoArgs {}

fn list_device_assurance_policies() -> ToolSpec {
    ToolSpec::new::<NoArgs>(Decl {
        name: "okta_list_device_assurance_policies",
        title: "List device assurance policies",
        description: "OIE only: id (dae…), name, platform. Not paged.",
        kind: ToolKind::Read,
        scope: "okta.deviceAssurance.read",
        route: Route::get("/api/v1/device-assurances"),
    })
    .summary(&["id", "name", "platform"])
    .build()
}

/// Arguments naming a device assurance policy.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct DeviceAssuranceRef {
    /// dae…
    #[arg(path)]
    device_assurance_id: String,
}

fn get_device_assurance_policy() -> ToolSpec {
    ToolSpec::new::<DeviceAssuranceRef>(Decl {
        name: "okta_get_device_assurance_policy",
        title: "Get device assurance policy",
        description: "OIE only.",
        kind: ToolKind::Read,
        scope: "okta.deviceAssurance.read",
        route: Route::get("/api/v1/device-assurances/{deviceAssuranceId}"),
    })
    .build()
}

/// Arguments of okta_create_device_assurance_policy.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateDeviceAssurance {
    #[arg(payload)]
    policy: Policy,
}

fn check_create(input: &mut CreateDeviceAssurance) -> Result<(), ToolError> {
    input.policy.check()
}

fn create_device_assurance_policy() -> ToolSpec {
    ToolSpec::new::<CreateDeviceAssurance>(Decl {
        name: "okta_create_device_assurance_policy",
        title: "Create device assurance policy",
        description: "OIE only. For one platform; authentication policy rules can require it. Returns its id (dae…).",
        kind: ToolKind::Create { destructive: false },
        scope: "okta.deviceAssurance.manage",
        route: Route::post("/api/v1/device-assurances"),
    })
    .prepare(check_create)
    .build()
}

/// Arguments of okta_update_device_assurance_policy.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateDeviceAssurance {
    /// dae…
    #[arg(path)]
    device_assurance_id: String,
    #[arg(payload)]
    policy: Policy,
}

fn check_update(input: &mut UpdateDeviceAssurance) -> Result<(), ToolError> {
    input.policy.check()
}

fn update_device_assurance_policy() -> ToolSpec {
    ToolSpec::new::<UpdateDeviceAssurance>(Decl {
        name: "okta_update_device_assurance_policy",
        title: "Update device assurance policy",
        description: "OIE only. Full PUT: send it whole as okta_get_device_assurance_policy shows it, changed; a check left out is removed.",
        // A full replacement: a partial policy silently drops the checks it leaves out.
        kind: ToolKind::Update { destructive: true },
        scope: "okta.deviceAssurance.manage",
        route: Route::put("/api/v1/device-assurances/{deviceAssuranceId}"),
    })
    .prepare(check_update)
    .build()
}

fn delete_device_assurance_policy() -> ToolSpec {
    ToolSpec::new::<DeviceAssuranceRef>(Decl {
        name: "okta_delete_device_assurance_policy",
        title: "Delete device assurance policy",
        description: "OIE only. Refused (409) while a policy rule uses it.",
        kind: ToolKind::Delete,
        scope: "okta.deviceAssurance.manage",
        route: Route::delete("/api/v1/device-assurances/{deviceAssuranceId}"),
    })
    .hints(&[("409", "an authentication policy rule still requires this device assurance policy: find it with okta_list_org_policy_rules and take the policy out of its device conditions (okta_update_org_policy_rule), then delete")])
    .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(policy: Value) -> Result<(), String> {
        let p: Policy = serde_json::from_value(policy).map_err(|e| format!("parse: {e}"))?;
        p.check().map_err(|e| e.to_string())
    }

    #[test]
    fn a_check_the_platform_lacks_is_refused_by_name() {
        let e = check(json!({"name": "a", "platform": "MACOS", "jailbreak": false})).unwrap_err();
        assert!(
            e.contains("policy.jailbreak") && e.contains("ANDROID, IOS"),
            "{e}"
        );
        check(json!({"name": "a", "platform": "IOS", "jailbreak": false})).unwrap();
        let e = check(json!({"name": "a", "platform": "CHROMEOS", "osVersion": {"minimum": "1"}}))
            .unwrap_err();
        assert!(e.contains("policy.osVersion"), "{e}");
    }

    #[test]
    fn disk_encryption_values_follow_the_platform() {
        let disk = |platform: &str, value: &str| {
            check(
                json!({"name": "a", "platform": platform, "diskEncryptionType": {"include": [value]}}),
            )
        };
        disk("MACOS", "ALL_INTERNAL_VOLUMES").unwrap();
        disk("ANDROID", "USER").unwrap();
        assert!(disk("ANDROID", "ALL_INTERNAL_VOLUMES").is_err());
        assert!(disk("WINDOWS", "FULL").is_err());
    }

    #[test]
    fn os_requirements_are_one_of_minimum_or_dynamic() {
        let os = |v: Value| check(json!({"name": "a", "platform": "ANDROID", "osVersion": v}));
        os(json!({"minimum": "14"})).unwrap();
        os(json!({"dynamicVersionRequirement": {"type": "EXACT_ANY_SUPPORTED"}})).unwrap();
        os(json!({"dynamicVersionRequirement": {"type": "EXACT", "distanceFromLatestMajor": 0}}))
            .unwrap();
        for bad in [
            json!({}),
            json!({"minimum": "14", "dynamicVersionRequirement": {"type": "EXACT_ANY_SUPPORTED"}}),
            json!({"dynamicVersionRequirement": {"type": "MINIMUM"}}),
            json!({"dynamicVersionRequirement": {"type": "MINIMUM", "distanceFromLatestMajor": 2}}),
            json!({"dynamicVersionRequirement": {"type": "EXACT_ANY_SUPPORTED", "distanceFromLatestMajor": 0}}),
        ] {
            let e = os(bad.clone()).unwrap_err();
            assert!(e.contains("policy.osVersion"), "{bad}: {e}");
        }
        let e = check(json!({"name": "a", "platform": "WINDOWS",
            "osVersion": {"dynamicVersionRequirement": {"type": "EXACT_ANY_SUPPORTED"}}}))
        .unwrap_err();
        assert!(e.contains("osVersionConstraints"), "{e}");
    }

    #[test]
    fn windows_constraints_are_one_per_major_version() {
        let win = |c: Value| {
            check(json!({"name": "a", "platform": "WINDOWS", "osVersionConstraints": c}))
        };
        win(json!([
            {"majorVersionConstraint": "WINDOWS_11", "minimum": "10.0.22631"},
            {"majorVersionConstraint": "WINDOWS_10", "dynamicVersionRequirement": {"type": "NOT_ALLOWED"}}
        ]))
        .unwrap();
        assert!(win(json!([])).is_err());
        assert!(
            win(json!([
                {"majorVersionConstraint": "WINDOWS_11", "minimum": "1"},
                {"majorVersionConstraint": "WINDOWS_11", "minimum": "2"}
            ]))
            .is_err()
        );
        let e = win(json!([{"majorVersionConstraint": "WINDOWS_10",
            "dynamicVersionRequirement": {"type": "NOT_ALLOWED", "latestSecurityPatch": true}}]))
        .unwrap_err();
        assert!(
            e.contains("osVersionConstraints[0].dynamicVersionRequirement.latestSecurityPatch"),
            "{e}"
        );
        // NOT_ALLOWED is a Windows constraint only: the other platforms' schema has no such value.
        assert!(
            check(json!({"name": "a", "platform": "IOS",
            "osVersion": {"dynamicVersionRequirement": {"type": "NOT_ALLOWED"}}}))
            .unwrap_err()
            .starts_with("parse")
        );
    }

    #[test]
    fn the_body_is_the_policy_as_given() {
        let given = json!({"name": "a", "platform": "MACOS", "osVersion": {"minimum": "15.1"},
            "gracePeriod": {"type": "BY_DURATION", "expiry": "P7D"}, "thirdPartySignalProviders": {"dtc": {"osFirewall": true}}});
        let p: Policy = serde_json::from_value(given.clone()).unwrap();
        assert_eq!(serde_json::to_value(&p).unwrap(), given);
    }
}
