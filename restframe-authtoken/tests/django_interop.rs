//! Interoperability with real Django: Django 5.2 LTS and DRF 3.18, installed from PyPI into a
//! virtualenv under the cargo target directory (created once, then reused), create a database
//! with users and tokens; restframe authenticates them; a user registered by restframe logs in
//! through Django. Runs on SQLite, or on PostgreSQL when `DATABASE_URL` is a `postgres://` URL.
//!
//! Django 5.2 rather than 6.1 because the test machines have Python 3.11 (Django 6 needs 3.12).
//! Its hashes use 1,000,000 PBKDF2 iterations, so this also proves the upgrade to 1,500,000 on
//! login. Set `RESTFRAME_SKIP_DJANGO_INTEROP=1` to skip it on a machine without PyPI access.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use restframe::auth::{ModelBackend, NewUser, UserManager, user};
use restframe::prelude::*;
use restframe::test::APIClient;
use restframe_authtoken::{TokenAuthentication, drf_create_token, obtain_auth_token};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, Statement};
use serde_json::{Value, json};

const REQUIREMENTS: &[&str] = &["Django>=5.2,<5.3", "djangorestframework>=3.18,<3.19", "psycopg[binary]>=3.2,<4"];

/// The cached virtualenv, created on first use.
fn virtualenv() -> PathBuf {
    let tag: u32 = REQUIREMENTS.join(" ").bytes().fold(7, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("django-interop-venv-{tag:08x}"));
    let ready = venv.join(".installed");
    if !ready.exists() {
        let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
        run(Command::new(python).args(["-m", "venv", "--clear"]).arg(&venv));
        run(Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .args(REQUIREMENTS));
        std::fs::write(&ready, REQUIREMENTS.join("\n")).expect("marker written");
    }
    venv
}

fn run(command: &mut Command) -> String {
    let output = command.output().unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

fn django(venv: &Path, db_url: &str, args: &[&str]) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/django/interop.py");
    let out = run(Command::new(venv.join("bin/python")).arg(script).args(args).env("DJANGO_DB_URL", db_url));
    serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("bad JSON from Django ({e}): {out}"))
}

/// A fresh, empty database: an SQLite file, or a new PostgreSQL database next to `DATABASE_URL`.
struct Scratch {
    url: String,
    admin: Option<(String, String)>,
}

impl Scratch {
    async fn new(label: &str) -> Scratch {
        let suffix = &restframe_authtoken::generate_key()[..12];
        match std::env::var("DATABASE_URL") {
            Ok(url) if url.starts_with("postgres") => {
                let name = format!("restframe_interop_{label}_{suffix}");
                let admin = restframe::db::connect(&url).await.expect("PostgreSQL");
                admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("database created");
                admin.close().await.expect("closed");
                let base = url.split('?').next().unwrap_or(&url);
                let (server, _) = base.rsplit_once('/').expect("URL with a database name");
                Scratch { url: format!("{server}/{name}"), admin: Some((url, name)) }
            }
            _ => {
                let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("interop-{label}-{suffix}.sqlite3"));
                Scratch { url: format!("sqlite://{}", path.display()), admin: None }
            }
        }
    }

    async fn drop(self) {
        match self.admin {
            Some((url, name)) => {
                let admin = restframe::db::connect(&url).await.expect("PostgreSQL");
                admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await
                    .expect("dropped");
            }
            None => {
                let path = self.url.trim_start_matches("sqlite://");
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{path}{suffix}"));
                }
            }
        }
    }
}

async fn strings(db: &DatabaseConnection, sql: &str) -> Vec<String> {
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await.expect("query");
    rows.iter().map(|r| r.try_get_by_index::<String>(0).expect("text column")).collect()
}

/// Everything about the two tables' definitions that Django's migrations decide.
async fn schema(db: &DatabaseConnection) -> Vec<String> {
    match db.get_database_backend() {
        DatabaseBackend::Sqlite => {
            strings(db, "SELECT sql FROM sqlite_master WHERE tbl_name IN ('auth_user', 'authtoken_token') AND sql IS NOT NULL ORDER BY name").await
        }
        _ => {
            let mut all = strings(
                db,
                "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || COALESCE(character_maximum_length::text, '') \
                 || ' ' || is_nullable || ' ' || is_identity FROM information_schema.columns \
                 WHERE table_name IN ('auth_user', 'authtoken_token') AND table_schema = current_schema() ORDER BY 1",
            )
            .await;
            all.extend(strings(db, "SELECT indexdef FROM pg_indexes WHERE tablename IN ('auth_user', 'authtoken_token') ORDER BY 1").await);
            all.extend(
                strings(
                    db,
                    "SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint \
                     WHERE conrelid::regclass::text IN ('auth_user', 'authtoken_token') ORDER BY 1",
                )
                .await,
            );
            all
        }
    }
}

async fn django_history(db: &DatabaseConnection) -> Vec<String> {
    strings(db, "SELECT app || '.' || name FROM django_migrations ORDER BY id").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn django_and_restframe_share_users_and_tokens() {
    if std::env::var_os("RESTFRAME_SKIP_DJANGO_INTEROP").is_some() {
        eprintln!("skipped: RESTFRAME_SKIP_DJANGO_INTEROP is set");
        return;
    }
    let venv = virtualenv();
    let scratch = Scratch::new("django").await;

    // 1. Django creates the schema, users and tokens.
    let created = django(&venv, &scratch.url, &["setup"]);
    assert!(created["django"].as_str().is_some_and(|v| v.starts_with("5.2")), "{created}");
    let alice_hash = created["alice"]["hash"].as_str().expect("hash");
    assert!(alice_hash.starts_with("pbkdf2_sha256$1000000$"), "{alice_hash}");
    let alice_token = created["alice"]["token"].as_str().expect("token").to_owned();
    let bob_token = created["bob"]["token"].as_str().expect("token").to_owned();

    // 2. restframe migrates the same database: nothing of Django's changes.
    let db = restframe::db::connect(&scratch.url).await.expect("Django's database");
    let (schema_before, history_before) = (schema(&db).await, django_history(&db).await);
    restframe_authtoken::migration::migrate(&db).await.expect("migrated");
    assert_eq!(schema(&db).await, schema_before);
    assert_eq!(django_history(&db).await, history_before);

    // 3. Django's passwords work here, and alice's hash is upgraded to 1,500,000 iterations.
    let users = UserManager::new(db.clone());
    let backend = ModelBackend::new(users.clone());
    let alice = backend.authenticate("alice", "alice-pass-1").await.expect("query").expect("alice logs in");
    assert_eq!((alice.email.as_str(), alice.first_name.as_str()), ("Alice@example.com", "Alice"));
    let stored = user::Entity::find_by_id(alice.id).one(&db).await.expect("query").expect("alice");
    assert!(stored.password.starts_with("pbkdf2_sha256$1500000$"), "upgraded on login");
    assert!(backend.authenticate("alice", "wrong").await.expect("query").is_none());
    assert!(backend.authenticate("bob", "bob-pass-1").await.expect("query").is_none(), "inactive");
    assert!(backend.authenticate("carol", "").await.expect("query").is_none(), "unusable password");

    // 4. Django's tokens work here, over the whole request pipeline.
    let settings =
        Settings::default().default_authentication_classes(authentication![TokenAuthentication::new(db.clone())]);
    let urls = urlpatterns![path("hello", common::HelloView), path("api-token-auth", obtain_auth_token(users.clone()))];
    let mut client = APIClient::new(App::new(settings, urls).expect("routes"));
    client.credentials(Some(&format!("Token {alice_token}")));
    let hello = client.get("/hello").await;
    assert_eq!(hello.json(), json!({"user": "alice", "token": alice_token}));
    client.credentials(Some(&format!("Token {bob_token}")));
    assert_eq!(client.get("/hello").await.text(), r#"{"detail":"User inactive or deleted."}"#);
    client.credentials(None);
    let login = client.post("/api-token-auth", &json!({"username": "alice", "password": "alice-pass-1"})).await;
    assert_eq!(login.json(), json!({"token": alice_token}), "DRF's existing token is returned");

    // 5. A user registered here logs in through Django and DRF.
    users
        .create_user(NewUser::new("ｄａｖｅ").email("dave@EXAMPLE.org").password("dave-pass-1"))
        .await
        .expect("created");
    let dave_token = drf_create_token(&db, "dave", false).await.expect("token").key;
    let dave = django(&venv, &scratch.url, &["check", "dave", "dave-pass-1", &dave_token]);
    assert_eq!(dave["authenticated"], "dave");
    assert_eq!(dave["token_user"], "dave");
    assert_eq!(dave["hash_after_login"], "1000000", "Django 5.2 re-hashes to its own count, as it should");
    assert!(dave["date_joined_year"].as_i64().is_some_and(|y| y >= 2024), "Django reads our datetimes: {dave}");
    assert!(dave["token_created_year"].as_i64().is_some_and(|y| y >= 2024));
    let alice = django(&venv, &scratch.url, &["check", "alice", "alice-pass-1", &alice_token]);
    assert_eq!(alice["authenticated"], "alice", "the hash restframe upgraded still works in Django");
    assert_eq!(alice["last_login_set"], true, "obtain_auth_token recorded the login");
    let wrong = django(&venv, &scratch.url, &["check", "dave", "nope", &dave_token]);
    assert_eq!(wrong["authenticated"], Value::Null);

    // 6. A database created by restframe alone has exactly Django's schema.
    let ours = Scratch::new("restframe").await;
    let fresh = restframe::db::connect(&ours.url).await.expect("fresh database");
    restframe_authtoken::migration::migrate(&fresh).await.expect("migrated");
    assert_eq!(schema(&fresh).await, schema_before);
    fresh.close().await.expect("closed");
    db.close().await.expect("closed");
    ours.drop().await;
    scratch.drop().await;
}
