# The bookshelf rows of bench/run (issue 17), sourced by it: examples/bookshelf (release) against
# the Django original under gunicorn and against the hand-written axum + sea-orm baseline
# (bench/baseline), on the same seeded data; statements per request, startup time and peak RSS.
# Uses bench/run's helpers (start_server, measure, record, scratch_pg_db, ...).

BS_DIR="$BENCH_DIR/bookshelf"
BS_VENV="$BENCH_DIR/.venv-bookshelf"
BS_DURATION="${BENCH_BOOKSHELF_DURATION:-4}"
BS_TOKEN=217314b5be1a8f959e97701b17789fac5d7c73eb # alice's, from the app's seed.sql
BS_SEARCH='/books/?search=Winter&ordering=-price'
BASELINE="$ROOT/target/release/bench-baseline"

bs_app_dir() { # the Django original: BOOKSHELF_APP, else the workplace's shared drf-apps
    local dir
    for dir in "${BOOKSHELF_APP:-}" "$ROOT/../shared/drf-apps/bookshelf" /work/shared/drf-apps/bookshelf; do
        [[ -n "$dir" && -f "$dir/manage.py" ]] && { echo "$dir"; return 0; }
    done
    return 1
}

bs_python() { # Django 6.1 needs Python >= 3.12: python3.13/3.12 on PATH, else pyenv's
    local p
    for p in "$(command -v python3.13)" "$(command -v python3.12)" ~/.pyenv/versions/3.1[2-9]*/bin/python3; do
        # a pyenv shim is executable but may not run: ask the interpreter itself
        [[ -x "$p" ]] && "$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
            && { echo "$p"; return 0; }
    done
    return 1
}

bs_ensure_tools() { # the venv of the Django original
    local stamp="$BS_VENV/.requirements.sha256" want python
    want="$(sha256sum "$BS_DIR/requirements.txt" | cut -d' ' -f1)"
    if [[ ! -x "$BS_VENV/bin/gunicorn" || "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
        python="$(bs_python)" || { log "no Python >= 3.12: skipping the bookshelf rows"; return 1; }
        log "creating the bookshelf virtualenv (bench/.venv-bookshelf) from PyPI"
        "$python" -m venv "$BS_VENV"
        "$BS_VENV/bin/pip" install -q --disable-pip-version-check -r "$BS_DIR/requirements.txt"
        echo "$want" >"$stamp"
    fi
}

bs_django() { # DB_URL COMMAND...: the original's manage.py-level Python with bench/bookshelf/bench_settings.py
    local url="$1"
    shift
    (cd "$BS_APP" && DATABASE_URL="$url" DJANGO_SETTINGS_MODULE=bench_settings PYTHONPATH="$BS_DIR:$BS_APP" "$@")
}

bs_seed() { # ENGINE -> sets BS_URL_DRF, BS_URL_RF, BS_URL_BASE: one seeded database and two copies
    local engine="$1" url
    if [[ "$engine" == sqlite ]]; then
        mkdir -p "$WORK/bookshelf"
        url="sqlite://$WORK/bookshelf/drf.sqlite3"
    else
        url="$(scratch_pg_db bench_bs_drf)"
    fi
    log "seeding the bookshelf on $engine (Django's migrate, seed.sql, 30 books with reviews and genres)"
    bs_django "$url" "$BS_VENV/bin/python" manage.py migrate -v0
    if [[ "$engine" == sqlite ]]; then
        sqlite3 "${url#sqlite://}" <"$BS_APP/seed.sql"
    else
        psql -q -v ON_ERROR_STOP=1 "$url" -f "$BS_APP/seed.sql" -f "$BS_APP/seed-postgres-extra.sql" >/dev/null
    fi
    bs_django "$url" "$BS_VENV/bin/python" "$BS_DIR/seed_books.py" >&2
    BS_URL_DRF="$url"
    if [[ "$engine" == sqlite ]]; then
        cp "$WORK/bookshelf/drf.sqlite3" "$WORK/bookshelf/rf.sqlite3"
        cp "$WORK/bookshelf/drf.sqlite3" "$WORK/bookshelf/base.sqlite3"
        BS_URL_RF="sqlite://$WORK/bookshelf/rf.sqlite3"
        BS_URL_BASE="sqlite://$WORK/bookshelf/base.sqlite3"
    else
        BS_URL_RF="$(bs_pg_copy "$url" bench_bs_rf)"
        BS_URL_BASE="$(bs_pg_copy "$url" bench_bs_base)"
    fi
}

bs_pg_copy() { # SOURCE_URL NAME -> URL of a copy (CREATE DATABASE ... TEMPLATE), dropped at the end
    local db="$2_$$"
    psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $db TEMPLATE ${1##*/}" >/dev/null
    echo "$db" >>"$PG_DBS"
    echo "$PG_URL_BASE/$db"
}

bs_restframe() { # DB_URL LOGNAME [ADDR]: the port, release, runserver (it migrates nothing on Django's tables)
    local dir="$WORK/$2"
    mkdir -p "$dir"
    cd "$dir"
    DATABASE_URL="$1" RUST_LOG=warn start_server "$2" "$RELEASE/bookshelf" runserver "${3:-127.0.0.1:8105}"
    cd "$ROOT"
    wait_ready "http://${3:-127.0.0.1:8105}/"
    RSS_IDLE="$(rss_kb "$SERVER_PID" VmHWM)"
}

bs_baseline() { # DB_URL LOGNAME
    DATABASE_URL="$1" start_server "$2" "$BASELINE" 127.0.0.1:8106
    wait_ready http://127.0.0.1:8106/books/
    RSS_IDLE="$(rss_kb "$SERVER_PID" VmHWM)"
}

bs_gunicorn() { # DB_URL KIND(sync|gthread) LOGNAME: bench/drf's two configurations
    local workers=(--workers 5 --worker-class sync)
    [[ "$2" == gthread ]] && workers=(--workers 3 --worker-class gthread --threads 8)
    # Counting statements: one worker, so the counted request reuses the warmed-up connection.
    [[ "$2" == count ]] && workers=(--workers 1 --worker-class sync)
    cd "$BS_APP"
    DATABASE_URL="$1" DJANGO_SETTINGS_MODULE=bench_settings PYTHONPATH="$BS_DIR:$BS_APP" \
        start_server "$3" "$BS_VENV/bin/gunicorn" "${workers[@]}" --bind 127.0.0.1:8107 --backlog 2048 \
        bookshelf_site.wsgi:application
    cd "$ROOT"
    wait_ready http://127.0.0.1:8107/books/
    sleep 0.5 # let every worker boot
    RSS_IDLE="$(rss_kb "$SERVER_PID" VmHWM)"
}

bs_same_bytes() { # compares the baseline's bodies with the port's, for every page and every book
    local path a b failed=0
    for path in /books/ $(seq -f '/books/?page=%g' 2 11) '/books/?page=last' $(seq -f '/books/%g/' 1 31) \
        /books/x/ '/books/?page=12' '/books/?page=0'; do
        # The same Host header, so the links are the same.
        a="$(curl -s -w ' %{http_code}' -H 'Host: testserver' "http://127.0.0.1:8105$path")"
        b="$(curl -s -w ' %{http_code}' -H 'Host: testserver' "http://127.0.0.1:8106$path")"
        [[ "$a" == "$b" ]] || { echo "baseline differs from the port at $path:"$'\n'"$a"$'\n'"$b" >&2; failed=1; }
    done
    [[ $failed == 0 ]] || return 1
    log "the baseline's bodies and statuses equal the port's for all 11 pages, 30 books and the 404s"
}

bs_measure() { # ID_PREFIX LABEL_PREFIX GROUP ENDPOINTS...: one row per endpoint against SERVER on $BS_PORT
    # (ids: ID_PREFIX<endpoint>$BS_ROUND; a `#n` round suffix makes report.py keep the best round)
    local prefix="$1" label="$2" group="$3" endpoint saved="$DURATION" round="${BS_ROUND:-}"
    shift 3
    DURATION="$BS_DURATION"
    for endpoint in "$@"; do
        case "$endpoint" in
        list) measure "${prefix}list$round" "$label GET /books/" "$group" "$CONNS" "http://127.0.0.1:$BS_PORT/books/" "$BS_NOTE" ;;
        search) measure "${prefix}search$round" "$label GET /books/?search&ordering" "$group" "$CONNS" \
            "http://127.0.0.1:$BS_PORT$BS_SEARCH" "$BS_NOTE" ;;
        detail) measure "${prefix}detail$round" "$label GET /books/1/" "$group" "$CONNS" "http://127.0.0.1:$BS_PORT/books/1/" "$BS_NOTE" ;;
        root) measure "${prefix}root$round" "$label GET /" "$group" "$CONNS" "http://127.0.0.1:$BS_PORT/" "$BS_NOTE" ;;
        create)
            measure "${prefix}create$round" "$label POST /books/" "$group" "$CONNS" "http://127.0.0.1:$BS_PORT/books/" \
                "${BS_NOTE:+$BS_NOTE; }token auth, a new book with 2 genres per request" \
                "WRK_AUTH=Token $BS_TOKEN" "WRK_BOOK_POST=1"
            ;;
        esac
    done
    DURATION="$saved"
}

bs_startup() { # ID LABEL STARTS URL COMMAND...: the first answered request after the process starts
    local id="$1" label="$2" starts="$3" url="$4"
    shift 4
    log "startup: $label"
    printf '{"id":"%s","label":"%s","startup":%s}\n' "$id" "$label" \
        "$(python3 "$BS_DIR/startup.py" "$starts" "$url" -- "$@")" >>"$WORK/startup.jsonl"
}

bs_profile() { # instructions per request (callgrind) of both GET rows, restframe and the baseline
    [[ "${BENCH_NO_PROFILE:-0}" == 1 ]] && return 0
    log "instructions per request under callgrind: bookshelf and baseline, GET /books/ and /books/1/"
    local path name
    for path in /books/ /books/1/; do
        name="$([[ $path == /books/ ]] && echo list || echo detail)"
        DATABASE_URL="$BS_URL_RF" RUST_LOG=warn PROFILE_SECONDS=3 PROFILE_NAME="bookshelf_$name" PROFILE_SUBCOMMAND=runserver \
            "$BENCH_DIR/profile" "$RELEASE/bookshelf" 127.0.0.1:8117 "$path" | tee -a "$WORK/profile.txt" >&2
        DATABASE_URL="$BS_URL_BASE" PROFILE_SECONDS=3 PROFILE_NAME="baseline_$name" \
            "$BENCH_DIR/profile" "$BASELINE" 127.0.0.1:8118 "$path" | tee -a "$WORK/profile.txt" >&2
    done
}

bench_bookshelf_sqlite() {
    bs_seed sqlite
    bs_restframe "$BS_URL_RF" bs-rf
    local rf_pid=$SERVER_PID rf_idle=$RSS_IDLE
    OTHER_PIDS+=("$rf_pid")
    bs_baseline "$BS_URL_BASE" bs-base
    local base_pid=$SERVER_PID base_idle=$RSS_IDLE
    bs_same_bytes
    # The GET rows of the tightest ratio (>= 0.8 of the baseline) alternate with the baseline's,
    # twice each, and keep their best run, as the limit and AllowAny rows do.
    local round
    for round in 1 2; do
        SERVER_PID=$rf_pid RSS_IDLE=$rf_idle BS_PORT=8105 BS_NOTE="" BS_ROUND="#$round" \
            bs_measure bs_ "restframe bookshelf" bookshelf list detail
        SERVER_PID=$base_pid RSS_IDLE=$base_idle BS_PORT=8106 BS_NOTE="axum + sea-orm by hand" BS_ROUND="#$round" \
            bs_measure base_ "baseline (axum + sea-orm)" baseline list detail
    done
    stop_server
    SERVER_PID=$rf_pid RSS_IDLE=$rf_idle
    bs_profile
    BS_PORT=8105 BS_NOTE="" bs_measure bs_ "restframe bookshelf" bookshelf search root
    DURATION="$BS_DURATION" measure bs_list_256 "restframe bookshelf GET /books/, 256 conns" bookshelf "$MEM_CONNS" \
        http://127.0.0.1:8105/books/ "peak RSS under 256 connections"
    BS_PORT=8105 BS_NOTE="" bs_measure bs_ "restframe bookshelf" bookshelf create
    stop_server
    # Startup on the database the rows above used (existing tables, seeded rows).
    (cd "$WORK/bs-rf" && DATABASE_URL="$BS_URL_RF" RUST_LOG=warn bs_startup bs_startup "restframe bookshelf runserver" 5 \
        http://127.0.0.1:8109/ "$RELEASE/bookshelf" runserver 127.0.0.1:8109)
    local kind
    for kind in sync gthread; do
        bs_gunicorn "$BS_URL_DRF" "$kind" "bs-drf-$kind"
        BS_PORT=8107 BS_NOTE="$( [[ $kind == sync ]] && echo "5 sync workers" || echo "3 gthread workers x 8 threads")" \
            bs_measure "drf_bs_${kind}_" "DRF bookshelf ($kind)" drf_bookshelf list search detail root create
        stop_server
    done
    (cd "$BS_APP" && DATABASE_URL="$BS_URL_DRF" DJANGO_SETTINGS_MODULE=bench_settings PYTHONPATH="$BS_DIR:$BS_APP" \
        bs_startup drf_bs_startup "DRF bookshelf, gunicorn (5 sync workers)" 3 http://127.0.0.1:8109/ \
        "$BS_VENV/bin/gunicorn" --workers 5 --bind 127.0.0.1:8109 bookshelf_site.wsgi:application)
}

bs_count() { # LABEL PROXY_LOG METHOD PATH [BODY]: statements one request runs (the second of two alike)
    local label="$1" log="$2" method="$3" path="$4" body="${5:-}" before args=(-s -o /dev/null -X "$3")
    [[ "$method" == POST ]] && args+=(-H "Authorization: Token $BS_TOKEN" -H 'Content-Type: application/json')
    if [[ -n "$body" ]]; then curl "${args[@]}" -d "${body//@N@/1}" "http://127.0.0.1:$BS_PORT$path"; else curl "${args[@]}" "http://127.0.0.1:$BS_PORT$path"; fi
    sleep 0.2
    before="$(wc -l <"$log")"
    if [[ -n "$body" ]]; then curl "${args[@]}" -d "${body//@N@/2}" "http://127.0.0.1:$BS_PORT$path"; else curl "${args[@]}" "http://127.0.0.1:$BS_PORT$path"; fi
    sleep 0.2
    printf '{"server":"%s","request":"%s %s","statements":%s,"sql":%s}\n' "$label" "$method" "$path" \
        "$(($(wc -l <"$log") - before))" \
        "$(tail -n +"$((before + 1))" "$log" | cut -d' ' -f2- | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read().splitlines()))')" \
        >>"$WORK/statements.jsonl"
}

bs_count_all() { # LABEL PROXY_LOG: every bookshelf row's request, plus the last page (1 book of 3)
    local body='{"title":"Counted book @N@","isbn":"977000000000@N@","author":1,"genres":["fantasy","mystery"],"published":"2001-02-03","pages":321,"price":"12.50","in_stock":true}'
    bs_count "$1" "$2" GET /books/
    bs_count "$1" "$2" GET '/books/?page=last'
    bs_count "$1" "$2" GET "$BS_SEARCH"
    bs_count "$1" "$2" GET /books/1/
    bs_count "$1" "$2" GET /
    [[ "$1" == baseline ]] || bs_count "$1" "$2" POST /books/ "$body"
}

bench_bookshelf_pg() {
    bs_seed postgres
    local pg_url_rf="$BS_URL_RF" pg_url_drf="$BS_URL_DRF"
    bs_restframe "$BS_URL_RF?sslmode=disable" bs-rf-pg
    BS_PORT=8105 BS_NOTE="PostgreSQL" DURATION="$BS_DURATION" \
        measure bs_pg_list "restframe bookshelf GET /books/, PostgreSQL" postgres "$CONNS" http://127.0.0.1:8105/books/ ""
    stop_server
    bs_baseline "$BS_URL_BASE" bs-base-pg
    DURATION="$BS_DURATION" measure base_pg_list "baseline (axum + sea-orm) GET /books/, PostgreSQL" postgres "$CONNS" \
        http://127.0.0.1:8106/books/ "axum + sea-orm by hand"
    stop_server
    local kind
    for kind in sync gthread; do
        bs_gunicorn "$BS_URL_DRF" "$kind" "bs-drf-pg-$kind"
        DURATION="$BS_DURATION" measure "drf_bs_pg_${kind}_list" "DRF bookshelf ($kind) GET /books/, PostgreSQL" \
            drf_postgres "$CONNS" http://127.0.0.1:8107/books/ ""
        stop_server
    done

    # Statements per request: each server once more, through the counting proxy.
    log "statements per request (bench/bookshelf/pgcount.py in front of PostgreSQL)"
    : >"$WORK/statements.jsonl"
    python3 "$BS_DIR/pgcount.py" 5499 127.0.0.1 5432 "$WORK/pgcount.log" &
    OTHER_PIDS+=($!)
    sleep 0.5
    local proxied="postgres://postgres@127.0.0.1:5499"
    bs_restframe "$proxied/${pg_url_rf##*/}?sslmode=disable" bs-rf-count
    BS_PORT=8105 bs_count_all restframe "$WORK/pgcount.log"
    stop_server
    bs_baseline "$proxied/${BS_URL_BASE##*/}?sslmode=disable" bs-base-count
    BS_PORT=8106 bs_count_all baseline "$WORK/pgcount.log"
    stop_server
    bs_gunicorn "$proxied/${pg_url_drf##*/}" count bs-drf-count
    BS_PORT=8107 bs_count_all DRF "$WORK/pgcount.log"
    stop_server
}
