//! DRF's `Meta.depth` (`build_nested_field`). Expected bodies and OPTIONS metadata were recorded from DRF 3.18.3 /
//! Django 6.1.3 on the bookshelf models:
//!
//! ```python
//! class BookDepth(serializers.ModelSerializer):
//!     class Meta: model = Book; fields = ['id', 'author', 'genres']; depth = 1
//! class ReviewDepth2(serializers.ModelSerializer):
//!     class Meta: model = Review; fields = '__all__'; depth = 2
//! print(json.dumps(ReviewDepth2(review).data)); print(SimpleMetadata().get_serializer_info(BookDepth()))
//! ```
//!
//! DRF renders a nested user with `password` (the hash), `groups` and `user_permissions`;
//! restframe never renders a `secret` column and its `User` has no groups (documented in
//! `restframe::relations::depth`).

use std::sync::atomic::Ordering;

use restframe::generics::GenericAPIView;
use restframe::prelude::*;
use restframe::serializers::{Context, Serializer};
use restframe::test::APIClient;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, QueryOrder, Select};
use serde_json::{Value, json};

use super::fixtures::{counter, database, numbered_book};
use super::models::{book, nullable_source, review};

#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, fields(id, author, genres), depth = 1)]
struct BookDepth;

#[derive(restframe::ModelSerializer)]
#[serializer(model = review::Model, fields = "__all__", depth = 1)]
struct ReviewDepth1;

#[derive(restframe::ModelSerializer)]
#[serializer(model = review::Model, fields = "__all__", depth = 2)]
struct ReviewDepth2;

#[derive(restframe::ModelSerializer)]
#[serializer(model = nullable_source::Model, fields = "__all__", depth = 1)]
struct NullableDepth;

struct Reviews {
    db: DatabaseConnection,
}

#[generic_view(ListAPIView)]
impl GenericAPIView for Reviews {
    type Serializer = ReviewDepth2;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn get_queryset(&self, _request: &Request) -> Select<review::Entity> {
        review::Entity::find().order_by_asc(review::Column::Id)
    }
}

struct BookDetail {
    db: DatabaseConnection,
}

#[generic_view(RetrieveUpdateAPIView)]
impl GenericAPIView for BookDetail {
    type Serializer = BookDepth;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn get_queryset(&self, _request: &Request) -> Select<book::Entity> {
        book::Entity::find()
    }
}

/// The fixture, alice joined at a fixed time, genre `art` (2), and `books` books by Ann in both
/// genres, each with a review by alice.
async fn shelf(books: usize) -> DatabaseConnection {
    let db = database().await;
    let joined = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => "2026-01-05 09:00:00+00",
        _ => "2026-01-05 09:00:00",
    };
    db.execute_unprepared(&format!("UPDATE auth_user SET date_joined = '{joined}'")).await.expect("joined");
    db.execute_unprepared("INSERT INTO library_genre (name, slug) VALUES ('Art', 'art')").await.expect("genre");
    for n in 1..=books {
        numbered_book(&db, n, 1).await;
        db.execute_unprepared(&format!(
            "INSERT INTO library_book_genres (book_id, genre_id) VALUES ({n}, 1), ({n}, 2);
             INSERT INTO library_review (book_id, user_id, rating, text) VALUES ({n}, 1, 4, 'ok')"
        ))
        .await
        .expect("genres and review");
    }
    db
}

fn alice() -> Value {
    json!({"id": 1, "last_login": null, "is_superuser": false, "username": "alice", "first_name": "",
           "last_name": "", "email": "", "is_staff": false, "is_active": true,
           "date_joined": "2026-01-05T09:00:00Z"})
}

fn ann() -> Value {
    json!({"id": 1, "name": "Ann", "birth_date": null, "bio": ""})
}

/// Genre's ordering is `name`: Art before Sci.
fn genres() -> Value {
    json!([{"id": 2, "name": "Art", "slug": "art"}, {"id": 1, "name": "Sci", "slug": "sci"}])
}

#[tokio::test]
async fn depth_two_nests_relations_of_relations_in_drf_order() {
    let db = shelf(1).await;
    let client = APIClient::new(
        App::new(Settings::default(), vec![path("reviews/", Reviews { db: db.clone() })]).expect("urls"),
    );
    let response = client.get("/reviews/").await;
    assert_eq!(response.status(), 200);
    let body = response.json();
    let book = json!({"id": 1, "title": "T01", "isbn": "0000000000001", "published": null, "pages": null,
                      "in_stock": true, "author": ann(), "added_by": alice(), "genres": genres()});
    assert_eq!(body, json!([{"id": 1, "rating": 4, "text": "ok", "book": book, "user": alice()}]));
    // DRF's `__all__` order: the key, the plain fields, the foreign keys, the many-to-many fields.
    let keys: Vec<&str> = body[0]["book"].as_object().expect("object").keys().map(String::as_str).collect();
    assert_eq!(keys, ["id", "title", "isbn", "published", "pages", "in_stock", "author", "added_by", "genres"]);
    assert!(!response.text().contains("password"), "a nested user never shows the password hash");
}

#[tokio::test]
async fn depth_one_renders_the_next_level_as_primary_keys() {
    let db = shelf(1).await;
    let reviews = review::Entity::find().all(&db).await.expect("reviews");
    let body = ReviewDepth1::represent(&reviews, &Context::with_db(db.clone())).await.expect("rendered");
    let book = json!({"id": 1, "title": "T01", "isbn": "0000000000001", "published": null, "pages": null,
                      "in_stock": true, "author": 1, "added_by": 1, "genres": [2, 1]});
    assert_eq!(body, json!([{"id": 1, "rating": 4, "text": "ok", "book": book, "user": alice()}]));
}

/// One statement per relation and level, whatever the page size: reviews, their books and
/// users, then the books' authors, adders and genres.
#[tokio::test]
async fn nested_levels_cost_one_statement_per_relation() {
    for (depth, expected) in [(1, 4), (2, 6)] {
        let mut seen = Vec::new();
        for books in [1, 5] {
            let mut db = shelf(books).await;
            let count = counter(&mut db);
            let ctx = Context::with_db(db.clone());
            let reviews = review::Entity::find().all(&db).await.expect("reviews");
            let body = match depth {
                1 => ReviewDepth1::represent(&reviews, &ctx).await,
                _ => ReviewDepth2::represent(&reviews, &ctx).await,
            }
            .expect("rendered");
            assert_eq!(body.as_array().map(Vec::len), Some(books));
            seen.push(count.load(Ordering::SeqCst));
        }
        assert_eq!(seen, [expected, expected], "depth {depth}: statements for 1 and 5 reviews");
    }
}

#[tokio::test]
async fn a_null_foreign_key_nests_as_null() {
    let db = shelf(0).await;
    db.execute_unprepared("INSERT INTO nullable_source (name, target_ref) VALUES ('a', NULL), ('b', 2)")
        .await
        .expect("sources");
    let rows = nullable_source::Entity::find().order_by_asc(nullable_source::Column::Id).all(&db).await.expect("rows");
    let body = NullableDepth::represent(&rows, &Context::with_db(db.clone())).await.expect("rendered");
    assert_eq!(
        body,
        json!([{"id": 1, "name": "a", "target": null},
               {"id": 2, "name": "b", "target": {"id": 2, "name": "Bob", "birth_date": null, "bio": ""}}])
    );
}

/// Nested fields are read-only: an update changes nothing through them and answers with the
/// nested representation.
#[tokio::test]
async fn nested_fields_are_read_only() {
    let db = shelf(1).await;
    let client = APIClient::new(
        App::new(Settings::default(), vec![path("books/<int:pk>/", BookDetail { db: db.clone() })]).expect("urls"),
    );
    let response = client.patch("/books/1/", &json!({"author": 2, "genres": []})).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.json(), json!({"id": 1, "author": ann(), "genres": genres()}));
    let stored = book::Entity::find_by_id(1).one(&db).await.expect("query").expect("book 1");
    assert_eq!(stored.author_id, 1);
}

#[test]
fn options_describe_nested_serializers_as_drf() {
    let integer_id = json!({"type": "integer", "required": false, "read_only": true, "label": "ID"});
    let expected = json!({
        "id": integer_id,
        "author": {"type": "nested object", "required": false, "read_only": true, "label": "Author", "children": {
            "id": integer_id,
            "name": {"type": "string", "required": true, "read_only": false, "label": "Name", "max_length": 100},
            "birth_date": {"type": "date", "required": false, "read_only": false, "label": "Birth date"},
            "bio": {"type": "string", "required": false, "read_only": false, "label": "Bio"}}},
        "genres": {"type": "field", "required": false, "read_only": true, "label": "Genres", "child": {
            "type": "nested object", "required": false, "read_only": true, "children": {
                "id": integer_id,
                "name": {"type": "string", "required": true, "read_only": false, "label": "Name", "max_length": 50},
                "slug": {"type": "slug", "required": true, "read_only": false, "label": "Slug", "max_length": 50}}}}
    });
    assert_eq!(restframe::metadata::serializer_info::<BookDepth>(), expected);
    // One level further down, the relations are DRF's `PrimaryKeyRelatedField`s.
    let book = &restframe::metadata::serializer_info::<ReviewDepth1>()["book"]["children"];
    assert_eq!(book["author"], json!({"type": "field", "required": true, "read_only": false, "label": "Author"}));
    assert_eq!(book["genres"], json!({"type": "field", "required": true, "read_only": false, "label": "Genres"}));
}
