//! `library/urls.py` and `bookshelf_site/urls.py`: the router's API root at `/`, the
//! library's resources below it, the signed-in user's profile at `/me/`, and token sign-in at
//! `/api-token-auth/`, and the OpenAPI document at `/schema/` (drf-spectacular's
//! `SpectacularAPIView`; the Django app serves it when `BOOKSHELF_SPECTACULAR=1`).

use restframe::auth::UserManager;
use restframe::prelude::*;
use restframe::schemas::SpectacularAPIView;
use restframe::urls::UrlPattern;
use restframe_authtoken::obtain_auth_token;
use sea_orm::DatabaseConnection;

use crate::views::{AuthorViewSet, BookViewSet, GenreViewSet, MeView, ReviewViewSet, UserViewSet};

/// `urlpatterns`.
pub(crate) fn urlpatterns(db: &DatabaseConnection) -> Vec<UrlPattern> {
    let mut router = DefaultRouter::new();
    router.register("authors", AuthorViewSet { db: db.clone() });
    router.register("genres", GenreViewSet { db: db.clone() });
    router.register("books", BookViewSet { db: db.clone() });
    router.register("reviews", ReviewViewSet { db: db.clone() });
    router.register("users", UserViewSet { db: db.clone() });
    urlpatterns![
        path("me/", MeView { db: db.clone() }).name("me"),
        include("", router.urls()),
        path("api-token-auth/", obtain_auth_token(UserManager::new(db.clone()))).name("api-token-auth"),
        path("schema/", SpectacularAPIView::new()).name("schema"),
    ]
}
