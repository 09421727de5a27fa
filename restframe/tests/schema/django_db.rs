//! A database Django made, used through the bookshelf models: the tables come from Django's own
//! DDL (`sqlmigrate library 0001`, `expected.rs`, after restframe's copy of Django's auth
//! migrations) and the rows are the ones Django 6.1's ORM stored for the objects below, dumped
//! from a database `manage.py migrate` created (SQLite: `quote()` of each column, so the
//! storage classes stay Django's: a `DecimalField` of `10.00` is the INTEGER `10`; PostgreSQL:
//! `quote_literal`):
//!
//! ```python
//! u = User.objects.create(username='ann', password='!', date_joined=when)
//! a = Author.objects.create(name='Ursula K. Le Guin', birth_date=date(1929, 10, 21), bio='')
//! g = Genre.objects.create(name='Fantasy', slug='fantasy')
//! b1 = Book.objects.create(title='A Wizard of Earthsea', isbn='9780547722023', price=Decimal('9.50'),
//!                          author=a, added_by=u, published=date(1968, 11, 1), pages=183)
//! Book.objects.create(title='The Dispossessed', isbn='9780061054884', price=Decimal('10.00'),
//!                     author=a, added_by=u, in_stock=False)
//! b1.genres.add(g)
//! Review.objects.create(book=b1, user=u, rating=5, text='Classic.')
//! ```
//!
//! (`when` and every `auto_now_add` are 2026-12-02 10:30:15.123456 UTC.) The ids are left to
//! the database, which numbers them as Django's did.

use restframe::exceptions::ApiError;
use restframe::serializers::{Context, Serializer};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, QueryOrder, Statement};
use serde_json::json;

use super::bookshelf::{author, book, genre, review};
use super::expected;

const SQLITE_ROWS: &[&str] = &[
    r#"INSERT INTO "auth_user" ("password", "last_login", "is_superuser", "username", "last_name", "email", "is_staff", "is_active", "date_joined", "first_name") VALUES ('!', NULL, 0, 'ann', '', '', 0, 1, '2026-12-02 10:30:15.123456', '')"#,
    r#"INSERT INTO "library_author" ("name", "birth_date", "bio") VALUES ('Ursula K. Le Guin', '1929-10-21', '')"#,
    r#"INSERT INTO "library_genre" ("name", "slug") VALUES ('Fantasy', 'fantasy')"#,
    r#"INSERT INTO "library_book" ("title", "isbn", "published", "pages", "price", "in_stock", "created", "added_by_id", "author_id") VALUES ('A Wizard of Earthsea', '9780547722023', '1968-11-01', 183, 9.5, 1, '2026-12-02 10:30:15.123456', 1, 1)"#,
    r#"INSERT INTO "library_book" ("title", "isbn", "published", "pages", "price", "in_stock", "created", "added_by_id", "author_id") VALUES ('The Dispossessed', '9780061054884', NULL, NULL, 10, 0, '2026-12-02 10:30:15.123456', 1, 1)"#,
    r#"INSERT INTO "library_book_genres" ("book_id", "genre_id") VALUES (1, 1)"#,
    r#"INSERT INTO "library_review" ("rating", "text", "created", "book_id", "user_id") VALUES (5, 'Classic.', '2026-12-02 10:30:15.123456', 1, 1)"#,
];

const POSTGRES_ROWS: &[&str] = &[
    r#"INSERT INTO "auth_user" ("password", "last_login", "is_superuser", "username", "first_name", "last_name", "email", "is_staff", "is_active", "date_joined") VALUES ('!', NULL, 'false', 'ann', '', '', '', 'false', 'true', '2026-12-02 10:30:15.123456+00')"#,
    r#"INSERT INTO "library_author" ("name", "birth_date", "bio") VALUES ('Ursula K. Le Guin', '1929-10-21', '')"#,
    r#"INSERT INTO "library_genre" ("name", "slug") VALUES ('Fantasy', 'fantasy')"#,
    r#"INSERT INTO "library_book" ("title", "isbn", "published", "pages", "price", "in_stock", "created", "added_by_id", "author_id") VALUES ('A Wizard of Earthsea', '9780547722023', '1968-11-01', '183', '9.50', 'true', '2026-12-02 10:30:15.123456+00', '1', '1')"#,
    r#"INSERT INTO "library_book" ("title", "isbn", "published", "pages", "price", "in_stock", "created", "added_by_id", "author_id") VALUES ('The Dispossessed', '9780061054884', NULL, NULL, '10.00', 'false', '2026-12-02 10:30:15.123456+00', '1', '1')"#,
    r#"INSERT INTO "library_book_genres" ("book_id", "genre_id") VALUES ('1', '1')"#,
    r#"INSERT INTO "library_review" ("rating", "text", "created", "book_id", "user_id") VALUES ('5', 'Classic.', '2026-12-02 10:30:15.123456+00', '1', '1')"#,
];

/// `fields = '__all__'` (DRF's order: the many-to-many `genres` last).
#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, fields = "__all__")]
struct BookSerializer;

/// `fields = '__all__'`: the model's `unique_together` becomes a `UniqueTogetherValidator`.
#[derive(restframe::ModelSerializer)]
#[serializer(model = review::Model, fields = "__all__")]
struct ReviewSerializer;

/// The schema and rows of the module doc, as Django left them.
async fn django_database() -> Result<DatabaseConnection, ApiError> {
    let db = restframe::db::test_database().await?;
    restframe::auth::migration::migrate(&db).await?;
    let (ddl, rows) = match db.get_database_backend() {
        DatabaseBackend::Sqlite => (expected::LIBRARY_SQLMIGRATE_SQLITE, SQLITE_ROWS),
        _ => (expected::LIBRARY_SQLMIGRATE_POSTGRES, POSTGRES_ROWS),
    };
    for sql in ddl.iter().chain(rows) {
        db.execute_unprepared(sql).await?;
    }
    Ok(db)
}

#[tokio::test]
async fn the_models_read_every_table_django_made() -> Result<(), ApiError> {
    let db = django_database().await?;
    let authors = author::Entity::find().all(&db).await?;
    assert_eq!(authors.len(), 1);
    assert_eq!(
        (authors[0].name.as_str(), authors[0].birth_date.map(|d| d.to_string())),
        ("Ursula K. Le Guin", Some("1929-10-21".to_owned()))
    );
    let genres = genre::Entity::find().all(&db).await?;
    assert_eq!((genres[0].name.as_str(), genres[0].slug.as_str()), ("Fantasy", "fantasy"));
    let reviews = review::Entity::find().all(&db).await?;
    assert_eq!((reviews[0].book_id, reviews[0].user_id, reviews[0].rating), (1, 1, 5));
    let pairs = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            r#"SELECT "book_id", "genre_id" FROM "library_book_genres""#,
        ))
        .await?;
    assert_eq!(pairs.len(), 1);
    let users = restframe::auth::user::Entity::find().all(&db).await?;
    assert_eq!(users[0].username, "ann");

    // DRF renders the same rows as:
    let books = book::Entity::find().order_by_asc(book::Column::Id).all(&db).await?;
    let ctx = Context::with_db(db.clone());
    assert_eq!(
        BookSerializer::represent(&books, &ctx).await?,
        json!([
            {"id": 1, "title": "A Wizard of Earthsea", "isbn": "9780547722023", "published": "1968-11-01", "pages": 183, "price": "9.50", "in_stock": true, "created": "2026-12-02T10:30:15.123456Z", "author": 1, "added_by": 1, "genres": [1]},
            {"id": 2, "title": "The Dispossessed", "isbn": "9780061054884", "published": null, "pages": null, "price": "10.00", "in_stock": false, "created": "2026-12-02T10:30:15.123456Z", "author": 1, "added_by": 1, "genres": []}
        ])
    );
    assert_eq!(
        ReviewSerializer::render_many(&reviews, &ctx),
        json!([{"id": 1, "rating": 5, "text": "Classic.", "created": "2026-12-02T10:30:15.123456Z", "book": 1, "user": 1}])
    );
    Ok(())
}

#[tokio::test]
async fn model_serializers_write_to_djangos_tables() -> Result<(), ApiError> {
    let db = django_database().await?;
    let ctx = || Context::with_db(db.clone());
    let data =
        json!({"title": "The Lathe of Heaven", "isbn": "9781416556961", "price": "8", "author": 1, "added_by": 1});
    let mut s = BookSerializer::with_data(data).context(ctx());
    s.is_valid_or_raise().await?;
    let saved = s.save().await?.clone();
    let rendered = s.data().await?;
    assert_eq!((&rendered["id"], &rendered["price"], &rendered["in_stock"]), (&json!(3), &json!("8.00"), &json!(true)));
    assert!(saved.created <= chrono::Utc::now() && saved.created > chrono::Utc::now() - chrono::Duration::minutes(5));

    let mut s = ReviewSerializer::with_data(json!({"book": 2, "user": 1, "rating": 4})).context(ctx());
    s.is_valid_or_raise().await?;
    s.save().await?;
    assert_eq!(s.data().await?["id"], json!(2));
    let mut s = ReviewSerializer::with_data(json!({"book": 1, "user": 1, "rating": 3})).context(ctx());
    assert!(!s.is_valid().await?);
    assert_eq!(s.errors()?.to_json(), json!({"non_field_errors": ["The fields book, user must make a unique set."]}));
    let rows = review::Entity::find().all(&db).await?;
    assert_eq!(rows.len(), 2, "Django's table holds both reviews");
    Ok(())
}
