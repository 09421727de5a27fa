//! `SerializerMethodField`s typed by their method's return type, and `depth`'s nested
//! serializers as spectacular's `Nested` component. Expected values are drf-spectacular 0.30's
//! document (DRF 3.18.3) for the same Django code:
//!
//! ```python
//! class Author(models.Model): name = models.CharField(max_length=100)
//! class Tag(models.Model): label = models.CharField(max_length=20)
//! class Book(models.Model):
//!     title = models.CharField(max_length=200)
//!     author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name='books')
//!     editor = models.ForeignKey(Author, on_delete=models.CASCADE, null=True, related_name='edited')
//!     tags = models.ManyToManyField(Tag, blank=True)
//! class Review(models.Model):
//!     book = models.ForeignKey(Book, on_delete=models.CASCADE); text = models.CharField(max_length=10)
//! class AuthorSerializer(serializers.ModelSerializer):  # fields: id, name, then the method fields
//!     n_int = serializers.SerializerMethodField()
//!     def get_n_int(self, obj) -> int: ...
//!     def get_n_opt(self, obj) -> Optional[str]: ...
//!     def get_n_none_list(self, obj) -> Optional[list[float]]: ...
//!     @extend_schema_field(OpenApiTypes.OBJECT)
//!     def get_n_json(self, obj): ...
//!     def get_n_untyped(self, obj): ...   # "unable to resolve type hint", a string
//! class BookSerializer(ModelSerializer): fields = ['id', 'title', 'author', 'editor']; depth = 1
//! class Review1Serializer(ModelSerializer): fields = '__all__'; depth = 1
//! class ReviewSerializer(ModelSerializer): fields = '__all__'; depth = 2
//! ```

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use restframe::prelude::*;
use restframe::schemas::{SchemaGenerator, ViewSchema};
use restframe::serializers::Context;
use serde_json::{Value, json};

mod author {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "app_author")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(column_type = "String(StringLen::N(100))")]
        pub name: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod tag {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "app_tag")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(column_type = "String(StringLen::N(20))")]
        pub label: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod book {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "app_book")]
    #[restframe(many_to_many(tags = super::tag::Model, blank))]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(column_type = "String(StringLen::N(200))")]
        pub title: String,
        #[restframe(foreign_key = super::author::Model)]
        pub author_id: i64,
        #[restframe(foreign_key = super::author::Model, relation_name = "editor")]
        pub editor_id: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod review {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "app_review")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[restframe(foreign_key = super::book::Model)]
        pub book_id: i64,
        #[sea_orm(column_type = "String(StringLen::N(10))")]
        pub text: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = author::Model, fields(
    id, name, n_int, n_str, n_bool, n_float, n_list, n_opt, n_optint, n_date, n_dt, n_dec, n_dict, n_any, n_json,
    n_serlist, n_listint, n_time, n_delta, n_untyped, n_none_list
))]
struct AuthorSerializer {
    #[field(method)]
    n_int: i64,
    #[field(method)]
    n_str: String,
    #[field(method)]
    n_bool: bool,
    #[field(method)]
    n_float: f64,
    #[field(method)]
    n_list: Vec<String>,
    #[field(method)]
    n_opt: Option<String>,
    #[field(method)]
    n_optint: Option<i32>,
    #[field(method)]
    n_date: NaiveDate,
    #[field(method)]
    n_dt: DateTime<Utc>,
    #[field(method)]
    n_dec: rust_decimal::Decimal,
    #[field(method)]
    n_dict: BTreeMap<String, Value>,
    #[field(method)]
    n_any: BTreeMap<String, i64>,
    // spectacular's `@extend_schema_field(OpenApiTypes.OBJECT)`.
    #[field(method, schema = r#"{"type": "object", "additionalProperties": {}}"#)]
    n_json: Value,
    #[field(method)]
    n_serlist: Vec<i64>,
    #[field(method)]
    n_listint: Vec<Option<i64>>,
    #[field(method)]
    n_time: NaiveTime,
    #[field(method)]
    n_delta: TimeDelta,
    // What spectacular falls back to for a method without a type hint.
    #[field(method, schema = r#"{"type": "string"}"#)]
    n_untyped: Value,
    #[field(method)]
    n_none_list: Option<Vec<f64>>,
}

/// The method fields' values do not matter to the document.
impl AuthorSerializer {
    fn get_n_int(_: &author::Model, _: &Context) -> i64 {
        1
    }
    fn get_n_str(_: &author::Model, _: &Context) -> String {
        String::new()
    }
    fn get_n_bool(_: &author::Model, _: &Context) -> bool {
        true
    }
    fn get_n_float(_: &author::Model, _: &Context) -> f64 {
        1.0
    }
    fn get_n_list(_: &author::Model, _: &Context) -> Vec<String> {
        Vec::new()
    }
    fn get_n_opt(_: &author::Model, _: &Context) -> Option<String> {
        None
    }
    fn get_n_optint(_: &author::Model, _: &Context) -> Option<i32> {
        None
    }
    fn get_n_date(_: &author::Model, _: &Context) -> NaiveDate {
        NaiveDate::default()
    }
    fn get_n_dt(_: &author::Model, _: &Context) -> DateTime<Utc> {
        DateTime::default()
    }
    fn get_n_dec(_: &author::Model, _: &Context) -> rust_decimal::Decimal {
        rust_decimal::Decimal::ONE
    }
    fn get_n_dict(_: &author::Model, _: &Context) -> BTreeMap<String, Value> {
        BTreeMap::new()
    }
    fn get_n_any(_: &author::Model, _: &Context) -> BTreeMap<String, i64> {
        BTreeMap::new()
    }
    fn get_n_json(_: &author::Model, _: &Context) -> Value {
        json!({})
    }
    fn get_n_serlist(_: &author::Model, _: &Context) -> Vec<i64> {
        Vec::new()
    }
    fn get_n_listint(_: &author::Model, _: &Context) -> Vec<Option<i64>> {
        Vec::new()
    }
    fn get_n_time(_: &author::Model, _: &Context) -> NaiveTime {
        NaiveTime::default()
    }
    fn get_n_delta(_: &author::Model, _: &Context) -> TimeDelta {
        TimeDelta::zero()
    }
    fn get_n_untyped(_: &author::Model, _: &Context) -> Value {
        Value::Null
    }
    fn get_n_none_list(_: &author::Model, _: &Context) -> Option<Vec<f64>> {
        None
    }
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, fields(id, title, author, editor), depth = 1)]
struct BookSerializer;

#[derive(restframe::ModelSerializer)]
#[serializer(model = review::Model, fields = "__all__", depth = 1)]
struct Review1Serializer;

#[derive(restframe::ModelSerializer)]
#[serializer(model = review::Model, fields = "__all__", depth = 2)]
struct ReviewSerializer;

/// A `GET`-only view documenting serializer `S`.
struct Show<S>(std::marker::PhantomData<S>);

#[api_view]
impl<S: restframe::serializers::Serializer + Send + Sync + 'static> APIView for Show<S> {
    fn schema(&self) -> ViewSchema {
        ViewSchema::default().serializer::<S>()
    }
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({})))
    }
}

fn show<S: restframe::serializers::Serializer + Send + Sync + 'static>() -> Show<S> {
    Show(std::marker::PhantomData)
}

fn components(urls: Vec<restframe::urls::UrlPattern>) -> Value {
    let app = App::new(Settings::default(), urls).expect("app");
    SchemaGenerator::new(&app).get_schema()["components"]["schemas"].clone()
}

#[test]
fn method_fields_are_typed_by_their_return_type_as_spectacular_reads_type_hints() {
    let schemas = components(urlpatterns![path("authors/", show::<AuthorSerializer>())]);
    let properties = json!({
        "id": {"type": "integer", "readOnly": true},
        "name": {"type": "string", "maxLength": 100},
        "n_int": {"type": "integer", "readOnly": true},
        "n_str": {"type": "string", "readOnly": true},
        "n_bool": {"type": "boolean", "readOnly": true},
        "n_float": {"type": "number", "format": "double", "readOnly": true},
        "n_list": {"type": "array", "items": {"type": "string"}, "readOnly": true},
        "n_opt": {"type": "string", "nullable": true, "readOnly": true},
        "n_optint": {"type": "integer", "nullable": true, "readOnly": true},
        "n_date": {"type": "string", "format": "date", "readOnly": true},
        "n_dt": {"type": "string", "format": "date-time", "readOnly": true},
        "n_dec": {"type": "number", "format": "double", "readOnly": true},
        "n_dict": {"type": "object", "additionalProperties": {}, "readOnly": true},
        "n_any": {"type": "object", "additionalProperties": {"type": "integer"}, "readOnly": true},
        "n_json": {"type": "object", "additionalProperties": {}, "readOnly": true},
        "n_serlist": {"type": "array", "items": {"type": "integer"}, "readOnly": true},
        "n_listint": {"type": "array", "items": {"type": "integer", "nullable": true}, "readOnly": true},
        "n_time": {"type": "string", "format": "time", "readOnly": true},
        "n_delta": {"type": "string", "format": "duration", "readOnly": true},
        "n_untyped": {"type": "string", "readOnly": true},
        "n_none_list": {"type": "array", "items": {"type": "number", "format": "double"}, "nullable": true, "readOnly": true},
    });
    let required = json!([
        "id",
        "n_any",
        "n_bool",
        "n_date",
        "n_dec",
        "n_delta",
        "n_dict",
        "n_dt",
        "n_float",
        "n_int",
        "n_json",
        "n_list",
        "n_listint",
        "n_none_list",
        "n_opt",
        "n_optint",
        "n_serlist",
        "n_str",
        "n_time",
        "n_untyped",
        "name"
    ]);
    let expected = json!({"type": "object", "properties": properties, "required": required});
    assert_eq!(schemas["Author"], expected);
    // The same key order as spectacular's (the YAML document is written in it).
    assert_eq!(schemas["Author"].to_string(), expected.to_string());
}

#[test]
fn method_fields_keep_drfs_options_metadata() {
    let info = restframe::metadata::serializer_info::<AuthorSerializer>();
    assert_eq!(info["n_int"], json!({"type": "field", "required": false, "read_only": true, "label": "N int"}));
    assert_eq!(info["n_json"], json!({"type": "field", "required": false, "read_only": true, "label": "N json"}));
}

/// A nested serializer's reference: read-only, in `allOf` (OpenAPI 3.0 ignores `$ref` siblings).
fn nested() -> Value {
    json!({"allOf": [{"$ref": "#/components/schemas/Nested"}], "readOnly": true})
}

#[test]
fn depth_nests_spectaculars_nested_component_with_its_model_fields() {
    let schemas = components(urlpatterns![path("reviews/", show::<Review1Serializer>())]);
    assert_eq!(
        schemas["Review1"],
        json!({"type": "object", "properties": {
            "id": {"type": "integer", "readOnly": true},
            "text": {"type": "string", "maxLength": 10},
            "book": nested(),
        }, "required": ["book", "id", "text"]})
    );
    // At depth 0 the nested book's own relations are primary keys.
    assert_eq!(
        schemas["Nested"],
        json!({"type": "object", "properties": {
            "id": {"type": "integer", "readOnly": true},
            "title": {"type": "string", "maxLength": 200},
            "author": {"type": "integer"},
            "editor": {"type": "integer", "nullable": true},
            "tags": {"type": "array", "items": {"type": "integer"}},
        }, "required": ["author", "id", "title"]})
    );
}

#[test]
fn nested_components_share_one_name_and_the_first_registered_wins() {
    // depth = 2: the book's component takes the name before its own nested author and tags are
    // mapped, so they refer to it too (spectacular warns of the collision).
    let schemas = components(urlpatterns![path("reviews/", show::<ReviewSerializer>())]);
    let names: Vec<&String> = schemas.as_object().expect("schemas").keys().collect();
    assert_eq!(names, ["Nested", "Review"]);
    assert_eq!(
        schemas["Nested"],
        json!({"type": "object", "properties": {
            "id": {"type": "integer", "readOnly": true},
            "title": {"type": "string", "maxLength": 200},
            "author": nested(),
            "editor": nested(),
            "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Nested"}, "readOnly": true},
        }, "required": ["author", "editor", "id", "tags", "title"]})
    );
    assert_eq!(schemas["Review"]["properties"]["book"], nested());
    // Paths sort `/books/` first: its nested author is the `Nested` every other depth field
    // refers to, the reviews' book included.
    let schemas = components(urlpatterns![
        path("books/", show::<BookSerializer>()),
        path("reviews/", show::<ReviewSerializer>()),
    ]);
    assert_eq!(
        schemas["Nested"],
        json!({"type": "object", "properties": {
            "id": {"type": "integer", "readOnly": true},
            "name": {"type": "string", "maxLength": 100},
        }, "required": ["id", "name"]})
    );
    assert_eq!(
        schemas["Book"],
        json!({"type": "object", "properties": {
            "id": {"type": "integer", "readOnly": true},
            "title": {"type": "string", "maxLength": 200},
            "author": nested(),
            "editor": nested(),
        }, "required": ["author", "editor", "id", "title"]})
    );
    assert_eq!(schemas["Review"]["properties"]["book"], nested());
}
