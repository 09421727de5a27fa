//! drf-spectacular's `SchemaGenerator` over an [`App`]'s routes (see [`crate::schemas`]).

use http::Method;
use serde_json::{Map, Value, json};

use super::App;
use super::operation;

/// drf-spectacular's `SchemaGenerator`: the OpenAPI document of an [`App`].
#[derive(Debug)]
pub struct SchemaGenerator<'a> {
    app: &'a App,
    title: String,
    version: String,
}

impl<'a> SchemaGenerator<'a> {
    /// A generator with spectacular's default `TITLE` (empty) and `VERSION` (`0.0.0`).
    pub fn new(app: &'a App) -> Self {
        Self { app, title: String::new(), version: "0.0.0".into() }
    }

    /// `TITLE` and `VERSION` of `info`.
    #[must_use]
    pub fn info(mut self, title: &str, version: &str) -> Self {
        self.title = title.to_owned();
        self.version = version.to_owned();
        self
    }

    /// The document: `openapi`, `info`, `paths` (sorted as spectacular sorts them) and
    /// `components` (schemas and security schemes, by name).
    pub fn get_schema(&self) -> Value {
        let config = self.app.settings().request_config();
        let mut endpoints: Vec<_> = self
            .app
            .endpoints()
            .filter(|(route, method, _)| {
                !matches!(*method, Method::HEAD | Method::OPTIONS) && !operation::is_format_route(route)
            })
            .map(|(route, method, view)| (route, method, view, view.view.schema(config)))
            .filter(|endpoint| !endpoint.3.excluded)
            .map(|(route, method, view, schema)| {
                let pk = schema.generic.as_ref().and_then(|g| g.pk_name);
                (operation::openapi_path(route.as_str(), pk), route, method, view, schema)
            })
            .collect();
        endpoints.sort_by_key(|a| operation::sort_key(&a.0, &a.2));
        // spectacular strips the paths' common prefix only when there is more than one view
        // class (one view's whole path would otherwise vanish from its operationIds).
        let mut classes: Vec<_> = endpoints.iter().map(|e| e.3.view.meta().0).collect();
        classes.sort_unstable();
        classes.dedup();
        let prefix = if classes.len() > 1 {
            operation::common_prefix(&endpoints.iter().map(|e| e.0.as_str()).collect::<Vec<_>>())
        } else {
            "/".to_owned()
        };
        let mut components = operation::Components::default();
        let mut paths = Map::new();
        for (path, route, method, view, schema) in &endpoints {
            let op = operation::Operation { path, prefix: &prefix, route, method, view, schema };
            let value = op.build(&mut components);
            let entry = paths.entry(path.clone()).or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(methods) = entry {
                methods.insert(method.as_str().to_ascii_lowercase(), value);
            }
        }
        let mut components = components.into_value();
        if let Some(Value::Object(schemas)) = components.get_mut("schemas") {
            super::enums::postprocess_schema_enums(schemas);
        }
        let mut document = json!({
            "openapi": "3.0.3",
            "info": {"title": self.title, "version": self.version},
            "paths": paths,
            "components": components,
        });
        super::enums::remove_enum_ids(&mut document);
        document
    }
}

/// Hands every [`crate::schemas::SpectacularAPIView`] of `app` its document (generated once, when one asks).
pub(crate) fn fill_documents(app: &App) {
    let mut generated: Option<Value> = None;
    for (_, _, view) in app.endpoints() {
        if let Some(slot) = view.view.schema(app.settings().request_config()).document {
            let doc = generated.get_or_insert_with(|| SchemaGenerator::new(app).get_schema());
            let _ = slot.set(doc.clone());
        }
    }
}
