//! DRF's `TestCursorPaginationWithValueQueryset` (`CursorPaginationTestsMixin`), case for case:
//! 30 rows whose `created` values repeat, `ordering = 'created'`, `page_size = 5`,
//! `page_size_query_param = 'page_size'`, `max_page_size = 20`. Each step loads a page and the
//! pages its `previous` and `next` links point to, as DRF's `get_pages` does; the expected
//! values (paging artifacts included) are DRF's assertions.

use restframe::generics::GenericAPIView;
use restframe::pagination::{BasePagination, CursorPagination};
use restframe::prelude::*;
use restframe::test::APIClient;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, Schema, Set};

mod cursor_model {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "tests_cursorpaginationmodel")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub created: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = cursor_model::Model, fields(id, created))]
struct CursorModelSerializer;

struct CursorList {
    db: DatabaseConnection,
}

#[generic_view(ListAPIView)]
impl GenericAPIView for CursorList {
    type Serializer = CursorModelSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn paginator(&self) -> impl BasePagination {
        CursorPagination {
            page_size: Some(5),
            page_size_query_param: Some("page_size"),
            max_page_size: Some(20),
            ordering: &["created"],
            ..CursorPagination::new()
        }
    }
}

async fn client() -> APIClient {
    let db = restframe::db::test_database().await.expect("database");
    let schema = Schema::new(db.get_database_backend());
    db.execute(&schema.create_table_from_entity(cursor_model::Entity)).await.expect("table");
    let data = [1, 1, 1, 1, 1, 1, 2, 3, 4, 4, 4, 4, 5, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 9, 9, 9, 9, 9, 9];
    for (i, created) in data.into_iter().enumerate() {
        let row = cursor_model::ActiveModel { id: Set(i as i32 + 1), created: Set(created) };
        cursor_model::Entity::insert(row).exec(&db).await.expect("insert");
    }
    APIClient::new(App::new(Settings::default(), urlpatterns![path("", CursorList { db })]).expect("urls"))
}

/// DRF's `get_pages(url)`: `(previous, current, next, previous_url, next_url)`, each page as its
/// `created` values.
type Pages = (Option<Vec<i64>>, Vec<i64>, Option<Vec<i64>>, Option<String>, Option<String>);

/// One page's `created` values and its `previous` / `next` links.
async fn page(client: &APIClient, url: &str) -> (Vec<i64>, Option<String>, Option<String>) {
    let response = client.get(url.trim_start_matches("http://testserver")).await;
    assert_eq!(response.status(), 200, "GET {url}: {}", response.text());
    let body = response.json();
    let results = body["results"].as_array().expect("results");
    let created = results.iter().map(|r| r["created"].as_i64().expect("created")).collect();
    let link = |key: &str| body[key].as_str().map(str::to_owned);
    (created, link("previous"), link("next"))
}

async fn get_pages(client: &APIClient, url: &str) -> Pages {
    let (current, previous_url, next_url) = page(client, url).await;
    let next = match &next_url {
        Some(url) => Some(page(client, url).await.0),
        None => None,
    };
    let previous = match &previous_url {
        Some(url) => Some(page(client, url).await.0),
        None => None,
    };
    (previous, current, next, previous_url, next_url)
}

/// One step of a walk: the link to follow afterwards (`next`/`previous`) and DRF's
/// `(previous, current, next)` for the page.
type Step<'a> = (&'a str, Option<&'a [i64]>, &'a [i64], Option<&'a [i64]>);

/// Walks from `start`, comparing each page with its [`Step`] and following the step's link.
async fn walk(client: &APIClient, start: &str, steps: &[Step<'_>]) {
    let mut url = start.to_owned();
    for (i, (follow, previous, current, next)) in steps.iter().enumerate() {
        let (p, c, n, previous_url, next_url) = get_pages(client, &url).await;
        assert_eq!((p.as_deref(), c.as_slice(), n.as_deref()), (*previous, *current, *next), "step {i} ({url})");
        let link = if *follow == "next" { next_url } else { previous_url };
        url = link.unwrap_or_default();
    }
}

/// DRF's `test_cursor_pagination` (and `_with_page_size_zero` / `_negative`: an invalid page
/// size is the class's).
#[tokio::test]
async fn cursor_pagination() {
    let client = client().await;
    let steps: &[Step] = &[
        ("next", None, &[1, 1, 1, 1, 1], Some(&[1, 2, 3, 4, 4])),
        ("next", Some(&[1, 1, 1, 1, 1]), &[1, 2, 3, 4, 4], Some(&[4, 4, 5, 6, 7])),
        ("next", Some(&[1, 2, 3, 4, 4]), &[4, 4, 5, 6, 7], Some(&[7, 7, 7, 7, 7])),
        // Paging artifact (DRF's comment).
        ("next", Some(&[4, 4, 4, 5, 6]), &[7, 7, 7, 7, 7], Some(&[7, 7, 7, 8, 9])),
        ("next", Some(&[7, 7, 7, 7, 7]), &[7, 7, 7, 8, 9], Some(&[9, 9, 9, 9, 9])),
        ("previous", Some(&[7, 7, 7, 8, 9]), &[9, 9, 9, 9, 9], None),
        ("previous", Some(&[7, 7, 7, 7, 7]), &[7, 7, 7, 8, 9], Some(&[9, 9, 9, 9, 9])),
        // Paging artifact.
        ("previous", Some(&[4, 4, 5, 6, 7]), &[7, 7, 7, 7, 7], Some(&[8, 9, 9, 9, 9])),
        ("previous", Some(&[1, 2, 3, 4, 4]), &[4, 4, 5, 6, 7], Some(&[7, 7, 7, 7, 7])),
        ("previous", Some(&[1, 1, 1, 1, 1]), &[1, 2, 3, 4, 4], Some(&[4, 4, 5, 6, 7])),
        ("previous", None, &[1, 1, 1, 1, 1], Some(&[1, 2, 3, 4, 4])),
    ];
    for start in ["/", "/?page_size=0", "/?page_size=-5"] {
        walk(&client, start, steps).await;
    }
}

/// DRF's `test_cursor_pagination_with_page_size` and `_over_limit` (cut to `max_page_size`).
#[tokio::test]
async fn cursor_pagination_with_page_size() {
    let client = client().await;
    let first: &[i64] = &[1, 1, 1, 1, 1, 1, 2, 3, 4, 4, 4, 4, 5, 6, 7, 7, 7, 7, 7, 7];
    let second: &[i64] = &[7, 7, 7, 8, 9, 9, 9, 9, 9, 9];
    for start in ["/?page_size=20", "/?page_size=30"] {
        walk(&client, start, &[("next", None, first, Some(second)), ("next", Some(first), second, None)]).await;
    }
}

/// DRF's regression tests for #6504: a cursor on a position no row has any more.
#[tokio::test]
async fn cursor_pagination_current_page_empty() {
    let client = client().await;
    // Cursor(reverse=False, offset=0, position=100)
    let (.., previous_url, _) = get_pages(&client, "/?cursor=cD0xMDA%3D").await;
    let (previous, current, next, previous_url, next_url) =
        get_pages(&client, &previous_url.expect("a previous link")).await;
    assert_eq!(
        (previous.as_deref(), current.as_slice(), next.as_deref()),
        (Some(&[7, 7, 7, 8, 9][..]), &[9, 9, 9, 9, 9][..], Some(&[][..]))
    );
    assert!(previous_url.is_some() && next_url.is_some());
    // Cursor(reverse=True, offset=0, position=100)
    let (.., next_url) = get_pages(&client, "/?cursor=cj0xJnA9MTAw").await;
    let (previous, current, next, previous_url, next_url) = get_pages(&client, &next_url.expect("a next link")).await;
    assert_eq!((previous.as_deref(), current.as_slice(), next), (Some(&[7, 7, 7, 7, 8][..]), &[][..], None));
    assert!(previous_url.is_some() && next_url.is_none());
}

/// DRF's `test_invalid_cursor`.
#[tokio::test]
async fn invalid_cursor() {
    let client = client().await;
    let response = client.get("/?cursor=123").await;
    assert_eq!((response.status().as_u16(), response.text()), (404, r#"{"detail":"Invalid cursor"}"#.to_owned()));
}
