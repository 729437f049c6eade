//! Which toolsets a process serves, or offers with `--dynamic-toolsets`: those `--toolsets` names,
//! else the binary's defaults (the combined binary's everyday set; every toolset on demand), less
//! those an SSWS token cannot serve.
//!
//! Choice only: must not read the configuration (the caller says whether OAuth is configured) nor
//! print (the caller says what was left out).

use crate::cli::{CliError, select_toolsets};
use crate::server::ServerSpec;

/// The toolsets a process serves, and those it left out because they need OAuth.
#[derive(Debug)]
pub struct Plan<'a> {
    pub serve: Vec<&'a ServerSpec>,
    /// OAuth-only toolsets not served because the token is SSWS and none was asked for by name.
    pub need_oauth: Vec<&'a ServerSpec>,
}

/// A toolset asked for by name that the configured token cannot serve.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    #[error(transparent)]
    Cli(#[from] CliError),
    #[error("{toolset} needs OAuth")]
    NeedsOAuth { toolset: &'static str },
}

/// Picks the toolsets to serve.
///
/// `defaults` is `None` for a one-toolset binary (its toolset is always asked for); else the
/// toolsets served when `--toolsets` is not given (with `dynamic`, every toolset is offered
/// instead). Without OAuth, an OAuth-only toolset asked for by name (or `all`) is an error, and
/// one that is only a default is left out.
pub fn plan<'a>(
    all: &'a [ServerSpec],
    defaults: Option<&[&str]>,
    wanted: &[String],
    dynamic: bool,
    oauth: bool,
) -> Result<Plan<'a>, PlanError> {
    let named = wanted.iter().any(|w| !w.trim().is_empty());
    let chosen = match defaults {
        Some(defaults) if !named && !dynamic => {
            let defaults: Vec<String> = defaults.iter().map(|&d| d.to_owned()).collect();
            select_toolsets(all, &defaults)?
        }
        _ => select_toolsets(all, wanted)?,
    };
    let asked_by_name = named || defaults.is_none();
    if oauth {
        return Ok(Plan {
            serve: chosen,
            need_oauth: Vec::new(),
        });
    }
    if asked_by_name && let Some(s) = chosen.iter().find(|s| s.requires_oauth) {
        return Err(PlanError::NeedsOAuth {
            toolset: s.toolset(),
        });
    }
    // What an SSWS token cannot serve is said whenever the toolsets were not named, even when it
    // is not a default, so that the operator learns how to get it.
    let need_oauth = if asked_by_name {
        Vec::new()
    } else {
        all.iter().filter(|s| s.requires_oauth).collect()
    };
    let serve = chosen.into_iter().filter(|s| !s.requires_oauth).collect();
    Ok(Plan { serve, need_oauth })
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn spec(name: &'static str, requires_oauth: bool) -> ServerSpec {
        ServerSpec {
            name,
            version: "0",
            instructions: "",
            tools: Vec::new,
            requires_oauth,
        }
    }

    const ALL: [ServerSpec; 3] = [
        spec("okta-mcp-users", false),
        spec("okta-mcp-governance", true),
        spec("okta-mcp-groups", false),
    ];

    fn names(p: &[&ServerSpec]) -> Vec<&'static str> {
        p.iter().map(|s| s.toolset()).collect()
    }

    fn wanted(list: &str) -> Vec<String> {
        list.split(',').map(str::to_owned).collect()
    }

    #[test]
    fn no_toolsets_serves_the_defaults_and_dynamic_offers_every_toolset() {
        let defaults = Some(&["groups", "users"][..]);
        let p = plan(&ALL, defaults, &[], false, true).unwrap();
        assert_eq!(names(&p.serve), ["groups", "users"]);
        let p = plan(&ALL, defaults, &[], true, true).unwrap();
        assert_eq!(names(&p.serve), ["users", "governance", "groups"]);
        let p = plan(&ALL, defaults, &wanted("all"), false, true).unwrap();
        assert_eq!(p.serve.len(), 3);
    }

    #[test]
    fn ssws_leaves_oauth_toolsets_out_unless_named() {
        let defaults = Some(&["users", "governance"][..]);
        let p = plan(&ALL, defaults, &[], false, false).unwrap();
        assert_eq!(names(&p.serve), ["users"]);
        assert_eq!(names(&p.need_oauth), ["governance"]);
        let p = plan(&ALL, Some(&["users"][..]), &[], true, false).unwrap();
        assert_eq!(names(&p.serve), ["users", "groups"]);
        assert_eq!(names(&p.need_oauth), ["governance"]);
        for named in ["governance", "all", "users,governance"] {
            let e = plan(&ALL, defaults, &wanted(named), false, false).unwrap_err();
            assert!(
                matches!(
                    e,
                    PlanError::NeedsOAuth {
                        toolset: "governance"
                    }
                ),
                "{named}"
            );
        }
        let one = [spec("okta-mcp-governance", true)];
        assert!(plan(&one, None, &[], false, false).is_err());
        let p = plan(&ALL, defaults, &wanted("users"), false, false).unwrap();
        assert!(
            p.need_oauth.is_empty(),
            "nothing to say when toolsets are named"
        );
    }
}
