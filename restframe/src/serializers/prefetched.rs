//! What rendering reads besides the instances: related rows and values loaded once per page
//! before rendering (Django's prefetch cache), shared by every clone of a [`Context`](super::Context).

use foldhash::HashMap;
use std::any::{Any, TypeId};
use std::sync::{Arc, Mutex, PoisonError};

/// A relation's rows are stored under its model's table and its name; a value stored by a
/// serializer hook under its type alone (`""`, `""`).
type CacheKey = (TypeId, &'static str, &'static str);

type Entries = HashMap<CacheKey, Arc<dyn Any + Send + Sync>>;

/// The prefetch cache of a context: shared (`Arc`) so that the context a view hands to a
/// serializer, and every clone passed to nested serializers, read what one `prefetch` stored.
#[derive(Clone, Default)]
pub(crate) struct PrefetchCache(Arc<Mutex<Entries>>);

impl std::fmt::Debug for PrefetchCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let entries = self.0.lock().unwrap_or_else(PoisonError::into_inner).len();
        f.debug_struct("PrefetchCache").field("entries", &entries).finish()
    }
}

impl PrefetchCache {
    /// The value stored under `(T, table, name)`.
    pub(crate) fn get<T: Send + Sync + 'static>(&self, table: &'static str, name: &'static str) -> Option<Arc<T>> {
        // A panic while the lock was held cannot leave a half-written map: inserts are one call.
        let entries = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        entries.get(&(TypeId::of::<T>(), table, name)).cloned().and_then(|value| value.downcast::<T>().ok())
    }

    /// Stores `value` under `(T, table, name)`, replacing what was there.
    pub(crate) fn put<T: Send + Sync + 'static>(&self, table: &'static str, name: &'static str, value: Arc<T>) {
        let mut entries = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        entries.insert((TypeId::of::<T>(), table, name), value);
    }
}
