//! Dotted sources and nested serializers on a model serializer, against DRF 3.18 running the
//! same models: `ReadOnlyField(source='book.author.name')` (a null foreign key on the way leaves
//! the field out, `null` with `allow_null=True`), nested serializers on a foreign key (object or
//! `null`), on reverse and many-to-many relations (`many=True`, in the related model's
//! `Meta.ordering`), `source='*'`, and the statements a page costs: one per relation on the
//! paths, whatever the number of objects.

use std::sync::atomic::Ordering;

use restframe::serializers::{Context, Serializer};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, QueryOrder, Schema};
use serde_json::json;

use super::fixtures::{counter, database, numbered_book};
use super::models::{author, book, genre, nullable_source, review};

/// A note on a book that may have none (`ForeignKey(Book, null=True)`): a null foreign key in
/// the middle of a dotted path.
pub(crate) mod note {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "library_note")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub text: String,
        #[restframe(foreign_key = crate::models::book::Model)]
        pub book_id: Option<i32>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// DRF:
/// ```python
/// class ReviewSources(serializers.ModelSerializer):
///     title = serializers.ReadOnlyField(source='book.title')
///     author_name = serializers.ReadOnlyField(source='book.author.name')
///     username = serializers.ReadOnlyField(source='user.username')
///     class Meta:
///         model = Review
///         fields = ['id', 'rating', 'title', 'author_name', 'username']
/// ```
#[derive(restframe::ModelSerializer)]
#[serializer(model = review::Model, fields(id, rating, title, author_name, username))]
struct ReviewSources {
    #[field(source = "book.title")]
    title: String,
    #[field(source = "book.author.name")]
    author_name: String,
    #[field(source = "user.username")]
    username: String,
}

/// `ReadOnlyField(source='book.author.name')` and the same with `allow_null=True`.
#[derive(restframe::ModelSerializer)]
#[serializer(model = note::Model, fields(id, title, author_name, maybe_author))]
struct NoteSources {
    #[field(source = "book.title")]
    title: String,
    #[field(source = "book.author.name")]
    author_name: String,
    #[field(source = "book.author.name", allow_null)]
    maybe_author: String,
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = author::Model, fields(id, name))]
struct AuthorBrief;

#[derive(restframe::ModelSerializer)]
#[serializer(model = genre::Model, fields(slug))]
struct GenreBrief;

/// DRF: `author = AuthorBrief(read_only=True)`, `genres = GenreBrief(many=True, read_only=True)`,
/// `author_name = ReadOnlyField(source='author.name')`.
#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, fields(id, title, author, author_name, genres))]
struct BookNested {
    #[field(nested)]
    author: AuthorBrief,
    #[field(source = "author.name")]
    author_name: String,
    #[field(nested, many)]
    genres: Vec<GenreBrief>,
}

/// DRF: `books = BookNested(many=True, read_only=True)` on the reverse side of `Book.author`,
/// and `me = AuthorBrief(source='*')`.
#[derive(restframe::ModelSerializer)]
#[serializer(model = author::Model, fields(id, me, books))]
struct AuthorWithBooks {
    #[field(nested, source = "*")]
    me: AuthorBrief,
    #[field(nested, many)]
    books: Vec<BookNested>,
}

/// DRF: `target = AuthorBrief(read_only=True)` on a nullable foreign key.
#[derive(restframe::ModelSerializer)]
#[serializer(model = nullable_source::Model, fields(id, target))]
struct SourceNested {
    #[field(nested)]
    target: Option<AuthorBrief>,
}

/// `count` books, by Ann (odd) or Bob (even), book `n` titled `T<n>` and in genre `sci` when
/// `n` is even; one review of each by alice, rated `1 + n % 5`.
async fn shelf(count: usize) -> DatabaseConnection {
    // The fixture creates Django's join table `library_book_genres`.
    let db = database().await;
    for n in 1..=count {
        let author = 2 - n % 2;
        numbered_book(&db, n, author).await;
        db.execute_unprepared(&format!(
            "INSERT INTO library_review (book_id, user_id, rating, text) VALUES ({n}, 1, {}, '')",
            1 + n % 5
        ))
        .await
        .expect("review");
        if n % 2 == 0 {
            db.execute_unprepared(&format!(
                "INSERT INTO library_book_genres (id, book_id, genre_id) VALUES ({n}, {n}, 1)"
            ))
            .await
            .expect("genre");
        }
    }
    db
}

#[tokio::test]
async fn dotted_sources_follow_one_and_two_foreign_keys_in_three_statements_whatever_the_page() {
    for count in [1, 5, 20] {
        let mut db = shelf(count).await;
        let reviews = review::Entity::find().order_by_asc(review::Column::Id).all(&db).await.expect("reviews");
        let statements = counter(&mut db);
        let data = ReviewSources::represent(&reviews, &Context::with_db(db.clone())).await.expect("data");
        // `book`, then `book.author` on the loaded books, and `user`.
        assert_eq!(statements.load(Ordering::SeqCst), 3, "{count} reviews");
        assert_eq!(data.as_array().map(Vec::len), Some(count));
        assert_eq!(data[0], json!({"id": 1, "rating": 2, "title": "T01", "author_name": "Ann", "username": "alice"}));
        if count > 1 {
            assert_eq!(
                data[1],
                json!({"id": 2, "rating": 3, "title": "T02", "author_name": "Bob", "username": "alice"})
            );
        }
    }
}

#[tokio::test]
async fn a_null_foreign_key_on_the_way_leaves_the_field_out_or_null_with_allow_null() {
    let db = shelf(1).await;
    let schema = Schema::new(db.get_database_backend());
    db.execute(&schema.create_table_from_entity(note::Entity)).await.expect("note table");
    db.execute_unprepared("INSERT INTO library_note (text, book_id) VALUES ('a', 1), ('b', NULL)")
        .await
        .expect("notes");
    let notes = note::Entity::find().order_by_asc(note::Column::Id).all(&db).await.expect("notes");
    let data = NoteSources::represent(&notes, &Context::with_db(db.clone())).await.expect("data");
    // DRF 3.18: [{'id': 1, 'title': 'T01', 'author_name': 'Ann', 'maybe_author': 'Ann'},
    //            {'id': 2, 'maybe_author': None}]
    assert_eq!(
        serde_json::to_string(&data).expect("json"),
        r#"[{"id":1,"title":"T01","author_name":"Ann","maybe_author":"Ann"},{"id":2,"maybe_author":null}]"#
    );
}

#[tokio::test]
async fn nested_serializers_on_foreign_keys_many_to_many_and_reverse_relations() {
    let db = shelf(3).await;
    let books = book::Entity::find().order_by_asc(book::Column::Id).all(&db).await.expect("books");
    let ctx = Context::with_db(db.clone());
    let data = BookNested::represent(&books[..2], &ctx).await.expect("books");
    assert_eq!(
        data,
        json!([
            {"id": 1, "title": "T01", "author": {"id": 1, "name": "Ann"}, "author_name": "Ann", "genres": []},
            {"id": 2, "title": "T02", "author": {"id": 2, "name": "Bob"}, "author_name": "Bob", "genres": [{"slug": "sci"}]},
        ])
    );

    // Author.books in Book.Meta.ordering (title), each book with its own nested fields.
    let authors = author::Entity::find().order_by_asc(author::Column::Id).all(&db).await.expect("authors");
    let data = AuthorWithBooks::represent(&authors, &ctx).await.expect("authors");
    assert_eq!(data[0]["me"], json!({"id": 1, "name": "Ann"}));
    assert_eq!(
        data[0]["books"].as_array().map(|b| b.iter().map(|b| b["title"].clone()).collect::<Vec<_>>()),
        Some(vec![json!("T01"), json!("T03")])
    );
    assert_eq!(
        data[1],
        json!({"id": 2, "me": {"id": 2, "name": "Bob"}, "books": [
            {"id": 2, "title": "T02", "author": {"id": 2, "name": "Bob"}, "author_name": "Bob", "genres": [{"slug": "sci"}]},
        ]})
    );
}

#[tokio::test]
async fn a_nested_serializer_on_a_null_foreign_key_is_null() {
    let db = database().await;
    db.execute_unprepared("INSERT INTO nullable_source (name, target_ref) VALUES ('a', NULL), ('b', 2)")
        .await
        .expect("sources");
    let sources =
        nullable_source::Entity::find().order_by_asc(nullable_source::Column::Id).all(&db).await.expect("sources");
    let data = SourceNested::represent(&sources, &Context::with_db(db)).await.expect("data");
    assert_eq!(
        serde_json::to_string(&data).expect("json"),
        r#"[{"id":1,"target":null},{"id":2,"target":{"id":2,"name":"Bob"}}]"#
    );
}

#[tokio::test]
async fn nested_relations_are_prefetched_on_the_loaded_rows() {
    for count in [1, 5, 20] {
        let mut db = shelf(count).await;
        let authors = author::Entity::find().order_by_asc(author::Column::Id).all(&db).await.expect("authors");
        let statements = counter(&mut db);
        let data = AuthorWithBooks::represent(&authors, &Context::with_db(db.clone())).await.expect("authors");
        // `books`, then `books.author` and `books.genres` on every loaded book.
        assert_eq!(statements.load(Ordering::SeqCst), 3, "{count} books");
        let rendered: usize =
            data.as_array().into_iter().flatten().map(|a| a["books"].as_array().map_or(0, Vec::len)).sum();
        assert_eq!(rendered, count);
    }
}

#[tokio::test]
async fn a_single_object_renders_through_data_with_its_relations() {
    let db = shelf(2).await;
    let book = book::Entity::find_by_id(2).one(&db).await.expect("query").expect("book 2");
    let data = BookNested::with_instance(book).database(db).data().await.expect("data");
    assert_eq!(
        serde_json::to_string(&data).expect("json"),
        r#"{"id":2,"title":"T02","author":{"id":2,"name":"Bob"},"author_name":"Bob","genres":[{"slug":"sci"}]}"#
    );
}

#[test]
fn options_describe_read_only_fields_and_nested_objects_as_drf() {
    let info = restframe::metadata::serializer_info::<BookNested>();
    // DRF 3.18's SimpleMetadata for the same serializer.
    assert_eq!(
        info["author"],
        json!({"type": "nested object", "required": false, "read_only": true, "label": "Author", "children": {
            "id": {"type": "integer", "required": false, "read_only": true, "label": "ID"},
            "name": {"type": "string", "required": true, "read_only": false, "label": "Name", "max_length": 100},
        }})
    );
    assert_eq!(
        info["author_name"],
        json!({"type": "field", "required": false, "read_only": true, "label": "Author name"})
    );
    assert_eq!(
        (
            &info["genres"]["type"],
            &info["genres"]["read_only"],
            &info["genres"]["child"]["type"],
            &info["genres"]["child"]["read_only"]
        ),
        (&json!("field"), &json!(true), &json!("nested object"), &json!(true))
    );
}

/// DRF's `OrderingFilter.get_default_valid_fields` on the same serializers:
/// `ReviewSources ['id', 'rating', 'book__title', 'book__author__name', 'user__username']`,
/// `BookNested ['id', 'title', 'author', 'author__name', 'genres']`, `AuthorWithBooks ['id', 'books']`.
/// The to-many nested fields (`genres`, `books`) are left out here, as to-many relational fields
/// are: ordering by them would repeat rows (README, "Differences from DRF").
#[test]
fn dotted_and_nested_fields_are_ordering_sources() {
    assert_eq!(
        ReviewSources::readable_sources(),
        ["id", "rating", "book__title", "book__author__name", "user__username"]
    );
    assert_eq!(BookNested::readable_sources(), ["id", "title", "author", "author__name"]);
    assert_eq!(AuthorWithBooks::readable_sources(), ["id"]);
}

struct ReviewList {
    db: DatabaseConnection,
}

#[restframe::generic_view(ListAPIView, filter_backends = [restframe::filters::OrderingFilter])]
impl restframe::generics::GenericAPIView for ReviewList {
    type Serializer = ReviewSources;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn get_queryset(&self, _request: &restframe::request::Request) -> sea_orm::Select<review::Entity> {
        review::Entity::find().order_by_asc(review::Column::Id)
    }
}

/// `ordering_fields` unset: the serializer's fields, dotted ones by their source.
impl restframe::filters::OrderingFields for ReviewList {}

#[tokio::test]
async fn a_dotted_source_orders_a_list_without_ordering_fields() {
    let db = shelf(3).await;
    let urls = vec![restframe::urls::path("reviews/", ReviewList { db: db.clone() })];
    let client = restframe::test::APIClient::new(
        restframe::App::new(restframe::settings::Settings::default(), urls).expect("valid urls"),
    );
    let ids = |body: serde_json::Value| -> Vec<i64> {
        body.as_array().into_iter().flatten().filter_map(|r| r["id"].as_i64()).collect()
    };
    // Books 1 and 3 by Ann, 2 by Bob.
    assert_eq!(ids(client.get("/reviews/?ordering=-book__author__name,id").await.json()), [2, 1, 3]);
    assert_eq!(ids(client.get("/reviews/?ordering=-book__title").await.json()), [3, 2, 1]);
}
