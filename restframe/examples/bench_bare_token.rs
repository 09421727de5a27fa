//! Benchmark "ceiling" server for the token HelloView: bare hyper (the same hyper-util builder
//! settings as `restframe::server` and `bench_bare_hyper`) that reads `Authorization: Token <key>`,
//! looks the token and its user up with the same single statement restframe's
//! `TokenAuthentication` runs, and answers `{"message":"Hello, World!"}` (or DRF's 401 body).
//! No framework: what a hand-written Rust server reading the database once per request costs on
//! these cores, so bench/run can tell the database read's own price from restframe's.
//!
//! ```sh
//! cargo run --release -p restframe --example bench_bare_token -- 127.0.0.1:8104 sqlite:///path/db.sqlite3
//! DATABASE_URL=postgres://postgres@127.0.0.1/test cargo run --release -p restframe --example bench_bare_token -- 127.0.0.1:8104
//! ```
//!
//! It is deliberately leaner than restframe where that only lowers its cost, so the ceiling is
//! not understated: on SQLite the datetimes stay text (restframe parses them into
//! `DateTime<Utc>`), there is no content negotiation, no `Allow`/`Vary` or security headers.
//! On SQLite it reads on the calling thread from a per-thread read-only connection with a cached
//! prepared statement (what `restframe::db::SqliteReader` does); on PostgreSQL through an sqlx
//! pool of 16 connections with sqlx's prepared-statement cache (restframe's pool size).

use std::cell::RefCell;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use http::StatusCode;
use http::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue, WWW_AUTHENTICATE};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use rusqlite::{Connection, OpenFlags};
use sqlx::Row as _;
use sqlx::postgres::{PgPool, PgPoolOptions, PgRow};
use tokio::net::TcpListener;

const HELLO: &[u8] = br#"{"message":"Hello, World!"}"#;
const INVALID_TOKEN: &[u8] = br#"{"detail":"Invalid token."}"#;

/// The token joined with its user, the columns of restframe's lookup, ending in the placeholder.
macro_rules! lookup {
    ($placeholder:literal) => {
        concat!(
            r#"SELECT "authtoken_token"."key", "authtoken_token"."created", "authtoken_token"."user_id", "#,
            r#""auth_user"."id", "auth_user"."password", "auth_user"."last_login", "auth_user"."is_superuser", "#,
            r#""auth_user"."username", "auth_user"."first_name", "auth_user"."last_name", "auth_user"."email", "#,
            r#""auth_user"."is_staff", "auth_user"."is_active", "auth_user"."date_joined" "#,
            r#"FROM "authtoken_token" INNER JOIN "auth_user" ON "authtoken_token"."user_id" = "auth_user"."id" "#,
            r#"WHERE "authtoken_token"."key" = "#,
            $placeholder
        )
    };
}

/// The user row as a handler would keep it for the request (`T` is the datetime type).
#[expect(dead_code, reason = "read from the row, not used: materialising it is part of the measured cost")]
struct User<T> {
    id: i64,
    password: String,
    last_login: Option<T>,
    is_superuser: bool,
    username: String,
    first_name: String,
    last_name: String,
    email: String,
    is_staff: bool,
    is_active: bool,
    date_joined: T,
}

#[expect(dead_code, reason = "read from the row, not used: materialising it is part of the measured cost")]
struct Token<T> {
    key: String,
    created: T,
    user_id: i64,
}

/// One row of the lookup.
type Lookup<T> = (Token<T>, User<T>);

/// SQLite's row, datetimes left as text.
fn from_sqlite(row: &rusqlite::Row<'_>) -> rusqlite::Result<Lookup<String>> {
    let token = Token { key: row.get(0)?, created: row.get(1)?, user_id: row.get(2)? };
    let user = User {
        id: row.get(3)?,
        password: row.get(4)?,
        last_login: row.get(5)?,
        is_superuser: row.get(6)?,
        username: row.get(7)?,
        first_name: row.get(8)?,
        last_name: row.get(9)?,
        email: row.get(10)?,
        is_staff: row.get(11)?,
        is_active: row.get(12)?,
        date_joined: row.get(13)?,
    };
    Ok((token, user))
}

/// PostgreSQL's row (binary protocol: the datetimes arrive as integers, cheap to decode).
fn from_postgres(row: &PgRow) -> Result<Lookup<DateTime<Utc>>, sqlx::Error> {
    let token = Token { key: row.try_get(0)?, created: row.try_get(1)?, user_id: row.try_get::<i32, _>(2)?.into() };
    let user = User {
        id: row.try_get::<i32, _>(3)?.into(),
        password: row.try_get(4)?,
        last_login: row.try_get(5)?,
        is_superuser: row.try_get(6)?,
        username: row.try_get(7)?,
        first_name: row.try_get(8)?,
        last_name: row.try_get(9)?,
        email: row.try_get(10)?,
        is_staff: row.try_get(11)?,
        is_active: row.try_get(12)?,
        date_joined: row.try_get(13)?,
    };
    Ok((token, user))
}

enum Database {
    Sqlite { path: Arc<str> },
    Postgres { pool: PgPool },
}

thread_local! {
    static SQLITE: RefCell<Option<Connection>> = const { RefCell::new(None) };
}

impl Database {
    /// `Some(is_active)` of the token's user, `None` for an unknown token.
    async fn user_is_active(&self, key: &str) -> Result<Option<bool>, String> {
        match self {
            Self::Sqlite { path } => SQLITE.with(|cell| {
                let mut slot = cell.borrow_mut();
                if slot.is_none() {
                    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
                    *slot = Some(Connection::open_with_flags(&**path, flags).map_err(|e| e.to_string())?);
                }
                let conn = slot.as_ref().ok_or("no connection")?;
                let mut statement = conn.prepare_cached(lookup!("?")).map_err(|e| e.to_string())?;
                let mut rows = statement.query([key]).map_err(|e| e.to_string())?;
                let Some(row) = rows.next().map_err(|e| e.to_string())? else {
                    return Ok(None);
                };
                let (_, user) = std::hint::black_box(from_sqlite(row).map_err(|e| e.to_string())?);
                Ok(Some(user.is_active))
            }),
            Self::Postgres { pool } => {
                let row = sqlx::query(lookup!("$1")).bind(key).fetch_optional(pool).await.map_err(|e| e.to_string())?;
                let Some(row) = row else { return Ok(None) };
                let (_, user) = std::hint::black_box(from_postgres(&row).map_err(|e| e.to_string())?);
                Ok(Some(user.is_active))
            }
        }
    }
}

fn respond(status: StatusCode, body: &'static [u8]) -> http::Response<Full<Bytes>> {
    let mut response = http::Response::new(Full::new(Bytes::from_static(body)));
    *response.status_mut() = status;
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(WWW_AUTHENTICATE, HeaderValue::from_static("Token"));
    }
    response
}

async fn hello(db: Arc<Database>, req: http::Request<Incoming>) -> Result<http::Response<Full<Bytes>>, Infallible> {
    let key = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Token "))
        .map(str::trim);
    let Some(key) = key else {
        return Ok(respond(StatusCode::UNAUTHORIZED, br#"{"detail":"Authentication credentials were not provided."}"#));
    };
    Ok(match db.user_is_active(key).await {
        Ok(Some(true)) => respond(StatusCode::OK, HELLO),
        Ok(Some(false)) => respond(StatusCode::UNAUTHORIZED, br#"{"detail":"User inactive or deleted."}"#),
        Ok(None) => respond(StatusCode::UNAUTHORIZED, INVALID_TOKEN),
        Err(error) => {
            eprintln!("token read failed: {error}");
            respond(StatusCode::INTERNAL_SERVER_ERROR, br#"{"detail":"A server error occurred."}"#)
        }
    })
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let addr: SocketAddr =
        args.next().unwrap_or_else(|| "127.0.0.1:8104".to_owned()).parse().map_err(std::io::Error::other)?;
    let url = args.next().or_else(|| std::env::var("DATABASE_URL").ok()).ok_or_else(|| {
        std::io::Error::other("usage: bench_bare_token ADDR [DATABASE_URL], or DATABASE_URL in the environment")
    })?;
    let db = if let Some(path) = url.strip_prefix("sqlite://") {
        Database::Sqlite { path: path.into() }
    } else {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            // As restframe::db::connect: no ping on every checkout (one more round trip a query).
            .test_before_acquire(false)
            .connect(&url)
            .await
            .map_err(std::io::Error::other)?;
        Database::Postgres { pool }
    };
    let db = Arc::new(db);
    let listener = TcpListener::bind(addr).await?;
    let mut builder = Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).keep_alive(true).max_buf_size(64 * 1024);
    loop {
        let (stream, _) = listener.accept().await?;
        let _ = stream.set_nodelay(true);
        let db = db.clone();
        let service = service_fn(move |req| hello(db.clone(), req));
        drop(tokio::spawn(builder.serve_connection(TokioIo::new(stream), service).into_owned()));
    }
}
