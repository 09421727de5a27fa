//! The default [`ThrottleStore`]: process memory, bounded like Django's local-memory cache.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use super::{Rate, ThrottleStore, Window};
use crate::exceptions::ApiError;

/// Django's `LocMemCache` default `MAX_ENTRIES`.
pub const DEFAULT_MAX_ENTRIES: usize = 300;

/// Django's `LocMemCache` default `CULL_FREQUENCY`: a full cache drops a third of its entries.
pub const DEFAULT_CULL_FREQUENCY: usize = 3;

/// How many least recently used entries each hit looks at for expiry: expired histories go
/// away a few at a time instead of in a full scan under the lock.
const EXPIRE_PER_HIT: usize = 2;

/// The default [`ThrottleStore`]: process memory, bounded like Django's `LocMemCache` (which
/// DRF uses when no cache is configured).
///
/// - At most `max_entries` histories (default [`DEFAULT_MAX_ENTRIES`], 300). Storing a history
///   into a full store first drops the `len / cull_frequency` least recently used ones (default
///   [`DEFAULT_CULL_FREQUENCY`], 3; 0 drops everything), Django's `_cull`. A dropped history
///   starts afresh, as in Django: with more active clients than entries, limits loosen.
/// - Expired histories are dropped when read, and a few least recently used ones on every hit.
/// - Keys are bounded: the throttles hash long idents ([`cache_key`](super::cache_key)).
///
/// One store serves one process; several instances share limits through a shared store
/// (`RedisThrottleStore` with the `redis` feature).
///
/// ```
/// use restframe::throttling::{InMemoryThrottleStore, Rate, ThrottleStore, Window};
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let store = InMemoryThrottleStore::new().max_entries(1_000);
/// let rate = Rate { num_requests: 1, duration: 60.0 };
/// assert_eq!(store.hit("throttle_anon_1.2.3.4", 0.0, rate).await.unwrap(), Window::Allowed);
/// assert!(matches!(store.hit("throttle_anon_1.2.3.4", 1.0, rate).await.unwrap(), Window::Denied { .. }));
/// assert_eq!(store.len(), 1);
/// # });
/// ```
#[derive(Debug)]
pub struct InMemoryThrottleStore {
    inner: Mutex<Lru>,
    max_entries: usize,
    cull_frequency: usize,
}

/// The histories with their recency order (Django's `OrderedDict` with `move_to_end`).
#[derive(Debug, Default)]
struct Lru {
    entries: HashMap<Arc<str>, Entry>,
    /// Recency stamp -> key; the smallest stamp is the least recently used entry.
    order: BTreeMap<u64, Arc<str>>,
    next: u64,
}

#[derive(Debug)]
struct Entry {
    history: VecDeque<f64>,
    expires: f64,
    stamp: u64,
}

impl Default for InMemoryThrottleStore {
    fn default() -> Self {
        Self { inner: Mutex::default(), max_entries: DEFAULT_MAX_ENTRIES, cull_frequency: DEFAULT_CULL_FREQUENCY }
    }
}

impl InMemoryThrottleStore {
    /// An empty store with Django's limits (300 entries, cull a third).
    pub fn new() -> Self {
        Self::default()
    }

    /// Django's `OPTIONS["MAX_ENTRIES"]` (at least 1).
    #[must_use]
    pub fn max_entries(mut self, max_entries: usize) -> Self {
        self.max_entries = max_entries.max(1);
        self
    }

    /// Django's `OPTIONS["CULL_FREQUENCY"]`: a full store drops `1 / cull_frequency` of its
    /// entries; 0 empties it.
    #[must_use]
    pub fn cull_frequency(mut self, cull_frequency: usize) -> Self {
        self.cull_frequency = cull_frequency;
        self
    }

    /// How many histories the store holds.
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    /// Whether the store holds no history.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether a history is stored under `key` (expired or not).
    pub fn contains_key(&self, key: &str) -> bool {
        self.lock().entries.contains_key(key)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Lru> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn check(&self, key: &str, now: f64, rate: Rate) -> Window {
        let mut lru = self.lock();
        lru.expire_oldest(now);
        // Django's `cache.get(key, [])`: an expired entry is deleted and reads as empty.
        if lru.entries.get(key).is_some_and(|entry| entry.expires <= now) {
            lru.remove(key);
        }
        let stamp = lru.stamp();
        let (shared, mut history, expires) = match lru.entries.remove_entry(key) {
            Some((shared, entry)) => {
                lru.order.remove(&entry.stamp);
                (shared, entry.history, Some(entry.expires))
            }
            None => (Arc::from(key), VecDeque::new(), None),
        };
        while history.back().is_some_and(|&oldest| oldest <= now - rate.duration) {
            history.pop_back();
        }
        if history.len() >= rate.num_requests {
            let denied = Window::Denied { len: history.len(), oldest: history.back().copied() };
            if let Some(expires) = expires {
                // A read moves the entry to the front; nothing is written, so its expiry stays.
                lru.insert(shared, Entry { history, expires, stamp });
            }
            return denied;
        }
        history.push_front(now);
        // Django's `_set`: a full cache is culled before the (re)insert.
        if lru.entries.len() >= self.max_entries {
            lru.cull(self.cull_frequency);
        }
        lru.insert(shared, Entry { history, expires: now + rate.duration, stamp });
        Window::Allowed
    }
}

impl Lru {
    fn stamp(&mut self) -> u64 {
        self.next += 1;
        self.next
    }

    fn insert(&mut self, key: Arc<str>, entry: Entry) {
        self.order.insert(entry.stamp, key.clone());
        self.entries.insert(key, entry);
    }

    fn remove(&mut self, key: &str) {
        if let Some(entry) = self.entries.remove(key) {
            self.order.remove(&entry.stamp);
        }
    }

    /// Drops up to [`EXPIRE_PER_HIT`] expired entries from the least recently used end.
    fn expire_oldest(&mut self, now: f64) {
        for _ in 0..EXPIRE_PER_HIT {
            let Some((_, key)) = self.order.first_key_value() else { return };
            let key = key.clone();
            if self.entries.get(&key).is_some_and(|entry| entry.expires <= now) {
                self.remove(&key);
            } else {
                return;
            }
        }
    }

    /// Django's `_cull`: drop `len / frequency` least recently used entries, or all for 0.
    fn cull(&mut self, frequency: usize) {
        if frequency == 0 {
            self.entries.clear();
            self.order.clear();
            return;
        }
        for _ in 0..self.entries.len() / frequency {
            let Some((_, key)) = self.order.pop_first() else { return };
            self.entries.remove(&key);
        }
    }
}

impl ThrottleStore for InMemoryThrottleStore {
    async fn hit(&self, key: &str, now: f64, rate: Rate) -> Result<Window, ApiError> {
        Ok(self.check(key, now, rate))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::throttling::wait;

    #[test]
    fn sliding_window_and_wait() {
        let store = InMemoryThrottleStore::new();
        let rate = Rate { num_requests: 2, duration: 60.0 };
        assert_eq!(store.check("k", 0.0, rate), Window::Allowed);
        assert_eq!(store.check("k", 10.0, rate), Window::Allowed);
        assert_eq!(store.check("k", 20.0, rate), Window::Denied { len: 2, oldest: Some(0.0) });
        assert_eq!(wait(rate, 20.0, 2, Some(0.0)), Some(40.0));
        // The entry at 0.0 expires exactly at 60.0 (`<=`), making room for one more.
        assert_eq!(store.check("k", 60.0, rate), Window::Allowed);
        assert_eq!(store.check("k", 61.0, rate), Window::Denied { len: 2, oldest: Some(10.0) });
        assert_eq!(wait(rate, 61.0, 2, Some(10.0)), Some(9.0));
    }

    #[test]
    fn a_full_store_culls_a_third_of_its_least_recently_used_entries() {
        let store = InMemoryThrottleStore::new();
        let rate = Rate { num_requests: 5, duration: 60.0 };
        for i in 0..DEFAULT_MAX_ENTRIES {
            assert_eq!(store.check(&format!("k{i}"), 0.0, rate), Window::Allowed);
        }
        // k0 is read again: it becomes the most recently used, so the cull spares it.
        assert_eq!(store.check("k0", 1.0, rate), Window::Allowed);
        assert_eq!(store.len(), DEFAULT_MAX_ENTRIES);
        assert_eq!(store.check("new", 2.0, rate), Window::Allowed);
        assert_eq!(store.len(), DEFAULT_MAX_ENTRIES - DEFAULT_MAX_ENTRIES / 3 + 1);
        assert!(store.contains_key("k0") && store.contains_key("new"));
        assert!(!store.contains_key("k1") && !store.contains_key("k100"), "the least recently used went");
        assert!(store.contains_key("k101"));
    }

    #[test]
    fn cull_frequency_zero_empties_the_store() {
        let store = InMemoryThrottleStore::new().max_entries(10).cull_frequency(0);
        let rate = Rate { num_requests: 5, duration: 60.0 };
        for i in 0..10 {
            store.check(&format!("k{i}"), 0.0, rate);
        }
        store.check("eleventh", 0.0, rate);
        assert_eq!(store.len(), 1);
    }

    #[test]
    fn entries_stay_bounded_under_100k_identities() {
        let store = InMemoryThrottleStore::new();
        let rate = Rate { num_requests: 10, duration: 3600.0 };
        for i in 0..100_000 {
            assert_eq!(
                store.check(&format!("throttle_anon_10.{}.{}.{}", i >> 16, (i >> 8) & 255, i & 255), 1.0, rate),
                Window::Allowed
            );
            assert!(store.len() <= DEFAULT_MAX_ENTRIES);
        }
        let lru = store.lock();
        assert_eq!(lru.order.len(), lru.entries.len(), "the recency index matches the entries");
    }

    #[test]
    fn expired_entries_go_a_few_at_a_time() {
        let store = InMemoryThrottleStore::new();
        let rate = Rate { num_requests: 5, duration: 1.0 };
        for i in 0..10 {
            store.check(&format!("k{i}"), 0.0, rate);
        }
        store.check("late", 10.0, rate);
        assert_eq!(store.len(), 10 - EXPIRE_PER_HIT + 1, "each hit drops a bounded number");
        for _ in 0..10 {
            store.check("late", 10.0, rate);
        }
        assert_eq!(store.len(), 1, "only the fresh key survives");
        // An expired history reads as empty, as Django's cache.get.
        let strict = Rate { num_requests: 1, duration: 1.0 };
        assert_eq!(store.check("late", 20.0, strict), Window::Allowed);
    }
}
