//! OPTIONS metadata generated from serializers: DRF's `SimpleMetadata` (tests/test_metadata.py
//! plus one serializer with every field type). Every expected body was printed by DRF 3.18
//! (`SimpleMetadata().get_serializer_info(...)` or the view's OPTIONS response) and is compared
//! as text, so key order counts too.
//!
//! | DRF `test_metadata.py` | here |
//! |---|---|
//! | `test_metadata` | `test_metadata_without_serializer` |
//! | `test_actions`, `test_global_permissions` | same names |
//! | `test_object_permissions` | `tests/generics.rs`: `drf_cases::options_leave_put_out_when_object_permissions_refuse`, `options::*` |
//! | `test_bug_2455_clone_request`, `test_bug_2477_clone_request` | `actions_follow_the_permissions_of_the_cloned_method` (the clone keeps the request; restframe has no versioning yet) |
//! | `test_null_boolean_field_info_type`, `test_decimal_field_info_type` | `null_boolean_and_decimal_field_info` |
//! | `TestModelSerializerMetadata` | `model_serializer_fields_are_described_as_drf_does` (without the many-to-many field) |
//! | `test_none_metadata` | missing: a view cannot set `metadata_class = None` (OPTIONS → 405) |
//! | `test_dont_show_hidden_fields`, `test_related_field_choices` | n/a: no `HiddenField` or related fields yet |
//! | `test_list_serializer_metadata_returns_info_about_fields_of_child_serializer` | n/a: `many` describes the child type itself |
//! | `test_determine_metadata_abstract_method_raises_proper_error` | n/a: no `BaseMetadata` class |

use std::collections::BTreeMap;

use bytes::Bytes;
use chrono::{DateTime, NaiveDate, Utc};
use http::Method;
use restframe::metadata;
use restframe::prelude::*;
use restframe::test::APIClient;
use serde_json::{Value, json};

mod common;
use common::{alice, as_user};

#[derive(restframe::Serializer)]
struct Inner {
    a: i64,
}

#[derive(restframe::Serializer)]
struct All {
    #[field(max_length = 10, min_length = 2, help_text = "Some help")]
    char: String,
    #[field(email)]
    email: String,
    #[field(url)]
    url: Option<String>,
    #[field(slug)]
    slug: String,
    #[field(uuid)]
    uuid: String,
    #[field(regex = "^a")]
    regex: String,
    #[field(choices("red", "green"))]
    choice: String,
    #[field(read_only, choices("red"))]
    choice_ro: String,
    #[field(decimal(max_digits = 5, decimal_places = 2), min_value = 1, max_value = 100)]
    decimal: String,
    #[field(min_value = -3, max_value = 7)]
    integer: i64,
    #[field(min_value = 0.5, max_value = 1.0)]
    float_: f64,
    boolean: bool,
    #[field(read_only)]
    datetime: Option<DateTime<Utc>>,
    #[field(allow_null)]
    date: Option<NaiveDate>,
    #[field(min_length = 1, max_length = 4, child(max_length = 3))]
    list_: Vec<String>,
    dict_: BTreeMap<String, i64>,
    json_: Value,
    #[field(label = "My label", write_only)]
    labelled: String,
    #[field(nested)]
    nested: Inner,
    #[field(nested, many, required = false)]
    nested_many: Vec<Inner>,
    #[field(nested, required = false, allow_null)]
    nested_opt: Option<Inner>,
    #[field(default = "x")]
    first_name: String,
}

/// DRF 3.18's `get_serializer_info` for the same fields (its `HiddenField` is left out there
/// too, and restframe has none).
const ALL_FROM_DRF: &str = r#"{"char":{"type":"string","required":true,"read_only":false,"label":"Char","help_text":"Some help","min_length":2,"max_length":10},"email":{"type":"email","required":true,"read_only":false,"label":"Email"},"url":{"type":"url","required":false,"read_only":false,"label":"Url"},"slug":{"type":"slug","required":true,"read_only":false,"label":"Slug"},"uuid":{"type":"string","required":true,"read_only":false,"label":"Uuid"},"regex":{"type":"regex","required":true,"read_only":false,"label":"Regex"},"choice":{"type":"choice","required":true,"read_only":false,"label":"Choice","choices":[{"value":"red","display_name":"red"},{"value":"green","display_name":"green"}]},"choice_ro":{"type":"choice","required":false,"read_only":true,"label":"Choice ro"},"decimal":{"type":"decimal","required":true,"read_only":false,"label":"Decimal","min_value":1,"max_value":100,"max_digits":5,"decimal_places":2},"integer":{"type":"integer","required":true,"read_only":false,"label":"Integer","min_value":-3,"max_value":7},"float_":{"type":"float","required":true,"read_only":false,"label":"Float ","min_value":0.5,"max_value":1.0},"boolean":{"type":"boolean","required":true,"read_only":false,"label":"Boolean"},"datetime":{"type":"datetime","required":false,"read_only":true,"label":"Datetime"},"date":{"type":"date","required":false,"read_only":false,"label":"Date"},"list_":{"type":"list","required":true,"read_only":false,"label":"List ","min_length":1,"max_length":4,"child":{"type":"string","required":true,"read_only":false,"max_length":3}},"dict_":{"type":"nested object","required":true,"read_only":false,"label":"Dict ","child":{"type":"integer","required":true,"read_only":false}},"json_":{"type":"field","required":true,"read_only":false,"label":"Json "},"labelled":{"type":"string","required":true,"read_only":false,"label":"My label"},"nested":{"type":"nested object","required":true,"read_only":false,"label":"Nested","children":{"a":{"type":"integer","required":true,"read_only":false,"label":"A"}}},"nested_many":{"type":"field","required":false,"read_only":false,"label":"Nested many","child":{"type":"nested object","required":false,"read_only":false,"children":{"a":{"type":"integer","required":true,"read_only":false,"label":"A"}}}},"nested_opt":{"type":"nested object","required":false,"read_only":false,"label":"Nested opt","children":{"a":{"type":"integer","required":true,"read_only":false,"label":"A"}}},"first_name":{"type":"string","required":false,"read_only":false,"label":"First name"}}"#;

#[test]
fn every_field_type_is_described_as_drf_does() {
    assert_eq!(metadata::serializer_info::<All>().to_string(), ALL_FROM_DRF);
}

/// `TestSimpleMetadataFieldInfo.test_null_boolean_field_info_type` and
/// `test_decimal_field_info_type`: DRF's whole `get_field_info` of an unbound field (no label).
#[test]
fn null_boolean_and_decimal_field_info() {
    use restframe::fields::{FieldSpec, Kind, field_info};
    const NULL_BOOLEAN: FieldSpec = FieldSpec { allow_null: true, ..FieldSpec::new("") };
    let decimal = Kind::Decimal { max_digits: Some(18), decimal_places: Some(4) };
    assert_eq!(
        field_info::<Option<bool>>(&NULL_BOOLEAN).to_string(),
        r#"{"type":"boolean","required":true,"read_only":false}"#
    );
    assert_eq!(
        field_info::<String>(&FieldSpec { kind: decimal, ..FieldSpec::new("") }).to_string(),
        r#"{"type":"decimal","required":true,"read_only":false,"max_digits":18,"decimal_places":4}"#
    );
}

// DRF's tests/test_metadata.py `test_actions`.

#[derive(restframe::Serializer)]
struct NestedField {
    a: i64,
    b: i64,
}

#[derive(restframe::Serializer)]
struct ExampleSerializer {
    #[field(choices("red", "green", "blue"))]
    choice_field: String,
    #[field(min_value = 1, max_value = 1000)]
    integer_field: i64,
    #[field(min_length = 3, max_length = 40)]
    char_field: Option<String>,
    list_field: Vec<Vec<i64>>,
    #[field(nested)]
    nested_field: NestedField,
}

/// The view of DRF's `test_actions`.
struct ExampleView;

/// Example view.
#[api_view]
impl APIView for ExampleView {
    async fn metadata_actions(&self, request: &Request) -> Option<Value> {
        metadata::actions(request, [(Method::POST, metadata::serializer_info::<ExampleSerializer>())])
    }
    async fn post(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({})))
    }
}

fn client(urls: Vec<restframe::urls::UrlPattern>) -> APIClient {
    APIClient::new(App::new(Settings::default(), urls).expect("valid urls"))
}

async fn options(c: &APIClient, path: &str) -> (u16, String) {
    let response = c.request(Method::OPTIONS, path, &[], Bytes::new()).await;
    (response.status().as_u16(), response.text())
}

#[tokio::test]
async fn test_actions() {
    let c = client(urlpatterns![path("example", ExampleView)]);
    // DRF's expected body, with restframe's default renderer and parser lists.
    let expected = json!({
        "name": "Example",
        "description": "Example view.",
        "renders": ["application/json"],
        "parses": ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"],
        "actions": {"POST": {
            "choice_field": {"type": "choice", "required": true, "read_only": false, "label": "Choice field",
                "choices": [{"value": "red", "display_name": "red"}, {"value": "green", "display_name": "green"},
                            {"value": "blue", "display_name": "blue"}]},
            "integer_field": {"type": "integer", "required": true, "read_only": false, "label": "Integer field",
                "min_value": 1, "max_value": 1000},
            "char_field": {"type": "string", "required": false, "read_only": false, "label": "Char field",
                "min_length": 3, "max_length": 40},
            "list_field": {"type": "list", "required": true, "read_only": false, "label": "List field",
                "child": {"type": "list", "required": true, "read_only": false,
                    "child": {"type": "integer", "required": true, "read_only": false}}},
            "nested_field": {"type": "nested object", "required": true, "read_only": false, "label": "Nested field",
                "children": {"a": {"type": "integer", "required": true, "read_only": false, "label": "A"},
                             "b": {"type": "integer", "required": true, "read_only": false, "label": "B"}}},
        }},
    });
    assert_eq!(options(&c, "/example").await, (200, expected.to_string()));
}

/// Refuses `POST` (DRF's `test_global_permissions` overrides `check_permissions` this way).
struct DenyPost;

impl Permission for DenyPost {
    fn has_permission(&self, request: &Request) -> bool {
        request.method() != Method::POST
    }
}

/// Takes `POST` and `PUT`.
struct PostPutView;

/// Example view.
#[api_view]
impl APIView for PostPutView {
    fn permission_classes(&self) -> Permissions {
        permissions![DenyPost]
    }
    async fn metadata_actions(&self, request: &Request) -> Option<Value> {
        let info = metadata::serializer_info::<NestedField>;
        metadata::actions(request, [(Method::POST, info()), (Method::PUT, info())])
    }
    async fn post(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({})))
    }
    async fn put(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({})))
    }
}

#[tokio::test]
async fn test_global_permissions() {
    let c = client(urlpatterns![path("example", PostPutView)]);
    let (status, body) = options(&c, "/example").await;
    assert_eq!(status, 200);
    let body: Value = serde_json::from_str(&body).expect("JSON");
    let methods: Vec<&String> = body["actions"].as_object().expect("actions").keys().collect();
    assert_eq!(methods, ["PUT"]);
}

/// Writes need a user.
struct ReadOnlyOrAuthView;

/// Example view.
#[api_view]
impl APIView for ReadOnlyOrAuthView {
    fn permission_classes(&self) -> Permissions {
        permissions![IsAuthenticatedOrReadOnly]
    }
    async fn metadata_actions(&self, request: &Request) -> Option<Value> {
        // PUT is offered but the view has no `put`: it never appears.
        let info = metadata::serializer_info::<Inner>;
        metadata::actions(request, [(Method::POST, info()), (Method::PUT, info())])
    }
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({})))
    }
    async fn post(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({})))
    }
}

/// The permission check runs as `POST`, not as the `OPTIONS` that passed (DRF's
/// `clone_request`): an anonymous user sees no `actions`, a logged-in one sees `POST` only.
#[tokio::test]
async fn actions_follow_the_permissions_of_the_cloned_method() {
    let mut c = client(urlpatterns![path("example", ReadOnlyOrAuthView)]);
    let base = r#"{"name":"Read Only Or Auth","description":"Example view.","renders":["application/json"],"parses":["application/json","application/x-www-form-urlencoded","multipart/form-data"]"#;
    assert_eq!(options(&c, "/example").await, (200, format!("{base}}}")));
    c.force_authenticate(Some(as_user(alice())));
    let actions = r#""actions":{"POST":{"a":{"type":"integer","required":true,"read_only":false,"label":"A"}}}"#;
    assert_eq!(options(&c, "/example").await, (200, format!("{base},{actions}}}")));
}

/// A view without `metadata_actions` has no `actions` key (DRF's `test_metadata`).
#[tokio::test]
async fn test_metadata_without_serializer() {
    /// A view without a serializer.
    struct PlainView;
    /// Example view.
    #[api_view]
    impl APIView for PlainView {
        async fn post(&self, _request: &Request) -> Result<Response, ApiError> {
            Ok(Response::json(json!({})))
        }
    }
    let c = client(urlpatterns![path("plain", PlainView)]);
    assert_eq!(
        options(&c, "/plain").await,
        (
            200,
            r#"{"name":"Plain","description":"Example view.","renders":["application/json"],"parses":["application/json","application/x-www-form-urlencoded","multipart/form-data"]}"#.into()
        )
    );
}

mod parent {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "parent")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub integer_field: i32,
        #[sea_orm(nullable, column_type = "String(StringLen::N(100))")]
        #[restframe(blank)]
        pub name: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = parent::Model, fields(id, integer_field, name))]
struct ParentSerializer {
    #[field(min_value = 1, max_value = 1000)]
    integer_field: i32,
}

/// DRF's `TestModelSerializerMetadata` (without its many-to-many field, which restframe has
/// no relation fields for): `ID` for the primary key, `max_length` from the column.
#[test]
fn model_serializer_fields_are_described_as_drf_does() {
    assert_eq!(
        metadata::serializer_info::<ParentSerializer>().to_string(),
        r#"{"id":{"type":"integer","required":false,"read_only":true,"label":"ID"},"integer_field":{"type":"integer","required":true,"read_only":false,"label":"Integer field","min_value":1,"max_value":1000},"name":{"type":"string","required":false,"read_only":false,"label":"Name","max_length":100}}"#
    );
}
