//! The project's URL conf: the tutorial's four endpoints, without trailing slashes.

use restframe::prelude::*;
use restframe::urls::UrlPattern;
use sea_orm::DatabaseConnection;

use crate::views::HelloView;

/// `urlpatterns`.
pub fn urlpatterns(_db: &DatabaseConnection) -> Vec<UrlPattern> {
    urlpatterns![path("api-hello", HelloView)]
}
