//! MFA factors: list, get, enroll, activate, verify, reset, and the factors a user may enroll.

use okta_mcp_core::{Body, Method, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value};

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_user_factors(),
        get_factor(),
        enroll_factor(),
        activate_factor(),
        reset_factor(),
        verify_factor(),
        list_supported_factors(),
    ]
}

/// Arguments naming a user.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UserOnly {
    /// User id (00u…)
    user_id: String,
}

/// Arguments naming one factor of a user.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct FactorRef {
    /// User id (00u…)
    user_id: String,
    /// Factor id, from okta_list_user_factors
    factor_id: String,
}

fn list_user_factors() -> ToolSpec {
    ToolSpec::new::<UserOnly>(
        "okta_list_user_factors",
        ToolKind::Read,
        Method::GET,
        "/api/v1/users/{userId}/factors",
    )
    .title("List user factors")
    .describe("List a user's enrolled MFA factors: id, factorType, provider, status.")
    .scope("okta.users.read")
}

fn get_factor() -> ToolSpec {
    ToolSpec::new::<FactorRef>(
        "okta_get_factor",
        ToolKind::Read,
        Method::GET,
        "/api/v1/users/{userId}/factors/{factorId}",
    )
    .title("Get factor")
    .describe("Get one enrolled factor of a user: type, provider, status, profile.")
    .scope("okta.users.read")
}

/// Arguments of okta_enroll_factor.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct EnrollFactor {
    /// User id (00u…)
    user_id: String,
    /// sms, call, email, token:software:totp, push, question, token, token:hardware, token:hotp, u2f, webauthn…
    factor_type: String,
    /// OKTA, GOOGLE, RSA, SYMANTEC, YUBICO, DUO, CUSTOM…
    provider: String,
    /// Per type, e.g. `{"phoneNumber": "+1-555-415-1337"}` for sms
    profile: Option<Map<String, Value>>,
    /// Factor profile id, for token:hotp
    factor_profile_id: Option<String>,
    /// token, token:hardware: e.g. `{"passCode": "…"}`
    verify: Option<Map<String, Value>>,
    /// sms: replace an existing phone number
    update_phone: Option<bool>,
    /// sms: SMS template id
    template_id: Option<String>,
    /// Activation code lifetime, seconds (default 300)
    token_lifetime_seconds: Option<u32>,
    /// Activate at once where allowed (email, call, sms)
    activate: Option<bool>,
}

fn enroll_factor() -> ToolSpec {
    ToolSpec::new::<EnrollFactor>("okta_enroll_factor", ToolKind::Create, Method::POST, "/api/v1/users/{userId}/factors")
        .title("Enroll factor")
        .describe("Enroll an MFA factor for a user. Most start PENDING_ACTIVATION: finish with okta_activate_factor using the returned activation data.")
        .scope("okta.users.manage")
        .query(&["updatePhone", "templateId", "tokenLifetimeSeconds", "activate"])
        .body(Body::Fields)
}

/// Arguments of okta_activate_factor.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ActivateFactor {
    /// User id (00u…)
    user_id: String,
    /// Factor id, from okta_list_user_factors or okta_enroll_factor
    factor_id: String,
    /// The code (call, email, sms, token:software:totp)
    pass_code: Option<String>,
    /// push: require number matching
    use_number_matching_challenge: Option<bool>,
    /// u2f: registration data from the device
    registration_data: Option<String>,
    /// u2f/webauthn: client data from the device
    client_data: Option<String>,
    /// webauthn: attestation from the device
    attestation: Option<String>,
}

fn activate_factor() -> ToolSpec {
    ToolSpec::new::<ActivateFactor>("okta_activate_factor", ToolKind::Action, Method::POST, "/api/v1/users/{userId}/factors/{factorId}/lifecycle/activate")
        .title("Activate factor")
        .describe("Finish enrolling a PENDING_ACTIVATION factor with its code or device data. E0000068 if the code is wrong.")
        .scope("okta.users.manage")
        .body(Body::Fields)
}

/// Arguments of okta_reset_factor.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ResetFactor {
    /// User id (00u…)
    user_id: String,
    /// Factor id, from okta_list_user_factors
    factor_id: String,
    /// Email/phone factors: also remove the recovery enrollment
    remove_recovery_enrollment: Option<bool>,
}

fn reset_factor() -> ToolSpec {
    ToolSpec::new::<ResetFactor>("okta_reset_factor", ToolKind::Delete, Method::DELETE, "/api/v1/users/{userId}/factors/{factorId}")
        .title("Reset factor")
        .describe("Reset (unenroll) one MFA factor; the user must enroll it again to use it.")
        .scope("okta.users.manage")
        .query(&["removeRecoveryEnrollment"])
        .decision("Okta has no single-factor reset: resetting a factor is unenrolling it (DELETE …/factors/{factorId}).")
}

/// Arguments of okta_verify_factor.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct VerifyFactor {
    /// User id (00u…)
    user_id: String,
    /// Factor id, from okta_list_user_factors
    factor_id: String,
    /// Code to check; omit to send a challenge first
    pass_code: Option<String>,
    /// Security-question answer
    answer: Option<String>,
    /// push: require number matching
    use_number_matching_challenge: Option<bool>,
    /// u2f/webauthn: client data from the device
    client_data: Option<String>,
    /// u2f/webauthn: signature data from the device
    signature_data: Option<String>,
    /// webauthn: authenticator data from the device
    authenticator_data: Option<String>,
    /// sms: SMS template id
    template_id: Option<String>,
    /// Challenge lifetime, seconds
    token_lifetime_seconds: Option<u32>,
}

fn verify_factor() -> ToolSpec {
    ToolSpec::new::<VerifyFactor>("okta_verify_factor", ToolKind::Action, Method::POST, "/api/v1/users/{userId}/factors/{factorId}/verify")
        .title("Verify factor")
        .describe("Challenge or verify a factor. sms, call, email, push: call without a code to send the challenge (push: WAITING), then with it. SUCCESS = verified.")
        .scope("okta.users.manage")
        .query(&["templateId", "tokenLifetimeSeconds"])
        .body(Body::Fields)
}

fn list_supported_factors() -> ToolSpec {
    ToolSpec::new::<UserOnly>("okta_list_supported_factors", ToolKind::Read, Method::GET, "/api/v1/users/{userId}/factors/catalog")
        .title("List supported factors")
        .describe("List the factor types this user may enroll under policy, with status REQUIRED, OPTIONAL or NOT_SETUP.")
        .scope("okta.users.read")
}
