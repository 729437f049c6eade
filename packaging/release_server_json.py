#!/usr/bin/env python3
"""Writes the server.json to publish with a release: packaging/server.json with the built bundle's
SHA-256 (the registry requires it for an .mcpb package, and clients check the download against it).

release_server_json.py <bundle.mcpb> <out/server.json>
"""

import hashlib
import json
import sys
from pathlib import Path

bundle, out = Path(sys.argv[1]), Path(sys.argv[2])
doc = json.loads((Path(__file__).resolve().parent / "server.json").read_text())
sha = hashlib.sha256(bundle.read_bytes()).hexdigest()
for package in doc["packages"]:
    if package["registryType"] == "mcpb":
        package["fileSha256"] = sha
out.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
print("%s: %s sha256 %s" % (out, bundle.name, sha))
