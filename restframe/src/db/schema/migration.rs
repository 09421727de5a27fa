//! [`CreateModels`]: a sea-orm-migration step (an app's `0001_initial`) that creates models'
//! tables with [`create_tables`](super::create_tables), so they run in a project's `Migrator`
//! next to the auth and token migrations.

use std::collections::HashSet;

use sea_orm::{ConnectionTrait, DbBackend, DbErr};
use sea_orm_migration::{MigrationName, MigrationTrait, SchemaManager, async_trait};

use super::names::quote;
use crate::serializers::ModelInfo;

/// Creates the tables of `models` (Django's `CreateModel` operations of one migration); `down`
/// drops them, join tables first, as Django's `delete_model`.
///
/// ```
/// use restframe::db::schema::CreateModels;
/// use restframe::serializers::ModelInfo;
/// use sea_orm_migration::{MigrationTrait, MigratorTrait};
///
/// fn library() -> Vec<&'static ModelInfo> {
///     Vec::new() // e.g. vec![Author::info(), Book::info()]
/// }
///
/// struct Migrator;
///
/// impl MigratorTrait for Migrator {
///     fn migrations() -> Vec<Box<dyn MigrationTrait>> {
///         vec![
///             Box::new(restframe::auth::migration::CreateAuthUser),
///             Box::new(CreateModels { name: "m0002_library", models: library }),
///         ]
///     }
/// }
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let db = restframe::db::test_database().await?;
/// Migrator::up(&db, None).await?;
/// # Ok::<(), sea_orm::DbErr>(()) })?;
/// # Ok::<(), sea_orm::DbErr>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct CreateModels {
    /// The migration's name in `seaql_migrations`.
    pub name: &'static str,
    /// The models, in the order Django's migration lists them.
    pub models: fn() -> Vec<&'static ModelInfo>,
}

impl MigrationName for CreateModels {
    fn name(&self) -> &str {
        self.name
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateModels {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        super::create_tables(manager.get_connection(), &(self.models)()).await.map(drop)
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let (_, tables) = super::plan::plan(backend, &(self.models)(), &HashSet::new())?;
        // `DROP TABLE ... CASCADE` on PostgreSQL takes foreign keys from other tables with it,
        // as Django's `sql_delete_table` does.
        let cascade = if backend == DbBackend::Postgres { " CASCADE" } else { "" };
        for table in tables.iter().rev() {
            manager.get_connection().execute_unprepared(&format!("DROP TABLE {}{cascade}", quote(table))).await?;
        }
        Ok(())
    }
}
