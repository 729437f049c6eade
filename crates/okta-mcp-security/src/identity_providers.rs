//! Identity providers: the external IdPs users sign in through (SAML 2.0, OpenID Connect, social,
//! smart card); read them, activate and deactivate them.

use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_identity_providers(),
        get_identity_provider(),
        activate_identity_provider(),
        deactivate_identity_provider(),
    ]
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum IdpType {
    Amazon,
    Apple,
    Discord,
    Facebook,
    Github,
    Gitlab,
    Google,
    IdvClear,
    IdvIncode,
    IdvPersona,
    IdvStandard,
    Linkedin,
    Logingov,
    LogingovSandbox,
    Microsoft,
    Oidc,
    OktaIntegration,
    Paypal,
    PaypalSandbox,
    Salesforce,
    Saml2,
    Spotify,
    X509,
    Xero,
    Yahoo,
    Yahoojp,
}

/// Okta returns an OAuth IdP's client secret with it; a model never needs it, and it should not
/// sit in a conversation's context.
fn without_client_secrets(mut v: Value) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(obj) => {
                obj.remove("client_secret");
                obj.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    v
}

/// Arguments of okta_list_identity_providers.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListIdentityProviders {
    /// Name search
    #[arg(query)]
    q: Option<String>,
    #[arg(query)]
    #[serde(rename = "type")]
    kind: Option<IdpType>,
    #[arg(query)]
    after: Option<After>,
    /// Default 20, max 200
    #[arg(query)]
    limit: Option<Limit>,
}

fn list_identity_providers() -> ToolSpec {
    ToolSpec::new::<ListIdentityProviders>(Decl {
        name: "okta_list_identity_providers",
        title: "List identity providers",
        description: "Id (0oa…), name, type, status, protocol. Client secrets are left out.",
        kind: ToolKind::Read,
        scope: "okta.idps.read",
        route: Route::get("/api/v1/idps"),
    })
    .default_limit(20)
    .finish(without_client_secrets)
    .summary(&["id", "name", "type", "status", "protocol.type"])
    .build()
}

/// Arguments naming an identity provider.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct IdpRef {
    /// 0oa…
    #[arg(path)]
    idp_id: String,
}

fn get_identity_provider() -> ToolSpec {
    ToolSpec::new::<IdpRef>(Decl {
        name: "okta_get_identity_provider",
        title: "Get identity provider",
        description: "Client secrets are left out.",
        kind: ToolKind::Read,
        scope: "okta.idps.read",
        route: Route::get("/api/v1/idps/{idpId}"),
    })
    .finish(without_client_secrets)
    .build()
}

fn activate_identity_provider() -> ToolSpec {
    ToolSpec::new::<IdpRef>(Decl {
        name: "okta_activate_identity_provider",
        title: "Activate identity provider",
        description: "Users can sign in through it again.",
        kind: ToolKind::Action {
            destructive: false,
            idempotent: true,
        },
        scope: "okta.idps.manage",
        route: Route::post("/api/v1/idps/{idpId}/lifecycle/activate"),
    })
    .finish(without_client_secrets)
    .build()
}

fn deactivate_identity_provider() -> ToolSpec {
    ToolSpec::new::<IdpRef>(Decl {
        name: "okta_deactivate_identity_provider",
        title: "Deactivate identity provider",
        description: "Users can't sign in through it until it is activated again.",
        kind: ToolKind::Action {
            destructive: true,
            idempotent: true,
        },
        scope: "okta.idps.manage",
        route: Route::post("/api/v1/idps/{idpId}/lifecycle/deactivate"),
    })
    .finish(without_client_secrets)
    .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn client_secrets_are_left_out_at_any_depth() {
        let idp = json!({"protocol": {"credentials": {"client": {"client_id": "a", "client_secret": "s"}}}});
        assert_eq!(
            without_client_secrets(json!({"items": [idp]})),
            json!({"items": [{"protocol": {"credentials": {"client": {"client_id": "a"}}}}]})
        );
    }
}
