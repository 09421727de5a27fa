//! The project's URL conf: the tutorial's four endpoints, without trailing slashes, and the
//! OpenAPI document at `api/schema/` (as the DRF project with drf-spectacular).

use restframe::auth::UserManager;
use restframe::prelude::*;
use restframe::schemas::SpectacularAPIView;
use restframe::urls::UrlPattern;
use restframe_authtoken::obtain_auth_token;
use sea_orm::DatabaseConnection;

use crate::views::{HelloView, LoginView, RegistrationView};

/// `urlpatterns`.
pub(crate) fn urlpatterns(db: &DatabaseConnection) -> Vec<UrlPattern> {
    let users = UserManager::new(db.clone());
    urlpatterns![
        path("api-hello", HelloView),
        path("api-register-auth", RegistrationView::new(users.clone())),
        path("api-token-auth", obtain_auth_token(users.clone())),
        path("api-login-auth", LoginView::new(users)),
        // drf-spectacular's `SpectacularAPIView`: the OpenAPI document, YAML or JSON.
        path("api/schema/", SpectacularAPIView::new()).name("schema"),
    ]
}
