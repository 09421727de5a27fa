"""Migrates library + kinds with Django and prints the introspection the Rust test compares."""
import os, sys, sqlite3
TABLES = sys.argv[1].split(",")
IN = ", ".join("'%s'" % t for t in TABLES)
SQLITE = f"SELECT type || ' ' || name || ' ' || tbl_name || ' ' || coalesce(sql, '-') AS line FROM sqlite_master WHERE tbl_name IN ({IN}) ORDER BY type, name"
PG = [
 f"SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE ' NULL' END || CASE WHEN a.attidentity = 'd' THEN ' IDENTITY' ELSE '' END AS line FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND c.relname IN ({IN}) ORDER BY c.relname, a.attnum",
 f"SELECT c.relname || ' ' || con.conname || ' ' || replace(pg_get_constraintdef(con.oid), current_schema() || '.', '') AS line FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid WHERE c.relnamespace = current_schema()::regnamespace AND c.relname IN ({IN}) ORDER BY c.relname, con.conname",
 f"SELECT replace(indexdef, current_schema() || '.', '') AS line FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ({IN}) ORDER BY tablename, indexname",
]
if os.environ.get("PG"):
    import psycopg
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=h_schema") as c:
        for q in PG:
            for (line,) in c.execute(q):
                print(line)
else:
    c = sqlite3.connect("/tmp/schema-django/db.sqlite3")
    for (line,) in c.execute(SQLITE):
        print(line)
