//! DRF's serializer `context`: what validation hooks, validators, `create`/`update` and
//! rendering can reach besides the data.

use std::borrow::Cow;
use std::sync::Arc;

use sea_orm::DatabaseConnection;

use super::atomic::{Atomic, Db};
use super::prefetched::PrefetchCache;
use crate::exceptions::ApiError;
use crate::request::Request;

/// What validation hooks, validators, `create`/`update` and rendering can reach (DRF's
/// `context` dict): the request (its user, method, URI, headers and settings; with it the
/// `NON_FIELD_ERRORS_KEY` setting and DRF's HTML-form rules), the parts of the view serializers
/// read ([`Context::view`]), the `format` suffix, the database (`UniqueValidator`, your own
/// queries; an [`Atomic`] block's transaction when given one), whether this is a partial
/// update, and any typed values you add.
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
/// The context holds a copy of the request (shared, without its parsed body), not a borrow of
/// it, so it has no lifetime: a serializer built in a view method can be stored, moved into
/// tasks and returned like any value.
#[derive(Clone, Debug, Default)]
pub struct Context {
    db: Option<Db>,
    /// `partial=True`: missing fields are skipped (PATCH).
    pub partial: bool,
    non_field_errors_key: Option<Cow<'static, str>>,
    /// The data came from an HTML form (`application/x-www-form-urlencoded` or
    /// `multipart/form-data`): DRF's HTML-input rules apply (a missing checkbox is `false`, `""`
    /// means null for `allow_null` fields and absent for optional ones).
    pub html_input: bool,
    repeated: crate::parsers::FormLists,
    request: Option<Arc<Request>>,
    view: Option<ViewParts>,
    format: Option<String>,
    values: http::Extensions,
    prefetched: PrefetchCache,
    deferred: super::deferred::Deferred,
}

/// The instance under update, kept in the context's typed values.
#[derive(Clone)]
struct Instance<M>(M);

/// What a serializer reads from DRF's `context['view']`: the URL keyword arguments and, on a
/// viewset route, `action`, `basename` and `detail`. Copied out of the request (where routing
/// put them); the view object itself is not in the context.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ViewParts {
    /// DRF's `view.kwargs`: the URL keyword arguments, in route order.
    pub kwargs: Vec<(String, String)>,
    /// DRF's `view.action` (`"list"`, `"create"`, an `#[action]`'s name); `None` outside
    /// viewsets.
    pub action: Option<&'static str>,
    /// DRF's `view.basename` (`"book"`); `None` outside viewsets.
    pub basename: Option<String>,
    /// DRF's `view.detail`; `None` outside viewsets.
    pub detail: Option<bool>,
}

impl ViewParts {
    /// DRF's `view.kwargs.get(name)`.
    pub fn kwarg(&self, name: &str) -> Option<&str> {
        self.kwargs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

impl Context {
    /// A context with a database connection.
    pub fn with_db(db: DatabaseConnection) -> Self {
        Self::default().database(db)
    }

    /// DRF's `get_serializer_context()` of a view: the request (user, method, URI, headers), its
    /// settings' `NON_FIELD_ERRORS_KEY`, whether its body is an HTML form, the view's parts
    /// ([`Context::view`]) and the `format` URL keyword argument ([`Context::format`]).
    pub fn from_request(request: &Request) -> Self {
        let content_type = request.header("content-type").unwrap_or("").trim_start().to_ascii_lowercase();
        let html_input = content_type.starts_with("application/x-www-form-urlencoded")
            || content_type.starts_with("multipart/form-data");
        let view = ViewParts {
            kwargs: request.kwargs().to_vec(),
            action: request.action(),
            basename: request.basename().map(str::to_owned),
            detail: request.detail(),
        };
        Self {
            html_input,
            repeated: request.repeated_form_values(),
            // DRF's `clone_request`: the user, auth, headers and body, not the parsed data.
            request: Some(Arc::new(request.clone_request(request.method().clone()))),
            view: Some(view),
            format: request.kwarg("format").map(str::to_owned),
            ..Self::default()
        }
        .settings(request.settings())
    }

    /// Every value of the form field `name` when the form sent it more than once (Django's
    /// `QueryDict.getlist`; a field sent once is its value in the data). Only known when the
    /// context is made after the request body was parsed, as the generic views do.
    pub fn repeated_values(&self, name: &str) -> Option<&[String]> {
        self.repeated.get(name).map(Vec::as_slice)
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
        self.db = Some(db.into());
        self
    }

    /// Runs every query of this context inside `atomic`'s transaction (Django's
    /// `with transaction.atomic():` around `is_valid()` and `save()`), replacing the database.
    #[must_use]
    pub fn atomic(mut self, atomic: &Atomic) -> Self {
        self.db = Some(atomic.db());
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

    /// Sets the instance being updated, which validation hooks read with
    /// [`Context::instance`]. Model serializers set it themselves while validating an update.
    #[must_use]
    pub fn with_instance<M: Clone + Send + Sync + 'static>(self, instance: M) -> Self {
        self.with(Instance(instance))
    }

    /// DRF's `self.instance` in a validation hook: the model instance being updated, `None`
    /// when creating. On a partial update, `validate(attrs)` falls back to its stored values.
    ///
    /// ```
    /// use restframe::serializers::Context;
    ///
    /// #[derive(Clone)]
    /// struct Book { pages: Option<i32> }
    ///
    /// let ctx = Context::default().with_instance(Book { pages: Some(183) });
    /// assert_eq!(ctx.instance::<Book>().and_then(|book| book.pages), Some(183));
    /// assert!(Context::default().instance::<Book>().is_none());
    /// ```
    pub fn instance<M: Send + Sync + 'static>(&self) -> Option<&M> {
        self.values.get::<Instance<M>>().map(|instance| &instance.0)
    }

    /// Stores `value` for rendering, replacing any earlier value of the same type: what a
    /// [`SerializerHooks::prefetch`](super::SerializerHooks::prefetch) hook loads once for a page
    /// (Django's `annotate()` / `prefetch_related()` results) and `get_<field>` methods read with
    /// [`Context::prefetched`]. Every clone of this context sees it (they share one cache).
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use restframe::serializers::Context;
    ///
    /// struct Ratings(HashMap<i32, f64>);
    ///
    /// let ctx = Context::default();
    /// let nested = ctx.clone();
    /// ctx.set_prefetched(Ratings(HashMap::from([(1, 4.5)])));
    /// assert_eq!(nested.prefetched::<Ratings>().map(|r| r.0[&1]), Some(4.5));
    /// ```
    pub fn set_prefetched<T: Send + Sync + 'static>(&self, value: T) {
        self.prefetched.put("", "", Arc::new(value));
    }

    /// The value stored with [`Context::set_prefetched`], if any.
    pub fn prefetched<T: Send + Sync + 'static>(&self) -> Option<Arc<T>> {
        self.prefetched.get::<T>("", "")
    }

    /// The prefetch cache (related rows by relation, see [`crate::relations::Related`]).
    pub(crate) fn prefetch_cache(&self) -> &PrefetchCache {
        &self.prefetched
    }

    /// What validation set aside for `save()` (a model serializer's many-to-many choices).
    pub(crate) fn deferred(&self) -> &super::deferred::Deferred {
        &self.deferred
    }

    /// DRF's `context['request']`: the request the context was built from, if any, with its
    /// user (`request.user()`), headers and settings; [`crate::reverse::reverse`] and
    /// [`crate::reverse::build_absolute_uri`] take it as in a view.
    pub fn request(&self) -> Option<&Request> {
        self.request.as_deref()
    }

    /// DRF's `context['view']`, as far as serializers read it: the URL kwargs and the viewset's
    /// `action` / `basename` / `detail`. `None` for a context not built from a request.
    pub fn view(&self) -> Option<&ViewParts> {
        self.view.as_ref()
    }

    /// DRF's `context['format']`: the `format` URL keyword argument (`/books/1.json` gives
    /// `json`), `None` without a suffix.
    pub fn format(&self) -> Option<&str> {
        self.format.as_deref()
    }

    /// The database ([`Db`]: the connection pool, or the transaction of the [`Atomic`] block the
    /// context joined), or an internal error when none was given.
    pub fn db(&self) -> Result<&Db, ApiError> {
        self.db.as_ref().ok_or_else(|| ApiError::internal("restframe: the serializer context has no database"))
    }

    /// The key for errors not tied to a field (`non_field_errors` by default).
    pub fn non_field_errors_key(&self) -> &str {
        self.non_field_errors_key.as_deref().unwrap_or("non_field_errors")
    }
}
