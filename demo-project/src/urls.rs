//! The project's URL conf: the tutorial's four endpoints, without trailing slashes, and the
//! OpenAPI document at `api/schema/` with Swagger UI and ReDoc below it (as the DRF project
//! with drf-spectacular and drf-spectacular-sidecar).

use restframe::auth::UserManager;
use restframe::prelude::*;
use restframe::schemas::{
    ASSET_URL_NAME, SchemaUIAssetView, SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView,
};
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
        path("api/schema/swagger-ui/", SpectacularSwaggerView::new()).name("swagger-ui"),
        path("api/schema/redoc/", SpectacularRedocView::new()).name("redoc"),
        // The UIs' scripts and styles, compiled into the binary (the sidecar's static files).
        path("static/drf_spectacular_sidecar/<path:file>", SchemaUIAssetView).name(ASSET_URL_NAME),
    ]
}
