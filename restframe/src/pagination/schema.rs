//! What the OpenAPI generator ([`crate::schemas`]) documents of a paginator: DRF's
//! `get_schema_operation_parameters(view)` and `get_paginated_response_schema(schema)`.

use serde_json::{Value, json};

use super::PaginationClass;

/// DRF's query parameter dict (`required: false`, `in: query`), in DRF's key order.
fn query_parameter(name: &str, description: &str, kind: &str) -> Value {
    json!({"name": name, "required": false, "in": "query", "description": description, "schema": {"type": kind}})
}

/// `next`/`previous` as DRF documents them: a nullable URI with an example link.
fn link(example: String) -> Value {
    json!({"type": "string", "nullable": true, "format": "uri", "example": example})
}

const PAGE_SIZE_DESCRIPTION: &str = "Number of results to return per page.";

impl PaginationClass {
    /// DRF's `get_schema_operation_parameters(view)`: the query parameters of a paginated list.
    ///
    /// ```
    /// use restframe::pagination::{LimitOffsetPagination, PaginationClass};
    ///
    /// let params = PaginationClass::from(LimitOffsetPagination::new()).schema_operation_parameters();
    /// let names: Vec<_> = params.iter().map(|p| p["name"].as_str().unwrap()).collect();
    /// assert_eq!(names, ["limit", "offset"]);
    /// assert_eq!(params[1]["description"], "The initial index from which to return the results.");
    /// ```
    pub fn schema_operation_parameters(&self) -> Vec<Value> {
        let (mut params, size_param) = match self {
            PaginationClass::PageNumber(p) => (
                vec![query_parameter(p.page_query_param, "A page number within the paginated result set.", "integer")],
                p.page_size_query_param,
            ),
            PaginationClass::LimitOffset(p) => (
                vec![
                    query_parameter(p.limit_query_param, PAGE_SIZE_DESCRIPTION, "integer"),
                    query_parameter(
                        p.offset_query_param,
                        "The initial index from which to return the results.",
                        "integer",
                    ),
                ],
                None,
            ),
            PaginationClass::Cursor(p) => (
                vec![query_parameter(p.cursor_query_param, "The pagination cursor value.", "string")],
                p.page_size_query_param,
            ),
        };
        params.extend(size_param.map(|name| query_parameter(name, PAGE_SIZE_DESCRIPTION, "integer")));
        params
    }

    /// DRF's `get_paginated_response_schema(schema)`: the envelope around `results` (the list's
    /// array schema), with DRF's example links.
    ///
    /// ```
    /// use restframe::pagination::{PageNumberPagination, PaginationClass};
    /// use serde_json::json;
    ///
    /// let envelope = PaginationClass::from(PageNumberPagination::new()).paginated_response_schema(json!({"type": "array"}));
    /// assert_eq!(envelope["required"], json!(["count", "results"]));
    /// assert_eq!(envelope["properties"]["next"]["example"], "http://api.example.org/accounts/?page=4");
    /// ```
    pub fn paginated_response_schema(&self, results: Value) -> Value {
        const BASE: &str = "http://api.example.org/accounts/";
        let count = json!({"type": "integer", "example": 123});
        match self {
            PaginationClass::PageNumber(p) => json!({
                "type": "object",
                "required": ["count", "results"],
                "properties": {
                    "count": count,
                    "next": link(format!("{BASE}?{}=4", p.page_query_param)),
                    "previous": link(format!("{BASE}?{}=2", p.page_query_param)),
                    "results": results,
                },
            }),
            PaginationClass::LimitOffset(p) => json!({
                "type": "object",
                "required": ["count", "results"],
                "properties": {
                    "count": count,
                    "next": link(format!("{BASE}?{}=400&{}=100", p.offset_query_param, p.limit_query_param)),
                    "previous": link(format!("{BASE}?{}=200&{}=100", p.offset_query_param, p.limit_query_param)),
                    "results": results,
                },
            }),
            // DRF's example really ends in a stray `"`.
            PaginationClass::Cursor(p) => json!({
                "type": "object",
                "required": ["results"],
                "properties": {
                    "next": link(format!("{BASE}?{}=cD00ODY%3D\"", p.cursor_query_param)),
                    "previous": link(format!("{BASE}?{}=cj0xJnA9NDg3", p.cursor_query_param)),
                    "results": results,
                },
            }),
        }
    }
}
