//! Database connections (Django's `DATABASES`): one code path for SQLite files, in-memory SQLite
//! and PostgreSQL, chosen by URL, plus an isolated database per test, and [`SqliteReader`], a
//! synchronous read path for hot point lookups on SQLite files, [`schema`], the tables
//! Django's `migrate` would create for a set of models, [`deletion`], Django's cascading
//! `Model.delete()`, [`rows`], querysets read through that path, and [`Decimal`], the column type of a
//! `DecimalField`.

mod decimal;
pub mod deletion;
pub mod schema;

pub use decimal::Decimal;

pub use crate::sqlite::reader::{self as sqlite_reader, SqliteDateTime, SqliteReader};
pub use crate::sqlite::rows;
/// The SQLite binding [`SqliteReader`] runs on, for the row types its callers name.
pub use rusqlite;

use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr};

/// The default database: an SQLite file `db.sqlite3` in the working directory, like Django's
/// `startproject`.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://db.sqlite3?mode=rwc";

/// `DATABASE_URL` from the environment, or [`DEFAULT_DATABASE_URL`].
pub fn database_url() -> String {
    std::env::var("DATABASE_URL").unwrap_or_else(|_| DEFAULT_DATABASE_URL.to_owned())
}

/// Connects to `url`. SQLite files are created when missing (`mode=rwc` is added) and use WAL
/// so readers do not block the writer; an in-memory database keeps a single connection (each
/// connection would otherwise be a separate database).
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut opts = ConnectOptions::new(sqlite_url(url));
    // sqlx pings every connection on checkout by default: one extra round trip per query
    // (measured on the token HelloView, PostgreSQL: 97 -> 64 us server CPU per request). Only
    // connections idle for a while, the ones a server or firewall may have dropped, are pinged.
    opts.sqlx_logging(false).test_before_acquire_if_idle_for(std::time::Duration::from_secs(30));
    // Django registers a `REGEXP` function on every SQLite connection (the `regex`/`iregex`
    // lookups, SearchFilter's `$`); sqlx's runs the `regex` crate.
    if is_memory(url) {
        opts.max_connections(1).min_connections(1).map_sqlx_sqlite_opts(|o| o.with_regexp());
    } else if url.starts_with("sqlite:") {
        opts.max_connections(8).map_sqlx_sqlite_opts(|o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .busy_timeout(std::time::Duration::from_secs(10))
                .with_regexp()
        });
    } else {
        opts.max_connections(16);
    }
    Database::connect(opts).await
}

fn is_memory(url: &str) -> bool {
    url.starts_with("sqlite::memory:") || url.contains("mode=memory")
}

fn sqlite_url(url: &str) -> String {
    if url.starts_with("sqlite:") && !is_memory(url) && !url.contains("mode=") {
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}mode=rwc")
    } else {
        url.to_owned()
    }
}

/// A fresh, isolated database for one test: with a `postgres://` `DATABASE_URL` a new schema in
/// that database (dropped with the database at the end of the CI run), otherwise an in-memory
/// SQLite database.
pub async fn test_database() -> Result<DatabaseConnection, DbErr> {
    match std::env::var("DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => {
            let mut bytes = [0u8; 8];
            getrandom::fill(&mut bytes).map_err(|e| DbErr::Custom(e.to_string()))?;
            let schema = format!("test_{}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>());
            let admin = Database::connect(url.as_str()).await?;
            admin.execute_unprepared(&format!("CREATE SCHEMA {schema}")).await?;
            admin.close().await?;
            let mut opts = ConnectOptions::new(url);
            opts.sqlx_logging(false).max_connections(8).set_schema_search_path(schema);
            Database::connect(opts).await
        }
        _ => connect("sqlite::memory:").await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_files_are_created_when_missing() {
        assert_eq!(sqlite_url("sqlite://db.sqlite3"), "sqlite://db.sqlite3?mode=rwc");
        assert_eq!(sqlite_url("sqlite://x.db?cache=shared"), "sqlite://x.db?cache=shared&mode=rwc");
        assert_eq!(sqlite_url("sqlite://x.db?mode=ro"), "sqlite://x.db?mode=ro");
        assert_eq!(sqlite_url("sqlite::memory:"), "sqlite::memory:");
        assert_eq!(sqlite_url("postgres://u@h/d"), "postgres://u@h/d");
    }

    #[tokio::test]
    async fn test_databases_are_isolated() -> Result<(), DbErr> {
        let a = test_database().await?;
        let b = test_database().await?;
        a.execute_unprepared("CREATE TABLE isolation_probe (id integer)").await?;
        b.execute_unprepared("CREATE TABLE isolation_probe (id integer)").await?;
        Ok(())
    }
}
