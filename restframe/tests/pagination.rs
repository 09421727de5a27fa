//! DRF's `tests/test_pagination.py` through real generic views and a viewset action, on SQLite
//! and PostgreSQL: `PageNumberPagination`, `LimitOffsetPagination`, `CursorPagination`, the
//! `PAGE_SIZE` / `DEFAULT_PAGINATION_CLASS` settings, DRF's links, and a constant number of
//! SQL statements per page. Every expected status and body was recorded from Django 6.1 +
//! DRF 3.18.3 with the same model, rows and views (`ListAPIView`s over an `Item` model ordered
//! by `id`; `ReviewPagination`-style subclasses).
//!
//! | DRF `test_pagination.py` | here |
//! |---|---|
//! | `TestPageNumberPagination` (no page number, second page, last page, invalid page, `last`) | `page_number::pages_and_links`, `page_number::invalid_pages_are_404` |
//! | `TestPageNumberPaginationOverride`, `page_size_query_param`, `max_page_size` | `page_number::client_page_size` |
//! | `TestLimitOffset` (no offset, single offset, first/middle/ending/invalid offset, invalid/zero/max limit) | `limit_offset::limits_offsets_and_links` |
//! | `TestCursorPaginationWithValueQueryset` (`CursorPaginationTestsMixin`: forwards and back with DRF's paging artifacts, page size 20/30/0/-5, current page empty forward/reverse, invalid cursor) | `cursor_drf::*` |
//! | `TestCursorPagination` (the same mixin over a mock queryset) | `cursor::*`: the links' bytes against DRF on a datetime and a duplicated ordering, stability under inserts |
//! | `test_use_with_ordering_filter`, `test_use_with_ordering_filter_without_ordering_default_value` | `cursor_ordering::*` (whole pages and links, a view and a viewset with `filter_backends = [OrderingFilter]`) |
//! | `TestPaginationIntegration` (`page_size` param, over the maximum, zero, additional and empty query params preserved, 404 for page 0 and invalid pages) | `page_number::client_page_size`, `page_number::pages_and_links` (`z=` kept), `page_number::invalid_pages_are_404` |
//! | `TestPaginationDisabledIntegration` | `settings_turn_pagination_on` (and `pagination_class = None`: `NoPagination`) |
//! | bookshelf's `reviews` action (`self.paginate_queryset(book.reviews...)`) | `a_viewset_action_pages_another_model` |
//! | `test_get_displayed_page_numbers`, `to_html`, schema tests | n/a: no browsable API, no schema generation |

#[path = "pagination/cursor.rs"]
mod cursor;
#[path = "pagination/cursor_drf.rs"]
mod cursor_drf;
#[path = "pagination/cursor_ordering.rs"]
mod cursor_ordering;
#[path = "common/file_database.rs"]
mod file_database;
#[path = "pagination/limit_offset.rs"]
mod limit_offset;
#[path = "pagination/page_number.rs"]
mod page_number;
#[path = "pagination/queries.rs"]
mod queries;
#[path = "pagination/sqlite_reads.rs"]
mod sqlite_reads;

use restframe::generics::GenericAPIView;
use restframe::pagination::{
    BasePagination, CursorPagination, LimitOffsetPagination, NoPagination, PageNumberPagination,
};
use restframe::prelude::*;
use restframe::serializers::Serializer;
use restframe::test::APIClient;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Schema, Select, Set,
};

pub(crate) mod item {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "app_item")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(column_type = "String(StringLen::N(100))")]
        pub text: String,
        pub rank: i32,
        pub created: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod note {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "app_note")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub item_id: i32,
        #[sea_orm(column_type = "String(StringLen::N(100))")]
        pub body: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = item::Model, fields(id, text, rank))]
pub(crate) struct ItemSerializer;

#[derive(restframe::ModelSerializer)]
#[serializer(model = note::Model, fields(id, body))]
pub(crate) struct NoteSerializer;

/// A `ListAPIView` over the items in `id` order with the paginator `$paginator`.
macro_rules! list_view {
    ($name:ident, $paginator:expr) => {
        pub(crate) struct $name {
            pub(crate) db: DatabaseConnection,
        }

        #[generic_view(ListAPIView)]
        impl GenericAPIView for $name {
            type Serializer = ItemSerializer;
            fn db(&self) -> &DatabaseConnection {
                &self.db
            }
            fn get_queryset(&self, _request: &Request) -> Select<item::Entity> {
                item::Entity::find().order_by_asc(item::Column::Id)
            }
            fn paginator(&self) -> impl BasePagination {
                $paginator
            }
        }
    };
}

/// `pagination_class = NoPagination` as an argument: DRF's `pagination_class = None`.
pub(crate) struct ArgumentUnpaginated {
    pub(crate) db: DatabaseConnection,
}

#[generic_view(ListAPIView, pagination_class = NoPagination)]
impl GenericAPIView for ArgumentUnpaginated {
    type Serializer = ItemSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn get_queryset(&self, _request: &Request) -> Select<item::Entity> {
        item::Entity::find().order_by_asc(item::Column::Id)
    }
}

/// The settings' `DEFAULT_PAGINATION_CLASS` (the default `paginator`).
pub(crate) struct DefaultList {
    pub(crate) db: DatabaseConnection,
}

#[generic_view(ListAPIView)]
impl GenericAPIView for DefaultList {
    type Serializer = ItemSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn get_queryset(&self, _request: &Request) -> Select<item::Entity> {
        item::Entity::find().order_by_asc(item::Column::Id)
    }
}

// class PN(PageNumberPagination): page_size_query_param = 'page_size'; max_page_size = 5
list_view!(
    SizedPages,
    PageNumberPagination {
        page_size_query_param: Some("page_size"),
        max_page_size: Some(5),
        ..PageNumberPagination::new()
    }
);
// class LO(LimitOffsetPagination): max_limit = 10
list_view!(Limited, LimitOffsetPagination { max_limit: Some(10), ..LimitOffsetPagination::new() });
// LimitOffsetPagination itself (no max_limit)
list_view!(Unlimited, LimitOffsetPagination::new());
// class CP(CursorPagination): ordering = '-created'; page_size = 2
list_view!(ByCreated, CursorPagination { ordering: &["-created"], page_size: Some(2), ..CursorPagination::new() });
// class CPrank(CursorPagination): ordering = ('rank', 'id'); page_size = 2; page_size_query_param = 'page_size'
list_view!(
    ByRank,
    CursorPagination {
        ordering: &["rank", "id"],
        page_size: Some(2),
        page_size_query_param: Some("page_size"),
        ..CursorPagination::new()
    }
);
// pagination_class = None under a DEFAULT_PAGINATION_CLASS
list_view!(Unpaginated, NoPagination);

/// DRF's `IV` viewset: its `notes` action pages another model's rows with the view's paginator.
pub(crate) struct ItemViewSet {
    pub(crate) db: DatabaseConnection,
}

#[viewset(ReadOnlyModelViewSet, pagination_class = PageNumberPagination::new())]
impl GenericAPIView for ItemViewSet {
    type Serializer = ItemSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn get_queryset(&self, _request: &Request) -> Select<item::Entity> {
        item::Entity::find().order_by_asc(item::Column::Id)
    }
    /// `page = self.paginate_queryset(item.notes.order_by('-id'))`, then
    /// `self.get_paginated_response(serializer.data)`.
    #[action(detail = true, serializer_class = NoteSerializer)]
    async fn notes(&self, request: &Request) -> Result<Response, ApiError> {
        let item = self.get_object(request).await?;
        let notes = note::Entity::find().filter(note::Column::ItemId.eq(item.id)).order_by_desc(note::Column::Id);
        let ctx = self.get_serializer_context(request);
        match self.paginator().paginate_queryset(notes.clone(), request, self.db()).await? {
            Some(page) => {
                self.get_paginated_response(request, page.state, NoteSerializer::render_many(&page.objects, &ctx))
            }
            None => Ok(Response::json(NoteSerializer::render_many(&notes.all(self.db()).await?, &ctx))),
        }
    }
}

/// The settings of DRF's reference project: `PAGE_SIZE = 3` and, when `default_class`, a
/// `DEFAULT_PAGINATION_CLASS` of `PageNumberPagination`.
pub(crate) fn settings(default_class: bool) -> Settings {
    let settings = Settings::default().page_size(3);
    if default_class { settings.default_pagination_class(PageNumberPagination::new()) } else { settings }
}

pub(crate) fn urls(db: &DatabaseConnection) -> Vec<restframe::urls::UrlPattern> {
    let mut router = restframe::routers::SimpleRouter::new();
    router.register("items", ItemViewSet { db: db.clone() });
    let mut patterns = urlpatterns![
        path("pd/", DefaultList { db: db.clone() }),
        path("pn/", SizedPages { db: db.clone() }),
        path("lo/", Limited { db: db.clone() }),
        path("lon/", Unlimited { db: db.clone() }),
        path("cp/", ByCreated { db: db.clone() }),
        path("cr/", ByRank { db: db.clone() }),
        path("np/", Unpaginated { db: db.clone() }),
        path("npa/", ArgumentUnpaginated { db: db.clone() }),
    ];
    patterns.extend(router.urls());
    patterns
}

/// The tables, empty.
pub(crate) async fn database() -> DatabaseConnection {
    with_tables(restframe::db::test_database().await.expect("database")).await
}

/// `db` with the item and note tables.
pub(crate) async fn with_tables(db: DatabaseConnection) -> DatabaseConnection {
    let schema = Schema::new(db.get_database_backend());
    db.execute(&schema.create_table_from_entity(item::Entity)).await.expect("item table");
    db.execute(&schema.create_table_from_entity(note::Entity)).await.expect("note table");
    db
}

/// The reference project's `seed(n, ranks)`: items 1..=n, `t<i>`, `created` one second apart
/// from 2026-01-02 03:04:05.123456 UTC, the microseconds dropped on even ids.
pub(crate) async fn seed(db: &DatabaseConnection, n: i32, ranks: Option<&[i32]>) {
    use chrono::{DateTime, Duration, Timelike};
    item::Entity::delete_many().exec(db).await.expect("clear");
    let base: DateTime<chrono::Utc> = "2026-01-02T03:04:05.123456Z".parse().expect("base");
    for i in 1..=n {
        let start = if i % 2 == 1 { base } else { base.with_nanosecond(0).expect("whole second") };
        let row = item::ActiveModel {
            id: Set(i),
            text: Set(format!("t{i}")),
            rank: Set(ranks.map_or(i, |r| r[i as usize - 1])),
            created: Set(start + Duration::seconds(i.into())),
        };
        item::Entity::insert(row).exec(db).await.expect("insert item");
    }
}

pub(crate) fn client(db: &DatabaseConnection, default_class: bool) -> APIClient {
    APIClient::new(App::new(settings(default_class), urls(db)).expect("urls"))
}

/// Asks each URL and compares status and body with DRF's.
pub(crate) async fn check(client: &APIClient, cases: &[(&str, u16, &str)]) {
    for (url, status, body) in cases {
        let response = client.get(url).await;
        assert_eq!((response.status().as_u16(), response.text().as_str()), (*status, *body), "GET {url}");
    }
}

#[tokio::test]
async fn settings_turn_pagination_on() {
    let db = database().await;
    seed(&db, 7, None).await;
    let all = r#"[{"id":1,"text":"t1","rank":1},{"id":2,"text":"t2","rank":2},{"id":3,"text":"t3","rank":3},{"id":4,"text":"t4","rank":4},{"id":5,"text":"t5","rank":5},{"id":6,"text":"t6","rank":6},{"id":7,"text":"t7","rank":7}]"#;
    // PAGE_SIZE alone paginates nothing (DRF's default DEFAULT_PAGINATION_CLASS is None).
    check(&client(&db, false), &[("/pd/", 200, all)]).await;
    let client = client(&db, true);
    check(&client, &[
        ("/pd/?page=3", 200, r#"{"count":7,"next":null,"previous":"http://testserver/pd/?page=2","results":[{"id":7,"text":"t7","rank":7}]}"#),
        ("/np/", 200, all),
        ("/npa/", 200, all),
    ])
    .await;
}

#[tokio::test]
async fn a_viewset_action_pages_another_model() {
    let db = database().await;
    seed(&db, 7, None).await;
    for i in 1..=5 {
        let row = note::ActiveModel { id: Set(i), item_id: Set(2), body: Set(format!("n{i}")) };
        note::Entity::insert(row).exec(&db).await.expect("insert note");
    }
    check(&client(&db, false), &[
        ("/items/2/notes/", 200, r#"{"count":5,"next":"http://testserver/items/2/notes/?page=2","previous":null,"results":[{"id":5,"body":"n5"},{"id":4,"body":"n4"},{"id":3,"body":"n3"}]}"#),
        ("/items/2/notes/?page=2&format=json", 200, r#"{"count":5,"next":null,"previous":"http://testserver/items/2/notes/?format=json","results":[{"id":2,"body":"n2"},{"id":1,"body":"n1"}]}"#),
        ("/items/1/notes/", 200, r#"{"count":0,"next":null,"previous":null,"results":[]}"#),
        ("/items/9/notes/", 404, r#"{"detail":"No Item matches the given query."}"#),
        ("/items/?page=3", 200, r#"{"count":7,"next":null,"previous":"http://testserver/items/?page=2","results":[{"id":7,"text":"t7","rank":7}]}"#),
    ])
    .await;
}
