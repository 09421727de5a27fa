"""The bookshelf part of bench/report.py (issue 17): which rows belong to which endpoint, the
bookshelf table (restframe, the hand-written baseline and DRF side by side, with the SQL
statements each request runs), and the issue's targets."""
import json
import os

# Each endpoint's request; bench/bookshelf/rows.sh counts the statements of the same requests.
ENDPOINTS = {
    "list": "GET /books/",
    "search": "GET /books/?search=Winter&ordering=-price",
    "detail": "GET /books/1/",
    "create": "POST /books/",
    "root": "GET /",
}


def key(row_id):
    """(server, engine, endpoint) of a bookshelf row id, None for the other rows.
    Ids: bs_<endpoint>, base_<endpoint>, drf_bs_<kind>_<endpoint>, each with pg_ after the prefix
    for the PostgreSQL rows."""
    for prefix, server in (("drf_bs_", "drf"), ("base_", "baseline"), ("bs_", "restframe")):
        if not row_id.startswith(prefix):
            continue
        rest = row_id[len(prefix) :]
        engine = "sqlite"
        if rest.startswith("pg_"):
            engine, rest = "postgres", rest[3:]
        if server == "drf":
            rest = rest.partition("_")[2]
        return server, engine, rest
    return None


def drf_best(rows, engine, endpoint):
    """The faster DRF configuration (sync or gthread workers) for one endpoint."""
    candidates = [r for r in rows if key(r["id"]) == ("drf", engine, endpoint)]
    return max(candidates, key=lambda r: r["rps"], default=None)


def reference(row, rows):
    """The DRF row a bookshelf row compares with; None when the row is not a bookshelf row."""
    k = key(row["id"])
    if k is None:
        return None
    return drf_best(rows, k[1], k[2].removesuffix("_256"))


def load_jsonl(path):
    if not path or not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def statements(counts, server, request):
    for c in counts:
        if c["server"] == server and c["request"] == request:
            return c["statements"]
    return None


def ratio(a, b):
    return round(a / b, 3) if a is not None and b else None


def fmt(value, digits=0):
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def table(rows, counts):
    by_id = {r["id"]: r for r in rows}
    out = [
        "| bookshelf | engine | restframe req/s | CPU µs/req | baseline req/s | CPU µs/req | × baseline | DRF req/s (best) "
        "| CPU µs/req | × DRF | SQL statements per request: restframe / baseline / DRF |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for engine in ("sqlite", "postgres"):
        prefix = "" if engine == "sqlite" else "pg_"
        for endpoint, label in ENDPOINTS.items():
            rf = by_id.get(f"bs_{prefix}{endpoint}")
            if rf is None:
                continue
            base = by_id.get(f"base_{prefix}{endpoint}")
            drf = drf_best(rows, engine, endpoint)
            sql = " / ".join(fmt(statements(counts, s, ENDPOINTS[endpoint])) for s in ("restframe", "baseline", "DRF"))
            kind = f" ({drf['id'].split('_')[-2]})" if drf else ""
            out.append(
                f"| {label} | {engine} | {fmt(rf['rps'])} | {fmt(rf.get('cpu_us_per_request'), 1)} "
                f"| {fmt(base['rps']) if base else '-'} | {fmt(base.get('cpu_us_per_request'), 1) if base else '-'} "
                f"| {fmt(ratio(rf['rps'], base['rps'] if base else None), 2)} "
                f"| {fmt(drf['rps']) if drf else '-'}{kind} | {fmt(drf.get('cpu_us_per_request'), 1) if drf else '-'} "
                f"| {fmt(ratio(rf['rps'], drf['rps'] if drf else None), 1)} | {sql} |"
            )
    return "\n".join(out)


def statement_lines(counts):
    """Every counted request with its statements, for the README and results.json readers."""
    out = []
    for c in counts:
        out.append(f"- {c['server']} `{c['request']}`: {c['statements']} — " + "; ".join(f"`{s[:90]}`" for s in c["sql"]))
    return out


def targets(rows, counts, startup, target, instructions=None):
    """The issue's bookshelf targets, as bench/report.py's `target(...)` entries."""
    by_id = {r["id"]: r for r in rows}
    t = []
    for endpoint, limit in (("list", 30), ("detail", 40), ("create", 10)):
        rf, drf = by_id.get(f"bs_{endpoint}"), drf_best(rows, "sqlite", endpoint)
        t.append(
            target(
                by_id,
                f"bookshelf {ENDPOINTS[endpoint]} / DRF (SQLite)",
                ratio(rf["rps"] if rf else None, drf["rps"] if drf else None),
                limit,
                ">=",
                f"req/s ratio; DRF row: {drf['id'] if drf else '-'}; server-CPU cost ratio "
                f"{ratio((drf or {}).get('cpu_us_per_request'), (rf or {}).get('cpu_us_per_request'))}",
            )
        )
    instructions = instructions or {}
    for endpoint in ("list", "detail"):
        rf, base = by_id.get(f"bs_{endpoint}"), by_id.get(f"base_{endpoint}")
        ir_rf = instructions.get(f"bookshelf_{endpoint}", {}).get("ir_per_request")
        ir_base = instructions.get(f"baseline_{endpoint}", {}).get("ir_per_request")
        t.append(
            target(
                by_id,
                f"bookshelf {ENDPOINTS[endpoint]} / hand-written baseline (SQLite)",
                ratio(rf["rps"] if rf else None, base["rps"] if base else None),
                0.8,
                ">=",
                f"req/s ratio, best of 2 alternating runs each; server-CPU cost ratio "
                f"{ratio((base or {}).get('cpu_us_per_request'), (rf or {}).get('cpu_us_per_request'))}; "
                f"instructions ratio (callgrind) {ratio(ir_base, ir_rf)}",
            )
        )
    page, last = statements(counts, "restframe", "GET /books/"), statements(counts, "restframe", "GET /books/?page=last")
    t.append(
        target(
            by_id,
            "bookshelf GET /books/ statements, page of 3 minus page of 1 (PostgreSQL)",
            None if page is None or last is None else page - last,
            0,
            "<=",
            f"constant in the page size: {page} statements for 3 books, {last} for 1",
        )
    )
    for s in startup:
        if s["id"] == "bs_startup":
            t.append(
                target(
                    by_id,
                    "first answered request after start, restframe bookshelf (ms)",
                    s["startup"]["median_ms"],
                    100,
                    "<",
                    f"median of {len(s['startup']['runs_ms'])} starts on the seeded SQLite database: "
                    + ", ".join(f"{v}" for v in s["startup"]["runs_ms"])
                    + " ms"
                    + "".join(
                        f"; {d['label']}: median {d['startup']['median_ms']} ms" for d in startup if d["id"] != "bs_startup"
                    ),
                )
            )
    row = by_id.get("bs_list_256")
    mb = round(row["rss_peak_kb"] / 1024, 1) if row and row.get("rss_peak_kb") else None
    idle = round(row["rss_idle_kb"] / 1024, 1) if row and row.get("rss_idle_kb") else None
    t.append(target(by_id, "peak RSS, restframe bookshelf GET /books/, 256 conns", mb, 64, "<", f"MB (VmHWM); idle {idle} MB"))
    return t
