//! `RedisThrottleStore` against the real Redis at 127.0.0.1:6379 (`REDIS_URL` overrides), each
//! test under its own random key prefix. Without Redis the tests print a note and pass, unless
//! `CI` is set: then they fail.

#![cfg(feature = "redis")]

use restframe::throttling::{Rate, RedisThrottleStore, ThrottleStore, Window, wait};

fn url() -> String {
    std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379/0".to_owned())
}

/// A store under a fresh prefix and a raw connection, or `None` (with a note) without Redis.
async fn redis() -> Option<(RedisThrottleStore, redis::aio::MultiplexedConnection, String)> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).expect("OS RNG");
    let prefix = format!("restframe-test-{}:1:", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>());
    let connected = async {
        let store = RedisThrottleStore::connect(&url()).await?;
        let raw = redis::Client::open(url())?.get_multiplexed_async_connection().await?;
        Ok::<_, redis::RedisError>((store.key_prefix(&prefix), raw))
    };
    match connected.await {
        Ok((store, raw)) => Some((store, raw, prefix)),
        Err(err) if std::env::var_os("CI").is_none() => {
            eprintln!("note: Redis at {} unreachable ({err}); Redis tests skipped", url());
            None
        }
        Err(err) => panic!("Redis at {} unreachable under CI: {err}", url()),
    }
}

async fn get_bytes(raw: &mut redis::aio::MultiplexedConnection, key: &str) -> Option<Vec<u8>> {
    redis::cmd("GET").arg(key).query_async(raw).await.expect("GET")
}

#[tokio::test]
async fn the_sliding_window_matches_drf() {
    let Some((store, _raw, _)) = redis().await else { return };
    let rate = Rate { num_requests: 2, duration: 60.0 };
    let base = 1_000.0;
    assert_eq!(store.hit("k", base, rate).await.expect("hit"), Window::Allowed);
    assert_eq!(store.hit("k", base + 10.0, rate).await.expect("hit"), Window::Allowed);
    assert_eq!(store.hit("k", base + 20.0, rate).await.expect("hit"), Window::Denied { len: 2, oldest: Some(base) });
    assert_eq!(wait(rate, base + 20.0, 2, Some(base)), Some(40.0));
    assert_eq!(store.hit("k", base + 60.0, rate).await.expect("hit"), Window::Allowed, "0.0 expired at 60.0");
    let denied = store.hit("k", base + 61.0, rate).await.expect("hit");
    assert_eq!(denied, Window::Denied { len: 2, oldest: Some(base + 10.0) });
    assert_eq!(store.hit("other", base + 61.0, rate).await.expect("hit"), Window::Allowed, "keys are independent");
    let none = Rate { num_requests: 0, duration: 60.0 };
    assert_eq!(store.hit("zero", base, none).await.expect("hit"), Window::Denied { len: 0, oldest: None });
}

#[tokio::test]
async fn histories_are_stored_as_django_redis_stores_drfs_list() {
    let Some((store, mut raw, prefix)) = redis().await else { return };
    let rate = Rate { num_requests: 5, duration: 60.0 };
    store.hit("throttle_anon_127.0.0.1", 1000.0, rate).await.expect("hit");
    let key = format!("{prefix}throttle_anon_127.0.0.1");
    // pickle.dumps([1000.0], protocol=4), as django-redis' PickleSerializer writes it.
    let expected = [128, 4, 149, 13, 0, 0, 0, 0, 0, 0, 0, 93, 148, 71, 64, 143, 64, 0, 0, 0, 0, 0, 97, 46];
    assert_eq!(get_bytes(&mut raw, &key).await, Some(expected.to_vec()));
    let ttl: i64 = redis::cmd("PTTL").arg(&key).query_async(&mut raw).await.expect("PTTL");
    assert!((1..=60_000).contains(&ttl), "the window is the TTL: {ttl} ms");
    // A history written by Django (Python 3.14's default protocol 5): [1005.25, 1001.0].
    let django = [
        128u8, 5, 149, 23, 0, 0, 0, 0, 0, 0, 0, 93, 148, 40, 71, 64, 143, 106, 0, 0, 0, 0, 0, 71, 64, 143, 72, 0, 0, 0,
        0, 0, 101, 46,
    ];
    let shared = format!("{prefix}throttle_user_7");
    let () =
        redis::cmd("SET").arg(&shared).arg(&django[..]).arg("EX").arg(60).query_async(&mut raw).await.expect("SET");
    let two = Rate { num_requests: 2, duration: 60.0 };
    assert_eq!(
        store.hit("throttle_user_7", 1010.0, two).await.expect("hit"),
        Window::Denied { len: 2, oldest: Some(1001.0) }
    );
    let three = Rate { num_requests: 3, duration: 60.0 };
    assert_eq!(store.hit("throttle_user_7", 1010.0, three).await.expect("hit"), Window::Allowed);
    let stored = get_bytes(&mut raw, &shared).await.expect("stored");
    assert_eq!(stored.len(), 11 + 3 + 3 * 9 + 2, "three floats, protocol 4 framing: {stored:?}");
    assert_eq!(&stored[..3], &[128, 4, 149]);
}

#[tokio::test]
async fn concurrent_hits_cannot_overshoot_the_limit() {
    let Some((store, _raw, _)) = redis().await else { return };
    let store = std::sync::Arc::new(store);
    let rate = Rate { num_requests: 10, duration: 60.0 };
    let hits: Vec<_> = (0..50)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move { store.hit("race", 1000.0 + f64::from(i) / 100.0, rate).await.expect("hit") })
        })
        .collect();
    let mut allowed = 0;
    for hit in hits {
        if hit.await.expect("task") == Window::Allowed {
            allowed += 1;
        }
    }
    assert_eq!(allowed, 10);
}

#[tokio::test]
async fn a_failing_store_fails_the_request_unless_fail_open() {
    let Some((store, mut raw, prefix)) = redis().await else { return };
    let () =
        redis::cmd("SET").arg(format!("{prefix}bad")).arg("not a pickle").query_async(&mut raw).await.expect("SET");
    let rate = Rate { num_requests: 5, duration: 60.0 };
    let err = store.hit("bad", 1000.0, rate).await.expect_err("an unreadable history fails");
    assert_eq!(err.status(), 500);
    assert_eq!(err.body(), serde_json::json!({"error": "Server Error (500)"}));
    let open = store.clone().fail_open(true);
    assert_eq!(open.hit("bad", 1000.0, rate).await.expect("fail open"), Window::Allowed);
    let unreachable = RedisThrottleStore::connect("redis://127.0.0.1:1/0").await;
    assert!(unreachable.is_err(), "connecting to a closed port fails at startup");
}
