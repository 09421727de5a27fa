//! The project's URL conf: the tutorial's four endpoints, without trailing slashes.

use restframe::auth::UserManager;
use restframe::prelude::*;
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
    ]
}
