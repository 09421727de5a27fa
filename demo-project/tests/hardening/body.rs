//! Finding 1: bodies that stop arriving. Against the real binary with its default limits: a
//! `POST` that announces `Content-Length: 1000`, sends a few bytes and goes silent used to hold
//! its connection (and task and descriptor) forever; now it gets a 408 after
//! `body_read_timeout` (30 s) and the connection is closed.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::TestDb;

/// The answer, headers in the server's order, with the `date` line left out.
const EXPECTED_408: &str = "HTTP/1.1 408 Request Timeout\r\n\
content-type: application/json\r\n\
x-frame-options: DENY\r\n\
x-content-type-options: nosniff\r\n\
referrer-policy: same-origin\r\n\
cross-origin-opener-policy: same-origin\r\n\
content-length: 48\r\n\
connection: close\r\n\
\r\n\
{\"detail\":\"Timed out reading the request body.\"}";

#[tokio::test]
async fn a_body_that_goes_silent_is_cut_with_408_after_the_default_timeout() {
    let db = TestDb::new().await;
    let server = db.serve().await;
    // A few silent clients at once, each with its own connection.
    let mut clients = Vec::new();
    for _ in 0..3 {
        let mut stream = TcpStream::connect(server.addr).await.expect("connect");
        stream
            .write_all(
                b"POST /api-login-auth HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"user",
            )
            .await
            .expect("write the head and a few bytes");
        clients.push(stream);
    }
    let started = Instant::now();
    for mut stream in clients {
        let mut out = Vec::new();
        // Today's default is 30 s; before the fix nothing came back at all.
        let read = tokio::time::timeout(Duration::from_secs(90), stream.read_to_end(&mut out)).await;
        assert!(read.is_ok(), "the connection was still open after 90 s");
        let text = String::from_utf8_lossy(&out);
        let text: Vec<&str> = text.split("\r\n").filter(|line| !line.starts_with("date: ")).collect();
        assert_eq!(text.join("\r\n"), EXPECTED_408);
    }
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_secs(25), "cut before the 30 s default: {elapsed:?}");
    // The log reaches us through a pipe drained by another task: give it a moment.
    let line = "\"POST /api-login-auth HTTP/1.1\" 408 48";
    let deadline = Instant::now() + Duration::from_secs(10);
    while server.log().matches(line).count() < 3 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let log = server.log();
    assert_eq!(log.matches(line).count(), 3, "{log}");
}
