//! Write transactions on an SQLite file, each run whole on the database's writer thread.
//!
//! SQLite lets one connection write at a time, so the rate of writes is bounded by how long each
//! transaction holds the write lock. Through sqlx every statement of a transaction (`BEGIN`, the
//! `INSERT`s, `COMMIT`) is a round trip to the connection's worker thread and back to a tokio task
//! that must be scheduled again, and the lock stays held across all of those hand-offs while the
//! other requests' tasks share the two cores (bench/README.md, item 16). Here a transaction is a
//! closure sent to one thread per database, which runs `BEGIN IMMEDIATE`, the closure's
//! statements and `COMMIT` without a hand-off in between, then answers the waiting task once.
//!
//! - **Same durability.** `COMMIT` waits for the disk as sqlx's does (SQLite's default
//!   `synchronous`, `FULL`), and the caller hears back only after it.
//! - **Same rules.** Foreign keys are enforced (`PRAGMA foreign_keys = ON`, as sqlx and Django set
//!   it); a busy database (another process writing) is waited for on the writer thread, up to the
//!   pool's ten seconds, not on the async executor.
//! - **All or nothing.** An error in the closure rolls the transaction back.
//! - **No idle threads.** A writer thread ends after [`IDLE`] without work, and the next write
//!   starts another.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

/// How long a writer thread waits for work before it closes its connection and ends.
const IDLE: Duration = Duration::from_secs(30);
/// How long a write waits for another process's write lock (sqlx's `busy_timeout` in
/// `db::connect`).
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// Distinct statements cached on a writer's connection.
const STATEMENTS_PER_CONNECTION: usize = 64;

type Job = Box<dyn FnOnce(&mut Connection) + Send>;
type Jobs = Arc<Sender<Job>>;

/// The running writer threads, by database file.
static WRITERS: Mutex<Vec<(Arc<Path>, Jobs)>> = Mutex::new(Vec::new());

fn writers() -> MutexGuard<'static, Vec<(Arc<Path>, Jobs)>> {
    WRITERS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The write path to one SQLite file (see the [module documentation](self)).
#[derive(Clone, Debug)]
pub(crate) struct SqliteWriter {
    path: Arc<Path>,
}

impl SqliteWriter {
    /// The writer of the database file at `path` (a canonical path, as
    /// [`SqliteReader::path`](super::reader::SqliteReader::path) gives).
    pub(crate) fn new(path: Arc<Path>) -> Self {
        Self { path }
    }

    /// Runs `work` in one `BEGIN IMMEDIATE` … `COMMIT` transaction on the writer thread and
    /// returns what it returned once committed. `Some(Err)` when `work` or the commit failed
    /// (nothing was written); `None` when there is no writer (the file cannot be opened for
    /// writing): the caller then takes the sea-orm path.
    pub(crate) async fn transaction<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Transaction<'_>) -> rusqlite::Result<T> + Send + 'static,
    ) -> Option<rusqlite::Result<T>> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let mut job: Job = Box::new(move |conn: &mut Connection| {
            let _ = reply.send(run(conn, work));
        });
        // A thread that has just ended for idleness drops its queue: the job comes back, and a
        // new thread takes it.
        for _ in 0..2 {
            let jobs = self.jobs()?;
            match jobs.send(job) {
                Ok(()) => return answer.await.ok(),
                Err(returned) => {
                    job = returned.0;
                    writers().retain(|(_, running)| !Arc::ptr_eq(running, &jobs));
                }
            }
        }
        None
    }

    /// The queue of this database's writer thread, started if none runs.
    fn jobs(&self) -> Option<Jobs> {
        let mut writers = writers();
        if let Some((_, jobs)) = writers.iter().find(|(path, _)| *path == self.path) {
            return Some(jobs.clone());
        }
        let conn = open(&self.path).ok()?;
        let (sender, receiver) = channel();
        let jobs = Arc::new(sender);
        let path = self.path.clone();
        std::thread::Builder::new()
            .name("restframe-sqlite-writer".to_owned())
            .spawn(move || serve(&path, conn, &receiver))
            .ok()?;
        writers.push((self.path.clone(), jobs.clone()));
        Some(jobs)
    }
}

fn open(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.set_prepared_statement_cache_capacity(STATEMENTS_PER_CONNECTION);
    Ok(conn)
}

/// The writer thread: runs jobs in the order they came until none came for [`IDLE`].
fn serve(path: &Path, mut conn: Connection, jobs: &Receiver<Job>) {
    loop {
        let job = match jobs.recv_timeout(IDLE) {
            Ok(job) => job,
            Err(RecvTimeoutError::Disconnected) => return,
            Err(RecvTimeoutError::Timeout) => {
                // Leave the registry first, so no new job can come after the last look.
                let mut writers = writers();
                match jobs.try_recv() {
                    Ok(job) => job,
                    Err(_) => {
                        writers.retain(|(running, _)| **running != *path);
                        return;
                    }
                }
            }
        };
        // A panicking job drops its reply (its caller falls back to sea-orm); the thread and its
        // queue go on.
        let _ = catch_unwind(AssertUnwindSafe(|| job(&mut conn)));
    }
}

fn run<T>(conn: &mut Connection, work: impl FnOnce(&Transaction<'_>) -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let txn = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // On an error the transaction is dropped, which rolls it back.
    let value = work(&txn)?;
    txn.commit()?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new WAL database file with a table `t` whose `v` is unique; removed by the caller.
    fn database(name: &str) -> std::path::PathBuf {
        let mut bytes = [0u8; 6];
        getrandom::fill(&mut bytes).expect("random");
        let suffix: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let path = std::env::temp_dir().join(format!("restframe-writer-{name}-{suffix}.sqlite3"));
        let conn = Connection::open(&path).expect("create");
        conn.pragma_update(None, "journal_mode", "WAL").expect("wal");
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)", []).expect("table");
        std::fs::canonicalize(&path).expect("path")
    }

    fn count(path: &Path) -> i64 {
        let conn = Connection::open(path).expect("open");
        conn.query_row("SELECT COUNT(*) FROM t", [], |row| row.get(0)).expect("count")
    }

    #[tokio::test]
    async fn a_failed_or_panicking_transaction_writes_nothing_and_the_writer_goes_on() {
        let path = database("failures");
        let writer = SqliteWriter::new(path.clone().into());
        let duplicate = writer
            .transaction(|txn| {
                txn.execute("INSERT INTO t (v) VALUES ('a')", [])?;
                txn.execute("INSERT INTO t (v) VALUES ('a')", [])
            })
            .await;
        assert!(matches!(duplicate, Some(Err(_))), "{duplicate:?}");
        assert_eq!(count(&path), 0, "the first insert was rolled back");

        let panicked = writer
            .transaction(|txn| -> rusqlite::Result<()> {
                txn.execute("INSERT INTO t (v) VALUES ('b')", [])?;
                panic!("a bug in a job")
            })
            .await;
        assert!(panicked.is_none(), "no answer from a panicking job");
        assert_eq!(count(&path), 0);

        let inserted = writer.transaction(|txn| txn.execute("INSERT INTO t (v) VALUES ('c')", [])).await;
        assert!(matches!(inserted, Some(Ok(1))), "{inserted:?}");
        assert_eq!(count(&path), 1);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }

    #[tokio::test]
    async fn concurrent_transactions_are_each_committed_once() {
        let path = database("concurrent");
        let writer = SqliteWriter::new(path.clone().into());
        let inserts = (0..32).map(|n| {
            let writer = writer.clone();
            tokio::spawn(async move {
                writer.transaction(move |txn| txn.execute("INSERT INTO t (v) VALUES (?1)", [n.to_string()])).await
            })
        });
        for insert in inserts {
            assert!(matches!(insert.await.expect("task"), Some(Ok(1))));
        }
        assert_eq!(count(&path), 32);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
}
