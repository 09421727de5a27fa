//! DRF's `test_use_with_ordering_filter` and
//! `test_use_with_ordering_filter_without_ordering_default_value` through real views:
//! `CursorPagination` (`ordering = 'created'`, `page_size = 3`) takes its ordering from the
//! view's `OrderingFilter` (`ordering_fields = ['username', 'created']`) when that filter gives
//! one. Every page, link included, is what Django 6.1 + DRF 3.18.3 answered for the same rows
//! and views; each walk follows `next` to the end, then `previous` once.

use restframe::filters::{OrderingFields, OrderingFilter, SearchFields, SearchFilter, ValidFields};
use restframe::generics::GenericAPIView;
use restframe::pagination::CursorPagination;
use restframe::prelude::*;
use restframe::test::APIClient;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, Schema, Set};
use serde_json::{Value, json};

mod account {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "tests_account")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(column_type = "String(StringLen::N(100))")]
        pub username: String,
        pub created: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = account::Model, fields(id, username, created))]
struct AccountSerializer;

// class ExamplePagination(CursorPagination): page_size = 3; ordering = 'created'
const EXAMPLE_PAGINATION: CursorPagination =
    CursorPagination { page_size: Some(3), ordering: &["created"], ..CursorPagination::new() };

/// DRF's `MockView` of `test_use_with_ordering_filter`: `ordering = 'created'`.
struct WithDefault {
    db: DatabaseConnection,
}

#[generic_view(ListAPIView, pagination_class = EXAMPLE_PAGINATION, filter_backends = [OrderingFilter])]
impl GenericAPIView for WithDefault {
    type Serializer = AccountSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
}

impl OrderingFields for WithDefault {
    const ORDERING_FIELDS: ValidFields = ValidFields::Fields(&["username", "created"]);
    const ORDERING: &'static [&'static str] = &["created"];
}

/// The `MockView` of `..._without_ordering_default_value`, as a viewset.
struct WithoutDefault {
    db: DatabaseConnection,
}

#[viewset(ReadOnlyModelViewSet, pagination_class = EXAMPLE_PAGINATION, filter_backends = [OrderingFilter])]
impl GenericAPIView for WithoutDefault {
    type Serializer = AccountSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
}

impl OrderingFields for WithoutDefault {
    const ORDERING_FIELDS: ValidFields = ValidFields::Fields(&["username", "created"]);
}

/// A project's `DEFAULT_FILTER_BACKENDS`, named once (a tuple is a backend).
const LIST_BACKENDS: (SearchFilter, OrderingFilter) = (SearchFilter, OrderingFilter);

/// `filter_backends = (SearchFilter, OrderingFilter)`, `ordering = '-created'`: the ordering
/// backend need not come first.
struct SearchFirst {
    db: DatabaseConnection,
}

#[generic_view(ListAPIView, pagination_class = EXAMPLE_PAGINATION, filter_backends = [LIST_BACKENDS])]
impl GenericAPIView for SearchFirst {
    type Serializer = AccountSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
}

impl SearchFields for SearchFirst {
    const SEARCH_FIELDS: &'static [&'static str] = &["username"];
}

impl OrderingFields for SearchFirst {
    const ORDERING_FIELDS: ValidFields = ValidFields::Fields(&["username", "created"]);
    const ORDERING: &'static [&'static str] = &["-created"];
}

/// `ordering_fields = ['pk', 'username']`: the cursor positions on the primary key.
struct ByPk {
    db: DatabaseConnection,
}

#[generic_view(ListAPIView, pagination_class = EXAMPLE_PAGINATION, filter_backends = [OrderingFilter])]
impl GenericAPIView for ByPk {
    type Serializer = AccountSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
}

impl OrderingFields for ByPk {
    const ORDERING_FIELDS: ValidFields = ValidFields::Fields(&["pk", "username"]);
    const ORDERING: &'static [&'static str] = &["created"];
}

/// The rows, by id: `(username, created)`.
const ROWS: [(&str, i32); 7] =
    [("dora", 4), ("alice", 7), ("frank", 1), ("bob", 6), ("erin", 2), ("carol", 5), ("gus", 3)];

async fn client() -> APIClient {
    let db = restframe::db::test_database().await.expect("database");
    let schema = Schema::new(db.get_database_backend());
    db.execute(&schema.create_table_from_entity(account::Entity)).await.expect("table");
    for (id, (username, created)) in (1..).zip(ROWS) {
        let row = account::ActiveModel { id: Set(id), username: Set(username.to_owned()), created: Set(created) };
        account::Entity::insert(row).exec(&db).await.expect("insert");
    }
    let mut router = restframe::routers::SimpleRouter::new();
    router.register("nodefault", WithoutDefault { db: db.clone() });
    let mut urls = urlpatterns![
        path("default/", WithDefault { db: db.clone() }),
        path("search/", SearchFirst { db: db.clone() }),
        path("pk/", ByPk { db }),
    ];
    urls.extend(router.urls());
    APIClient::new(App::new(Settings::default(), urls).expect("urls"))
}

/// A page DRF answered: the URL asked, the ids listed, then the `next` and `previous` links
/// (without `http://testserver`).
type Answer = (&'static str, &'static [i32], Option<&'static str>, Option<&'static str>);

/// DRF's body for an [`Answer`].
fn body(&(_, ids, next, previous): &Answer) -> Value {
    let link = |url: Option<&str>| url.map(|u| format!("http://testserver{u}"));
    let results: Vec<Value> = ids
        .iter()
        .map(|&id| {
            let (username, created) = ROWS[id as usize - 1];
            json!({"id": id, "username": username, "created": created})
        })
        .collect();
    json!({"next": link(next), "previous": link(previous), "results": results})
}

async fn check(answers: &[Answer]) {
    let client = client().await;
    for answer in answers {
        let response = client.get(answer.0).await;
        assert_eq!((response.status().as_u16(), response.json()), (200, body(answer)), "GET {}", answer.0);
    }
}

/// `test_use_with_ordering_filter`: `username`, `-username`, and `invalid` (the view's
/// `ordering`); no parameter is the view's `ordering` too.
#[tokio::test]
async fn ordering_filter_with_a_default_ordering() {
    check(&[
        ("/default/?ordering=username", &[2, 4, 6], Some("/default/?cursor=cD1jYXJvbA%3D%3D&ordering=username"), None),
        (
            "/default/?cursor=cD1jYXJvbA%3D%3D&ordering=username",
            &[1, 5, 3],
            Some("/default/?cursor=cD1mcmFuaw%3D%3D&ordering=username"),
            Some("/default/?cursor=cj0xJnA9ZG9yYQ%3D%3D&ordering=username"),
        ),
        (
            "/default/?cursor=cD1mcmFuaw%3D%3D&ordering=username",
            &[7],
            None,
            Some("/default/?cursor=cj0xJnA9Z3Vz&ordering=username"),
        ),
        (
            "/default/?cursor=cj0xJnA9Z3Vz&ordering=username",
            &[1, 5, 3],
            Some("/default/?cursor=cD1mcmFuaw%3D%3D&ordering=username"),
            Some("/default/?cursor=cj0xJnA9ZG9yYQ%3D%3D&ordering=username"),
        ),
        ("/default/?ordering=-username", &[7, 3, 5], Some("/default/?cursor=cD1lcmlu&ordering=-username"), None),
        (
            "/default/?cursor=cD1lcmlu&ordering=-username",
            &[1, 6, 4],
            Some("/default/?cursor=cD1ib2I%3D&ordering=-username"),
            Some("/default/?cursor=cj0xJnA9ZG9yYQ%3D%3D&ordering=-username"),
        ),
        (
            "/default/?cursor=cD1ib2I%3D&ordering=-username",
            &[2],
            None,
            Some("/default/?cursor=cj0xJnA9YWxpY2U%3D&ordering=-username"),
        ),
        (
            "/default/?cursor=cj0xJnA9YWxpY2U%3D&ordering=-username",
            &[1, 6, 4],
            Some("/default/?cursor=cD1ib2I%3D&ordering=-username"),
            Some("/default/?cursor=cj0xJnA9ZG9yYQ%3D%3D&ordering=-username"),
        ),
        ("/default/?ordering=invalid", &[3, 5, 7], Some("/default/?cursor=cD0z&ordering=invalid"), None),
        (
            "/default/?cursor=cD0z&ordering=invalid",
            &[1, 6, 4],
            Some("/default/?cursor=cD02&ordering=invalid"),
            Some("/default/?cursor=cj0xJnA9NA%3D%3D&ordering=invalid"),
        ),
        (
            "/default/?cursor=cD02&ordering=invalid",
            &[2],
            None,
            Some("/default/?cursor=cj0xJnA9Nw%3D%3D&ordering=invalid"),
        ),
        ("/default/", &[3, 5, 7], Some("/default/?cursor=cD0z"), None),
        ("/default/?cursor=cD0z", &[1, 6, 4], Some("/default/?cursor=cD02"), Some("/default/?cursor=cj0xJnA9NA%3D%3D")),
        ("/default/?cursor=cD02", &[2], None, Some("/default/?cursor=cj0xJnA9Nw%3D%3D")),
        (
            "/default/?cursor=cj0xJnA9Nw%3D%3D",
            &[1, 6, 4],
            Some("/default/?cursor=cD02"),
            Some("/default/?cursor=cj0xJnA9NA%3D%3D"),
        ),
        // Several fields, the cursor positioned on the first; blanks and invalid names dropped.
        (
            "/default/?ordering=created,username",
            &[3, 5, 7],
            Some("/default/?cursor=cD0z&ordering=created%2Cusername"),
            None,
        ),
        (
            "/default/?cursor=cD0z&ordering=created%2Cusername",
            &[1, 6, 4],
            Some("/default/?cursor=cD02&ordering=created%2Cusername"),
            Some("/default/?cursor=cj0xJnA9NA%3D%3D&ordering=created%2Cusername"),
        ),
        ("/default/?ordering=-created", &[2, 4, 6], Some("/default/?cursor=cD01&ordering=-created"), None),
        (
            "/default/?cursor=cD01&ordering=-created",
            &[1, 7, 5],
            Some("/default/?cursor=cD0y&ordering=-created"),
            Some("/default/?cursor=cj0xJnA9NA%3D%3D&ordering=-created"),
        ),
        (
            "/default/?cursor=cD0y&ordering=-created",
            &[3],
            None,
            Some("/default/?cursor=cj0xJnA9MQ%3D%3D&ordering=-created"),
        ),
        (
            "/default/?ordering=+username+,bogus",
            &[2, 4, 6],
            Some("/default/?cursor=cD1jYXJvbA%3D%3D&ordering=+username+%2Cbogus"),
            None,
        ),
        (
            "/default/?cursor=cD1mcmFuaw%3D%3D&ordering=+username+%2Cbogus",
            &[7],
            None,
            Some("/default/?cursor=cj0xJnA9Z3Vz&ordering=+username+%2Cbogus"),
        ),
    ])
    .await;
}

/// `test_use_with_ordering_filter_without_ordering_default_value`: no parameter and `invalid`
/// fall back to the paginator's `ordering`, `username` is the filter's (a `#[viewset]`).
#[tokio::test]
async fn ordering_filter_without_a_default_ordering() {
    check(&[
        ("/nodefault/", &[3, 5, 7], Some("/nodefault/?cursor=cD0z"), None),
        (
            "/nodefault/?cursor=cD0z",
            &[1, 6, 4],
            Some("/nodefault/?cursor=cD02"),
            Some("/nodefault/?cursor=cj0xJnA9NA%3D%3D"),
        ),
        ("/nodefault/?cursor=cD02", &[2], None, Some("/nodefault/?cursor=cj0xJnA9Nw%3D%3D")),
        (
            "/nodefault/?ordering=username",
            &[2, 4, 6],
            Some("/nodefault/?cursor=cD1jYXJvbA%3D%3D&ordering=username"),
            None,
        ),
        (
            "/nodefault/?cursor=cD1jYXJvbA%3D%3D&ordering=username",
            &[1, 5, 3],
            Some("/nodefault/?cursor=cD1mcmFuaw%3D%3D&ordering=username"),
            Some("/nodefault/?cursor=cj0xJnA9ZG9yYQ%3D%3D&ordering=username"),
        ),
        (
            "/nodefault/?cursor=cD1mcmFuaw%3D%3D&ordering=username",
            &[7],
            None,
            Some("/nodefault/?cursor=cj0xJnA9Z3Vz&ordering=username"),
        ),
        ("/nodefault/?ordering=invalid", &[3, 5, 7], Some("/nodefault/?cursor=cD0z&ordering=invalid"), None),
        (
            "/nodefault/?cursor=cj0xJnA9Nw%3D%3D&ordering=invalid",
            &[1, 6, 4],
            Some("/nodefault/?cursor=cD02&ordering=invalid"),
            Some("/nodefault/?cursor=cj0xJnA9NA%3D%3D&ordering=invalid"),
        ),
    ])
    .await;
}

/// The first backend with a `get_ordering` is asked, wherever it stands; `pk` positions on the
/// primary key.
#[tokio::test]
async fn ordering_backend_after_search_and_on_pk() {
    check(&[
        ("/search/?search=a", &[2, 6, 1], Some("/search/?cursor=cD00&search=a"), None),
        ("/search/?cursor=cD00&search=a", &[3], None, Some("/search/?cursor=cj0xJnA9MQ%3D%3D&search=a")),
        ("/search/?cursor=cj0xJnA9MQ%3D%3D&search=a", &[2, 6, 1], Some("/search/?cursor=cD00&search=a"), None),
        (
            "/search/?search=a&ordering=username",
            &[2, 6, 1],
            Some("/search/?cursor=cD1kb3Jh&ordering=username&search=a"),
            None,
        ),
        (
            "/search/?cursor=cD1kb3Jh&ordering=username&search=a",
            &[3],
            None,
            Some("/search/?cursor=cj0xJnA9ZnJhbms%3D&ordering=username&search=a"),
        ),
        ("/pk/?ordering=-pk", &[7, 6, 5], Some("/pk/?cursor=cD01&ordering=-pk"), None),
        (
            "/pk/?cursor=cD01&ordering=-pk",
            &[4, 3, 2],
            Some("/pk/?cursor=cD0y&ordering=-pk"),
            Some("/pk/?cursor=cj0xJnA9NA%3D%3D&ordering=-pk"),
        ),
        ("/pk/?cursor=cD0y&ordering=-pk", &[1], None, Some("/pk/?cursor=cj0xJnA9MQ%3D%3D&ordering=-pk")),
    ])
    .await;
}
