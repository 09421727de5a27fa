//! Finding 5: a JSON body expands in memory. A 2.5 MB `[0,0,...]` used to become ~150 MB of
//! `serde_json::Value`s (226 MB at the peak of the last `Vec` growth), so a few concurrent
//! posts took the demo past a gigabyte. The parser now stops once the value would take
//! 10 × `DATA_UPLOAD_MAX_MEMORY_SIZE` and answers 413.

use crate::common::TestDb;

/// Just under `DATA_UPLOAD_MAX_MEMORY_SIZE` (2,621,440), so the body itself is accepted.
const BODY: usize = 2_600_000;

/// The demo's answer for each of them.
const REFUSED: &str = r#"{"detail":"Parsed JSON body exceeded the maximum size of 26214400 bytes."}"#;

/// How much the server's peak RSS may grow while four such bodies are parsed at once: each
/// request holds its body and at most the 25 MiB budget. Measured: ~68 MiB with the budget,
/// ~373 MiB without it (four `[0,0,...]` bodies of 2.6 MB).
const MAX_GROWTH_KIB: u64 = 160 * 1024;

/// A body of `open item,item,... close` of about [`BODY`] bytes.
fn dense(open: &str, item: impl Fn(usize) -> String, close: &str) -> String {
    let mut body = String::from(open);
    let mut i = 0;
    while body.len() + 40 < BODY {
        body.push_str(&item(i));
        body.push(',');
        i += 1;
    }
    body.push_str(&item(i));
    body.push_str(close);
    body
}

/// `VmHWM` (peak resident set size) of `pid`, in KiB.
fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("read /proc/<pid>/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmHWM line")
}

#[tokio::test]
async fn dense_json_bodies_are_refused_before_they_expand() {
    let db = TestDb::new().await;
    let server = db.serve().await;
    let pid = server.pid();
    let client = server.client();
    let missing = serde_json::json!({"username": "x"});
    assert_eq!(client.post_json("/api-token-auth", &missing, &[]).await.status, 400);
    let before = peak_rss_kib(pid);

    let shapes = [
        ("[0,0,...]", dense("[", |_| "0".into(), "]")),
        ("[[],[],...]", dense("[", |_| "[]".into(), "]")),
        ("{\"a\":{},...}", dense("{", |i| format!("\"{i:x}\":{{}}"), "}")),
        ("[\"\",...]", dense("[", |_| "\"\"".into(), "]")),
    ];
    for (name, body) in shapes {
        let body = bytes::Bytes::from(body);
        let posts = (0..4).map(|_| {
            let client = client.clone();
            let body = body.clone();
            tokio::spawn(async move {
                client.send("POST", "/api-token-auth", &[("content-type", "application/json")], body).await
            })
        });
        for post in futures_util::future::join_all(posts).await {
            let reply = post.expect("the request task");
            assert_eq!((reply.status, reply.text().as_str()), (413, REFUSED), "{name}");
        }
    }

    let growth = peak_rss_kib(pid).saturating_sub(before);
    eprintln!("peak RSS {before} KiB before, grew by {growth} KiB");
    assert!(growth < MAX_GROWTH_KIB, "peak RSS grew by {growth} KiB");
    // Still serving, and an ordinary body still parses (400: the credentials are missing).
    let reply = client.post_json("/api-token-auth", &missing, &[]).await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.text(), r#"{"password":["This field is required."]}"#);
}
