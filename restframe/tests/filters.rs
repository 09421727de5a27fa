//! DRF's `tests/test_filters.py` (SearchFilter and OrderingFilter) against a real database
//! (SQLite, or PostgreSQL with a `postgres://` `DATABASE_URL`). Every expected answer was
//! produced by Django 6.1 + DRF 3.18 on the same data on both databases (`filters/mod.rs`); where
//! the databases differ (case folding of non-ASCII letters, where NULLs sort) so do the
//! expectations, as they do for Django.

use restframe::filters::{BaseFilterBackend, OrderingFields, OrderingFilter, SearchFields, SearchFilter, ValidFields};
use restframe::generics::GenericAPIView;
use restframe::prelude::*;
use restframe::test::{APIClient, TestResponse};
use sea_orm::{DatabaseConnection, DbBackend, EntityTrait, QueryOrder, Select};
use serde_json::{Value, json};

#[path = "filters/mod.rs"]
mod models;

use models::{author, book};
use restframe::serializers::ModelMeta;

#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, fields(id, title, text, pages))]
pub(crate) struct BookSerializer;

/// DRF's `ListAPIView` with `filter_backends = (SearchFilter, OrderingFilter)`, the view
/// attributes given per route.
struct BookList {
    db: DatabaseConnection,
    search_fields: &'static [&'static str],
    ordering_fields: ValidFields,
    ordering: &'static [&'static str],
}

#[generic_view(ListAPIView, filter_backends = [SearchFilter, OrderingFilter])]
impl GenericAPIView for BookList {
    type Serializer = BookSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn get_queryset(&self, _request: &Request) -> Select<book::Entity> {
        book::Entity::find().order_by_asc(book::Column::Id)
    }
}

impl SearchFields for BookList {
    const SEARCH_FIELDS: &'static [&'static str] = &[];
    fn get_search_fields(&self, request: &Request) -> &'static [&'static str] {
        // DRF's `test_search_with_filter_subclass`: the fields chosen per request.
        if request.query_param("title_only").is_some() { &["$title"] } else { self.search_fields }
    }
}

impl OrderingFields for BookList {
    fn ordering_fields(&self) -> ValidFields {
        self.ordering_fields
    }
    fn ordering(&self) -> &'static [&'static str] {
        self.ordering
    }
}

struct Fixture {
    db: DatabaseConnection,
    client: APIClient,
    postgres: bool,
}

const SEARCH: &[(&str, &[&str])] = &[
    ("title-text", &["title", "text"]),
    ("exact-title", &["=title", "text"]),
    ("startswith-text", &["title", "^text"]),
    ("regex", &["$title", "$text"]),
    ("iendswith", &["text__iendswith"]),
    ("only-exact-title", &["=title"]),
    ("pages", &["pages"]),
    ("fulltext", &["@title", "@text"]),
    ("author", &["author__name"]),
    ("exact-author", &["=author__name"]),
    ("author-title", &["author__name", "title"]),
    ("genres", &["genres__name"]),
    ("genres-title", &["genres__name", "title"]),
    ("startswith-genres", &["^genres__name"]),
    ("unknown", &["nope"]),
    ("none", &[]),
];

async fn fixture(settings: Settings) -> Fixture {
    let db = restframe::db::test_database().await.expect("database");
    models::load(&db).await;
    let postgres = db.get_database_backend() == DbBackend::Postgres;
    let mut urls = Vec::new();
    for (name, search_fields) in SEARCH {
        let view = BookList { db: db.clone(), search_fields, ordering_fields: ValidFields::Serializer, ordering: &[] };
        urls.push(path(&format!("search/{name}"), view));
    }
    let ordering: &[(&str, ValidFields, &[&str])] = &[
        ("serializer", ValidFields::Serializer, &[]),
        ("default-title", ValidFields::Serializer, &["-title"]),
        ("default-pages-id", ValidFields::Serializer, &["pages", "-id"]),
        ("default-id", ValidFields::Serializer, &["-id"]),
        ("all", ValidFields::All, &[]),
        ("title", ValidFields::Fields(&["title"]), &[]),
        ("pk", ValidFields::Fields(&["pk"]), &[]),
        ("author-name", ValidFields::Fields(&["author__name", "id"]), &[]),
        ("bogus", ValidFields::Fields(&["nonexistent"]), &[]),
    ];
    for (name, ordering_fields, ordering) in ordering {
        let view =
            BookList { db: db.clone(), search_fields: &["title", "text"], ordering_fields: *ordering_fields, ordering };
        urls.push(path(&format!("order/{name}"), view));
    }
    let client = APIClient::new(App::new(settings, urls).expect("valid urls"));
    Fixture { db, client, postgres }
}

/// The ids of a list answer, or the whole body when it is not a list of objects.
fn ids(response: &TestResponse) -> (u16, Value) {
    let body = response.json();
    let ids = match body.as_array() {
        Some(items) if items.iter().all(Value::is_object) => {
            Value::Array(items.iter().map(|item| item["id"].clone()).collect())
        }
        _ => body,
    };
    (response.status().as_u16(), ids)
}

async fn get(client: &APIClient, path: &str) -> (u16, Value) {
    ids(&client.get(path).await)
}

// DRF's SearchFilterTests, then the comparison project's cases.
#[tokio::test]
async fn search_filter_matches_drf() {
    let Fixture { client, postgres, .. } = fixture(Settings::default()).await;
    let all = json!([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    let cases: &[(&str, Value)] = &[
        // test_search
        ("/search/title-text?search=b", json!([1, 2, 13])),
        // test_search_returns_same_queryset_if_no_search_fields_or_terms_provided
        ("/search/none?search=b", all.clone()),
        ("/search/title-text", all.clone()),
        // test_exact_search, test_startswith_search, test_regexp_search
        ("/search/exact-title?search=zzz", json!([3])),
        ("/search/startswith-text?search=b", json!([2])),
        ("/search/regex?search=z%7B2%7D+%5Eb", json!([2])),
        // test_search_with_filter_subclass
        ("/search/regex?search=%5E%5Cw%7B3%7D%24", json!([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])),
        ("/search/regex?search=%5E%5Cw%7B3%7D%24&title_only=true", json!([3])),
        // test_search_field_with_null_characters (as the view answers it)
        ("/search/title-text?search=%00as", json!(["Null characters are not allowed."])),
        // test_search_field_with_custom_lookup
        ("/search/iendswith?search=c", json!([1])),
        // test_search_field_with_escapes, test_search_field_with_quotes
        ("/search/title-text?search=%22%5C%22text%22", json!([12])),
        ("/search/title-text?search=%22long+text%22", json!([11])),
        // LIKE wildcards and the escape character are matched literally.
        ("/search/title-text?search=%25", json!([13])),
        ("/search/title-text?search=_", json!([13])),
        ("/search/title-text?search=%5C", json!([13])),
        // every term must match (AND of ORs); commas split terms; blank is no search
        ("/search/title-text?search=a+title", json!([11])),
        ("/search/title-text?search=A,title", json!([11])),
        ("/search/title-text?search=+++", all.clone()),
        ("/search/only-exact-title?search=the+title", json!([])),
        ("/search/only-exact-title?search=%22the+title%22", json!([12])),
        ("/search/pages?search=3", json!([5, 11])),
        // QueryDict.get: the last value
        ("/search/title-text?search=nothing&search=b", json!([1, 2, 13])),
    ];
    for (path, expected) in cases {
        let status = if expected.get(0).is_some_and(Value::is_string) { 400 } else { 200 };
        assert_eq!(get(&client, path).await, (status, expected.clone()), "{path}");
    }
    // SQLite's LIKE folds ASCII letters only; PostgreSQL's UPPER() folds them all.
    let folded = if postgres { json!([13]) } else { json!([]) };
    for term in ["%C3%BCn%C3%AF", "%C3%89MILE", "%C3%89mile"] {
        assert_eq!(get(&client, &format!("/search/title-text?search={term}")).await, (200, folded.clone()), "{term}");
    }
}

// DRF's SearchFilterFullTextTests (requires_postgres); on SQLite Django has no `search` lookup.
#[tokio::test]
async fn full_text_search_is_postgres_only() {
    let Fixture { client, postgres, .. } = fixture(Settings::default()).await;
    let response = client.get("/search/fulltext?search=title").await;
    if postgres {
        assert_eq!(ids(&response), (200, json!([11, 12])));
        // Stemmed: `texts` finds `text`.
        assert_eq!(get(&client, "/search/fulltext?search=texts").await, (200, json!([11, 12])));
        assert_eq!(get(&client, "/search/fulltext?search=long+title").await, (200, json!([11])));
    } else {
        assert_eq!(response.status().as_u16(), 500);
    }
    // Without a term the lookup is never built.
    assert_eq!(get(&client, "/search/fulltext").await.0, 200);
}

// DRF's `test_search_with_nonstandard_search_param` and `OrderingFilterTests.test_ordering_with_nonstandard_ordering_param`.
#[tokio::test]
async fn search_and_ordering_params_come_from_settings() {
    let settings = Settings::default().search_param("query").ordering_param("order");
    let Fixture { client, .. } = fixture(settings).await;
    assert_eq!(get(&client, "/search/title-text?query=b").await, (200, json!([1, 2, 13])));
    assert_eq!(get(&client, "/search/title-text?search=b").await.1.as_array().map(Vec::len), Some(13));
    assert_eq!(get(&client, "/order/title?order=-title&query=zzzzzzzz").await, (200, json!([10, 9, 8])));
}

#[tokio::test]
async fn ordering_filter_matches_drf() {
    let Fixture { client, postgres, .. } = fixture(Settings::default()).await;
    let ascending = json!([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    let descending = json!([13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    let title_descending = json!([10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 12, 11, 13]);
    let cases: &[(&str, Value)] = &[
        ("/order/serializer?ordering=title", json!([13, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])),
        ("/order/serializer?ordering=bogus,-text", json!([13, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 11, 12])),
        ("/order/default-title?ordering=bogus", title_descending.clone()),
        ("/order/default-title", title_descending.clone()),
        ("/order/all?ordering=author_id", ascending.clone()),
        ("/order/title?ordering=text", ascending.clone()),
        ("/order/title?ordering=-title", title_descending.clone()),
        ("/order/serializer?ordering=+-title+,+text", title_descending.clone()),
        ("/order/serializer?ordering=--title", ascending.clone()),
        ("/order/default-id?ordering=", descending.clone()),
        ("/order/default-id?ordering=pk", descending.clone()),
        ("/order/pk?ordering=-pk", descending.clone()),
        ("/order/serializer?ordering=-title&search=z", json!([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])),
    ];
    for (path, expected) in cases {
        assert_eq!(get(&client, path).await, (200, expected.clone()), "{path}");
    }
    // NULLs: first ascending on SQLite, last on PostgreSQL, as Django leaves them.
    let by_backend: &[(&str, Value, Value)] = &[
        (
            "/order/serializer?ordering=pages,id",
            json!([1, 4, 7, 10, 12, 6, 9, 13, 2, 5, 11, 3, 8]),
            json!([6, 9, 13, 2, 5, 11, 3, 8, 1, 4, 7, 10, 12]),
        ),
        (
            "/order/serializer?ordering=-pages,id",
            json!([3, 8, 5, 11, 2, 9, 13, 6, 1, 4, 7, 10, 12]),
            json!([1, 4, 7, 10, 12, 3, 8, 5, 11, 2, 9, 13, 6]),
        ),
        (
            "/order/serializer?ordering=pages,-title",
            json!([10, 7, 4, 1, 12, 6, 9, 13, 2, 5, 11, 8, 3]),
            json!([6, 9, 13, 2, 5, 11, 8, 3, 10, 7, 4, 1, 12]),
        ),
        (
            "/order/all?ordering=author,id",
            json!([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 1, 3, 2]),
            json!([1, 3, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]),
        ),
        (
            "/order/all?ordering=-author,id",
            json!([2, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]),
            json!([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 2, 1, 3]),
        ),
        (
            "/order/default-pages-id",
            json!([12, 10, 7, 4, 1, 6, 13, 9, 2, 11, 5, 8, 3]),
            json!([6, 13, 9, 2, 11, 5, 8, 3, 12, 10, 7, 4, 1]),
        ),
    ];
    for (path, sqlite, pg) in by_backend {
        let expected = if postgres { pg } else { sqlite };
        assert_eq!(get(&client, path).await, (200, expected.clone()), "{path}");
    }
    // An `ordering_fields` entry that is no model field is Django's FieldError: a 500.
    assert_eq!(client.get("/order/bogus?ordering=nonexistent").await.status().as_u16(), 500);
    assert_eq!(get(&client, "/order/bogus?ordering=title").await, (200, ascending));
}

#[tokio::test]
async fn search_follows_relations_and_lists_each_row_once() {
    let Fixture { db, client, postgres } = fixture(Settings::default()).await;
    let emile = if postgres { json!([2]) } else { json!([]) };
    let cases: &[(&str, Value)] = &[
        ("/search/author?search=ann", json!([1, 3])),
        ("/search/exact-author?search=ann", json!([1, 3])),
        ("/search/author-title?search=%C3%A9mile", emile),
        // Book 1 has three matching genres and is listed once.
        ("/search/genres?search=science", json!([1, 2, 3, 4])),
        // As in one Django filter() call, both terms must match the same genre: book 4
        // (Fiction, Science) does not match, 1 and 3 (Science fiction) do.
        ("/search/genres?search=science+fiction", json!([1, 3])),
        ("/search/genres-title?search=sci+z", json!([1, 2, 3, 4])),
        ("/search/startswith-genres?search=fic", json!([1, 4])),
    ];
    for (path, expected) in cases {
        assert_eq!(get(&client, path).await, (200, expected.clone()), "{path}");
    }
    // A reverse foreign key (`Author.books`), mixed with a plain field.
    for (search, expected) in [("zzz", vec![1]), ("zz", vec![1, 2]), ("zzz,bob", vec![])] {
        let terms = restframe::filters::search_smart_split(search);
        let queryset = author::Entity::find().order_by_asc(author::Column::Id);
        let info = <author::Model as ModelMeta>::info();
        let queryset =
            SearchFilter::search(queryset, info, db.get_database_backend(), &["books__title", "name"], &terms)
                .expect("search");
        let found: Vec<i32> = queryset.all(&db).await.expect("rows").into_iter().map(|a| a.id).collect();
        assert_eq!(found, expected, "{search}");
    }
    // An unknown field is Django's FieldError (a 500), not a silent match.
    assert_eq!(client.get("/search/unknown?search=x").await.status().as_u16(), 500);
}

#[tokio::test]
async fn ordering_follows_relations() {
    let Fixture { db, client, postgres } = fixture(Settings::default()).await;
    // Through the view (`ordering_fields = ['author__name', 'id']`), books without an author
    // where each database puts NULLs, as Django's LEFT JOIN leaves them.
    let by_backend: &[(&str, Value, Value)] = &[
        (
            "/order/author-name?ordering=author__name,id",
            json!([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 1, 3, 2]),
            json!([1, 3, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]),
        ),
        (
            "/order/author-name?ordering=-author__name,id",
            json!([2, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]),
            json!([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 2, 1, 3]),
        ),
        (
            "/order/author-name?ordering=author__name,id&search=zz",
            json!([4, 5, 6, 7, 8, 9, 10, 3, 2]),
            json!([3, 2, 4, 5, 6, 7, 8, 9, 10]),
        ),
    ];
    for (path, sqlite, pg) in by_backend {
        let expected = if postgres { pg } else { sqlite };
        assert_eq!(get(&client, path).await, (200, expected.clone()), "{path}");
    }
    // `author` is not among the `ordering_fields`: dropped, the queryset's order stays.
    let ascending = json!([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    assert_eq!(get(&client, "/order/author-name?ordering=author").await, (200, ascending));
    let order = |terms: &[&str]| {
        let terms: Vec<String> = terms.iter().map(|t| (*t).to_owned()).collect();
        OrderingFilter::order_by(
            book::Entity::find().order_by_desc(book::Column::Title),
            <book::Model as ModelMeta>::info(),
            &terms,
        )
        .expect("order")
    };
    let found = |rows: Vec<book::Model>| rows.into_iter().map(|b| b.id).collect::<Vec<_>>();
    let by_author = found(order(&["-author__name", "id"]).all(&db).await.expect("rows"));
    let expected: &[i32] = if postgres {
        &[4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 2, 1, 3]
    } else {
        &[2, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]
    };
    assert_eq!(by_author, expected);
    // Ordering across a many-to-many repeats a row per related row, as Django does.
    let by_genre = found(order(&["-genres__name", "id"]).all(&db).await.expect("rows"));
    let expected: &[i32] = if postgres {
        &[5, 6, 7, 8, 9, 10, 11, 12, 13, 1, 3, 1, 2, 4, 1, 4]
    } else {
        &[1, 3, 1, 2, 4, 1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]
    };
    assert_eq!(by_genre, expected);
}

/// DRF's `get_default_valid_fields`: `pages` is write-only (not orderable), `body` renders
/// `text` (orderable as `text`, DRF's `field.source`), the foreign key is orderable by its
/// Django name `author`.
#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, fields(id, title, pages, body, author), write_only(pages))]
pub(crate) struct SourcesSerializer {
    #[field(source = "text")]
    body: Option<String>,
}

struct SourcesList {
    db: DatabaseConnection,
}

#[generic_view(ListAPIView, filter_backends = [OrderingFilter])]
impl GenericAPIView for SourcesList {
    type Serializer = SourcesSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn get_queryset(&self, _request: &Request) -> Select<book::Entity> {
        book::Entity::find().order_by_asc(book::Column::Id)
    }
}

impl OrderingFields for SourcesList {}

#[tokio::test]
async fn default_valid_fields_are_the_readable_sources() {
    let Fixture { db, postgres, .. } = fixture(Settings::default()).await;
    let client =
        APIClient::new(App::new(Settings::default(), urlpatterns![path("books", SourcesList { db })]).expect("urls"));
    let ascending = json!([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    assert_eq!(get(&client, "/books?ordering=-pages").await, (200, ascending.clone()));
    assert_eq!(get(&client, "/books?ordering=-body").await, (200, ascending));
    assert_eq!(get(&client, "/books?ordering=-text").await, (200, json!([13, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 11, 12])));
    assert_eq!(
        client.get("/books?ordering=-id").await.json()[0],
        json!({"id": 13, "title": "100% Ünïcode_x", "body": "émile \\ back", "author": null})
    );
    // Books 1 and 3 are by author 1, book 2 by author 2, the rest by nobody; NULLs sort as each
    // database sorts them (last descending on SQLite, first on PostgreSQL), as Django's do.
    let (status, by_author) = get(&client, "/books?ordering=-author,id").await;
    let expected = if postgres {
        json!([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 2, 1, 3])
    } else {
        json!([2, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])
    };
    assert_eq!((status, by_author), (200, expected));
    assert_eq!(
        get(&client, "/books?ordering=-author_id,id").await.1,
        json!([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])
    );
}

/// A backend that keeps the rows whose title is not `text`, to check that a tuple runs its
/// backends in order on the result of the previous one.
struct Exclude(&'static str);

impl BaseFilterBackend<BookList> for Exclude {
    async fn filter_queryset(
        &self,
        _request: &Request,
        queryset: Select<book::Entity>,
        _view: &BookList,
    ) -> Result<Select<book::Entity>, ApiError> {
        use sea_orm::{ColumnTrait, QueryFilter};
        Ok(queryset.filter(book::Column::Title.ne(self.0)))
    }
}

/// A backend that fails: later backends do not run and the error is the answer.
struct Refuse;

impl BaseFilterBackend<BookList> for Refuse {
    async fn filter_queryset(
        &self,
        _request: &Request,
        _queryset: Select<book::Entity>,
        _view: &BookList,
    ) -> Result<Select<book::Entity>, ApiError> {
        Err(ApiError::validation_message("refused"))
    }
}

#[tokio::test]
async fn tuples_run_backends_in_order() {
    let Fixture { db, .. } = fixture(Settings::default()).await;
    let view = BookList {
        db: db.clone(),
        search_fields: &["title"],
        ordering_fields: ValidFields::Serializer,
        ordering: &["-id"],
    };
    let factory = restframe::test::APIRequestFactory::new(Settings::default());
    let request =
        factory.wrap(factory.request(http::Method::GET, "/?search=zz&ordering=title", &restframe::test::Body::Empty));
    let queryset = (Exclude("zzz"), SearchFilter, Exclude("zzzz"), OrderingFilter)
        .filter_queryset(&request, view.get_queryset(&request), &view)
        .await
        .expect("filtered");
    let found: Vec<i32> = queryset.all(&db).await.expect("rows").into_iter().map(|b| b.id).collect();
    assert_eq!(found, [2, 5, 6, 7, 8, 9, 10]);
    let refused = (SearchFilter, Refuse).filter_queryset(&request, view.get_queryset(&request), &view).await;
    assert!(refused.is_err());
}
