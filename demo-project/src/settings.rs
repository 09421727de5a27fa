//! The project settings: the tutorial's `REST_FRAMEWORK` dict and `INSTALLED_APPS`.
//!
//! ```python
//! REST_FRAMEWORK = {
//!     "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
//!     "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
//! }
//! ```
//!
//! No throttling here, as in the tutorial: `runserver` adds it from `DEMO_THROTTLE_RATES`,
//! `REDIS_URL` and `DEMO_NUM_PROXIES` (see `crate::throttling`).

use restframe::prelude::*;
use restframe_authtoken::TokenAuthentication;
use sea_orm::DatabaseConnection;

/// The apps whose tables `migrate` creates: Django's `auth_user`, DRF's `authtoken_token`.
pub(crate) const INSTALLED_APPS: [&str; 2] = ["auth", "authtoken"];

/// The migrations of [`INSTALLED_APPS`], in dependency order.
pub(crate) type Migrator = restframe_authtoken::migration::Migrator;

/// `REST_FRAMEWORK` for the database `db`.
pub(crate) fn settings(db: &DatabaseConnection) -> Settings {
    Settings::default()
        .default_authentication_classes(authentication![TokenAuthentication::new(db.clone())])
        .default_permission_classes(permissions![AllowAny])
}
