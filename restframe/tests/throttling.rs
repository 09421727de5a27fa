//! DRF's tests/test_throttling.py scenarios with a controllable clock.

mod common;

use http::Method;
use restframe::prelude::*;
use restframe::test::{APIClient, Body};
use restframe::throttling::{ManualClock, ThrottleDecision};
use serde_json::json;

use common::FakeToken;

struct MockView;

#[api_view]
impl APIView for MockView {
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!("foo")))
    }
}

struct ScopedView;

#[api_view]
impl APIView for ScopedView {
    fn throttle_classes(&self) -> Throttles {
        throttles![ScopedRateThrottle]
    }
    fn throttle_scope(&self) -> Option<&'static str> {
        Some("x")
    }
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!("x")))
    }
}

struct UnscopedView;

#[api_view]
impl APIView for UnscopedView {
    fn throttle_classes(&self) -> Throttles {
        throttles![ScopedRateThrottle]
    }
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!("unscoped")))
    }
}

struct DualView;

#[api_view]
impl APIView for DualView {
    fn throttle_classes(&self) -> Throttles {
        throttles![
            UserRateThrottle::new().with_rate("3/min"),
            UserRateThrottle::new().with_scope("burst").with_rate("1/s")
        ]
    }
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!("dual")))
    }
}

/// Denies without an estimate (DRF's "non-time throttle").
struct NonTimeThrottle;

impl Throttle for NonTimeThrottle {
    async fn allow_request(&self, _request: &Request) -> Result<ThrottleDecision, ApiError> {
        Ok(ThrottleDecision::Deny { wait: None })
    }
}

struct NonTimeView;

#[api_view]
impl APIView for NonTimeView {
    fn throttle_classes(&self) -> Throttles {
        throttles![NonTimeThrottle]
    }
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({})))
    }
}

fn client(settings: Settings) -> APIClient {
    let urls = urlpatterns![
        path("", MockView),
        path("scoped", ScopedView),
        path("unscoped", UnscopedView),
        path("dual", DualView),
        path("nontime", NonTimeView),
    ];
    APIClient::new(
        App::new(settings.default_authentication_classes(authentication![FakeToken]), urls).expect("valid urls"),
    )
}

fn anon_settings(rate: &str, clock: &ManualClock) -> Settings {
    Settings::default()
        .default_throttle_classes(throttles![AnonRateThrottle::new()])
        .default_throttle_rate("anon", rate)
        .clock(clock.clone())
}

async fn get_from(c: &APIClient, path: &str, xff: Option<&str>) -> restframe::test::TestResponse {
    let headers: Vec<(&str, &str)> = xff.map(|x| vec![("x-forwarded-for", x)]).unwrap_or_default();
    c.send(Method::GET, path, &headers, &Body::Empty).await
}

#[tokio::test]
async fn third_request_in_a_minute_is_throttled_with_retry_after() {
    let clock = ManualClock::new(1000.0);
    let c = client(anon_settings("2/min", &clock));
    assert_eq!(c.get("/").await.status(), 200);
    assert_eq!(c.get("/").await.status(), 200);
    let response = c.get("/").await;
    assert_eq!(response.status(), 429);
    assert_eq!(response.header("retry-after"), Some("60"));
    assert_eq!(response.text(), r#"{"detail":"Request was throttled. Expected available in 60 seconds."}"#);
    // Retry-After shrinks as time passes and the request is allowed once the window moves on.
    clock.advance(30.5);
    let response = c.get("/").await;
    assert_eq!(response.header("retry-after"), Some("30"));
    assert_eq!(response.text(), r#"{"detail":"Request was throttled. Expected available in 30 seconds."}"#);
    clock.advance(29.5);
    assert_eq!(c.get("/").await.status(), 200);
}

#[tokio::test]
async fn seconds_rate_waits_one_second() {
    let clock = ManualClock::new(0.0);
    let c = client(anon_settings("1/sec", &clock));
    assert_eq!(c.get("/").await.status(), 200);
    let response = c.get("/").await;
    assert_eq!(response.header("retry-after"), Some("1"));
    assert_eq!(response.text(), r#"{"detail":"Request was throttled. Expected available in 1 second."}"#);
    clock.advance(0.8);
    let response = c.get("/").await;
    assert_eq!(response.header("retry-after"), Some("1"));
    clock.advance(0.2);
    assert_eq!(c.get("/").await.status(), 200);
}

#[tokio::test]
async fn anon_throttle_ignores_authenticated_users() {
    let clock = ManualClock::new(0.0);
    let mut c = client(anon_settings("1/min", &clock));
    c.credentials(Some("Token alice"));
    for _ in 0..5 {
        assert_eq!(c.get("/").await.status(), 200);
    }
}

#[tokio::test]
async fn user_throttle_counts_per_user() {
    let clock = ManualClock::new(0.0);
    let settings = Settings::default()
        .default_throttle_classes(throttles![UserRateThrottle::new()])
        .default_throttle_rate("user", "1/min")
        .clock(clock);
    let mut c = client(settings);
    c.credentials(Some("Token alice"));
    assert_eq!(c.get("/").await.status(), 200);
    assert_eq!(c.get("/").await.status(), 429);
    c.credentials(Some("Token admin"));
    assert_eq!(c.get("/").await.status(), 200, "another user has their own history");
    c.credentials(None);
    assert_eq!(c.get("/").await.status(), 200, "anonymous requests are counted by IP");
    assert_eq!(c.get("/").await.status(), 429);
}

#[tokio::test]
async fn multiple_throttles_report_the_longest_wait_and_passing_ones_still_count() {
    let clock = ManualClock::new(0.0);
    let mut c = client(Settings::default().clock(clock.clone()));
    c.credentials(Some("Token alice"));
    assert_eq!(c.get("/dual").await.status(), 200);
    // The burst throttle (1/s) denies; the 3/min one records this request anyway.
    let response = c.get("/dual").await;
    assert_eq!(response.status(), 429);
    assert_eq!(response.header("retry-after"), Some("1"));
    clock.advance(1.0);
    assert_eq!(c.get("/dual").await.status(), 200);
    clock.advance(1.0);
    // Now the minute throttle holds 3 requests (t=0, 0, 1): its wait (58 s) beats burst's.
    let response = c.get("/dual").await;
    assert_eq!(response.status(), 429);
    assert_eq!(response.header("retry-after"), Some("58"));
}

#[tokio::test]
async fn throttle_without_wait_has_plain_message() {
    let response = client(Settings::default()).get("/nontime").await;
    assert_eq!(response.status(), 429);
    assert_eq!(response.text(), r#"{"detail":"Request was throttled."}"#);
    assert_eq!(response.header("retry-after"), None);
}

#[tokio::test]
async fn scoped_throttle_uses_the_view_scope() {
    let clock = ManualClock::new(0.0);
    let c = client(Settings::default().default_throttle_rate("x", "2/min").clock(clock));
    assert_eq!(c.get("/scoped").await.status(), 200);
    assert_eq!(c.get("/scoped").await.status(), 200);
    assert_eq!(c.get("/scoped").await.status(), 429);
    for _ in 0..3 {
        assert_eq!(c.get("/unscoped").await.status(), 200, "no scope, no throttling");
    }
}

#[tokio::test]
async fn missing_scope_rate_is_a_logged_500() {
    let response = client(Settings::default()).get("/scoped").await;
    assert_eq!(response.status(), 500);
    assert_eq!(response.text(), r#"{"error":"Server Error (500)"}"#);
}

#[tokio::test]
async fn invalid_rate_is_refused_at_startup() {
    let settings = Settings::default().default_throttle_rate("anon", "5/30s");
    let err = App::new(settings, urlpatterns![path("", MockView)]).expect_err("invalid rate");
    assert_eq!(
        err.to_string(),
        r#"DEFAULT_THROTTLE_RATES["anon"]: Invalid throttle rate "5/30s": expected "<number>/<s|m|h|d>""#
    );
}

#[tokio::test]
async fn x_forwarded_for_without_num_proxies_uses_the_whole_header() {
    let clock = ManualClock::new(0.0);
    let c = client(anon_settings("1/min", &clock));
    assert_eq!(get_from(&c, "/", Some("1.2.3.4, 5.6.7.8")).await.status(), 200);
    assert_eq!(get_from(&c, "/", Some("1.2.3.4,5.6.7.8")).await.status(), 429, "same ident without whitespace");
    assert_eq!(get_from(&c, "/", Some("1.2.3.4")).await.status(), 200, "a different ident");
    assert_eq!(get_from(&c, "/", None).await.status(), 200, "the socket address");
}

#[tokio::test]
async fn num_proxies_zero_ignores_x_forwarded_for() {
    let clock = ManualClock::new(0.0);
    let c = client(anon_settings("1/min", &clock).num_proxies(Some(0)));
    assert_eq!(get_from(&c, "/", Some("1.1.1.1")).await.status(), 200);
    assert_eq!(get_from(&c, "/", Some("2.2.2.2")).await.status(), 429, "spoofed header ignored");
}

#[tokio::test]
async fn num_proxies_picks_the_address_from_the_right() {
    let clock = ManualClock::new(0.0);
    let c = client(anon_settings("1/min", &clock).num_proxies(Some(1)));
    assert_eq!(get_from(&c, "/", Some("9.9.9.9, 1.1.1.1")).await.status(), 200);
    assert_eq!(get_from(&c, "/", Some("8.8.8.8, 1.1.1.1")).await.status(), 429, "client spoofing the left part");
    assert_eq!(get_from(&c, "/", Some("1.1.1.2")).await.status(), 200, "unique client");
    let c = client(anon_settings("1/min", &clock).num_proxies(Some(5)));
    assert_eq!(get_from(&c, "/", Some("7.7.7.7, 6.6.6.6")).await.status(), 200);
    assert_eq!(get_from(&c, "/", Some("7.7.7.7, 5.5.5.5")).await.status(), 429, "clamped to the leftmost");
}

#[tokio::test]
async fn unauthenticated_requests_rejected_by_permissions_are_not_counted() {
    struct Private;
    #[api_view]
    impl APIView for Private {
        fn permission_classes(&self) -> Permissions {
            permissions![IsAuthenticated]
        }
        async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
            Ok(Response::json(json!({})))
        }
    }
    let clock = ManualClock::new(0.0);
    let settings = anon_settings("1/min", &clock).default_authentication_classes(authentication![FakeToken]);
    let c = APIClient::new(App::new(settings, urlpatterns![path("p", Private), path("", MockView)]).expect("valid"));
    for _ in 0..3 {
        assert_eq!(c.get("/p").await.status(), 401);
    }
    assert_eq!(c.get("/").await.status(), 200, "the history is still empty");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_requests_never_exceed_the_rate() {
    let clock = ManualClock::new(0.0);
    let c = client(anon_settings("5/min", &clock));
    let tasks: Vec<_> = (0..40)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(async move { c.get("/").await.status().as_u16() })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.expect("task"));
    }
    assert_eq!(statuses.iter().filter(|&&s| s == 200).count(), 5);
    assert_eq!(statuses.iter().filter(|&&s| s == 429).count(), 35);
}

/// A backend that counts how often it was asked (each ask would be a password hash).
struct CountingBackend(std::sync::Arc<std::sync::atomic::AtomicUsize>);

impl restframe::authentication::UserBackend for CountingBackend {
    async fn authenticate(
        &self,
        _username: &str,
        _password: &str,
    ) -> Result<Option<std::sync::Arc<dyn restframe::user::User>>, ApiError> {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(None)
    }
}

#[tokio::test]
async fn basic_credentials_are_throttled_per_client_before_hashing() {
    use restframe::authentication::BasicAuthentication;
    let asked = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let clock = ManualClock::new(1000.0);
    let basic = BasicAuthentication::new(CountingBackend(asked.clone())).hash_throttle_scope("basic");
    let settings = Settings::default()
        .default_authentication_classes(authentication![basic])
        .default_throttle_rate("basic", "2/min")
        .clock(clock.clone());
    let c = APIClient::new(App::new(settings, urlpatterns![path("", MockView)]).expect("valid urls"));
    // "alice:wrong"
    let wrong = [("authorization", "Basic YWxpY2U6d3Jvbmc="), ("x-forwarded-for", "1.2.3.4")];
    for _ in 0..2 {
        let response = c.send(Method::GET, "/", &wrong, &Body::Empty).await;
        assert_eq!(response.status(), 401);
        assert_eq!(response.text(), r#"{"detail":"Invalid username/password."}"#);
    }
    let response = c.send(Method::GET, "/", &wrong, &Body::Empty).await;
    assert_eq!(response.status(), 429);
    assert_eq!(response.header("retry-after"), Some("60"));
    assert_eq!(response.text(), r#"{"detail":"Request was throttled. Expected available in 60 seconds."}"#);
    assert_eq!(asked.load(std::sync::atomic::Ordering::SeqCst), 2, "the throttled attempt was not checked");
    // Another client, and requests without Basic credentials, are not counted.
    let other = [("authorization", "Basic YWxpY2U6d3Jvbmc="), ("x-forwarded-for", "5.6.7.8")];
    assert_eq!(c.send(Method::GET, "/", &other, &Body::Empty).await.status(), 401);
    assert_eq!(get_from(&c, "/", Some("1.2.3.4")).await.status(), 200);
    clock.advance(60.0);
    assert_eq!(c.send(Method::GET, "/", &wrong, &Body::Empty).await.status(), 401);
}

#[tokio::test]
async fn long_forwarded_for_idents_are_stored_hashed() {
    use restframe::throttling::{Rate, ThrottleStore, Window};
    #[derive(Clone, Default)]
    struct Recording(std::sync::Arc<std::sync::Mutex<Vec<String>>>);
    impl ThrottleStore for Recording {
        async fn hit(&self, key: &str, _now: f64, _rate: Rate) -> Result<Window, ApiError> {
            self.0.lock().expect("keys").push(key.to_owned());
            Ok(Window::Allowed)
        }
    }
    let store = Recording::default();
    let clock = ManualClock::new(1000.0);
    let c = client(anon_settings("5/min", &clock).throttle_store(store.clone()));
    let long = "1".repeat(64 * 1024);
    assert_eq!(get_from(&c, "/", Some(&long)).await.status(), 200);
    assert_eq!(get_from(&c, "/", Some("10.0.0.1")).await.status(), 200);
    let keys = store.0.lock().expect("keys").clone();
    // hashlib.sha256(b"1" * 65536).hexdigest()
    let hex = "4eefb9a7a40a8b314b586a00f307157043c0bbe4f59fa39cba88773680758bc3";
    assert_eq!(keys, [format!("throttle_anon_sha256:{hex}"), "throttle_anon_10.0.0.1".to_owned()]);
}
