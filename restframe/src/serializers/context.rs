//! DRF's serializer `context`: what validation hooks, validators and `create`/`update` can
//! reach besides the data.

use std::borrow::Cow;

use http::{HeaderMap, Method, Uri};
use sea_orm::DatabaseConnection;

use crate::exceptions::ApiError;
use crate::request::Request;

/// What validation hooks and validators can reach: the request (its method, URI and headers;
/// with it the `NON_FIELD_ERRORS_KEY` setting and DRF's HTML-form rules), the database
/// (`UniqueValidator`, your own queries), whether this is a partial update, and any typed
/// values you add (DRF's `context` dict).
///
/// A view builds it with [`Context::from_request`], or gets a serializer with the data and this
/// context in one call from [`Serializer::from_request`](super::Serializer::from_request).
/// Typed values ride along with [`Context::with`] and come back with [`Context::get`]:
///
/// ```
/// use restframe::serializers::Context;
///
/// #[derive(Clone, Debug, PartialEq)]
/// struct Tenant(&'static str);
///
/// let ctx = Context::default().with(Tenant("acme"));
/// assert_eq!(ctx.get::<Tenant>(), Some(&Tenant("acme")));
/// assert_eq!(ctx.get::<u32>(), None);
/// ```
///
/// The context holds owned copies of the request's pieces, not a borrow of the request, so it
/// has no lifetime: a serializer built in a view method can be stored, moved into tasks and
/// returned like any value.
#[derive(Clone, Debug, Default)]
pub struct Context {
    db: Option<DatabaseConnection>,
    /// `partial=True`: missing fields are skipped (PATCH).
    pub partial: bool,
    non_field_errors_key: Option<Cow<'static, str>>,
    /// The data came from an HTML form (`application/x-www-form-urlencoded` or
    /// `multipart/form-data`): DRF's HTML-input rules apply (a missing checkbox is `false`, `""`
    /// means null for `allow_null` fields and absent for optional ones).
    pub html_input: bool,
    request: Option<RequestParts>,
    values: http::Extensions,
}

/// The parts of the request a serializer context keeps (DRF's `context['request']`): copied
/// out of the [`Request`] so the context has no lifetime.
#[derive(Clone, Debug)]
pub struct RequestParts {
    /// The HTTP method.
    pub method: Method,
    /// The request URI (path and query, as received).
    pub uri: Uri,
    /// The request headers.
    pub headers: HeaderMap,
}

impl Context {
    /// A context with a database connection.
    pub fn with_db(db: DatabaseConnection) -> Self {
        Self::default().database(db)
    }

    /// DRF's `get_serializer_context()` of a view: the request (method, URI, headers), its
    /// settings' `NON_FIELD_ERRORS_KEY`, and whether its body is an HTML form.
    pub fn from_request(request: &Request) -> Self {
        let content_type = request.header("content-type").unwrap_or("").trim_start().to_ascii_lowercase();
        let html_input = content_type.starts_with("application/x-www-form-urlencoded")
            || content_type.starts_with("multipart/form-data");
        let parts = RequestParts {
            method: request.method().clone(),
            uri: request.uri().clone(),
            headers: request.headers().clone(),
        };
        Self { html_input, request: Some(parts), ..Self::default() }.settings(request.settings())
    }

    /// Uses the `NON_FIELD_ERRORS_KEY` of these settings (a `Settings` or a request's
    /// `RequestConfig`).
    #[must_use]
    pub fn settings(mut self, settings: &impl AsRef<crate::request::RequestConfig>) -> Self {
        self.non_field_errors_key = Some(Cow::Owned(settings.as_ref().non_field_errors_key().to_owned()));
        self
    }

    /// Adds the database connection ([`Context::db`]).
    #[must_use]
    pub fn database(mut self, db: DatabaseConnection) -> Self {
        self.db = Some(db);
        self
    }

    /// Adds a typed value, replacing any earlier value of the same type (DRF's
    /// `context['key'] = value`, keyed by type).
    #[must_use]
    pub fn with<T: Clone + Send + Sync + 'static>(mut self, value: T) -> Self {
        self.values.insert(value);
        self
    }

    /// The value of type `T` added with [`Context::with`], if any.
    pub fn get<T: Send + Sync + 'static>(&self) -> Option<&T> {
        self.values.get::<T>()
    }

    /// The request the context was built from, if any.
    pub fn request(&self) -> Option<&RequestParts> {
        self.request.as_ref()
    }

    /// The database connection, or an internal error when none was given.
    pub fn db(&self) -> Result<&DatabaseConnection, ApiError> {
        self.db.as_ref().ok_or_else(|| ApiError::internal("restframe: the serializer context has no database"))
    }

    /// The key for errors not tied to a field (`non_field_errors` by default).
    pub fn non_field_errors_key(&self) -> &str {
        self.non_field_errors_key.as_deref().unwrap_or("non_field_errors")
    }
}
