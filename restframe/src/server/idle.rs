//! Closing idle connections. hyper's `header_read_timeout` only runs once a request has started
//! arriving, so a client that connects and stays silent (or keeps an idle keep-alive
//! connection) would hold a socket forever. Each connection flags any I/O and counts requests
//! in flight; one watchdog for the whole server wakes every timeout and aborts the task of every
//! connection with nothing read or written since its last round and no request in flight, so an
//! idle connection is closed after one to two timeouts. (A flag, not a timestamp: no clock read
//! per read or write; one watchdog, not a timer per connection polled on every wake-up.)

use foldhash::HashMap;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::task::AbortHandle;

use super::body::ConnectionBudget;

/// Shared between a connection's I/O, its service and the watchdog.
#[derive(Debug)]
pub(crate) struct Activity {
    /// Set by every read or write and by finished requests; cleared by the watchdog.
    active: AtomicBool,
    in_flight: AtomicUsize,
    /// The connection's body budget, here so a request reaches it through its [`InFlight`]
    /// guard without one more reference count per request.
    budget: ConnectionBudget,
}

impl Activity {
    /// A new connection counts as active until the watchdog's next round, so it gets one to two
    /// timeouts to send its first request.
    pub(crate) fn new(budget: ConnectionBudget) -> Arc<Self> {
        Arc::new(Self { active: AtomicBool::new(true), in_flight: AtomicUsize::new(0), budget })
    }

    /// The connection's body budget.
    pub(crate) fn budget(&self) -> &ConnectionBudget {
        &self.budget
    }

    fn touch(&self) {
        self.active.store(true, Ordering::Relaxed);
    }

    /// Marks a request as in flight until the guard is dropped.
    pub(crate) fn request(self: &Arc<Self>) -> InFlight {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
        InFlight(self.clone())
    }
}

/// Every open connection's activity and the handle that closes it (dropping the connection's
/// future closes the socket), by connection number.
#[derive(Debug, Default)]
pub(crate) struct Connections {
    open: Mutex<HashMap<u64, (Arc<Activity>, AbortHandle)>>,
    next: AtomicU64,
}

impl Connections {
    /// Spawns `connection` as its own task and watches it. The map stays locked until the task
    /// is registered, so the task cannot end (and forget itself) before it is in the map.
    pub(crate) fn spawn(
        self: &Arc<Self>,
        activity: Arc<Activity>,
        connection: impl Future<Output = ()> + Send + 'static,
    ) {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let connections = self.clone();
        let task = tokio::spawn(async move {
            connection.await;
            connections.remove(id);
        });
        open.insert(id, (activity, task.abort_handle()));
    }

    /// Forgets connection `id` as soon as it ends, so a finished task's memory is not held
    /// until the next round.
    fn remove(&self, id: u64) {
        self.open.lock().unwrap_or_else(PoisonError::into_inner).remove(&id);
    }

    /// Every `timeout`, one round: forget finished connections, close those idle since the last
    /// round, clear the flag of the others. Runs until the server drops it.
    pub(crate) async fn watch(&self, timeout: Duration) {
        loop {
            tokio::time::sleep(timeout).await;
            self.open.lock().unwrap_or_else(PoisonError::into_inner).retain(|_, (activity, task)| {
                if task.is_finished() {
                    return false;
                }
                let was_active = activity.active.swap(false, Ordering::Relaxed);
                if !was_active && activity.in_flight.load(Ordering::Relaxed) == 0 {
                    task.abort();
                    return false;
                }
                true
            });
        }
    }
}

/// A request in flight (see [`Activity::request`]).
pub(crate) struct InFlight(Arc<Activity>);

impl InFlight {
    /// The connection's body budget.
    pub(crate) fn budget(&self) -> &ConnectionBudget {
        &self.0.budget
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.touch();
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A socket that records activity on every read and write.
pub(crate) struct Tracked<T> {
    inner: T,
    activity: Arc<Activity>,
}

impl<T> Tracked<T> {
    pub(crate) fn new(inner: T, activity: Arc<Activity>) -> Self {
        Self { inner, activity }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Tracked<T> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let result = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        result
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Tracked<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write(cx, data);
        if matches!(result, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        result
    }
    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(result, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        result
    }
    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
