//! `bookshelf_site/settings.py`: `INSTALLED_APPS` and the `REST_FRAMEWORK` dict.
//!
//! ```python
//! REST_FRAMEWORK = {
//!     'DEFAULT_AUTHENTICATION_CLASSES': ['...TokenAuthentication', '...BasicAuthentication'],
//!     'DEFAULT_PERMISSION_CLASSES': ['rest_framework.permissions.IsAuthenticatedOrReadOnly'],
//!     'DEFAULT_PAGINATION_CLASS': 'rest_framework.pagination.PageNumberPagination',
//!     'PAGE_SIZE': 3,
//!     'DEFAULT_FILTER_BACKENDS': ['...DjangoFilterBackend', '...SearchFilter', '...OrderingFilter'],
//!     'DEFAULT_RENDERER_CLASSES': ['rest_framework.renderers.JSONRenderer'],
//! }
//! ```

use restframe::auth::{ModelBackend, UserManager};
use restframe::authentication::BasicAuthentication;
use restframe::db::schema::CreateModels;
use restframe::django_filters::DjangoFilterBackend;
use restframe::filters::{OrderingFilter, SearchFilter};
use restframe::pagination::PageNumberPagination;
use restframe::prelude::*;
use restframe_authtoken::TokenAuthentication;
use sea_orm::DatabaseConnection;
use sea_orm_migration::{MigrationTrait, MigratorTrait};

/// The apps whose tables `migrate` creates.
pub(crate) const INSTALLED_APPS: [&str; 3] = ["auth", "authtoken", "library"];

/// The migrations of [`INSTALLED_APPS`]: auth, authtoken, then `library/migrations/0001_initial.py`.
pub(crate) struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        let mut migrations = restframe_authtoken::migration::Migrator::migrations();
        migrations.push(Box::new(CreateModels { name: "m0003_library_0001_initial", models: crate::models::library }));
        migrations
    }
}

/// `DEFAULT_FILTER_BACKENDS`, named once; each list view says `filter_backends = [DEFAULT_FILTER_BACKENDS]`.
pub(crate) const DEFAULT_FILTER_BACKENDS: (DjangoFilterBackend, SearchFilter, OrderingFilter) =
    (DjangoFilterBackend, SearchFilter, OrderingFilter);

/// `REST_FRAMEWORK` for the database `db`.
pub(crate) fn settings(db: &DatabaseConnection) -> Settings {
    Settings::default()
        .default_authentication_classes(authentication![
            TokenAuthentication::new(db.clone()),
            BasicAuthentication::new(ModelBackend::new(UserManager::new(db.clone()))),
        ])
        .default_permission_classes(permissions![IsAuthenticatedOrReadOnly])
        .default_pagination_class(PageNumberPagination::new())
        .page_size(3)
        .default_renderer_classes(renderers![JSONRenderer])
}
