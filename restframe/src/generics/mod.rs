//! DRF's `rest_framework.generics`: [`GenericAPIView`] (the queryset, the serializer, the
//! lookup and `get_object`) and the nine concrete views, named in one line with
//! [`#[generic_view(...)]`](crate::generic_view).
//!
//! ```
//! use restframe::prelude::*;
//! use restframe::generics::GenericAPIView;
//! use sea_orm::{DatabaseConnection, EntityTrait, QueryFilter, ColumnTrait, Select};
//!
//! mod book {
//!     use sea_orm::entity::prelude::*;
//!     #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
//!     #[sea_orm(table_name = "library_book")]
//!     pub struct Model {
//!         #[sea_orm(primary_key)]
//!         pub id: i32,
//!         pub title: String,
//!         #[sea_orm(unique)]
//!         pub slug: String,
//!     }
//!     #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
//!     pub enum Relation {}
//!     impl ActiveModelBehavior for ActiveModel {}
//! }
//!
//! #[derive(restframe::ModelSerializer)]
//! #[serializer(model = book::Model, fields(id, title, slug))]
//! pub struct BookSerializer;
//!
//! pub struct BookDetail {
//!     db: DatabaseConnection,
//! }
//!
//! /// One book, by its slug.
//! #[generic_view(RetrieveUpdateDestroyAPIView, permission_classes = [IsAuthenticatedOrReadOnly], lookup_field = slug)]
//! impl GenericAPIView for BookDetail {
//!     type Serializer = BookSerializer;
//!     fn db(&self) -> &DatabaseConnection {
//!         &self.db
//!     }
//!     fn get_queryset(&self, _request: &Request) -> Select<book::Entity> {
//!         book::Entity::find().filter(book::Column::Title.ne("hidden"))
//!     }
//! }
//!
//! assert_eq!(<BookDetail as ViewMeta>::NAME, "Book Detail");
//! assert_eq!(<BookDetail as ViewMeta>::DESCRIPTION, "One book, by its slug.");
//! # async fn urls(db: DatabaseConnection) {
//! let urls = urlpatterns![path("books/<slug:slug>/", BookDetail { db })];
//! # }
//! ```
//!
//! ## Differences from DRF
//! - The queryset is a sea-orm `Select` built per request by [`GenericAPIView::get_queryset`]
//!   (DRF re-evaluates `queryset.all()` per request too); the model comes from the serializer.
//! - `lookup_field` is a column of the entity (a misspelled one does not compile); `None`
//!   means the primary key, DRF's `'pk'`.
//! - The 404 text names the model with [`GenericAPIView::model_name`], which defaults to the
//!   table name without its Django app prefix, camel-cased (`library_book` → `Book`); set
//!   `model_name = "BookReview"` when the class name has more than one word.
//! - The serializer context's `view` is a copy of the parts serializers read
//!   (`Context::view`: kwargs, `action`, `basename`, `detail`), not the view: a context has no
//!   lifetime. Put anything else a serializer needs from the view in it with `Context::with`.
//! - `get_serializer_class` per request is not supported: `type Serializer` is the view's
//!   serializer; another one is built with [`GenericAPIView::get_serializer_of`] (see
//!   [`crate::viewsets`] for a DRF `get_serializer_class()` that branches on `self.action`).
//! - A lookup value for a column that is neither an integer, a string nor a boolean is a 404
//!   `Not found.` (restframe models key on those).

mod backends;
mod lookup;
mod schema;

use std::borrow::Cow;
use std::future::Future;

use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityName, EntityTrait, IdenStatic, Iterable, ModelTrait, PrimaryKeyToColumn,
    QueryFilter, Select,
};
use serde_json::Value;

use crate::exceptions::ApiError;
use crate::pagination::{BasePagination, DefaultPagination};
use crate::request::Request;
use crate::response::Response;
use crate::serializers::{Bound, Context, ModelInfo, Serializer, SerializerHooks};

use lookup::{Lookup, lookup_value};

pub use backends::BaseFilterBackend;
pub use schema::view_schema;

/// The model a generic view serves (its serializer's instance type).
pub type ModelOf<V> = <<V as GenericAPIView>::Entity as EntityTrait>::Model;
/// The column enum of a generic view's entity (what `lookup_field` names).
pub type ColumnOf<V> = <<V as GenericAPIView>::Entity as EntityTrait>::Column;

/// The entity of a serializer's model: what `#[generic_view]` writes as `type Entity`.
pub type EntityOf<S> = <<S as Serializer>::Instance as ModelTrait>::Entity;

/// The column of `E` whose database name is `name` (how `#[generic_view(lookup_field = slug)]`
/// turns the checked model field `FIELDS.slug` into the column).
pub fn column_named<E: EntityTrait>(name: &str) -> Option<E::Column> {
    <E::Column as Iterable>::iter().find(|column| column.as_str() == name)
}

pub use crate::pagination::{Page, PageState};

/// DRF's `format_kwarg` in the serializer context: the `format` URL keyword argument
/// (`/books/1.json`), read back with `ctx.get::<Format>()`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Format(pub Option<String>);

/// DRF's `GenericAPIView`: a view over one model, with a serializer. Implement it and put
/// [`#[generic_view(ConcreteView)]`](crate::generic_view) on the impl to get the handlers of
/// one of DRF's nine concrete views; every method below has DRF's default and is overridable.
///
/// The mixin bodies the handlers run are in [`crate::mixins`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a generic view",
    label = "needs `#[generic_view(...)] impl GenericAPIView for {Self}`"
)]
pub trait GenericAPIView: Send + Sync + Sized + 'static {
    /// The sea-orm entity. `#[generic_view]` writes it from the serializer's model when the impl
    /// does not name it.
    type Entity: EntityTrait<Model: Send + Sync>;
    /// DRF's `serializer_class`.
    type Serializer: SerializerHooks<Instance = ModelOf<Self>>;

    /// The database the queryset runs on (a view holds its connection).
    fn db(&self) -> &DatabaseConnection;

    /// DRF's `get_queryset()`: every row of the entity unless overridden (filter by the user,
    /// order, ...).
    fn get_queryset(&self, request: &Request) -> Select<Self::Entity> {
        let _ = request;
        Self::Entity::find()
    }

    /// Django's `select_related(...)` on [`GenericAPIView::get_queryset`]: the forward foreign
    /// keys (relation names, as `#[restframe(foreign_key = ...)]` names them) whose rows
    /// [`get_object`] and the `list` action read in the same statement as the view's objects,
    /// so that the serializer's prefetch of those relations runs no statement of its own
    /// ([`crate::relations::select_related`]). None unless overridden. A name that is not a
    /// forward foreign key of the model is Django's `FieldError`: an internal error.
    ///
    /// ```
    /// # use restframe::prelude::*;
    /// # use restframe::generics::GenericAPIView;
    /// # fn demo<V: GenericAPIView>(view: &V) {
    /// // queryset = Book.objects.select_related('author', 'added_by')
    /// // fn select_related(&self) -> &[&str] { &["author", "added_by"] }
    /// assert!(view.select_related().len() < 8);
    /// # }
    /// ```
    fn select_related(&self) -> &[&str] {
        &[]
    }

    /// DRF's `lookup_field`: the column `get_object` filters on; `None` is the primary key.
    fn lookup_field(&self) -> Option<ColumnOf<Self>> {
        None
    }

    /// DRF's `lookup_url_kwarg`: the URL keyword argument holding the lookup value (`pk`, or
    /// the lookup field's name when `#[generic_view(lookup_field = ...)]` names one).
    fn lookup_url_kwarg(&self) -> &str {
        "pk"
    }

    /// The model's class name in `No <Model> matches the given query.` (Django's
    /// `_meta.object_name`). Defaults to the table name after its last `_`, capitalised
    /// (`library_book` → `Book`, `auth_user` → `User`).
    fn model_name(&self) -> Cow<'static, str> {
        Cow::Owned(default_model_name(Self::Entity::default().table_name()))
    }

    /// DRF's `filter_backends`: the backends [`GenericAPIView::filter_queryset`] runs, a tuple
    /// run in order; none (`()`) unless overridden. Written by the
    /// `filter_backends = [SearchFilter, OrderingFilter]` argument of
    /// [`#[generic_view]`](crate::generic_view) / `#[viewset]`. `CursorPagination` also reads the
    /// ordering of the first ordering backend ([`BaseFilterBackend::get_ordering`]).
    fn filter_backends(&self) -> impl BaseFilterBackend<Self> {}

    /// DRF's `filter_queryset()`: runs [`GenericAPIView::filter_backends`]. An error is the
    /// answer (e.g. a 400 for an invalid filter value). Asynchronous because a filter may ask
    /// the database (django-filter checks that a chosen related object exists).
    fn filter_queryset(
        &self,
        request: &Request,
        queryset: Select<Self::Entity>,
    ) -> impl Future<Output = Result<Select<Self::Entity>, ApiError>> + Send {
        async move { self.filter_backends().filter_queryset(request, queryset, self).await }
    }

    /// DRF's `paginator` (`pagination_class()`): `DEFAULT_PAGINATION_CLASS` unless overridden
    /// (see [`crate::pagination`]); return [`NoPagination`](crate::pagination::NoPagination)
    /// for DRF's `pagination_class = None`.
    fn paginator(&self) -> impl BasePagination {
        DefaultPagination
    }

    /// DRF's `paginate_queryset()`: [`GenericAPIView::paginator`]'s page of the queryset, with
    /// the ordering of the view's first ordering filter backend (which `CursorPagination`
    /// follows, see [`BasePagination::paginate_view_queryset`]).
    /// `Ok(None)` (no paginator or no page size) lists the whole queryset; a [`Page`] makes
    /// `list` render its objects and answer with [`GenericAPIView::get_paginated_response`].
    fn paginate_queryset(
        &self,
        request: &Request,
        queryset: Select<Self::Entity>,
    ) -> impl Future<Output = Result<Option<Page<ModelOf<Self>>>, ApiError>> + Send {
        async move {
            let ordering = self.filter_backends().get_ordering(request, self).unwrap_or_default();
            self.paginator().paginate_view_queryset(queryset, request, self.db(), &ordering).await
        }
    }

    /// DRF's `get_paginated_response(data)`: wraps a page's rendered objects with what the
    /// paginator recorded in [`Page::state`] (`{"count", "next", "previous", "results"}`).
    /// Without a paginator, the data itself.
    fn get_paginated_response(&self, request: &Request, state: PageState, data: Value) -> Result<Response, ApiError> {
        self.paginator().get_paginated_response(request, state, data)
    }

    /// DRF's `get_serializer_context()`: the request (method, URI, headers, settings), the
    /// view's database and the `format` keyword argument ([`Format`]).
    fn get_serializer_context(&self, request: &Request) -> Context {
        Context::from_request(request)
            .database(self.db().clone())
            .with(Format(request.kwarg("format").map(str::to_owned)))
    }

    /// DRF's `get_serializer(instance, data=...)` with [`GenericAPIView::get_serializer_context`].
    fn get_serializer(
        &self,
        request: &Request,
        instance: Option<ModelOf<Self>>,
        data: Option<Value>,
    ) -> Bound<Self::Serializer> {
        Bound::new(instance, data).context(self.get_serializer_context(request))
    }

    /// DRF's `get_serializer(...)` under another `serializer_class`: serializer `S` bound to
    /// `instance` / `data` with [`GenericAPIView::get_serializer_context`]. What an
    /// `#[action(serializer_class = S)]` body, or a standard action whose DRF
    /// `get_serializer_class()` branches on `self.action`, builds its serializer with.
    ///
    /// ```
    /// # use restframe::prelude::*;
    /// # use restframe::generics::GenericAPIView;
    /// # fn demo<V: GenericAPIView, S: restframe::serializers::Serializer>(view: &V, request: &Request) {
    /// let serializer = view.get_serializer_of::<S>(request, None, Some(serde_json::json!({"text": "x"})));
    /// # let _ = serializer;
    /// # }
    /// ```
    fn get_serializer_of<S: Serializer>(
        &self,
        request: &Request,
        instance: Option<S::Instance>,
        data: Option<Value>,
    ) -> Bound<S> {
        Bound::new(instance, data).context(self.get_serializer_context(request))
    }

    /// DRF's `get_object()`: [`get_object`] (filter, look up, 404, object permissions) unless
    /// overridden, e.g. to return the signed-in user.
    fn get_object(&self, request: &Request) -> impl Future<Output = Result<ModelOf<Self>, ApiError>> + Send {
        get_object(self, request)
    }

    /// DRF's `perform_create(serializer)`: `serializer.save()`. Override to add values, e.g.
    /// `serializer.set(book::Model::FIELDS.added_by, user_id).save().await?`.
    fn perform_create(
        &self,
        request: &Request,
        serializer: &mut Bound<Self::Serializer>,
    ) -> impl Future<Output = Result<(), ApiError>> + Send {
        let _ = request;
        async move { serializer.save().await.map(|_| ()) }
    }

    /// DRF's `perform_update(serializer)`: `serializer.save()`.
    fn perform_update(
        &self,
        request: &Request,
        serializer: &mut Bound<Self::Serializer>,
    ) -> impl Future<Output = Result<(), ApiError>> + Send {
        let _ = request;
        async move { serializer.save().await.map(|_| ()) }
    }

    /// DRF's `perform_destroy(instance)`: `instance.delete()` (by primary key), with Django's
    /// cascade through the model serializer's relations ([`crate::db::deletion`]).
    fn perform_destroy(
        &self,
        request: &Request,
        instance: ModelOf<Self>,
    ) -> impl Future<Output = Result<(), ApiError>> + Send {
        let _ = request;
        delete_instance::<Self::Entity>(self.db(), instance, Self::Serializer::model_info())
    }
}

/// Django's default `object_name` guess from a table name: the part after the app label,
/// capitalised per `_`-separated word (`library_book` → `Book`, `thing` → `Thing`).
fn default_model_name(table: &str) -> String {
    let name = table.rsplit('_').next().unwrap_or(table);
    let mut chars = name.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// DRF's `GenericAPIView.get_object()`: runs [`GenericAPIView::filter_queryset`] on
/// [`GenericAPIView::get_queryset`], looks the object up by `lookup_field` with the value of the
/// `lookup_url_kwarg` keyword argument ([`get_object_or_404`]), then calls
/// [`Request::check_object_permissions`].
///
/// A view routed without the keyword argument is DRF's `AssertionError`: an internal error.
pub async fn get_object<V: GenericAPIView>(view: &V, request: &Request) -> Result<ModelOf<V>, ApiError> {
    // The model's metadata also lets its rows be read on the calling thread (`db::rows`).
    if let Some(info) = V::Serializer::model_info() {
        crate::relations::select_related::set_plan(request, info, view.select_related())?;
    }
    let queryset = view.filter_queryset(request, view.get_queryset(request)).await?;
    let kwarg = view.lookup_url_kwarg();
    let Some(value) = request.kwarg(kwarg) else {
        let view_name = std::any::type_name::<V>().rsplit("::").next().unwrap_or_default();
        return Err(ApiError::internal(format!(
            "Expected view {view_name} to be called with a URL keyword argument named \"{kwarg}\". Fix your URL conf, or set the `.lookup_field` attribute on the view correctly."
        )));
    };
    let column = view.lookup_field().or_else(primary_key_column::<V::Entity>);
    let Some(column) = column else {
        return Err(ApiError::internal("restframe: the entity has no primary key column to look up"));
    };
    let object = lookup(view.db(), queryset, column, value, &view.model_name(), Some(request)).await?;
    request.check_object_permissions(&object)?;
    Ok(object)
}

/// DRF's `SimpleMetadata.determine_actions` for a generic view answering `handlers`: the
/// serializer's description under `POST` and `PUT` for each of them the view answers and the
/// user may use. As DRF, `PUT` also needs [`GenericAPIView::get_object`] to succeed on a copy of
/// the request with method `PUT` (the object exists and its object permissions pass).
/// `#[generic_view]` makes this the view's `metadata_actions`.
pub async fn metadata_actions<V: GenericAPIView>(
    view: &V,
    request: &Request,
    handlers: crate::methods::MethodFilter,
) -> Option<Value> {
    metadata_actions_of::<V, V::Serializer>(view, request, handlers).await
}

/// [`metadata_actions`] describing serializer `S` instead of the view's: a viewset route of an
/// `#[action(serializer_class = S)]` (DRF's `get_serializer()` under the action's
/// `serializer_class`). The `PUT` entry still needs the view's [`GenericAPIView::get_object`].
pub async fn metadata_actions_of<V: GenericAPIView, S: Serializer>(
    view: &V,
    request: &Request,
    handlers: crate::methods::MethodFilter,
) -> Option<Value> {
    use crate::metadata::{self, Method};
    use crate::methods::MethodFilter;
    // Integer fields show the range of the database the view saves to.
    let info = || metadata::serializer_info_on::<S>(view.db().get_database_backend());
    let mut candidates = Vec::new();
    if handlers.includes(MethodFilter::POST) {
        candidates.push((Method::POST, info()));
    }
    if handlers.includes(MethodFilter::PUT) && metadata::has_permission(request, Method::PUT) {
        let put = request.clone_request(Method::PUT);
        if view.get_object(&put).await.is_ok() {
            candidates.push((Method::PUT, info()));
        }
    }
    metadata::actions(request, candidates)
}

/// DRF's `generics.get_object_or_404`: the row of `queryset` whose `column` equals `value`
/// (converted as Django converts it for that field), else a 404: `No <model_name> matches the
/// given query.`, or `Not found.` when the value does not convert (`abc` for an integer key).
pub async fn get_object_or_404<E: EntityTrait>(
    db: &DatabaseConnection,
    queryset: Select<E>,
    column: E::Column,
    value: &str,
    model_name: &str,
) -> Result<E::Model, ApiError> {
    lookup(db, queryset, column, value, model_name, None).await
}

/// [`get_object_or_404`] joining the rows of the `request`'s `select_related`, if any.
async fn lookup<E: EntityTrait>(
    db: &DatabaseConnection,
    queryset: Select<E>,
    column: E::Column,
    value: &str,
    model_name: &str,
    request: Option<&Request>,
) -> Result<E::Model, ApiError> {
    let no_match = || ApiError::not_found_with(format!("No {model_name} matches the given query."));
    match lookup_value(&column, value) {
        Lookup::Invalid => Err(ApiError::not_found()),
        Lookup::Empty => Err(no_match()),
        // `LIMIT 1` written into the SQL on SQLite, where a bound one re-prepares the statement
        // on every request (`pagination::slice`).
        Lookup::Value(v) => crate::pagination::slice(queryset.filter(column.eq(v)), 0, 1, db, request)
            .await?
            .into_iter()
            .next()
            .ok_or_else(no_match),
    }
}

fn primary_key_column<E: EntityTrait>() -> Option<E::Column> {
    <E::PrimaryKey as Iterable>::iter().next().map(PrimaryKeyToColumn::into_column)
}

/// Deletes `instance` by its primary key, cascading along `info` (a single-column key only).
async fn delete_instance<E: EntityTrait>(
    db: &DatabaseConnection,
    instance: E::Model,
    info: Option<&'static ModelInfo>,
) -> Result<(), ApiError> {
    let keys: Vec<E::Column> = <E::PrimaryKey as Iterable>::iter().map(|key| key.into_column()).collect();
    let Some(&key) = keys.first() else {
        // Without a key the filter below would be empty and delete every row.
        return Err(ApiError::internal("restframe: the entity has no primary key to delete by"));
    };
    if let (Some(info), 1) = (info, keys.len()) {
        // Django's `instance.delete()`: join rows and declared dependents go first.
        crate::db::deletion::delete(db, info, instance.get(key)).await?;
        return Ok(());
    }
    let mut delete = E::delete_many();
    for column in keys {
        delete = delete.filter(column.eq(instance.get(column)));
    }
    delete.exec(db).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_names_come_from_django_table_names() {
        assert_eq!(default_model_name("library_book"), "Book");
        assert_eq!(default_model_name("auth_user"), "User");
        assert_eq!(default_model_name("thing"), "Thing");
        assert_eq!(default_model_name(""), "");
    }
}
