#!/usr/bin/env python3
"""Swagger UI and ReDoc of the running example servers, rendered by headless Chromium.

    python3 tests/openapi/chromium.py                  # both apps
    python3 tests/openapi/chromium.py --app bookshelf

For each app this starts restframe's server on a fresh SQLite database (as tests/differential
does), renders its Swagger UI and ReDoc pages with `chromium --headless --dump-dom` and checks
that every operation of the document the server serves is on both pages: its path in Swagger
UI, its operationId in ReDoc (ReDoc labels an operation without a summary by its id). Nothing
is loaded from outside the server: the pages link only the server's own files. The demo's Rust
test (demo-project/tests/openapi.rs, schema_ui_renders_in_chromium) checks the same for the
demo in `cargo test`; this script is what checks the bookshelf.

Without chromium (Debian's package, or CHROMIUM=/path) it prints SKIPPED, unless CI is set.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "tests" / "differential"))
import drfdiff  # noqa: E402

APPS = {
    "tutorial": {"suite": "tutorial.json", "schema": "/api/schema/"},
    "bookshelf": {"suite": "bookshelf.json", "schema": "/schema/"},
}


def chromium():
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    if os.environ.get("CI"):
        sys.exit("chromium: CI is set but there is no chromium (.ci/run installs Debian's package)")
    print("chromium: SKIPPED (no chromium: apt-get install chromium, or set CHROMIUM)")
    sys.exit(0)


def visible_text(dom, separator):
    """The page's text outside tags, styles and scripts."""
    dom = re.sub(r"(?s)<(style|script)\b.*?</\1>", " ", dom)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", separator, dom))


def render(browser, profile, url):
    run = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--dump-dom",
                          "--virtual-time-budget=20000", f"--user-data-dir={profile}", url],
                         capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        sys.exit(f"chromium failed on {url}: {run.stderr[-2000:]}")
    return run.stdout


def check(app, browser, workdir):
    suite = json.loads((REPO / "tests" / "differential" / APPS[app]["suite"]).read_text())
    db = drfdiff.Database("sqlite", app, workdir)
    port = drfdiff.Port(suite)
    port.migrate(db, workdir)
    server = port.start(db, workdir)
    problems = []
    try:
        base = f"http://127.0.0.1:{server.port}"
        schema = APPS[app]["schema"]
        with urllib.request.urlopen(f"{base}{schema}?format=json", timeout=30) as response:
            document = json.load(response)
        operations = [(method.upper(), path, op["operationId"]) for path, item in document["paths"].items()
                      for method, op in item.items()]
        # Swagger UI breaks paths with <wbr> tags: its text is read with tags removed.
        swagger = visible_text(render(browser, workdir / "swagger", f"{base}{schema}swagger-ui/"), "")
        redoc = visible_text(render(browser, workdir / "redoc", f"{base}{schema}redoc/"), " ")
        if "Failed to load API definition" in swagger:
            problems.append("Swagger UI could not load the document")
        for method, path, operation_id in operations:
            if f"{method}{path}" not in swagger:
                problems.append(f"Swagger UI does not show {method} {path}")
            if operation_id not in redoc:
                problems.append(f"ReDoc does not show {operation_id}")
        log = Path(server.log).read_text()
        for asset in ("swagger-ui-dist/swagger-ui-bundle.js", "redoc/bundles/redoc.standalone.js"):
            if f"GET /static/drf_spectacular_sidecar/{asset} HTTP/1.1\" 200" not in log:
                problems.append(f"the server did not serve {asset}")
        print(f"chromium: {app}: {len(operations)} operations, Swagger UI and ReDoc "
              + ("render them all" if not problems else f"{len(problems)} problem(s)"))
    finally:
        server.stop()
        db.close()
    for problem in problems:
        print(f"  FAIL: {problem}")
    return not problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--app", choices=sorted(APPS), action="append")
    args = parser.parse_args()
    browser = chromium()
    apps = args.app or sorted(APPS)
    with tempfile.TemporaryDirectory(prefix="restframe-chromium-") as tmp:
        passed = 0
        for app in apps:
            workdir = Path(tmp) / app
            workdir.mkdir()
            passed += check(app, browser, workdir)
    print(f"chromium: {passed} passed, {len(apps) - passed} failed")
    sys.exit(0 if passed == len(apps) else 1)


if __name__ == "__main__":
    main()
