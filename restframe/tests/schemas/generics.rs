//! Generic views and viewsets in the document: `_list` operations with paginated array
//! responses, `201` for create, extra actions, lookup path parameters, and the query parameters
//! of paginators (cursor, page number with a client page size) and filter backends (django-filter
//! lookups, search, ordering). Expected values are drf-spectacular 0.30's document for the same
//! Django code (DRF 3.18.3, django-filter 26.2, SQLite):
//!
//! ```python
//! class Item(models.Model):
//!     name = models.CharField(max_length=50)
//!     status = models.CharField(max_length=10, choices=[('draft', 'Draft'), ('done', 'Done')])
//!     pages = models.IntegerField()
//!     created = models.DateTimeField(auto_now_add=True)
//! class ItemSerializer(serializers.ModelSerializer):  # fields = ['id', 'name', 'pages', 'created']
//! class Cursor(CursorPagination): page_size = 2; page_size_query_param = 'size'
//! class Pages(PageNumberPagination): page_size = 2; page_size_query_param = 'page_size'
//! class ItemList(generics.ListCreateAPIView):
//!     pagination_class = Cursor; filter_backends = [DjangoFilterBackend]
//!     filterset_fields = {'name': ['exact'], 'pages': ['exact', 'gte', 'in'], 'created': ['exact'], 'status': ['exact']}
//! class ItemViewSet(viewsets.ModelViewSet):
//!     pagination_class = Pages; lookup_field = 'name'; filter_backends = [SearchFilter, OrderingFilter]
//!     @action(detail=False)
//!     def recent(self, request): ...
//!     @action(detail=True, methods=['post'])
//!     def touch(self, request, name=None): ...
//! router = SimpleRouter(); router.register('items', ItemViewSet)
//! urlpatterns = [path('list/', ItemList.as_view()), path('', include(router.urls))]
//! ```

use restframe::django_filters::{DjangoFilterBackend, FilterSet, FilterSetView, LookupExpr};
use restframe::filters::{OrderingFields, OrderingFilter, SearchFields, SearchFilter};
use restframe::generics::GenericAPIView;
use restframe::pagination::{CursorPagination, PageNumberPagination};
use restframe::prelude::*;
use restframe::schemas::SchemaGenerator;
use sea_orm::{DatabaseConnection, Select};
use serde_json::{Value, json};

mod item {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "shop_item")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[restframe(max_length = 50)]
        pub name: String,
        #[restframe(max_length = 10, choices(("draft", "Draft"), ("done", "Done")))]
        pub status: String,
        pub pages: i32,
        #[restframe(auto_now_add)]
        pub created: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = item::Model, fields(id, name, pages, created))]
struct ItemSerializer;

const CURSOR: CursorPagination =
    CursorPagination { page_size: Some(2), page_size_query_param: Some("size"), ..CursorPagination::new() };
const PAGES: PageNumberPagination = PageNumberPagination {
    page_size: Some(2),
    page_size_query_param: Some("page_size"),
    ..PageNumberPagination::new()
};

struct ItemList {
    db: DatabaseConnection,
}

#[generic_view(ListCreateAPIView, pagination_class = CURSOR, filter_backends = [DjangoFilterBackend])]
impl GenericAPIView for ItemList {
    type Serializer = ItemSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
}

impl FilterSetView for ItemList {
    fn filterset_class(&self) -> Option<FilterSet> {
        use LookupExpr::{Exact, Gte, In};
        Some(
            FilterSet::new()
                .field_lookups("name", &[Exact])
                .field_lookups("pages", &[Exact, Gte, In])
                .field_lookups("created", &[Exact])
                .field_lookups("status", &[Exact]),
        )
    }
}

struct ItemViewSet {
    db: DatabaseConnection,
}

#[viewset(ModelViewSet, pagination_class = PAGES, lookup_field = name, filter_backends = [SearchFilter, OrderingFilter])]
impl GenericAPIView for ItemViewSet {
    type Serializer = ItemSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn get_queryset(&self, _request: &Request) -> Select<item::Entity> {
        use sea_orm::EntityTrait;
        item::Entity::find()
    }

    #[action(detail = false)]
    async fn recent(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!([])))
    }

    #[action(detail = true, methods = [POST])]
    async fn touch(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({})))
    }
}

impl SearchFields for ItemViewSet {
    const SEARCH_FIELDS: &'static [&'static str] = &[];
}

impl OrderingFields for ItemViewSet {}

/// The document of the two views on the test database (only connected: generating the
/// document runs no query).
async fn document() -> Value {
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite::memory:".to_owned());
    let db = sea_orm::Database::connect(url.as_str()).await.expect("connect to the test database");
    let mut router = SimpleRouter::new();
    router.register("items", ItemViewSet { db: db.clone() });
    let settings = Settings::default()
        .default_authentication_classes(authentication![])
        .default_permission_classes(permissions![])
        .default_renderer_classes(renderers![JSONRenderer])
        .default_parser_classes(parsers![JSONParser]);
    let urls = urlpatterns![path("list/", ItemList { db }), include("", router.urls())];
    SchemaGenerator::new(&App::new(settings, urls).expect("the app builds")).get_schema()
}

fn query(name: &str, description: &str, kind: &str) -> Value {
    json!({"name": name, "required": false, "in": "query", "description": description, "schema": {"type": kind}})
}

#[tokio::test]
async fn operations_of_generic_views_and_viewsets_are_spectaculars() {
    let doc = document().await;
    let ops: Vec<(String, String, String)> = doc["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object().expect("operations").iter().map(move |(method, op)| {
                let code = op["responses"].as_object().and_then(|r| r.keys().next().cloned()).unwrap_or_default();
                (format!("{method} {path}"), op["operationId"].as_str().unwrap_or_default().to_owned(), code)
            })
        })
        .collect();
    let expected = [
        ("get /items/", "items_list", "200"),
        ("post /items/", "items_create", "201"),
        ("get /items/{name}/", "items_retrieve", "200"),
        ("put /items/{name}/", "items_update", "200"),
        ("patch /items/{name}/", "items_partial_update", "200"),
        ("delete /items/{name}/", "items_destroy", "204"),
        ("post /items/{name}/touch/", "items_touch_create", "200"),
        ("get /items/recent/", "items_recent_retrieve", "200"),
        ("get /list/", "list_list", "200"),
        ("post /list/", "list_create", "201"),
    ];
    let expected: Vec<_> =
        expected.iter().map(|(a, b, c)| ((*a).to_owned(), (*b).to_owned(), (*c).to_owned())).collect();
    assert_eq!(ops, expected);
    let paginated = json!({"schema": {"$ref": "#/components/schemas/PaginatedItemList"}});
    assert_eq!(doc["paths"]["/items/"]["get"]["responses"]["200"]["content"]["application/json"], paginated);
    assert_eq!(doc["paths"]["/list/"]["get"]["responses"]["200"]["content"]["application/json"], paginated);
    let item = json!({"schema": {"$ref": "#/components/schemas/Item"}});
    assert_eq!(doc["paths"]["/items/recent/"]["get"]["responses"]["200"]["content"]["application/json"], item);
    assert_eq!(doc["paths"]["/list/"]["post"]["responses"]["201"]["content"]["application/json"], item);
    assert_eq!(
        doc["paths"]["/items/{name}/"]["delete"]["responses"]["204"],
        json!({"description": "No response body"})
    );
    assert_eq!(
        doc["paths"]["/items/{name}/touch/"]["post"]["parameters"],
        json!([{"in": "path", "name": "name", "schema": {"type": "string"}, "required": true}])
    );
    assert!(doc["paths"]["/items/recent/"]["get"].get("parameters").is_none());
    assert_eq!(
        doc["paths"]["/items/"]["post"]["requestBody"],
        json!({"content": {"application/json": item}, "required": true})
    );
}

#[tokio::test]
async fn paginators_and_filter_backends_document_their_query_parameters() {
    let doc = document().await;
    assert_eq!(
        doc["paths"]["/items/"]["get"]["parameters"],
        json!([
            query("ordering", "Which field to use when ordering the results.", "string"),
            query("page", "A page number within the paginated result set.", "integer"),
            query("page_size", "Number of results to return per page.", "integer"),
            query("search", "A search term.", "string"),
        ])
    );
    let list = &doc["paths"]["/list/"]["get"]["parameters"];
    let expected = json!([
        {"in": "query", "name": "created", "schema": {"type": "string", "format": "date-time"}},
        query("cursor", "The pagination cursor value.", "string"),
        {"in": "query", "name": "name", "schema": {"type": "string"}},
        {"in": "query", "name": "pages", "schema": {"type": "integer"}},
        {"in": "query", "name": "pages__gte", "schema": {"type": "integer"}},
        {"in": "query", "name": "pages__in", "schema": {"type": "array", "items": {"type": "integer"}},
         "description": "Multiple values may be separated by commas.", "explode": false, "style": "form"},
        query("size", "Number of results to return per page.", "integer"),
        // The enum sorted, the labels in the model's order.
        {"in": "query", "name": "status", "schema": {"type": "string", "enum": ["done", "draft"]},
         "description": "* `draft` - Draft\n* `done` - Done"},
    ]);
    assert_eq!(list, &expected);
}

#[tokio::test]
async fn paginated_components_and_integer_ranges_are_spectaculars() {
    let doc = document().await;
    let schemas = &doc["components"]["schemas"];
    // The first paginated list of a serializer names the component (both views use `Item`).
    assert_eq!(
        schemas["PaginatedItemList"],
        json!({
            "type": "object",
            "required": ["count", "results"],
            "properties": {
                "count": {"type": "integer", "example": 123},
                "next": {"type": "string", "nullable": true, "format": "uri", "example": "http://api.example.org/accounts/?page=4"},
                "previous": {"type": "string", "nullable": true, "format": "uri", "example": "http://api.example.org/accounts/?page=2"},
                "results": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
            },
        })
    );
    // An `IntegerField` has the database's range: 64 bits on SQLite (`int64`), 32 on PostgreSQL.
    let postgres = std::env::var("DATABASE_URL").is_ok_and(|url| url.starts_with("postgres"));
    let pages = if postgres {
        json!({"type": "integer", "maximum": 2_147_483_647, "minimum": -2_147_483_648})
    } else {
        json!({"type": "integer", "maximum": i64::MAX, "minimum": i64::MIN, "format": "int64"})
    };
    assert_eq!(schemas["Item"]["properties"]["pages"], pages);
    assert_eq!(schemas["Item"]["required"], json!(["created", "id", "name", "pages"]));
    assert!(schemas["PatchedItem"].get("required").is_none());
}
