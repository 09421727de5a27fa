//! DRF's `rest_framework.throttling`: the [`Throttle`] hook and the built-in rate throttles.
//!
//! Rates are DRF's strings (`"5/min"`: only the first letter of the period counts, `s`, `m`,
//! `h` or `d`), read from `DEFAULT_THROTTLE_RATES` by scope. Histories live in
//! [`Settings::throttle_store`](crate::settings::Settings) under DRF's keys
//! (`throttle_anon_<ip>`, `throttle_user_<pk>`), and time comes from
//! [`Settings::clock`](crate::settings::Settings) so tests can move it.
//!
//! ```
//! use restframe::prelude::*;
//! use restframe::throttling::{AnonRateThrottle, ManualClock};
//!
//! let clock = ManualClock::new(1_000.0);
//! let settings = Settings::default()
//!     .default_throttle_classes(throttles![AnonRateThrottle::new()])
//!     .default_throttle_rate("anon", "2/min")
//!     .clock(clock.clone());
//! // ... after two requests from one IP the third gets 429 until `clock.advance(60.0)`.
//! # let _ = settings;
//! ```

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::classes::ClassList;
use crate::exceptions::ApiError;
use crate::request::Request;
use crate::util::BoxFuture;

#[cfg(feature = "redis")]
mod redis;
mod store;

#[cfg(feature = "redis")]
pub use self::redis::RedisThrottleStore;
pub use store::{DEFAULT_CULL_FREQUENCY, DEFAULT_MAX_ENTRIES, InMemoryThrottleStore};

/// What a throttle decided for one request.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ThrottleDecision {
    /// The request may proceed (and was recorded in the throttle's history).
    Allow,
    /// The request is throttled; `wait` is DRF's `throttle.wait()` in seconds.
    Deny {
        /// Seconds until a retry may succeed, if known.
        wait: Option<f64>,
    },
}

/// A throttle class: DRF's `BaseThrottle` (`allow_request` plus `wait`, folded into one result).
/// An `Err` (a misconfigured rate, a failing store) fails the request.
///
/// ```
/// use restframe::prelude::*;
/// use restframe::throttling::ThrottleDecision;
///
/// /// Refuses writes during maintenance, without a retry estimate.
/// struct Maintenance;
///
/// impl Throttle for Maintenance {
///     async fn allow_request(&self, request: &Request) -> Result<ThrottleDecision, ApiError> {
///         Ok(if request.method() == http::Method::GET {
///             ThrottleDecision::Allow
///         } else {
///             ThrottleDecision::Deny { wait: None } // 429 "Request was throttled."
///         })
///     }
/// }
///
/// let classes = throttles![Maintenance, UserRateThrottle::new()];
/// # let _ = classes;
/// ```
pub trait Throttle: Send + Sync + 'static {
    /// Decide whether `request` may proceed.
    fn allow_request(&self, request: &Request) -> impl Future<Output = Result<ThrottleDecision, ApiError>> + Send;
}

/// Object-safe twin of [`Throttle`], implemented for every throttle class: what throttle lists
/// store.
#[doc(hidden)]
pub trait DynThrottle: Send + Sync + 'static {
    /// See [`Throttle::allow_request`].
    fn allow_request_dyn<'a>(&'a self, request: &'a Request) -> BoxFuture<'a, Result<ThrottleDecision, ApiError>>;
}

impl<T: Throttle> DynThrottle for T {
    fn allow_request_dyn<'a>(&'a self, request: &'a Request) -> BoxFuture<'a, Result<ThrottleDecision, ApiError>> {
        Box::pin(self.allow_request(request))
    }
}

/// A list of throttle classes (`throttle_classes`).
pub type Throttles = ClassList<dyn DynThrottle>;

/// Builds a [`Throttles`] list: `throttles![AnonRateThrottle::new()]`.
#[macro_export]
macro_rules! throttles {
    ($($class:expr),* $(,)?) => {
        $crate::throttling::Throttles::new(::std::vec![
            $(::std::sync::Arc::new($class) as ::std::sync::Arc<dyn $crate::throttling::DynThrottle>),*
        ])
    };
}

/// Where time comes from, in seconds (Python's `time.time()`).
pub trait Clock: Send + Sync + 'static {
    /// The current time in seconds.
    fn now(&self) -> f64;
}

/// The system clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> f64 {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0)
    }
}

/// A clock that only moves when told to; clones share the time.
///
/// ```
/// use restframe::throttling::{Clock, ManualClock};
/// let clock = ManualClock::new(10.0);
/// clock.advance(2.5);
/// assert_eq!(clock.now(), 12.5);
/// ```
#[derive(Clone, Debug, Default)]
pub struct ManualClock(Arc<AtomicU64>);

impl ManualClock {
    /// A clock showing `start` seconds.
    pub fn new(start: f64) -> Self {
        Self(Arc::new(AtomicU64::new(start.to_bits())))
    }
    /// Moves the clock forward by `seconds`.
    pub fn advance(&self, seconds: f64) {
        self.set(self.now() + seconds);
    }
    /// Sets the time.
    pub fn set(&self, now: f64) {
        self.0.store(now.to_bits(), Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> f64 {
        f64::from_bits(self.0.load(Ordering::SeqCst))
    }
}

/// A parsed rate: DRF's `(num_requests, duration)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rate {
    /// Requests allowed per window.
    pub num_requests: usize,
    /// The window in seconds.
    pub duration: f64,
}

impl Rate {
    /// DRF's `parse_rate`: `"<int>/<period>"` where only the period's first letter counts.
    ///
    /// ```
    /// use restframe::throttling::Rate;
    /// assert_eq!(Rate::parse("10/minute").unwrap(), Rate { num_requests: 10, duration: 60.0 });
    /// assert!(Rate::parse("5/30s").is_err());
    /// ```
    pub fn parse(rate: &str) -> Result<Rate, InvalidRate> {
        let invalid = || InvalidRate(rate.to_owned());
        let (num, period) = rate.split_once('/').ok_or_else(invalid)?;
        let num_requests = num.trim().parse().map_err(|_| invalid())?;
        let duration = match period.chars().next() {
            Some('s') => 1.0,
            Some('m') => 60.0,
            Some('h') => 3600.0,
            Some('d') => 86400.0,
            _ => return Err(invalid()),
        };
        if period.contains('/') {
            return Err(invalid());
        }
        Ok(Rate { num_requests, duration })
    }
}

/// A throttle rate string that is not `"<number>/<s|m|h|d>"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidRate(pub String);

impl std::fmt::Display for InvalidRate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Invalid throttle rate {:?}: expected \"<number>/<s|m|h|d>\"", self.0)
    }
}

impl std::error::Error for InvalidRate {}

/// The outcome of one sliding-window check.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Window {
    /// Under the limit; the request was recorded.
    Allowed,
    /// At the limit; nothing was recorded.
    Denied {
        /// How many requests the window holds.
        len: usize,
        /// The oldest recorded request, if any.
        oldest: Option<f64>,
    },
}

/// The cache behind rate throttles. Implement it over a shared store (Redis, a database) to
/// throttle across processes; the check and the insert must be one atomic step.
///
/// ```
/// use restframe::prelude::*;
/// use restframe::throttling::{InMemoryThrottleStore, Rate, ThrottleStore, Window};
///
/// /// Counts every key under a per-deployment prefix, delegating the window to memory.
/// struct Prefixed(&'static str, InMemoryThrottleStore);
///
/// impl ThrottleStore for Prefixed {
///     async fn hit(&self, key: &str, now: f64, rate: Rate) -> Result<Window, ApiError> {
///         self.1.hit(&format!("{}:{key}", self.0), now, rate).await
///     }
/// }
///
/// let settings = Settings::default().throttle_store(Prefixed("eu-1", InMemoryThrottleStore::new()));
/// # let _ = settings;
/// ```
pub trait ThrottleStore: Send + Sync + 'static {
    /// DRF's `SimpleRateThrottle.allow_request` on the history of `key`: drop timestamps at or
    /// before `now - rate.duration`; deny when `rate.num_requests` remain; else record `now`.
    fn hit(&self, key: &str, now: f64, rate: Rate) -> impl Future<Output = Result<Window, ApiError>> + Send;
}

/// Object-safe twin of [`ThrottleStore`], implemented for every store: what the settings keep.
#[doc(hidden)]
pub trait DynThrottleStore: Send + Sync + 'static {
    /// See [`ThrottleStore::hit`].
    fn hit_dyn<'a>(&'a self, key: &'a str, now: f64, rate: Rate) -> BoxFuture<'a, Result<Window, ApiError>>;
}

impl<S: ThrottleStore> DynThrottleStore for S {
    fn hit_dyn<'a>(&'a self, key: &'a str, now: f64, rate: Rate) -> BoxFuture<'a, Result<Window, ApiError>> {
        Box::pin(self.hit(key, now, rate))
    }
}

/// DRF's `SimpleRateThrottle.wait()` for a denied window.
pub fn wait(rate: Rate, now: f64, len: usize, oldest: Option<f64>) -> Option<f64> {
    let remaining = oldest.map_or(rate.duration, |oldest| rate.duration - (now - oldest));
    let available = rate.num_requests as f64 - len as f64 + 1.0;
    (available > 0.0).then(|| remaining / available)
}

/// Idents longer than this many bytes are stored as their SHA-256 (see [`cache_key`]).
pub const MAX_IDENT_LENGTH: usize = 128;

/// DRF's `cache_format % {"scope": scope, "ident": ident}`: `throttle_<scope>_<ident>`, except
/// that an ident longer than [`MAX_IDENT_LENGTH`] bytes (a client-chosen `X-Forwarded-For` can be
/// 64 KiB) becomes `sha256:` and its hex digest, so every key costs a bounded size in every store.
///
/// ```
/// use restframe::throttling::cache_key;
/// assert_eq!(cache_key("anon", "127.0.0.1"), "throttle_anon_127.0.0.1");
/// let long = cache_key("anon", &"1.2.3.4,".repeat(1000));
/// assert!(long.starts_with("throttle_anon_sha256:"));
/// assert_eq!(long.len(), "throttle_anon_sha256:".len() + 64);
/// ```
pub fn cache_key(scope: &str, ident: &str) -> String {
    if ident.len() <= MAX_IDENT_LENGTH {
        return format!("throttle_{scope}_{ident}");
    }
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(ident.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("throttle_{scope}_sha256:{hex}")
}

/// DRF's `get_ident`: the client address for throttling. With `NUM_PROXIES` unset the whole
/// `X-Forwarded-For` header (whitespace removed) is the identity when present (clients can set it:
/// set `NUM_PROXIES` behind a proxy); `0` means the socket address; `n` the n-th entry from the
/// right of `X-Forwarded-For`.
pub fn client_ident(request: &Request) -> String {
    let remote = || request.remote_addr().map(|a| a.ip().to_string()).unwrap_or_default();
    let xff = request.headers().get("x-forwarded-for").map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    match (request.settings().num_proxies(), xff) {
        (Some(0), _) | (_, None) => remote(),
        (Some(n), Some(xff)) => {
            let addrs: Vec<&str> = xff.split(',').collect();
            addrs[addrs.len() - n.min(addrs.len())].trim().to_owned()
        }
        (None, Some(xff)) => xff.split_whitespace().collect(),
    }
}

/// The shared body of the rate throttles: look the rate up, then check the window for `ident`.
async fn throttle(
    request: &Request,
    scope: &str,
    rate_override: Option<&Result<Rate, InvalidRate>>,
    ident: Option<String>,
) -> Result<ThrottleDecision, ApiError> {
    let settings = request.settings();
    let rate = match rate_override {
        Some(rate) => Some(rate.clone().map_err(ApiError::internal)?),
        None => settings
            .throttle_rate(scope)
            .ok_or_else(|| ApiError::internal(format!("No default throttle rate set for '{scope}' scope")))?,
    };
    let Some(rate) = rate else {
        return Ok(ThrottleDecision::Allow);
    };
    let Some(ident) = ident else {
        return Ok(ThrottleDecision::Allow);
    };
    let key = cache_key(scope, &ident);
    let now = settings.clock().now();
    Ok(match settings.throttle_store.hit_dyn(&key, now, rate).await? {
        Window::Allowed => ThrottleDecision::Allow,
        Window::Denied { len, oldest } => ThrottleDecision::Deny { wait: wait(rate, now, len, oldest) },
    })
}

/// Counts this request against `DEFAULT_THROTTLE_RATES[scope]` for its client IP, outside the
/// view's throttle classes: what [`BasicAuthentication::hash_throttle_scope`](crate::authentication::BasicAuthentication::hash_throttle_scope)
/// runs before hashing. A scope without a rate is DRF's `ImproperlyConfigured` (500).
pub(crate) async fn check_client(request: &Request, scope: &str) -> Result<ThrottleDecision, ApiError> {
    throttle(request, scope, None, Some(client_ident(request))).await
}

/// Who a [`SimpleRateThrottle`] counts requests against, and its default scope: the part in
/// which DRF's `AnonRateThrottle` and `UserRateThrottle` differ (`scope` and `get_cache_key`).
pub trait ThrottleIdentity: Send + Sync + 'static {
    /// The default scope (`"anon"`, `"user"`).
    const SCOPE: &'static str;
    /// The identity to count this request against; `None` lets it pass unthrottled.
    fn ident(request: &Request) -> Option<String>;
}

/// Anonymous clients by IP; authenticated requests pass ([`AnonRateThrottle`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct AnonymousClients;

impl ThrottleIdentity for AnonymousClients {
    const SCOPE: &'static str = "anon";
    fn ident(request: &Request) -> Option<String> {
        (!request.user().is_authenticated()).then(|| client_ident(request))
    }
}

/// Authenticated users by primary key, anonymous ones by IP ([`UserRateThrottle`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct UsersOrClients;

impl ThrottleIdentity for UsersOrClients {
    const SCOPE: &'static str = "user";
    fn ident(request: &Request) -> Option<String> {
        Some(user_or_ip(request))
    }
}

/// DRF's `SimpleRateThrottle`: a scope, a rate (from `DEFAULT_THROTTLE_RATES[scope]` unless
/// fixed) and an identity `I` to count requests against.
#[derive(Clone, Debug)]
pub struct SimpleRateThrottle<I> {
    scope: String,
    /// A fixed rate, parsed when set; a bad one fails each request like DRF's `parse_rate`.
    rate: Option<Result<Rate, InvalidRate>>,
    identity: std::marker::PhantomData<fn() -> I>,
}

/// Throttles anonymous requests by client IP (scope `anon`); authenticated requests pass.
pub type AnonRateThrottle = SimpleRateThrottle<AnonymousClients>;

/// Throttles every request (scope `user`): authenticated users by primary key, anonymous ones
/// by client IP.
pub type UserRateThrottle = SimpleRateThrottle<UsersOrClients>;

impl<I: ThrottleIdentity> SimpleRateThrottle<I> {
    /// The identity's default scope (`anon` / `user`), rate from the settings.
    pub fn new() -> Self {
        Self { scope: I::SCOPE.to_owned(), rate: None, identity: std::marker::PhantomData }
    }
    /// A different scope (a subclass setting `scope = "burst"`).
    #[must_use]
    pub fn with_scope(mut self, scope: &str) -> Self {
        self.scope = scope.to_owned();
        self
    }
    /// A fixed rate instead of the settings' one (a subclass setting `rate = "5/min"`).
    #[must_use]
    pub fn with_rate(mut self, rate: &str) -> Self {
        self.rate = Some(Rate::parse(rate));
        self
    }
}

impl<I: ThrottleIdentity> Default for SimpleRateThrottle<I> {
    fn default() -> Self {
        Self::new()
    }
}

fn user_or_ip(request: &Request) -> String {
    let user = request.user();
    match user.pk() {
        Some(pk) if user.is_authenticated() => pk,
        _ => client_ident(request),
    }
}

impl<I: ThrottleIdentity> Throttle for SimpleRateThrottle<I> {
    async fn allow_request(&self, request: &Request) -> Result<ThrottleDecision, ApiError> {
        throttle(request, &self.scope, self.rate.as_ref(), I::ident(request)).await
    }
}

/// Throttles views that declare a `throttle_scope`, at `DEFAULT_THROTTLE_RATES[scope]`, by user
/// primary key or client IP; views without a scope pass.
#[derive(Clone, Copy, Debug, Default)]
pub struct ScopedRateThrottle;

impl Throttle for ScopedRateThrottle {
    async fn allow_request(&self, request: &Request) -> Result<ThrottleDecision, ApiError> {
        match request.throttle_scope() {
            None => Ok(ThrottleDecision::Allow),
            Some(scope) => throttle(request, scope, None, Some(user_or_ip(request))).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse_like_drf() {
        for (text, num, duration) in
            [("10/s", 10, 1.0), ("10/min", 10, 60.0), ("10/m", 10, 60.0), ("3/hour", 3, 3600.0), ("1/day", 1, 86400.0)]
        {
            assert_eq!(Rate::parse(text), Ok(Rate { num_requests: num, duration }), "{text}");
        }
        for bad in ["5/30s", "5", "x/min", "5/", "5/y", "1/m/s"] {
            assert!(Rate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn wait_edge_cases_match_drf() {
        let rate = Rate { num_requests: 0, duration: 60.0 };
        assert_eq!(wait(rate, 5.0, 0, None), Some(60.0));
        let rate = Rate { num_requests: 1, duration: 60.0 };
        // More history than allowed (the rate was lowered): no estimate.
        assert_eq!(wait(rate, 5.0, 3, Some(1.0)), None);
    }
}
