//! The management commands, run as the real binary: `cargo run -p demo-project -- <command>`.

mod common;

use common::TestDb;

fn assert_one_line_failure(out: &common::Output, expected: &str) {
    assert_eq!(out.status.code(), Some(1), "exit status; stderr: {}", out.stderr);
    assert_eq!(out.stderr, format!("{expected}\n"), "stderr");
}

#[tokio::test]
async fn unknown_command_is_one_line_and_exit_1() {
    let db = TestDb::new().await;
    let out = db.manage(&["frobnicate"], &[], None).await;
    assert_one_line_failure(&out, "Unknown command: 'frobnicate'. Type 'demo-project help' for usage.");
    assert_eq!(out.stdout, "");
}

#[tokio::test]
async fn runserver_rejects_a_malformed_address() {
    let db = TestDb::new().await;
    for bad in ["localhost:http", "127.0.0.1:99999", "not an address", "[::zz]:80"] {
        let out = db.manage(&["runserver", bad], &[], None).await;
        assert_one_line_failure(
            &out,
            &format!("CommandError: \"{bad}\" is not a valid port number or address:port pair."),
        );
    }
}

#[tokio::test]
async fn runserver_reports_a_port_in_use() {
    let db = TestDb::new().await;
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a scratch port");
    let addr = taken.local_addr().expect("scratch port address").to_string();
    let out = db.manage(&["runserver", &addr], &[], None).await;
    assert_one_line_failure(&out, "Error: That port is already in use.");
}

#[tokio::test]
async fn unreachable_postgres_is_one_line_and_exit_1() {
    let db = TestDb::new().await;
    let url = "postgres://postgres:s3cret@127.0.0.1:1/nowhere";
    let out = db.manage(&["runserver", "127.0.0.1:0"], &[("DATABASE_URL", url)], None).await;
    assert_eq!(out.status.code(), Some(1), "stderr: {}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "one line: {}", out.stderr);
    assert!(
        out.stderr
            .starts_with("CommandError: Cannot connect to the database postgres://postgres:***@127.0.0.1:1/nowhere: "),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("s3cret"), "the password is not printed");
}

#[tokio::test]
async fn unopenable_sqlite_file_is_one_line_and_exit_1() {
    let db = TestDb::new().await;
    let url = format!("sqlite://{}/missing-dir/db.sqlite3", db.dir.display());
    let out = db.manage(&["runserver", "127.0.0.1:0"], &[("DATABASE_URL", &url)], None).await;
    assert_eq!(out.status.code(), Some(1), "stderr: {}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "one line: {}", out.stderr);
    assert!(out.stderr.starts_with(&format!("CommandError: Cannot connect to the database {url}")), "{}", out.stderr);
}

#[tokio::test]
async fn runserver_prints_the_bound_address_and_stops_gracefully_on_sigterm() {
    let db = TestDb::new().await;
    let server = db.serve().await;
    assert_ne!(server.addr.port(), 0);
    let lines: Vec<&str> = server.banner.lines().collect();
    assert_eq!(lines.len(), 4, "{}", server.banner);
    assert!(lines[1].starts_with("restframe version "), "{}", lines[1]);
    assert_eq!(lines[2], format!("Starting development server at http://{}/", server.addr));
    assert_eq!(lines[3], "Quit the server with CONTROL-C.");
    let reply = server.client().get("/api-hello", &[]).await;
    assert!(reply.status == 401 || reply.status == 403, "{reply:?}");
    let log = server.log();
    assert!(log.contains("\"GET /api-hello HTTP/1.1\" "), "request log line: {log}");
    let status = server.stop().await;
    assert!(status.success(), "graceful exit: {status:?}");
}
