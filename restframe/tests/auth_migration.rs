//! The `auth_user` migration: Django's exact column types on an empty database, nothing touched
//! on a database Django already migrated.

use restframe::auth::{NewUser, UserManager, hashers::PasswordHasher};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};

/// `(column, type, nullable)` as Django creates them, in table order.
/// (SQLite reports the rowid alias `id` as `INTEGER`, for Django's database too.)
const SQLITE_COLUMNS: &[(&str, &str, bool)] = &[
    ("id", "INTEGER", false),
    ("password", "varchar(128)", false),
    ("last_login", "datetime", true),
    ("is_superuser", "bool", false),
    ("username", "varchar(150)", false),
    ("last_name", "varchar(150)", false),
    ("email", "varchar(254)", false),
    ("is_staff", "bool", false),
    ("is_active", "bool", false),
    ("date_joined", "datetime", false),
    ("first_name", "varchar(150)", false),
];

const POSTGRES_COLUMNS: &[(&str, &str, bool)] = &[
    ("id", "integer", false),
    ("password", "character varying(128)", false),
    ("last_login", "timestamp with time zone", true),
    ("is_superuser", "boolean", false),
    ("username", "character varying(150)", false),
    ("first_name", "character varying(150)", false),
    ("last_name", "character varying(150)", false),
    ("email", "character varying(254)", false),
    ("is_staff", "boolean", false),
    ("is_active", "boolean", false),
    ("date_joined", "timestamp with time zone", false),
];

async fn columns(db: &DatabaseConnection, table: &str) -> Vec<(String, String, bool)> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Sqlite => {
            format!(r#"SELECT name, type, "notnull" = 0 AS nullable FROM pragma_table_info('{table}') ORDER BY cid"#)
        }
        _ => format!(
            "SELECT column_name AS name, \
             CASE WHEN character_maximum_length IS NULL THEN data_type \
             ELSE data_type || '(' || character_maximum_length || ')' END AS type, \
             is_nullable = 'YES' AS nullable \
             FROM information_schema.columns WHERE table_name = '{table}' AND table_schema = current_schema() \
             ORDER BY ordinal_position"
        ),
    };
    let rows = db.query_all_raw(Statement::from_string(backend, sql)).await.expect("query");
    rows.iter()
        .map(|r| {
            (
                r.try_get::<String>("", "name").expect("name"),
                r.try_get::<String>("", "type").expect("type"),
                r.try_get::<bool>("", "nullable").expect("nullable"),
            )
        })
        .collect()
}

fn expected(db: &DatabaseConnection) -> Vec<(String, String, bool)> {
    let table = match db.get_database_backend() {
        DatabaseBackend::Sqlite => SQLITE_COLUMNS,
        _ => POSTGRES_COLUMNS,
    };
    table.iter().map(|(n, t, null)| ((*n).to_owned(), (*t).to_owned(), *null)).collect()
}

#[tokio::test]
async fn creates_auth_user_with_djangos_columns() {
    let db = restframe::db::test_database().await.expect("test database");
    restframe::auth::migration::migrate(&db).await.expect("migrated");
    assert_eq!(columns(&db, "auth_user").await, expected(&db));
    restframe::auth::migration::migrate(&db).await.expect("a second run is a no-op");
    // The sequence/autoincrement works and usernames are unique at the database level.
    let users = UserManager::new(db.clone()).with_hasher(PasswordHasher::new(1_000));
    let a = users.create_user(NewUser::new("a")).await.expect("created");
    let b = users.create_user(NewUser::new("b")).await.expect("created");
    assert!(b.id > a.id);
    let dup = db.execute_unprepared(
        "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined) \
         VALUES ('!', false, 'a', '', '', '', false, true, '2026-01-01 00:00:00+00')",
    );
    let err = dup.await.expect_err("unique username");
    assert!(matches!(err.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))), "{err}");
}

#[tokio::test]
async fn leaves_an_existing_django_schema_untouched() {
    let db = restframe::db::test_database().await.expect("test database");
    // A Django-made database: its own auth_user (here with an extra column a custom Django
    // project might have) and its migration history.
    for sql in [
        "CREATE TABLE django_migrations (id integer PRIMARY KEY, app varchar(255) NOT NULL, name varchar(255) NOT NULL)",
        "INSERT INTO django_migrations (id, app, name) VALUES (1, 'auth', '0012_alter_user_first_name_max_length')",
        "CREATE TABLE auth_user (id integer PRIMARY KEY, password varchar(128) NOT NULL, last_login timestamp NULL, \
         is_superuser boolean NOT NULL, username varchar(150) NOT NULL UNIQUE, first_name varchar(150) NOT NULL, \
         last_name varchar(150) NOT NULL, email varchar(254) NOT NULL, is_staff boolean NOT NULL, \
         is_active boolean NOT NULL, date_joined timestamp NOT NULL, legacy_flag integer NULL)",
        "INSERT INTO auth_user VALUES (7, '!x', NULL, false, 'django-user', '', '', '', false, true, '2020-01-01 00:00:00', 42)",
    ] {
        db.execute_unprepared(sql).await.expect("Django schema");
    }
    restframe::auth::migration::migrate(&db).await.expect("migrated");
    let names: Vec<String> = columns(&db, "auth_user").await.into_iter().map(|c| c.0).collect();
    assert_eq!(names.last().map(String::as_str), Some("legacy_flag"), "the table was not recreated");
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(Statement::from_string(backend, "SELECT username, legacy_flag FROM auth_user WHERE id = 7"))
        .await
        .expect("query")
        .expect("row kept");
    assert_eq!(row.try_get::<String>("", "username").expect("username"), "django-user");
    assert_eq!(row.try_get::<i32>("", "legacy_flag").expect("legacy_flag"), 42);
    let history = db
        .query_one_raw(Statement::from_string(backend, "SELECT COUNT(*) AS n FROM django_migrations"))
        .await
        .expect("query")
        .expect("row");
    assert_eq!(history.try_get::<i64>("", "n").expect("count"), 1);
}
