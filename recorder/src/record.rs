//! A recording run: each case's tool is called over stdio on the real server binary, which talks
//! to the org through the recording proxy; what it sent and got is scrubbed and becomes the
//! cassette's new interactions. Safety rules for real orgs are enforced here, before any call.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use conformance::{Client, ServerUnderTest, binary_path, connect_with_stderr, summarize};
use mock_okta::{Cassette, CassetteFile, Expect, Interaction};
use okta_mcp_core::config::Config;
use okta_mcp_core::tool::scopes_of;
use okta_mcp_core::{ToolKind, ToolSpec};
use rmcp::model::CallToolResult;
use serde_json::{Map, Value};

use crate::proxy::{Proxy, Upstream};
use crate::scenarios::{self, Step};
use crate::scrub::{Keep, RUN_PREFIX, ScrubContext, Scrubber};

/// Ids that contain this are the fixtures' deliberately missing objects (`00uNOTFOUND000000000`).
/// Okta's ids are random, so no real object has one; calling a tool on it changes nothing.
pub const MISSING_MARKER: &str = "NOTFOUND";

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
            run_prefix: new_run_prefix(),
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

/// `okta-mcp-rec-` and 8 random characters.
pub fn new_run_prefix() -> String {
    use rand::Rng;
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    let tail: String = (0..8)
        .map(|_| char::from(CHARS[rng.random_range(0..CHARS.len())]))
        .collect();
    format!("okta-mcp-rec-{tail}")
}

/// A run prefix must be findable in logins and names, and not match anything else.
pub fn check_run_prefix(p: &str) -> Result<(), String> {
    if p.len() < 8 || p.len() > 40 {
        return Err(format!(
            "--run-prefix {p:?}: use 8 to 40 characters, e.g. okta-mcp-rec-1234"
        ));
    }
    if !p
        .bytes()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        || !p.as_bytes()[0].is_ascii_lowercase()
    {
        return Err(format!(
            "--run-prefix {p:?}: use lowercase letters, digits and '-', starting with a letter (it goes into logins)"
        ));
    }
    Ok(())
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

/// A server crate as the recorder needs it.
#[derive(Debug, Clone)]
pub struct ServerInfo {
    pub toolset: &'static str,
    pub binary: &'static str,
    pub requires_oauth: bool,
    pub tools: BTreeMap<&'static str, ToolSpec>,
}

impl ServerInfo {
    pub fn all() -> Vec<Self> {
        conformance::servers().iter().map(Self::from).collect()
    }
}

impl From<&ServerUnderTest> for ServerInfo {
    fn from(s: &ServerUnderTest) -> Self {
        Self {
            toolset: s.toolset,
            binary: s.binary,
            requires_oauth: s.requires_oauth,
            tools: (s.tools)().into_iter().map(|t| (t.name, t)).collect(),
        }
    }
}

fn is_id_arg(name: &str) -> bool {
    name == "id" || name.ends_with("Id") || name.ends_with("Ids")
}

/// Replaces `{{name}}` in every string of `v`; a placeholder left over is an error.
pub fn render(v: &Value, vars: &BTreeMap<String, String>) -> Result<Value, String> {
    Ok(match v {
        Value::String(s) => Value::String(render_str(s, vars)?),
        Value::Array(a) => Value::Array(
            a.iter()
                .map(|x| render(x, vars))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(o) => {
            let mut out = Map::new();
            for (k, x) in o {
                out.insert(k.clone(), render(x, vars)?);
            }
            Value::Object(out)
        }
        other => other.clone(),
    })
}

fn render_str(s: &str, vars: &BTreeMap<String, String>) -> Result<String, String> {
    let mut t = s.to_owned();
    for (k, v) in vars {
        t = t.replace(&format!("{{{{{k}}}}}"), v);
    }
    match t.find("{{") {
        Some(i) => Err(format!(
            "unknown placeholder in {s:?} at {:?}",
            &t[i..t.len().min(i + 20)]
        )),
        None => Ok(t),
    }
}

/// Replaces `{{runPrefix}}` in every string of `v` (cassette arguments).
fn with_run_prefix(v: &Value, prefix: &str) -> Value {
    match v {
        Value::String(s) => Value::String(s.replace(RUN_PREFIX, prefix)),
        Value::Array(a) => Value::Array(a.iter().map(|x| with_run_prefix(x, prefix)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| (k.clone(), with_run_prefix(x, prefix)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn error_text(summary: &Value) -> String {
    summary["text"]
        .as_str()
        .unwrap_or("")
        .chars()
        .take(300)
        .collect()
}

/// For a create: the new object's real id stands in for the id the old recording had at the same
/// place, so re-recording gives the same placeholder every time.
fn stable_ids(old: &[Interaction], new: &[Interaction]) -> Vec<(String, String)> {
    let id = |i: &Interaction| -> Option<String> {
        if !(200..300).contains(&i.response.status) {
            return None;
        }
        i.response
            .body
            .as_ref()?
            .get("id")?
            .as_str()
            .map(str::to_owned)
    };
    let mut out: Vec<(String, String)> = Vec::new();
    for (o, n) in old.iter().zip(new) {
        if !o.request.method.eq_ignore_ascii_case(&n.request.method) {
            continue;
        }
        if let (Some(oid), Some(nid)) = (id(o), id(n))
            && oid != nid
            && oid.get(..3) == nid.get(..3)
            && !out.iter().any(|(a, b)| *a == nid || *b == oid)
        {
            out.push((nid, oid));
        }
    }
    out
}

/// A recording run: the proxy, one stdio connection per server, what the run created.
pub struct Recorder {
    opts: Options,
    proxy: Proxy,
    servers: BTreeMap<&'static str, ServerInfo>,
    clients: BTreeMap<String, Client>,
    upstreams: BTreeMap<String, Upstream>,
    created: Vec<Created>,
    owned: HashSet<String>,
    /// `{{seq}}`: the case (`get-user-success`) and a counter within it, so logins are unique in
    /// the run and the same in every run (the recording stays the same).
    case_label: String,
    seq: u32,
    password: String,
}

impl std::fmt::Debug for Recorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recorder")
            .field("proxy", &self.proxy)
            .field("created", &self.created)
            .finish_non_exhaustive()
    }
}

impl Drop for Recorder {
    // The last guard: cleanup is always called, but if a panic or an early return ever skips it,
    // at least say what is left in the org.
    fn drop(&mut self) {
        if !self.created.is_empty() {
            eprintln!(
                "recorder: not cleaned up (remove by hand; all carry the run prefix {}):",
                self.opts.run_prefix
            );
            for c in &self.created {
                eprintln!("  {c}");
            }
        }
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
        let proxy = Proxy::start(None).await?;
        Ok(Self {
            opts,
            proxy,
            servers: ServerInfo::all()
                .into_iter()
                .map(|s| (s.toolset, s))
                .collect(),
            clients: BTreeMap::new(),
            upstreams: BTreeMap::new(),
            created: Vec::new(),
            owned: HashSet::new(),
            case_label: String::new(),
            seq: 0,
            password: random_password(),
        })
    }

    pub fn proxy(&self) -> &Proxy {
        &self.proxy
    }

    pub fn options(&self) -> &Options {
        &self.opts
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

    fn next_seq(&mut self) -> String {
        self.seq += 1;
        format!("{}-{}", self.case_label, self.seq)
    }

    fn use_server(&mut self, server: &str) -> Result<(), String> {
        let Some(config) = &self.opts.org else {
            return Ok(());
        };
        if !self.upstreams.contains_key(server) {
            let info = self
                .servers
                .get(server)
                .ok_or_else(|| format!("no server {server}"))?;
            let scopes = scopes_of(info.tools.values());
            let up = Upstream::new(config, &scopes)?;
            self.upstreams.insert(server.to_owned(), up);
        }
        if let Some(up) = self.upstreams.get(server) {
            self.proxy.set_upstream(up.clone());
        }
        Ok(())
    }

    async fn client(&mut self, server: &str) -> Result<&Client, String> {
        if !self.clients.contains_key(server) {
            let info = self
                .servers
                .get(server)
                .ok_or_else(|| format!("no server {server}"))?;
            let bin = binary_path(info.binary)?;
            let url = self.proxy.url().as_str().trim_end_matches('/').to_owned();
            // The server never sees the run's credentials: the proxy authenticates upstream.
            let mut env: Vec<(&str, String)> = vec![
                ("OKTA_ORG_URL", url),
                ("OKTA_MCP_MAX_RETRIES", "0".into()),
                ("OKTA_MCP_TIMEOUT_SECS", "300".into()),
                ("OKTA_DPOP", "never".into()),
            ];
            if info.requires_oauth {
                env.push(("OKTA_CLIENT_ID", conformance::TEST_CLIENT_ID.into()));
                env.push((
                    "OKTA_PRIVATE_KEY",
                    conformance::test_key("test-only-rsa.pem"),
                ));
                env.push(("OKTA_KEY_ID", "test-only-key".into()));
            } else {
                env.push((
                    "OKTA_API_TOKEN",
                    "recorder-proxy-holds-the-credentials".into(),
                ));
            }
            let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let stderr = if self.opts.server_logs {
                Stdio::inherit()
            } else {
                Stdio::null()
            };
            let client = connect_with_stderr(&bin, &env, stderr)
                .await
                .map_err(|e| format!("starting {}: {e}", info.binary))?;
            self.clients.insert(server.to_owned(), client);
        }
        self.clients
            .get(server)
            .ok_or_else(|| format!("no connection to {server}"))
    }

    async fn call(
        &mut self,
        server: &str,
        tool: &str,
        args: &Value,
    ) -> Result<CallToolResult, String> {
        let timeout = self.opts.call_timeout;
        let args = args.as_object().cloned().unwrap_or_default();
        let client = self.client(server).await?;
        match tokio::time::timeout(timeout, conformance::call(client, tool, &args)).await {
            Ok(Ok(r)) => Ok(r),
            Ok(Err(e)) => Err(format!("{tool}: protocol error: {e}")),
            Err(_) => Err(format!("{tool}: no answer in {}s", timeout.as_secs())),
        }
    }

    /// Ok when the rules for a real org let this call go ahead; else why not.
    pub fn allowed(&self, spec: &ToolSpec, args: &Value) -> Result<(), String> {
        if !self.opts.enforce {
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
            && !args.to_string().contains(&self.opts.run_prefix)
        {
            return Err(format!(
                "{} creates an object but its arguments carry no {RUN_PREFIX}: put {RUN_PREFIX} in a name or login \
                 so the object is marked as the run's",
                spec.name
            ));
        }
        Ok(())
    }

    fn track(
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
                .filter(|i| {
                    (200..300).contains(&i.response.status)
                        && !i.request.method.eq_ignore_ascii_case("GET")
                })
                .find_map(|i| {
                    i.response
                        .body
                        .as_ref()?
                        .get("id")?
                        .as_str()
                        .map(str::to_owned)
                })
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

    fn spec(&self, server: &str, tool: &str) -> Result<ToolSpec, String> {
        self.servers
            .get(server)
            .and_then(|s| s.tools.get(tool))
            .cloned()
            .ok_or_else(|| format!("{tool} is not a tool of the {server} server"))
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
        let args = render(&template, vars)?;
        let spec = self.spec(server, step.tool)?;
        self.allowed(&spec, &args)?;
        let result = self.call(server, step.tool, &args).await;
        let captured = self.proxy.take();
        let problems = self.proxy.take_problems();
        if matches!(spec.kind, ToolKind::Create { .. }) {
            self.track(server, step.tool, &args, result.as_ref().ok(), &captured);
        }
        let result = result?;
        if !problems.is_empty() {
            return Err(problems.join("; "));
        }
        let summary = summarize(&result)?;
        if summary["isError"].as_bool().unwrap_or(false) {
            return Err(error_text(&summary));
        }
        for (name, pointer) in step.bind {
            let v = result
                .structured_content
                .as_ref()
                .and_then(|c| c.pointer(pointer))
                .and_then(Value::as_str)
                .ok_or_else(|| format!("its result has no {pointer}"))?;
            vars.insert((*name).to_owned(), v.to_owned());
        }
        Ok(())
    }

    /// Runs one case and returns its scrubbed recording (or why not).
    pub async fn record(&mut self, server: &str, cassette: &Cassette) -> Outcome {
        let tool = cassette.tool.as_str();
        let spec = match self.spec(server, tool) {
            Ok(s) => s,
            Err(e) => return Outcome::Failed(e),
        };
        if let Err(e) = self.use_server(server) {
            return Outcome::Failed(e);
        }
        self.proxy.take();
        self.proxy.take_problems();
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
                let rendered = match render_str(template, &vars) {
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
        let args = with_run_prefix(&args, &self.opts.run_prefix);
        if let Err(why) = self.allowed(&spec, &args) {
            return Outcome::Skipped(why);
        }

        let result = self.call(server, tool, &args).await;
        let captured = self.proxy.take();
        let problems = self.proxy.take_problems();
        if matches!(spec.kind, ToolKind::Create { .. }) {
            self.track(server, tool, &args, result.as_ref().ok(), &captured);
        }
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
        let mut ctx = match self.proxy.upstream() {
            Some(u) => ScrubContext::for_org(&u),
            None => ScrubContext::default(),
        };
        ctx.add_origin(self.proxy.url());
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

    /// Removes what the run created, newest first, with each Create tool's matching delete.
    pub async fn cleanup(&mut self) -> CleanupReport {
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
            if let Err(e) = self.use_server(&c.server) {
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
                    .and_then(|t| render(&t, &vars));
                let args = match args {
                    Ok(a) => a,
                    Err(e) => {
                        failure = Some(e);
                        break;
                    }
                };
                let result = self.call(&c.server, tool, &args).await;
                self.proxy.take();
                self.proxy.take_problems();
                match result.and_then(|r| summarize(&r)) {
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

/// One line of the run's report.
#[derive(Debug)]
pub struct CaseReport {
    /// `server/tool/case`.
    pub name: String,
    pub status: Status,
}

#[derive(Debug)]
pub enum Status {
    Rewritten(PathBuf),
    Unchanged(PathBuf),
    Skipped(String),
    Failed(String),
}

/// A cassette as the fixtures hold it: pretty JSON, two-space indent, no null `body`/`bodyText`
/// in responses, a final newline.
pub fn cassette_json(c: &Cassette) -> String {
    let mut v = serde_json::to_value(c).unwrap_or(Value::Null);
    if let Some(ints) = v.get_mut("interactions").and_then(Value::as_array_mut) {
        for i in ints {
            if let Some(r) = i.get_mut("response").and_then(Value::as_object_mut) {
                for k in ["body", "bodyText"] {
                    if r.get(k).is_some_and(Value::is_null) {
                        r.remove(k);
                    }
                }
            }
        }
    }
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

/// Writes `<root>/<server>/<tool>/<case>.json`; true when the file changed.
pub fn write_cassette(root: &Path, server: &str, c: &Cassette) -> std::io::Result<(PathBuf, bool)> {
    let path = root
        .join(server)
        .join(&c.tool)
        .join(format!("{}.json", c.case));
    let text = cassette_json(c);
    if std::fs::read_to_string(&path).is_ok_and(|old| old == text) {
        return Ok((path, false));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&path, text)?;
    Ok((path, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_render_and_refuse_unknown_placeholders() {
        let vars = BTreeMap::from([("user".to_owned(), "00u1".to_owned())]);
        let v = serde_json::json!({"userId": "{{user}}", "n": 1, "a": ["x-{{user}}"]});
        assert_eq!(
            render(&v, &vars).unwrap(),
            serde_json::json!({"userId": "00u1", "n": 1, "a": ["x-00u1"]})
        );
        assert!(render(&serde_json::json!("{{factor}}"), &vars).is_err());
    }

    #[test]
    fn run_prefixes_are_checked() {
        let p = new_run_prefix();
        assert!(p.starts_with("okta-mcp-rec-"));
        check_run_prefix(&p).unwrap();
        assert!(check_run_prefix("short").is_err());
        assert!(check_run_prefix("Okta-MCP-rec-1").is_err());
        assert!(check_run_prefix("okta mcp rec 1").is_err());
    }

    #[tokio::test]
    async fn real_org_rules_skip_what_the_run_did_not_create() {
        let mut opts = Options::for_tests(b"k");
        opts.enforce = true;
        opts.run_prefix = "okta-mcp-rec-test0001".into();
        let mut rec = Recorder::start(opts).await.unwrap();
        let users = &rec.servers["users"];
        let spec = |n: &str| users.tools[n].clone();
        let (suspend, get, create, enroll) = (
            spec("okta_suspend_user"),
            spec("okta_get_user"),
            spec("okta_create_user"),
            spec("okta_enroll_factor"),
        );
        // Reads go anywhere.
        rec.allowed(&get, &serde_json::json!({"userId": "00ub0oNGTSWTBKOLGLNR"}))
            .unwrap();
        // Actions only on the run's own objects, or on the fixtures' missing ids.
        let e = rec
            .allowed(
                &suspend,
                &serde_json::json!({"userId": "00ub0oNGTSWTBKOLGLNR"}),
            )
            .unwrap_err();
        assert!(e.contains("did not create"), "{e}");
        rec.allowed(
            &suspend,
            &serde_json::json!({"userId": "00uNOTFOUND000000000"}),
        )
        .unwrap();
        rec.owned.insert("00uOWNEDbyTHISrun001".into());
        rec.allowed(
            &suspend,
            &serde_json::json!({"userId": "00uOWNEDbyTHISrun001"}),
        )
        .unwrap();
        // Creates carry the run prefix, and create under the run's objects only.
        let e = rec
            .allowed(
                &create,
                &serde_json::json!({"profile": {"login": "jordan.lee@example.com"}}),
            )
            .unwrap_err();
        assert!(e.contains("{{runPrefix}}"), "{e}");
        rec.allowed(
            &create,
            &serde_json::json!({"profile": {"login": "okta-mcp-rec-test0001-1@example.com"}, "groupIds": ["00g1"]}),
        )
        .unwrap();
        let e = rec
            .allowed(
                &enroll,
                &serde_json::json!({"userId": "00ub0oNGTSWTBKOLGLNR", "factorType": "x", "note": "okta-mcp-rec-test0001"}),
            )
            .unwrap_err();
        assert!(e.contains("did not create"), "{e}");
        // A factor of the run's own user is the run's without a prefix.
        rec.allowed(
            &enroll,
            &serde_json::json!({"userId": "00uOWNEDbyTHISrun001", "factorType": "x"}),
        )
        .unwrap();
        rec.disown();
    }
}
