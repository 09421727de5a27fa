//! The bookshelf's OpenAPI document against drf-spectacular's for the Django original
//! (`tests/openapi/bookshelf.json`, recorded from `../shared/drf-apps/bookshelf`; see
//! tests/openapi/README.md): written by `bookshelf spectacular` and served at `/schema/`.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use restframe::schemas::differences;
use serde_json::Value;

/// Differences the port keeps on purpose, as `(path, reason)`.
const ALLOWED: &[(&str, &str)] = &[(
    "/components/schemas/User/properties/books/readOnly",
    // DRF's `StringRelatedField(many=True)` is a `ManyRelatedField` built from the arguments
    // as given, so only its child is read-only and spectacular omits `readOnly`; the field
    // cannot be written in either framework, and restframe says so.
    "StringRelatedField(many=True) is read-only",
)];

/// drf-spectacular 0.30's document for the Django bookshelf.
fn reference() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/openapi/bookshelf.json");
    let text = std::fs::read_to_string(path).expect("tests/openapi/bookshelf.json");
    serde_json::from_str(&text).expect("the reference is JSON")
}

/// The structural differences from the reference that [`ALLOWED`] does not list.
fn unexpected(document: &Value) -> Vec<String> {
    differences(document, &reference())
        .into_iter()
        .filter(|line| !ALLOWED.iter().any(|(path, _)| line.starts_with(&format!("{path}:"))))
        .collect()
}

/// The database the binary gets: `DATABASE_URL` when set (PostgreSQL in CI), else a fresh
/// in-memory SQLite database.
fn database_url() -> String {
    std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite::memory:".to_owned())
}

fn bookshelf() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_bookshelf"));
    command.env("DATABASE_URL", database_url());
    command
}

#[test]
fn the_spectacular_command_writes_drf_spectaculars_document() {
    let file = std::env::temp_dir().join(format!("bookshelf-schema-{}.json", std::process::id()));
    let output = bookshelf()
        .args(["spectacular", "--format", "openapi-json", "--file"])
        .arg(&file)
        .output()
        .expect("run bookshelf");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = std::fs::read_to_string(&file).expect("the command wrote the file");
    let _ = std::fs::remove_file(&file);
    // spectacular's JSON renderer indents by 4.
    assert!(text.starts_with("{\n    \"openapi\": \"3.0.3\",\n"), "{text}");
    let document: Value = serde_json::from_str(&text).expect("JSON");
    let diffs = unexpected(&document);
    assert!(diffs.is_empty(), "{} differences from drf-spectacular:\n{}", diffs.len(), diffs.join("\n"));
}

/// A running `bookshelf runserver`, killed on drop.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start() -> Server {
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let child = bookshelf()
            .args(["runserver", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start bookshelf");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(60), "the server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Server { child, port }
    }

    /// `GET path` with `headers`: the response head and body.
    fn get(&self, path: &str, headers: &str) -> (String, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(stream, "GET {path} HTTP/1.1\r\nHost: testserver\r\nConnection: close\r\n{headers}\r\n").expect("send");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("read");
        let (head, body) = response.split_once("\r\n\r\n").expect("a head and a body");
        (head.to_owned(), body.to_owned())
    }
}

#[test]
fn the_schema_is_served_as_spectacularapiview_serves_it() {
    let server = Server::start();
    let (head, body) = server.get("/schema/?format=json", "");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.to_ascii_lowercase().contains("content-type: application/vnd.oai.openapi+json\r\n"), "{head}");
    let diffs = unexpected(&serde_json::from_str(&body).expect("JSON"));
    assert!(diffs.is_empty(), "{} differences from drf-spectacular:\n{}", diffs.len(), diffs.join("\n"));
    let (head, body) = server.get("/schema/", "");
    assert!(head.to_ascii_lowercase().contains("content-type: application/vnd.oai.openapi; charset=utf-8\r\n"));
    assert!(
        body.starts_with("openapi: 3.0.3\ninfo:\n  title: ''\n  version: 0.0.0\npaths:\n  /api-token-auth/:\n"),
        "{body}"
    );
}
