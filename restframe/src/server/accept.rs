//! Accepting connections: a global cap on open connections and a growing pause when `accept()`
//! fails for want of resources.
//!
//! At the cap the server stops calling `accept()`, so new clients wait in the kernel's listen
//! backlog (and are served as soon as a connection ends) instead of being accepted into a
//! server that cannot hold them. Running out of file descriptors (`EMFILE`, `ENFILE`) or
//! memory makes `accept()` fail at once, again and again: pausing 5 ms, then twice as long
//! each time up to 1 s, keeps the loop from spinning a core while other connections close.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The first pause after a failed `accept()`.
const FIRST_PAUSE: Duration = Duration::from_millis(5);
/// The longest pause.
const MAX_PAUSE: Duration = Duration::from_secs(1);

/// The pause after the next failed `accept()`: doubling, capped, reset by a success.
#[derive(Debug)]
pub(crate) struct Backoff {
    next: Duration,
}

impl Backoff {
    pub(crate) fn new() -> Self {
        Self { next: FIRST_PAUSE }
    }

    /// The pause to take now; the next one is twice as long, up to [`MAX_PAUSE`].
    pub(crate) fn pause(&mut self) -> Duration {
        let pause = self.next;
        self.next = (self.next * 2).min(MAX_PAUSE);
        pause
    }

    pub(crate) fn reset(&mut self) {
        self.next = FIRST_PAUSE;
    }
}

/// Errors about one incoming connection (it was reset before we took it), not about the
/// server: the next `accept()` can be tried at once.
fn is_connection_error(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::Interrupted
    )
}

/// The listener with its connection cap.
#[derive(Debug)]
pub(crate) struct Acceptor {
    listener: TcpListener,
    slots: Arc<Semaphore>,
    backoff: Backoff,
}

impl Acceptor {
    pub(crate) fn new(listener: TcpListener, max_connections: usize) -> Self {
        let slots = Arc::new(Semaphore::new(max_connections.clamp(1, Semaphore::MAX_PERMITS)));
        Self { listener, slots, backoff: Backoff::new() }
    }

    /// The next connection and its slot (held until the connection's task ends). Waits for a
    /// free slot before accepting; pauses after failures that are not about one connection.
    pub(crate) async fn accept(&mut self) -> (TcpStream, std::net::SocketAddr, Option<OwnedSemaphorePermit>) {
        loop {
            // Never closed, so this only waits (`None` would merely mean "no cap").
            let slot = self.slots.clone().acquire_owned().await.ok();
            match self.listener.accept().await {
                Ok((stream, remote)) => {
                    self.backoff.reset();
                    return (stream, remote, slot);
                }
                Err(err) if is_connection_error(&err) => {}
                Err(err) => {
                    let pause = self.backoff.pause();
                    tracing::warn!("accept failed: {err}; retrying in {} ms", pause.as_millis());
                    drop(slot);
                    tokio::time::sleep(pause).await;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_a_second_and_resets() {
        let mut backoff = Backoff::new();
        let pauses: Vec<u128> = (0..10).map(|_| backoff.pause().as_millis()).collect();
        assert_eq!(pauses, [5, 10, 20, 40, 80, 160, 320, 640, 1000, 1000]);
        backoff.reset();
        assert_eq!(backoff.pause(), Duration::from_millis(5));
    }

    #[test]
    fn a_reset_connection_is_not_a_server_failure() {
        assert!(is_connection_error(&io::Error::from(io::ErrorKind::ConnectionAborted)));
        assert!(!is_connection_error(&io::Error::from_raw_os_error(24)), "EMFILE backs off");
        assert!(!is_connection_error(&io::Error::from_raw_os_error(23)), "ENFILE backs off");
    }
}
