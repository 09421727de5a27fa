//! The project settings: DRF's `REST_FRAMEWORK` dict of the tutorial.
//!
//! ```python
//! REST_FRAMEWORK = {
//!     "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
//!     "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
//! }
//! ```

use restframe::prelude::*;
use sea_orm::DatabaseConnection;

/// The project's settings for `db`.
pub fn settings(_db: &DatabaseConnection) -> Settings {
    Settings::default().default_permission_classes(permissions![AllowAny])
}
