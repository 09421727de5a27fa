//! Django's `Model.delete()` for a model with relations: the deletion `Collector` with
//! `on_delete=CASCADE`. Deleting a row first deletes its many-to-many join rows and, through
//! every reverse foreign key the model declares (`reverse(books = ...)`), the rows pointing at
//! it, recursively; all in one transaction, so a failure leaves nothing half-deleted.
//!
//! ```
//! use restframe::db::deletion;
//! use restframe::serializers::{ModelInfo, ModelRelation, RelationKind};
//! use sea_orm::{ConnectionTrait, DbBackend};
//!
//! fn review() -> &'static ModelInfo {
//!     static INFO: ModelInfo = ModelInfo { table: "review", pk_column: "id", fields: &[], relations: &[], ordering: &[] };
//!     &INFO
//! }
//! const BOOK_RELATIONS: &[ModelRelation] =
//!     &[ModelRelation { name: "reviews", kind: RelationKind::ReverseForeignKey { column: "book_id" }, related: review }];
//! static BOOK: ModelInfo = ModelInfo { table: "book", pk_column: "id", fields: &[], relations: BOOK_RELATIONS, ordering: &[] };
//!
//! assert_eq!(
//!     deletion::sql_delete(DbBackend::Sqlite, &BOOK)?,
//!     [
//!         r#"DELETE FROM "review" WHERE "book_id" IN (SELECT "id" FROM "book" WHERE "id" = ?)"#,
//!         r#"DELETE FROM "book" WHERE "id" = ?"#,
//!     ]
//! );
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let db = restframe::db::test_database().await?;
//! db.execute_unprepared("CREATE TABLE book (id integer PRIMARY KEY); CREATE TABLE review (id integer PRIMARY KEY, book_id integer REFERENCES book (id))").await?;
//! db.execute_unprepared("INSERT INTO book VALUES (1), (2); INSERT INTO review VALUES (1, 1), (2, 2)").await?;
//! assert_eq!(deletion::delete(&db, &BOOK, 1.into()).await?, 1);
//! let left = db.query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), "SELECT COUNT(*) AS n FROM review")).await?;
//! assert_eq!(left.map(|row| row.try_get::<i64>("", "n")).transpose()?, Some(1));
//! # Ok::<(), sea_orm::DbErr>(()) })?;
//! # Ok::<(), sea_orm::DbErr>(())
//! ```
//!
//! # Differences from Django
//! Only `CASCADE` is modelled, and only through relations the model declares: a foreign key
//! from a model that is not declared as a reverse relation here (Django knows every model of
//! the project) still makes the database refuse the delete. Django's `pre_delete`/
//! `post_delete` signals do not exist.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement, TransactionSession, TransactionTrait};

use super::schema::quote;
use crate::serializers::{ModelInfo, RelationKind};

/// How deep reverse relations are followed; deeper chains (or a cycle) are refused.
const MAX_DEPTH: usize = 16;

/// The statements deleting one row of `info` (its primary key is the one placeholder each
/// statement has), dependents first: join rows, then rows reached through reverse foreign keys
/// (theirs first), then the row itself.
pub fn sql_delete(backend: DbBackend, info: &ModelInfo) -> Result<Vec<String>, DbErr> {
    let placeholder = match backend {
        DbBackend::Postgres => "$1",
        _ => "?",
    };
    let mut statements = Vec::new();
    let root = format!("{} = {placeholder}", quote(info.pk_column));
    collect(info, &root, 0, &mut statements)?;
    Ok(statements)
}

/// Deletes the row of `info` whose primary key is `pk` and everything that cascades from it, in
/// one transaction. Returns how many rows of `info` itself were deleted (0 or 1).
pub async fn delete<C>(db: &C, info: &ModelInfo, pk: sea_orm::Value) -> Result<u64, DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    let backend = db.get_database_backend();
    let statements = sql_delete(backend, info)?;
    let txn = db.begin().await?;
    let mut deleted = 0;
    for sql in statements {
        deleted = txn.execute_raw(Statement::from_sql_and_values(backend, sql, [pk.clone()])).await?.rows_affected();
    }
    txn.commit().await?;
    Ok(deleted)
}

/// Appends the statements deleting the rows of `info` matching `condition` (SQL on its table).
fn collect(info: &ModelInfo, condition: &str, depth: usize, statements: &mut Vec<String>) -> Result<(), DbErr> {
    if depth > MAX_DEPTH {
        return Err(DbErr::Custom(format!(
            "restframe: reverse relations of `{}` nest too deeply to delete",
            info.table
        )));
    }
    let table = quote(info.table);
    let selected = format!("SELECT {} FROM {table} WHERE {condition}", quote(info.pk_column));
    for relation in info.relations {
        match relation.kind {
            RelationKind::ManyToMany { through, source_column, .. } => statements.push(format!(
                "DELETE FROM {} WHERE {} IN ({selected})",
                quote(through),
                quote(source_column)
            )),
            RelationKind::ReverseForeignKey { column } => {
                let dependent = (relation.related)();
                collect(dependent, &format!("{} IN ({selected})", quote(column)), depth + 1, statements)?;
            }
            RelationKind::ForeignKey { .. } => {}
        }
    }
    statements.push(format!("DELETE FROM {table} WHERE {condition}"));
    Ok(())
}
