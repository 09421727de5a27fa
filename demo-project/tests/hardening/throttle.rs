//! Findings 3 and 4 and several instances: the throttle store stays bounded under many client
//! identities, and two demo instances on one Redis share one limit.

use std::time::Duration;

use tokio::io::AsyncReadExt;

use crate::common::TestDb;

/// `Threads:` of `/proc/<pid>/status`.
pub(crate) fn threads_of(pid: u32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("read /proc/<pid>/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a Threads: line")
}

/// `VmRSS:` of `/proc/<pid>/status`, in KiB.
fn rss_kib(pid: u32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("read /proc/<pid>/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|n| n.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmRSS: line")
}

/// A random client identity, so tests sharing a Redis never count each other's requests.
fn random_ident() -> String {
    let mut bytes = [0u8; 3];
    getrandom::fill(&mut bytes).expect("OS RNG");
    format!("10.{}.{}.{}", bytes[0], bytes[1], bytes[2])
}

#[tokio::test]
async fn huge_distinct_forwarded_for_values_do_not_grow_the_in_memory_store() {
    let db = TestDb::new().await;
    let server = db.serve_with_env(&[("DEMO_THROTTLE_RATES", "anon=3/min")]).await;
    let client = server.client();
    // Warm up the allocator and the connection pool first.
    for _ in 0..20 {
        let ident = random_ident();
        client.send("OPTIONS", "/api-register-auth", &[("x-forwarded-for", ident.as_str())], "").await;
    }
    let before = rss_kib(server.pid());
    // 1,500 clients, each with its own 48 KiB X-Forwarded-For: 72 MB of keys if stored raw.
    let workers: Vec<_> = (0..6)
        .map(|worker| {
            let client = client.clone();
            tokio::spawn(async move {
                for n in 0..250 {
                    let ident = format!("{worker}.{n}.{}", "9".repeat(48 * 1024));
                    let reply =
                        client.send("OPTIONS", "/api-register-auth", &[("x-forwarded-for", ident.as_str())], "").await;
                    assert_eq!(reply.status, 200, "{}", reply.text());
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await.expect("worker");
    }
    let grown = rss_kib(server.pid()).saturating_sub(before);
    eprintln!("RSS {before} KiB before 1,500 distinct 48 KiB identities, +{grown} KiB after");
    assert!(grown < 16 * 1024, "the throttle store stays bounded: RSS grew by {grown} KiB\n{}", server.log());
    // Throttling itself still works for one of those clients.
    let ident = random_ident();
    for expected in [200, 200, 200, 429] {
        let reply = client.send("OPTIONS", "/api-register-auth", &[("x-forwarded-for", ident.as_str())], "").await;
        assert_eq!(reply.status, expected, "{}", reply.text());
    }
    server.kill().await;
}

/// Whether Redis answers at 127.0.0.1:6379; `false` (with a note) lets a test skip outside CI.
async fn redis_available() -> bool {
    use tokio::io::AsyncWriteExt;
    let answered = async {
        let mut stream = tokio::net::TcpStream::connect("127.0.0.1:6379").await.ok()?;
        stream.write_all(b"PING\r\n").await.ok()?;
        let mut buf = [0u8; 7];
        stream.read_exact(&mut buf).await.ok()?;
        (&buf == b"+PONG\r\n").then_some(())
    };
    let up = tokio::time::timeout(Duration::from_secs(5), answered).await.ok().flatten().is_some();
    if !up {
        assert!(std::env::var_os("CI").is_none(), "Redis at 127.0.0.1:6379 is required under CI");
        eprintln!("note: Redis at 127.0.0.1:6379 unreachable; the several-instances test is skipped");
    }
    up
}

#[tokio::test]
async fn two_instances_on_one_redis_share_the_limit() {
    if !redis_available().await {
        return;
    }
    let db = TestDb::new().await;
    let env = [("REDIS_URL", "redis://127.0.0.1:6379/0"), ("DEMO_THROTTLE_RATES", "anon=3/min,user=1000/day")];
    let a = db.serve_with_env(&env).await;
    let b = db.serve_with_env(&env).await;
    let (client_a, client_b) = (a.client(), b.client());
    let ident = random_ident();
    let headers = [("x-forwarded-for", ident.as_str())];
    for (client, expected) in [(&client_a, 200), (&client_a, 200), (&client_b, 200)] {
        let reply = client.send("OPTIONS", "/api-register-auth", &headers, "").await;
        assert_eq!(reply.status, expected, "{}\nA:\n{}\nB:\n{}", reply.text(), a.log(), b.log());
    }
    for client in [&client_a, &client_b] {
        let reply = client.send("OPTIONS", "/api-register-auth", &headers, "").await;
        assert_eq!(reply.status, 429, "{}", reply.text());
        let wait = reply.header("retry-after").expect("Retry-After").to_owned();
        let seconds: u32 = wait.parse().expect("whole seconds");
        assert!((55..=60).contains(&seconds), "{seconds}");
        assert_eq!(
            reply.json(),
            serde_json::json!({"detail": format!("Request was throttled. Expected available in {wait} seconds.")})
        );
    }
    // Another client still gets through on either instance.
    let other = random_ident();
    let reply = client_b.send("OPTIONS", "/api-register-auth", &[("x-forwarded-for", other.as_str())], "").await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    a.kill().await;
    b.kill().await;
}

#[tokio::test]
async fn bad_throttle_settings_stop_the_server_at_startup() {
    let db = TestDb::new().await;
    for (env, message) in [
        (
            ("DEMO_THROTTLE_RATES", "anon=10/fortnight"),
            "Error: DEMO_THROTTLE_RATES: Invalid throttle rate \"10/fortnight\"",
        ),
        (("REDIS_URL", "redis://127.0.0.1:1/0"), "Error: REDIS_URL: cannot use Redis for the throttle store: "),
    ] {
        let output = db.manage(&["runserver", "127.0.0.1:0"], &[env], None).await;
        assert!(!output.status.success(), "{env:?} must stop the server");
        assert!(output.stderr.contains(message), "{env:?}: {}", output.stderr);
    }
}
