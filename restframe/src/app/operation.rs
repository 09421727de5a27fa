//! One operation of the document: drf-spectacular's `AutoSchema.get_operation`.

use http::Method;
use serde_json::{Map, Value, json};

use crate::fields::SerializerSchema;
use crate::urls::{Converter, Route};
use crate::views::{ResolvedView, ViewSchema};

/// The registry of `components`: schemas and security schemes, each by name.
#[derive(Default)]
pub(crate) struct Components {
    schemas: Map<String, Value>,
    security: Map<String, Value>,
}

impl Components {
    /// `components` with only the kinds present, each sorted by name (spectacular's
    /// `ComponentRegistry.build`).
    pub(crate) fn into_value(self) -> Value {
        let sorted = |map: Map<String, Value>| {
            let mut entries: Vec<_> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().collect())
        };
        let mut out = Map::new();
        if !self.schemas.is_empty() {
            out.insert("schemas".into(), sorted(self.schemas));
        }
        if !self.security.is_empty() {
            out.insert("securitySchemes".into(), sorted(self.security));
        }
        Value::Object(out)
    }
}

/// DRF's `EndpointEnumerator` leaves out format-suffix routes (`books.{format}`).
pub(crate) fn is_format_route(route: &Route) -> bool {
    route.params().iter().any(|(name, conv)| *conv == Some(Converter::FormatSuffix) || name == "format")
}

/// The OpenAPI path of a route (`users/<int:pk>` → `/users/{pk}`, `^books/(?P<pk>[^/.]+)/$`
/// → `/books/{pk}/`), as DRF's `simplify_regex` and spectacular's generator write it; `{pk}`
/// becomes the primary key's name when the view has a model (`pk_name`: spectacular's
/// `SCHEMA_COERCE_PATH_PK`).
pub(crate) fn openapi_path(source: &str, pk_name: Option<&str>) -> String {
    let mut out = String::from("/");
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' => {
                let inner: String = chars.by_ref().take_while(|&c| c != '>').collect();
                let name = inner.rsplit(':').next().unwrap_or(&inner);
                out.push_str(&format!("{{{}}}", coerce(name, pk_name)));
            }
            '(' if chars.peek() == Some(&'?') => {
                let head: String = chars.by_ref().take(3).collect();
                let name: String =
                    if head == "?P<" { chars.by_ref().take_while(|&c| c != '>').collect() } else { String::new() };
                skip_group(&mut chars);
                if !name.is_empty() {
                    out.push_str(&format!("{{{}}}", coerce(&name, pk_name)));
                }
            }
            '^' | '$' => {}
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

/// A path variable's name in the document: `pk` is the primary key's name when known.
fn coerce<'a>(name: &'a str, pk_name: Option<&'a str>) -> &'a str {
    match (name, pk_name) {
        ("pk", Some(pk)) => pk,
        _ => name,
    }
}

/// Skips a regex group's body up to its closing parenthesis.
fn skip_group(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    let mut depth = 1;
    let mut escaped = false;
    for c in chars.by_ref() {
        match (escaped, c) {
            (true, _) => escaped = false,
            (false, '\\') => escaped = true,
            (false, '(') => depth += 1,
            (false, ')') => {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            }
            _ => {}
        }
    }
}

/// spectacular's `alpha_operation_sorter`: by path (`foo/` before `foo{arg}` before
/// `foo/bar`), then GET, POST, PUT, PATCH, DELETE.
pub(crate) fn sort_key(path: &str, method: &Method) -> (String, u8) {
    let path = match path.strip_suffix('/') {
        Some(stripped) => format!("{stripped} "),
        None => path.to_owned(),
    };
    let priority = [Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE]
        .iter()
        .position(|m| m == method)
        .unwrap_or(5);
    (path.replace('{', "!"), u8::try_from(priority).unwrap_or(5))
}

/// Python's `posixpath.commonpath` of the paths (whole segments), `/` at least.
pub(crate) fn common_prefix(paths: &[&str]) -> String {
    let mut split = paths.iter().map(|p| p.split('/').filter(|s| !s.is_empty()).collect::<Vec<_>>());
    let Some(first) = split.next() else { return "/".into() };
    let common =
        split.fold(first, |acc, segs| acc.iter().zip(&segs).take_while(|(a, b)| a == b).map(|(a, _)| *a).collect());
    format!("/{}", common.join("/"))
}

/// One route and method.
pub(crate) struct Operation<'a> {
    pub(crate) path: &'a str,
    pub(crate) prefix: &'a str,
    pub(crate) route: &'a Route,
    pub(crate) method: &'a Method,
    pub(crate) view: &'a ResolvedView,
    /// The view's schema for this method.
    pub(crate) schema: &'a ViewSchema,
}

impl Operation<'_> {
    /// The operation object, registering its components.
    pub(crate) fn build(&self, components: &mut Components) -> Value {
        let schema = self.schema;
        let mut op = Map::new();
        op.insert("operationId".into(), json!(self.operation_id()));
        let handler = self.method.as_str().to_ascii_lowercase();
        let (_, view_doc, _) = self.view.view.meta();
        let description = self.view.view.handler_doc(&handler).map_or(view_doc, Into::into);
        if !description.is_empty() {
            op.insert("description".into(), json!(description));
        }
        let parameters = self.parameters();
        if !parameters.is_empty() {
            op.insert("parameters".into(), Value::Array(parameters));
        }
        if let Some(tag) = self.tokens().into_iter().next() {
            op.insert("tags".into(), json!([tag]));
        }
        if let Some(body) = self.request_body(schema, &mut components.schemas) {
            op.insert("requestBody".into(), body);
        }
        let security = self.security(&mut components.security);
        if !security.is_empty() {
            op.insert("security".into(), Value::Array(security));
        }
        op.insert("responses".into(), self.responses(schema, &mut components.schemas));
        for (method, key, value) in &schema.overrides {
            if method.as_ref().is_none_or(|m| m == self.method) {
                op.insert(key.clone(), value.clone());
            }
        }
        Value::Object(op)
    }

    /// spectacular's `_tokenize_path`: the path without its prefix and parameters, split at `/`.
    fn tokens(&self) -> Vec<String> {
        let rest = self.path.strip_prefix(self.prefix).unwrap_or(self.path);
        let mut plain = String::new();
        let mut in_param = false;
        for c in rest.chars() {
            match c {
                '{' => in_param = true,
                '}' => in_param = false,
                c if !in_param => plain.push(c),
                _ => {}
            }
        }
        plain.split('/').filter(|t| !t.is_empty()).map(str::to_owned).collect()
    }

    /// spectacular's `get_operation_id`: the path's tokens (dashes as underscores) and the
    /// method's action (`retrieve`, `create`, `update`, `partial_update`, `destroy`).
    fn operation_id(&self) -> String {
        let mut tokens: Vec<String> = self.tokens().iter().map(|t| t.replace('-', "_")).collect();
        if tokens.is_empty() {
            tokens.push("root".into());
        }
        let action = match *self.method {
            Method::GET if self.is_list() => "list",
            Method::GET => "retrieve",
            Method::POST => "create",
            Method::PUT => "update",
            Method::PATCH => "partial_update",
            _ => "destroy",
        };
        tokens.push(action.into());
        tokens.join("_")
    }

    /// spectacular's `_is_list_view()`: a `GET` a generic view answers with a list.
    fn is_list(&self) -> bool {
        *self.method == Method::GET && self.schema.generic.as_ref().is_some_and(|g| g.list)
    }

    /// spectacular's `_get_parameters`: the path parameters, then (on a list) the filter
    /// backends' and the paginator's query parameters, one per name and location (a later one
    /// replaces an earlier one in its place), sorted by name.
    fn parameters(&self) -> Vec<Value> {
        let mut params = self.path_parameters();
        if let Some(generic) = self.schema.generic.as_ref().filter(|_| self.is_list()) {
            let pagination = generic.pagination.iter().flat_map(|p| p.schema_operation_parameters());
            for param in generic.filter_parameters.iter().cloned().chain(pagination) {
                let same = |p: &&mut Value| p["name"] == param["name"] && p["in"] == param["in"];
                match params.iter_mut().find(same) {
                    Some(slot) => *slot = param,
                    None => params.push(param),
                }
            }
        }
        params.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()));
        params
    }

    /// Path parameters typed by their converters (`int` → integer, `uuid` → uuid); an untyped
    /// one (a router's `[^/.]+`) that is the generic view's lookup from the model field.
    fn path_parameters(&self) -> Vec<Value> {
        let generic = self.schema.generic.as_ref();
        let pk_name = generic.and_then(|g| g.pk_name);
        self.route
            .params()
            .iter()
            .map(|(name, converter)| {
                let name = coerce(name, pk_name);
                let lookup = generic.and_then(|g| g.lookup.as_ref()).filter(|(kwarg, _, _)| kwarg == name);
                let (schema, description) = match (converter, lookup) {
                    (Some(Converter::Int), _) => (json!({"type": "integer"}), ""),
                    (Some(Converter::Uuid), _) => (json!({"type": "string", "format": "uuid"}), ""),
                    (None, Some((_, schema, description))) => (schema.clone(), description.as_str()),
                    _ => (json!({"type": "string"}), ""),
                };
                let mut param = Map::new();
                param.insert("in".into(), json!("path"));
                param.insert("name".into(), json!(name));
                param.insert("schema".into(), schema);
                if !description.is_empty() {
                    param.insert("description".into(), json!(description));
                }
                param.insert("required".into(), Value::Bool(true));
                Value::Object(param)
            })
            .collect()
    }

    /// spectacular's `_get_request_body`: the serializer's component for each parser's media
    /// type, `Patched<Name>` for `PATCH`; required when a writable field is.
    fn request_body(&self, schema: &ViewSchema, components: &mut Map<String, Value>) -> Option<Value> {
        if !matches!(*self.method, Method::POST | Method::PUT | Method::PATCH) {
            return None;
        }
        let serializer = schema.request.as_ref()?;
        let patched = *self.method == Method::PATCH;
        let reference = serializer.reference(patched, components);
        let content: Map<String, Value> = self
            .view
            .classes()
            .parsers
            .iter()
            .map(|p| (p.media_type().to_owned(), json!({"schema": reference})))
            .collect();
        let mut body = Map::new();
        body.insert("content".into(), Value::Object(content));
        if !patched && body_required(serializer) {
            body.insert("required".into(), Value::Bool(true));
        }
        Some(Value::Object(body))
    }

    /// spectacular's `get_auth`: each authentication class's scheme, then `{}` when a
    /// permission class lets anonymous users in.
    fn security(&self, schemes: &mut Map<String, Value>) -> Vec<Value> {
        let classes = self.view.classes();
        let mut security = Vec::new();
        for authenticator in classes.authenticators.iter() {
            if let Some(scheme) = authenticator.security_scheme_dyn() {
                security.push(json!({ scheme.name.clone(): [] }));
                schemes.entry(scheme.name).or_insert(scheme.definition);
            }
        }
        let safe = matches!(*self.method, Method::GET | Method::HEAD);
        if classes.permissions.iter().any(|p| p.schema_allows_anonymous(safe)) {
            security.push(json!({}));
        }
        security
    }

    /// spectacular's `_get_response_bodies`: `204` for `DELETE`, `201` for a create, else
    /// `200`, with the serializer's component per renderer media type ("No response body"
    /// without one); a list is an array of it, inside `Paginated<Name>List` when paginated.
    fn responses(&self, schema: &ViewSchema, components: &mut Map<String, Value>) -> Value {
        let create = *self.method == Method::POST && schema.generic.as_ref().is_some_and(|g| g.create);
        let code = match *self.method {
            Method::DELETE => "204",
            _ if create => "201",
            _ => "200",
        };
        let Some(serializer) = schema.response.as_ref().filter(|_| *self.method != Method::DELETE) else {
            return json!({ code: {"description": "No response body"} });
        };
        let mut reference = serializer.reference(false, components);
        if self.is_list() {
            reference = json!({"type": "array", "items": reference});
            if let Some(paginator) = schema.generic.as_ref().and_then(|g| g.pagination.as_ref()) {
                let name = format!("Paginated{}List", serializer.name);
                if !components.contains_key(&name) {
                    components.insert(name.clone(), paginator.paginated_response_schema(reference));
                }
                reference = json!({"$ref": format!("#/components/schemas/{name}")});
            }
        }
        let content: Map<String, Value> = self
            .view
            .classes()
            .renderers
            .iter()
            .map(|r| (r.media_type().to_owned(), json!({"schema": reference})))
            .collect();
        json!({ code: {"content": content, "description": ""} })
    }
}

/// A request body is required when one of its fields is required and writable.
fn body_required(serializer: &SerializerSchema) -> bool {
    serializer.fields.iter().any(|f| f.required_input())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_written_as_spectacular_writes_them() {
        assert_eq!(openapi_path("users/<int:pk>/notes/<slug>", None), "/users/{pk}/notes/{slug}");
        assert_eq!(openapi_path("^books/(?P<pk>[^/.]+)/reviews/$", None), "/books/{pk}/reviews/");
        assert_eq!(openapi_path("^books/(?P<pk>[^/.]+)/$", Some("id")), "/books/{id}/");
        assert_eq!(openapi_path("api/<int:v>/^books\\.json$", None), "/api/{v}/books.json");
    }

    #[test]
    fn paths_sort_and_share_prefixes_as_in_spectacular() {
        let mut paths = vec!["/books/top-rated/", "/books/{id}/", "/books/", "/api/schema/", "/api-hello"];
        paths.sort_by_key(|p| sort_key(p, &Method::GET));
        assert_eq!(paths, ["/api-hello", "/api/schema/", "/books/", "/books/{id}/", "/books/top-rated/"]);
        assert_eq!(common_prefix(&["/api/v1/a", "/api/v1/b/c"]), "/api/v1");
        assert_eq!(common_prefix(&["/api-hello", "/api/schema/"]), "/");
    }
}
