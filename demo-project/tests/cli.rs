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
    let out = db.manage(&["migrate"], &[("DATABASE_URL", url)], None).await;
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
    assert_eq!(lines.len(), 9, "migrations, then the banner: {}", server.banner);
    assert_eq!(
        lines[..5].join("\n"),
        "Operations to perform:\n  Apply all migrations: auth, authtoken\nRunning migrations:\n  Applying m0001_auth_user... OK\n  Applying m0002_authtoken_token... OK"
    );
    let lines = &lines[5..];
    assert!(lines[1].starts_with("restframe version "), "{}", lines[1]);
    assert_eq!(lines[2], format!("Starting development server at http://{}/", server.addr));
    assert_eq!(lines[3], "Quit the server with CONTROL-C.");
    let reply = server.client().get("/api-hello", &[]).await;
    assert_eq!(reply.status, 401, "{reply:?}");
    let log = server.log();
    assert!(log.contains("\"GET /api-hello HTTP/1.1\" "), "request log line: {log}");
    let status = server.stop().await;
    assert!(status.success(), "graceful exit: {status:?}");
}

#[tokio::test]
async fn migrate_applies_once_then_reports_nothing_to_do() {
    let db = TestDb::new().await;
    let first = db.manage(&["migrate"], &[], None).await;
    assert!(first.status.success(), "{}", first.stderr);
    assert_eq!(
        first.stdout,
        "Operations to perform:\n  Apply all migrations: auth, authtoken\nRunning migrations:\n  \
         Applying m0001_auth_user... OK\n  Applying m0002_authtoken_token... OK\n"
    );
    let tables = db.scalar("SELECT COUNT(*) FROM authtoken_token").await;
    assert_eq!(tables.as_deref(), Some("0"), "authtoken_token exists and is empty");
    let again = db.manage(&["migrate"], &[], None).await;
    assert!(again.status.success(), "{}", again.stderr);
    assert_eq!(
        again.stdout,
        "Operations to perform:\n  Apply all migrations: auth, authtoken\nRunning migrations:\n  No migrations to apply.\n"
    );
}

const SUPERUSER: [&str; 6] = ["createsuperuser", "--noinput", "--username", "admin", "--email", "admin@EXAMPLE.com"];

#[tokio::test]
async fn createsuperuser_noinput_takes_the_password_from_the_environment() {
    let db = TestDb::new().await;
    // Django does not run the password validators here: `123` is accepted.
    let out = db.manage(&SUPERUSER, &[("DJANGO_SUPERUSER_PASSWORD", "123")], None).await;
    assert!(out.status.success(), "{}", out.stderr);
    assert!(out.stdout.ends_with("Superuser created successfully.\n"), "{}", out.stdout);
    let row = db
        .scalar("SELECT email || ' ' || CAST(is_staff AS TEXT) || ' ' || CAST(is_superuser AS TEXT) FROM auth_user")
        .await;
    assert!(matches!(row.as_deref(), Some("admin@example.com 1 1" | "admin@example.com true true")), "{row:?}");
    let hash = db.scalar("SELECT password FROM auth_user WHERE username = 'admin'").await.expect("admin stored");
    assert!(hash.starts_with("pbkdf2_sha256$1500000$"), "{hash}");

    let again = db.manage(&SUPERUSER, &[("DJANGO_SUPERUSER_PASSWORD", "123")], None).await;
    assert_one_line_failure(&again, "CommandError: Error: That username is already taken.");
    let no_name = db.manage(&["createsuperuser", "--noinput", "--email", "a@example.com"], &[], None).await;
    assert_one_line_failure(&no_name, "CommandError: You must use --username with --noinput.");
    let no_email = db.manage(&["createsuperuser", "--no-input", "--username", "root"], &[], None).await;
    assert_one_line_failure(&no_email, "CommandError: You must use --email with --noinput.");
    let bad_email =
        db.manage(&["createsuperuser", "--noinput", "--username", "root", "--email", "nope"], &[], None).await;
    assert_one_line_failure(&bad_email, "CommandError: Enter a valid email address.");
    let bad_name = db.manage(&["createsuperuser", "--noinput", "--username", "a b", "--email", ""], &[], None).await;
    assert_one_line_failure(
        &bad_name,
        "CommandError: Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.",
    );
    // From the environment, and without a password: an unusable one (`!...`).
    let env = [("DJANGO_SUPERUSER_USERNAME", "ops"), ("DJANGO_SUPERUSER_EMAIL", "ops@example.com")];
    let from_env = db.manage(&["createsuperuser", "--noinput"], &env, None).await;
    assert!(from_env.status.success(), "{}", from_env.stderr);
    let unusable = db.scalar("SELECT password FROM auth_user WHERE username = 'ops'").await.expect("ops stored");
    assert!(unusable.starts_with('!') && unusable.len() == 41, "{unusable}");
    // Interactive mode needs a terminal, like Django's.
    let skipped = db.manage(&["createsuperuser"], &[], Some("")).await;
    assert!(skipped.status.success());
    assert!(
        skipped.stdout.starts_with("Superuser creation skipped due to not running in a TTY."),
        "{}",
        skipped.stdout
    );
}

#[tokio::test]
async fn drf_create_token_creates_keeps_and_resets() {
    let db = TestDb::new().await;
    let created = db.manage(&SUPERUSER, &[("DJANGO_SUPERUSER_PASSWORD", "123")], None).await;
    assert!(created.status.success(), "{}", created.stderr);
    let token_of = |out: &common::Output| {
        let line = out.stdout.lines().last().unwrap_or_default().to_owned();
        let key = line.strip_prefix("Generated token ").and_then(|rest| rest.strip_suffix(" for user admin"));
        let key = key.unwrap_or_else(|| panic!("unexpected output: {line:?}")).to_owned();
        assert!(common::is_token_key(&serde_json::json!(key)), "{key}");
        key
    };
    let first = db.manage(&["drf_create_token", "admin"], &[], None).await;
    assert!(first.status.success(), "{}", first.stderr);
    let key = token_of(&first);
    let same = db.manage(&["drf_create_token", "admin"], &[], None).await;
    assert_eq!(token_of(&same), key, "without -r the existing token is returned");
    let reset = db.manage(&["drf_create_token", "-r", "admin"], &[], None).await;
    let new_key = token_of(&reset);
    assert_ne!(new_key, key, "-r replaces the token");
    let long = db.manage(&["drf_create_token", "admin", "--reset"], &[], None).await;
    assert_ne!(token_of(&long), new_key);
    assert_eq!(db.scalar("SELECT COUNT(*) FROM authtoken_token").await.as_deref(), Some("1"));
    let missing = db.manage(&["drf_create_token", "nobody"], &[], None).await;
    assert_one_line_failure(&missing, "CommandError: Cannot create the Token: user nobody does not exist");
}

#[tokio::test]
async fn changepassword_retries_three_times_and_validates() {
    let db = TestDb::new().await;
    let created = db.manage(&SUPERUSER, &[("DJANGO_SUPERUSER_PASSWORD", "123")], None).await;
    assert!(created.status.success(), "{}", created.stderr);
    let before = db.scalar("SELECT password FROM auth_user").await;
    let ok =
        db.manage(&["changepassword", "admin"], &[], Some("one-thing\nanother\nnew-secret-42\nnew-secret-42\n")).await;
    assert!(ok.status.success(), "{}", ok.stderr);
    assert_eq!(
        ok.stdout,
        "Changing password for user 'admin'\nPasswords do not match. Please try again.\n\
         Password changed successfully for user 'admin'\n"
    );
    let after = db.scalar("SELECT password FROM auth_user").await;
    assert_ne!(before, after, "the hash changed");
    let weak = db.manage(&["changepassword", "admin"], &[], Some("1\n1\n2\n2\n3\n3\n")).await;
    assert_eq!(weak.status.code(), Some(1));
    assert!(weak.stderr.contains("This password is too short. It must contain at least 8 characters.\nThis password is too common.\nThis password is entirely numeric."), "{}", weak.stderr);
    assert!(
        weak.stderr.ends_with("CommandError: Aborting password change for user 'admin' after 3 attempts\n"),
        "{}",
        weak.stderr
    );
    assert_eq!(db.scalar("SELECT password FROM auth_user").await, after, "unchanged after the failures");
    let ghost = db.manage(&["changepassword", "ghost"], &[], Some("")).await;
    assert_one_line_failure(&ghost, "CommandError: user 'ghost' does not exist");
}
