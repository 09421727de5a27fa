//! DRF's generic viewsets (`ModelViewSet`, `ReadOnlyModelViewSet`, `GenericViewSet`) behind a
//! `SimpleRouter`, against a real database (SQLite, or PostgreSQL with a `postgres://`
//! `DATABASE_URL`): the standard actions from the mixins, their 405s and `Allow` lists, the
//! basename from the model, `lookup_field` + `lookup_value_regex`, extra actions with
//! `serializer_class`, and the `OPTIONS` `actions` per route with and without permission
//! (test_routers.py's `TestLookupValueRegex` / `TestLookupUrlKwargs` / basename cases and
//! test_viewsets.py's `InitializeViewSetsTestCase` for generic viewsets).
//!
//! Every expected status, `Allow` header and body was recorded from Django 6.1 + DRF 3.18 running
//! the same viewsets (see `viewsets_support`), except the body of an unknown URL, which restframe
//! answers in JSON on purpose (see the README).

use restframe::metadata::Method;
use restframe::prelude::*;
use restframe::routers::SimpleRouter;
use restframe::test::{APIClient, TestResponse};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, Schema, Set};
use serde_json::{Value, json};

mod viewsets_support;

use viewsets_support::{BookViewSet, KeyedViewSet, PlainListViewSet, ShelfViewSet, book};

const LIST_ALLOW: &str = "GET, POST, HEAD, OPTIONS";
const DETAIL_ALLOW: &str = "GET, PUT, PATCH, DELETE, HEAD, OPTIONS";
const READ_ALLOW: &str = "GET, HEAD, OPTIONS";
const RENDERS_PARSES: &str = r#""renders":["application/json"],"parses":["application/json","application/x-www-form-urlencoded","multipart/form-data"]"#;
const BOOK_FIELDS: &str = r#"{"id":{"type":"integer","required":false,"read_only":true,"label":"ID"},"title":{"type":"string","required":true,"read_only":false,"label":"Title","max_length":100},"slug":{"type":"string","required":true,"read_only":false,"label":"Slug","max_length":32}}"#;
const REVIEW_FIELDS: &str = r#"{"text":{"type":"string","required":true,"read_only":false,"label":"Text","max_length":50},"stars":{"type":"integer","required":true,"read_only":false,"label":"Stars","min_value":1,"max_value":5}}"#;

async fn database() -> DatabaseConnection {
    let db = restframe::db::test_database().await.expect("database");
    let schema = Schema::new(db.get_database_backend());
    db.execute(&schema.create_table_from_entity(book::Entity)).await.expect("book table");
    for (title, slug) in [("Dune", "dune"), ("Emma", "emma")] {
        let row = book::ActiveModel { title: Set(title.into()), slug: Set(slug.into()), ..Default::default() };
        book::Entity::insert(row).exec(&db).await.expect("insert");
    }
    db
}

/// DRF's URL conf of the recording: `books` (basename from the model), `shelf` and `plain`.
async fn client() -> APIClient {
    let db = database().await;
    let mut router = SimpleRouter::new();
    router.register("books", BookViewSet { db: db.clone() });
    router.register_as("shelf", ShelfViewSet { db: db.clone() }, "shelf");
    router.register_as("plain", PlainListViewSet { db }, "plain");
    APIClient::new(App::new(Settings::default(), router.urls()).expect("valid urls"))
}

/// A request as the recording's signed-in user (`X-User: alice`).
async fn as_alice(client: &APIClient, method: Method, path: &str, data: Option<Value>) -> TestResponse {
    let body = data.map(|d| d.to_string()).unwrap_or_default();
    let headers = [("x-user", "alice"), ("content-type", "application/json")];
    client.request(method, path, &headers, body.into()).await
}

#[track_caller]
fn assert_answer(response: &TestResponse, status: u16, allow: Option<&str>, body: &str) {
    assert_eq!((response.status().as_u16(), response.header("allow"), response.text().as_str()), (status, allow, body));
}

#[tokio::test]
async fn model_viewset_serves_the_six_actions_from_the_mixins() {
    let client = client().await;
    // `list` is overridden with `mixins::list_with::<_, BookListSerializer>` (DRF's
    // `get_serializer_class()` branching on `self.action`).
    assert_answer(
        &client.get("/books/").await,
        200,
        Some(LIST_ALLOW),
        r#"[{"id":1,"title":"Dune"},{"id":2,"title":"Emma"}]"#,
    );
    assert_answer(&client.get("/books/1/").await, 200, Some(DETAIL_ALLOW), r#"{"id":1,"title":"Dune","slug":"dune"}"#);
    let ulysses = json!({"title": "Ulysses", "slug": "ulysses"});
    assert_answer(
        &client.post("/books/", &ulysses).await,
        403,
        Some(LIST_ALLOW),
        r#"{"detail":"You do not have permission to perform this action."}"#,
    );
    let created = as_alice(&client, Method::POST, "/books/", Some(ulysses.clone())).await;
    assert_answer(&created, 201, Some(LIST_ALLOW), r#"{"id":3,"title":"Ulysses","slug":"ulysses"}"#);
    let invalid = as_alice(&client, Method::POST, "/books/", Some(json!({"title": "", "slug": "ulysses"}))).await;
    assert_answer(
        &invalid,
        400,
        Some(LIST_ALLOW),
        r#"{"title":["This field may not be blank."],"slug":["book with this slug already exists."]}"#,
    );
    let put = as_alice(&client, Method::PUT, "/books/3/", Some(json!({"title": "Ulysses!", "slug": "ulysses"}))).await;
    assert_answer(&put, 200, Some(DETAIL_ALLOW), r#"{"id":3,"title":"Ulysses!","slug":"ulysses"}"#);
    let patch = as_alice(&client, Method::PATCH, "/books/3/", Some(json!({"title": "U"}))).await;
    assert_answer(&patch, 200, Some(DETAIL_ALLOW), r#"{"id":3,"title":"U","slug":"ulysses"}"#);
    assert_answer(&as_alice(&client, Method::DELETE, "/books/3/", None).await, 204, Some(DETAIL_ALLOW), "");
    let gone = r#"{"detail":"No Book matches the given query."}"#;
    assert_answer(&client.get("/books/3/").await, 404, Some(DETAIL_ALLOW), gone);
    assert_answer(&client.get("/books/abc/").await, 404, Some(DETAIL_ALLOW), r#"{"detail":"Not found."}"#);
}

#[tokio::test]
async fn extra_actions_route_with_the_viewset_lookup_and_serializer_class() {
    let client = client().await;
    assert_answer(
        &client.get("/books/recent/").await,
        200,
        Some(READ_ALLOW),
        r#"[{"id":1,"title":"Dune","slug":"dune"}]"#,
    );
    assert_answer(&client.get("/books/1/reviews/").await, 200, Some(LIST_ALLOW), "[]");
    let stars = |n: i64| Some(json!({"text": "good", "stars": n}));
    assert_answer(
        &as_alice(&client, Method::POST, "/books/1/reviews/", stars(9)).await,
        400,
        Some(LIST_ALLOW),
        r#"{"stars":["Ensure this value is less than or equal to 5."]}"#,
    );
    assert_answer(
        &as_alice(&client, Method::POST, "/books/1/reviews/", stars(5)).await,
        201,
        Some(LIST_ALLOW),
        r#"{"book":"Dune","text":"good","stars":5}"#,
    );
    assert_answer(
        &as_alice(&client, Method::POST, "/books/9/reviews/", stars(5)).await,
        404,
        Some(LIST_ALLOW),
        r#"{"detail":"No Book matches the given query."}"#,
    );
    let touched = as_alice(&client, Method::POST, "/books/1/touch/", Some(json!({}))).await;
    assert_answer(&touched, 200, Some("POST, OPTIONS"), r#"{"touched":"dune"}"#);
}

/// DRF's `SimpleMetadata.determine_actions` per route: `POST` where the route maps `POST`,
/// `PUT` where it maps `PUT` and the object exists, only for a user the permissions let in; an
/// action's `serializer_class` is what it describes.
#[tokio::test]
async fn options_describe_each_route_serializer_for_permitted_users() {
    let client = client().await;
    let meta = |name: &str, description: &str, actions: Option<String>| match actions {
        Some(actions) => {
            format!(r#"{{"name":"{name}","description":"{description}",{RENDERS_PARSES},"actions":{actions}}}"#)
        }
        None => format!(r#"{{"name":"{name}","description":"{description}",{RENDERS_PARSES}}}"#),
    };
    let shelf = "The books on the shelf.";
    let cases: [(&str, &str, &str, &str, Option<String>); 6] = [
        ("/books/", LIST_ALLOW, "Book List", shelf, Some(format!(r#"{{"POST":{BOOK_FIELDS}}}"#))),
        ("/books/1/", DETAIL_ALLOW, "Book Instance", shelf, Some(format!(r#"{{"PUT":{BOOK_FIELDS}}}"#))),
        ("/books/9/", DETAIL_ALLOW, "Book Instance", shelf, None),
        (
            "/books/1/reviews/",
            LIST_ALLOW,
            "Reviews",
            "Reviews of one book.",
            Some(format!(r#"{{"POST":{REVIEW_FIELDS}}}"#)),
        ),
        ("/books/recent/", READ_ALLOW, "Recent", shelf, None),
        ("/books/1/touch/", "POST, OPTIONS", "Touch", shelf, Some(format!(r#"{{"POST":{BOOK_FIELDS}}}"#))),
    ];
    for (path, allow, name, description, actions) in cases {
        assert_answer(&client.options(path).await, 200, Some(allow), &meta(name, description, None));
        let alice = as_alice(&client, Method::OPTIONS, path, None).await;
        assert_answer(&alice, 200, Some(allow), &meta(name, description, actions));
    }
}

/// test_routers.py's `TestLookupValueRegex`: the generic `lookup_field` names the URL keyword
/// argument and `lookup_value_regex` its pattern; a `ReadOnlyModelViewSet` answers 405 with its
/// `Allow` list for the rest.
#[tokio::test]
async fn read_only_viewset_looks_up_by_slug_with_the_value_regex() {
    let client = client().await;
    assert_answer(
        &client.get("/shelf/").await,
        200,
        Some(READ_ALLOW),
        r#"[{"id":1,"title":"Dune","slug":"dune"},{"id":2,"title":"Emma","slug":"emma"}]"#,
    );
    assert_answer(&client.get("/shelf/dune/").await, 200, Some(READ_ALLOW), r#"{"id":1,"title":"Dune","slug":"dune"}"#);
    let no_match = r#"{"detail":"No Book matches the given query."}"#;
    assert_answer(&client.get("/shelf/nope/").await, 404, Some(READ_ALLOW), no_match);
    // `1` does not match `[a-z-]+`: no route (DRF: Django's HTML 404 page; restframe: JSON).
    assert_eq!(client.get("/shelf/1/").await.status().as_u16(), 404);
    assert_answer(
        &client.post("/shelf/", &json!({})).await,
        405,
        Some(READ_ALLOW),
        r#"{"detail":"Method \"POST\" not allowed."}"#,
    );
    assert_answer(
        &client.delete("/shelf/dune/").await,
        405,
        Some(READ_ALLOW),
        r#"{"detail":"Method \"DELETE\" not allowed."}"#,
    );
    let options = format!(r#"{{"name":"Shelf Instance","description":"",{RENDERS_PARSES}}}"#);
    assert_answer(&client.options("/shelf/dune/").await, 200, Some(READ_ALLOW), &options);
}

/// A `GenericViewSet` routes only the actions it writes.
#[tokio::test]
async fn generic_viewset_routes_only_written_actions() {
    let client = client().await;
    assert_answer(&client.get("/plain/").await, 200, Some(READ_ALLOW), r#"{"basename":"plain","action":"list"}"#);
    assert_answer(
        &client.post("/plain/", &json!({})).await,
        405,
        Some(READ_ALLOW),
        r#"{"detail":"Method \"POST\" not allowed."}"#,
    );
    assert_eq!(client.get("/plain/1/").await.status().as_u16(), 404);
}

/// DRF's `get_default_basename`: `queryset.model._meta.object_name.lower()`, so two viewsets of
/// one model clash without an explicit basename.
#[tokio::test]
async fn basename_comes_from_the_model() {
    let db = database().await;
    let mut router = SimpleRouter::new();
    router.register("plain", PlainListViewSet { db: db.clone() });
    let client = APIClient::new(App::new(Settings::default(), router.urls()).expect("valid urls"));
    assert_answer(&client.get("/plain/").await, 200, Some(READ_ALLOW), r#"{"basename":"book","action":"list"}"#);

    let mut router = SimpleRouter::new();
    router.register("books", BookViewSet { db: db.clone() });
    router.register("plain", PlainListViewSet { db });
    let err = App::new(Settings::default(), router.urls()).expect_err("basename clash");
    // DRF names the class as Python prints it (`<class '__main__.PlainListViewSet'>`).
    assert_eq!(
        err.to_string(),
        "Router with basename \"book\" is already registered. Please provide a unique basename for viewset \
         \"generic_viewsets::viewsets_support::PlainListViewSet\""
    );
}

/// test_routers.py's `TestLookupUrlKwargs` and `TestCustomLookupFields` (an URL-encoded lookup
/// value), and test_viewsets.py's `ReverseActionTests.test_default_basename`: the model's
/// basename reaches `reverse_action`. Recorded from a router with `plain` (no basename) and
/// `keyed` (`lookup_field = 'slug'`, `lookup_url_kwarg = 'key'`).
#[tokio::test]
async fn lookup_url_kwarg_names_the_route_and_reverse_uses_the_default_basename() {
    let db = database().await;
    let row = book::ActiveModel { title: Set("Spaced".into()), slug: Set("a b".into()), ..Default::default() };
    book::Entity::insert(row).exec(&db).await.expect("insert");
    let mut router = SimpleRouter::new();
    router.register("plain", PlainListViewSet { db: db.clone() });
    router.register_as("keyed", KeyedViewSet { db }, "keyed");
    let client = APIClient::new(App::new(Settings::default(), router.urls()).expect("valid urls"));
    assert_answer(
        &client.get("/plain/links/").await,
        200,
        Some(READ_ALLOW),
        r#"{"list":"http://testserver/plain/","links":"http://testserver/plain/links/"}"#,
    );
    assert_answer(&client.get("/keyed/dune/").await, 200, Some(READ_ALLOW), r#"{"id":1,"title":"Dune","slug":"dune"}"#);
    // The recording had no `Emma` row, so its `a b` row was id 2.
    assert_answer(
        &client.get("/keyed/a%20b/").await,
        200,
        Some(READ_ALLOW),
        r#"{"id":3,"title":"Spaced","slug":"a b"}"#,
    );
    assert_answer(
        &client.get("/keyed/a%20b/whoami/").await,
        200,
        Some(READ_ALLOW),
        r#"{"key":"a b","self":"http://testserver/keyed/a%20b/whoami/","detail":"http://testserver/keyed/a%20b/"}"#,
    );
    let no_match = r#"{"detail":"No Book matches the given query."}"#;
    assert_answer(&client.get("/keyed/nope/").await, 404, Some(READ_ALLOW), no_match);
    let options = format!(r#"{{"name":"Whoami","description":"",{RENDERS_PARSES}}}"#);
    assert_answer(&client.options("/keyed/dune/whoami/").await, 200, Some(READ_ALLOW), &options);
}
