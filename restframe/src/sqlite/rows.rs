//! Querysets read on the calling thread: on an SQLite *file* database, the rows of list and
//! detail endpoints, their pagination counts and their prefetched relations are read through
//! [`SqliteReader`] instead of sqlx's worker thread.
//!
//! sqlx runs every SQLite statement on a thread of the connection's own and sends each row back
//! over a channel; on the bookshelf's `GET /books/` (six statements) those hand-offs were more
//! than half of the server's cycles (bench/README.md, item 11). Here the same SQL (built by
//! sea-query exactly as sea-orm builds it) runs on a per-thread read-only connection, and each
//! row becomes the model through the reader `#[derive(ModelMeta)]` generates
//! ([`SqliteModel::from_sqlite_row`]).
//!
//! The answer is always the one sea-orm would give, or the caller takes the sea-orm path:
//! - only models whose every field type has a [`SqliteValue`] reading (integers, `bool`,
//!   floats, `String`, bytes, `NaiveDate`, `DateTime<Utc>`, `restframe::db::Decimal` and
//!   `Option`s of them) are read here, each as sqlx decodes it; a value sqlx would convert
//!   (an integer in a text column, say) is an error here, and any error, `SQLITE_BUSY`
//!   included, sends the query back to sea-orm, which then answers as before;
//! - values are bound as sea-query-sqlx and sqlx bind them (integers, floats, text, bytes,
//!   `NULL`; dates, times and datetimes in sqlx's text forms; decimals and JSON as text); a
//!   query binding another kind (a UUID, say) takes the sea-orm path;
//! - never inside an [`Atomic`](crate::serializers::Atomic) block (a transaction sees its own
//!   uncommitted rows, another connection does not), never on in-memory databases or
//!   PostgreSQL;
//! - every statement is its own read transaction, so it sees every committed write.
//!
//! [`Db::query_rows`](crate::serializers::Db::query_rows) gives the same path to the raw
//! statements of your own hooks.
//!
//! A model is read here once its `ModelMeta::info` has been asked for: the generic views ask
//! for their serializer's model before their first query, and a model serializer's
//! `render_many` asks for its own, so a model that a view's action pages itself (another
//! model's rows, through `self.paginator()`) is read here from that action's second request on.

use foldhash::HashMap;
use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::RwLock;

use chrono::SecondsFormat;
use rusqlite::Row;
use rusqlite::types::{FromSql, FromSqlResult, Value as SqlValue, ValueRef};
use sea_orm::sea_query::{Expr, SelectStatement, SqliteQueryBuilder};
use sea_orm::{
    DatabaseConnection, DatabaseConnectionType, DbBackend, DbErr, EntityTrait, QueryResult, QueryTrait, Select,
    Statement, TryGetable, Value,
};

use super::reader::{SqliteDateTime, SqliteReader};

/// A column type [`SqliteModel::from_sqlite_row`] reads as sqlx's SQLite driver decodes it.
pub trait SqliteValue: Sized {
    /// The value of one column; an error where sqlx would convert or fail.
    fn from_sqlite(value: ValueRef<'_>) -> FromSqlResult<Self>;
}

macro_rules! through_from_sql {
    ($($ty:ty),*) => {$(
        impl SqliteValue for $ty {
            fn from_sqlite(value: ValueRef<'_>) -> FromSqlResult<Self> {
                <$ty as FromSql>::column_result(value)
            }
        }
    )*};
}

// rusqlite's readings of these agree with sqlx's where both succeed (an out-of-range integer or
// a date in another form is an error here, and sea-orm then answers).
through_from_sql!(i8, i16, i32, i64, u8, u16, u32, bool, f32, f64, String, Vec<u8>, chrono::NaiveDate);

impl SqliteValue for chrono::DateTime<chrono::Utc> {
    fn from_sqlite(value: ValueRef<'_>) -> FromSqlResult<Self> {
        SqliteDateTime::column_result(value).map(|d| d.0)
    }
}

impl<T: SqliteValue> SqliteValue for Option<T> {
    fn from_sqlite(value: ValueRef<'_>) -> FromSqlResult<Self> {
        match value {
            ValueRef::Null => Ok(None),
            value => T::from_sqlite(value).map(Some),
        }
    }
}

/// A model whose rows this path reads: `#[derive(ModelMeta)]` implements it (every
/// [`ModelMeta`](crate::serializers::ModelMeta) is one).
pub trait SqliteModel: Sized {
    /// True when every field has a [`SqliteValue`] reading, so [`SqliteModel::from_sqlite_row`]
    /// can read this model's rows; false by default.
    fn reads_sqlite() -> bool {
        false
    }
    /// The model from a row of a `SELECT` of its table on SQLite, each column read by its
    /// name as sqlx would decode it.
    fn from_sqlite_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        Self::from_sqlite_columns(row, 0, "")
    }
    /// The model from the columns of `row` named `prefix` + column name, usually from column
    /// `first` on in field order: a row joined to the rows of another table (Django's
    /// `select_related`, [`crate::relations::select_related`]). The default is an error (the rows
    /// are then read by sea-orm).
    fn from_sqlite_columns(row: &Row<'_>, first: usize, prefix: &str) -> rusqlite::Result<Self> {
        let _ = (row, first, prefix);
        Err(rusqlite::Error::InvalidQuery)
    }
}

struct Read<T>(T);

impl<T: SqliteValue> FromSql for Read<T> {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        T::from_sqlite(value).map(Read)
    }
}

/// Column `prefix` + `name` of `row` as a `T`; `hint` is where the column usually is (the
/// field's place in the model, which is sea-orm's select order, after the columns before the
/// model's), checked by name before it is trusted (once per SQL text and thread when the
/// statement runs here: [`super::hints`]).
pub fn read_column<T: SqliteValue>(row: &Row<'_>, hint: usize, prefix: &str, name: &str) -> rusqlite::Result<T> {
    if super::hints::trusted() {
        return row.get::<_, Read<T>>(hint).map(|read| read.0);
    }
    let statement = row.as_ref();
    let matched = matches!(statement.column_name(hint), Ok(found) if found.strip_prefix(prefix) == Some(name));
    super::hints::checked(matched);
    let index = if matched {
        hint
    } else if prefix.is_empty() {
        statement.column_index(name)?
    } else {
        statement.column_index(&format!("{prefix}{name}"))?
    };
    row.get::<_, Read<T>>(index).map(|read| read.0)
}

type ErasedRow = fn(&Row<'_>) -> rusqlite::Result<Box<dyn Any + Send>>;

/// The models read here, by `TypeId` of the model.
static MODELS: RwLock<Vec<(TypeId, ErasedRow)>> = RwLock::new(Vec::new());

/// Reads `M`'s rows here from now on, when every field of `M` has a [`SqliteValue`] reading.
/// `#[derive(ModelMeta)]` calls it from `ModelMeta::info`.
pub fn register<M: SqliteModel + Send + 'static>() {
    fn erased<M: SqliteModel + Send + 'static>(row: &Row<'_>) -> rusqlite::Result<Box<dyn Any + Send>> {
        M::from_sqlite_row(row).map(|model| Box::new(model) as Box<dyn Any + Send>)
    }
    if !M::reads_sqlite() {
        return;
    }
    let mut models = MODELS.write().unwrap_or_else(std::sync::PoisonError::into_inner);
    if !models.iter().any(|(id, _)| *id == TypeId::of::<M>()) {
        models.push((TypeId::of::<M>(), erased::<M>));
    }
}

pub(crate) fn registered<M: 'static>() -> Option<ErasedRow> {
    let models = MODELS.read().unwrap_or_else(std::sync::PoisonError::into_inner);
    models.iter().find(|(id, _)| *id == TypeId::of::<M>()).map(|(_, read)| *read)
}

/// How many databases one thread remembers the reader (or the lack of one) of.
const DATABASES_PER_THREAD: usize = 8;

thread_local! {
    /// The reader of each database, by the file name the pool was opened with: finding it costs
    /// a comparison, where [`SqliteReader::for_database`] resolves the path.
    static READERS: RefCell<Vec<(PathBuf, Option<SqliteReader>)>> = const { RefCell::new(Vec::new()) };
}

/// The reader of `db`'s file; `None` for in-memory SQLite and other backends.
pub(crate) fn reader_of(db: &DatabaseConnection) -> Option<SqliteReader> {
    let DatabaseConnectionType::SqlxSqlitePoolConnection(_) = &db.inner else {
        return None;
    };
    let options = db.get_sqlite_connection_pool().connect_options();
    let filename = options.get_filename();
    READERS.with(|cell| {
        let mut readers = cell.borrow_mut();
        if let Some((_, reader)) = readers.iter().find(|(name, _)| name == filename) {
            return reader.clone();
        }
        let reader = SqliteReader::for_database(db);
        if readers.len() >= DATABASES_PER_THREAD {
            readers.remove(0);
        }
        readers.push((filename.to_owned(), reader.clone()));
        reader
    })
}

/// A bound value as sea-query-sqlx binds it on SQLite; `None` for kinds left to sqlx.
fn bind(value: &Value) -> Option<SqlValue> {
    let integer = |i: Option<i64>| Some(i.map_or(SqlValue::Null, SqlValue::Integer));
    match value {
        Value::Bool(b) => integer(b.map(i64::from)),
        Value::TinyInt(i) => integer(i.map(i64::from)),
        Value::SmallInt(i) => integer(i.map(i64::from)),
        Value::Int(i) => integer(i.map(i64::from)),
        Value::BigInt(i) => integer(*i),
        Value::TinyUnsigned(i) => integer(i.map(i64::from)),
        Value::SmallUnsigned(i) => integer(i.map(i64::from)),
        Value::Unsigned(i) => integer(i.map(i64::from)),
        Value::Float(f) => Some(f.map_or(SqlValue::Null, |f| SqlValue::Real(f64::from(f)))),
        Value::Double(f) => Some(f.map_or(SqlValue::Null, SqlValue::Real)),
        Value::String(s) => Some(s.clone().map_or(SqlValue::Null, SqlValue::Text)),
        Value::Char(c) => Some(c.map_or(SqlValue::Null, |c| SqlValue::Text(c.to_string()))),
        Value::Bytes(b) => Some(b.clone().map_or(SqlValue::Null, SqlValue::Blob)),
        // sqlx's SQLite encodings of these types, which sea-query-sqlx hands it.
        Value::ChronoDate(d) => text(d.map(|d| d.format("%F").to_string())),
        Value::ChronoTime(t) => text(t.map(|t| t.format("%T%.f").to_string())),
        Value::ChronoDateTime(t) => text(t.map(|t| t.format("%F %T%.f").to_string())),
        Value::ChronoDateTimeUtc(t) => text(t.map(|t| t.to_rfc3339_opts(SecondsFormat::AutoSi, false))),
        Value::ChronoDateTimeLocal(t) => text(t.map(|t| t.to_rfc3339_opts(SecondsFormat::AutoSi, false))),
        Value::ChronoDateTimeWithTimeZone(t) => text(t.map(|t| t.to_rfc3339_opts(SecondsFormat::AutoSi, false))),
        Value::Decimal(d) => text(d.map(|d| d.to_string())),
        Value::Json(j) => text(j.as_ref().map(|j| j.to_string())),
        _ => None,
    }
}

/// `values` bound as sea-query-sqlx binds them; `None` if one is of a kind left to sqlx.
pub(crate) fn bound(values: &[Value]) -> Option<Vec<SqlValue>> {
    values.iter().map(bind).collect()
}

fn text(value: Option<String>) -> Option<SqlValue> {
    Some(value.map_or(SqlValue::Null, SqlValue::Text))
}

thread_local! {
    static STATEMENTS_HERE: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// How many statements this thread has read through this module so far (each counted when it starts,
/// whether it answers or hands the query back to sea-orm). sea-orm's metric callback
/// (`DatabaseConnection::set_metric_callback`) counts every other statement: a test counts a
/// request's queries, as Django's `assertNumQueries`, as the sum of the two (on a
/// current-thread runtime, where the request runs on the test's thread).
pub fn reads_on_this_thread() -> u64 {
    STATEMENTS_HERE.with(std::cell::Cell::get)
}

/// Runs `sql` with `values` on `db`'s reader and maps every row; `None` when this path cannot
/// answer (no reader, a value kind it does not bind, or any error): the caller asks sea-orm.
pub(crate) fn read_sql<R>(
    db: &DatabaseConnection,
    sql: &str,
    values: &[Value],
    mut map: impl FnMut(&Row<'_>) -> rusqlite::Result<R>,
) -> Option<Vec<R>> {
    let reader = reader_of(db)?;
    let params = bound(values)?;
    STATEMENTS_HERE.with(|count| count.set(count.get() + 1));
    match super::hints::reading(sql, || reader.query_rows(sql, rusqlite::params_from_iter(params.iter()), &mut map)) {
        Ok(rows) => Some(rows),
        Err(error) => {
            tracing::debug!(%error, "restframe: an SQLite read went back to sea-orm");
            None
        }
    }
}

/// [`read_sql`] of a sea-query statement, built as sea-orm builds it for SQLite.
pub(crate) fn read_query<R>(
    db: &DatabaseConnection,
    query: &SelectStatement,
    map: impl FnMut(&Row<'_>) -> rusqlite::Result<R>,
) -> Option<Vec<R>> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return None;
    }
    let (sql, values) = query.build(SqliteQueryBuilder);
    read_sql(db, &sql, &values.0, map)
}

/// `statement` with its trailing `LIMIT ? OFFSET ?` replaced by the two numbers, when it ends so
/// and its last two values are these numbers; `None` otherwise (the caller binds them). SQLite
/// (3.47+) treats a bound `LIMIT`/`OFFSET` as plan-relevant and re-prepares the cached statement
/// on every execution.
pub(crate) fn inline_limit_offset(statement: &Statement, limit: u64, offset: u64) -> Option<Statement> {
    let sql = statement.sql.strip_suffix(" LIMIT ? OFFSET ?")?;
    let (values, [bound_limit, bound_offset]) = statement.values.as_ref()?.0.split_last_chunk::<2>()?;
    if *bound_limit != Value::from(limit) || *bound_offset != Value::from(offset) {
        return None;
    }
    let sql = format!("{sql} LIMIT {limit} OFFSET {offset}");
    Some(Statement::from_sql_and_values(DbBackend::Sqlite, sql, values.to_vec()))
}

/// What a statement's SQL depends on besides its bound values: who builds it (a type), what
/// (a name) and how many values it binds.
pub(crate) type Shape = (TypeId, &'static str, usize);

/// How many statement shapes a thread keeps the SQL of.
const SHAPES_PER_THREAD: usize = 256;

thread_local! {
    static SHAPES: RefCell<HashMap<Shape, Rc<str>>> = RefCell::new(HashMap::default());
}

/// [`read_query`] of the statement `build` makes, for statements whose SQL depends only on
/// `shape` and which bind exactly `values`: built and checked once per thread, then only bound.
pub(crate) fn read_shaped<R>(
    db: &DatabaseConnection,
    shape: Shape,
    values: &[Value],
    build: impl FnOnce() -> SelectStatement,
    map: impl FnMut(&Row<'_>) -> rusqlite::Result<R>,
) -> Option<Vec<R>> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return None;
    }
    let sql = match SHAPES.with(|shapes| shapes.borrow().get(&shape).cloned()) {
        Some(sql) => sql,
        None => {
            let (sql, built) = build().build(SqliteQueryBuilder);
            // Only a statement that binds exactly `values` can be reused with other values.
            if built.0 != values {
                return read_sql(db, &sql, &built.0, map);
            }
            let sql: Rc<str> = sql.into();
            SHAPES.with(|shapes| {
                let mut shapes = shapes.borrow_mut();
                if shapes.len() >= SHAPES_PER_THREAD {
                    shapes.clear();
                }
                shapes.insert(shape, sql.clone());
            });
            sql
        }
    };
    read_sql(db, &sql, values, map)
}

/// The models `sql` reads, read here when `M` is registered and the path can answer.
pub(crate) fn read_models<M: 'static>(db: &DatabaseConnection, sql: &str, values: &[Value]) -> Option<Vec<M>> {
    let read = registered::<M>()?;
    let boxed = read_sql(db, sql, values, read)?;
    boxed.into_iter().map(|model| model.downcast::<M>().ok().map(|model| *model)).collect()
}

/// sea-orm's `select.all(db)`, read here when it can be.
pub(crate) async fn all<E: EntityTrait>(
    select: Select<E>,
    db: &DatabaseConnection,
) -> Result<Vec<E::Model>, sea_orm::DbErr> {
    if db.get_database_backend() == DbBackend::Sqlite && registered::<E::Model>().is_some() {
        let statement = select.build(DbBackend::Sqlite);
        let values = statement.values.as_ref().map_or(&[][..], |values| &values.0[..]);
        if let Some(models) = read_models::<E::Model>(db, &statement.sql, values) {
            return Ok(models);
        }
    }
    select.all(db).await
}

/// The rows `offset..offset + limit` of `select`. On SQLite the two numbers are written into
/// the SQL instead of bound: SQLite (3.47+) treats a bound `LIMIT`/`OFFSET` as plan-relevant and
/// re-prepares the cached statement on every execution, which was a tenth of the instructions of
/// the bookshelf's `GET /books/` (the re-prepare of the page's `SELECT`). Each page size and page
/// number is then its own cached statement, prepared once; on a file the rows are read here when
/// they can be. Other databases bind them as usual.
pub(crate) async fn slice<E: EntityTrait>(
    select: Select<E>,
    offset: u64,
    limit: u64,
    db: &DatabaseConnection,
) -> Result<Vec<E::Model>, DbErr> {
    use sea_orm::QuerySelect;
    let select = select.offset(offset).limit(limit);
    if db.get_database_backend() == DbBackend::Sqlite {
        let statement = select.build(DbBackend::Sqlite);
        if let Some(inlined) = inline_limit_offset(&statement, limit, offset) {
            let values = inlined.values.as_ref().map_or(&[][..], |values| &values.0[..]);
            if let Some(models) = read_models::<E::Model>(db, &inlined.sql, values) {
                return Ok(models);
            }
            return E::find().from_raw_sql(inlined).all(db).await;
        }
    }
    select.all(db).await
}

/// sea-orm's `select.count(db)` (`SELECT COUNT(*) AS num_items FROM (...) AS sub_query`), read
/// here when it can be.
pub(crate) async fn count<E: EntityTrait>(select: Select<E>, db: &DatabaseConnection) -> Result<u64, DbErr> {
    use sea_orm::ConnectionTrait;
    // Built in place, as sea-orm's `Paginator::num_items` builds it, without its three copies of
    // the statement.
    let mut inner = select.into_query();
    inner.reset_limit().reset_offset().clear_order_by();
    let mut query = SelectStatement::new();
    query.expr(Expr::cust("COUNT(*) AS num_items")).from_subquery(inner, "sub_query");
    if db.get_database_backend() == DbBackend::Sqlite
        && let Some(counts) = read_query(db, &query, |row| row.get::<_, i64>(0))
        && let Some(&count) = counts.first()
    {
        return Ok(u64::try_from(count).unwrap_or_default());
    }
    match db.query_one(&query).await? {
        Some(row) => Ok(u64::try_from(row.try_get::<i64>("", "num_items")?).unwrap_or_default()),
        None => Ok(0),
    }
}

/// A row of [`Db::query_rows`](crate::serializers::Db::query_rows): read from the SQLite file on
/// the calling thread, or from sea-orm.
pub struct RawRow<'a>(RowSource<'a>);

impl std::fmt::Debug for RawRow<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let source = match self.0 {
            RowSource::Sqlite(_) => "sqlite file",
            RowSource::SeaOrm(_) => "sea-orm",
        };
        f.debug_tuple("RawRow").field(&source).finish()
    }
}

enum RowSource<'a> {
    Sqlite(&'a Row<'a>),
    SeaOrm(&'a QueryResult),
}

impl<'a> RawRow<'a> {
    pub(crate) fn sqlite(row: &'a Row<'a>) -> Self {
        Self(RowSource::Sqlite(row))
    }

    pub(crate) fn sea_orm(result: &'a QueryResult) -> Self {
        Self(RowSource::SeaOrm(result))
    }

    /// Column `name` as a `T`, as sea-orm's `QueryResult::try_get("", name)` reads it.
    pub fn get<T: SqliteValue + TryGetable>(&self, name: &str) -> Result<T, DbErr> {
        match &self.0 {
            RowSource::Sqlite(row) => {
                row.get::<_, Read<T>>(name).map(|read| read.0).map_err(|error| DbErr::Type(error.to_string()))
            }
            RowSource::SeaOrm(result) => result.try_get("", name),
        }
    }
}

#[doc(hidden)]
pub mod probe {
    //! Which field types [`SqliteValue`](super::SqliteValue) reads, asked by the code
    //! `#[derive(ModelMeta)]` generates (autoref specialisation: the first trait applies when
    //! the type has a reading, the second, one reference further, otherwise).

    use std::marker::PhantomData;

    use rusqlite::Row;

    use super::SqliteValue;

    /// A question about `T`.
    pub struct Probe<T>(PhantomData<T>);

    impl<T> std::fmt::Debug for Probe<T> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("Probe")
        }
    }

    impl<T> Probe<T> {
        /// The question.
        #[allow(clippy::new_without_default)]
        pub const fn new() -> Self {
            Self(PhantomData)
        }
    }

    /// `T` has a reading.
    pub trait Reads<T> {
        /// True.
        fn reads(&self) -> bool;
        /// The column, read ([`read_column`](super::read_column)).
        fn read(&self, row: &Row<'_>, hint: usize, prefix: &str, name: &str) -> rusqlite::Result<T>;
    }

    impl<T: SqliteValue> Reads<T> for Probe<T> {
        fn reads(&self) -> bool {
            true
        }
        fn read(&self, row: &Row<'_>, hint: usize, prefix: &str, name: &str) -> rusqlite::Result<T> {
            super::read_column(row, hint, prefix, name)
        }
    }

    /// `T` has no reading.
    pub trait DoesNotRead<T> {
        /// False.
        fn reads(&self) -> bool;
        /// An error: the model is never registered, so this is not called.
        fn read(&self, row: &Row<'_>, hint: usize, prefix: &str, name: &str) -> rusqlite::Result<T>;
    }

    impl<T> DoesNotRead<T> for &Probe<T> {
        fn reads(&self) -> bool {
            false
        }
        fn read(&self, _: &Row<'_>, _: usize, _: &str, _: &str) -> rusqlite::Result<T> {
            Err(rusqlite::Error::InvalidQuery)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_and_offset_are_inlined_only_when_they_end_the_statement() {
        let statement = |sql: &str, values: Vec<Value>| Statement::from_sql_and_values(DbBackend::Sqlite, sql, values);
        let inlined = inline_limit_offset(
            &statement("SELECT a FROM t WHERE b = ? LIMIT ? OFFSET ?", vec!["x".into(), 3u64.into(), 6u64.into()]),
            3,
            6,
        )
        .expect("a trailing LIMIT ? OFFSET ?");
        assert_eq!(inlined.sql, "SELECT a FROM t WHERE b = ? LIMIT 3 OFFSET 6");
        assert_eq!(inlined.values.expect("values").0, vec![Value::from("x")]);
        // Anything else keeps its bound values.
        assert!(inline_limit_offset(&statement("SELECT a FROM t LIMIT ?", vec![3u64.into()]), 3, 0).is_none());
        assert!(
            inline_limit_offset(&statement("SELECT a FROM t LIMIT ? OFFSET ?", vec![4u64.into(), 6u64.into()]), 3, 6)
                .is_none()
        );
    }
}
