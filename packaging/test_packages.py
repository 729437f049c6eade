#!/usr/bin/env python3
"""Installs and runs the built packages the way their users do (`just package-test`).

- The PyPI wheel: installed into a fresh virtual environment with pip, offline; its `okta-mcp`
  entry point answers --version, serves tools/list over stdio, and writes client configurations
  that start that entry point.
- The MCP Bundle: unpacked with the mcpb CLI and started with the command and environment that
  the mcpb library resolves from the manifest and a user's settings, as Claude Desktop does.
- server.json for the release: the bundle's real SHA-256.

Every tools/list is compared with the one of the workspace's own binary, so a package that
serves a different tool set fails. Standard library only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import selectors
import subprocess
import sys
import re
import tempfile
import venv
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Toolsets an SSWS API token can serve (governance needs OAuth).
SSWS_TOOLSETS = "users,apps,policy,admin,security,groups"
TIMEOUT = 30.0


class Failure(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise Failure(message)


def version() -> str:
    """The workspace version ([workspace.package] is the first `version = ` line of Cargo.toml)."""
    m = re.search(r'^version = "([^"]+)"$', (REPO / "Cargo.toml").read_text(), re.M)
    assert m, "Cargo.toml has no version"
    return m.group(1)


class Session:
    """A stdio MCP session with a server process: newline-delimited JSON-RPC."""

    def __init__(self, argv: list[str], env: dict[str, str]):
        self.proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        )
        self.buf = b""
        self.sel = selectors.DefaultSelector()
        assert self.proc.stdout is not None
        self.sel.register(self.proc.stdout, selectors.EVENT_READ)
        self.next_id = 0

    def send(self, msg: dict) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(msg).encode() + b"\n")
        self.proc.stdin.flush()

    def read(self) -> dict:
        assert self.proc.stdout is not None
        while b"\n" not in self.buf:
            if not self.sel.select(TIMEOUT):
                raise Failure("no answer from the server within %ss" % TIMEOUT)
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                raise Failure("the server closed stdout: " + self.stderr())
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        try:
            return json.loads(line)
        except json.JSONDecodeError:
            raise Failure("stdout carried a line that is not JSON-RPC: %r" % line[:200])

    def request(self, method: str, params: dict) -> dict:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            msg = self.read()
            if msg.get("id") == self.next_id:
                check("error" not in msg, "%s failed: %s" % (method, msg.get("error")))
                return msg["result"]

    def stderr(self) -> str:
        if self.proc.poll() is None:
            return ""
        assert self.proc.stderr is not None
        return self.proc.stderr.read().decode(errors="replace")

    def close(self) -> int:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        try:
            return self.proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise Failure("the server did not exit when stdin closed")


def tools_list(argv: list[str], env: dict[str, str]) -> list[dict]:
    """Starts a server, initializes a session, lists every tool, closes stdin; expects exit 0."""
    s = Session(argv, env)
    try:
        init = s.request(
            "initialize",
            {
                "protocolVersion": "2025-06-18",
                "capabilities": {},
                "clientInfo": {"name": "okta-mcp-package-test", "version": "1"},
            },
        )
        check("tools" in init.get("capabilities", {}), "the server offers no tools: %s" % init)
        s.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        tools: list[dict] = []
        cursor = None
        while True:
            result = s.request("tools/list", {"cursor": cursor} if cursor else {})
            tools += result["tools"]
            cursor = result.get("nextCursor")
            if not cursor:
                break
    finally:
        code = s.close()
    check(code == 0, "the server exited with %s after stdin closed" % code)
    return tools


def base_env(**extra: str) -> dict[str, str]:
    # Nothing from the caller's environment but PATH: no OKTA_* setting may leak in, and a test
    # must pass in a clean one.
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    env.update(extra)
    return env


def names(tools: list[dict]) -> list[str]:
    return sorted(t["name"] for t in tools)


def test_wheel(wheel_dir: Path, reference: Path, tmp: Path) -> None:
    wheels = sorted(wheel_dir.glob("okta_mcp-%s-*.whl" % version()))
    check(len(wheels) == 1, "expected one okta_mcp %s wheel in %s, found %s" % (version(), wheel_dir, wheels))
    wheel = wheels[0]
    with zipfile.ZipFile(wheel) as z:
        scripts = [n for n in z.namelist() if ".data/scripts/" in n]
    check(
        [Path(n).name for n in scripts] in (["okta-mcp"], ["okta-mcp.exe"]),
        "the wheel must carry exactly the okta-mcp binary as a script: %s" % scripts,
    )
    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run(
        [str(bindir / "python"), "-m", "pip", "install", "--quiet", "--no-index", str(wheel)],
        check=True,
    )
    entry = bindir / "okta-mcp"
    check(entry.is_file() and os.access(entry, os.X_OK), "pip installed no okta-mcp command")

    out = subprocess.run([str(entry), "--version"], capture_output=True, text=True, env=base_env())
    check(out.returncode == 0, "okta-mcp --version failed: %s" % out.stderr)
    check(out.stdout.strip() == "okta-mcp %s" % version(), "okta-mcp --version said %r" % out.stdout)

    env = base_env(
        OKTA_ORG_URL="https://example.okta.com",
        OKTA_API_TOKEN="package-test-token",
        OKTA_MCP_TOOLSETS=SSWS_TOOLSETS,
    )
    installed = tools_list([str(entry)], env)
    expected = tools_list([str(reference)], env)
    check(len(installed) > 100, "the installed server lists only %d tools" % len(installed))
    check(names(installed) == names(expected), "the wheel serves other tools than the workspace binary")

    # The installed command configures clients with its own, stable path.
    out = subprocess.run(
        [str(entry), "--toolsets", "users", "config", "--client", "claude-desktop"],
        capture_output=True, text=True, env=base_env(), check=True,
    )
    doc = json.loads(out.stdout.split("\n", 1)[1])
    check(
        doc["mcpServers"]["okta-users"]["command"] == str(entry.resolve()),
        "config names %r, not the installed %s" % (doc["mcpServers"]["okta-users"]["command"], entry),
    )
    print("wheel: %s installed; --version ok; %d tools listed through the entry point" % (wheel.name, len(installed)))


def resolved_launch(mcpb_module: Path, bundle_dir: Path, user_config: dict) -> dict:
    out = subprocess.run(
        ["node", str(REPO / "packaging/mcpb/resolve_config.mjs"), str(mcpb_module), str(bundle_dir), json.dumps(user_config)],
        capture_output=True, text=True,
    )
    check(out.returncode == 0, "resolving the bundle's config failed: %s" % out.stderr)
    return json.loads(out.stdout)


def test_bundle(bundle: Path, mcpb_cli: Path, mcpb_module: Path, reference: Path, tmp: Path) -> None:
    check(bundle.is_file(), "no bundle at %s" % bundle)
    unpacked = tmp / "bundle"
    subprocess.run([str(mcpb_cli), "unpack", str(bundle), str(unpacked)], check=True, capture_output=True)
    manifest = json.loads((unpacked / "manifest.json").read_text())
    check(manifest["version"] == version(), "bundle version %s" % manifest["version"])

    # An admin with an SSWS token who ticked read-only and chose two toolsets.
    launch = resolved_launch(
        mcpb_module,
        unpacked,
        {"org_url": "https://example.okta.com", "api_token": "package-test-token", "toolsets": "users,groups", "read_only": True},
    )
    check(launch["command"] == str(unpacked / "server" / "okta-mcp"), "command %s" % launch["command"])
    check(
        all("${" not in v for v in launch["env"].values()),
        "unresolved settings reach the server: %s" % launch["env"],
    )
    env = base_env(**{k: v for k, v in launch["env"].items()})
    tools = tools_list([launch["command"], *launch.get("args", [])], env)
    expected = tools_list(
        [str(reference), "--read-only", "--toolsets", "users,groups"],
        base_env(OKTA_ORG_URL="https://example.okta.com", OKTA_API_TOKEN="t"),
    )
    check(names(tools) == names(expected), "read-only users,groups from the bundle differ from the binary's")
    check(all(t["annotations"]["readOnlyHint"] for t in tools), "read-only bundle lists a write tool")
    read_only = len(tools)

    # An OAuth service app with its key file, every toolset (governance needs OAuth).
    launch = resolved_launch(
        mcpb_module,
        unpacked,
        {
            "org_url": "https://example.okta.com",
            "client_id": "0oapackagetest",
            "key_id": "package-test-kid",
            "private_key_file": str(REPO / "fixtures/keys/test-only-rsa.pem"),
            "toolsets": "all",
        },
    )
    env = base_env(**launch["env"])
    check(env.get("OKTA_API_TOKEN") == "", "an unset token must reach the server empty, not as text")
    tools = tools_list([launch["command"], *launch.get("args", [])], env)
    expected = tools_list([str(reference), "--toolsets", "all"], base_env(**launch["env"]))
    check(names(tools) == names(expected), "OAuth all-toolsets from the bundle differ from the binary's")
    check(any("campaign" in t["name"] for t in tools), "no governance tool")
    print("bundle: %s unpacked; %d read-only tools with SSWS, %d with OAuth" % (bundle.name, read_only, len(tools)))


def test_release_server_json(server_json: Path, bundle: Path) -> None:
    doc = json.loads(server_json.read_text())
    sha = hashlib.sha256(bundle.read_bytes()).hexdigest()
    mcpb = [p for p in doc["packages"] if p["registryType"] == "mcpb"]
    check(len(mcpb) == 1 and mcpb[0]["fileSha256"] == sha, "server.json does not carry the bundle's SHA-256")
    check(doc["version"] == version(), "server.json version")
    print("server.json: the bundle's sha256 %s…" % sha[:12])


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--wheel-dir", type=Path, required=True)
    p.add_argument("--bundle", type=Path, required=True)
    p.add_argument("--server-json", type=Path, required=True)
    p.add_argument("--mcpb-cli", type=Path, required=True)
    p.add_argument("--mcpb-module", type=Path, required=True)
    p.add_argument("--reference", type=Path, required=True, help="the workspace's okta-mcp binary")
    a = p.parse_args()
    tests = [
        ("wheel", lambda tmp: test_wheel(a.wheel_dir, a.reference, tmp)),
        ("bundle", lambda tmp: test_bundle(a.bundle, a.mcpb_cli, a.mcpb_module, a.reference, tmp)),
        ("server.json", lambda tmp: test_release_server_json(a.server_json, a.bundle)),
    ]
    passed = failed = 0
    for name, run in tests:
        with tempfile.TemporaryDirectory(prefix="okta-mcp-package-") as tmp:
            try:
                run(Path(tmp))
                passed += 1
            except (Failure, subprocess.CalledProcessError, OSError, KeyError, ValueError) as e:
                failed += 1
                print("FAIL %s: %s" % (name, e), file=sys.stderr)
    print("packages: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
