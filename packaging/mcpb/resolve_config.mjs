// Prints the command, arguments and environment Claude Desktop would start an unpacked bundle
// with, as the official mcpb library resolves them (getMcpConfigForManifest: defaults, the user's
// values, ${__dirname}, platform overrides). Used by test_packages.py, so the test starts the
// server exactly as the manifest says rather than by a copy of its rules.
//
// node resolve_config.mjs <mcpb package dir> <unpacked bundle dir> '<user config JSON>'
import { readFileSync } from "node:fs";
import { join, sep } from "node:path";
import { pathToFileURL } from "node:url";

const [moduleDir, bundleDir, userConfigJson] = process.argv.slice(2);
const mcpb = await import(pathToFileURL(join(moduleDir, "dist", "index.js")).href);
const manifest = JSON.parse(readFileSync(join(bundleDir, "manifest.json"), "utf8"));
const config = await mcpb.getMcpConfigForManifest({
  manifest,
  extensionPath: bundleDir,
  systemDirs: {},
  userConfig: JSON.parse(userConfigJson),
  pathSeparator: sep,
});
if (!config) {
  console.error("the bundle's required settings are missing");
  process.exit(1);
}
process.stdout.write(JSON.stringify(config));
