//! Throttling from the environment: `DEMO_NUM_PROXIES` (DRF's `NUM_PROXIES`), `DEMO_THROTTLE_RATES` (DRF's `DEFAULT_THROTTLE_RATES`,
//! applied with DRF's `AnonRateThrottle` and `UserRateThrottle`) and `REDIS_URL` (the shared
//! store several instances count in; unset: process memory). Both unset: no throttling, as in
//! the tutorial.
//!
//! ```python
//! REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = [
//!     "rest_framework.throttling.AnonRateThrottle",
//!     "rest_framework.throttling.UserRateThrottle",
//! ]
//! REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"anon": "10/min", "user": "1000/day"}
//! CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/0"}}
//! ```

use restframe::prelude::*;
use restframe::throttling::{Rate, RedisThrottleStore};

/// The variable holding the rates, `scope=rate` pairs separated by commas.
pub(crate) const RATES_VAR: &str = "DEMO_THROTTLE_RATES";

/// The variable holding the Redis URL.
pub(crate) const REDIS_VAR: &str = "REDIS_URL";

/// The variable holding DRF's `NUM_PROXIES`: how many proxies in front of the server append to
/// `X-Forwarded-For` (`0`: only the socket address identifies a client).
pub(crate) const NUM_PROXIES_VAR: &str = "DEMO_NUM_PROXIES";

/// `DEMO_NUM_PROXIES` parsed: unset or empty is DRF's default (`None`: the whole
/// `X-Forwarded-For` header when present), else a non-negative integer.
pub(crate) fn parse_num_proxies(value: Option<&str>) -> Result<Option<usize>, String> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| format!("{NUM_PROXIES_VAR}: {v:?} is not a number of proxies (0, 1, 2, ...)")),
    }
}

/// `DEMO_THROTTLE_RATES` parsed: `anon=10/min,user=1000/day` → `[("anon", "10/min"), ...]`.
/// Every rate must parse as DRF's `"<number>/<s|m|h|d>"`.
pub(crate) fn parse_rates(value: &str) -> Result<Vec<(String, String)>, String> {
    let expected = "expected scope=rate pairs separated by commas, like anon=10/min,user=1000/day";
    let mut rates = Vec::new();
    for pair in value.split(',').map(str::trim).filter(|pair| !pair.is_empty()) {
        let Some((scope, rate)) = pair.split_once('=') else {
            return Err(format!("{RATES_VAR}: {pair:?} is not scope=rate; {expected}"));
        };
        let (scope, rate) = (scope.trim(), rate.trim());
        if scope.is_empty() {
            return Err(format!("{RATES_VAR}: {pair:?} has no scope; {expected}"));
        }
        Rate::parse(rate).map_err(|err| format!("{RATES_VAR}: {err}"))?;
        rates.push((scope.to_owned(), rate.to_owned()));
    }
    if rates.is_empty() {
        return Err(format!("{RATES_VAR} is empty; {expected}"));
    }
    Ok(rates)
}

/// `settings` with the throttling the environment asks for; an error names the variable.
pub(crate) async fn from_env(settings: Settings) -> Result<Settings, String> {
    let rates = std::env::var(RATES_VAR).ok();
    let redis_url = std::env::var(REDIS_VAR).ok().filter(|url| !url.is_empty());
    let num_proxies = parse_num_proxies(std::env::var(NUM_PROXIES_VAR).ok().as_deref())?;
    configure(settings.num_proxies(num_proxies), rates.as_deref(), redis_url.as_deref()).await
}

/// [`from_env`] with the values given.
pub(crate) async fn configure(
    mut settings: Settings,
    rates: Option<&str>,
    redis_url: Option<&str>,
) -> Result<Settings, String> {
    if let Some(rates) = rates {
        settings = settings.default_throttle_classes(throttles![AnonRateThrottle::new(), UserRateThrottle::new()]);
        for (scope, rate) in parse_rates(rates)? {
            settings = settings.default_throttle_rate(&scope, &rate);
        }
    }
    if let Some(url) = redis_url {
        let store = RedisThrottleStore::connect(url)
            .await
            .map_err(|err| format!("{REDIS_VAR}: cannot use Redis for the throttle store: {err}"))?;
        settings = settings.throttle_store(store);
    }
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn num_proxies_parses_like_drfs_setting() {
        assert_eq!(parse_num_proxies(None), Ok(None));
        assert_eq!(parse_num_proxies(Some(" ")), Ok(None));
        assert_eq!(parse_num_proxies(Some("0")), Ok(Some(0)));
        assert_eq!(parse_num_proxies(Some("2")), Ok(Some(2)));
        assert_eq!(
            parse_num_proxies(Some("-1")),
            Err("DEMO_NUM_PROXIES: \"-1\" is not a number of proxies (0, 1, 2, ...)".to_owned())
        );
    }

    #[test]
    fn rates_parse_like_drfs_dict() {
        assert_eq!(
            parse_rates("anon=10/min, user=1000/day,").expect("valid"),
            [("anon".to_owned(), "10/min".to_owned()), ("user".to_owned(), "1000/day".to_owned())]
        );
        for (bad, message) in [
            ("", "DEMO_THROTTLE_RATES is empty; expected"),
            ("anon", "DEMO_THROTTLE_RATES: \"anon\" is not scope=rate;"),
            ("=5/min", "DEMO_THROTTLE_RATES: \"=5/min\" has no scope;"),
            ("anon=5/30s", "DEMO_THROTTLE_RATES: Invalid throttle rate \"5/30s\": expected \"<number>/<s|m|h|d>\""),
        ] {
            let err = parse_rates(bad).expect_err(bad);
            assert!(err.starts_with(message), "{bad:?}: {err}");
        }
    }

    #[tokio::test]
    async fn an_unreachable_redis_is_a_startup_error() {
        let err = configure(Settings::default(), None, Some("redis://127.0.0.1:1/0")).await.expect_err("no Redis");
        assert!(err.starts_with("REDIS_URL: cannot use Redis for the throttle store: "), "{err}");
        let err = configure(Settings::default(), None, Some("http://x")).await.expect_err("not a Redis URL");
        assert!(err.starts_with("REDIS_URL: "), "{err}");
    }
}
