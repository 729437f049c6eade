//! The org itself: its general settings.

use okta_mcp_core::params::NoArgs;
use okta_mcp_core::{Decl, Route, ToolKind, ToolSpec};

pub fn tools() -> Vec<ToolSpec> {
    vec![get_org_settings()]
}

fn get_org_settings() -> ToolSpec {
    ToolSpec::new::<NoArgs>(Decl {
        name: "okta_get_org_settings",
        title: "Get org settings",
        description: "companyName, subdomain, status, website, support phone and help URL, address.",
        kind: ToolKind::Read,
        scope: "okta.orgs.read",
        route: Route::get("/api/v1/org"),
    })
    .build()
}
