//! Relational fields declared on a model serializer (DRF's `tests/test_relations_pk.py`,
//! `test_relations_slug.py` and `ManyRelatedField` in `test_relations.py`), on bookshelf's
//! `BookSerializer.author`/`genres`, `ReviewSerializer.book` and `UserSerializer.books`; every
//! answer recorded from DRF 3.18.

use restframe::serializers::{Context, ModelMeta, Serializer};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Select};
use serde_json::{Value, json};

use super::fixtures::database;
use super::models::{author, book, genre, review};

/// DRF: `queryset=Author.objects.exclude(name="Bob")`.
fn authors_but_bob(_ctx: &Context) -> Select<author::Entity> {
    author::Entity::find().filter(author::Column::Name.ne("Bob"))
}

/// Bookshelf's `BookSerializer`, relational part: `author = PrimaryKeyRelatedField(queryset=...)`,
/// `genres = SlugRelatedField(many=True, slug_field='slug', queryset=Genre.objects.all(),
/// required=False)`.
#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, fields(id, title, isbn, author, genres, added_by))]
pub(crate) struct BookSerializer {
    #[field(primary_key_related, queryset = authors_but_bob)]
    author: i32,
    #[field(slug_related(slug_field = "slug"), many, required = false, queryset = restframe::relations::all_rows)]
    genres: Vec<String>,
}

/// `genres = PrimaryKeyRelatedField(many=True, queryset=Genre.objects.all(), allow_empty=False)`
/// and `author = PrimaryKeyRelatedField(queryset=Author.objects.all(), allow_null=True)`.
#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, fields(id, title, isbn, author, genres, added_by))]
struct StrictBookSerializer {
    #[field(primary_key_related, allow_null, queryset = restframe::relations::all_rows)]
    author: i32,
    #[field(primary_key_related, many, allow_empty = false, queryset = restframe::relations::all_rows)]
    genres: Vec<i32>,
}

/// Bookshelf's `ReviewSerializer.book = PrimaryKeyRelatedField(read_only=True)`.
#[derive(restframe::ModelSerializer)]
#[serializer(model = review::Model, fields(id, book, user, rating, text))]
struct ReviewSerializer {
    #[field(primary_key_related, read_only)]
    book: i32,
}

/// Bookshelf's `UserSerializer.books = StringRelatedField(many=True)`: the reverse side of
/// `Book.added_by` on the auth `User`, which cannot declare it.
#[derive(restframe::ModelSerializer)]
#[serializer(model = restframe::auth::user::Model, fields(id, username, books))]
struct UserSerializer {
    #[field(string_related, many, reverse_of = book::Model::RELS.added_by)]
    books: Vec<String>,
}

/// `AuthorSerializer.books` as strings, and `GenreSerializer`'s reverse many-to-many side.
#[derive(restframe::ModelSerializer)]
#[serializer(model = author::Model, fields(id, name, books))]
struct AuthorSerializer {
    #[field(string_related, many)]
    books: Vec<String>,
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = genre::Model, fields(slug, books))]
struct GenreSerializer {
    #[field(primary_key_related, many, read_only)]
    books: Vec<i32>,
}

pub(crate) async fn shelf() -> DatabaseConnection {
    let db = database().await;
    db.execute_unprepared("INSERT INTO library_genre (name, slug) VALUES ('Art', 'art')").await.expect("genre");
    db
}

fn book_input(genres: Value) -> Value {
    json!({"title": "Dune", "isbn": "9780441013593", "author": 1, "added_by": 1, "genres": genres})
}

async fn errors<S: restframe::serializers::SerializerHooks>(db: &DatabaseConnection, data: Value) -> Value {
    let mut s = S::with_data(data.clone()).database(db.clone());
    assert!(!s.is_valid().await.expect("validation runs"), "{data} is invalid");
    s.errors().expect("errors").to_json()
}

async fn join_rows(db: &DatabaseConnection) -> Vec<(i64, i64)> {
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT book_id, genre_id FROM library_book_genres ORDER BY id",
        ))
        .await
        .expect("join rows");
    rows.iter()
        .map(|r| {
            let get = |c: &str| r.try_get::<i64>("", c).or_else(|_| r.try_get::<i32>("", c).map(i64::from));
            (get("book_id").expect("book_id"), get("genre_id").expect("genre_id"))
        })
        .collect()
}

#[tokio::test]
async fn a_book_saves_its_author_and_genres_and_renders_them() {
    let db = shelf().await;
    let mut s = BookSerializer::with_data(book_input(json!(["sci", "art"]))).database(db.clone());
    s.is_valid_or_raise().await.expect("valid");
    let saved = s.save().await.expect("saved").clone();
    assert_eq!(saved.author_id, 1);
    // Django's `set()`: the join rows in input order; rendering in Genre.Meta.ordering.
    assert_eq!(join_rows(&db).await, [(1, 1), (1, 2)]);
    assert_eq!(
        s.data().await.expect("data"),
        json!({"id": 1, "title": "Dune", "isbn": "9780441013593", "author": 1, "genres": ["art", "sci"], "added_by": 1})
    );
}

#[tokio::test]
async fn many_related_field_errors_are_drfs() {
    let db = shelf().await;
    let genres = |detail: &str| json!({"genres": [detail]});
    let missing = |slug: &str| genres(&format!("Object with slug={slug} does not exist."));
    let cases = [
        (json!("sci"), genres("Expected a list of items but got type \"str\".")),
        (json!(5), genres("Expected a list of items but got type \"int\".")),
        (json!(true), genres("Expected a list of items but got type \"bool\".")),
        (json!(null), genres("This field may not be null.")),
        (json!(["sci", "nope", "zzz"]), missing("nope")),
        (json!([5]), missing("5")),
        (json!([null]), missing("None")),
        (json!([["sci"]]), missing("['sci']")),
        (json!([" sci"]), missing(" sci")),
    ];
    for (input, expected) in cases {
        assert_eq!(errors::<BookSerializer>(&db, book_input(input.clone())).await, expected, "{input}");
    }
    // Valid: empty lists, repeated items, and a dict (Python iterates its keys).
    for input in [json!([]), json!(["sci", "sci"]), json!({"sci": 1})] {
        let mut s = BookSerializer::with_data(book_input(input.clone())).database(db.clone());
        assert!(s.is_valid().await.expect("validation runs"), "{input}");
    }
}

#[tokio::test]
async fn primary_key_many_and_allow_empty_and_allow_null() {
    let db = shelf().await;
    let genres = |detail: &str| json!({"genres": [detail]});
    let cases = [
        (json!([]), genres("This list may not be empty.")),
        (json!("1"), genres("Expected a list of items but got type \"str\".")),
        (json!([1, 99]), genres("Invalid pk \"99\" - object does not exist.")),
        (json!([true]), genres("Incorrect type. Expected pk value, received bool.")),
        (json!(["x"]), genres("Incorrect type. Expected pk value, received str.")),
        (json!([""]), genres("Incorrect type. Expected pk value, received str.")),
        (json!([{}]), genres("Incorrect type. Expected pk value, received dict.")),
        (json!([null]), genres("Invalid pk \"None\" - object does not exist.")),
    ];
    for (input, expected) in cases {
        assert_eq!(errors::<StrictBookSerializer>(&db, book_input(input.clone())).await, expected, "{input}");
    }
    let mut data = book_input(json!(["1", " 2 ", 1.5]));
    data["author"] = json!(null);
    let mut s = StrictBookSerializer::with_data(data).database(db.clone());
    assert!(s.is_valid().await.expect("validation runs"), "{:?}", s.errors());
    let mut data = book_input(json!([1]));
    data.as_object_mut().expect("object").remove("genres");
    assert_eq!(errors::<StrictBookSerializer>(&db, data).await, json!({"genres": ["This field is required."]}));
}

#[tokio::test]
async fn the_queryset_limits_what_may_be_chosen() {
    let db = shelf().await;
    let mut data = book_input(json!([]));
    let author = |detail: &str| json!({"author": [detail]});
    for (input, expected) in [
        (json!(2), author("Invalid pk \"2\" - object does not exist.")),
        (json!(null), author("This field may not be null.")),
        (json!(""), author("This field may not be null.")),
        (json!("x"), author("Incorrect type. Expected pk value, received str.")),
    ] {
        data["author"] = input.clone();
        assert_eq!(errors::<BookSerializer>(&db, data.clone()).await, expected, "{input}");
    }
    data.as_object_mut().expect("object").remove("author");
    assert_eq!(errors::<BookSerializer>(&db, data).await, author("This field is required."));
}

#[tokio::test]
async fn updates_set_the_genres_and_a_patch_without_them_keeps_them() {
    let db = shelf().await;
    let mut s = BookSerializer::with_data(book_input(json!(["sci"]))).database(db.clone());
    s.is_valid_or_raise().await.expect("valid");
    let saved = s.save().await.expect("saved").clone();

    let mut s =
        BookSerializer::for_update(saved.clone(), json!({"title": "Dune 2"})).database(db.clone()).partial(true);
    s.is_valid_or_raise().await.expect("valid");
    let saved = s.save().await.expect("saved").clone();
    assert_eq!(s.data().await.expect("data")["genres"], json!(["sci"]));

    let mut s = BookSerializer::for_update(saved.clone(), book_input(json!(["art", "sci"]))).database(db.clone());
    s.is_valid_or_raise().await.expect("valid");
    let saved = s.save().await.expect("saved").clone();
    assert_eq!(s.data().await.expect("data")["genres"], json!(["art", "sci"]));
    assert_eq!(join_rows(&db).await, [(1, 1), (1, 2)], "sci kept, art added");

    let mut s = BookSerializer::for_update(saved, book_input(json!(["art"]))).database(db.clone());
    s.is_valid_or_raise().await.expect("valid");
    s.save().await.expect("saved");
    assert_eq!(join_rows(&db).await, [(1, 2)], "sci removed");
    assert_eq!(s.data().await.expect("data")["genres"], json!(["art"]));
}

#[tokio::test]
async fn a_failing_join_table_write_leaves_no_book() {
    let db = shelf().await;
    let mut s = BookSerializer::with_data(book_input(json!(["sci"]))).database(db.clone());
    s.is_valid_or_raise().await.expect("valid");
    db.execute_unprepared("DROP TABLE library_book_genres").await.expect("drop");
    assert!(s.save().await.is_err());
    assert_eq!(book::Entity::find().all(&db).await.expect("books"), []);
}

#[tokio::test]
async fn a_read_only_relation_renders_and_ignores_input() {
    let db = shelf().await;
    db.execute_unprepared(
        "INSERT INTO library_book (title, isbn, author_id, in_stock, added_by_id) VALUES ('Dune', '1', 1, true, 1)",
    )
    .await
    .expect("book");
    let mut s =
        ReviewSerializer::with_data(json!({"book": 99, "user": 1, "rating": 5, "text": ""})).database(db.clone());
    s.is_valid_or_raise().await.expect("valid");
    let data = s.validated_data().expect("validated");
    assert_eq!(data.book_id, sea_orm::ActiveValue::NotSet);
    let review = review::Model { id: 1, book_id: 1, user_id: 1, rating: 5, text: String::new() };
    let ctx = Context::with_db(db.clone());
    assert_eq!(
        ReviewSerializer::represent(&[review], &ctx).await.expect("data"),
        json!([{"id": 1, "book": 1, "user": 1, "rating": 5, "text": ""}])
    );
}

#[tokio::test]
async fn string_and_reverse_relations_render_in_the_related_ordering() {
    let db = shelf().await;
    db.execute_unprepared(
        "INSERT INTO library_book (title, isbn, author_id, in_stock, added_by_id) VALUES ('Tehanu', '1', 1, true, 1), ('Dune', '2', 2, true, 1), ('Lathe', '3', 1, true, 1)",
    )
    .await
    .expect("books");
    db.execute_unprepared("INSERT INTO library_book_genres (book_id, genre_id) VALUES (1, 1), (3, 1), (2, 2)")
        .await
        .expect("genres");
    let ctx = Context::with_db(db.clone());
    let users = restframe::auth::user::Entity::find().all(&db).await.expect("users");
    assert_eq!(
        UserSerializer::represent(&users, &ctx).await.expect("users"),
        json!([{"id": 1, "username": "alice", "books": ["Dune", "Lathe", "Tehanu"]}])
    );
    let authors = author::Entity::find().all(&db).await.expect("authors");
    assert_eq!(
        AuthorSerializer::represent(&authors, &ctx).await.expect("authors"),
        json!([{"id": 1, "name": "Ann", "books": ["Lathe", "Tehanu"]}, {"id": 2, "name": "Bob", "books": ["Dune"]}])
    );
    let genres = genre::Entity::find().all(&db).await.expect("genres");
    assert_eq!(
        GenreSerializer::represent(&genres, &ctx).await.expect("genres"),
        json!([{"slug": "sci", "books": [3, 1]}, {"slug": "art", "books": [2]}])
    );
    // A string field is read-only: input is ignored.
    let mut s = UserSerializer::with_data(json!({"username": "bob", "books": "x"})).database(db);
    assert!(s.is_valid().await.expect("validation runs"), "{:?}", s.errors());
}

/// `target = PrimaryKeyRelatedField(queryset=Author.objects.all(), allow_null=True)` on DRF's
/// `NullableForeignKeySource`.
#[derive(restframe::ModelSerializer)]
#[serializer(model = super::models::nullable_source::Model, fields(id, name, target))]
struct NullableSourceSerializer {
    #[field(primary_key_related, allow_null, queryset = restframe::relations::all_rows)]
    target: Option<i32>,
}

#[tokio::test]
async fn a_nullable_foreign_key_saves_null_and_a_target() {
    let db = shelf().await;
    for (input, stored) in [(json!(null), None), (json!(""), None), (json!(2), Some(2))] {
        let mut s = NullableSourceSerializer::with_data(json!({"name": "a", "target": input})).database(db.clone());
        s.is_valid_or_raise().await.expect("valid");
        assert_eq!(s.save().await.expect("saved").target_ref, stored, "{input}");
        assert_eq!(s.data().await.expect("data")["target"], json!(stored), "{input}");
    }
}

#[tokio::test]
async fn options_describe_relational_fields_as_drf_does() {
    let info = restframe::metadata::serializer_info::<BookSerializer>();
    assert_eq!(info["author"], json!({"type": "field", "required": true, "read_only": false, "label": "Author"}));
    assert_eq!(info["genres"], json!({"type": "field", "required": false, "read_only": false, "label": "Genres"}));
    let info = restframe::metadata::serializer_info::<UserSerializer>();
    assert_eq!(info["books"], json!({"type": "field", "required": false, "read_only": true, "label": "Books"}));
}

#[tokio::test]
async fn validated_data_renders_a_foreign_key_and_a_list_saves_each_books_genres() {
    let db = shelf().await;
    let mut s = BookSerializer::with_data(book_input(json!(["sci"]))).database(db.clone());
    s.is_valid_or_raise().await.expect("valid");
    assert_eq!(
        s.data().await.expect("data"),
        json!({"title": "Dune", "isbn": "9780441013593", "author": 1, "added_by": 1})
    );
    assert_eq!(BookSerializer::readable_sources(), ["id", "title", "isbn", "added_by", "author"]);

    // DRF's ListSerializer.create: one create per item, each with its own genres.
    let mut list = BookSerializer::many(json!([
        {"title": "A", "isbn": "1", "author": 1, "added_by": 1, "genres": ["art"]},
        {"title": "B", "isbn": "2", "author": 1, "added_by": 1},
        {"title": "C", "isbn": "3", "author": 1, "added_by": 1, "genres": ["sci", "art"]},
    ]))
    .context(Context::with_db(db.clone()));
    assert!(list.is_valid().await.expect("validation runs"));
    list.save().await.expect("saved");
    assert_eq!(join_rows(&db).await, [(1, 2), (3, 1), (3, 2)]);
}
