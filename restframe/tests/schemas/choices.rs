//! Choice fields in the document: `<Name>Enum` components with the labels in their
//! description, `BlankEnum`/`NullEnum` for `allow_blank`/`allow_null`, enum naming collisions,
//! and the labels in OPTIONS. The expected documents are drf-spectacular 0.30's for the same
//! Django code (`spectacular/README.md`): `post.json` for one serializer with every kind of
//! choice field, `naming.json` for three serializers whose choice sets collide.

use restframe::prelude::*;
use restframe::schemas::{SchemaGenerator, ViewSchema, differences};
use serde_json::{Value, json};

/// A recorded spectacular document (`restframe/tests/schemas/spectacular/<name>.json`).
pub(crate) fn spectacular(name: &str) -> Value {
    let path = format!("{}/tests/schemas/spectacular/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("a recorded document");
    serde_json::from_str(&text).expect("JSON")
}

/// Every difference between `ours` and `theirs`, key order included (`differences` ignores
/// it; the JSON spectacular writes has it).
pub(crate) fn assert_same_document(ours: &Value, theirs: &Value) {
    let diffs = differences(ours, theirs);
    assert!(diffs.is_empty(), "{} differences from drf-spectacular:\n{}", diffs.len(), diffs.join("\n"));
    assert_eq!(serde_json::to_string_pretty(ours).ok(), serde_json::to_string_pretty(theirs).ok());
}

// `PostSerializer` of `post.json` (no doc comment: the Django class has no docstring).
#[derive(restframe::Serializer)]
struct PostSerializer {
    #[field(choices(("draft", "Draft"), ("published", "Published")))]
    status: String,
    // A flat list: each value is its own label.
    #[field(choices("a", "b"))]
    kind: String,
    #[field(choices(1, 2, 3))]
    level: i64,
    #[field(choices((1, "Low"), (2, "High")), help_text = "How urgent.")]
    priority: i64,
    #[field(choices(("ok", "OK"), ("meh", "Meh")), allow_blank)]
    mood: String,
    #[field(choices(("r", "Red"), ("g", "Green")), allow_null)]
    color: Option<String>,
    #[field(choices(("dark", "Dark"), ("light", "Light")), allow_blank, allow_null, required = true)]
    shade: Option<String>,
    // `MultipleChoiceField`.
    #[field(choices(("x", "Ex"), ("y", "Why")))]
    tags: Vec<String>,
    #[field(choices(("gold", "Gold"), ("silver", "Silver")), read_only)]
    badge: String,
    // `ListField(child=ChoiceField(...))`.
    #[field(child(choices(("s", "Small"), ("m", "Medium"))))]
    sizes: Vec<String>,
    #[field(choices(("eu", "Europe"), ("us", "United States")), label = "Sales region")]
    region: String,
    #[field(choices(("fr", "Français"), ("ja", "日本語")), write_only)]
    lang: String,
}

struct PostView;

#[api_view]
impl APIView for PostView {
    fn schema(&self) -> ViewSchema {
        ViewSchema::default().serializer::<PostSerializer>()
    }
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({})))
    }
    async fn post(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({})))
    }
    async fn patch(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({})))
    }
}

/// The Django project's settings: no authentication, JSON only.
pub(crate) fn settings() -> Settings {
    Settings::default()
        .default_authentication_classes(authentication![])
        .default_permission_classes(permissions![])
        .default_renderer_classes(renderers![JSONRenderer])
        .default_parser_classes(parsers![JSONParser])
}

#[test]
fn choice_fields_are_enum_components_as_spectacular_writes_them() {
    let app = App::new(settings(), urlpatterns![path("posts/", PostView)]).expect("app");
    let doc = SchemaGenerator::new(&app).get_schema();
    assert_same_document(&doc, &spectacular("post"));
    // The parts the issue names, spelled out.
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["StatusEnum"],
        json!({"enum": ["draft", "published"], "type": "string", "description": "* `draft` - Draft\n* `published` - Published"})
    );
    assert_eq!(schemas["LevelEnum"]["description"], "* `1` - 1\n* `2` - 2\n* `3` - 3");
    assert_eq!(schemas["BlankEnum"], json!({"enum": [""]}));
    assert_eq!(schemas["NullEnum"], json!({"enum": [null]}));
    let enum_ref = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
    let post = &schemas["Post"]["properties"];
    assert_eq!(post["mood"], json!({"oneOf": [enum_ref("MoodEnum"), enum_ref("BlankEnum")]}));
    assert_eq!(
        post["shade"],
        json!({"nullable": true, "oneOf": [enum_ref("ShadeEnum"), enum_ref("BlankEnum"), enum_ref("NullEnum")]})
    );
    assert_eq!(
        post["priority"],
        json!({"allOf": [enum_ref("PriorityEnum")], "description": "How urgent.\n\n* `1` - Low\n* `2` - High"})
    );
    assert_eq!(post["tags"], json!({"type": "array", "items": enum_ref("TagsEnum")}));
    assert!(!doc.to_string().contains("x-spec-enum-id"));
}

#[derive(restframe::Serializer)]
struct ArticleSerializer {
    #[field(choices(("draft", "Draft"), ("published", "Published")))]
    status: String,
    #[field(choices(("draft", "Draft"), ("published", "Published")))]
    state: String,
    #[field(choices(("c", "C"), ("d", "D")))]
    kind: String,
    #[field(choices(("json", "JSON"), ("xml", "XML")))]
    format: String,
    // An integer set with `allow_blank` has no single type.
    #[field(choices((200, "OK"), (404, "Not found")), allow_blank)]
    status_code: i64,
}

#[derive(restframe::Serializer)]
struct NoteSerializer {
    #[field(choices(("e", "E")))]
    kind: String,
    #[field(choices(("json", "JSON"), ("xml", "XML")))]
    format: String,
    #[field(choices(("a", "A")))]
    grade: String,
    #[field(choices(("draft", "Draft"), ("published", "Published")), allow_blank)]
    status: String,
}

#[derive(restframe::Serializer)]
struct MemoSerializer {
    #[field(choices(("txt", "Text")))]
    format: String,
    // The same value with another label is another choice set.
    #[field(choices(("a", "Alpha")))]
    grade: String,
}

macro_rules! post_patch_view {
    ($view:ident, $serializer:ty) => {
        struct $view;

        #[api_view]
        impl APIView for $view {
            fn schema(&self) -> ViewSchema {
                ViewSchema::default().serializer::<$serializer>()
            }
            async fn post(&self, _request: &Request) -> Result<Response, ApiError> {
                Ok(Response::json(json!({})))
            }
            async fn patch(&self, _request: &Request) -> Result<Response, ApiError> {
                Ok(Response::json(json!({})))
            }
        }
    };
}

post_patch_view!(ArticleView, ArticleSerializer);
post_patch_view!(NoteView, NoteSerializer);
post_patch_view!(MemoView, MemoSerializer);

#[test]
fn enum_names_resolve_collisions_as_spectacular_does() {
    let urls = urlpatterns![path("articles/", ArticleView), path("notes/", NoteView), path("memos/", MemoView)];
    let doc = SchemaGenerator::new(&App::new(settings(), urls).expect("app")).get_schema();
    assert_same_document(&doc, &spectacular("naming"));
    let names: Vec<&String> = doc["components"]["schemas"].as_object().expect("schemas").keys().collect();
    assert_eq!(
        names,
        [
            "Article",
            "ArticleKindEnum", // `kind` has two sets, each in one component
            "BlankEnum",
            "Format51fEnum", // `format` has two sets and this one is in two components
            "Memo",
            "MemoFormatEnum",
            "MemoGradeEnum",
            "Note",
            "NoteGradeEnum",
            "NoteKindEnum",
            "PatchedArticle",
            "PatchedMemo",
            "PatchedNote",
            "StateEnum", // one set under two field names: one enum each
            "StatusCodeEnum",
            "StatusEnum",
        ]
    );
    assert_eq!(
        doc["components"]["schemas"]["StatusCodeEnum"],
        json!({"enum": [200, 404], "description": "* `200` - OK\n* `404` - Not found"})
    );
}

/// DRF 3.18's `SimpleMetadata().get_serializer_info(PostSerializer())`.
const POST_INFO_FROM_DRF: &str = r#"{"status": {"type": "choice", "required": true, "read_only": false, "label": "Status", "choices": [{"value": "draft", "display_name": "Draft"}, {"value": "published", "display_name": "Published"}]}, "kind": {"type": "choice", "required": true, "read_only": false, "label": "Kind", "choices": [{"value": "a", "display_name": "a"}, {"value": "b", "display_name": "b"}]}, "level": {"type": "choice", "required": true, "read_only": false, "label": "Level", "choices": [{"value": 1, "display_name": 1}, {"value": 2, "display_name": 2}, {"value": 3, "display_name": 3}]}, "priority": {"type": "choice", "required": true, "read_only": false, "label": "Priority", "help_text": "How urgent.", "choices": [{"value": 1, "display_name": "Low"}, {"value": 2, "display_name": "High"}]}, "mood": {"type": "choice", "required": true, "read_only": false, "label": "Mood", "choices": [{"value": "ok", "display_name": "OK"}, {"value": "meh", "display_name": "Meh"}]}, "color": {"type": "choice", "required": false, "read_only": false, "label": "Color", "choices": [{"value": "r", "display_name": "Red"}, {"value": "g", "display_name": "Green"}]}, "shade": {"type": "choice", "required": true, "read_only": false, "label": "Shade", "choices": [{"value": "dark", "display_name": "Dark"}, {"value": "light", "display_name": "Light"}]}, "tags": {"type": "multiple choice", "required": true, "read_only": false, "label": "Tags", "choices": [{"value": "x", "display_name": "Ex"}, {"value": "y", "display_name": "Why"}]}, "badge": {"type": "choice", "required": false, "read_only": true, "label": "Badge"}, "sizes": {"type": "list", "required": true, "read_only": false, "label": "Sizes", "child": {"type": "choice", "required": true, "read_only": false, "choices": [{"value": "s", "display_name": "Small"}, {"value": "m", "display_name": "Medium"}]}}, "region": {"type": "choice", "required": true, "read_only": false, "label": "Sales region", "choices": [{"value": "eu", "display_name": "Europe"}, {"value": "us", "display_name": "United States"}]}, "lang": {"type": "choice", "required": true, "read_only": false, "label": "Lang", "choices": [{"value": "fr", "display_name": "Français"}, {"value": "ja", "display_name": "日本語"}]}}"#;

#[test]
fn options_metadata_shows_the_labels() {
    let info = restframe::metadata::serializer_info::<PostSerializer>();
    let drf: Value = serde_json::from_str(POST_INFO_FROM_DRF).expect("JSON");
    assert_eq!(serde_json::to_string(&info).ok(), serde_json::to_string(&drf).ok());
    let choices = |name: &str| info[name]["choices"].clone();
    let pair = |value: Value, label: Value| json!({"value": value, "display_name": label});
    // The labels, spelled out.
    assert_eq!(
        choices("status"),
        json!([pair(json!("draft"), json!("Draft")), pair(json!("published"), json!("Published"))])
    );
    assert_eq!(choices("kind"), json!([pair(json!("a"), json!("a")), pair(json!("b"), json!("b"))]));
    // A flat integer list keeps the label an integer; labelled integers have text labels.
    assert_eq!(choices("level"), json!([pair(json!(1), json!(1)), pair(json!(2), json!(2)), pair(json!(3), json!(3))]));
    assert_eq!(choices("priority"), json!([pair(json!(1), json!("Low")), pair(json!(2), json!("High"))]));
    assert_eq!(choices("tags"), json!([pair(json!("x"), json!("Ex")), pair(json!("y"), json!("Why"))]));
    assert_eq!(
        info["sizes"]["child"]["choices"],
        json!([pair(json!("s"), json!("Small")), pair(json!("m"), json!("Medium"))])
    );
    assert_eq!(choices("lang"), json!([pair(json!("fr"), json!("Français")), pair(json!("ja"), json!("日本語"))]));
    // A read-only field lists none.
    assert_eq!(info["badge"], json!({"type": "choice", "required": false, "read_only": true, "label": "Badge"}));
    assert_eq!(
        info["priority"],
        json!({"type": "choice", "required": true, "read_only": false, "label": "Priority", "help_text": "How urgent.",
               "choices": [pair(json!(1), json!("Low")), pair(json!(2), json!("High"))]})
    );
}

#[derive(restframe::Serializer)]
struct StatusSerializer {
    #[field(choices(("draft", "Draft"), ("published", "Published")))]
    status: String,
}

#[tokio::test]
async fn labelled_choices_validate_by_value() {
    use restframe::serializers::Serializer;
    let mut by_value = StatusSerializer::with_data(json!({"status": "draft"}));
    assert!(by_value.is_valid().await.expect("validation runs"));
    // DRF: a label is no valid input.
    let mut by_label = StatusSerializer::with_data(json!({"status": "Draft"}));
    assert!(!by_label.is_valid().await.expect("validation runs"));
    assert_eq!(by_label.errors().expect("errors").to_json(), json!({"status": ["\"Draft\" is not a valid choice."]}));
}
