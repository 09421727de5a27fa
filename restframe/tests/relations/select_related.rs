//! `GenericAPIView::select_related` (Django's `queryset.select_related(...)`): the forward
//! foreign keys a view names are read in its objects' statement, so the serializer's prefetch
//! of them runs none; the answers are those of the view without it (null and dangling foreign
//! keys included), a changed foreign key is loaded again after `save()`, names that are not
//! forward foreign keys are Django's `FieldError`, and on an SQLite file the joined rows are
//! read on the calling thread.

use std::error::Error as _;
use std::sync::atomic::Ordering;

use restframe::db::rows::reads_on_this_thread;
use restframe::exceptions::ApiError;
use restframe::generics::GenericAPIView;
use restframe::prelude::*;
use restframe::relations::all_rows;
use restframe::settings::Settings;
use restframe::test::APIClient;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, QueryOrder, Select};
use serde_json::json;

use super::fixtures::{counter, database, populated};
use super::models::{book, nullable_source};
use super::prefetch::{shelf, shelf_on};
use crate::file_database::FileDatabase;

/// A book with its author's and its adder's names (`ReadOnlyField(source='author.name')`).
#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, fields(id, title, author, author_name, added_by))]
struct BookCard {
    #[field(primary_key_related, queryset = all_rows)]
    author: i32,
    #[field(source = "author.name")]
    author_name: String,
    #[field(source = "added_by.username")]
    added_by: String,
}

/// `target.name` through a nullable foreign key.
#[derive(restframe::ModelSerializer)]
#[serializer(model = nullable_source::Model, fields(id, name, target_name))]
struct SourceCard {
    #[field(source = "target.name")]
    target_name: String,
}

/// `Book.objects.select_related(*joined)`.
struct Books {
    db: DatabaseConnection,
    joined: &'static [&'static str],
}

#[viewset(ModelViewSet)]
impl GenericAPIView for Books {
    type Serializer = BookCard;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn get_queryset(&self, _request: &Request) -> Select<book::Entity> {
        book::Entity::find().order_by_asc(book::Column::Id)
    }
    fn select_related(&self) -> &[&str] {
        self.joined
    }
    /// The error's cause (what the server logs) as a 400, so the test can read it.
    async fn get_object(&self, request: &Request) -> Result<book::Model, ApiError> {
        restframe::generics::get_object(self, request).await.map_err(|error| match error.source() {
            Some(cause) => ApiError::validation_message(cause.to_string()),
            None => error,
        })
    }
}

struct Sources {
    db: DatabaseConnection,
    joined: &'static [&'static str],
}

#[viewset(ReadOnlyModelViewSet)]
impl GenericAPIView for Sources {
    type Serializer = SourceCard;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn get_queryset(&self, _request: &Request) -> Select<nullable_source::Entity> {
        nullable_source::Entity::find().order_by_asc(nullable_source::Column::Id)
    }
    fn select_related(&self) -> &[&str] {
        self.joined
    }
}

/// `/joined/...` selects the relations, `/plain/...` does not; `/bad/` names `bad`.
fn client(db: &DatabaseConnection, paginated: bool, bad: &'static [&'static str]) -> APIClient {
    let mut router = restframe::routers::SimpleRouter::new();
    router.register_as("joined", Books { db: db.clone(), joined: &["author", "added_by"] }, "joined");
    router.register_as("plain", Books { db: db.clone(), joined: &[] }, "plain");
    router.register_as("bad", Books { db: db.clone(), joined: bad }, "bad");
    router.register_as("sources", Sources { db: db.clone(), joined: &["target"] }, "sources");
    router.register_as("plain-sources", Sources { db: db.clone(), joined: &[] }, "plain-sources");
    let settings = Settings::default().page_size(2);
    let settings = if paginated {
        settings.default_pagination_class(restframe::pagination::PageNumberPagination::new())
    } else {
        settings
    };
    APIClient::new(App::new(settings, router.urls()).expect("urls"))
}

/// Status, body and the statements (sea-orm's and the calling thread's) of `GET url`.
async fn answer(client: &APIClient, statements: &std::sync::atomic::AtomicUsize, url: &str) -> (u16, String, u64) {
    statements.store(0, Ordering::SeqCst);
    let here = reads_on_this_thread();
    let response = client.get(url).await;
    let count = statements.load(Ordering::SeqCst) as u64 + (reads_on_this_thread() - here);
    (response.status().as_u16(), response.text(), count)
}

/// The joined view answers as the plain one with two statements fewer (author and user).
async fn joins_answer_as_prefetches(mut db: DatabaseConnection) {
    let statements = counter(&mut db);
    for paginated in [false, true] {
        let client = client(&db, paginated, &[]);
        for (url, plain_statements) in [("/3/", 3), ("/", if paginated { 4 } else { 3 }), ("/?page=2", 4)] {
            if url.contains("page") && !paginated {
                continue;
            }
            let joined = answer(&client, &statements, &format!("/joined{url}")).await;
            let plain = answer(&client, &statements, &format!("/plain{url}")).await;
            let plain_body = plain.1.replace("/plain/", "/joined/");
            assert_eq!((joined.0, &joined.1), (200, &plain_body), "GET {url} (paginated: {paginated})");
            assert_eq!(plain.2, plain_statements, "GET /plain{url}: the object(s), author, user (and the count)");
            assert_eq!(joined.2, plain_statements - 2, "GET /joined{url}: author and user come with the objects");
        }
    }
    let page = client(&db, true, &[]).get("/joined/?page=2").await.json();
    assert_eq!(
        page["results"],
        json!([
            {"id": 3, "title": "T03", "author": 2, "author_name": "Bob", "added_by": "alice"},
            {"id": 4, "title": "T04", "author": 1, "author_name": "Ann", "added_by": "alice"},
        ])
    );
}

#[tokio::test]
async fn joined_relations_cost_no_statement_of_their_own() {
    // In-memory SQLite, or PostgreSQL with a `postgres://` `DATABASE_URL`: every statement
    // through sea-orm.
    joins_answer_as_prefetches(shelf(5).await).await;
}

#[tokio::test]
async fn on_a_file_the_joined_rows_are_read_on_the_calling_thread() {
    let file = FileDatabase::new("select-related").await;
    let db = shelf_on(populated(file.db.clone()).await, 5).await;
    joins_answer_as_prefetches(db.clone()).await;
    // And as sea-orm reads them.
    let reference = shelf(5).await;
    for url in ["/joined/", "/joined/4/"] {
        let on_file = client(&db, false, &[]).get(url).await.text();
        assert_eq!(on_file, client(&reference, false, &[]).get(url).await.text(), "GET {url}");
    }
}

#[tokio::test]
async fn null_and_dangling_foreign_keys_render_as_without_the_join() {
    let file = FileDatabase::new("select-related-null").await;
    for db in [database().await, populated(file.db.clone()).await] {
        // Source 3 points at an author that does not exist (no constraint holds it).
        db.execute_unprepared(
            "INSERT INTO nullable_source (name, target_ref) VALUES ('a', 1), ('b', NULL), ('c', 99), ('d', 2)",
        )
        .await
        .expect("sources");
        let client = client(&db, false, &[]);
        let joined = client.get("/sources/").await;
        let expected = json!([
            {"id": 1, "name": "a", "target_name": "Ann"},
            {"id": 2, "name": "b"},
            {"id": 3, "name": "c"},
            {"id": 4, "name": "d", "target_name": "Bob"},
        ]);
        assert_eq!((joined.status().as_u16(), joined.json()), (200, expected));
        assert_eq!(joined.text(), client.get("/plain-sources/").await.text());
        for id in 1..=4 {
            let url = format!("/sources/{id}/");
            assert_eq!(client.get(&url).await.text(), client.get(&format!("/plain-{}", &url[1..])).await.text());
        }
    }
}

#[tokio::test]
async fn a_foreign_key_changed_by_save_is_loaded_again() {
    let db = shelf(3).await;
    let client = client(&db, false, &[]);
    // Book 1 is Bob's: `get_object` joined Bob, the update points it at Ann.
    let response = client.patch("/joined/1/", &json!({"author": 1})).await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.json(),
        json!({"id": 1, "title": "T01", "author": 1, "author_name": "Ann", "added_by": "alice"})
    );
    let response = client.patch("/joined/1/", &json!({"title": "Renamed"})).await;
    assert_eq!(response.json()["author_name"], "Ann");
}

#[tokio::test]
async fn names_that_are_not_forward_foreign_keys_are_field_errors() {
    let db = shelf(1).await;
    let cases: [(&'static [&'static str], &str); 4] = [
        (&["genres"], "Invalid field name(s) given in select_related: 'genres'. Choices are: author, added_by"),
        (
            &["author", "nope", "x"],
            "Invalid field name(s) given in select_related: 'nope', 'x'. Choices are: author, added_by",
        ),
        (&["title"], "Non-relational field given in select_related: 'title'. Choices are: author, added_by"),
        (
            &["author__user"],
            "Invalid field name(s) given in select_related: 'author__user'. Choices are: author, added_by",
        ),
    ];
    for (names, message) in cases {
        let client = client(&db, false, names);
        let response = client.get("/bad/1/").await;
        assert_eq!((response.status().as_u16(), response.json()), (400, json!([message])), "{names:?}");
        // The list is the same server error, with its generic body.
        let response = client.get("/bad/").await;
        assert_eq!((response.status().as_u16(), response.text().as_str()), (500, r#"{"error":"Server Error (500)"}"#));
    }
}
