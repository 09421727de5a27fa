//! A synchronous read path to an SQLite *file* database, for point lookups on the hot path (the
//! token of every token-authenticated request).
//!
//! sqlx runs every SQLite statement on a worker thread of its own and sends the rows back over a
//! channel: two thread hand-offs per query, which cost far more than a primary-key lookup itself
//! (bench/README.md: a quarter of the server's CPU on the token HelloView was futex wake-ups and
//! context switches). A [`SqliteReader`] runs a prepared, cached statement on the calling thread
//! instead, on a read-only connection that each thread opens once.
//!
//! What it guarantees:
//! - **Same data.** Every statement is its own read transaction, so it sees every write committed
//!   before it started, through sea-orm or any other process (Django's included).
//! - **No waiting.** The busy timeout is zero: if the database is locked (a rollback-journal
//!   database being written; WAL readers are never locked out), the call returns an error at
//!   once, and the caller falls back to the asynchronous path, which may wait.
//! - **Read only.** The connection is opened with `SQLITE_OPEN_READ_ONLY`.
//!
//! ```
//! use restframe::db::{SqliteReader, connect};
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let dir = std::env::temp_dir().join(format!("restframe-reader-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let url = format!("sqlite://{}", dir.join("db.sqlite3").display());
//! let db = connect(&url).await.unwrap();
//! use sea_orm::ConnectionTrait;
//! db.execute_unprepared("CREATE TABLE IF NOT EXISTS t (k text PRIMARY KEY, v integer)").await.unwrap();
//! db.execute_unprepared("INSERT OR REPLACE INTO t VALUES ('a', 1)").await.unwrap();
//!
//! let reader = SqliteReader::for_database(&db).expect("an SQLite file");
//! let v: Option<i64> = reader.query_row("SELECT v FROM t WHERE k = ?1", ["a"], |row| row.get(0)).unwrap();
//! assert_eq!(v, Some(1));
//! // In-memory databases and PostgreSQL have no reader: use the asynchronous path.
//! assert!(SqliteReader::for_database(&connect("sqlite::memory:").await.unwrap()).is_none());
//! # std::fs::remove_dir_all(&dir).ok();
//! # });
//! ```

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::format::{Fixed, Item, Numeric, Pad, Parsed};
use chrono::{DateTime, Utc};
use rusqlite::types::{FromSql, FromSqlResult, ValueRef};
use rusqlite::{Connection, OpenFlags, Params, Row};
use sea_orm::{DatabaseConnection, DatabaseConnectionType};

/// How many databases one thread keeps a connection to; the least recently opened goes first.
/// A server has one database; tests open many temporary ones.
const DATABASES_PER_THREAD: usize = 4;
/// Distinct statements cached per connection.
const STATEMENTS_PER_CONNECTION: usize = 64;

thread_local! {
    static CONNECTIONS: RefCell<Vec<(Arc<Path>, Connection)>> = const { RefCell::new(Vec::new()) };
}

/// Reads an SQLite file database on the calling thread. Cheap to clone; see the
/// [module documentation](crate::db::sqlite_reader) for what it guarantees.
#[derive(Clone, Debug)]
pub struct SqliteReader {
    path: Arc<Path>,
}

impl SqliteReader {
    /// A reader for `db` when it is a pool on an SQLite file; `None` for in-memory SQLite (each
    /// connection would be another database) and other backends.
    pub fn for_database(db: &DatabaseConnection) -> Option<Self> {
        let DatabaseConnectionType::SqlxSqlitePoolConnection(_) = &db.inner else {
            return None;
        };
        let options = db.get_sqlite_connection_pool().connect_options();
        // In-memory databases have names like `file:sqlx-in-memory-3` that are not files; the
        // canonical path also keeps working if the process changes directory later.
        Self::open(options.get_filename())
    }

    /// A reader for the SQLite file at `path`, or `None` if there is no such file.
    pub fn open(path: impl AsRef<Path>) -> Option<Self> {
        let path: PathBuf = std::fs::canonicalize(path).ok()?;
        path.is_file().then(|| Self { path: path.into() })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The database file, shared.
    pub(crate) fn shared_path(&self) -> Arc<Path> {
        self.path.clone()
    }

    /// Runs `sql` (prepared once per thread and cached) with `params` and maps its first row;
    /// `Ok(None)` when there is none. Any error, `SQLITE_BUSY` included, is returned at once:
    /// the caller should then take the asynchronous path.
    pub fn query_row<T, P: Params>(
        &self,
        sql: &str,
        params: P,
        map: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<Option<T>> {
        self.with_connection(|conn| {
            let mut statement = conn.prepare_cached(sql)?;
            let mut rows = statement.query(params)?;
            rows.next()?.map(map).transpose()
        })
    }

    /// Runs `sql` (prepared once per thread and cached) with `params` and maps every row. As
    /// [`SqliteReader::query_row`], any error is returned at once.
    pub fn query_rows<T, P: Params>(
        &self,
        sql: &str,
        params: P,
        mut map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<Vec<T>> {
        self.with_connection(|conn| {
            let mut statement = conn.prepare_cached(sql)?;
            let mut rows = statement.query(params)?;
            let mut out = Vec::new();
            while let Some(row) = rows.next()? {
                out.push(map(row)?);
            }
            Ok(out)
        })
    }

    fn with_connection<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> rusqlite::Result<T> {
        CONNECTIONS.with(|cell| {
            // A `map` closure that itself reads would re-enter: give it the error, not a panic.
            let mut connections = cell.try_borrow_mut().map_err(|_| rusqlite::Error::InvalidQuery)?;
            let index = match connections.iter().position(|(path, _)| *path == self.path) {
                Some(index) => index,
                None => {
                    let conn = open_read_only(&self.path)?;
                    if connections.len() >= DATABASES_PER_THREAD {
                        connections.remove(0);
                    }
                    connections.push((self.path.clone(), conn));
                    connections.len() - 1
                }
            };
            f(&connections[index].1)
        })
    }
}

fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(Duration::ZERO)?;
    conn.set_prepared_statement_cache_capacity(STATEMENTS_PER_CONNECTION);
    Ok(conn)
}

/// A datetime column read as sqlx would, quickly: `row.get::<_, SqliteDateTime>(i)?.0`, or
/// `Option<SqliteDateTime>` for a nullable column. The two forms restframe and Django write
/// (`2026-11-28 14:00:00.123456+00:00` and Django's naive UTC `2026-11-28 14:00:00.123456`) are
/// parsed with pre-built chrono items (rusqlite's own `FromSql` for `DateTime<Utc>` re-parses a
/// format string for every value: a third of the cost of a token lookup); anything else goes
/// through rusqlite's `FromSql`, which errs on forms it does not know.
///
/// ```
/// use restframe::db::{SqliteDateTime, rusqlite::Connection};
///
/// let conn = Connection::open_in_memory().unwrap();
/// let read = |sql: &str| {
///     let value: Option<SqliteDateTime> = conn.query_row(sql, [], |row| row.get(0)).unwrap();
///     value.map(|d| d.0.to_rfc3339())
/// };
/// assert_eq!(read("SELECT '2026-11-28 14:00:00.5'").as_deref(), Some("2026-11-28T14:00:00.500+00:00"));
/// assert_eq!(read("SELECT '2026-11-28 15:00:00+01:00'").as_deref(), Some("2026-11-28T14:00:00+00:00"));
/// assert_eq!(read("SELECT '2026-11-28T14:00:00Z'").as_deref(), Some("2026-11-28T14:00:00+00:00"));
/// assert_eq!(read("SELECT NULL"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SqliteDateTime(pub DateTime<Utc>);

impl FromSql for SqliteDateTime {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        if let ValueRef::Text(bytes) = value
            && let Ok(text) = std::str::from_utf8(bytes)
        {
            // RFC 3339 with a space or `T`: what sqlx writes for a `DateTime<Utc>`.
            if let Ok(parsed) = DateTime::parse_from_rfc3339(text) {
                return Ok(Self(parsed.with_timezone(&Utc)));
            }
            if let Some(naive) = parse_naive(text) {
                return Ok(Self(naive.and_utc()));
            }
        }
        DateTime::<Utc>::column_result(value).map(Self)
    }
}

/// `YYYY-MM-DD HH:MM:SS[.f]`, space-separated, no offset: Django's SQLite form for UTC.
fn parse_naive(text: &str) -> Option<chrono::NaiveDateTime> {
    const ITEMS: &[Item<'static>] = &[
        Item::Numeric(Numeric::Year, Pad::Zero),
        Item::Literal("-"),
        Item::Numeric(Numeric::Month, Pad::Zero),
        Item::Literal("-"),
        Item::Numeric(Numeric::Day, Pad::Zero),
        Item::Literal(" "),
        Item::Numeric(Numeric::Hour, Pad::Zero),
        Item::Literal(":"),
        Item::Numeric(Numeric::Minute, Pad::Zero),
        Item::Literal(":"),
        Item::Numeric(Numeric::Second, Pad::Zero),
        Item::Fixed(Fixed::Nanosecond),
    ];
    let mut parsed = Parsed::new();
    chrono::format::parse(&mut parsed, text, ITEMS.iter()).ok()?;
    parsed.to_naive_datetime_with_offset(0).ok()
}
