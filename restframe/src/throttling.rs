//! DRF's `rest_framework.throttling`: the [`Throttle`] hook and the built-in rate throttles.

use std::future::Future;

use crate::classes::ClassList;
use crate::request::Request;
use crate::util::BoxFuture;

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
pub trait Throttle: Send + Sync + 'static {
    /// Decide whether `request` may proceed.
    fn allow_request(&self, request: &Request) -> impl Future<Output = ThrottleDecision> + Send;
}

/// Object-safe twin of [`Throttle`].
pub trait DynThrottle: Send + Sync + 'static {
    /// See [`Throttle::allow_request`].
    fn allow_request_dyn<'a>(&'a self, request: &'a Request) -> BoxFuture<'a, ThrottleDecision>;
}

impl<T: Throttle> DynThrottle for T {
    fn allow_request_dyn<'a>(&'a self, request: &'a Request) -> BoxFuture<'a, ThrottleDecision> {
        Box::pin(self.allow_request(request))
    }
}

/// A list of throttle classes (`throttle_classes`).
pub type Throttles = ClassList<dyn DynThrottle>;

/// Builds a [`Throttles`] list: `throttles![AnonRateThrottle::default()]`.
#[macro_export]
macro_rules! throttles {
    ($($class:expr),* $(,)?) => {
        $crate::throttling::Throttles::new(::std::vec![
            $(::std::sync::Arc::new($class) as ::std::sync::Arc<dyn $crate::throttling::DynThrottle>),*
        ])
    };
}
