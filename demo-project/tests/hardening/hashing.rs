//! Finding 2: password hashes run in a few shared slots, and a client cannot dodge the limit by
//! hanging up mid-login, nor queue unboundedly many logins.

use std::time::{Duration, Instant};

use serde_json::json;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use crate::common::TestDb;
use crate::throttle::threads_of;

const PASSWORD: &str = "s3cret-Pass!";

/// One `POST /api-token-auth` written to a fresh connection that is closed `after` later.
async fn abandoned_login(addr: std::net::SocketAddr, n: usize, after: Duration) {
    let body = json!({"username": format!("nobody{n}"), "password": "wrong"}).to_string();
    let request = format!(
        "POST /api-token-auth HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    if let Ok(mut stream) = TcpStream::connect(addr).await {
        let _ = stream.write_all(request.as_bytes()).await;
        tokio::time::sleep(after).await;
    }
}

#[tokio::test]
async fn logins_abandoned_mid_hash_do_not_pile_up_hashing_threads() {
    let db = TestDb::new().await;
    let server = db.serve().await;
    let client = server.client();
    let reply = client.register(json!({"username": "alice", "password": PASSWORD})).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let token = format!("Token {}", reply.json()["token"].as_str().expect("token"));
    let baseline = threads_of(server.pid());

    // 100 logins, one every 20 ms, each hung up 20 ms after it was sent: before the fix every one
    // of them freed its slot on hang-up while its hash kept running on a fresh blocking thread.
    let attack = tokio::spawn({
        let addr = server.addr;
        async move {
            let mut logins = Vec::new();
            for n in 0..100 {
                logins.push(tokio::spawn(abandoned_login(addr, n, Duration::from_millis(20))));
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            for login in logins {
                let _ = login.await;
            }
        }
    });
    let mut peak = baseline;
    let mut slowest = Duration::ZERO;
    let deadline = Instant::now() + Duration::from_secs(6);
    while Instant::now() < deadline {
        peak = peak.max(threads_of(server.pid()));
        let started = Instant::now();
        let hello = tokio::time::timeout(
            Duration::from_secs(10),
            client.get("/api-hello", &[("authorization", token.as_str())]),
        )
        .await
        .expect("HelloView answers within 10 s during the login flood");
        assert_eq!(hello.status, 200, "{}", hello.text());
        slowest = slowest.max(started.elapsed());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    attack.await.expect("attack task");
    eprintln!("threads: {baseline} before, {peak} at the peak; slowest HelloView {slowest:?}");
    assert!(
        peak <= baseline + 6,
        "hashing threads stay bounded by the slots: {baseline} threads before, {peak} at the peak"
    );
    // Generous: the point is that HelloView is served at all while logins are being hashed.
    assert!(slowest < Duration::from_secs(5), "slowest HelloView: {slowest:?}");
    // The server still logs people in afterwards.
    let login = tokio::time::timeout(Duration::from_secs(60), client.login("alice", PASSWORD))
        .await
        .expect("a login after the flood is answered");
    assert_eq!(login.status, 200, "{}", login.text());
    server.kill().await;
}

#[tokio::test]
async fn logins_beyond_the_hash_queue_are_refused_quickly_with_429() {
    let db = TestDb::new().await;
    let server = db.serve().await;
    let client = server.client();
    // 120 concurrent logins: far more than the queue of waiting hashes holds (64).
    let started = Instant::now();
    let logins: Vec<_> = (0..120)
        .map(|n| {
            let client = client.clone();
            tokio::spawn(async move {
                let t = Instant::now();
                let reply = client
                    .post_json("/api-token-auth", &json!({"username": format!("u{n}"), "password": "pw"}), &[])
                    .await;
                (reply, t.elapsed())
            })
        })
        .collect();
    let mut refused = 0;
    for login in logins {
        let (reply, took) = login.await.expect("login task");
        match reply.status {
            400 => {
                assert_eq!(reply.json(), json!({"non_field_errors": ["Unable to log in with provided credentials."]}))
            }
            429 => {
                refused += 1;
                let wait = reply.header("retry-after").expect("Retry-After on a refused login");
                assert_eq!(
                    reply.json(),
                    json!({"detail": format!("Request was throttled. Expected available in {wait} seconds.")})
                );
                assert!(took < Duration::from_secs(40), "a refused login is answered without hashing ({took:?})");
            }
            other => panic!("unexpected {other}: {}", reply.text()),
        }
    }
    eprintln!("{refused} of 120 concurrent logins refused with 429, all answered in {:?}", started.elapsed());
    assert!(refused >= 120 - 64 - 2, "logins beyond the queue are refused ({refused} of 120)");
    assert!(started.elapsed() < Duration::from_secs(120), "the flood is over within bounded time");
    server.kill().await;
}
