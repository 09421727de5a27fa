//! `TokenAuthentication` on an SQLite file reads the token on the calling thread
//! (`restframe::db::SqliteReader`): same answers as the sea-orm path, no sea-orm statement, writes
//! seen at once, and a fall back to sea-orm whenever the direct read cannot answer.

mod common;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use common::user_with_token;
use restframe::auth::{User, user as auth_user};
use restframe::db::SqliteReader;
use restframe::db::rusqlite::{Connection, ErrorCode, OpenFlags};
use restframe::exceptions::ApiError;
use restframe_authtoken::authentication::{INVALID_TOKEN, USER_INACTIVE};
use restframe_authtoken::{Token, TokenAuthentication, generate_key, models};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait};

/// A migrated SQLite file under the target directory, removed on drop.
struct FileDatabase {
    path: PathBuf,
    db: DatabaseConnection,
}

impl FileDatabase {
    async fn new() -> Self {
        let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("reader-{}.sqlite3", generate_key()));
        let db = restframe::db::connect(&format!("sqlite://{}", path.display())).await.expect("file database");
        restframe_authtoken::migration::migrate(&db).await.expect("migrated");
        Self { path, db }
    }

    /// The database with a callback counting the statements sea-orm runs.
    fn counted(&self) -> (DatabaseConnection, Arc<Mutex<Vec<String>>>) {
        let mut db = self.db.clone();
        let statements = Arc::new(Mutex::new(Vec::new()));
        let seen = statements.clone();
        db.set_metric_callback(move |info| seen.lock().expect("lock").push(info.statement.sql.clone()));
        (db, statements)
    }
}

impl Drop for FileDatabase {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.path.display()));
        }
    }
}

fn detail(result: Result<restframe::authentication::Authenticated, ApiError>) -> String {
    match result {
        Ok(_) => "authenticated".to_owned(),
        Err(error) => error.body()["detail"].as_str().unwrap_or("not a string detail").to_owned(),
    }
}

/// What sea-orm itself reads for this token: the reference the direct read must equal.
async fn through_sea_orm(db: &DatabaseConnection, key: &str) -> (Token, User) {
    let token = models::Entity::find_by_id(key.to_owned()).one(db).await.expect("query").expect("token");
    let user = auth_user::Entity::find_by_id(token.user_id).one(db).await.expect("query").expect("user");
    (token, user)
}

async fn authenticated_pair(auth: &TokenAuthentication, key: &str) -> (Token, User) {
    let found = auth.authenticate_credentials(key).await.expect("authenticated");
    let user = (found.user.as_ref() as &dyn std::any::Any).downcast_ref::<User>().expect("a User").clone();
    let token = found.auth.as_deref().and_then(|a| a.downcast_ref::<Token>()).expect("a Token").clone();
    (token, user)
}

#[tokio::test]
async fn file_databases_get_a_reader_and_memory_databases_do_not() {
    let file = FileDatabase::new().await;
    let reader = SqliteReader::for_database(&file.db).expect("a reader for a file");
    assert_eq!(reader.path(), std::fs::canonicalize(&file.path).expect("exists"));
    let memory = restframe::db::connect("sqlite::memory:").await.expect("memory");
    assert!(SqliteReader::for_database(&memory).is_none());
}

#[tokio::test]
async fn a_valid_token_is_read_without_sea_orm_and_equals_sea_orms_row() {
    let file = FileDatabase::new().await;
    let (alice, token) = user_with_token(&file.db, "alice", true).await;
    // Every column filled, last_login included, so each one is compared.
    file.db
        .execute_unprepared(&format!(
            "UPDATE auth_user SET first_name = 'Alice', last_name = 'Liddell', email = 'a@example.com', \
             is_staff = 1, is_superuser = 1, last_login = '2026-11-28 09:30:01.000042+00:00' WHERE id = {}",
            alice.id
        ))
        .await
        .expect("updated");
    let (db, statements) = file.counted();
    let auth = TokenAuthentication::new(db);
    let direct = authenticated_pair(&auth, &token.key).await;
    assert!(statements.lock().expect("lock").is_empty(), "no sea-orm statement: {statements:?}");
    assert_eq!(direct, through_sea_orm(&file.db, &token.key).await);
    assert_eq!(direct.1.first_name, "Alice");
    assert_eq!(direct.1.last_login.map(|t| t.to_rfc3339()).as_deref(), Some("2026-11-28T09:30:01.000042+00:00"));
}

#[tokio::test]
async fn djangos_naive_utc_dates_read_the_same() {
    let file = FileDatabase::new().await;
    let (alice, token) = user_with_token(&file.db, "alice", true).await;
    // Django's SQLite backend stores aware datetimes as naive UTC text.
    file.db
        .execute_unprepared(&format!(
            "UPDATE auth_user SET date_joined = '2026-01-02 03:04:05.678901', last_login = '2026-01-03 00:00:00' \
             WHERE id = {}; UPDATE authtoken_token SET created = '2026-01-02 03:04:06.5'",
            alice.id
        ))
        .await
        .expect("updated");
    let (db, statements) = file.counted();
    let direct = authenticated_pair(&TokenAuthentication::new(db), &token.key).await;
    assert!(statements.lock().expect("lock").is_empty(), "{statements:?}");
    assert_eq!(direct, through_sea_orm(&file.db, &token.key).await);
    assert_eq!(direct.1.date_joined.to_rfc3339(), "2026-01-02T03:04:05.678901+00:00");
    assert_eq!(direct.0.created.to_rfc3339(), "2026-01-02T03:04:06.500+00:00");
}

#[tokio::test]
async fn unknown_and_inactive_give_drfs_errors() {
    let file = FileDatabase::new().await;
    let (_, inactive) = user_with_token(&file.db, "bob", false).await;
    let (db, statements) = file.counted();
    let auth = TokenAuthentication::new(db);
    assert_eq!(detail(auth.authenticate_credentials(&inactive.key).await), USER_INACTIVE);
    assert_eq!(detail(auth.authenticate_credentials(&generate_key()).await), INVALID_TOKEN);
    assert_eq!(detail(auth.authenticate_credentials("").await), INVALID_TOKEN);
    assert!(statements.lock().expect("lock").is_empty(), "{statements:?}");
}

#[tokio::test]
async fn writes_are_seen_by_the_next_request() {
    let file = FileDatabase::new().await;
    let (alice, token) = user_with_token(&file.db, "alice", true).await;
    let auth = TokenAuthentication::new(file.db.clone());
    assert_eq!(detail(auth.authenticate_credentials(&token.key).await), "authenticated");

    // Deactivating, reactivating, revoking and creating take effect at once: no caching.
    let set_active =
        |active: bool| format!("UPDATE auth_user SET is_active = {} WHERE id = {}", active as i32, alice.id);
    file.db.execute_unprepared(&set_active(false)).await.expect("deactivated");
    assert_eq!(detail(auth.authenticate_credentials(&token.key).await), USER_INACTIVE);
    file.db.execute_unprepared(&set_active(true)).await.expect("reactivated");
    assert_eq!(detail(auth.authenticate_credentials(&token.key).await), "authenticated");
    models::Entity::delete_by_id(token.key.clone()).exec(&file.db).await.expect("revoked");
    assert_eq!(detail(auth.authenticate_credentials(&token.key).await), INVALID_TOKEN);
    let fresh = Token::get_or_create(&file.db, alice.id).await.expect("new token");
    assert_eq!(detail(auth.authenticate_credentials(&fresh.key).await), "authenticated");
}

#[tokio::test]
async fn a_date_only_sqlx_reads_falls_back_to_sea_orm() {
    let file = FileDatabase::new().await;
    let (alice, token) = user_with_token(&file.db, "alice", true).await;
    // `YYYY-MM-DD HH:MM` (no seconds) is one of the formats sqlx accepts and rusqlite does not.
    file.db
        .execute_unprepared(&format!("UPDATE auth_user SET date_joined = '2026-05-06 07:08' WHERE id = {}", alice.id))
        .await
        .expect("updated");
    let (db, statements) = file.counted();
    let pair = authenticated_pair(&TokenAuthentication::new(db), &token.key).await;
    assert_eq!(statements.lock().expect("lock").len(), 1, "answered by sea-orm");
    assert_eq!(pair.1.date_joined.to_rfc3339(), "2026-05-06T07:08:00+00:00");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_database_falls_back_instead_of_blocking_the_thread() {
    // A rollback-journal database (Django's default on SQLite): a writer's exclusive lock keeps
    // readers out, which WAL never does.
    let file = FileDatabase::new().await;
    file.db.close_by_ref().await.expect("closed");
    let mut options = sea_orm::ConnectOptions::new(format!("sqlite://{}", file.path.display()));
    options.sqlx_logging(false).map_sqlx_sqlite_opts(|o| {
        o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Delete)
            .busy_timeout(std::time::Duration::from_secs(10))
    });
    let mut db = sea_orm::Database::connect(options).await.expect("rollback-journal database");
    let (_, token) = user_with_token(&db, "alice", true).await;

    // Another process takes the exclusive lock and lets go 300 ms later.
    let path = file.path.clone();
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let holder = std::thread::spawn(move || {
        let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_WRITE).expect("open");
        conn.execute_batch("BEGIN EXCLUSIVE; UPDATE auth_user SET first_name = 'x'").expect("locked");
        locked_tx.send(()).expect("signal");
        std::thread::sleep(std::time::Duration::from_millis(300));
        conn.execute_batch("COMMIT").expect("committed");
    });
    locked_rx.recv().expect("lock taken");

    let reader = SqliteReader::for_database(&db).expect("reader");
    let started = std::time::Instant::now();
    let busy = reader.query_row("SELECT count(*) FROM auth_user", [], |row| row.get::<_, i64>(0));
    assert!(
        matches!(&busy, Err(restframe::db::rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::DatabaseBusy),
        "the direct read gives up with SQLITE_BUSY: {busy:?}"
    );
    assert!(started.elapsed() < std::time::Duration::from_millis(200), "at once, not after the lock");

    let statements = Arc::new(Mutex::new(Vec::new()));
    let seen = statements.clone();
    db.set_metric_callback(move |info| seen.lock().expect("lock").push(info.statement.sql.clone()));
    let (_, user) = authenticated_pair(&TokenAuthentication::new(db), &token.key).await;
    assert_eq!(statements.lock().expect("lock").len(), 1, "answered by sea-orm, which waits for the lock");
    assert_eq!(user.first_name, "x", "the holder's committed write");
    holder.join().expect("holder");
}
