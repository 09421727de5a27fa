//! Deployment settings of the real binary: `CORS_ALLOWED_ORIGINS` (django-cors-headers'
//! setting) through tower-http's CORS layer.

use crate::common::TestDb;

const PREFLIGHT: [(&str, &str); 3] = [
    ("origin", "https://app.example.com"),
    ("access-control-request-method", "POST"),
    ("access-control-request-headers", "content-type,authorization"),
];

#[tokio::test]
async fn cors_allowed_origins_grants_listed_origins_only() {
    let db = TestDb::new().await;
    let server = db.serve_with_env(&[("CORS_ALLOWED_ORIGINS", "https://app.example.com, http://localhost:3000")]).await;
    let client = server.client();
    // Preflight from an allowed origin: django-cors-headers' defaults, no DRF body.
    let reply = client.send("OPTIONS", "/api-login-auth", &PREFLIGHT, "").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), "");
    assert_eq!(reply.header("access-control-allow-origin"), Some("https://app.example.com"));
    assert_eq!(reply.header("access-control-allow-methods"), Some("DELETE,GET,OPTIONS,PATCH,POST,PUT"));
    assert_eq!(
        reply.header("access-control-allow-headers"),
        Some("accept,authorization,content-type,user-agent,x-csrftoken,x-requested-with")
    );
    assert_eq!(reply.header("access-control-max-age"), Some("86400"));
    assert_eq!(reply.header("vary"), Some("origin"));
    assert_eq!(reply.header("allow"), None, "the view did not answer the preflight");
    // A request from an allowed origin: the view's answer plus the grant.
    let reply = client.get("/api-hello", &[("origin", "http://localhost:3000")]).await;
    assert_eq!(reply.status, 401);
    assert_eq!(reply.text(), r#"{"detail":"Authentication credentials were not provided."}"#);
    assert_eq!(reply.header("access-control-allow-origin"), Some("http://localhost:3000"));
    assert_eq!(reply.header("vary"), Some("origin"));
    assert_eq!(reply.header("www-authenticate"), Some("Token"));
    // Another origin: the same answer without a grant.
    let reply = client.get("/api-hello", &[("origin", "https://evil.example")]).await;
    assert_eq!(reply.status, 401);
    assert_eq!(reply.header("access-control-allow-origin"), None);
    // A plain OPTIONS (no Access-Control-Request-Method) still reaches DRF's metadata view.
    let reply = client.send("OPTIONS", "/api-hello", &[("origin", "https://app.example.com")], "").await;
    assert_eq!(reply.header("allow"), Some("GET, HEAD, OPTIONS"));
    assert_eq!(reply.header("access-control-allow-origin"), Some("https://app.example.com"));
}

#[tokio::test]
async fn without_cors_allowed_origins_there_are_no_cors_headers() {
    let db = TestDb::new().await;
    let server = db.serve().await;
    let client = server.client();
    let reply = client.send("OPTIONS", "/api-login-auth", &PREFLIGHT, "").await;
    // DRF's own OPTIONS answer (the metadata), as in the tutorial.
    assert_eq!(reply.header("allow"), Some("POST, OPTIONS"));
    assert_eq!(reply.header("access-control-allow-origin"), None);
    assert_eq!(reply.header("access-control-allow-methods"), None);
    let reply = client.get("/api-hello", &[("origin", "https://app.example.com")]).await;
    assert_eq!(reply.header("access-control-allow-origin"), None);
    assert_eq!(reply.header("vary"), None);
}

#[tokio::test]
async fn an_origin_without_a_scheme_stops_the_server_with_the_check_message() {
    let db = TestDb::new().await;
    let output = db.manage(&["runserver", "127.0.0.1:0"], &[("CORS_ALLOWED_ORIGINS", "app.example.com")], None).await;
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        output.stderr.trim_end(),
        "CommandError: Origin 'app.example.com' in CORS_ALLOWED_ORIGINS is missing scheme or netloc"
    );
}
