//! The OpenAPI document at `/api/schema/` against drf-spectacular's for the tutorial
//! (`tests/openapi/tutorial.json`, recorded from the Django project; see its README).

mod common;

use common::TestDb;
use restframe::schemas::differences;
use serde_json::Value;

/// drf-spectacular 0.30's document for the tutorial's Django project.
fn reference() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/openapi/tutorial.json");
    let text = std::fs::read_to_string(path).expect("tests/openapi/tutorial.json");
    serde_json::from_str(&text).expect("the reference is JSON")
}

#[tokio::test]
async fn the_schema_is_drf_spectaculars_document() {
    let db = TestDb::new().await;
    let server = db.serve().await;
    let reply = server.client().get("/api/schema/?format=json", &[]).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    // As DRF: the first renderer whose format is `json`.
    assert_eq!(reply.header("content-type"), Some("application/vnd.oai.openapi+json"));
    let diffs = differences(&reply.json(), &reference());
    assert!(diffs.is_empty(), "differences from drf-spectacular:\n{}", diffs.join("\n"));
    // spectacular's JSON renderer indents by 4.
    assert!(reply.text().starts_with("{\n    \"openapi\": \"3.0.3\",\n"), "{}", reply.text());
}

#[tokio::test]
async fn the_schema_is_yaml_by_default_and_negotiated_by_accept() {
    let db = TestDb::new().await;
    let server = db.serve().await;
    let client = server.client();
    let yaml = client.get("/api/schema/", &[]).await;
    assert_eq!(yaml.status, 200);
    assert_eq!(yaml.header("content-type"), Some("application/vnd.oai.openapi; charset=utf-8"));
    assert!(
        yaml.text().starts_with("openapi: 3.0.3\ninfo:\n  title: ''\n  version: 0.0.0\npaths:\n  /api-hello:\n"),
        "{}",
        yaml.text()
    );
    let json = client.get("/api/schema/", &[("accept", "application/vnd.oai.openapi+json")]).await;
    assert_eq!(json.header("content-type"), Some("application/vnd.oai.openapi+json"));
    assert_eq!(json.json()["openapi"], "3.0.3");
    let json = client.get("/api/schema/", &[("accept", "application/json")]).await;
    assert_eq!(json.header("content-type"), Some("application/json"));
    assert_eq!(json.json()["info"]["version"], "0.0.0");
}

#[tokio::test]
async fn the_spectacular_command_writes_the_same_document() {
    let db = TestDb::new().await;
    let output = db.manage(&["spectacular", "--format", "openapi-json"], &[], None).await;
    assert!(output.status.success(), "{}", &output.stderr);
    let document: Value = serde_json::from_str(&output.stdout).expect("JSON on stdout");
    let diffs = differences(&document, &reference());
    assert!(diffs.is_empty(), "differences from drf-spectacular:\n{}", diffs.join("\n"));
    let yaml = db.manage(&["spectacular"], &[], None).await;
    assert!(yaml.stdout.starts_with("openapi: 3.0.3\ninfo:\n"));
}

/// The embedded Swagger UI and ReDoc files the pages link, below the sidecar's static path.
const ASSETS: [(&str, &str); 5] = [
    ("swagger-ui-dist/swagger-ui-bundle.js", "text/javascript; charset=utf-8"),
    ("swagger-ui-dist/swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8"),
    ("swagger-ui-dist/swagger-ui.css", "text/css; charset=utf-8"),
    ("swagger-ui-dist/favicon-32x32.png", "image/png"),
    ("redoc/bundles/redoc.standalone.js", "text/javascript; charset=utf-8"),
];

#[tokio::test]
async fn swagger_ui_and_redoc_pages_link_only_files_the_server_serves() {
    let db = TestDb::new().await;
    let server = db.serve().await;
    let client = server.client();
    let swagger = client.get("/api/schema/swagger-ui/", &[("accept", "text/html,*/*;q=0.8")]).await;
    assert_eq!(swagger.status, 200, "{}", swagger.text());
    assert_eq!(swagger.header("content-type"), Some("text/html; charset=utf-8"));
    // As spectacular's view: Swagger UI may open OAuth2 pop-ups.
    assert_eq!(swagger.header("cross-origin-opener-policy"), Some("unsafe-none"));
    assert!(swagger.text().contains("  url: \"/api/schema/\",\n"), "{}", swagger.text());
    let redoc = client.get("/api/schema/redoc/", &[]).await;
    assert_eq!(redoc.status, 200);
    assert!(redoc.text().contains(r#"<redoc spec-url="/api/schema/"></redoc>"#), "{}", redoc.text());
    // `?lang=` carries over to the document's URL, as in spectacular.
    let german = client.get("/api/schema/redoc/?lang=de", &[]).await;
    assert!(german.text().contains(r#"spec-url="/api/schema/?lang=de""#), "{}", german.text());
    // Nothing from outside the server: no CDN, no web fonts.
    for page in [swagger.text(), redoc.text()] {
        assert!(!page.contains("https://") && !page.contains("http://"), "{page}");
    }
    for (file, content_type) in ASSETS {
        let link = format!("\"/static/drf_spectacular_sidecar/{file}\"");
        assert!(swagger.text().contains(&link) || redoc.text().contains(&link), "{file} is linked");
        let path = format!("/static/drf_spectacular_sidecar/{file}");
        let asset = client.get(&path, &[]).await;
        assert_eq!(asset.status, 200, "{path}");
        assert_eq!(asset.header("content-type"), Some(content_type), "{path}");
        assert_eq!(asset.header("cache-control"), Some("public, max-age=86400"));
        assert!(asset.body.len() > 500, "{path}");
        let etag = asset.header("etag").expect("an ETag").to_owned();
        let again = client.get(&path, &[("if-none-match", &etag)]).await;
        assert_eq!(again.status, 304, "{path}");
        assert!(again.body.is_empty());
        assert_eq!(again.header("etag"), Some(etag.as_str()));
    }
    // A browser's stylesheet request negotiates; unknown files and other methods do not exist.
    let css =
        client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css", &[("accept", "text/css")]).await;
    assert_eq!(css.status, 200);
    assert_eq!(client.get("/static/drf_spectacular_sidecar/../Cargo.toml", &[]).await.status, 404);
    assert_eq!(client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/index.html", &[]).await.status, 404);
    let post = client.send("POST", "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js", &[], "").await;
    assert_eq!(post.status, 405);
    // The UI routes are not operations of the document (spectacular excludes its views).
    let doc = client.get("/api/schema/?format=json", &[]).await.json();
    let paths: Vec<&String> = doc["paths"].as_object().expect("paths").keys().collect();
    assert_eq!(paths, ["/api-hello", "/api-login-auth", "/api-register-auth", "/api-token-auth", "/api/schema/"]);
}

/// Debian's `chromium`, or `$CHROMIUM`; `None` (the test skips) when absent outside CI.
fn chromium() -> Option<String> {
    let candidates = [std::env::var("CHROMIUM").ok(), Some("chromium".to_owned()), Some("chromium-browser".to_owned())];
    let found = candidates
        .into_iter()
        .flatten()
        .find(|bin| std::process::Command::new(bin).arg("--version").output().is_ok_and(|out| out.status.success()));
    if found.is_none() {
        assert!(std::env::var_os("CI").is_none(), "CI=true but no chromium: .ci/run installs Debian's chromium");
        eprintln!("SKIPPED schema_ui_renders_in_chromium: no chromium (apt-get install chromium, or set CHROMIUM)");
    }
    found
}

/// The page's visible text after its scripts ran: `chromium --headless --dump-dom`, with
/// styles, scripts and tags dropped.
async fn rendered_text(chromium: &str, profile: &std::path::Path, url: &str) -> String {
    let run = tokio::process::Command::new(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--dump-dom"])
        // Virtual time: the page's timers and fetches settle before the DOM is dumped.
        .arg("--virtual-time-budget=20000")
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(url)
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(std::time::Duration::from_secs(120), run)
        .await
        .expect("chromium finishes within 120 s")
        .expect("run chromium");
    assert!(output.status.success(), "chromium failed: {}", String::from_utf8_lossy(&output.stderr));
    visible_text(&String::from_utf8_lossy(&output.stdout))
}

/// The text of an HTML document outside tags, `<style>` and `<script>`, whitespace collapsed.
fn visible_text(dom: &str) -> String {
    let mut text = String::new();
    let mut rest = dom;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        text.push(' ');
        let tag = &rest[start..];
        let skip_to = ["<style", "<script"].iter().find(|open| tag.starts_with(**open)).map(|open| {
            let close = format!("</{}>", &open[1..]);
            tag.find(&close).map_or(tag.len(), |end| end + close.len())
        });
        let end = skip_to.unwrap_or_else(|| tag.find('>').map_or(tag.len(), |end| end + 1));
        rest = &tag[end..];
    }
    text.push_str(rest);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn schema_ui_renders_in_chromium() {
    let Some(chromium) = chromium() else { return };
    let db = TestDb::new().await;
    let server = db.serve().await;
    let base = format!("http://{}", server.addr);
    let swagger =
        rendered_text(&chromium, &db.dir.join("chromium-swagger"), &format!("{base}/api/schema/swagger-ui/")).await;
    assert!(!swagger.contains("Failed to load API definition"), "{swagger}");
    for operation in [
        "GET /api-hello",
        "POST /api-login-auth",
        "POST /api-register-auth",
        "POST /api-token-auth",
        // Swagger UI breaks long paths at each `/` with `<wbr>` tags.
        "GET /api /schema /",
    ] {
        assert!(swagger.contains(operation), "Swagger UI shows {operation}: {swagger}");
    }
    assert!(swagger.contains("Schemas AuthToken"), "{swagger}");
    let redoc = rendered_text(&chromium, &db.dir.join("chromium-redoc"), &format!("{base}/api/schema/redoc/")).await;
    for operation_id in [
        "api_hello_retrieve",
        "api_login_auth_create",
        "api_register_auth_create",
        "api_token_auth_create",
        "api_schema_retrieve",
    ] {
        assert!(redoc.contains(operation_id), "ReDoc shows {operation_id}: {redoc}");
    }
    // Everything came from this server, the files from the binary.
    let log = server.log();
    assert!(
        log.contains("\"GET /static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js HTTP/1.1\" 200"),
        "{log}"
    );
    assert!(
        log.contains("\"GET /static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js HTTP/1.1\" 200"),
        "{log}"
    );
}

/// The schema view's and the UI pages' error answers, as the tutorial's Django project with
/// drf-spectacular answers them (recorded with Django's test client: status, `Content-Type`,
/// body bytes). spectacular's YAML renderer writes each `ErrorDetail` as its `string` and
/// `code`; the UI pages are DRF's `TemplateHTMLRenderer` exception page ("401 Unauthorized").
/// `(method, path, request headers, status, body)` of a recorded exchange.
type Exchange<'a> = (&'a str, String, &'a [(&'a str, &'a str)], u16, &'a str);
/// `(method, path, request headers, status, content type, body)` of a recorded exchange.
type TypedExchange<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)], u16, &'a str, &'a str);

#[tokio::test]
async fn schema_views_answer_errors_as_spectacular() {
    let db = TestDb::new().await;
    let server = db.serve().await;
    let client = server.client();
    let yaml = "application/vnd.oai.openapi; charset=utf-8";
    let cases: [TypedExchange; 6] = [
        ("GET", "/api/schema/?format=AAA", &[], 404, yaml, "detail:\n  string: Not found.\n  code: not_found\n"),
        (
            "GET",
            "/api/schema/",
            &[("accept", "text/html")],
            406,
            yaml,
            "detail:\n  string: Could not satisfy the request Accept header.\n  code: not_acceptable\n",
        ),
        (
            "GET",
            "/api/schema/",
            &[("authorization", "Token bad")],
            401,
            yaml,
            "detail:\n  string: Invalid token.\n  code: authentication_failed\n",
        ),
        (
            "GET",
            "/api/schema/?format=json",
            &[("authorization", "Token bad")],
            401,
            "application/vnd.oai.openapi+json",
            "{\n    \"detail\": \"Invalid token.\"\n}",
        ),
        (
            "POST",
            "/api/schema/",
            &[],
            405,
            yaml,
            "detail:\n  string: Method \"POST\" not allowed.\n  code: method_not_allowed\n",
        ),
        (
            "POST",
            "/api/schema/?format=json",
            &[],
            405,
            "application/vnd.oai.openapi+json",
            "{\n    \"detail\": \"Method \\\"POST\\\" not allowed.\"\n}",
        ),
    ];
    for (method, path, headers, status, content_type, body) in cases {
        let reply = client.send(method, path, headers, "").await;
        assert_eq!((reply.status, reply.text()), (status, body.to_owned()), "{method} {path} {headers:?}");
        assert_eq!(reply.header("content-type"), Some(content_type), "{method} {path}");
        assert_eq!(reply.header("vary"), Some("Accept"), "{method} {path}");
        assert_eq!(reply.header("allow"), Some("GET, HEAD, OPTIONS"), "{method} {path}");
        if status == 401 {
            assert_eq!(reply.header("www-authenticate"), Some("Token"));
        }
    }
    let html = "text/html; charset=utf-8";
    for page in ["/api/schema/swagger-ui/", "/api/schema/redoc/"] {
        let cases: [Exchange; 4] = [
            ("GET", page.to_owned(), &[("authorization", "Token bad")], 401, "401 Unauthorized"),
            ("GET", page.to_owned(), &[("accept", "application/json")], 406, "406 Not Acceptable"),
            ("GET", format!("{page}?format=AAA"), &[], 404, "404 Not Found"),
            ("POST", page.to_owned(), &[], 405, "405 Method Not Allowed"),
        ];
        for (method, path, headers, status, body) in cases {
            let reply = client.send(method, &path, headers, "").await;
            assert_eq!((reply.status, reply.text()), (status, body.to_owned()), "{method} {path} {headers:?}");
            assert_eq!(reply.header("content-type"), Some(html), "{method} {path}");
            assert_eq!(reply.header("content-length"), Some(body.len().to_string().as_str()));
            assert_eq!(reply.header("vary"), None, "{method} {path}");
            assert_eq!(reply.header("allow"), Some("GET, HEAD, OPTIONS"), "{method} {path}");
        }
    }
}
