//! Django-style routing: converters, `include()`, 404s and configuration errors at startup.

use restframe::prelude::*;
use restframe::test::APIClient;
use serde_json::{Value, json};

/// Echoes its URL keyword arguments.
struct KwargsView;

#[api_view]
impl APIView for KwargsView {
    async fn get(&self, request: &Request) -> Result<Response, ApiError> {
        let mut out = serde_json::Map::new();
        for name in ["pk", "name", "slug", "id", "rest"] {
            if let Some(value) = request.kwarg(name) {
                out.insert(name.into(), Value::from(value));
            }
        }
        Ok(Response::json(Value::Object(out)))
    }
}

fn client() -> APIClient {
    let urls = urlpatterns![
        path("users/<int:pk>", KwargsView),
        path("users/<int:pk>/posts/<slug:slug>", KwargsView),
        path("names/<name>", KwargsView),
        path("ids/<uuid:id>", KwargsView),
        path("files/<path:rest>", KwargsView),
        include(
            "api/v1/",
            urlpatterns![path("things/<str:name>/", KwargsView), include("deep/", urlpatterns![path("x", KwargsView)])]
        ),
    ];
    APIClient::new(App::new(Settings::default(), urls).expect("valid urls"))
}

#[tokio::test]
async fn converters_capture_typed_segments() {
    let c = client();
    let cases = [
        ("/users/42", json!({"pk": "42"})),
        ("/users/007", json!({"pk": "7"})),
        ("/users/42/posts/hello-world_2", json!({"pk": "42", "slug": "hello-world_2"})),
        ("/names/J%C3%B6rg", json!({"name": "Jörg"})),
        ("/ids/0b4a2a68-5bb4-4e1b-9e4b-6c9f3c0e2a11", json!({"id": "0b4a2a68-5bb4-4e1b-9e4b-6c9f3c0e2a11"})),
        ("/files/a/b/c.txt", json!({"rest": "a/b/c.txt"})),
        ("/api/v1/things/widget/", json!({"name": "widget"})),
        ("/api/v1/deep/x", json!({})),
    ];
    for (path, expected) in cases {
        let response = c.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.json(), expected, "{path}");
    }
}

#[tokio::test]
async fn non_matching_paths_are_404() {
    let c = client();
    for path in [
        "/users/abc",
        "/users/-1",
        "/users/42/",
        "/names/a/b",
        "/ids/0B4A2A68-5BB4-4E1B-9E4B-6C9F3C0E2A11",
        "/users/42/posts/bad%20slug",
        "/files/",
        "/%ff",
        "/",
    ] {
        let response = c.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        // Django 6.1's `page_not_found` (DEBUG=False), recorded with `django.test.Client`.
        assert!(response.text().contains("<title>Not Found</title>"), "{path}");
    }
}

#[tokio::test]
async fn missing_trailing_slash_redirects() {
    // Django's APPEND_SLASH (on by default): only when the slashed path matches a route.
    let response = client().get("/api/v1/things/widget?a=1").await;
    assert_eq!(response.status(), 301);
    assert_eq!(response.header("location"), Some("/api/v1/things/widget/?a=1"));
    assert_eq!(response.text(), "");
    let unslashed =
        App::new(Settings::default().append_slash(false), urlpatterns![path("a/", KwargsView)]).expect("valid urls");
    assert_eq!(APIClient::new(unslashed).get("/a").await.status(), 404);
}

#[test]
fn bad_routes_fail_at_startup() {
    let unknown =
        App::new(Settings::default(), urlpatterns![path("a/<float:x>", KwargsView)]).expect_err("bad converter");
    assert_eq!(unknown.to_string(), r#"URL route "a/<float:x>" uses invalid converter "float""#);
    let name = App::new(Settings::default(), urlpatterns![path("a/<int:x-y>", KwargsView)]).expect_err("bad name");
    assert_eq!(
        name.to_string(),
        r#"URL route "a/<int:x-y>" uses parameter name "x-y" which isn't a valid Python identifier"#
    );
    let unclosed = App::new(Settings::default(), urlpatterns![path("a/<int:x", KwargsView)]).expect_err("unclosed");
    assert_eq!(unclosed.to_string(), r#"unclosed '<' in route "a/<int:x""#);
    let twice = App::new(
        Settings::default(),
        urlpatterns![path("api/x", KwargsView), include("api/", urlpatterns![path("x", KwargsView)])],
    )
    .expect_err("duplicate");
    assert_eq!(twice.to_string(), r#"URL route "api/x" is declared twice"#);
}
