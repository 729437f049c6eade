//! The servers a run talks to: one stdio connection per server binary, all pointed at the
//! recording proxy, whose upstream follows the server being called (each with its own scopes).

use std::collections::BTreeMap;
use std::process::Stdio;
use std::time::Duration;

use okta_mcp_core::ToolSpec;
use okta_mcp_core::config::Config;
use okta_mcp_core::tool::scopes_of;
use rmcp::model::CallToolResult;
use serde_json::Value;

use super::Options;
use crate::drive::{self, Client, ServerInfo};
use crate::proxy::{Proxy, Upstream};

/// The proxy and the server connections of a run.
pub(crate) struct Session {
    proxy: Proxy,
    servers: BTreeMap<&'static str, ServerInfo>,
    clients: BTreeMap<String, Client>,
    upstreams: BTreeMap<String, Upstream>,
    /// The org, to forward each server's calls with that server's scopes. None: the caller sets
    /// the proxy's upstream itself.
    org: Option<Config>,
    server_logs: bool,
    call_timeout: Duration,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("proxy", &self.proxy)
            .finish_non_exhaustive()
    }
}

impl Session {
    pub(crate) async fn start(opts: &Options) -> std::io::Result<Self> {
        Ok(Self {
            proxy: Proxy::start(None).await?,
            servers: ServerInfo::all()
                .into_iter()
                .map(|s| (s.toolset, s))
                .collect(),
            clients: BTreeMap::new(),
            upstreams: BTreeMap::new(),
            org: opts.org.clone(),
            server_logs: opts.server_logs,
            call_timeout: opts.call_timeout,
        })
    }

    pub(crate) fn proxy(&self) -> &Proxy {
        &self.proxy
    }

    /// A tool of a server, as declared.
    pub(crate) fn spec(&self, server: &str, tool: &str) -> Result<ToolSpec, String> {
        self.servers
            .get(server)
            .and_then(|s| s.tools.get(tool))
            .cloned()
            .ok_or_else(|| format!("{tool} is not a tool of the {server} server"))
    }

    /// Points the proxy at the org with `server`'s scopes (when the run has an org of its own).
    pub(crate) fn use_server(&mut self, server: &str) -> Result<(), String> {
        let Some(config) = &self.org else {
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
            let bin = drive::binary_path(info.binary)?;
            let url = self.proxy.url().as_str().trim_end_matches('/').to_owned();
            // The server never sees the run's credentials: the proxy authenticates upstream. It
            // gets the run's secret instead, without which the proxy serves nothing.
            let mut env: Vec<(&str, String)> = vec![
                ("OKTA_ORG_URL", url),
                ("OKTA_MCP_MAX_RETRIES", "0".into()),
                ("OKTA_MCP_TIMEOUT_SECS", "300".into()),
                ("OKTA_DPOP", "never".into()),
            ];
            env.extend(self.proxy.server_env(info.requires_oauth));
            if info.requires_oauth {
                env.push(("OKTA_PRIVATE_KEY", drive::test_key("test-only-rsa.pem")));
                env.push(("OKTA_KEY_ID", "test-only-key".into()));
            }
            let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let stderr = if self.server_logs {
                Stdio::inherit()
            } else {
                Stdio::null()
            };
            let client = drive::connect(&bin, &env, stderr)
                .await
                .map_err(|e| format!("starting {}: {e}", info.binary))?;
            self.clients.insert(server.to_owned(), client);
        }
        self.clients
            .get(server)
            .ok_or_else(|| format!("no connection to {server}"))
    }

    /// Calls `tool` on `server`'s binary (started on first use), within the run's call timeout.
    pub(crate) async fn call(
        &mut self,
        server: &str,
        tool: &str,
        args: &Value,
    ) -> Result<CallToolResult, String> {
        let timeout = self.call_timeout;
        let args = args.as_object().cloned().unwrap_or_default();
        let client = self.client(server).await?;
        match tokio::time::timeout(timeout, drive::call(client, tool, &args)).await {
            Ok(Ok(r)) => Ok(r),
            Ok(Err(e)) => Err(format!("{tool}: protocol error: {e}")),
            Err(_) => Err(format!("{tool}: no answer in {}s", timeout.as_secs())),
        }
    }
}
