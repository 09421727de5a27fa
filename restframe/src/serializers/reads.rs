//! The reads of serializers and their hooks on the calling thread (`db::rows`): validation's
//! lookups ([`first`], [`exists`]) and [`Db::query_rows`] for a hook's own statements.

use sea_orm::sea_query::{Expr, SelectStatement};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, EntityTrait, Select, Statement};

use crate::exceptions::ApiError;

use super::Db;
use crate::sqlite::rows::{self, RawRow};

/// sea-orm's `select.one(db)` on a serializer's database (validation's lookups). Outside a
/// transaction this is the pool, so the row is the first of [`rows::slice`]: on an
/// SQLite file read on the calling thread, with `LIMIT 1` written into the SQL.
pub(crate) async fn first<E: EntityTrait>(select: Select<E>, db: &Db) -> Result<Option<E::Model>, ApiError> {
    if db.in_atomic_block() {
        return Ok(select.one(db).await?);
    }
    Ok(rows::slice(select, 0, 1, db.connection()).await?.into_iter().next())
}

/// Whether `query` finds a row (`query_one(query LIMIT 1)`), asked as `SELECT EXISTS(query)` on
/// the calling thread when it can be.
pub(crate) async fn exists(db: &Db, mut query: SelectStatement) -> Result<bool, DbErr> {
    if db.get_database_backend() == DbBackend::Sqlite && !db.in_atomic_block() {
        let wrapped = SelectStatement::new().expr(Expr::exists(query.clone())).to_owned();
        if let Some(found) = rows::read_query(db.connection(), &wrapped, |row| row.get::<_, bool>(0)) {
            return Ok(found.first() == Some(&true));
        }
    }
    Ok(db.query_one(query.limit(1)).await?.is_some())
}

impl Db {
    /// Runs a raw `statement` and maps every row: on the calling thread when this is an
    /// SQLite file outside a transaction (as the generic views' reads), else through sea-orm. For
    /// the statements a serializer's `prefetch` hook runs itself (an aggregate per page, say).
    /// When the direct read fails in any way (a value kind it does not bind, a column `map` cannot
    /// read, `SQLITE_BUSY`) sea-orm runs the statement instead, and its errors are returned.
    ///
    /// ```
    /// use restframe::serializers::Db;
    /// use sea_orm::{ConnectionTrait, Statement};
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// let db: Db = restframe::db::connect("sqlite::memory:").await?.into();
    /// db.execute_unprepared("CREATE TABLE review (book_id integer, rating integer)").await?;
    /// db.execute_unprepared("INSERT INTO review VALUES (1, 4), (1, 5), (2, 3)").await?;
    /// let sql = "SELECT book_id, AVG(rating) AS average FROM review GROUP BY book_id ORDER BY book_id";
    /// let statement = Statement::from_string(db.get_database_backend(), sql);
    /// let averages = db.query_rows(statement, |row| Ok((row.get::<i64>("book_id")?, row.get::<f64>("average")?))).await?;
    /// assert_eq!(averages, [(1, 4.5), (2, 3.0)]);
    /// # Ok::<(), sea_orm::DbErr>(())
    /// # }).unwrap();
    /// ```
    pub async fn query_rows<R>(
        &self,
        statement: Statement,
        mut map: impl FnMut(&RawRow<'_>) -> Result<R, DbErr>,
    ) -> Result<Vec<R>, DbErr> {
        if self.get_database_backend() == DbBackend::Sqlite && !self.in_atomic_block() {
            let values = statement.values.as_ref().map_or(&[][..], |values| &values.0[..]);
            let read = rows::read_sql(self.connection(), &statement.sql, values, |row| {
                map(&RawRow::sqlite(row)).map_err(|_| rusqlite::Error::InvalidQuery)
            });
            if let Some(rows) = read {
                return Ok(rows);
            }
        }
        let results = self.query_all_raw(statement).await?;
        results.iter().map(|result| map(&RawRow::sea_orm(result))).collect()
    }
}
