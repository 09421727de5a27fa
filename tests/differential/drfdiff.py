#!/usr/bin/env python3
"""drfdiff: send the same requests to a Django REST framework app and to its restframe port, and
compare the answers case by case.

Each run starts both servers on fresh databases (SQLite files or PostgreSQL databases), loads the
same seed, sends every case of a suite to both in order (so state evolves the same way on both
sides) and compares status, chosen headers and the body byte for byte after normalising what
legitimately differs between two runs: datetimes, the server's host:port and values captured from
earlier answers (tokens). A difference prints the case, both answers and a diff, and the exit
status is 1.

    python3 tests/differential/drfdiff.py tests/differential/tutorial.json
    python3 tests/differential/drfdiff.py tests/differential/tutorial.json --backend sqlite --only hello

A suite is a JSON file (see README.md in this directory): where the Django project is and how to
start it, which cargo package is the port, the seed files and the cases. Only the Python standard
library is needed here; the Django side runs in a virtualenv this script creates (pinned versions
from the suite) unless DRFDIFF_VENV points at one.
"""

import argparse
import difflib
import http.client
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PG = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}
DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?")


def fail(message):
    print(f"drfdiff: {message}", file=sys.stderr)
    sys.exit(2)


# --- the Django side's Python -------------------------------------------------------------------


def find_python():
    """A Python >= 3.12 (Django 6.1 needs it): DRFDIFF_PYTHON, python3.13/3.12 on PATH, pyenv's."""
    candidates = [os.environ.get("DRFDIFF_PYTHON"), shutil.which("python3.13"), shutil.which("python3.12")]
    candidates += sorted(map(str, Path.home().glob(".pyenv/versions/3.1[2-9]*/bin/python3")), reverse=True)
    candidates.append(shutil.which("python3"))
    for candidate in filter(None, candidates):
        try:
            out = subprocess.run([candidate, "-c", "import sys; print(sys.version_info >= (3, 12))"],
                                 capture_output=True, text=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            continue
        if out.strip() == "True":
            return candidate
    fail("no Python >= 3.12 found (Django 6.1 needs one): set DRFDIFF_PYTHON or install python3.12+")


def virtualenv(requirements):
    """The venv with the suite's pinned requirements, created (once) under target/drfdiff-venv."""
    venv = Path(os.environ.get("DRFDIFF_VENV") or REPO / "target" / "drfdiff-venv")
    python = venv / "bin" / "python"
    stamp = venv / "requirements.txt"
    wanted = "\n".join(sorted(requirements)) + "\n"
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return venv
    if not python.exists():
        print(f"drfdiff: creating {venv}", flush=True)
        subprocess.run([find_python(), "-m", "venv", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *requirements],
                   check=True)
    stamp.write_text(wanted)
    return venv


# --- databases -----------------------------------------------------------------------------------


def psql(sql, database="postgres"):
    subprocess.run(["psql", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-d", database, "-v",
                    "ON_ERROR_STOP=1", "-qc", sql], check=True, capture_output=True)


class Database:
    """One fresh database: a SQLite file in `workdir`, or a PostgreSQL database (dropped on close)."""

    def __init__(self, backend, name, workdir):
        self.backend = backend
        if backend == "sqlite":
            self.path = workdir / f"{name}.sqlite3"
        else:
            self.name = f"drfdiff_{name}_{os.getpid()}"
            psql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            psql(f'CREATE DATABASE "{self.name}"')

    def url(self):
        if self.backend == "sqlite":
            return f"sqlite://{self.path}?mode=rwc"
        return f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{self.name}"

    def django_settings(self, settings_module):
        """A settings module pointing the Django project at this database."""
        if self.backend == "sqlite":
            engine = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(self.path)}
        else:
            engine = {"ENGINE": "django.db.backends.postgresql", "NAME": self.name, "USER": PG["user"],
                      "HOST": PG["host"], "PORT": PG["port"]}
        return f"from {settings_module} import *  # noqa\nDATABASES = {{'default': {engine!r}}}\n"

    def load(self, sql_files):
        for sql_file in sql_files:
            script = Path(sql_file).read_text()
            if self.backend == "sqlite":
                with sqlite3.connect(self.path) as conn:
                    conn.executescript(script)
            else:
                subprocess.run(["psql", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-d", self.name,
                                "-v", "ON_ERROR_STOP=1", "-q", "-f", str(sql_file)], check=True,
                               capture_output=True)

    def close(self):
        if self.backend == "postgres":
            psql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


# --- servers -------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_listening(port, process, log, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            fail(f"the server exited with {process.returncode}; its log:\n{Path(log).read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    fail(f"nothing listens on port {port} after {timeout}s; log:\n{Path(log).read_text()}")


class Server:
    """A started server process and the port it listens on."""

    def __init__(self, label, argv, env, cwd, workdir):
        self.label = label
        self.port = free_port()
        argv = [part.replace("{addr}", f"127.0.0.1:{self.port}") for part in argv]
        self.log = workdir / f"{label}.log"
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(argv, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        wait_until_listening(self.port, self.process, self.log)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Original:
    """The Django project: migrate, seed, gunicorn."""

    def __init__(self, suite, venv):
        spec = suite["original"]
        self.dir = find_app(spec["app"])
        self.spec = spec
        self.venv = venv

    def env(self, db, workdir):
        shim = workdir / "drfdiff_settings.py"
        shim.write_text(db.django_settings(self.spec["settings"]))
        env = dict(os.environ, **self.spec.get("env", {}))
        env["DJANGO_SETTINGS_MODULE"] = "drfdiff_settings"
        env["PYTHONPATH"] = os.pathsep.join([str(workdir), str(self.dir)])
        return env

    def migrate(self, db, workdir):
        subprocess.run([str(self.venv / "bin" / "python"), "manage.py", "migrate", "-v", "0"],
                       env=self.env(db, workdir), cwd=self.dir, check=True)

    def start(self, db, workdir):
        argv = [str(self.venv / "bin" / "gunicorn"), self.spec["wsgi"], "--bind", "{addr}", "--workers", "1",
                "--access-logfile", "-"]
        return Server("original", argv, self.env(db, workdir), self.dir, workdir)


class Port:
    """The restframe port: a cargo package's binary with manage.py-style subcommands."""

    def __init__(self, suite, binary=None):
        self.spec = suite["port"]
        package = self.spec["package"]
        if binary is None:
            subprocess.run(["cargo", "build", "-q", "-p", package], cwd=REPO, check=True)
            target = Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target")
            binary = target / "debug" / self.spec.get("binary", package)
        self.binary = Path(binary).resolve()

    def env(self, db):
        return dict(os.environ, DATABASE_URL=db.url(), **self.spec.get("env", {}))

    def migrate(self, db, workdir):
        subprocess.run([str(self.binary), *self.spec.get("migrate", ["migrate"])], env=self.env(db), cwd=workdir,
                       check=True, capture_output=True)

    def start(self, db, workdir):
        argv = [str(self.binary), *self.spec.get("runserver", ["runserver", "{addr}"])]
        return Server("port", argv, self.env(db), workdir, workdir)


def find_app(name):
    """A Django project directory: DRFDIFF_APPS/<name>, else the workplace's shared drf-apps."""
    roots = [os.environ.get("DRFDIFF_APPS"), REPO.parent / "shared" / "drf-apps", "/work/shared/drf-apps"]
    for root in filter(None, roots):
        if (Path(root) / name / "manage.py").exists():
            return Path(root) / name
    fail(f"the Django project {name!r} was not found (set DRFDIFF_APPS to the directory holding it)")


# --- requests and answers ------------------------------------------------------------------------


def substitute(value, variables):
    """`{name}` placeholders filled from captured values (other braces are left alone)."""
    if isinstance(value, str):
        return re.sub(r"\{(\w+)\}", lambda m: variables.get(m.group(1), m.group(0)), value)
    if isinstance(value, list):
        return [substitute(v, variables) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, variables) for k, v in value.items()}
    return value


def request_of(case, variables):
    """(method, path, headers, body bytes) of a case."""
    headers = substitute(dict(case.get("headers", {})), variables)
    if "json" in case:
        body = json.dumps(substitute(case["json"], variables)).encode()
        headers.setdefault("Content-Type", "application/json")
    elif "form" in case:
        from urllib.parse import urlencode
        body = urlencode(substitute(case["form"], variables), doseq=True).encode()
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    elif "body" in case:
        raw = case["body"]
        body = bytes.fromhex(raw["hex"]) if isinstance(raw, dict) else substitute(raw, variables).encode()
    else:
        body = None
    return case.get("method", "GET"), substitute(case["path"], variables), headers, body


def send(port, method, path, headers, body):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for name, value in headers.items():
            conn.putheader(name, value)
        if body is not None or method in ("POST", "PUT", "PATCH"):
            conn.putheader("Content-Length", str(len(body or b"")))
        conn.endheaders(body)
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


def capture(case, body):
    """The values a case captures from its answer: `{"alice": "token"}` reads `body["token"]`."""
    found = {}
    if not case.get("capture"):
        return found
    try:
        data = json.loads(body)
    except ValueError:
        return found
    for name, path in case["capture"].items():
        value = data
        for key in path.split("."):
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, (str, int)):
            found[name] = str(value)
    return found


def normalise(text, port, variables):
    text = text.replace(f"127.0.0.1:{port}", "testserver").replace(f"localhost:{port}", "testserver")
    for name, value in sorted(variables.items(), key=lambda item: -len(item[1])):
        if len(value) >= 8:  # short values (ids) would replace digits anywhere
            text = text.replace(value, "{" + name + "}")
    return DATETIME.sub("<datetime>", text)


def answer(status, headers, body, port, variables, header_names):
    """The comparable form of an answer: status, the chosen headers, the normalised body."""
    wanted = {name.lower() for name in header_names}
    shown = sorted((name.lower(), normalise(value, port, variables)) for name, value in headers
                   if name.lower() in wanted)
    lines = [f"HTTP {status}"] + [f"{name}: {value}" for name, value in shown] + [""]
    lines.append(normalise(body.decode("utf-8", "replace"), port, variables))
    return "\n".join(lines)


def run_cases(suite, original, port, selected):
    """Sends every case to both servers; returns the failures."""
    names = suite.get("headers", ["Content-Type", "Allow", "Vary", "WWW-Authenticate", "Location"])
    variables = {"original": {}, "port": {}}
    failures = []
    for index, case in enumerate(suite["cases"], 1):
        answers = {}
        for side, server in (("original", original), ("port", port)):
            method, path, headers, body = request_of(case, variables[side])
            status, response_headers, response_body = send(server.port, method, path, headers, body)
            variables[side].update(capture(case, response_body))
            answers[side] = answer(status, response_headers, response_body, server.port, variables[side], names)
        if selected and not any(s in case["name"] for s in selected):
            continue
        if answers["original"] != answers["port"]:
            failures.append((index, case, answers))
    return failures


def show_original(suite, original, selected):
    """Prints the original's normalised answer to every case (for writing and checking cases)."""
    names = suite.get("headers", ["Content-Type", "Allow", "Vary", "WWW-Authenticate", "Location"])
    variables = {}
    for index, case in enumerate(suite["cases"], 1):
        method, path, headers, body = request_of(case, variables)
        status, response_headers, response_body = send(original.port, method, path, headers, body)
        variables.update(capture(case, response_body))
        if not selected or any(s in case["name"] for s in selected):
            shown = answer(status, response_headers, response_body, original.port, variables, names)
            print(f"\n--- case {index}: {case['name']}\n    {method} {path}\n{shown}")


def report(run_label, suite, failures):
    for index, case, answers in failures:
        print(f"\n--- FAIL [{run_label}] case {index}: {case['name']}")
        print(f"    {case.get('method', 'GET')} {case['path']}")
        diff = difflib.unified_diff(answers["original"].splitlines(), answers["port"].splitlines(),
                                    "django", "restframe", lineterm="")
        print("\n".join(f"    {line}" for line in diff))
    print(f"[{run_label}] {len(suite['cases']) - len(failures)}/{len(suite['cases'])} cases agree", flush=True)


def original_only(suite, venv, backend, selected):
    """Only the Django side, printing its answers."""
    workdir = Path(tempfile.mkdtemp(prefix="drfdiff-"))
    original = Original(suite, venv)
    db = Database(backend, f"{suite['name']}_django", workdir)
    server = None
    try:
        original.migrate(db, workdir)
        seeds = [original.dir / s for s in suite.get("seed", [])]
        if backend == "postgres":
            seeds += [original.dir / s for s in suite.get("seed_postgres", [])]
        db.load(seeds)
        server = original.start(db, workdir)
        show_original(suite, server, selected)
    finally:
        if server:
            server.stop()
        db.close()
        shutil.rmtree(workdir, ignore_errors=True)


def one_run(suite, suite_dir, venv, port_runner, backend, schema, selected):
    """Both servers on fresh `backend` databases; the port's schema is its own `migrate`'s or Django's."""
    label = f"{suite['name']} {backend} {schema} schema"
    workdir = Path(tempfile.mkdtemp(prefix="drfdiff-"))
    original = Original(suite, venv)
    databases, servers = [], []
    try:
        django_db = Database(backend, f"{suite['name']}_django", workdir)
        port_db = Database(backend, f"{suite['name']}_port", workdir)
        databases += [django_db, port_db]
        original.migrate(django_db, workdir)
        if schema == "django":
            original.migrate(port_db, workdir)
        else:
            port_runner.migrate(port_db, workdir)
        seeds = [original.dir / s for s in suite.get("seed", [])]
        if backend == "postgres":
            seeds += [original.dir / s for s in suite.get("seed_postgres", [])]
        for db in databases:
            db.load(seeds)
        servers.append(original.start(django_db, workdir))
        servers.append(port_runner.start(port_db, workdir))
        failures = run_cases(suite, servers[0], servers[1], selected)
        report(label, suite, failures)
        return len(failures)
    finally:
        for server in servers:
            server.stop()
        for db in databases:
            db.close()
        if not os.environ.get("DRFDIFF_KEEP"):
            shutil.rmtree(workdir, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("suite", type=Path, help="the suite file (JSON)")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], action="append",
                        help="database backends to run on (default: both)")
    parser.add_argument("--schema", choices=["own", "django"], action="append",
                        help="the port's schema: its own migrate's, Django's migrate's (default: both)")
    parser.add_argument("--only", action="append", help="report only cases whose name contains this")
    parser.add_argument("--port-binary", type=Path,
                        help="the port's binary, already built (default: cargo build -p <package>)")
    parser.add_argument("--original-only", action="store_true",
                        help="run only the Django project and print its answers (for writing cases)")
    args = parser.parse_args()
    suite = json.loads(args.suite.read_text())
    if len({case["name"] for case in suite["cases"]}) != len(suite["cases"]):
        fail("case names must be unique")
    venv = virtualenv(suite["original"]["requirements"])
    if args.original_only:
        original_only(suite, venv, (args.backend or ["sqlite"])[0], args.only)
        return
    port_runner = Port(suite, args.port_binary)
    failed = 0
    for backend in args.backend or ["sqlite", "postgres"]:
        for schema in args.schema or ["own", "django"]:
            failed += one_run(suite, args.suite.parent, venv, port_runner, backend, schema, args.only)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
