//! `restframe::db::schema` against Django's own DDL: the statements match what
//! `manage.py sqlmigrate` prints, and the tables `create_tables` makes introspect the same as
//! the ones `manage.py migrate` makes (SQLite by default, PostgreSQL with a `postgres://`
//! `DATABASE_URL`). The expected values were produced by running Django 6.1 on the same models
//! (`schema/expected.rs`; the Django side is in `schema/django/`). `schema/django_db.rs` reads
//! and writes a database Django created and filled through the bookshelf models
//! (`common/bookshelf.rs`).

use restframe::db::schema::{self, FieldType};
use restframe::serializers::{ModelField, ModelInfo, ModelMeta};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, DbBackend, DbErr, Statement};

#[path = "common/bookshelf.rs"]
mod bookshelf;
#[path = "schema/django_db.rs"]
mod django_db;
#[path = "schema/expected.rs"]
mod expected;
#[path = "schema/models.rs"]
mod models;

use bookshelf::{LIBRARY_TABLES, author, book, genre, library, review};
use models::{country, everything, profile, tiny};

/// The `kinds` app in the order Django's migration creates it.
fn kinds() -> Vec<&'static ModelInfo> {
    vec![country::Model::info(), everything::Model::info(), &models::MONEY, tiny::Model::info(), profile::Model::info()]
}

/// The rows Django's schema was dumped with (`schema/django/dump.py` runs the same SQL).
async fn introspect(db: &DatabaseConnection, tables: &[&str]) -> Vec<String> {
    let list = tables.iter().map(|t| format!("'{t}'")).collect::<Vec<_>>().join(", ");
    let queries = match db.get_database_backend() {
        DatabaseBackend::Sqlite => vec![format!(
            "SELECT type || ' ' || name || ' ' || tbl_name || ' ' || coalesce(sql, '-') AS line FROM sqlite_master \
             WHERE tbl_name IN ({list}) ORDER BY type, name"
        )],
        _ => vec![
            format!(
                "SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || \
                 CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE ' NULL' END || \
                 CASE WHEN a.attidentity = 'd' THEN ' IDENTITY' ELSE '' END AS line \
                 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
                 WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND a.attnum > 0 \
                 AND NOT a.attisdropped AND c.relname IN ({list}) ORDER BY c.relname, a.attnum"
            ),
            format!(
                "SELECT c.relname || ' ' || con.conname || ' ' || \
                 replace(pg_get_constraintdef(con.oid), current_schema() || '.', '') AS line \
                 FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid \
                 WHERE c.relnamespace = current_schema()::regnamespace AND c.relname IN ({list}) \
                 ORDER BY c.relname, con.conname"
            ),
            format!(
                "SELECT replace(indexdef, current_schema() || '.', '') AS line FROM pg_indexes \
                 WHERE schemaname = current_schema() AND tablename IN ({list}) ORDER BY tablename, indexname"
            ),
        ],
    };
    let mut lines = Vec::new();
    for sql in queries {
        let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await.expect("introspect");
        lines.extend(rows.iter().map(|row| row.try_get::<String>("", "line").expect("line")));
    }
    lines
}

/// Django's introspection for the current backend.
fn expected_for(db: &DatabaseConnection, sqlite: &[&str], postgres: &[&str]) -> Vec<String> {
    let lines = if db.get_database_backend() == DatabaseBackend::Sqlite { sqlite } else { postgres };
    lines.iter().map(|line| (*line).to_owned()).collect()
}

#[test]
fn sqlmigrate_kinds_matches_django() -> Result<(), DbErr> {
    assert_eq!(schema::sql_create(DbBackend::Sqlite, &kinds())?, expected::KINDS_SQLMIGRATE_SQLITE);
    assert_eq!(schema::sql_create(DbBackend::Postgres, &kinds())?, expected::KINDS_SQLMIGRATE_POSTGRES);
    Ok(())
}

#[tokio::test]
async fn migrate_kinds_matches_django() -> Result<(), DbErr> {
    let db = restframe::db::test_database().await?;
    let tables = ["kinds_country", "kinds_everything", "kinds_money", "kinds_tiny", "kinds_profile"];
    assert_eq!(schema::create_tables(&db, &kinds()).await?, tables);
    assert_eq!(
        introspect(&db, &tables).await,
        expected_for(&db, expected::KINDS_INTROSPECTED_SQLITE, expected::KINDS_INTROSPECTED_POSTGRES)
    );
    Ok(())
}

#[tokio::test]
async fn existing_tables_are_left_alone() -> Result<(), DbErr> {
    let db = restframe::db::test_database().await?;
    assert_eq!(schema::create_tables(&db, &[tiny::Model::info()]).await?, ["kinds_tiny"]);
    db.execute_unprepared(r#"INSERT INTO "kinds_tiny" ("label") VALUES ('kept')"#).await?;
    let created = schema::create_tables(&db, &kinds()).await?;
    assert_eq!(created, ["kinds_country", "kinds_everything", "kinds_money", "kinds_profile"]);
    assert!(schema::create_tables(&db, &kinds()).await?.is_empty());
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), r#"SELECT "label" FROM "kinds_tiny""#))
        .await?;
    assert_eq!(rows.len(), 1, "the existing table keeps its rows");
    Ok(())
}

#[tokio::test]
async fn a_failed_migration_creates_nothing() -> Result<(), DbErr> {
    let db = restframe::db::test_database().await?;
    // Index names are per schema: an index already named like `kinds_tiny.label`'s makes the
    // last statement fail after both tables were created. As Django's migrations are atomic,
    // neither table remains.
    db.execute_unprepared(r#"CREATE TABLE "other" ("label" integer)"#).await?;
    db.execute_unprepared(r#"CREATE INDEX "kinds_tiny_label_921b967a" ON "other" ("label")"#).await?;
    let err = schema::create_tables(&db, &[country::Model::info(), tiny::Model::info()]).await;
    assert!(err.is_err(), "the index name is taken");
    assert!(introspect(&db, &["kinds_country", "kinds_tiny"]).await.is_empty());
    Ok(())
}

#[test]
fn sqlmigrate_library_matches_django() -> Result<(), DbErr> {
    assert_eq!(schema::sql_create(DbBackend::Sqlite, &library())?, expected::LIBRARY_SQLMIGRATE_SQLITE);
    assert_eq!(schema::sql_create(DbBackend::Postgres, &library())?, expected::LIBRARY_SQLMIGRATE_POSTGRES);
    Ok(())
}

#[test]
fn models_are_created_after_the_models_they_point_at() -> Result<(), DbErr> {
    let reversed = [review::Model::info(), book::Model::info(), genre::Model::info(), author::Model::info()];
    let tables: Vec<String> = schema::sql_create(DbBackend::Sqlite, &reversed)?
        .into_iter()
        .filter_map(|sql| Some(sql.strip_prefix("CREATE TABLE \"")?.split('"').next()?.to_owned()))
        .collect();
    // The join table comes with `Book`, which declares `genres`, not with `Genre`.
    assert_eq!(tables, ["library_genre", "library_author", "library_book", "library_book_genres", "library_review"]);
    Ok(())
}

#[tokio::test]
async fn migrate_library_matches_django() -> Result<(), DbErr> {
    let db = restframe::db::test_database().await?;
    restframe::auth::migration::migrate(&db).await?;
    assert_eq!(schema::create_tables(&db, &library()).await?, LIBRARY_TABLES);
    assert_eq!(
        introspect(&db, &LIBRARY_TABLES).await,
        expected_for(&db, expected::LIBRARY_INTROSPECTED_SQLITE, expected::LIBRARY_INTROSPECTED_POSTGRES)
    );
    Ok(())
}

#[tokio::test]
async fn constraints_hold_like_djangos() -> Result<(), DbErr> {
    let db = restframe::db::test_database().await?;
    restframe::auth::migration::migrate(&db).await?;
    schema::create_tables(&db, &library()).await?;
    let run = |sql: &'static str| db.execute_unprepared(sql);
    run(r#"INSERT INTO "auth_user" ("password", "is_superuser", "username", "first_name", "last_name", "email", "is_staff", "is_active", "date_joined") VALUES ('', false, 'ann', '', '', '', false, true, '2026-12-02 00:00:00+00')"#).await?;
    run(r#"INSERT INTO "library_author" ("name", "bio") VALUES ('Le Guin', '')"#).await?;
    run(r#"INSERT INTO "library_genre" ("name", "slug") VALUES ('Fantasy', 'fantasy')"#).await?;
    let book = r#"INSERT INTO "library_book" ("title", "isbn", "price", "in_stock", "created", "added_by_id", "author_id") VALUES ('Earthsea', '9780000000001', 9.5, true, '2026-12-02 00:00:00+00', 1, 1)"#;
    run(book).await?;
    assert!(run(book).await.is_err(), "isbn is unique");
    let orphan = r#"INSERT INTO "library_book" ("title", "isbn", "price", "in_stock", "created", "added_by_id", "author_id") VALUES ('Lost', '9780000000002', 1, true, '2026-12-02 00:00:00+00', 1, 99)"#;
    assert!(run(orphan).await.is_err(), "the author must exist (checked at commit)");
    assert!(run(r#"INSERT INTO "library_review" ("rating", "text", "created", "book_id", "user_id") VALUES (-1, '', '2026-12-02 00:00:00+00', 1, 1)"#).await.is_err(), "rating >= 0");
    let pair = r#"INSERT INTO "library_book_genres" ("book_id", "genre_id") VALUES (1, 1)"#;
    run(pair).await?;
    assert!(run(pair).await.is_err(), "a book is in a genre once");
    Ok(())
}

#[test]
fn a_field_without_a_django_type_is_an_error() {
    static FIELDS: &[ModelField] = &[
        ModelField { field_type: Some(FieldType::AutoField), ..ModelField::new("id", "id", "") },
        ModelField::new("shape", "shape", ""),
    ];
    static SHAPE: ModelInfo =
        ModelInfo { table: "geo_shape", pk_column: "id", fields: FIELDS, relations: &[], ordering: &[] };
    let err = schema::sql_create(DbBackend::Sqlite, &[&SHAPE]).expect_err("no type");
    assert_eq!(
        err.to_string(),
        "Migration Error: geo_shape.shape: no Django field type for this column's Rust type; give it a `#[sea_orm(column_type = ...)]`"
    );
    let err = schema::sql_create(DbBackend::MySql, &[tiny::Model::info()]).expect_err("MySQL");
    assert_eq!(err.to_string(), "Migration Error: unsupported database backend MySql");
}

/// The library app as a migration after the auth one.
struct Migrator;

impl sea_orm_migration::MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn sea_orm_migration::MigrationTrait>> {
        vec![
            Box::new(restframe::auth::migration::CreateAuthUser),
            Box::new(schema::CreateModels { name: "m0002_library", models: library }),
        ]
    }
}

#[tokio::test]
async fn create_models_runs_in_a_migrator_and_rolls_back() -> Result<(), DbErr> {
    use sea_orm_migration::MigratorTrait;
    let db = restframe::db::test_database().await?;
    Migrator::up(&db, None).await?;
    assert_eq!(
        introspect(&db, &LIBRARY_TABLES).await,
        expected_for(&db, expected::LIBRARY_INTROSPECTED_SQLITE, expected::LIBRARY_INTROSPECTED_POSTGRES)
    );
    Migrator::down(&db, Some(1)).await?;
    assert!(introspect(&db, &LIBRARY_TABLES).await.is_empty());
    assert!(!introspect(&db, &["auth_user"]).await.is_empty(), "the auth migration stays applied");
    Ok(())
}

#[test]
fn the_user_model_gives_djangos_auth_user() -> Result<(), DbErr> {
    // Django 6.1's `auth_user` on PostgreSQL after all auth migrations (the statements
    // `restframe::auth::migration` runs, recorded from Django). On SQLite Django's column order
    // differs (migration 0008 remakes the table), so only PostgreSQL is compared.
    let django = [
        r#"CREATE TABLE "auth_user" ("id" integer NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, "password" varchar(128) NOT NULL, "last_login" timestamp with time zone NULL, "is_superuser" boolean NOT NULL, "username" varchar(150) NOT NULL UNIQUE, "first_name" varchar(150) NOT NULL, "last_name" varchar(150) NOT NULL, "email" varchar(254) NOT NULL, "is_staff" boolean NOT NULL, "is_active" boolean NOT NULL, "date_joined" timestamp with time zone NOT NULL)"#,
        r#"CREATE INDEX "auth_user_username_6821ab7c_like" ON "auth_user" ("username" varchar_pattern_ops)"#,
    ];
    assert_eq!(schema::sql_create(DbBackend::Postgres, &[restframe::auth::user::Model::info()])?, django);
    Ok(())
}
