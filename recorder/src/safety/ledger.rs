//! What the run created, what it may therefore touch, and removing it again.

use std::collections::{BTreeMap, HashSet};

use mock_okta::Interaction;
use okta_mcp_core::{ToolKind, ToolSpec};
use rmcp::model::CallToolResult;
use serde_json::{Map, Value};

use super::MISSING_MARKER;
use crate::drive;
use crate::record::Session;
use crate::record::{answered_id, error_text, template};
use crate::scenarios;
use crate::scrub::RUN_PREFIX;

/// An object the run created.
#[derive(Debug, Clone)]
pub struct Created {
    pub server: String,
    pub tool: String,
    pub id: String,
    pub args: Map<String, Value>,
}

impl std::fmt::Display for Created {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (made by {})", self.id, self.tool)
    }
}

/// What cleanup did.
#[derive(Debug, Default)]
pub struct CleanupReport {
    pub removed: Vec<String>,
    pub left: Vec<String>,
}

/// The objects a run created, in order, and the own-objects rule that follows from them.
#[derive(Debug)]
pub struct Ledger {
    run_prefix: String,
    /// Whether the rules apply (a real org); a loopback test org has nothing to protect.
    enforce: bool,
    created: Vec<Created>,
    owned: HashSet<String>,
}

impl Drop for Ledger {
    // The last guard: cleanup is always called, but if a panic or an early return ever skips it,
    // at least say what is left in the org.
    fn drop(&mut self) {
        if !self.created.is_empty() {
            eprintln!(
                "recorder: not cleaned up (remove by hand; all carry the run prefix {}):",
                self.run_prefix
            );
            for c in &self.created {
                eprintln!("  {c}");
            }
        }
    }
}

fn is_id_arg(name: &str) -> bool {
    name == "id" || name.ends_with("Id") || name.ends_with("Ids")
}

impl Ledger {
    pub fn new(run_prefix: &str, enforce: bool) -> Self {
        Self {
            run_prefix: run_prefix.to_owned(),
            enforce,
            created: Vec::new(),
            owned: HashSet::new(),
        }
    }

    /// Objects created so far and not cleaned up.
    pub fn created(&self) -> &[Created] {
        &self.created
    }

    /// Forgets the created objects without removing them (a mock org that is thrown away).
    pub fn disown(&mut self) -> Vec<Created> {
        self.owned.clear();
        std::mem::take(&mut self.created)
    }

    /// Whether a read's route lies under the run's own objects: it has path parameters, and each
    /// names an object the run created (a brand's theme list).
    pub fn owns_route(&self, spec: &ToolSpec, args: &Value) -> bool {
        let params = spec.path_params();
        spec.kind == ToolKind::Read
            && !params.is_empty()
            && params.iter().all(|p| {
                args.get(*p)
                    .and_then(Value::as_str)
                    .is_some_and(|id| self.owned.contains(id))
            })
    }

    /// Counts an object a read found under the run's own object as the run's (the theme Okta
    /// made with the run's brand): the run may act on it, and it goes with its parent, so there is
    /// nothing to clean up for it.
    pub fn adopt(&mut self, id: &str) {
        self.owned.insert(id.to_owned());
    }

    /// Ok when the rules for a real org let this call go ahead; else why not.
    pub fn allowed(&self, spec: &ToolSpec, args: &Value) -> Result<(), String> {
        if !self.enforce {
            return Ok(());
        }
        if spec.kind == ToolKind::Read {
            return Ok(());
        }
        let mut targets: Vec<(&str, &Value)> = Vec::new();
        for p in spec.path_params() {
            if let Some(v) = args.get(p) {
                targets.push((p, v));
            }
        }
        if !matches!(spec.kind, ToolKind::Create { .. })
            && let Some(o) = args.as_object()
        {
            for (k, v) in o {
                if is_id_arg(k) && !targets.iter().any(|(t, _)| t == k) {
                    targets.push((k.as_str(), v));
                }
            }
        }
        for (name, v) in targets {
            let values: Vec<&Value> = match v {
                Value::Array(a) => a.iter().collect(),
                other => vec![other],
            };
            for v in values {
                let Some(s) = v.as_str() else {
                    return Err(format!("{}: {name} is not a string id", spec.name));
                };
                if !self.owned.contains(s) && !s.contains(MISSING_MARKER) {
                    return Err(format!(
                        "{} ({}) would act on {name}={s}, which this run did not create",
                        spec.name,
                        spec.kind.as_str()
                    ));
                }
            }
        }
        // What a create makes must be recognisable as the run's: by the prefix in a name or login,
        // or by belonging to an object of the run (a factor of the run's user). By now every
        // parent in the route is the run's or a missing id.
        if matches!(spec.kind, ToolKind::Create { .. })
            && spec.path_params().is_empty()
            && !args.to_string().contains(&self.run_prefix)
        {
            return Err(format!(
                "{} creates an object but its arguments carry no {RUN_PREFIX}: put {RUN_PREFIX} in a name or login \
                 so the object is marked as the run's",
                spec.name
            ));
        }
        Ok(())
    }

    /// Notes what a create call made, from its result or, if the answer was lost, from the wire.
    pub fn track(
        &mut self,
        server: &str,
        tool: &str,
        args: &Value,
        result: Option<&CallToolResult>,
        captured: &[Interaction],
    ) {
        let from_result = result
            .filter(|r| !r.is_error.unwrap_or(false))
            .and_then(|r| r.structured_content.as_ref())
            .and_then(|v| v.get("id"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        // If the answer was lost (a timeout), the proxy still saw what Okta made.
        let from_wire = || {
            captured
                .iter()
                .rev()
                .filter(|i| !i.request.method.eq_ignore_ascii_case("GET"))
                .find_map(answered_id)
        };
        if let Some(id) = from_result.or_else(from_wire) {
            self.owned.insert(id.clone());
            self.created.push(Created {
                server: server.to_owned(),
                tool: tool.to_owned(),
                id,
                args: args.as_object().cloned().unwrap_or_default(),
            });
        }
    }

    /// Removes what the run created, newest first, with each Create tool's matching delete.
    pub(crate) async fn cleanup(&mut self, session: &mut Session) -> CleanupReport {
        let mut report = CleanupReport::default();
        // One at a time from the end, and off the list only once handled: if cleanup itself is
        // interrupted, what is still listed is what is still in the org (the Drop guard says so).
        while let Some(c) = self.created.last().cloned() {
            let Some(plan) = scenarios::cleanup_for(&c.tool) else {
                report
                    .left
                    .push(format!("{c}: no delete tool for it; remove it by hand"));
                self.created.pop();
                continue;
            };
            if let Err(e) = session.use_server(&c.server) {
                report.left.push(format!("{c}: {e}"));
                self.created.pop();
                continue;
            }
            let mut vars = BTreeMap::from([("id".to_owned(), c.id.clone())]);
            for (k, v) in &c.args {
                if let Some(s) = v.as_str() {
                    vars.insert(format!("args.{k}"), s.to_owned());
                }
            }
            let mut failure = None;
            for (tool, template) in plan.steps {
                let args = serde_json::from_str::<Value>(template)
                    .map_err(|e| e.to_string())
                    .and_then(|t| template::render(&t, &vars));
                let args = match args {
                    Ok(a) => a,
                    Err(e) => {
                        failure = Some(e);
                        break;
                    }
                };
                let result = session.call(&c.server, tool, &args).await;
                session.proxy().take();
                session.proxy().take_problems();
                match result.and_then(|r| drive::summarize(&r)) {
                    Ok(s) if !s["isError"].as_bool().unwrap_or(false) => {}
                    Ok(s) => {
                        let text = error_text(&s);
                        // Gone already (an earlier step or the case itself removed it).
                        if !(text.contains(" 404 ") || text.contains("E0000007")) {
                            failure = Some(format!("{tool}: {text}"));
                        }
                        break;
                    }
                    Err(e) => {
                        failure = Some(e);
                        break;
                    }
                }
            }
            self.owned.remove(&c.id);
            self.created.pop();
            match failure {
                None => report.removed.push(c.to_string()),
                Some(e) => report.left.push(format!("{c}: {e}")),
            }
        }
        report
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::ServerInfo;

    #[test]
    fn real_org_rules_skip_what_the_run_did_not_create() {
        let mut ledger = Ledger::new("okta-mcp-rec-test0001", true);
        let users = ServerInfo::all()
            .into_iter()
            .find(|s| s.toolset == "users")
            .unwrap();
        let spec = |n: &str| users.tools[n].clone();
        let (suspend, get, create, enroll) = (
            spec("okta_suspend_user"),
            spec("okta_get_user"),
            spec("okta_create_user"),
            spec("okta_enroll_factor"),
        );
        // Reads go anywhere.
        ledger
            .allowed(&get, &json!({"userId": "00ub0oNGTSWTBKOLGLNR"}))
            .unwrap();
        // Actions only on the run's own objects, or on the fixtures' missing ids.
        let e = ledger
            .allowed(&suspend, &json!({"userId": "00ub0oNGTSWTBKOLGLNR"}))
            .unwrap_err();
        assert!(e.contains("did not create"), "{e}");
        ledger
            .allowed(&suspend, &json!({"userId": "00uNOTFOUND000000000"}))
            .unwrap();
        ledger.owned.insert("00uOWNEDbyTHISrun001".into());
        ledger
            .allowed(&suspend, &json!({"userId": "00uOWNEDbyTHISrun001"}))
            .unwrap();
        // Creates carry the run prefix, and create under the run's objects only.
        let e = ledger
            .allowed(
                &create,
                &json!({"profile": {"login": "jordan.lee@example.com"}}),
            )
            .unwrap_err();
        assert!(e.contains("{{runPrefix}}"), "{e}");
        ledger
            .allowed(
                &create,
                &json!({"profile": {"login": "okta-mcp-rec-test0001-1@example.com"}, "groupIds": ["00g1"]}),
            )
            .unwrap();
        let e = ledger
            .allowed(
                &enroll,
                &json!({"userId": "00ub0oNGTSWTBKOLGLNR", "factorType": "x", "note": "okta-mcp-rec-test0001"}),
            )
            .unwrap_err();
        assert!(e.contains("did not create"), "{e}");
        // A factor of the run's own user is the run's without a prefix.
        ledger
            .allowed(
                &enroll,
                &json!({"userId": "00uOWNEDbyTHISrun001", "factorType": "x"}),
            )
            .unwrap();
        // A test org has nothing to protect.
        let open = Ledger::new("okta-mcp-rec-test0001", false);
        open.allowed(&suspend, &json!({"userId": "00ub0oNGTSWTBKOLGLNR"}))
            .unwrap();
    }

    #[test]
    fn what_a_read_finds_under_the_runs_brand_is_the_runs() {
        let mut ledger = Ledger::new("okta-mcp-rec-test0001", true);
        let branding = ServerInfo::all()
            .into_iter()
            .find(|s| s.toolset == "branding")
            .unwrap();
        let (themes, upload) = (
            branding.tools["okta_list_brand_themes"].clone(),
            branding.tools["okta_upload_brand_theme_logo"].clone(),
        );
        let theme = json!({"brandId": "bndOWNEDbyTHISrun001", "themeId": "thd1demoDefaultThm01"});
        // The org's default brand's theme is not the run's.
        assert!(!ledger.owns_route(&themes, &json!({"brandId": "bnd1demoDefaultBrand"})));
        assert!(ledger.allowed(&upload, &theme).is_err());
        ledger.owned.insert("bndOWNEDbyTHISrun001".into());
        assert!(ledger.owns_route(&themes, &json!({"brandId": "bndOWNEDbyTHISrun001"})));
        ledger.adopt("thd1demoDefaultThm01");
        ledger.allowed(&upload, &theme).unwrap();
        // A write is never a read whose findings are adopted.
        assert!(!ledger.owns_route(&upload, &theme));
    }

    #[test]
    fn creates_are_tracked_from_the_wire_when_the_answer_is_lost() {
        let mut ledger = Ledger::new("okta-mcp-rec-test0001", true);
        let captured: Vec<Interaction> = serde_json::from_value(json!([
            {"request": {"method": "POST", "path": "/api/v1/users", "query": {}, "body": null},
             "response": {"status": 200, "headers": {}, "body": {"id": "00uMADEbyTHISrun0001"}}}
        ]))
        .unwrap();
        ledger.track("users", "okta_create_user", &json!({}), None, &captured);
        assert_eq!(ledger.created()[0].id, "00uMADEbyTHISrun0001");
        assert!(ledger.owned.contains("00uMADEbyTHISrun0001"));
        assert_eq!(ledger.disown().len(), 1);
        assert!(ledger.created().is_empty() && ledger.owned.is_empty());
    }
}
