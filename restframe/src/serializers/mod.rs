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
//! assert_eq!(s.data()?, json!({"username": "bob", "age": null}));
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
//!     Ok(Response::json(serializer.data()?))
//! }
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

mod bound;
mod context;
mod list;
pub(crate) mod model;
pub(crate) mod pipeline;
pub mod validators;

use std::future::Future;

use serde_json::Value;

use crate::exceptions::ApiError;
use crate::request::Request;

pub use bound::Bound;
pub use context::{Context, RequestParts};
pub use list::ListBound;
pub use model::{Column, IntegerKind, ModelField, ModelMeta, ModelSerializer, StrCheck, ValidatedValue, field_spec_on};

/// A serializer: implemented by `#[derive(Serializer)]` / `#[derive(ModelSerializer)]`; you
/// customise it through [`SerializerHooks`], not by implementing this trait.
pub trait Serializer: Sized + Send + Sync + 'static {
    /// What validation produces (`validated_data`).
    type Data: Send + Sync + 'static;
    /// What `save()` produces and `data()` renders.
    type Instance: Send + Sync + 'static;

    /// DRF's `run_validation`: every field, then `validate_<field>` hooks, then the object-level
    /// validators and `validate`. A validation error's detail is the error tree.
    fn run_validation(
        data: &Value,
        ctx: &Context,
        instance: Option<&Self::Instance>,
    ) -> impl Future<Output = Result<Self::Data, ApiError>> + Send;

    /// DRF's `to_representation` of an instance.
    fn to_representation(instance: &Self::Instance) -> Value;

    /// The representation of validated data (`.data` after `is_valid()` without `save()`).
    fn data_representation(data: &Self::Data) -> Value;

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

    /// `Serializer(instances, many=True).data`.
    fn render_many(instances: &[Self::Instance]) -> Value {
        Value::Array(instances.iter().map(Self::to_representation).collect())
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
}

/// Validates `data` with `S` (used for nested serializers).
pub(crate) async fn run<S: SerializerHooks>(
    data: &Value,
    ctx: &Context,
    instance: Option<&S::Instance>,
) -> Result<S::Data, ApiError> {
    S::run_validation(data, ctx, instance).await
}
