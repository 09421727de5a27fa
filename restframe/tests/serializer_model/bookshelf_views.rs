//! Writing and deleting bookshelf rows through generic views, on the schema Django's `migrate`
//! creates (`common/bookshelf.rs`), as bookshelf's DRF app does them (every answer recorded from
//! Django 6.1 + DRF 3.18; the same requests run in `tests/differential/bookshelf.json`):
//! a many-related field read from an HTML form (`QueryDict.getlist`), a delete cascading like
//! Django's `on_delete=CASCADE` collector, `self.instance` in `validate` on a partial update, and
//! model metadata (`verbose_name`, `help_text`) in messages and `OPTIONS`.

use restframe::exceptions::{ApiError, Detail, ErrorDetail};
use restframe::generics::GenericAPIView;
use restframe::metadata::Method;
use restframe::prelude::*;
use restframe::serializers::{Context, ModelMeta, Serializer, SerializerHooks};
use restframe::test::{APIClient, Body};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryOrder, Select, Statement};
use serde_json::json;

use super::bookshelf::database;
use crate::bookshelf::{author, book};

/// `BookSerializer`'s writable part, with `genres = SlugRelatedField(many=True, slug_field='slug',
/// queryset=Genre.objects.all(), required=False)` and the `validate` of bookshelf.
#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, hooks, fields(id, title, isbn, author, genres, published, pages, price, added_by))]
struct BookSerializer {
    #[field(slug_related(slug_field = "slug"), many, required = false, queryset = restframe::relations::all_rows)]
    genres: Vec<String>,
}

impl SerializerHooks for BookSerializer {
    /// `attrs.get('pages', getattr(self.instance, 'pages', None))`.
    async fn validate(attrs: book::ActiveModel, ctx: &Context) -> Result<book::ActiveModel, ApiError> {
        let stored = ctx.instance::<book::Model>();
        let published = attrs.published.try_as_ref().copied().unwrap_or(stored.and_then(|book| book.published));
        let pages = attrs.pages.try_as_ref().copied().unwrap_or(stored.and_then(|book| book.pages));
        if published.is_some() && pages.is_none() {
            let message = ErrorDetail::new("Required when published is set.", "invalid");
            return Err(ApiError::validation(Detail::Dict(vec![("pages".into(), Detail::List(vec![message.into()]))])));
        }
        Ok(attrs)
    }
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = author::Model, fields = "__all__")]
struct AuthorSerializer;

/// The signed-in user's profile (`MeSerializer`): `read_only_fields = ['username']`.
#[derive(restframe::ModelSerializer)]
#[serializer(model = restframe::auth::user::Model, fields(id, username, email), read_only_fields(username))]
struct MeSerializer;

struct Books {
    db: DatabaseConnection,
}

#[generic_view(ListCreateAPIView)]
impl GenericAPIView for Books {
    type Serializer = BookSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn get_queryset(&self, _request: &Request) -> Select<book::Entity> {
        book::Entity::find().order_by_asc(book::Column::Id)
    }
}

struct Book {
    db: DatabaseConnection,
}

#[generic_view(RetrieveUpdateDestroyAPIView)]
impl GenericAPIView for Book {
    type Serializer = BookSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
}

struct Author {
    db: DatabaseConnection,
}

#[generic_view(RetrieveDestroyAPIView)]
impl GenericAPIView for Author {
    type Serializer = AuthorSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
}

fn client(db: &DatabaseConnection) -> APIClient {
    let urls = vec![
        path("books/", Books { db: db.clone() }),
        path("books/<int:pk>/", Book { db: db.clone() }),
        path("authors/<int:pk>/", Author { db: db.clone() }),
    ];
    APIClient::new(App::new(Settings::default(), urls).expect("valid urls"))
}

async fn count(db: &DatabaseConnection, sql: &str) -> i64 {
    let row = db.query_one_raw(Statement::from_string(db.get_database_backend(), sql)).await.expect("query");
    row.expect("a row").try_get::<i64>("", "n").expect("a count")
}

/// `database()` (users 1 and 2, author 1 with book 1) plus genres `art` and `sci`.
async fn shelf() -> DatabaseConnection {
    let db = database().await.expect("bookshelf database");
    db.execute_unprepared("INSERT INTO library_genre (name, slug) VALUES ('Sci', 'sci'), ('Art', 'art')")
        .await
        .expect("genres");
    db
}

fn book_form<'a>(isbn: &'a str, genres: &[&'a str]) -> Body {
    let mut pairs = vec![("title", "Dune"), ("isbn", isbn), ("price", "9.99"), ("author", "1"), ("added_by", "1")];
    pairs.extend(genres.iter().map(|genre| ("genres", *genre)));
    Body::form(&pairs)
}

#[tokio::test]
async fn a_form_sends_a_many_related_field_as_repeated_keys() {
    let db = shelf().await;
    let client = client(&db);
    // DRF's `ManyRelatedField.get_value`: `request.data.getlist('genres')`.
    let created = client.send(Method::POST, "/books/", &[], &book_form("9780441013593", &["sci", "art"])).await;
    assert_eq!(created.status(), 201, "{}", created.text());
    assert_eq!(created.json()["genres"], json!(["art", "sci"]));
    let one = client.send(Method::POST, "/books/", &[], &book_form("9780441013594", &["sci"])).await;
    assert_eq!(one.json()["genres"], json!(["sci"]));
    let unknown = client.send(Method::POST, "/books/", &[], &book_form("9780441013595", &["sci", "nope"])).await;
    assert_eq!(unknown.text(), r#"{"genres":["Object with slug=nope does not exist."]}"#);
    // A blank value is looked up too (it is not "absent", as for other fields of a form).
    let blank = client.send(Method::POST, "/books/", &[], &book_form("9780441013595", &[""])).await;
    assert_eq!(blank.text(), r#"{"genres":["Object with slug= does not exist."]}"#);
    let none = client.send(Method::POST, "/books/", &[], &book_form("9780441013595", &[])).await;
    assert_eq!((none.status().as_u16(), none.json()["genres"].clone()), (201, json!([])));
}

#[tokio::test]
async fn deleting_an_author_cascades_to_books_reviews_and_genre_links() {
    let db = shelf().await;
    db.execute_unprepared(
        "INSERT INTO library_author (name, bio) VALUES ('Bob', ''); \
         INSERT INTO library_book (title, isbn, author_id, price, in_stock, added_by_id, created) \
             VALUES ('Other', '9780000000002', 2, 5, true, 1, '2026-12-02 00:00:00+00'); \
         INSERT INTO library_book_genres (book_id, genre_id) VALUES (1, 1), (1, 2), (2, 1); \
         INSERT INTO library_review (book_id, user_id, rating, text, created) \
             VALUES (1, 1, 4, '', '2026-12-02 00:00:00+00'), (1, 2, 5, '', '2026-12-02 00:00:00+00'), \
                    (2, 1, 3, '', '2026-12-02 00:00:00+00')",
    )
    .await
    .expect("rows");
    let client = client(&db);
    let deleted = client.delete("/authors/1/").await;
    assert_eq!((deleted.status().as_u16(), deleted.text()), (204, String::new()));
    assert_eq!(client.get("/authors/1/").await.text(), r#"{"detail":"No Author matches the given query."}"#);
    assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM library_book").await, 1);
    assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM library_book_genres WHERE book_id = 2").await, 1);
    assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM library_book_genres").await, 1);
    assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM library_review").await, 1);
    assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM library_genre").await, 2, "genres are not cascaded to");
    // Book → genre links, reviews, then the book; Django's collector order.
    assert_eq!(
        restframe::db::deletion::sql_delete(DbBackend::Postgres, book::Model::info()).expect("plan"),
        [
            r#"DELETE FROM "library_book_genres" WHERE "book_id" IN (SELECT "id" FROM "library_book" WHERE "id" = $1)"#,
            r#"DELETE FROM "library_review" WHERE "book_id" IN (SELECT "id" FROM "library_book" WHERE "id" = $1)"#,
            r#"DELETE FROM "library_book" WHERE "id" = $1"#,
        ]
    );
}

#[tokio::test]
async fn validate_falls_back_to_the_stored_instance_on_a_partial_update() {
    let db = shelf().await;
    let client = client(&db);
    // Book 1 has no pages: publishing it needs them.
    let response = client.patch("/books/1/", &json!({"published": "1968-11-01"})).await;
    assert_eq!(response.text(), r#"{"pages":["Required when published is set."]}"#);
    assert_eq!(client.patch("/books/1/", &json!({"pages": 183})).await.status(), 200);
    let response = client.patch("/books/1/", &json!({"published": "1968-11-01"})).await;
    assert_eq!((response.status().as_u16(), response.json()["pages"].clone()), (200, json!(183)));
}

#[tokio::test]
async fn model_verbose_names_and_help_texts_reach_messages_and_options() {
    let db = shelf().await;
    let client = client(&db);
    // Django's default verbose name of `library.Book` is `book`, not the table's name.
    let data = json!({"title": "T", "isbn": "9780000000001", "price": "1", "author": 1, "added_by": 1});
    assert_eq!(client.post("/books/", &data).await.text(), r#"{"isbn":["book with this isbn already exists."]}"#);
    // DRF's `SimpleMetadata` for `MeSerializer` on `auth.User`: `help_text`, the label from
    // `verbose_name`, and no limits on a read-only field.
    let info = MeSerializer::serializer_info_on(DbBackend::Sqlite);
    assert_eq!(
        (&info["username"], &info["email"]),
        (
            &json!({"type": "string", "required": false, "read_only": true, "label": "Username",
                    "help_text": "Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."}),
            &json!({"type": "email", "required": false, "read_only": false, "label": "Email address", "max_length": 254}),
        )
    );
}
