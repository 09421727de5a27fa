//! Django's `transaction.atomic()` for serializers: [`Atomic`] opens a transaction, a
//! [`Context`](super::Context) given it runs every query of validation and `save()` inside it,
//! and [`Db`] is the connection the context hands to hooks (the view's pool, or the open
//! transaction).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use futures_util::lock::Mutex;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, ExecResult, QueryResult, Statement,
    TransactionTrait,
};

use crate::exceptions::ApiError;

/// The transaction of an [`Atomic`] block; `None` once it was committed or rolled back.
type Shared = Mutex<Option<DatabaseTransaction>>;

/// The database of a serializer [`Context`](super::Context) (`ctx.db()?`): a sea-orm
/// [`ConnectionTrait`], so queries in hooks and validators read
/// `Entity::find().all(ctx.db()?)` as before. Inside an [`Atomic`] block every statement runs
/// on the block's transaction; outside one (and once the block has ended, as Django returns to
/// autocommit) on the view's connection pool.
#[derive(Clone)]
pub struct Db {
    pool: DatabaseConnection,
    atomic: Option<Arc<Shared>>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").field("atomic", &self.atomic.is_some()).finish_non_exhaustive()
    }
}

impl From<DatabaseConnection> for Db {
    fn from(pool: DatabaseConnection) -> Self {
        Self { pool, atomic: None }
    }
}

impl Db {
    /// The connection pool itself, bypassing any open transaction: for APIs that need a
    /// `DatabaseConnection` (a `UserManager`, a background task). Inside an [`Atomic`] block its
    /// queries do not see the block's uncommitted rows, and on SQLite they wait for the block's
    /// write lock.
    pub fn connection(&self) -> &DatabaseConnection {
        &self.pool
    }

    /// The database backend (the same for the pool and its transactions).
    pub fn get_database_backend(&self) -> DbBackend {
        self.pool.get_database_backend()
    }

    /// Django's `connection.in_atomic_block`: whether statements run inside an open [`Atomic`]
    /// block.
    pub fn in_atomic_block(&self) -> bool {
        // A held lock means a statement is running on the open transaction right now.
        self.atomic.as_ref().is_some_and(|shared| shared.try_lock().is_none_or(|txn| txn.is_some()))
    }
}

/// Runs `$call` on the open transaction, else on the pool. The lock is held for one statement
/// only: a transaction is one database connection, which runs one statement at a time anyway.
macro_rules! on_connection {
    ($db:expr, |$conn:ident| $call:expr) => {
        Box::pin(async move {
            if let Some(shared) = &$db.atomic {
                let guard = shared.lock().await;
                if let Some($conn) = guard.as_ref() {
                    return $call.await;
                }
            }
            let $conn = &$db.pool;
            $call.await
        })
    };
}

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, DbErr>> + Send + 'a>>;

// Written out rather than with `#[async_trait]` (which restframe does not depend on): these are
// the signatures that attribute generates for sea-orm's trait.
impl ConnectionTrait for Db {
    fn get_database_backend(&self) -> DbBackend {
        self.pool.get_database_backend()
    }

    fn execute_raw<'a, 'b>(&'a self, stmt: Statement) -> BoxFuture<'b, ExecResult>
    where
        'a: 'b,
        Self: 'b,
    {
        on_connection!(self, |conn| conn.execute_raw(stmt))
    }

    fn execute_unprepared<'a, 'c, 'b>(&'a self, sql: &'c str) -> BoxFuture<'b, ExecResult>
    where
        'a: 'b,
        'c: 'b,
        Self: 'b,
    {
        on_connection!(self, |conn| conn.execute_unprepared(sql))
    }

    fn query_one_raw<'a, 'b>(&'a self, stmt: Statement) -> BoxFuture<'b, Option<QueryResult>>
    where
        'a: 'b,
        Self: 'b,
    {
        on_connection!(self, |conn| conn.query_one_raw(stmt))
    }

    fn query_all_raw<'a, 'b>(&'a self, stmt: Statement) -> BoxFuture<'b, Vec<QueryResult>>
    where
        'a: 'b,
        Self: 'b,
    {
        on_connection!(self, |conn| conn.query_all_raw(stmt))
    }

    fn support_returning(&self) -> bool {
        self.pool.support_returning()
    }
}

/// Django's `with transaction.atomic():` — a transaction that serializers join through their
/// context ([`Context::atomic`](super::Context::atomic), [`Bound::atomic`](super::Bound::atomic)):
/// their validation queries (`UniqueValidator`, your hooks' queries) and `create()`/`update()`
/// run in it, so they see each other's rows and [`Atomic::commit`] keeps all of them or none.
///
/// Dropping it without committing rolls back, as leaving an `atomic()` block with an exception
/// does; so `?` on an error inside the block undoes every earlier save. Contexts that outlive the
/// block go back to the connection pool (Django's autocommit).
///
/// ```
/// use restframe::serializers::{Atomic, Context};
/// use sea_orm::{ConnectionTrait, Statement};
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().expect("rt").block_on(async {
/// let db = restframe::db::test_database().await?;
/// db.execute_unprepared("CREATE TABLE note (id INTEGER PRIMARY KEY)").await?;
///
/// let atomic = Atomic::begin(&db).await?;
/// let ctx = Context::default().atomic(&atomic);
/// ctx.db()?.execute_unprepared("INSERT INTO note (id) VALUES (1)").await?;
/// assert!(ctx.db()?.in_atomic_block());
/// drop(atomic); // no commit: rolled back
///
/// let count = ctx.db()?.query_one_raw(Statement::from_string(db.get_database_backend(), "SELECT COUNT(*) AS n FROM note")).await?;
/// assert_eq!(count.map(|row| row.try_get::<i64>("", "n")).transpose()?, Some(0));
/// # Ok::<(), restframe::exceptions::ApiError>(()) }).expect("doc example");
/// ```
pub struct Atomic {
    db: Db,
}

impl std::fmt::Debug for Atomic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Atomic").finish_non_exhaustive()
    }
}

impl Atomic {
    /// Opens the transaction (`BEGIN`).
    pub async fn begin(db: &DatabaseConnection) -> Result<Self, ApiError> {
        let txn = db.begin().await?;
        Ok(Self { db: Db { pool: db.clone(), atomic: Some(Arc::new(Mutex::new(Some(txn)))) } })
    }

    /// The transaction as a context database (what [`Context::atomic`](super::Context::atomic)
    /// installs).
    pub fn db(&self) -> Db {
        self.db.clone()
    }

    /// Commits every statement run in the block (leaving `atomic()` normally).
    pub async fn commit(self) -> Result<(), ApiError> {
        match self.take().await {
            Some(txn) => Ok(txn.commit().await?),
            None => Ok(()),
        }
    }

    /// Rolls back every statement run in the block (`transaction.set_rollback(True)`).
    pub async fn rollback(self) -> Result<(), ApiError> {
        match self.take().await {
            Some(txn) => Ok(txn.rollback().await?),
            None => Ok(()),
        }
    }

    async fn take(&self) -> Option<DatabaseTransaction> {
        self.db.atomic.as_ref()?.lock().await.take()
    }
}

impl Drop for Atomic {
    fn drop(&mut self) {
        // Dropping sea-orm's transaction starts its rollback; done here rather than when the last
        // context holding it goes, so the block ends where the `Atomic` does.
        if let Some(mut txn) = self.db.atomic.as_ref().and_then(|shared| shared.try_lock()) {
            txn.take();
        }
    }
}
