//! DRF's `rest_framework.authentication`: the [`Authentication`] hook and the built-in classes.
//!
//! An authenticator returns `Ok(None)` when the request does not carry its kind of
//! credentials (the next class is tried), `Ok(Some(..))` on success, and `Err(..)` for a
//! credential it recognises but rejects (the request fails, even on an `AllowAny` view).

use std::any::Any;
use std::future::Future;
use std::sync::Arc;

use crate::classes::ClassList;
use crate::exceptions::ApiError;
use crate::request::Request;
use crate::user::User;
use crate::util::BoxFuture;

/// The credential object DRF exposes as `request.auth` (a `Token`, for example).
pub type Auth = Arc<dyn Any + Send + Sync>;

/// A successful authentication: DRF's `(user, auth)` tuple.
#[derive(Clone, Debug)]
pub struct Authenticated {
    /// The authenticated user (`request.user`).
    pub user: Arc<dyn User>,
    /// The credential (`request.auth`), if the scheme has one.
    pub auth: Option<Auth>,
}

impl Authenticated {
    /// A user authenticated without a credential object (like `BasicAuthentication`).
    pub fn user(user: impl User) -> Self {
        Self { user: Arc::new(user), auth: None }
    }
}

/// An authentication class: DRF's `BaseAuthentication` with its two hooks.
pub trait Authentication: Send + Sync + 'static {
    /// Authenticate the request, as DRF's `authenticate(request)`.
    fn authenticate(&self, request: &Request) -> impl Future<Output = Result<Option<Authenticated>, ApiError>> + Send;

    /// The `WWW-Authenticate` value for 401 responses; `None` turns 401s into 403s.
    fn authenticate_header(&self, _request: &Request) -> Option<String> {
        None
    }
}

/// Object-safe twin of [`Authentication`], implemented for every authentication class; this is
/// what settings and views store.
pub trait DynAuthentication: Send + Sync + 'static {
    /// See [`Authentication::authenticate`].
    fn authenticate_dyn<'a>(&'a self, request: &'a Request) -> BoxFuture<'a, Result<Option<Authenticated>, ApiError>>;
    /// See [`Authentication::authenticate_header`].
    fn authenticate_header_dyn(&self, request: &Request) -> Option<String>;
}

impl<T: Authentication> DynAuthentication for T {
    fn authenticate_dyn<'a>(&'a self, request: &'a Request) -> BoxFuture<'a, Result<Option<Authenticated>, ApiError>> {
        Box::pin(self.authenticate(request))
    }
    fn authenticate_header_dyn(&self, request: &Request) -> Option<String> {
        self.authenticate_header(request)
    }
}

/// A list of authentication classes (`authentication_classes`).
pub type Authenticators = ClassList<dyn DynAuthentication>;

/// Builds an [`Authenticators`] list: `authentication![TokenAuthentication::new(db)]`.
#[macro_export]
macro_rules! authentication {
    ($($class:expr),* $(,)?) => {
        $crate::authentication::Authenticators::new(::std::vec![
            $(::std::sync::Arc::new($class) as ::std::sync::Arc<dyn $crate::authentication::DynAuthentication>),*
        ])
    };
}

/// Django's authentication backend (`django.contrib.auth.authenticate`): checks a username and
/// password. `BasicAuthentication` uses it; `restframe::auth` implements it for Django's users.
pub trait UserBackend: Send + Sync + 'static {
    /// The active user with these credentials, or `None`.
    fn authenticate<'a>(
        &'a self,
        username: &'a str,
        password: &'a str,
    ) -> BoxFuture<'a, Result<Option<Arc<dyn User>>, ApiError>>;
}
