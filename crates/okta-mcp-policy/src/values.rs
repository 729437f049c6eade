//! The closed sets this server's inputs take, spelled exactly as Okta's management spec does, so a
//! model picks from the schema's `enum` instead of guessing. Neither types nor variants carry doc
//! comments: a documented variant turns the enum into a `oneOf`, and a type's doc becomes the
//! description of every field of that type that has none of its own.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

// `LifecycleStatus`: policies, rules and claims.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub(crate) enum Status {
    Active,
    Inactive,
}

// An authorization server's `issuerMode` (closed by the spec's description, not an `enum`).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum IssuerMode {
    OrgUrl,
    CustomUrl,
    Dynamic,
}

// `accessTokenEncryptedResponseAlgorithm`.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
pub(crate) enum TokenEncryption {
    #[serde(rename = "RSA-OAEP-256")]
    RsaOaep256,
    #[serde(rename = "RSA-OAEP-384")]
    RsaOaep384,
    #[serde(rename = "RSA-OAEP-512")]
    RsaOaep512,
}

// The one policy type a custom authorization server has.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum PolicyType {
    #[default]
    OauthAuthorizationPolicy,
}

// The one rule type of an authorization server policy.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum RuleType {
    #[default]
    ResourceAccess,
}

// `OAuth2ScopeConsentType`.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub(crate) enum Consent {
    Flexible,
    Implicit,
    Required,
}

// `OAuth2ScopeMetadataPublish`.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum MetadataPublish {
    AllClients,
    NoClients,
}

// `OAuth2ClaimType`: which token carries the claim.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub(crate) enum ClaimType {
    Identity,
    Resource,
}

// `OAuth2ClaimValueType`.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub(crate) enum ClaimValueType {
    Expression,
    Groups,
    System,
}

// `OAuth2ClaimGroupFilterType`.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum GroupFilterType {
    Contains,
    Equals,
    Regex,
    StartsWith,
}

// `InlineHookType`.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
pub(crate) enum InlineHookType {
    #[serde(rename = "com.okta.import.transform")]
    ImportTransform,
    #[serde(rename = "com.okta.oauth2.tokens.transform")]
    Oauth2TokensTransform,
    #[serde(rename = "com.okta.saml.tokens.transform")]
    SamlTokensTransform,
    #[serde(rename = "com.okta.telephony.provider")]
    TelephonyProvider,
    #[serde(rename = "com.okta.user.credential.password.import")]
    PasswordImport,
    #[serde(rename = "com.okta.user.pre-registration")]
    UserPreRegistration,
}
