//! The checks themselves, in the order a set-up fails: the org, the clock, the token (scopes,
//! DPoP), the principal's admin role, then one read per chosen toolset.

use std::time::{Duration, SystemTime};

use reqwest::Method;
use reqwest::header::{ACCEPT, DATE};
use serde_json::Value;
use url::Url;

use super::Item;
use crate::auth::{Auth, OAuth};
use crate::client::{ApiRequest, LazyHttp, OktaClient, Payload};
use crate::config::{AuthConfig, Config, DpopMode, OAuthConfig};
use crate::error::{OktaError, operator_report};
use crate::server::ServerSpec;
use crate::tool::{ToolSpec, scopes_of};

/// Okta refuses a client assertion or DPoP proof whose `iat` lies in its future or whose lifetime
/// has passed by its clock; a minute of disagreement is already enough to fail now and then.
const CLOCK_TOLERANCE: Duration = Duration::from_secs(60);

const FIX_SCOPES: &str = "grant them on the service app's 'Okta API Scopes' tab (Admin Console → Applications → the app → Okta API Scopes → Grant)";
const FIX_ROLE: &str = "assign the service app an admin role that covers the chosen toolsets (Admin Console → Applications → the app → Admin roles → Edit assignments)";

/// Runs every check for `toolsets`, serving `tools`; never changes anything in the org.
pub async fn run(config: &Config, toolsets: &[&ServerSpec], tools: &[ToolSpec]) -> Vec<Item> {
    let oauth = match &config.auth {
        AuthConfig::OAuth(o) => Some(o),
        AuthConfig::Ssws { .. } => None,
    };
    let scopes = scopes_of(tools);
    let mut items = vec![Item::pass(
        "config",
        match oauth {
            Some(o) => format!(
                "OAuth 2.0 service app {} (key id {}, DPoP {}); {} tools need {} scopes",
                o.client_id,
                o.key_id.as_deref().unwrap_or("from the key"),
                dpop_mode(o.dpop),
                tools.len(),
                scopes.len()
            ),
            None => format!("SSWS API token; {} tools", tools.len()),
        },
    )];
    if !org(config, oauth.is_some(), &mut items).await {
        items.push(Item::skip(
            "token",
            "not checked: the org must answer first",
        ));
        return items;
    }
    let governance = toolsets.iter().find(|s| s.requires_oauth);
    if let (Some(g), None) = (governance, oauth) {
        items.push(Item::fail(
            "governance",
            format!(
                "the {} toolset needs an OAuth 2.0 service app: Okta's governance APIs refuse SSWS API tokens",
                g.toolset()
            ),
            "set OKTA_CLIENT_ID and OKTA_PRIVATE_KEY (or OKTA_PRIVATE_KEY_FILE) for a service app, or leave governance out of --toolsets",
        ));
    }
    let auth = match Auth::from_config(config, &scopes) {
        Ok(a) => a,
        Err(e) => {
            items.push(Item::fail(
                "token",
                operator_report(&e),
                "fix the key or token named above",
            ));
            return items;
        }
    };
    if let Some(o) = oauth
        && !token(config, o, &auth, &scopes, &mut items).await
    {
        return items;
    }
    let client = match OktaClient::new(config, auth) {
        Ok(c) => c,
        Err(e) => {
            items.push(Item::fail("token", operator_report(&e), "see the error"));
            return items;
        }
    };
    let usable = match oauth {
        Some(o) => {
            role_of_app(&client, o, &scopes, &mut items).await;
            true
        }
        None => role_of_token_owner(&client, &mut items).await,
    };
    if usable {
        for spec in toolsets {
            if spec.requires_oauth && oauth.is_none() {
                continue;
            }
            items.push(api(&client, spec, tools, oauth.is_some()).await);
        }
    }
    items
}

fn dpop_mode(mode: DpopMode) -> &'static str {
    match mode {
        DpopMode::Auto => "auto",
        DpopMode::Always => "always",
        DpopMode::Never => "never",
    }
}

/// The org answers and is an Okta org; the clock agrees with Okta's. False when nothing else can
/// be checked.
async fn org(config: &Config, oauth: bool, items: &mut Vec<Item>) -> bool {
    let base = config.org_url.as_str().trim_end_matches('/').to_owned();
    let mut url = config.org_url.clone();
    url.set_path("/.well-known/okta-organization");
    let sent = match LazyHttp::new(config.http.timeout).get() {
        Ok(http) => http
            .get(url)
            .header(ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| operator_report(&e)),
        Err(e) => Err(operator_report(&e)),
    };
    let resp = match sent {
        Ok(r) => r,
        Err(why) => {
            items.push(Item::fail(
                "org",
                format!("{base} does not answer: {why}"),
                "check OKTA_ORG_URL for typos (https://<your-org>.okta.com), and that DNS, a proxy or a firewall lets this machine reach it",
            ));
            return false;
        }
    };
    let status = resp.status();
    let okta_now = resp
        .headers()
        .get(DATE)
        .and_then(|v| v.to_str().ok())
        .and_then(|d| httpdate::parse_http_date(d).ok());
    let body: Option<Value> = resp.json().await.ok();
    let id = body
        .as_ref()
        .and_then(|b| b.get("id"))
        .and_then(Value::as_str)
        .filter(|_| status.is_success());
    let Some(id) = id else {
        items.push(Item::fail(
            "org",
            format!(
                "{base} answered HTTP {} at /.well-known/okta-organization: it is not an Okta org",
                status.as_u16()
            ),
            "set OKTA_ORG_URL to your Okta org's address, e.g. https://acme.okta.com (the Admin Console's address without -admin)",
        ));
        return false;
    };
    let href = body
        .as_ref()
        .and_then(|b| b.pointer("/_links/organization/href"))
        .and_then(Value::as_str)
        .and_then(|h| Url::parse(h).ok());
    items.push(match href {
        Some(h) if h.host_str() != config.org_url.host_str() => Item::warn(
            "org",
            format!(
                "{base} answers as Okta org {id}, whose own address is {}",
                h.as_str().trim_end_matches('/')
            ),
            "a custom domain works for the API, but OAuth token audiences use the org's own address: prefer it in OKTA_ORG_URL",
        ),
        _ => Item::pass("org", format!("{base} answers as Okta org {id}")),
    });
    if let Some(okta_now) = okta_now {
        items.push(clock(SystemTime::now(), okta_now, oauth));
    }
    true
}

/// Compares this machine's clock with Okta's `Date` (whole seconds).
fn clock(local: SystemTime, okta: SystemTime, oauth: bool) -> Item {
    let (skew, direction) = match local.duration_since(okta) {
        Ok(ahead) => (ahead, "ahead of"),
        Err(behind) => (behind.duration(), "behind"),
    };
    if skew <= CLOCK_TOLERANCE {
        return Item::pass(
            "clock",
            format!("agrees with Okta's within {} s", CLOCK_TOLERANCE.as_secs()),
        );
    }
    let detail = format!(
        "this machine's clock is {} s {direction} Okta's",
        skew.as_secs()
    );
    let fix =
        "synchronise the clock (NTP, e.g. `timedatectl set-ntp true` or `sntp -sS time.apple.com`)";
    if oauth {
        Item::fail(
            "clock",
            format!("{detail}: Okta will refuse client assertions and DPoP proofs"),
            fix,
        )
    } else {
        Item::warn("clock", detail, fix)
    }
}

/// The token request: scopes granted, DPoP demanded and working. False when it failed.
async fn token(
    config: &Config,
    o: &OAuthConfig,
    auth: &Auth,
    scopes: &[&str],
    items: &mut Vec<Item>,
) -> bool {
    let err = match auth.credentials(&Method::GET, &config.org_url).await {
        Ok(_) => {
            items.push(Item::pass(
                "token",
                format!(
                    "Okta issued an access token for all {} scopes",
                    scopes.len()
                ),
            ));
            let dpop = matches!(auth, Auth::OAuth(a) if a.dpop_in_use());
            items.push(Item::pass(
                "dpop",
                match (dpop, o.dpop) {
                    (true, DpopMode::Always) => "DPoP proofs sent (OKTA_DPOP=always) and accepted",
                    (true, _) => "Okta demands DPoP for this app; proofs accepted",
                    (false, _) => "Okta does not demand DPoP for this app",
                },
            ));
            return true;
        }
        Err(e) => e,
    };
    // The token endpoint's `error` code is kept in the refusal's text, which is all AuthError
    // carries of it.
    let text = operator_report(&err);
    if text.contains("invalid_scope") {
        let missing = refused_scopes(config, o, scopes).await;
        items.push(Item::fail(
            "token",
            "Okta refused the token request: scopes not granted",
            "grant the scopes the next line lists",
        ));
        items.push(if missing.is_empty() {
            Item::fail("scopes", text, FIX_SCOPES)
        } else {
            Item::fail(
                "scopes",
                format!("not granted to the service app: {}", missing.join(" ")),
                FIX_SCOPES,
            )
        });
    } else if text.contains("invalid_dpop_proof") || text.contains("use_dpop_nonce") {
        items.push(Item::fail(
            "token",
            "Okta refused the token request's DPoP proof",
            "see the next line",
        ));
        items.push(if o.dpop == DpopMode::Never {
            Item::fail(
                "dpop",
                "Okta demands DPoP proofs for this app, and OKTA_DPOP=never sends none",
                "set OKTA_DPOP=auto (the default), or turn off 'Require Demonstrating Proof of Possession' in the app's General settings",
            )
        } else {
            Item::fail(
                "dpop",
                format!("Okta rejected the DPoP proof: {text}"),
                "check this machine's clock, or turn off 'Require Demonstrating Proof of Possession' in the app",
            )
        });
    } else if text.contains("invalid_client") {
        items.push(Item::fail(
            "token",
            text,
            format!(
                "check that OKTA_CLIENT_ID is a service app of this org and that OKTA_KEY_ID ({}) is the kid of the public key in the app's 'Public keys' (Applications → the app → General)",
                o.key_id.as_deref().unwrap_or("unset")
            ),
        ));
    } else {
        items.push(Item::fail(
            "token",
            text,
            "check OKTA_ORG_URL and the service app's settings",
        ));
    }
    false
}

/// Asks for each scope alone: those Okta refuses are the ones not granted.
async fn refused_scopes(config: &Config, o: &OAuthConfig, scopes: &[&str]) -> Vec<String> {
    let mut missing = Vec::new();
    for scope in scopes {
        let Ok(one) = OAuth::new(o, &config.org_url, &[*scope], &config.http) else {
            continue;
        };
        if let Err(e) = one.credentials(&Method::GET, &config.org_url).await
            && operator_report(&e).contains("invalid_scope")
        {
            missing.push((*scope).to_owned());
        }
    }
    missing
}

fn json_of(resp: &crate::client::ApiResponse) -> Option<&Value> {
    match &resp.payload {
        Payload::Json(v) => Some(v),
        _ => None,
    }
}

fn role_types(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| {
            r.get("label")
                .or_else(|| r.get("type"))
                .and_then(Value::as_str)
        })
        .map(str::to_owned)
        .collect()
}

fn role_item(roles: Vec<String>, who: &str, fix: &str) -> Item {
    if roles.is_empty() {
        Item::fail("role", format!("{who} holds no admin role"), fix)
    } else {
        Item::pass("role", format!("{who} holds {}", roles.join(", ")))
    }
}

/// The service app's admin roles, readable with `okta.roles.read`.
async fn role_of_app(client: &OktaClient, o: &OAuthConfig, scopes: &[&str], items: &mut Vec<Item>) {
    if !scopes.contains(&"okta.roles.read") {
        items.push(Item::skip(
            "role",
            "not readable: the chosen toolsets do not request okta.roles.read",
        ));
        return;
    }
    let Ok(client_id) = crate::tool::segment("OKTA_CLIENT_ID", &o.client_id) else {
        items.push(Item::skip("role", "OKTA_CLIENT_ID cannot be put in a path"));
        return;
    };
    let path = format!("/oauth2/v1/clients/{client_id}/roles");
    items.push(
        match client.send(&ApiRequest::new(Method::GET, path)).await {
            Ok(resp) => role_item(
                json_of(&resp).map(role_types).unwrap_or_default(),
                "the service app",
                FIX_ROLE,
            ),
            Err(e) => Item::warn(
                "role",
                format!("the service app's admin roles could not be read: {e}"),
                FIX_ROLE,
            ),
        },
    );
}

/// SSWS: the token works (`/api/v1/users/me`) and its admin's roles. False when the token fails.
async fn role_of_token_owner(client: &OktaClient, items: &mut Vec<Item>) -> bool {
    let me = match client
        .send(&ApiRequest::new(Method::GET, "/api/v1/users/me"))
        .await
    {
        Ok(resp) => resp,
        Err(e) => {
            items.push(Item::fail(
                "token",
                format!("Okta refused the API token: {e}"),
                "create a new token in this org (Admin Console → Security → API → Tokens) and set OKTA_API_TOKEN to it",
            ));
            return false;
        }
    };
    let body = json_of(&me);
    let login = body
        .and_then(|b| b.pointer("/profile/login"))
        .and_then(Value::as_str)
        .unwrap_or("an unknown user");
    items.push(Item::pass(
        "token",
        format!("the API token works; it acts as {login}"),
    ));
    let Some(id) = body
        .and_then(|b| b.get("id"))
        .and_then(Value::as_str)
        .and_then(|id| crate::tool::segment("id", id).ok())
    else {
        items.push(Item::skip(
            "role",
            "the token's user has no id to read roles of",
        ));
        return true;
    };
    let path = format!("/api/v1/users/{id}/roles");
    items.push(match client.send(&ApiRequest::new(Method::GET, path)).await {
        Ok(resp) => role_item(
            json_of(&resp).map(role_types).unwrap_or_default(),
            login,
            "an API token acts with its creator's roles: create it as an admin who holds a role covering the chosen toolsets",
        ),
        Err(e) => Item::skip("role", format!("{login}'s admin roles could not be read: {e}")),
    });
    true
}

/// One read from the toolset, the cheapest it has: a list without path parameters.
async fn api(client: &OktaClient, spec: &ServerSpec, served: &[ToolSpec], oauth: bool) -> Item {
    let check = format!("api:{}", spec.toolset());
    let names: Vec<&str> = (spec.tools)().iter().map(|t| t.name).collect();
    let probe = served.iter().find(|t| {
        names.contains(&t.name)
            && t.kind.is_read()
            && t.route.method == Method::GET
            && !t.route.path.contains('{')
    });
    let Some(tool) = probe else {
        return Item::skip(check, "no served list tool to try");
    };
    let mut req = ApiRequest::new(Method::GET, tool.route.path);
    for (k, v) in tool.fixed_query {
        req = req.with_query(k, *v);
    }
    let takes_limit = tool
        .input_schema
        .get("properties")
        .and_then(|p| p.get("limit"))
        .is_some();
    if takes_limit {
        req = req.with_query("limit", "1");
    }
    match client.send(&req).await {
        Ok(_) => Item::pass(
            check,
            format!("{} answered (GET {})", tool.name, tool.route.path),
        ),
        Err(e) => {
            let status = match &e {
                OktaError::Api(a) => a.status,
                _ => 0,
            };
            let fix = match (status, spec.requires_oauth) {
                (401 | 403 | 404, true) => format!(
                    "Okta Identity Governance must be licensed and enabled for the org; grant the app {} and an IGA admin role",
                    tool.scope
                ),
                (403, _) if oauth => format!(
                    "grant {} on the app's 'Okta API Scopes' tab, and {}",
                    tool.scope,
                    FIX_ROLE.replacen("assign", "give", 1)
                ),
                (403, _) => {
                    "use an API token created by an admin whose role covers this toolset".to_owned()
                }
                _ => "see the error".to_owned(),
            };
            let what = if spec.requires_oauth {
                "Okta Identity Governance does not answer"
            } else {
                "the read failed"
            };
            Item::fail(check, format!("{what}: {} → {e}", tool.name), fix)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Status;

    #[test]
    fn clock_skew_fails_oauth_and_warns_ssws() {
        let okta = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        assert_eq!(
            clock(okta + Duration::from_secs(30), okta, true).status,
            Status::Pass
        );
        let ahead = clock(okta + Duration::from_secs(600), okta, true);
        assert_eq!(ahead.status, Status::Fail);
        assert!(ahead.detail.contains("600 s ahead of"), "{}", ahead.detail);
        let behind = clock(okta - Duration::from_secs(120), okta, false);
        assert_eq!(behind.status, Status::Warn);
        assert!(behind.detail.contains("120 s behind"), "{}", behind.detail);
    }

    #[test]
    fn roles_are_named_by_label_or_type() {
        let v =
            serde_json::json!([{"type": "SUPER_ADMIN"}, {"type": "CUSTOM", "label": "Help desk"}]);
        assert_eq!(role_types(&v), ["SUPER_ADMIN", "Help desk"]);
        assert_eq!(role_item(vec![], "x", "f").status, Status::Fail);
    }
}
