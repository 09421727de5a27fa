//! DRF's `SimpleMetadata`: the body of an `OPTIONS` response.

use serde_json::{Map, Value};

use crate::request::Request;
use crate::response::Response;
use crate::views::ResolvedView;

/// `{"name", "description", "renders", "parses"}` plus `actions` when the view provides them.
pub(crate) fn simple_metadata(view: &ResolvedView, request: &Request) -> Response {
    let (name, description, _) = view.view.meta();
    let mut body = Map::new();
    body.insert("name".into(), Value::from(name));
    body.insert("description".into(), Value::from(description));
    let renders = view.classes.renderers.iter().map(|r| Value::from(r.media_type())).collect();
    body.insert("renders".into(), Value::Array(renders));
    let parses = view.classes.parsers.iter().map(|p| Value::from(p.media_type())).collect();
    body.insert("parses".into(), Value::Array(parses));
    if let Some(actions) = view.view.actions(request) {
        body.insert("actions".into(), actions);
    }
    Response::json(Value::Object(body))
}
