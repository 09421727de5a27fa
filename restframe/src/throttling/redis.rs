//! A [`ThrottleStore`] in Redis, shared by every instance behind a load balancer (feature
//! `redis`).

use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use super::{Rate, ThrottleStore, Window};
use crate::exceptions::ApiError;

/// The check-and-record step, run atomically inside Redis.
const WINDOW_SCRIPT: &str = include_str!("window.lua");

/// DRF's throttle histories in Redis, stored the way a DRF deployment with django-redis stores
/// them, so Django and restframe instances on one Redis share limits:
///
/// - keys are `:1:throttle_anon_<ident>` (django-redis' `<KEY_PREFIX>:<VERSION>:` before DRF's
///   key; change it with [`key_prefix`](Self::key_prefix));
/// - the value is the history as `pickle.dumps(list_of_floats, protocol=4)` (django-redis'
///   default serializer), newest first, with the window as its TTL (`SET ... PX`);
/// - each check runs as one Lua script, so concurrent requests cannot both take the last slot
///   (DRF's own get-then-set is not atomic).
///
/// A failing or unreachable Redis (or one slower than [`DEFAULT_TIMEOUT`](Self::DEFAULT_TIMEOUT)) fails the request
/// with a logged 500, as django-redis raises by default; [`fail_open`](Self::fail_open) lets
/// requests through instead, like its `DJANGO_REDIS_IGNORE_EXCEPTIONS`. The connection is
/// re-established in the background after an outage.
///
/// ```no_run
/// use restframe::prelude::*;
/// use restframe::throttling::RedisThrottleStore;
///
/// # async fn run() -> Result<(), redis::RedisError> {
/// let store = RedisThrottleStore::connect("redis://127.0.0.1:6379/0").await?;
/// let settings = Settings::default()
///     .default_throttle_classes(throttles![AnonRateThrottle::new()])
///     .default_throttle_rate("anon", "100/day")
///     .throttle_store(store);
/// # let _ = settings;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct RedisThrottleStore {
    connection: ConnectionManager,
    script: redis::Script,
    prefix: String,
    timeout: Duration,
    fail_open: bool,
}

impl std::fmt::Debug for RedisThrottleStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisThrottleStore")
            .field("prefix", &self.prefix)
            .field("timeout", &self.timeout)
            .field("fail_open", &self.fail_open)
            .finish_non_exhaustive()
    }
}

impl RedisThrottleStore {
    /// django-redis' key prefix with Django's default `KEY_PREFIX` (`""`) and `VERSION` (1):
    /// `<KEY_PREFIX>:<VERSION>:<key>`.
    pub const DJANGO_KEY_PREFIX: &str = ":1:";

    /// How long one throttle check may take before the request fails (or passes, with
    /// [`fail_open`](Self::fail_open)).
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(2);

    /// Connects to `url` (`redis://host:port/db`, `rediss://` is not enabled) and checks the
    /// connection once.
    pub async fn connect(url: &str) -> Result<Self, redis::RedisError> {
        let client = redis::Client::open(url)?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Self::DEFAULT_TIMEOUT))
            .set_response_timeout(Some(Self::DEFAULT_TIMEOUT))
            .set_number_of_retries(2);
        let connection = client.get_connection_manager_with_config(config).await?;
        Ok(Self {
            connection,
            script: redis::Script::new(WINDOW_SCRIPT),
            prefix: Self::DJANGO_KEY_PREFIX.to_owned(),
            timeout: Self::DEFAULT_TIMEOUT,
            fail_open: false,
        })
    }

    /// What goes before DRF's key (default [`DJANGO_KEY_PREFIX`](Self::DJANGO_KEY_PREFIX), `:1:`): django-redis'
    /// `"{KEY_PREFIX}:{VERSION}:"`, e.g. `"myapp:1:"`.
    #[must_use]
    pub fn key_prefix(mut self, prefix: &str) -> Self {
        prefix.clone_into(&mut self.prefix);
        self
    }

    /// How long one check may take (default [`DEFAULT_TIMEOUT`](Self::DEFAULT_TIMEOUT), 2 s).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Let requests through, unrecorded, while Redis fails (default: fail them with a 500).
    #[must_use]
    pub fn fail_open(mut self, fail_open: bool) -> Self {
        self.fail_open = fail_open;
        self
    }

    async fn run(&self, key: &str, now: f64, rate: Rate) -> Result<Window, String> {
        let mut connection = self.connection.clone();
        let mut invocation = self.script.key(format!("{}{key}", self.prefix));
        invocation.arg(format!("{now:.6}")).arg(rate.duration).arg(rate.num_requests);
        let reply: Vec<redis::Value> = tokio::time::timeout(self.timeout, invocation.invoke_async(&mut connection))
            .await
            .map_err(|_| format!("no answer within {:?}", self.timeout))?
            .map_err(|err| err.to_string())?;
        let field = |i: usize| reply.get(i).and_then(|v| redis::from_redis_value_ref::<String>(v).ok());
        match field(0).as_deref() {
            Some("1") => Ok(Window::Allowed),
            Some("0") => Ok(Window::Denied {
                len: field(1).and_then(|n| n.parse().ok()).unwrap_or(0),
                oldest: field(2).and_then(|t| t.parse().ok()),
            }),
            _ => Err(format!("unexpected script reply {reply:?}")),
        }
    }
}

impl ThrottleStore for RedisThrottleStore {
    async fn hit(&self, key: &str, now: f64, rate: Rate) -> Result<Window, ApiError> {
        match self.run(key, now, rate).await {
            Ok(window) => Ok(window),
            Err(err) if self.fail_open => {
                tracing::warn!(key, "throttle store unavailable, request let through: {err}");
                Ok(Window::Allowed)
            }
            Err(err) => Err(ApiError::internal(format!("throttle store (Redis) failed for {key}: {err}"))),
        }
    }
}
