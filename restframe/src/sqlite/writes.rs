//! A model serializer's default `create` on an SQLite file, through the database's
//! [`writer`](super::writer): the row's `INSERT … RETURNING` and the statements that follow from
//! its new key (its many-to-many links) as one transaction on the writer thread, where sqlx would
//! take a round trip per statement with the write lock held.
//!
//! As for reads ([`rows`](super::rows)), the answer is the one sea-orm would give or the caller
//! takes the sea-orm path: only models read here (their new row is read back by
//! [`SqliteModel::from_sqlite_row`]), only values bound as sea-query-sqlx binds them, and any
//! error rolls the transaction back and returns `None`, so the caller's sea-orm path then writes
//! the row or reports the error (a unique violation, say) exactly as before.

use rusqlite::params_from_iter;
use sea_orm::sea_query::{InsertStatement, Query, SqliteQueryBuilder};
use sea_orm::{ColumnTrait, DatabaseConnection, DbBackend, EntityTrait, Iterable, ModelTrait, Statement};

use super::rows::{SqliteModel, bound, reader_of};
use super::writer::SqliteWriter;

/// The writer [`insert_returning`] writes `M`'s rows to `db` with: an SQLite file, and a model
/// read here; `None` otherwise.
pub(crate) fn writer_for<M: SqliteModel>(db: &DatabaseConnection) -> Option<SqliteWriter> {
    if db.get_database_backend() != DbBackend::Sqlite || !M::reads_sqlite() {
        return None;
    }
    Some(SqliteWriter::new(reader_of(db)?.shared_path()))
}

/// Inserts `insert`'s row, reads it back as an `M`, and runs the statements `then` builds from it,
/// all in one transaction on `writer`'s thread ([`writer_for`]). `None` (nothing written) when
/// this path cannot answer: a value of a kind it does not bind, `then` returning `None`, or any
/// SQLite error.
pub(crate) async fn insert_returning<M, F>(writer: &SqliteWriter, mut insert: InsertStatement, then: F) -> Option<M>
where
    M: SqliteModel + ModelTrait + Send + 'static,
    F: FnOnce(&M) -> Option<Vec<Statement>> + Send + 'static,
{
    // The columns sea-orm's `exec_with_returning` asks for, in its order.
    let columns = <M::Entity as EntityTrait>::Column::iter();
    insert.returning(Query::returning().exprs(columns.map(|c| c.select_as(c.into_returning_expr(DbBackend::Sqlite)))));
    let (sql, values) = insert.build(SqliteQueryBuilder);
    let params = bound(&values.0)?;
    let outcome = writer
        .transaction(move |txn| {
            let model = txn.prepare_cached(&sql)?.query_row(params_from_iter(params.iter()), M::from_sqlite_row)?;
            for statement in then(&model).ok_or(rusqlite::Error::InvalidQuery)? {
                let values = statement.values.map(|values| values.0).unwrap_or_default();
                let params = bound(&values).ok_or(rusqlite::Error::InvalidQuery)?;
                txn.prepare_cached(&statement.sql)?.execute(params_from_iter(params.iter()))?;
            }
            Ok(model)
        })
        .await?;
    match outcome {
        Ok(model) => Some(model),
        Err(error) => {
            tracing::debug!(%error, "restframe: an SQLite write went back to sea-orm");
            None
        }
    }
}
