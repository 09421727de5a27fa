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
