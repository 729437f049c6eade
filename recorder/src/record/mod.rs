//! A recording run: each case's tool is called over stdio on the real server binary, which talks
//! to the org through the recording proxy; what it sent and got is scrubbed and becomes the
//! cassette's new interactions. The rules for real orgs ([`crate::safety`]) are applied to every
//! call before it is made.

mod session;
pub(crate) mod template;
mod write;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use mock_okta::{Cassette, CassetteFile, Expect, Interaction};
use okta_mcp_core::ToolKind;
use okta_mcp_core::config::Config;
use serde_json::Value;

pub(crate) use self::session::Session;
pub use self::write::{CaseReport, Status, cassette_json, write_cassette};
pub use crate::drive::ServerInfo;
use crate::drive::summarize;
use crate::proxy::Proxy;
use crate::safety::{self, CleanupReport, Created, Ledger};
use crate::scenarios::{self, Step};
use crate::scrub::{Keep, ScrubContext, Scrubber};

/// How a run behaves.
#[derive(Debug)]
pub struct Options {
    /// Marks every object the run creates; replaces `{{runPrefix}}` in arguments.
    pub run_prefix: String,
    /// The rules for a real org: a create must carry the run prefix, and a tool that is not a read
    /// may act only on objects this run created (or on the fixtures' missing ids).
    pub enforce: bool,
    /// Prepare cases from the scenario table (real orgs; the mock org has the fixtures' objects).
    pub scenarios: bool,
    /// Placeholders already: the committed fixtures' values.
    pub keep: Arc<Keep>,
    pub scrubber: Scrubber,
    /// The run's own credentials, removed wherever they would appear.
    pub secrets: Vec<String>,
    /// The org, to forward each server's calls with that server's scopes. None: the caller sets
    /// the proxy's upstream itself (tests, with one mock org per cassette).
    pub org: Option<Config>,
    /// Pass the servers' stderr through (their logs), instead of discarding it.
    pub server_logs: bool,
    pub call_timeout: Duration,
}

impl Options {
    /// Options for a test org: no scenarios, no enforcement, an empty keep set.
    pub fn for_tests(scrub_key: &[u8]) -> Self {
        Self {
            run_prefix: safety::new_run_prefix(),
            enforce: false,
            scenarios: false,
            keep: Arc::new(Keep::default()),
            scrubber: Scrubber::new(scrub_key),
            secrets: Vec::new(),
            org: None,
            server_logs: false,
            call_timeout: Duration::from_secs(120),
        }
    }
}

/// What became of one case.
#[derive(Debug)]
pub enum Outcome {
    /// The scrubbed recording, ready to write.
    Recorded(Cassette),
    /// Not run, and why (a safety rule, a setup that failed).
    Skipped(String),
    /// Run, but the recording is not usable (the result did not match `expect`, the org failed).
    Failed(String),
}

/// The start of an error result's text, for a report line.
pub(crate) fn error_text(summary: &Value) -> String {
    summary["text"]
        .as_str()
        .unwrap_or("")
        .chars()
        .take(300)
        .collect()
}

/// The `id` in a successful answer's body: what a create made.
pub(crate) fn answered_id(i: &Interaction) -> Option<String> {
    if !(200..300).contains(&i.response.status) {
        return None;
    }
    i.response
        .body
        .as_ref()?
        .get("id")?
        .as_str()
        .map(str::to_owned)
}

/// For a create: the new object's real id stands in for the id the old recording had at the same
/// place, so re-recording gives the same placeholder every time.
fn stable_ids(old: &[Interaction], new: &[Interaction]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (o, n) in old.iter().zip(new) {
        if !o.request.method.eq_ignore_ascii_case(&n.request.method) {
            continue;
        }
        if let (Some(oid), Some(nid)) = (answered_id(o), answered_id(n))
            && oid != nid
            && oid.get(..3) == nid.get(..3)
            && !out.iter().any(|(a, b)| *a == nid || *b == oid)
        {
            out.push((nid, oid));
        }
    }
    out
}

/// A recording run: the servers it calls, what it created, and the case being recorded.
pub struct Recorder {
    opts: Options,
    session: Session,
    ledger: Ledger,
    /// `{{seq}}`: the case (`get-user-success`) and a counter within it, so logins are unique in
    /// the run and the same in every run (the recording stays the same).
    case_label: String,
    seq: u32,
    password: String,
}

impl std::fmt::Debug for Recorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recorder")
            .field("proxy", self.session.proxy())
            .field("created", &self.ledger.created())
            .finish_non_exhaustive()
    }
}

fn random_password() -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    let tail: String = (0..16)
        .map(|_| char::from(crate::key::ALNUM[rng.random_range(0..crate::key::ALNUM.len())]))
        .collect();
    // Upper, lower, digit and symbol whatever the tail: enough for Okta's default policy.
    format!("Rq7#{tail}")
}

impl Recorder {
    pub async fn start(opts: Options) -> std::io::Result<Self> {
        let session = Session::start(&opts).await?;
        let ledger = Ledger::new(&opts.run_prefix, opts.enforce);
        Ok(Self {
            opts,
            session,
            ledger,
            case_label: String::new(),
            seq: 0,
            password: random_password(),
        })
    }

    pub fn proxy(&self) -> &Proxy {
        self.session.proxy()
    }

    pub fn options(&self) -> &Options {
        &self.opts
    }

    /// Objects created so far and not cleaned up.
    pub fn created(&self) -> &[Created] {
        self.ledger.created()
    }

    /// Forgets the created objects without removing them (a mock org that is thrown away).
    pub fn disown(&mut self) -> Vec<Created> {
        self.ledger.disown()
    }

    /// Removes what the run created, newest first, with each Create tool's matching delete.
    pub async fn cleanup(&mut self) -> CleanupReport {
        self.ledger.cleanup(&mut self.session).await
    }

    fn next_seq(&mut self) -> String {
        self.seq += 1;
        format!("{}-{}", self.case_label, self.seq)
    }

    /// Calls a tool the rules allowed, noting what a create made; the call's result and what the
    /// proxy saw and suffered meanwhile.
    async fn call(
        &mut self,
        server: &str,
        kind: ToolKind,
        tool: &str,
        args: &Value,
    ) -> (
        Result<rmcp::model::CallToolResult, String>,
        Vec<Interaction>,
        Vec<String>,
    ) {
        let result = self.session.call(server, tool, args).await;
        let captured = self.session.proxy().take();
        let problems = self.session.proxy().take_problems();
        if matches!(kind, ToolKind::Create { .. }) {
            self.ledger
                .track(server, tool, args, result.as_ref().ok(), &captured);
        }
        (result, captured, problems)
    }

    async fn setup_step(
        &mut self,
        server: &str,
        step: &Step,
        vars: &mut BTreeMap<String, String>,
    ) -> Result<(), String> {
        let seq = self.next_seq();
        vars.insert("seq".into(), seq);
        let template: Value =
            serde_json::from_str(step.args).map_err(|e| format!("bad template: {e}"))?;
        let args = template::render(&template, vars)?;
        let spec = self.session.spec(server, step.tool)?;
        self.ledger.allowed(&spec, &args)?;
        let (result, _, problems) = self.call(server, spec.kind, step.tool, &args).await;
        let result = result?;
        if !problems.is_empty() {
            return Err(problems.join("; "));
        }
        let summary = summarize(&result)?;
        if summary["isError"].as_bool().unwrap_or(false) {
            return Err(error_text(&summary));
        }
        let under_own = self.ledger.owns_route(&spec, &args);
        for (name, pointer) in step.bind {
            let v = result
                .structured_content
                .as_ref()
                .and_then(|c| c.pointer(pointer))
                .and_then(Value::as_str)
                .ok_or_else(|| format!("its result has no {pointer}"))?;
            if under_own {
                self.ledger.adopt(v);
            }
            vars.insert((*name).to_owned(), v.to_owned());
        }
        Ok(())
    }

    /// Runs one case and returns its scrubbed recording (or why not).
    pub async fn record(&mut self, server: &str, cassette: &Cassette) -> Outcome {
        let tool = cassette.tool.as_str();
        let spec = match self.session.spec(server, tool) {
            Ok(s) => s,
            Err(e) => return Outcome::Failed(e),
        };
        if let Err(e) = self.session.use_server(server) {
            return Outcome::Failed(e);
        }
        self.session.proxy().take();
        self.session.proxy().take_problems();
        self.case_label = format!("{}-{}", tool.trim_start_matches("okta_"), cassette.case)
            .replace('_', "-")
            .to_ascii_lowercase();
        self.seq = 0;

        let mut args = Value::Object(cassette.arguments.clone());
        let mut aliases: Vec<(String, String)> = Vec::new();
        if self.opts.scenarios
            && let Some(sc) = scenarios::find(tool, &cassette.case)
        {
            let mut vars = BTreeMap::from([
                ("runPrefix".to_owned(), self.opts.run_prefix.clone()),
                ("password".to_owned(), self.password.clone()),
            ]);
            for step in sc.steps {
                if let Err(e) = self.setup_step(server, step, &mut vars).await {
                    return Outcome::Skipped(format!("setup with {} failed: {e}", step.tool));
                }
            }
            let seq = self.next_seq();
            vars.insert("seq".into(), seq);
            for (pointer, template) in sc.inject {
                let rendered = match template::render_str(template, &vars) {
                    Ok(r) => r,
                    Err(e) => return Outcome::Failed(e),
                };
                let Some(slot) = args.pointer_mut(pointer) else {
                    return Outcome::Skipped(format!("the cassette has no argument at {pointer}"));
                };
                if let Some(old) = slot.as_str() {
                    aliases.push((rendered.clone(), old.to_owned()));
                }
                *slot = Value::String(rendered);
            }
        }
        let args = template::with_run_prefix(&args, &self.opts.run_prefix);
        if let Err(why) = self.ledger.allowed(&spec, &args) {
            return Outcome::Skipped(why);
        }

        let (result, captured, problems) = self.call(server, spec.kind, tool, &args).await;
        let result = match result {
            Ok(r) => r,
            Err(e) => return Outcome::Failed(e),
        };
        if !problems.is_empty() {
            return Outcome::Failed(problems.join("; "));
        }
        let summary = match summarize(&result) {
            Ok(s) => s,
            Err(e) => return Outcome::Failed(format!("malformed result: {e}")),
        };
        let is_error = summary["isError"].as_bool().unwrap_or(false);
        match (&cassette.expect, is_error) {
            (Expect::Success, true) => {
                return Outcome::Failed(format!("expected success, got: {}", error_text(&summary)));
            }
            (Expect::Error, false) => {
                return Outcome::Failed("expected an error, got success".into());
            }
            _ => {}
        }
        if matches!(spec.kind, ToolKind::Create { .. }) {
            aliases.extend(stable_ids(&cassette.interactions, &captured));
        }

        let ctx = self.context(cassette, aliases);
        let interactions = self.opts.scrubber.interactions(&ctx, &captured);
        Outcome::Recorded(Cassette {
            tool: cassette.tool.clone(),
            case: cassette.case.clone(),
            expect: cassette.expect.clone(),
            description: cassette.description.clone(),
            assumed: cassette.assumed.clone(),
            arguments: cassette.arguments.clone(),
            interactions,
        })
    }

    fn context(&self, cassette: &Cassette, aliases: Vec<(String, String)>) -> ScrubContext {
        let proxy = self.session.proxy();
        let mut ctx = match proxy.upstream() {
            Some(u) => ScrubContext::for_org(&u),
            None => ScrubContext::default(),
        };
        ctx.add_origin(proxy.url());
        ctx.run_prefix = Some(self.opts.run_prefix.clone());
        // The committed fixtures, and this case's arguments (kept verbatim, so what the server sends
        // from them must stay as it is). Not the old interactions: a cassette nobody committed
        // yet is not a placeholder.
        let mut keep = (*self.opts.keep).clone();
        keep.add_value(&Value::Object(cassette.arguments.clone()));
        ctx.keep = Arc::new(keep);
        ctx.aliases = aliases;
        ctx.secrets.clone_from(&self.opts.secrets);
        ctx
    }

    /// Records each case and writes what it recorded under `out` (`<server>/<tool>/<case>.json`),
    /// telling `report` about each case as it goes.
    pub async fn run(
        &mut self,
        files: &[CassetteFile],
        out: &Path,
        report: &mut dyn FnMut(CaseReport),
    ) {
        for f in files {
            let outcome = self.record(&f.server, &f.cassette).await;
            let status = match outcome {
                Outcome::Recorded(c) => match write_cassette(out, &f.server, &c) {
                    Ok((path, true)) => Status::Rewritten(path),
                    Ok((path, false)) => Status::Unchanged(path),
                    Err(e) => Status::Failed(format!("writing: {e}")),
                },
                Outcome::Skipped(why) => Status::Skipped(why),
                Outcome::Failed(why) => Status::Failed(why),
            };
            report(CaseReport {
                name: format!("{}/{}/{}", f.server, f.cassette.tool, f.cassette.case),
                status,
            });
        }
    }
}
