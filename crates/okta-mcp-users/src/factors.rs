//! MFA factors: list, get, enroll, activate, verify, reset, and the factors a user may enroll.

use okta_mcp_core::tool::ToolError;
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
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
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UserOnly {
    /// 00u…
    #[arg(path)]
    user_id: String,
}

/// Arguments naming one factor of a user.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct FactorRef {
    /// 00u…
    #[arg(path)]
    user_id: String,
    /// From okta_list_user_factors
    #[arg(path)]
    factor_id: String,
}

fn list_user_factors() -> ToolSpec {
    ToolSpec::new::<UserOnly>(Decl {
        name: "okta_list_user_factors",
        title: "List user factors",
        description: "Enrolled MFA factors.",
        kind: ToolKind::Read,
        scope: "okta.users.read",
        route: Route::get("/api/v1/users/{userId}/factors"),
    })
    .summary(&["id", "factorType", "provider", "status"])
    .build()
}

fn get_factor() -> ToolSpec {
    ToolSpec::new::<FactorRef>(Decl {
        name: "okta_get_factor",
        title: "Get factor",
        description: "With its profile.",
        kind: ToolKind::Read,
        scope: "okta.users.read",
        route: Route::get("/api/v1/users/{userId}/factors/{factorId}"),
    })
    .build()
}

/// Arguments of okta_enroll_factor.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct EnrollFactor {
    /// 00u…
    #[arg(path)]
    user_id: String,
    #[arg(body)]
    factor_type: FactorType,
    /// By factorType: OKTA; totp OKTA/GOOGLE; token RSA/SYMANTEC; token:hardware YUBICO; token:hotp CUSTOM; u2f/webauthn FIDO; web DUO
    #[arg(body)]
    provider: FactorProvider,
    /// e.g. sms `{"phoneNumber": "+1-555-415-1337"}`
    #[arg(body, secret("answer"))]
    profile: Option<Map<String, Value>>,
    /// token:hotp only
    #[arg(body)]
    factor_profile_id: Option<String>,
    /// token, token:hardware: e.g. `{"passCode": "…"}`
    #[arg(body, secret("passCode", "nextPassCode", "answer"))]
    verify: Option<Map<String, Value>>,
    /// sms: replace the phone number
    #[arg(query)]
    update_phone: Option<bool>,
    /// sms only
    #[arg(query)]
    template_id: Option<String>,
    /// Code lifetime (default 300)
    #[arg(query)]
    #[schemars(range(min = 1))]
    token_lifetime_seconds: Option<u32>,
    /// At once (email, call, sms)
    #[arg(query)]
    activate: Option<bool>,
}

// The factor types Okta enrolls through this endpoint (the request body's discriminator).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
enum FactorType {
    #[serde(rename = "call")]
    Call,
    #[serde(rename = "email")]
    Email,
    #[serde(rename = "push")]
    Push,
    #[serde(rename = "question")]
    Question,
    #[serde(rename = "sms")]
    Sms,
    #[serde(rename = "token")]
    Token,
    #[serde(rename = "token:hardware")]
    TokenHardware,
    #[serde(rename = "token:hotp")]
    TokenHotp,
    #[serde(rename = "token:software:totp")]
    TokenSoftwareTotp,
    #[serde(rename = "u2f")]
    U2f,
    #[serde(rename = "web")]
    Web,
    #[serde(rename = "webauthn")]
    Webauthn,
}

// Every provider some factor type takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
enum FactorProvider {
    Okta,
    Google,
    Rsa,
    Symantec,
    Yubico,
    Custom,
    Fido,
    Duo,
}

impl FactorType {
    /// The providers Okta's spec allows for this type (each type's `provider` enum).
    fn providers(self) -> &'static [FactorProvider] {
        use FactorProvider as P;
        match self {
            Self::Call | Self::Email | Self::Push | Self::Question | Self::Sms => &[P::Okta],
            Self::TokenSoftwareTotp => &[P::Okta, P::Google],
            Self::Token => &[P::Rsa, P::Symantec],
            Self::TokenHardware => &[P::Yubico],
            Self::TokenHotp => &[P::Custom],
            Self::U2f | Self::Webauthn => &[P::Fido],
            Self::Web => &[P::Duo],
        }
    }
}

/// A rule across two fields, which the schema's two enums cannot say: the provider fits the type.
fn check_provider(input: &mut EnrollFactor) -> Result<(), ToolError> {
    let allowed = input.factor_type.providers();
    if allowed.contains(&input.provider) {
        return Ok(());
    }
    Err(ToolError::Invalid(format!(
        "provider {} does not go with factorType {}: use {}",
        wire(&input.provider),
        wire(&input.factor_type),
        allowed.iter().map(wire).collect::<Vec<_>>().join(" or ")
    )))
}

/// A closed value as Okta spells it.
fn wire<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn enroll_factor() -> ToolSpec {
    ToolSpec::new::<EnrollFactor>(Decl {
        name: "okta_enroll_factor",
        title: "Enroll factor",
        description: "Most start PENDING_ACTIVATION: finish with okta_activate_factor.",
        kind: ToolKind::Create { destructive: false },
        scope: "okta.users.manage",
        route: Route::post("/api/v1/users/{userId}/factors"),
    })
    .prepare(check_provider)
    .build()
}

/// Arguments of okta_activate_factor.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ActivateFactor {
    /// 00u…
    #[arg(path)]
    user_id: String,
    /// From okta_list_user_factors or okta_enroll_factor
    #[arg(path)]
    factor_id: String,
    /// call, email, sms, token:software:totp
    #[arg(body, secret)]
    pass_code: Option<String>,
    /// push only
    #[arg(body)]
    use_number_matching_challenge: Option<bool>,
    /// u2f: from the device
    #[arg(body)]
    registration_data: Option<String>,
    /// u2f/webauthn: from the device
    #[arg(body)]
    client_data: Option<String>,
    /// webauthn: from the device
    #[arg(body)]
    attestation: Option<String>,
}

fn activate_factor() -> ToolSpec {
    ToolSpec::new::<ActivateFactor>(Decl {
        name: "okta_activate_factor",
        title: "Activate factor",
        description: "Finishes a PENDING_ACTIVATION enrollment. E0000068 if the code is wrong.",
        kind: ToolKind::Action {
            destructive: false,
            idempotent: false,
        },
        scope: "okta.users.manage",
        route: Route::post("/api/v1/users/{userId}/factors/{factorId}/lifecycle/activate"),
    })
    .build()
}

/// Arguments of okta_reset_factor.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ResetFactor {
    /// 00u…
    #[arg(path)]
    user_id: String,
    /// From okta_list_user_factors
    #[arg(path)]
    factor_id: String,
    /// Email/phone: also the recovery enrollment
    #[arg(query)]
    remove_recovery_enrollment: Option<bool>,
}

fn reset_factor() -> ToolSpec {
    ToolSpec::new::<ResetFactor>(Decl {
        name: "okta_reset_factor",
        title: "Reset factor",
        description: "Unenrolls it; the user must enroll again.",
        kind: ToolKind::Delete,
        scope: "okta.users.manage",
        route: Route::delete("/api/v1/users/{userId}/factors/{factorId}"),
    })
    .decision("Okta has no single-factor reset: resetting a factor is unenrolling it (DELETE …/factors/{factorId}).")
    .build()
}

/// Arguments of okta_verify_factor.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct VerifyFactor {
    /// 00u…
    #[arg(path)]
    user_id: String,
    /// From okta_list_user_factors
    #[arg(path)]
    factor_id: String,
    #[arg(body, secret)]
    pass_code: Option<String>,
    /// question factor
    #[arg(body, secret)]
    answer: Option<String>,
    /// push only
    #[arg(body)]
    use_number_matching_challenge: Option<bool>,
    /// u2f/webauthn: from the device
    #[arg(body)]
    client_data: Option<String>,
    /// u2f/webauthn: from the device
    #[arg(body)]
    signature_data: Option<String>,
    /// webauthn: from the device
    #[arg(body)]
    authenticator_data: Option<String>,
    /// sms only
    #[arg(query)]
    template_id: Option<String>,
    #[arg(query)]
    #[schemars(range(min = 1))]
    token_lifetime_seconds: Option<u32>,
}

fn verify_factor() -> ToolSpec {
    ToolSpec::new::<VerifyFactor>(Decl {
        name: "okta_verify_factor",
        title: "Verify factor",
        description: "sms, call, email, push: call without passCode to send the challenge (push: WAITING), then with it. SUCCESS = verified.",
        kind: ToolKind::Action { destructive: false, idempotent: false },
        scope: "okta.users.manage",
        route: Route::post("/api/v1/users/{userId}/factors/{factorId}/verify"),
    })
    .build()
}

fn list_supported_factors() -> ToolSpec {
    ToolSpec::new::<UserOnly>(Decl {
        name: "okta_list_supported_factors",
        title: "List supported factors",
        description: "Factor types the user may enroll under policy: REQUIRED, OPTIONAL or NOT_SETUP.",
        kind: ToolKind::Read,
        scope: "okta.users.read",
        route: Route::get("/api/v1/users/{userId}/factors/catalog"),
    })
    .summary(&["factorType", "provider", "status", "enrollment"])
    .build()
}
