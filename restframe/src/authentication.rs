//! DRF's `rest_framework.authentication`: the [`Authentication`] hook and the built-in classes.
//!
//! An authenticator returns `Ok(None)` when the request does not carry its kind of
//! credentials (the next class is tried), `Ok(Some(..))` on success, and `Err(..)` for a
//! credential it recognises but rejects (the request fails, even on an `AllowAny` view).
//! The failure leaves `request.user()` anonymous, as DRF marks the request unauthenticated.
//!
//! ```
//! use restframe::prelude::*;
//! use restframe::user::User;
//!
//! #[derive(Debug)]
//! struct ServiceAccount;
//! impl User for ServiceAccount {
//!     fn pk(&self) -> Option<String> { Some("service".into()) }
//!     fn username(&self) -> &str { "service" }
//! }
//!
//! /// `X-Api-Key: <key>`; a wrong key fails the request with 401 + `WWW-Authenticate: ApiKey`.
//! struct ApiKeyAuthentication;
//!
//! impl Authentication for ApiKeyAuthentication {
//!     async fn authenticate(&self, request: &Request) -> Result<Option<Authenticated>, ApiError> {
//!         match request.header("x-api-key") {
//!             None => Ok(None),
//!             Some("let-me-in") => Ok(Some(Authenticated::user(ServiceAccount))),
//!             Some(_) => Err(ApiError::authentication_failed("Invalid API key.")),
//!         }
//!     }
//!     fn authenticate_header(&self, _request: &Request) -> Option<String> {
//!         Some("ApiKey".into())
//!     }
//! }
//!
//! let settings = Settings::default().default_authentication_classes(authentication![ApiKeyAuthentication]);
//! # let _ = settings;
//! ```

use std::any::Any;
use std::future::Future;
use std::sync::Arc;

use serde_json::{Value, json};

use crate::classes::ClassList;
use crate::exceptions::ApiError;
use crate::request::Request;
use crate::throttling::ThrottleDecision;
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

    /// The OpenAPI security scheme (drf-spectacular's `OpenApiAuthenticationExtension`):
    /// its name in `components.securitySchemes` and its definition. `None` (the default)
    /// leaves the class out of the document, as spectacular does for a class it does not know.
    fn security_scheme(&self) -> Option<SecurityScheme> {
        None
    }
}

/// Object-safe twin of [`Authentication`], implemented for every authentication class; this is
/// what settings and views store.
#[doc(hidden)]
pub trait DynAuthentication: Send + Sync + 'static {
    /// See [`Authentication::authenticate`].
    fn authenticate_dyn<'a>(&'a self, request: &'a Request) -> BoxFuture<'a, Result<Option<Authenticated>, ApiError>>;
    /// See [`Authentication::authenticate_header`].
    fn authenticate_header_dyn(&self, request: &Request) -> Option<String>;
    /// See [`Authentication::security_scheme`].
    fn security_scheme_dyn(&self) -> Option<SecurityScheme>;
}

impl<T: Authentication> DynAuthentication for T {
    fn authenticate_dyn<'a>(&'a self, request: &'a Request) -> BoxFuture<'a, Result<Option<Authenticated>, ApiError>> {
        Box::pin(self.authenticate(request))
    }
    fn authenticate_header_dyn(&self, request: &Request) -> Option<String> {
        self.authenticate_header(request)
    }
    fn security_scheme_dyn(&self) -> Option<SecurityScheme> {
        self.security_scheme()
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
    fn authenticate(
        &self,
        username: &str,
        password: &str,
    ) -> impl Future<Output = Result<Option<Arc<dyn User>>, ApiError>> + Send;
}

/// The object-safe twin of [`UserBackend`], implemented for every backend; this is what
/// [`BasicAuthentication`] stores.
#[doc(hidden)]
pub trait DynUserBackend: Send + Sync + 'static {
    /// See [`UserBackend::authenticate`].
    fn authenticate_dyn<'a>(
        &'a self,
        username: &'a str,
        password: &'a str,
    ) -> BoxFuture<'a, Result<Option<Arc<dyn User>>, ApiError>>;
}

impl<T: UserBackend> DynUserBackend for T {
    fn authenticate_dyn<'a>(
        &'a self,
        username: &'a str,
        password: &'a str,
    ) -> BoxFuture<'a, Result<Option<Arc<dyn User>>, ApiError>> {
        Box::pin(self.authenticate(username, password))
    }
}

/// HTTP Basic authentication (DRF's `BasicAuthentication`): `Authorization: Basic <base64>`
/// checked against a [`UserBackend`]. Failures are 401 with `WWW-Authenticate: Basic realm="api"`
/// when this is the view's first authentication class.
///
/// ```
/// use std::sync::Arc;
/// use restframe::prelude::*;
/// use restframe::authentication::{BasicAuthentication, UserBackend};
/// use restframe::user::User;
///
/// #[derive(Debug)]
/// struct Alice;
/// impl User for Alice {
///     fn pk(&self) -> Option<String> { Some("1".into()) }
///     fn username(&self) -> &str { "alice" }
/// }
///
/// struct OneUser;
/// impl UserBackend for OneUser {
///     async fn authenticate(&self, username: &str, password: &str) -> Result<Option<Arc<dyn User>>, ApiError> {
///         let ok = username == "alice" && password == "secret";
///         Ok(ok.then(|| Arc::new(Alice) as Arc<dyn User>))
///     }
/// }
///
/// let settings = Settings::default()
///     .default_authentication_classes(authentication![BasicAuthentication::new(OneUser)]);
/// # let _ = settings;
/// ```
pub struct BasicAuthentication {
    backend: Arc<dyn DynUserBackend>,
    realm: String,
    hash_throttle_scope: Option<String>,
}

impl std::fmt::Debug for BasicAuthentication {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BasicAuthentication")
            .field("realm", &self.realm)
            .field("hash_throttle_scope", &self.hash_throttle_scope)
            .finish_non_exhaustive()
    }
}

impl BasicAuthentication {
    /// Basic authentication against `backend`, realm `api`.
    pub fn new(backend: impl UserBackend) -> Self {
        Self { backend: Arc::new(backend), realm: "api".to_owned(), hash_throttle_scope: None }
    }

    /// Counts every credential check per client IP against `DEFAULT_THROTTLE_RATES[scope]`
    /// *before* the password is hashed; over the rate the request fails with DRF's 429
    /// `Throttled` (and `Retry-After`) without hashing.
    ///
    /// DRF runs throttles only after authentication, so its Basic authentication hashes every
    /// request's password, however many a client sends. This check is the one place where a
    /// throttle runs first; it counts only requests carrying `Basic` credentials, successful or
    /// not (each costs a hash). Off by default, as in DRF.
    ///
    /// ```
    /// use restframe::prelude::*;
    /// use restframe::authentication::BasicAuthentication;
    /// use restframe::auth::{ModelBackend, UserManager};
    ///
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let users = UserManager::new(restframe::db::test_database().await.expect("database"));
    /// let basic = BasicAuthentication::new(ModelBackend::new(users)).hash_throttle_scope("basic");
    /// let settings = Settings::default()
    ///     .default_authentication_classes(authentication![basic])
    ///     .default_throttle_rate("basic", "20/min");
    /// # let _ = settings;
    /// # });
    /// ```
    #[must_use]
    pub fn hash_throttle_scope(mut self, scope: &str) -> Self {
        self.hash_throttle_scope = Some(scope.to_owned());
        self
    }

    /// DRF's `www_authenticate_realm`.
    #[must_use]
    pub fn realm(mut self, realm: &str) -> Self {
        self.realm = realm.to_owned();
        self
    }
}

/// The `Authorization` header split on ASCII whitespace, as bytes (DRF's
/// `get_authorization_header(request).split()`).
pub fn authorization_parts(request: &Request) -> Vec<&[u8]> {
    request
        .headers()
        .get(http::header::AUTHORIZATION)
        .map(|v| v.as_bytes().split(|b| b.is_ascii_whitespace() || *b == 0x0b).filter(|p| !p.is_empty()).collect())
        .unwrap_or_default()
}

/// Decodes Basic credentials like Python's lenient `base64.b64decode` (characters outside the
/// alphabet are dropped, padding is required), then UTF-8 with a latin-1 fallback, split at the
/// first `:`.
fn decode_basic(encoded: &[u8]) -> Option<(String, String)> {
    use base64::Engine;
    use base64::engine::{GeneralPurpose, GeneralPurposeConfig};
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true),
    );
    let filtered: Vec<u8> =
        encoded.iter().copied().filter(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')).collect();
    let decoded = LENIENT.decode(filtered).ok()?;
    let text = match String::from_utf8(decoded) {
        Ok(text) => text,
        Err(err) => err.into_bytes().iter().map(|&b| char::from(b)).collect(),
    };
    let (user, password) = text.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

impl Authentication for BasicAuthentication {
    async fn authenticate(&self, request: &Request) -> Result<Option<Authenticated>, ApiError> {
        let parts = authorization_parts(request);
        let Some(keyword) = parts.first() else {
            return Ok(None);
        };
        if !keyword.eq_ignore_ascii_case(b"basic") {
            return Ok(None);
        }
        let encoded = match parts.as_slice() {
            [_] => return Err(ApiError::authentication_failed("Invalid basic header. No credentials provided.")),
            [_, encoded] => *encoded,
            _ => {
                return Err(ApiError::authentication_failed(
                    "Invalid basic header. Credentials string should not contain spaces.",
                ));
            }
        };
        let (username, password) = decode_basic(encoded).ok_or_else(|| {
            ApiError::authentication_failed("Invalid basic header. Credentials not correctly base64 encoded.")
        })?;
        if let Some(scope) = &self.hash_throttle_scope
            && let ThrottleDecision::Deny { wait } = crate::throttling::check_client(request, scope).await?
        {
            return Err(ApiError::throttled(wait));
        }
        let user = self
            .backend
            .authenticate_dyn(&username, &password)
            .await?
            .ok_or_else(|| ApiError::authentication_failed("Invalid username/password."))?;
        if !user.is_active() {
            return Err(ApiError::authentication_failed("User inactive or deleted."));
        }
        Ok(Some(Authenticated { user, auth: None }))
    }

    fn authenticate_header(&self, _request: &Request) -> Option<String> {
        Some(format!("Basic realm=\"{}\"", self.realm))
    }
    fn security_scheme(&self) -> Option<SecurityScheme> {
        Some(SecurityScheme::basic())
    }
}

#[cfg(test)]
mod tests {
    use super::decode_basic;

    #[test]
    fn basic_credentials_decode_like_python() {
        assert_eq!(decode_basic(b"dXNlcjpwYXNz"), Some(("user".into(), "pass".into())));
        // Python drops characters outside the alphabet before decoding.
        assert_eq!(decode_basic(b"dXNl!cjpw*YXNz"), Some(("user".into(), "pass".into())));
        // Only the first colon splits.
        assert_eq!(decode_basic(b"YTpiOmM="), Some(("a".into(), "b:c".into())));
        // UTF-8, then latin-1.
        assert_eq!(decode_basic(b"w6k6eA=="), Some(("é".into(), "x".into())));
        assert_eq!(decode_basic(b"6Tp4"), Some(("é".into(), "x".into())));
        assert_eq!(decode_basic(b"dXNlcg=="), None, "no colon");
        assert_eq!(decode_basic(b"dXNlcjpwYXN"), None, "bad padding");
    }
}

/// A security scheme of `components.securitySchemes` (drf-spectacular's
/// `OpenApiAuthenticationExtension`): its name and definition.
#[derive(Clone, Debug, PartialEq)]
pub struct SecurityScheme {
    /// The name operations refer to (`tokenAuth`).
    pub name: String,
    /// The OpenAPI security scheme object.
    pub definition: Value,
}

impl SecurityScheme {
    /// spectacular's `TokenScheme` for `TokenAuthentication` with `keyword`: an API key in the
    /// `Authorization` header (`bearer` HTTP authentication for the keyword `Bearer`).
    ///
    /// ```
    /// let scheme = restframe::schemas::SecurityScheme::token("Token");
    /// assert_eq!(scheme.name, "tokenAuth");
    /// assert_eq!(scheme.definition["description"], "Token-based authentication with required prefix \"Token\"");
    /// ```
    pub fn token(keyword: &str) -> Self {
        let definition = if keyword == "Bearer" {
            json!({"type": "http", "scheme": "bearer"})
        } else {
            json!({
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": format!("Token-based authentication with required prefix \"{keyword}\""),
            })
        };
        Self { name: "tokenAuth".into(), definition }
    }

    /// spectacular's `BasicScheme` for `BasicAuthentication`.
    pub fn basic() -> Self {
        Self { name: "basicAuth".into(), definition: json!({"type": "http", "scheme": "basic"}) }
    }
}
