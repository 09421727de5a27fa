//! The hash slots: how many password hashes run at once, and how long a login may wait for one.
//!
//! Hashing is the one CPU-heavy thing a client can make the server do at will, so it runs in a
//! fixed number of slots (one core is always left to serve other requests) and the wait for a
//! slot is bounded twice: at most [`HashQueue::max_waiting`] requests wait, each at most
//! [`HashQueue::max_wait`]. A login refused either way gets DRF's `Throttled` answer (429 with
//! `Retry-After`), before any hashing, so a flood of logins is answered quickly instead of
//! piling up connections.

use std::sync::Arc;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::exceptions::ApiError;

/// How many password hashes may run at once: one core is always left to serve requests, so a
/// login flood queues logins instead of starving every other request of CPU (measured on 2 cores:
/// HelloView p99 during a 16-connection login flood 176 ms unbounded, 4.7 ms with one slot).
static SLOTS: LazyLock<(Arc<Semaphore>, usize)> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let slots = cores.saturating_sub(1).max(1);
    (Arc::new(Semaphore::new(slots)), slots)
});

/// Requests currently waiting for a slot through [`try_acquire`].
static WAITING: AtomicUsize = AtomicUsize::new(0);

/// The bounded wait of [`PasswordHasher::try_verify`](super::PasswordHasher::try_verify) and
/// [`try_dummy_hash`](super::PasswordHasher::try_dummy_hash) for a hash slot.
///
/// The defaults ([`HashQueue::DEFAULT`]): 64 waiting requests, 10 seconds each.
///
/// ```
/// use std::time::Duration;
/// use restframe::auth::hashers::HashQueue;
///
/// let queue = HashQueue::DEFAULT;
/// assert_eq!((queue.max_waiting(), queue.max_wait()), (64, Duration::from_secs(10)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HashQueue {
    max_waiting: usize,
    max_wait: Duration,
}

impl HashQueue {
    /// 64 waiting requests, 10 seconds each: with one slot and Django's 1,500,000 rounds
    /// (~0.3 s per hash on one core of a small server) a queue that long drains in about 20 s.
    pub const DEFAULT: HashQueue = HashQueue { max_waiting: 64, max_wait: Duration::from_secs(10) };

    /// At most `max_waiting` requests wait for a slot, each at most `max_wait`.
    pub const fn new(max_waiting: usize, max_wait: Duration) -> Self {
        Self { max_waiting, max_wait }
    }

    /// How many requests may wait for a slot at once (0: only a free slot is taken).
    pub const fn max_waiting(&self) -> usize {
        self.max_waiting
    }

    /// How long one request waits for a slot.
    pub const fn max_wait(&self) -> Duration {
        self.max_wait
    }
}

impl Default for HashQueue {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// No hash slot could be had within the [`HashQueue`] limits. Converts into DRF's `Throttled`
/// error (429, `Retry-After`) suggesting a retry after [`HashQueue::max_wait`].
///
/// ```
/// use std::time::Duration;
/// use restframe::auth::hashers::HashersBusy;
/// use restframe::exceptions::ApiError;
///
/// let err = ApiError::from(HashersBusy { retry_after: Duration::from_secs(10) });
/// assert_eq!(err.status(), 429);
/// assert_eq!(err.body(), serde_json::json!({"detail": "Request was throttled. Expected available in 10 seconds."}));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HashersBusy {
    /// When a retry may find a slot.
    pub retry_after: Duration,
}

impl std::fmt::Display for HashersBusy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "every password hash slot is busy; retry in {} s", self.retry_after.as_secs())
    }
}

impl std::error::Error for HashersBusy {}

impl From<HashersBusy> for ApiError {
    fn from(busy: HashersBusy) -> Self {
        ApiError::throttled(Some(busy.retry_after.as_secs_f64()))
    }
}

/// Password hashes running right now (for metrics and tests).
pub fn hashes_running() -> usize {
    let (semaphore, slots) = &*SLOTS;
    slots.saturating_sub(semaphore.available_permits())
}

/// Requests waiting for a hash slot through the bounded `try_*` methods right now.
pub fn hashes_waiting() -> usize {
    WAITING.load(Ordering::Relaxed)
}

/// A slot, however long it takes (the semaphore is never closed).
pub(super) async fn acquire() -> OwnedSemaphorePermit {
    let semaphore = SLOTS.0.clone();
    match semaphore.acquire_owned().await {
        Ok(permit) => permit,
        Err(_) => unreachable!("the hash slot semaphore is never closed"),
    }
}

/// Counts one waiting request for as long as it lives, also when its future is dropped.
struct Waiting;

impl Drop for Waiting {
    fn drop(&mut self) {
        WAITING.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A slot within `queue`'s limits.
pub(super) async fn try_acquire(queue: HashQueue) -> Result<OwnedSemaphorePermit, HashersBusy> {
    let semaphore = SLOTS.0.clone();
    if let Ok(permit) = semaphore.clone().try_acquire_owned() {
        return Ok(permit);
    }
    let busy = HashersBusy { retry_after: queue.max_wait.max(Duration::from_secs(1)) };
    let before = WAITING.fetch_add(1, Ordering::Relaxed);
    let _waiting = Waiting;
    if before >= queue.max_waiting {
        return Err(busy);
    }
    match tokio::time::timeout(queue.max_wait, semaphore.acquire_owned()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => Err(busy),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tests below count global waiters: one at a time.
    static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

    /// Every slot, so no other test's hash can interleave while one runs.
    async fn all_slots() -> Vec<OwnedSemaphorePermit> {
        let mut held = Vec::new();
        for _ in 0..SLOTS.1 {
            held.push(acquire().await);
        }
        held
    }

    #[tokio::test]
    async fn a_dropped_caller_does_not_free_the_slot_of_a_running_hash() {
        let _serial = SERIAL.lock().await;
        let mut held = all_slots().await;
        let slot = held.pop().expect("at least one slot");
        let (started_tx, started_rx) = std::sync::mpsc::channel::<()>();
        let (finish_tx, finish_rx) = std::sync::mpsc::channel::<()>();
        let caller = tokio::spawn(super::super::run_in_slot(slot, move || {
            let _ = started_tx.send(());
            let _ = finish_rx.recv();
        }));
        tokio::task::spawn_blocking(move || started_rx.recv()).await.expect("join").expect("work started");
        caller.abort();
        let _ = caller.await;
        let refused = try_acquire(HashQueue::new(0, Duration::from_secs(10))).await;
        assert!(refused.is_err(), "the aborted caller's hash still holds its slot");
        let waiting = tokio::spawn(try_acquire(HashQueue::new(4, Duration::from_secs(30))));
        let _ = finish_tx.send(());
        assert!(waiting.await.expect("join").is_ok(), "the slot frees up when the hash ends");
        drop(held);
    }

    #[tokio::test]
    async fn the_wait_for_a_slot_is_bounded_by_count_and_time() {
        let _serial = SERIAL.lock().await;
        let held = all_slots().await;
        let busy = HashersBusy { retry_after: Duration::from_secs(10) };
        assert_eq!(try_acquire(HashQueue::new(0, Duration::from_secs(10))).await.err(), Some(busy), "no queue");
        let started = std::time::Instant::now();
        let timed_out = try_acquire(HashQueue::new(8, Duration::from_millis(50))).await;
        assert_eq!(timed_out.err(), Some(HashersBusy { retry_after: Duration::from_secs(1) }));
        assert!(started.elapsed() >= Duration::from_millis(50));
        // A dropped waiter leaves the queue.
        let before = hashes_waiting();
        let abandoned = tokio::spawn(try_acquire(HashQueue::new(8, Duration::from_secs(30))));
        while hashes_waiting() == before {
            tokio::task::yield_now().await;
        }
        abandoned.abort();
        let _ = abandoned.await;
        assert_eq!(hashes_waiting(), before);
        drop(held);
    }

    #[tokio::test]
    async fn registration_waits_for_a_slot_within_the_queue_limits() {
        use crate::auth::hashers::PasswordHasher;
        use crate::auth::{CreateUserError, NewUser, UserManager};
        let _serial = SERIAL.lock().await;
        let db = crate::db::test_database().await.expect("database");
        crate::auth::migration::migrate(&db).await.expect("auth_user");
        let hasher = PasswordHasher::new(1_000).with_queue(HashQueue::new(0, Duration::from_secs(10)));
        let users = UserManager::new(db).with_hasher(hasher);
        let held = all_slots().await;
        let refused = users.create_user(NewUser::new("alice").password("pw")).await;
        let Err(CreateUserError::HashersBusy(busy)) = refused else { panic!("expected HashersBusy: {refused:?}") };
        let answer = ApiError::from(CreateUserError::HashersBusy(busy));
        assert_eq!(
            (answer.status().as_u16(), answer.body()),
            (429, serde_json::json!({"detail": "Request was throttled. Expected available in 10 seconds."}))
        );
        assert_eq!(users.get_by_natural_key("alice").await.expect("query"), None, "nothing stored");
        drop(held);
        // Other tests of this binary may hash at this moment (they do not take `SERIAL`): with a
        // queue the second registration waits for their slot instead of being refused.
        let users =
            users.with_hasher(PasswordHasher::new(1_000).with_queue(HashQueue::new(8, Duration::from_secs(10))));
        let created = users.create_user(NewUser::new("alice").password("pw")).await.expect("a free slot");
        assert_eq!(created.username, "alice");
    }
}
