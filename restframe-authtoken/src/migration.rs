//! Schema for `authtoken_token` (and, before it, `auth_user`), with the DDL DRF's migrations
//! produce on SQLite and PostgreSQL. Tables that exist already — a database Django migrated —
//! are left exactly as they are.
//!
//! ```
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let db = restframe::db::test_database().await.expect("database");
//! restframe_authtoken::migration::migrate(&db).await.expect("auth_user and authtoken_token created");
//! # });
//! ```

use restframe::auth::migration::{CreateAuthUser, create_unless_exists};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};
use sea_orm_migration::{MigrationName, MigrationTrait, MigratorTrait, SchemaManager, async_trait};

const TOKEN_SQLITE: &[&str] = &[
    r#"CREATE TABLE "authtoken_token" ("key" varchar(40) NOT NULL PRIMARY KEY, "created" datetime NOT NULL, "user_id" integer NOT NULL UNIQUE REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED)"#,
];

const TOKEN_POSTGRES: &[&str] = &[
    r#"CREATE TABLE "authtoken_token" ("key" varchar(40) NOT NULL PRIMARY KEY, "created" timestamp with time zone NOT NULL, "user_id" integer NOT NULL UNIQUE)"#,
    r#"ALTER TABLE "authtoken_token" ADD CONSTRAINT "authtoken_token_user_id_35299eff_fk_auth_user_id" FOREIGN KEY ("user_id") REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED"#,
    r#"CREATE INDEX "authtoken_token_key_10f0b77e_like" ON "authtoken_token" ("key" varchar_pattern_ops)"#,
];

/// Creates `authtoken_token` unless it already exists.
#[derive(Clone, Copy, Debug, Default)]
pub struct CreateAuthtokenToken;

impl MigrationName for CreateAuthtokenToken {
    fn name(&self) -> &str {
        "m0002_authtoken_token"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateAuthtokenToken {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_unless_exists(manager, "authtoken_token", TOKEN_SQLITE, TOKEN_POSTGRES).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared(r#"DROP TABLE IF EXISTS "authtoken_token""#).await?;
        Ok(())
    }
}

/// `auth_user` then `authtoken_token`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(CreateAuthUser), Box::new(CreateAuthtokenToken)]
    }
}

/// Applies every pending migration (`manage.py migrate`).
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}
