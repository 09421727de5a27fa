//! DRF's `rest_framework.serializers`: the runtime behind `#[derive(Serializer)]` and
//! `#[derive(ModelSerializer)]`.
//!
//! A serializer turns request data (a JSON value) into typed, validated data, collecting every
//! error into DRF's exact error tree, and turns instances back into JSON:
//!
//! ```
//! use restframe::serializers::{Context, Serializer, SerializerHooks};
//! use restframe::exceptions::ApiError;
//! use serde_json::json;
//!
//! #[derive(restframe::Serializer)]
//! #[serializer(hooks)]
//! struct Signup {
//!     #[field(max_length = 10, validate)]
//!     username: String,
//!     #[field(write_only)]
//!     password: String,
//!     #[field(min_value = 13)]
//!     age: Option<i64>,
//! }
//!
//! impl Signup {
//!     // DRF's `validate_<field>`: runs after the field's own checks passed.
//!     async fn validate_username(value: String, _ctx: &Context) -> Result<String, ApiError> {
//!         if value == "admin" { Err(ApiError::validation_message("Reserved.")) } else { Ok(value) }
//!     }
//! }
//!
//! impl SerializerHooks for Signup {
//!     // DRF's `validate(attrs)`: skipped when any field failed.
//!     async fn validate(attrs: Self, _ctx: &Context) -> Result<Self, ApiError> {
//!         if attrs.password == attrs.username {
//!             return Err(ApiError::validation_message("Password must differ from the username."));
//!         }
//!         Ok(attrs)
//!     }
//! }
//!
//! # tokio::runtime::Builder::new_current_thread().build().expect("rt").block_on(async {
//! let mut s = Signup::with_data(json!({"username": "admin", "age": "12"}));
//! assert!(!s.is_valid().await?);
//! assert_eq!(s.errors()?.to_json(), json!({
//!     "username": ["Reserved."],
//!     "password": ["This field is required."],
//!     "age": ["Ensure this value is greater than or equal to 13."],
//! }));
//!
//! let mut s = Signup::with_data(json!({"username": " bob ", "password": "bob"}));
//! assert!(!s.is_valid().await?);
//! assert_eq!(s.errors()?.to_json(), json!({"non_field_errors": ["Password must differ from the username."]}));
//!
//! let mut s = Signup::with_data(json!({"username": "bob", "password": "s3cret"}));
//! s.is_valid_or_raise().await?;
//! assert_eq!(s.validated_data()?.age, None);
//! assert_eq!(s.data().await?, json!({"username": "bob", "age": null}));
//! # Ok::<(), ApiError>(()) }).expect("doc example");
//! ```
//!
//! ## In a view
//! [`Serializer::from_request`] is DRF's `get_serializer(data=request.data,
//! context=self.get_serializer_context())`: the parsed body plus a [`Context`] that carries the
//! request (settings, HTML-form rules). Add the database and any typed values, then follow
//! DRF's `is_valid(raise_exception=True)` / `save()` / `.data` flow:
//!
//! ```
//! use restframe::prelude::*;
//! use restframe::serializers::Serializer;
//! # #[derive(restframe::Serializer)]
//! # struct Signup { username: String }
//!
//! async fn post(request: &Request, db: sea_orm::DatabaseConnection) -> Result<Response, ApiError> {
//!     let mut serializer = Signup::from_request(request).await?.database(db);
//!     serializer.is_valid_or_raise().await?; // 400 with DRF's error dict
//!     Ok(Response::json(serializer.data().await?))
//! }
//! ```
//!
//! ## The context: `request`, `view`, `format`
//! DRF's `self.context` is a [`Context`]; every part of a serializer gets it: validation hooks,
//! validators, `create`/`update`, and rendering. A view's
//! [`get_serializer_context`](crate::generics::GenericAPIView::get_serializer_context) and
//! [`Context::from_request`] fill it as DRF's `get_serializer_context()` does:
//!
//! | DRF | restframe |
//! |---|---|
//! | `self.context['request'].user` | `ctx.request()` → [`Request::user`] |
//! | `self.context['request'].build_absolute_uri(path)` | [`build_absolute_uri`](crate::reverse::build_absolute_uri)`(ctx.request()?, path)` |
//! | `reverse('book-detail', kwargs=..., request=self.context['request'])` | [`reverse`](crate::reverse::reverse)`(ctx.request()?, "book-detail", ...)` |
//! | `self.context['format']` | [`Context::format`] |
//! | `self.context['view'].action` / `.basename` / `.detail` / `.kwargs` | `ctx.view()` → [`ViewParts`] |
//! | `self.context['tenant']` (your own key) | [`Context::with`] / [`Context::get`], keyed by type |
//! | `def to_representation(self, instance): ret = super()...` | [`SerializerHooks::to_representation`] |
//!
//! Rendering passes the context down: [`Bound::data`], [`ListBound::data`],
//! [`Serializer::render_many`] (what `ListModelMixin.list` calls) and nested serializer fields
//! all render with it, so a nested serializer's hook sees the request too:
//!
//! ```
//! use restframe::reverse::build_absolute_uri;
//! use restframe::serializers::{Context, Serializer, SerializerHooks};
//! use restframe::settings::Settings;
//! use restframe::test::{APIRequestFactory, Body};
//! use serde_json::{Map, Value, json};
//!
//! #[derive(restframe::Serializer)]
//! #[serializer(hooks)]
//! struct Author { id: i64, name: String }
//!
//! impl SerializerHooks for Author {
//!     // DRF: ret = super().to_representation(instance)
//!     //      ret["url"] = self.context["request"].build_absolute_uri(f"/authors/{instance.id}/")
//!     fn to_representation(author: &Author, mut ret: Map<String, Value>, ctx: &Context) -> Map<String, Value> {
//!         let url = ctx.request().and_then(|r| build_absolute_uri(r, &format!("/authors/{}/", author.id)).ok());
//!         ret.insert("url".into(), url.into());
//!         ret
//!     }
//! }
//!
//! #[derive(restframe::Serializer)]
//! struct Book { title: String, #[field(nested)] author: Author }
//!
//! # tokio::runtime::Builder::new_current_thread().build().expect("rt").block_on(async {
//! let factory = APIRequestFactory::new(Settings::default());
//! let request = factory.wrap(factory.request(http::Method::GET, "/books/1/", &Body::Empty));
//! let book = Book { title: "Dune".into(), author: Author { id: 7, name: "Frank".into() } };
//! let mut serializer = Book::with_instance(book).context(Context::from_request(&request));
//! assert_eq!(serializer.data().await?, json!({
//!     "title": "Dune",
//!     "author": {"id": 7, "name": "Frank", "url": "http://testserver/authors/7/"},
//! }));
//! # Ok::<(), restframe::exceptions::ApiError>(()) }).expect("doc example");
//! ```
//!
//! ## Saving inside a transaction
//! Django's `with transaction.atomic():` around several `save()` calls is an [`Atomic`]: a
//! serializer joins it with [`Bound::atomic`] (or a context with [`Context::atomic`]), and then
//! its validation queries (`UniqueValidator` sees the rows saved earlier in the block) and its
//! `create()`/`update()` run on the block's transaction. [`Atomic::commit`] keeps everything;
//! leaving early with `?` drops the `Atomic` and rolls everything back:
//!
//! ```
//! use restframe::prelude::*;
//! use restframe::serializers::{Atomic, Context, Serializer};
//! # mod city {
//! #     use sea_orm::entity::prelude::*;
//! #     #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
//! #     #[sea_orm(table_name = "city")]
//! #     pub struct Model {
//! #         #[sea_orm(primary_key)]
//! #         pub id: i32,
//! #         #[sea_orm(unique)]
//! #         pub name: String,
//! #     }
//! #     #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
//! #     pub enum Relation {}
//! #     impl ActiveModelBehavior for ActiveModel {}
//! # }
//! #[derive(restframe::ModelSerializer)]
//! #[serializer(model = city::Model, fields(id, name))]
//! struct CitySerializer;
//!
//! // DRF: with transaction.atomic():
//! //          for item in items:
//! //              s = CitySerializer(data=item); s.is_valid(raise_exception=True); s.save()
//! async fn import(db: &sea_orm::DatabaseConnection, items: Vec<serde_json::Value>) -> Result<(), ApiError> {
//!     let atomic = Atomic::begin(db).await?;
//!     for item in items {
//!         let mut serializer = CitySerializer::with_data(item).atomic(&atomic);
//!         serializer.is_valid_or_raise().await?; // an error here undoes the earlier saves
//!         serializer.save().await?;
//!     }
//!     atomic.commit().await
//! }
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().expect("rt").block_on(async {
//! # use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait, Schema};
//! let db = restframe::db::test_database().await?;
//! # db.execute(&Schema::new(db.get_database_backend()).create_table_from_entity(city::Entity)).await?;
//! let err = import(&db, vec![serde_json::json!({"name": "Oslo"}), serde_json::json!({"name": "Oslo"})]).await;
//! assert_eq!(err.expect_err("duplicate").detail().to_json(), serde_json::json!({"name": ["city with this name already exists."]}));
//! assert_eq!(city::Entity::find().count(&db).await?, 0);
//! # Ok::<(), ApiError>(()) }).expect("doc example");
//! ```
//!
//! ## Differences from DRF
//! - Validated data is typed: the serializer struct itself for `#[derive(Serializer)]`, the
//!   model's `ActiveModel` (absent fields `NotSet`) for `#[derive(ModelSerializer)]`.
//! - `save()` moves the validated data into `create()`/`update()`; read it before saving.
//! - Misuse DRF reports with `AssertionError` (`.save()` before `.is_valid()`, ...) is an internal
//!   500 whose logged cause is DRF's exact assertion text.
//! - `.data` of an invalid serializer is `{}`: DRF echoes the submitted values there, including
//!   `write_only` ones such as passwords.
//! - A plain serializer's struct cannot hold "absent": on a partial update a missing field keeps
//!   the instance's value (without an instance, a missing non-`Option` field is reported as
//!   required). Model serializers follow DRF exactly (absent fields are `NotSet`).
//! - `DictField` values are a `BTreeMap` (rendered in key order).
//! - A unique constraint violated at insert time (a concurrent duplicate that passed the
//!   `UniqueValidator` check) becomes the same 400 as the check, not a 500.
//! - The context holds copies of what serializers read from the view ([`ViewParts`]: URL
//!   kwargs, `action`, `basename`, `detail`), not the view object: a context has no lifetime.
//!   The kwargs are the matched strings (Django's `<int:pk>` converter gives an `int`). Anything
//!   else a serializer needs from the view goes in with [`Context::with`].
//! - [`SerializerHooks::to_representation`] is handed `super().to_representation(instance)`
//!   (the fields' map) instead of calling it, and returns a map. It renders instances; a model
//!   serializer's validated data (`.data` before `save()`, an `ActiveModel`) renders without it.
//! - A transaction is joined explicitly ([`Bound::atomic`]): a serializer without it runs on the
//!   connection pool even while an [`Atomic`] block is open elsewhere in the view (Django's
//!   connection is per thread, so everything inside the `with` block joins implicitly).
//!   `ATOMIC_REQUESTS` does not exist.

mod atomic;
mod bound;
mod context;
mod defaults;
pub(crate) mod deferred;
pub(crate) mod field_class;
pub(crate) mod hyperlink;
mod list;
pub(crate) mod model;
mod model_validators;
pub(crate) mod pipeline;
mod prefetched;
mod reads;
mod relation_meta;
pub mod validators;

use std::future::Future;

use serde_json::{Map, Value};

use crate::exceptions::ApiError;
use crate::request::Request;

pub use atomic::{Atomic, Db};
pub use bound::Bound;
pub use context::{Context, ViewParts};
pub use defaults::{CreateOnlyDefault, CurrentUserDefault, FieldDefault};
pub use hyperlink::{IdentityLink, identity_url};
pub use list::ListBound;
pub use model::{Column, IntegerKind, ModelField, ModelMeta, ModelSerializer, StrCheck, ValidatedValue, field_spec_on};
pub use model_validators::{RegexValidator, StrValidator, check_model_unique_together, unique_together_required};
pub(crate) use reads::{exists, first};
pub use relation_meta::{ModelInfo, ModelRelation, RelationKind};

/// A serializer: implemented by `#[derive(Serializer)]` / `#[derive(ModelSerializer)]`; you
/// customise it through [`SerializerHooks`], not by implementing this trait.
pub trait Serializer: Sized + Send + Sync + 'static {
    /// What validation produces (`validated_data`).
    type Data: Send + Sync + 'static;
    /// What `save()` produces and `data()` renders.
    type Instance: Send + Sync + 'static;
    /// The struct's doc comment, dedented (DRF's serializer docstring): the description of its
    /// OpenAPI component. Written by the derives.
    const DESCRIPTION: &'static str = "";

    /// DRF's `run_validation`: every field, then `validate_<field>` hooks, then the object-level
    /// validators and `validate`. A validation error's detail is the error tree.
    fn run_validation(
        data: &Value,
        ctx: &Context,
        instance: Option<&Self::Instance>,
    ) -> impl Future<Output = Result<Self::Data, ApiError>> + Send;

    /// The model a model serializer serializes (DRF's `Meta.model`), as its relations table;
    /// `None` for plain serializers. Deleting through a generic view cascades along it
    /// ([`crate::db::deletion`]).
    fn model_info() -> Option<&'static ModelInfo> {
        None
    }

    /// DRF's `to_representation(instance)` with the serializer's context: every readable field
    /// (nested serializers rendered with the same context), then
    /// [`SerializerHooks::to_representation`]. Related rows come from what
    /// [`Serializer::prefetch`] loaded into the context: rendering never queries.
    /// [`Bound::data`], [`ListBound::data`], [`Serializer::represent`] and the generic views'
    /// mixins prefetch, then render.
    fn render(instance: &Self::Instance, ctx: &Context) -> Value;

    /// Django's `prefetch_related` for this serializer: loads what rendering `instances` reads
    /// besides their own columns (related rows of relational fields, dotted sources, nested
    /// model serializers' rows), in a number of statements that does not grow with the number
    /// of instances, then runs [`SerializerHooks::prefetch`]. The derives generate it.
    fn prefetch(instances: &[&Self::Instance], ctx: &Context) -> impl Future<Output = Result<(), ApiError>> + Send {
        let _ = (instances, ctx);
        async { Ok(()) }
    }

    /// [`Serializer::prefetch`] then [`Serializer::render_many`]: the JSON array DRF's
    /// `Serializer(instances, many=True, context=ctx).data` gives.
    fn represent(instances: &[Self::Instance], ctx: &Context) -> impl Future<Output = Result<Value, ApiError>> + Send {
        async move {
            let refs: Vec<&Self::Instance> = instances.iter().collect();
            Self::prefetch(&refs, ctx).await?;
            Ok(Self::render_many(instances, ctx))
        }
    }

    /// The representation of validated data (`.data` after `is_valid()` without `save()`).
    fn data_representation(data: &Self::Data, ctx: &Context) -> Value;

    /// What `create()` does unless overridden: insert the model row, or DRF's
    /// "`create()` must be implemented." for a plain serializer.
    fn default_create(data: Self::Data, ctx: &Context)
    -> impl Future<Output = Result<Self::Instance, ApiError>> + Send;

    /// What `update()` does unless overridden.
    fn default_update(
        instance: Self::Instance,
        data: Self::Data,
        ctx: &Context,
    ) -> impl Future<Output = Result<Self::Instance, ApiError>> + Send;

    /// `Serializer(data=...)`: validate input, then `save()` creates.
    fn with_data(data: Value) -> Bound<Self> {
        Bound::new(None, Some(data))
    }

    /// DRF's `get_serializer(data=request.data, context=self.get_serializer_context())` in one
    /// call: the request's parsed body as the data and [`Context::from_request`] as the context
    /// (add a database or typed values with [`Bound::database`] and [`Bound::with`]).
    fn from_request(request: &Request) -> impl Future<Output = Result<Bound<Self>, ApiError>> + Send {
        async move { Ok(Bound::new(None, Some(request.data().await?.clone())).context(Context::from_request(request))) }
    }

    /// `Serializer(instance)`: render an existing instance with [`Bound::data`].
    fn with_instance(instance: Self::Instance) -> Bound<Self> {
        Bound::new(Some(instance), None)
    }

    /// `Serializer(instance, data=...)`: validate input, then `save()` updates the instance.
    fn for_update(instance: Self::Instance, data: Value) -> Bound<Self> {
        Bound::new(Some(instance), Some(data))
    }

    /// `Serializer(data=[...], many=True)`.
    fn many(data: Value) -> ListBound<Self>
    where
        Self: SerializerHooks,
    {
        ListBound::new(data)
    }

    /// `Serializer(instances, many=True, context=ctx).data` once [`Serializer::prefetch`] ran
    /// (see [`Serializer::represent`]).
    fn render_many(instances: &[Self::Instance], ctx: &Context) -> Value {
        // The model's metadata also lets its rows be read on the calling thread (`db::rows`):
        // a model paged in a view's action is read there from its second page on.
        Self::model_info();
        Value::Array(instances.iter().map(|instance| Self::render(instance, ctx)).collect())
    }

    /// DRF's `SimpleMetadata.get_serializer_info(serializer)`: each field's OPTIONS metadata
    /// ([`crate::fields::field_info`]) by name, in declaration order. The derives generate it;
    /// read it through [`crate::metadata::serializer_info`].
    fn serializer_info() -> serde_json::Map<String, Value> {
        serde_json::Map::new()
    }

    /// [`Serializer::serializer_info`] on database `backend`: `#[derive(ModelSerializer)]` adds
    /// each integer column's range there (read it through
    /// [`crate::metadata::serializer_info_on`]).
    fn serializer_info_on(backend: sea_orm::DbBackend) -> serde_json::Map<String, Value> {
        let _ = backend;
        Self::serializer_info()
    }

    /// The model field each readable (not `write_only`) field renders, in order: DRF's
    /// `field.source` as `OrderingFilter.get_default_valid_fields` lists them.
    /// `#[derive(ModelSerializer)]` generates it; other serializers list none.
    fn readable_sources() -> Vec<&'static str> {
        Vec::new()
    }
}

/// The methods you override, as in a DRF `Serializer` subclass. Every method has DRF's default;
/// write `impl SerializerHooks for MySerializer { ... }` with `async fn` for the ones you need,
/// and put `#[serializer(hooks)]` on the struct (otherwise the derive writes the empty impl).
///
/// Per-field `validate_<field>` hooks are inherent `async fn`s requested with
/// `#[field(validate)]` (see the [module docs](self)).
pub trait SerializerHooks: Serializer {
    /// DRF's `validate(attrs)`: object-level validation after every field passed. A message or
    /// list raised here lands under `non_field_errors`; a dict keeps its keys.
    fn validate(attrs: Self::Data, ctx: &Context) -> impl Future<Output = Result<Self::Data, ApiError>> + Send {
        let _ = ctx;
        async move { Ok(attrs) }
    }

    /// DRF's `create(validated_data)`.
    fn create(data: Self::Data, ctx: &Context) -> impl Future<Output = Result<Self::Instance, ApiError>> + Send {
        Self::default_create(data, ctx)
    }

    /// DRF's `update(instance, validated_data)`.
    fn update(
        instance: Self::Instance,
        data: Self::Data,
        ctx: &Context,
    ) -> impl Future<Output = Result<Self::Instance, ApiError>> + Send {
        Self::default_update(instance, data, ctx)
    }

    /// Loads, once for every instance about to be rendered, what your `get_<field>` methods or
    /// [`SerializerHooks::to_representation`] read from the database: DRF code reaches this with
    /// `annotate()` / `prefetch_related()` on the view's queryset. Store the result with
    /// [`Context::set_prefetched`] and read it while rendering with [`Context::prefetched`].
    /// Runs after the serializer's own relations were prefetched.
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use restframe::serializers::{Context, Serializer, SerializerHooks};
    /// use restframe::exceptions::ApiError;
    /// use serde_json::{Map, Value, json};
    ///
    /// #[derive(restframe::Serializer)]
    /// #[serializer(hooks)]
    /// struct Book {
    ///     id: i64,
    /// }
    ///
    /// struct Ratings(HashMap<i64, f64>);
    ///
    /// impl SerializerHooks for Book {
    ///     async fn prefetch(books: &[&Book], ctx: &Context) -> Result<(), ApiError> {
    ///         // One query for the page, e.g. SELECT book_id, AVG(rating) ... GROUP BY book_id.
    ///         ctx.set_prefetched(Ratings(books.iter().map(|b| (b.id, 4.5)).collect()));
    ///         Ok(())
    ///     }
    ///
    ///     fn to_representation(book: &Book, mut ret: Map<String, Value>, ctx: &Context) -> Map<String, Value> {
    ///         let rating = ctx.prefetched::<Ratings>().and_then(|r| r.0.get(&book.id).copied());
    ///         ret.insert("rating".into(), json!(rating));
    ///         ret
    ///     }
    /// }
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().expect("rt").block_on(async {
    /// let books = [Book { id: 1 }];
    /// assert_eq!(Book::represent(&books, &Context::default()).await?, json!([{"id": 1, "rating": 4.5}]));
    /// # Ok::<(), ApiError>(()) }).expect("doc example");
    /// ```
    fn prefetch(instances: &[&Self::Instance], ctx: &Context) -> impl Future<Output = Result<(), ApiError>> + Send {
        let _ = (instances, ctx);
        async { Ok(()) }
    }

    /// DRF's `to_representation(instance)` override: `ret` is what `super().to_representation`
    /// gives (every readable field); add, change or remove keys, reading the request, the
    /// view's parts or your own values from `ctx`. It runs for every rendering of an instance
    /// (`.data`, lists, nested fields), and for a plain serializer's validated data too (its
    /// data is an instance); a model serializer's validated data (`.data` before `save()`)
    /// renders without it.
    fn to_representation(instance: &Self::Instance, ret: Map<String, Value>, ctx: &Context) -> Map<String, Value> {
        let _ = (instance, ctx);
        ret
    }
}

/// Validates `data` with `S` (used for nested serializers).
pub(crate) async fn run<S: SerializerHooks>(
    data: &Value,
    ctx: &Context,
    instance: Option<&S::Instance>,
) -> Result<S::Data, ApiError> {
    S::run_validation(data, ctx, instance).await
}
