//! Small shared helpers.

use std::future::Future;
use std::pin::Pin;

/// A boxed, sendable future: how async hooks are called through trait objects.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
