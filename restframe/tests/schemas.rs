//! `restframe::schemas`: serializer components, operations and security as drf-spectacular
//! 0.30 writes them. The expected values are spectacular's output for the equivalent DRF code:
//! `NoteSerializer(Serializer)` with the same fields (`remark = CharField(allow_null=True,
//! required=False)`), an `APIView` with `serializer_class`, `BasicAuthentication`,
//! `IsAuthenticatedOrReadOnly` and the same routes, through `SchemaGenerator(patterns=...)`.

#[path = "schemas/choice_filters.rs"]
mod choice_filters;
#[path = "schemas/choices.rs"]
mod choices;
#[path = "schemas/generics.rs"]
mod generics;
#[path = "schemas/method_fields.rs"]
mod method_fields;

use std::sync::Arc;

use restframe::authentication::{BasicAuthentication, UserBackend};
use restframe::prelude::*;
use restframe::schemas::{SchemaGenerator, ViewSchema};
use serde_json::json;

#[derive(restframe::Serializer)]
struct NoteSerializer {
    #[field(read_only)]
    id: i64,
    #[field(max_length = 200)]
    title: String,
    #[field(email)]
    contact: String,
    #[field(min_value = 1, max_value = 3)]
    rating: i64,
    // An `Option` is `required=False, allow_null=True`: not in `required`.
    #[field(allow_null)]
    remark: Option<String>,
    #[field(write_only)]
    secret: String,
}

/// A backend without users: the schema only needs the class.
struct NoUsers;

impl UserBackend for NoUsers {
    async fn authenticate(&self, _: &str, _: &str) -> Result<Option<Arc<dyn restframe::user::User>>, ApiError> {
        Ok(None)
    }
}

/// The notes view.
struct NoteView;

/// Notes of one user.
#[api_view]
impl APIView for NoteView {
    fn authentication_classes(&self) -> Authenticators {
        authentication![BasicAuthentication::new(NoUsers)]
    }
    fn permission_classes(&self) -> Permissions {
        permissions![IsAuthenticatedOrReadOnly]
    }
    fn schema(&self) -> ViewSchema {
        ViewSchema::default().serializer::<NoteSerializer>()
    }
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({})))
    }
    /// Replaces the note.
    async fn put(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({})))
    }
    async fn patch(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({})))
    }
    async fn delete(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({})))
    }
}

struct OtherView;

#[api_view]
impl APIView for OtherView {}

fn document() -> serde_json::Value {
    // Two view classes, so spectacular strips only their common path prefix (`/`).
    let urls = urlpatterns![path("users/<int:user_id>/notes/<uuid:key>", NoteView), path("other", OtherView)];
    let app = App::new(Settings::default(), urls).expect("app");
    SchemaGenerator::new(&app).get_schema()
}

#[test]
fn a_serializer_is_a_component_with_spectaculars_constraints() {
    let doc = document();
    let properties = json!({
        "id": {"type": "integer", "readOnly": true},
        "title": {"type": "string", "maxLength": 200},
        "contact": {"type": "string", "format": "email"},
        "rating": {"type": "integer", "maximum": 3, "minimum": 1},
        "remark": {"type": "string", "nullable": true},
        "secret": {"type": "string", "writeOnly": true},
    });
    assert_eq!(
        doc["components"]["schemas"]["Note"],
        json!({"type": "object", "properties": properties,
               "required": ["contact", "id", "rating", "secret", "title"]})
    );
    // PATCH bodies: the same fields, none required.
    assert_eq!(doc["components"]["schemas"]["PatchedNote"], json!({"type": "object", "properties": properties}));
}

#[test]
fn operations_have_spectaculars_ids_parameters_bodies_and_security() {
    let doc = document();
    let path = &doc["paths"]["/users/{user_id}/notes/{key}"];
    let ids: Vec<_> = ["get", "put", "patch", "delete"].iter().map(|m| path[m]["operationId"].clone()).collect();
    assert_eq!(
        ids,
        [
            json!("users_notes_retrieve"),
            json!("users_notes_update"),
            json!("users_notes_partial_update"),
            json!("users_notes_destroy")
        ]
    );
    assert_eq!(
        path["get"]["parameters"],
        json!([
            {"in": "path", "name": "key", "schema": {"type": "string", "format": "uuid"}, "required": true},
            {"in": "path", "name": "user_id", "schema": {"type": "integer"}, "required": true},
        ])
    );
    assert_eq!(path["get"]["description"], "Notes of one user.");
    assert_eq!(path["put"]["description"], "Replaces the note.");
    assert_eq!(path["get"]["tags"], json!(["users"]));
    // IsAuthenticatedOrReadOnly: anonymous for GET only.
    assert_eq!(path["get"]["security"], json!([{"basicAuth": []}, {}]));
    assert_eq!(path["put"]["security"], json!([{"basicAuth": []}]));
    assert_eq!(doc["components"]["securitySchemes"], json!({"basicAuth": {"type": "http", "scheme": "basic"}}));
    let reference = |name: &str| json!({"schema": {"$ref": format!("#/components/schemas/{name}")}});
    assert_eq!(
        path["put"]["requestBody"],
        json!({"content": {"application/json": reference("Note"), "application/x-www-form-urlencoded": reference("Note"),
                           "multipart/form-data": reference("Note")}, "required": true})
    );
    assert_eq!(path["patch"]["requestBody"]["content"]["application/json"], reference("PatchedNote"));
    assert_eq!(path["patch"]["requestBody"].get("required"), None);
    assert_eq!(
        path["get"]["responses"],
        json!({"200": {"content": {"application/json": reference("Note")}, "description": ""}})
    );
    assert_eq!(path["delete"]["responses"], json!({"204": {"description": "No response body"}}));
}
