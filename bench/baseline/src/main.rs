//! The hand-written baseline of `bench/run` (issue 17): the bookshelf's `GET /books/` and
//! `GET /books/{id}/` written as plain axum handlers with sea-orm and serde, the way a Rust team
//! would write them without restframe. Same database (Django's schema), same statements (one per
//! relation for the whole page, as the port runs them) and the same JSON bytes as the port and the
//! Django original; `bench/run` checks the bytes against the port before it measures.
//!
//! ```text
//! DATABASE_URL=sqlite:///path/db.sqlite3 bench-baseline 127.0.0.1:8106
//! ```

mod entities;

use std::collections::HashMap;
use std::net::SocketAddr;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, NaiveDate, Timelike, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectOptions, Database, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, JoinType,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, RelationTrait,
};
use serde::{Deserialize, Serialize};

use entities::{author, book, book_genres, genre, review, user};

/// `PAGE_SIZE` of the bookshelf's settings.
const PAGE_SIZE: u64 = 3;

/// One row of `library_book` as the endpoints need it; the price is read as text so both
/// SQLite's NUMERIC storage (Django leaves `10.00` there as the integer `10`) and PostgreSQL's
/// `numeric` come out exact.
#[derive(Debug, FromQueryResult)]
struct BookRow {
    id: i64,
    title: String,
    isbn: String,
    author_id: i64,
    published: Option<NaiveDate>,
    pages: Option<i32>,
    price: String,
    in_stock: bool,
    added_by_id: i32,
    created: DateTime<Utc>,
}

/// The book as DRF's `BookSerializer` renders it, field for field.
#[derive(Debug, Serialize)]
struct BookJson {
    url: String,
    id: i64,
    title: String,
    isbn: String,
    author: i64,
    author_name: String,
    genres: Vec<String>,
    published: Option<String>,
    pages: Option<i32>,
    price: String,
    in_stock: bool,
    added_by: String,
    average_rating: Option<f64>,
    created: String,
}

/// `PageNumberPagination`'s envelope.
#[derive(Debug, Serialize)]
struct Page {
    count: u64,
    next: Option<String>,
    previous: Option<String>,
    results: Vec<BookJson>,
}

#[derive(Debug, Deserialize)]
struct PageQuery {
    page: Option<String>,
}

/// Everything a handler can answer besides its JSON: a 404 with DRF's text, or a database error.
#[derive(Debug)]
enum AppError {
    NotFound(&'static str),
    Db(DbErr),
}

impl From<DbErr> for AppError {
    fn from(err: DbErr) -> Self {
        Self::Db(err)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            Self::NotFound(detail) => json(StatusCode::NOT_FOUND, &serde_json::json!({ "detail": detail })),
            Self::Db(err) => {
                eprintln!("database error: {err}");
                json(StatusCode::INTERNAL_SERVER_ERROR, &serde_json::json!({ "detail": "A server error occurred." }))
            }
        }
    }
}

fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => (status, [(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// `http://<Host>`, as DRF's `build_absolute_uri` makes the links.
fn base_url(headers: &HeaderMap) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    format!("http://{host}")
}

fn book_columns() -> sea_orm::Select<book::Entity> {
    book::Entity::find()
        .select_only()
        .columns([
            book::Column::Id,
            book::Column::Title,
            book::Column::Isbn,
            book::Column::AuthorId,
            book::Column::Published,
            book::Column::Pages,
            book::Column::InStock,
            book::Column::AddedById,
            book::Column::Created,
        ])
        .column_as(Expr::cust("CAST(price AS TEXT)"), "price")
}

/// The related rows of a page of books, one statement per relation.
async fn render(db: &DatabaseConnection, base: &str, rows: Vec<BookRow>) -> Result<Vec<BookJson>, DbErr> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = rows.iter().map(|b| b.id).collect();
    let author_ids: Vec<i64> = rows.iter().map(|b| b.author_id).collect();
    let user_ids: Vec<i32> = rows.iter().map(|b| b.added_by_id).collect();
    let authors: HashMap<i64, String> = author::Entity::find()
        .select_only()
        .columns([author::Column::Id, author::Column::Name])
        .filter(author::Column::Id.is_in(author_ids))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let users: HashMap<i32, String> = user::Entity::find()
        .select_only()
        .columns([user::Column::Id, user::Column::Username])
        .filter(user::Column::Id.is_in(user_ids))
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut genres: HashMap<i64, Vec<String>> = HashMap::new();
    let links = book_genres::Entity::find()
        .select_only()
        .column(book_genres::Column::BookId)
        .column(genre::Column::Slug)
        .join(JoinType::InnerJoin, book_genres::Relation::Genre.def())
        .filter(book_genres::Column::BookId.is_in(ids.clone()))
        .order_by_asc(genre::Column::Name)
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?;
    for (book_id, slug) in links {
        genres.entry(book_id).or_default().push(slug);
    }
    let ratings: HashMap<i64, f64> = review::Entity::find()
        .select_only()
        .column(review::Column::BookId)
        .column_as(Expr::cust("CAST(AVG(rating) AS DOUBLE PRECISION)"), "average")
        .filter(review::Column::BookId.is_in(ids))
        .group_by(review::Column::BookId)
        .into_tuple::<(i64, f64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|b| BookJson {
            url: format!("{base}/books/{}/", b.id),
            author_name: authors.get(&b.author_id).cloned().unwrap_or_default(),
            genres: genres.remove(&b.id).unwrap_or_default(),
            published: b.published.map(|d| d.format("%Y-%m-%d").to_string()),
            price: price(&b.price),
            added_by: users.get(&b.added_by_id).cloned().unwrap_or_default(),
            average_rating: ratings.get(&b.id).map(|avg| (avg * 100.0).round() / 100.0),
            created: iso8601(b.created),
            id: b.id,
            title: b.title,
            isbn: b.isbn,
            author: b.author_id,
            pages: b.pages,
            in_stock: b.in_stock,
        })
        .collect())
}

/// `DecimalField(decimal_places=2)`: always two decimals.
fn price(stored: &str) -> String {
    stored.parse::<rust_decimal::Decimal>().map(|d| format!("{:.2}", d.round_dp(2))).unwrap_or_else(|_| stored.into())
}

/// DRF's `DateTimeField` output: ISO 8601, microseconds only when there are any, `Z` for UTC.
fn iso8601(at: DateTime<Utc>) -> String {
    if at.nanosecond() / 1000 == 0 {
        at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    } else {
        at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
    }
}

async fn book_list(
    State(db): State<DatabaseConnection>,
    headers: HeaderMap,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let page: u64 = match query.page.as_deref() {
        None | Some("last") => 1,
        Some(p) => p.parse().ok().filter(|p| *p >= 1).ok_or(AppError::NotFound("Invalid page."))?,
    };
    let count = book::Entity::find().count(&db).await?;
    let pages = count.div_ceil(PAGE_SIZE).max(1);
    let page = if query.page.as_deref() == Some("last") { pages } else { page };
    if page > pages {
        return Err(AppError::NotFound("Invalid page."));
    }
    let rows = book_columns()
        .order_by_asc(book::Column::Title)
        .order_by_asc(book::Column::Id)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
        .into_model::<BookRow>()
        .all(&db)
        .await?;
    let base = base_url(&headers);
    let link = |p: u64| match p {
        1 => format!("{base}/books/"),
        p => format!("{base}/books/?page={p}"),
    };
    let body = Page {
        count,
        next: (page < pages).then(|| link(page + 1)),
        previous: (page > 1).then(|| link(page - 1)),
        results: render(&db, &base, rows).await?,
    };
    Ok(json(StatusCode::OK, &body))
}

async fn book_detail(
    State(db): State<DatabaseConnection>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    const MISSING: &str = "No Book matches the given query.";
    // Django's get_object_or_404 turns a pk that is not a number into a plain 404.
    let id: i64 = id.parse().map_err(|_| AppError::NotFound("Not found."))?;
    let row = book_columns()
        .filter(book::Column::Id.eq(id))
        .into_model::<BookRow>()
        .one(&db)
        .await?
        .ok_or(AppError::NotFound(MISSING))?;
    let mut books = render(&db, &base_url(&headers), vec![row]).await?;
    let book = books.pop().ok_or(AppError::NotFound(MISSING))?;
    Ok(json(StatusCode::OK, &book))
}

/// The pool as `restframe::db::connect` configures it, so both servers use the database alike.
async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut opts = ConnectOptions::new(url);
    opts.sqlx_logging(false).test_before_acquire_if_idle_for(std::time::Duration::from_secs(30));
    if url.starts_with("sqlite:") {
        opts.max_connections(8).map_sqlx_sqlite_opts(|o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .busy_timeout(std::time::Duration::from_secs(10))
        });
    } else {
        opts.max_connections(16);
    }
    Database::connect(opts).await
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr: SocketAddr = std::env::args().nth(1).as_deref().unwrap_or("127.0.0.1:8106").parse()?;
    let url = std::env::var("DATABASE_URL")?;
    let db = connect(&url).await?;
    let app = Router::new().route("/books/", get(book_list)).route("/books/{id}/", get(book_detail)).with_state(db);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, app).await?;
    Ok(())
}
