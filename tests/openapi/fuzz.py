#!/usr/bin/env python3
"""schemathesis against the example servers and their Django originals.

For each app (the tutorial demo, the bookshelf) this starts a server on a fresh SQLite database,
seeds a user with an API token and a few rows, and runs schemathesis on the server's own
OpenAPI document with a fixed seed, a bounded number of examples per operation and the checks
not_a_server_error, status_code_conformance, content_type_conformance and
response_schema_conformance, authenticated with the seeded token.

    python3 tests/openapi/fuzz.py                      # ours, both apps: fails on a finding not in ALLOWED
    python3 tests/openapi/fuzz.py --side django        # the Django originals: what DRF itself fails
    python3 tests/openapi/fuzz.py --app tutorial --side both

A finding is (operation, check, status code). Ours may only have the findings ALLOWED lists, each
with its reason (the same finding on the Django original, which drf-spectacular documents the
same way); server errors, content-type failures and network errors (hangs, resets) are never
allowed. The Django side prints its findings, which is how ALLOWED was recorded.

Servers, databases and the Django projects come from tests/differential/drfdiff.py. Python
packages (schemathesis, drf-spectacular and the Django apps' pins) go into a virtualenv under
target/openapi-venv (OPENAPI_VENV to use another).
"""

import argparse
import base64
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "tests" / "differential"))
import drfdiff  # noqa: E402

SEED = 16
MAX_EXAMPLES = 20
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
# Findings that no reason allows: the "zero server errors, zero content-type failures",
# and hangs or crashes.
NEVER_ALLOWED = {"not_a_server_error", "content_type_conformance", "network_error"}
REQUIREMENTS = ["schemathesis==4.32.5", "drf-spectacular==0.30.0"]

# Each app: the drfdiff suite it shares the servers with, where its document is, how the Django
# project turns drf-spectacular on, and how a user with a token is made.
APPS = {
    "tutorial": {
        "suite": "tutorial.json",
        "schema": "/api/schema/?format=json",
        "reference": "tutorial.json",
        "django_env": {"DRF_REF_SPECTACULAR": "1"},
    },
    "bookshelf": {
        "suite": "bookshelf.json",
        "schema": "/schema/?format=json",
        "reference": "bookshelf.json",
        "django_env": {"BOOKSHELF_SPECTACULAR": "1"},
    },
}

# The findings ours may have: (operation, check, status) -> why it is not a bug of ours. Path
# parameters are written `{}` (drf-spectacular names a router's lookup `{id}`, older documents of
# ours `{pk}`). Recorded from `--side django` runs (2026-12-03, seed 16, 20 examples) and from runs
# of ours with seed 7 and 100 examples: every entry is a finding of the Django original, or the
# reason says how DRF's answer is known (the differential suite, or the same request sent to it).
# drf-spectacular documents only an operation's successful response, so DRF's own 4xx answers
# are "undocumented status codes" on both sides.
R400 = "400: DRF's validation error for invalid input, which drf-spectacular leaves undocumented"
R401 = "401: schemathesis drops the token (missing-auth case); spectacular documents no 401"
R403 = "403: the seeded user (alice) is not staff and genres are staff-only; spectacular documents no 403"
R404 = "404: an id, slug or page that does not exist; spectacular documents no 404"
R404_USERNAME = R404 + " (DRF's 404 for an unknown username: tests/differential/bookshelf.json 'users: missing')"
R404_FORMAT = ("404: an unknown ?format= (DRF's content negotiation; the Django original answers 404 too, only "
               "schemathesis leaves the document's own URL out when it loads the document from there)")
R400_NUL = ("400: a NUL in ?search= (DRF's SearchFilter validates the term as a CharField even where the view has "
            "no search fields; the Django original answers the same 400)")
UNTYPED = ("DRF's own document is wrong: drf-spectacular types a read-only field it cannot introspect "
           "(book_count, average_rating) as string, and DRF returns a number or null")
TOP_RATED_OBJECT = "DRF's own document is wrong: spectacular documents the top_rated list action as one Book"
REVIEW_CREATED = "DRF's own document is wrong: spectacular documents the reviews action's POST as 200, DRF answers 201"
REVIEWS_UNPAGINATED = ("DRF's own document is wrong: spectacular documents the paginated reviews action with the "
                       "serializer of a single review")
ALLOWED = {
    "tutorial": {
        ("GET /api-hello", "status_code_conformance", 401): R401,
        ("POST /api-login-auth", "status_code_conformance", 400): R400,
        ("POST /api-register-auth", "status_code_conformance", 400): R400,
        ("POST /api-token-auth", "status_code_conformance", 400): R400,
        ("GET /api/schema/", "status_code_conformance", 404): R404_FORMAT,
    },
    "bookshelf": {
        ("DELETE /authors/{}/", "status_code_conformance", 404): R404,
        ("DELETE /books/{}/", "status_code_conformance", 404): R404,
        ("DELETE /genres/{}/", "status_code_conformance", 403): R403,
        ("GET /authors/", "response_schema_conformance", 200): UNTYPED,
        ("GET /authors/", "status_code_conformance", 404): R404,
        ("GET /authors/{}/", "response_schema_conformance", 200): UNTYPED,
        ("GET /authors/{}/", "status_code_conformance", 404): R404,
        ("GET /books/", "response_schema_conformance", 200): UNTYPED,
        ("GET /books/", "status_code_conformance", 400): R400 + " (a filter value)",
        ("GET /books/", "status_code_conformance", 404): R404,
        ("GET /books/top-rated/", "response_schema_conformance", 200): TOP_RATED_OBJECT,
        ("GET /books/{}/", "response_schema_conformance", 200): UNTYPED,
        ("GET /books/{}/", "status_code_conformance", 404): R404,
        ("GET /books/{}/reviews/", "response_schema_conformance", 200): REVIEWS_UNPAGINATED,
        ("GET /books/{}/reviews/", "status_code_conformance", 404): R404,
        ("GET /genres/", "status_code_conformance", 404): R404,
        ("GET /genres/{}/", "status_code_conformance", 404): R404,
        ("GET /reviews/{}/", "status_code_conformance", 404): R404,
        ("GET /users/", "status_code_conformance", 404): R404,
        ("GET /users/{}/", "status_code_conformance", 404): R404_USERNAME,
        ("GET /users/", "status_code_conformance", 400): R400_NUL,
        ("GET /genres/", "status_code_conformance", 400): R400_NUL,
        ("GET /reviews/", "status_code_conformance", 400): R400_NUL,
        ("GET /reviews/", "status_code_conformance", 404): R404,
        ("GET /authors/", "status_code_conformance", 400): R400_NUL,
        ("PATCH /genres/{}/", "status_code_conformance", 404): R404 + " (a slug the route's converter does not match)",
        ("POST /books/", "response_schema_conformance", 201): UNTYPED,
        ("POST /books/{}/reviews/", "status_code_conformance", 201): REVIEW_CREATED,
        ("GET /schema/", "status_code_conformance", 404): R404_FORMAT,
        ("PATCH /authors/{}/", "response_schema_conformance", 200): UNTYPED,
        ("PATCH /authors/{}/", "status_code_conformance", 400): R400,
        ("PATCH /authors/{}/", "status_code_conformance", 404): R404,
        ("PATCH /books/{}/", "response_schema_conformance", 200): UNTYPED,
        ("PATCH /books/{}/", "status_code_conformance", 400): R400,
        ("PATCH /books/{}/", "status_code_conformance", 404): R404,
        ("PATCH /genres/{}/", "status_code_conformance", 403): R403,
        ("PATCH /me/", "status_code_conformance", 400): R400,
        ("POST /api-token-auth/", "status_code_conformance", 400): R400,
        ("POST /authors/", "response_schema_conformance", 201): UNTYPED,
        ("POST /authors/", "status_code_conformance", 400): R400,
        ("POST /books/", "status_code_conformance", 400): R400,
        ("POST /books/{}/reviews/", "status_code_conformance", 400): R400,
        ("POST /books/{}/reviews/", "status_code_conformance", 404): R404,
        ("POST /genres/", "status_code_conformance", 403): R403,
        ("PUT /authors/{}/", "response_schema_conformance", 200): UNTYPED,
        ("PUT /authors/{}/", "status_code_conformance", 400): R400,
        ("PUT /authors/{}/", "status_code_conformance", 404): R404,
        ("PUT /books/{}/", "response_schema_conformance", 200): UNTYPED,
        ("PUT /books/{}/", "status_code_conformance", 400): R400,
        ("PUT /books/{}/", "status_code_conformance", 404): R404,
        ("PUT /genres/{}/", "status_code_conformance", 403): R403,
        ("PUT /me/", "status_code_conformance", 400): R400,
    },
}


# What a 4xx the list above does not name is: DRF answers these for bad input, missing
# credentials, permissions, unknown objects, methods and media types, and drf-spectacular (default
# settings) documents none of them, on either side. Fuzzing is not repeatable to the request (the
# server's state and timings steer Hypothesis), so another run may meet one of them on another
# operation; that is the same DRF behaviour, not a finding.
DRF_ERRORS = {
    400: R400, 401: R401, 403: "403: a permission check failed; spectacular documents no 403", 404: R404,
    405: "405: a method the view does not allow", 406: "406: an Accept no renderer satisfies",
    415: "415: a request body in a media type no parser reads",
}


def allowed_reason(app, key):
    """Why ours may have the finding `key`, or None."""
    operation, check, status = key
    if check in NEVER_ALLOWED:
        return None
    if key in ALLOWED[app]:
        return ALLOWED[app][key]
    if check == "status_code_conformance" and status in DRF_ERRORS:
        return f"(rule) {DRF_ERRORS[status]}"
    return None


def log(message):
    print(f"fuzz: {message}", flush=True)


def venv_with(requirements):
    os.environ.setdefault("DRFDIFF_VENV", os.environ.get("OPENAPI_VENV") or str(REPO / "target" / "openapi-venv"))
    return drfdiff.virtualenv(requirements)


def request(port, method, path, token=None, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Token {token}")
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def seed_tutorial(side, db, workdir, manage):
    """A user and a token through the management commands (createsuperuser, drf_create_token)."""
    env = {"DJANGO_SUPERUSER_PASSWORD": "Fuzz-Pass-2026"}
    manage(["createsuperuser", "--noinput", "--username", "fuzzer", "--email", "fuzzer@example.com"], env)
    out = manage(["drf_create_token", "fuzzer"], {})
    match = re.search(r"Generated token ([0-9a-f]{40}) for user fuzzer", out)
    if not match:
        drfdiff.fail(f"{side}: no token in drf_create_token's output: {out!r}")
    return match.group(1), []


def seed_bookshelf(side, db, workdir, manage):
    """The project's seed.sql (users, tokens, authors, genres); alice's token (user 1)."""
    seed = drfdiff.find_app("bookshelf") / "seed.sql"
    db.load([seed])
    tokens = dict((int(user), key) for key, user in re.findall(r"\('([0-9a-f]{40})', '[^']*', (\d+)\)", seed.read_text()))
    rows = [
        ("POST", "/books/", {"title": "A Wizard of Earthsea", "isbn": "9780553383041", "author": 1,
                             "genres": ["fantasy"], "price": "8.99", "published": "1968-11-01", "pages": 183}),
        ("POST", "/books/", {"title": "Dune", "isbn": "9780441013593", "author": 2, "genres": ["science-fiction"],
                             "price": "9.99"}),
        ("POST", "/books/1/reviews/", {"rating": 5, "text": "A classic."}),
    ]
    return tokens[1], rows


SEEDERS = {"tutorial": seed_tutorial, "bookshelf": seed_bookshelf}


def start(app, side, venv, workdir):
    """Migrate, seed and start one server; returns (server, token, db)."""
    suite = json.loads((REPO / "tests" / "differential" / APPS[app]["suite"]).read_text())
    db = drfdiff.Database("sqlite", f"{app}_{side}", workdir)
    if side == "django":
        suite["original"]["env"] = dict(suite["original"].get("env", {}), **APPS[app]["django_env"])
        original = drfdiff.Original(suite, venv)
        original.migrate(db, workdir)

        def manage(args, env):
            run_env = dict(original.env(db, workdir), **env)
            return subprocess.run([str(venv / "bin" / "python"), "manage.py", *args], env=run_env, cwd=original.dir,
                                  check=True, capture_output=True, text=True).stdout
        runner = original
    else:
        port = drfdiff.Port(suite)
        port.migrate(db, workdir)

        def manage(args, env):
            run_env = dict(port.env(db), **env)
            return subprocess.run([str(port.binary), *args], env=run_env, cwd=workdir, check=True,
                                  capture_output=True, text=True).stdout
        runner = port
    token, rows = SEEDERS[app](side, db, workdir, manage)
    server = runner.start(db, workdir)
    for method, path, body in rows:
        status, answer = request(server.port, method, path, token, body)
        if status >= 300:
            drfdiff.fail(f"{side} {app}: seeding {method} {path} answered {status}: {answer[:300]!r}")
    return server, token, db


def findings_of(ndjson):
    """{(operation, check, status): an example} from schemathesis' NDJSON events."""
    found = {}
    for line in ndjson.read_text().splitlines():
        event = json.loads(line)
        (kind, data), = event.items()
        if kind in ("NonFatalError", "FatalError"):
            # Connection errors and timeouts (a hang, a crashed server) and schemathesis' own.
            found[(data.get("label") or "the run", "network_error", 0)] = json.dumps(data)[:800]
            continue
        if kind not in ("ScenarioFinished", "FuzzScenarioFinished"):
            continue
        recorder = data["recorder"]
        for case_id, checks in recorder.get("checks", {}).items():
            for check in checks:
                if check["status"] != "failure":
                    continue
                failure = check["failure_info"]["failure"]
                interaction = recorder.get("interactions", {}).get(case_id) or {}
                response = interaction.get("response") or {}
                status = response.get("status_code", 0)
                key = (re.sub(r"\{[^}]*\}", "{}", failure["operation"]), check["name"], status)
                if key in found:
                    continue
                req = interaction.get("request") or {}
                content = response.get("content") or {}
                body = base64.b64decode(content["$base64"])[:300] if "$base64" in content else b""
                found[key] = f"{failure['title']}: {failure['message']!r}\n      {req.get('method')} {req.get('uri')}" \
                             f" -> {status} {body.decode(errors='replace')}"
    return found


def fuzz(app, side, venv, workdir, max_examples, seed, document):
    server, token, db = start(app, side, venv, workdir)
    try:
        ndjson = workdir / f"{app}-{side}.ndjson"
        base = f"http://127.0.0.1:{server.port}"
        if document == "served":
            location = [f"{base}{APPS[app]['schema']}"]
        else:
            location = [str(HERE / APPS[app]["reference"]), "--url", base]
        argv = [str(venv / "bin" / "schemathesis"), "run", *location,
                "--checks", CHECKS, "--max-examples", str(max_examples), "--seed", str(seed),
                "--header", f"Authorization: Token {token}", "--request-timeout", "10", "--continue-on-failure",
                "--workers", "1", "--report", "ndjson", "--report-ndjson-path", str(ndjson), "--no-color"]
        started = time.monotonic()
        # In the scratch directory: schemathesis keeps a cache (.schemathesis/) where it runs.
        run = subprocess.run(argv, capture_output=True, text=True, timeout=600, cwd=workdir)
        elapsed = time.monotonic() - started
        if not ndjson.exists():
            drfdiff.fail(f"schemathesis wrote no report:\n{run.stdout}\n{run.stderr}")
        summary = [line for line in run.stdout.splitlines() if "generated" in line or "Operations:" in line]
        log(f"{side} {app} ({document} document): {' / '.join(s.strip() for s in summary)} in {elapsed:.0f}s")
        found = findings_of(ndjson)
        if server.process.poll() is not None:
            found[("the server", "network_error", 0)] = f"exited with {server.process.returncode} during the run"
        if not any("generated" in line for line in summary):
            found[("the run", "network_error", 0)] = f"schemathesis tested nothing:\n{run.stdout}\n{run.stderr}"
        return found
    finally:
        server.stop()
        db.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--app", choices=sorted(APPS), action="append")
    parser.add_argument("--side", choices=["ours", "django", "both"], default="ours")
    parser.add_argument("--max-examples", type=int, default=MAX_EXAMPLES)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--document", choices=["served", "reference", "both"], default="both",
                        help="the server's own /schema/, drf-spectacular's recorded one (tests/openapi/<app>.json), "
                             "or both in turn")
    args = parser.parse_args()
    suite = json.loads((REPO / "tests" / "differential" / "bookshelf.json").read_text())
    venv = venv_with(sorted(set(suite["original"]["requirements"] + REQUIREMENTS)))
    sides = ["ours", "django"] if args.side == "both" else [args.side]
    failed_runs = 0
    with tempfile.TemporaryDirectory(prefix="restframe-fuzz-") as tmp:
        documents = ["served", "reference"] if args.document == "both" else [args.document]
        runs = [(app, side, document) for app in args.app or sorted(APPS) for side in sides for document in documents
                # The Django original serves the reference document itself.
                if not (side == "django" and document == "reference" and len(documents) > 1)]
        for app, side, document in runs:
            workdir = Path(tmp) / f"{app}-{side}-{document}"
            workdir.mkdir()
            found = fuzz(app, side, venv, workdir, args.max_examples, args.seed, document)
            failed = 0
            for key, example in sorted(found.items()):
                allowed = allowed_reason(app, key)
                if side == "django":
                    print(f"  DRF: {key}\n      {example}")
                elif allowed:
                    print(f"  allowed: {key}: {allowed}")
                else:
                    print(f"  FAIL: {key}\n      {example}")
                    failed += 1
            if failed:
                log(f"{side} {app} ({document} document): {failed} finding(s) not in ALLOWED")
                failed_runs += 1
    # A closing line CI reads: one run per app, side and document.
    print(f"fuzz: {len(runs) - failed_runs} passed, {failed_runs} failed")
    if failed_runs:
        sys.exit(1)

if __name__ == "__main__":
    main()
