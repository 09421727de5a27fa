//! `migrate`: create or update the project's tables, one migration at a time with Django's
//! progress lines.

use sea_orm::DatabaseConnection;
use sea_orm_migration::MigratorTrait;

use super::{CommandError, Project, connect};

/// Runs the `migrate` command.
pub(crate) async fn run<P: Project>() -> Result<(), CommandError> {
    let db = connect().await?;
    apply::<P>(&db, true).await
}

/// Applies every pending migration of `P`. `verbose` prints Django's full report even when
/// nothing is pending; otherwise (runserver and the other commands) only applied migrations are
/// reported.
pub async fn apply<P: Project>(db: &DatabaseConnection, verbose: bool) -> Result<(), CommandError> {
    let pending = pending::<P::Migrator>(db).await?;
    if verbose || !pending.is_empty() {
        println!("Operations to perform:");
        println!("  Apply all migrations: {}", P::INSTALLED_APPS.join(", "));
        println!("Running migrations:");
    }
    if verbose && pending.is_empty() {
        println!("  No migrations to apply.");
    }
    for name in pending {
        P::Migrator::up(db, Some(1)).await.map_err(|e| CommandError::new(format!("migration {name} failed: {e}")))?;
        println!("  Applying {name}... OK");
    }
    Ok(())
}

async fn pending<M: MigratorTrait>(db: &DatabaseConnection) -> Result<Vec<String>, CommandError> {
    let migrations = M::get_pending_migrations(db)
        .await
        .map_err(|e| CommandError::new(format!("cannot read the migration history: {e}")))?;
    Ok(migrations.iter().map(|m| m.name().to_owned()).collect())
}
