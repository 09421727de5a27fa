//! DRF's `rest_framework.validators`: the [`Validator`] trait for
//! `#[field(validators = [...])]` and [`UniqueValidator`] (a database query). Also reachable as
//! `restframe::validators`. Django's username validator as a field validator is
//! [`crate::auth::validators::UnicodeUsernameValidator`] (it lives with `auth`, as in Django,
//! so this module never depends on `auth`).
//!
//! Any `fn(&T) -> Result<(), ApiError>` is a validator:
//!
//! ```
//! use restframe::exceptions::ApiError;
//! use restframe::serializers::{Context, Serializer};
//!
//! fn even(value: &i64) -> Result<(), ApiError> {
//!     if value % 2 == 0 { Ok(()) } else { Err(ApiError::validation_message("This field must be even.")) }
//! }
//!
//! #[derive(restframe::Serializer)]
//! struct Pair {
//!     #[field(validators = [even])]
//!     size: i64,
//! }
//! # tokio::runtime::Builder::new_current_thread().build().expect("rt").block_on(async {
//! let mut s = Pair::with_data(serde_json::json!({"size": 3}));
//! assert!(!s.is_valid().await?);
//! assert_eq!(s.errors()?.to_json(), serde_json::json!({"size": ["This field must be even."]}));
//! # Ok::<(), ApiError>(()) }).expect("doc example");
//! ```

use std::future::Future;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::exceptions::{ApiError, ErrorDetail};
use crate::serializers::Context;
use crate::util::BoxFuture;

/// A field validator: all of a field's validators run and their messages accumulate. Raise
/// with `ApiError::validation_message(...)` (or a list detail for several messages).
///
/// Implement it with an `async fn` when the check needs the database or other context values:
///
/// ```
/// use restframe::exceptions::ApiError;
/// use restframe::serializers::Context;
/// use restframe::validators::Validator;
///
/// struct NotReserved;
///
/// impl Validator<String> for NotReserved {
///     async fn validate(&self, value: &String, _ctx: &Context) -> Result<(), ApiError> {
///         if value == "admin" { Err(ApiError::validation_message("Reserved.")) } else { Ok(()) }
///     }
/// }
///
/// #[derive(restframe::Serializer)]
/// struct Signup {
///     #[field(validators = [NotReserved])]
///     username: String,
/// }
/// ```
pub trait Validator<T: ?Sized>: Send + Sync {
    /// Checks `value`; may query the database or read typed values through `ctx`.
    fn validate(&self, value: &T, ctx: &Context) -> impl Future<Output = Result<(), ApiError>> + Send;
}

/// The object-safe twin of [`Validator`] that generated code stores validators as
/// (`&dyn ErasedValidator<T>`); implemented for every validator.
#[doc(hidden)]
pub trait ErasedValidator<T: ?Sized>: Send + Sync {
    /// [`Validator::validate`], boxed.
    fn validate_erased<'a>(&'a self, value: &'a T, ctx: &'a Context) -> BoxFuture<'a, Result<(), ApiError>>;
}

impl<T: Sync + ?Sized, V: Validator<T>> ErasedValidator<T> for V {
    fn validate_erased<'a>(&'a self, value: &'a T, ctx: &'a Context) -> BoxFuture<'a, Result<(), ApiError>> {
        Box::pin(self.validate(value, ctx))
    }
}

impl<T: Sync + ?Sized, F> Validator<T> for F
where
    F: Fn(&T) -> Result<(), ApiError> + Send + Sync,
{
    fn validate(&self, value: &T, _ctx: &Context) -> impl Future<Output = Result<(), ApiError>> + Send {
        std::future::ready(self(value))
    }
}

/// Runs a validator of `T` on an `Option<T>` field's value when there is one, as DRF never runs
/// validators on `None`. Generated code wraps the `validators` of `Option<_>` fields in it.
#[derive(Debug)]
pub struct OnSome<'v, V>(pub &'v V);

impl<T: Sync, V: Validator<T>> Validator<Option<T>> for OnSome<'_, V> {
    async fn validate(&self, value: &Option<T>, ctx: &Context) -> Result<(), ApiError> {
        match value {
            Some(inner) => self.0.validate(inner, ctx).await,
            None => Ok(()),
        }
    }
}

/// DRF's `UniqueValidator(queryset=..., message=...)` for a plain serializer field: the value
/// must not exist in `column` (an exact, case-sensitive lookup). Model serializers get it
/// automatically from `unique` columns.
///
/// ```no_run
/// # use sea_orm::entity::prelude::*;
/// # mod thing { use sea_orm::entity::prelude::*;
/// #   #[derive(Clone, Debug, PartialEq, DeriveEntityModel)] #[sea_orm(table_name = "thing")]
/// #   pub struct Model { #[sea_orm(primary_key)] pub id: i32, pub name: String }
/// #   #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)] pub enum Relation {}
/// #   impl ActiveModelBehavior for ActiveModel {} }
/// use restframe::validators::UniqueValidator;
///
/// #[derive(restframe::Serializer)]
/// struct Rename {
///     #[field(validators = [UniqueValidator::<thing::Entity>::new(thing::Column::Name)])]
///     name: String,
/// }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct UniqueValidator<E: EntityTrait> {
    column: E::Column,
    message: &'static str,
}

impl<E: EntityTrait> UniqueValidator<E> {
    /// Unique in `column`, with DRF's message `This field must be unique.`
    pub fn new(column: E::Column) -> Self {
        Self { column, message: "This field must be unique." }
    }

    /// Replaces the message.
    #[must_use]
    pub fn message(mut self, message: &'static str) -> Self {
        self.message = message;
        self
    }
}

impl<E, T> Validator<T> for UniqueValidator<E>
where
    E: EntityTrait,
    T: Clone + Into<sea_orm::Value> + Send + Sync,
{
    async fn validate(&self, value: &T, ctx: &Context) -> Result<(), ApiError> {
        let taken =
            crate::serializers::first(E::find().filter(self.column.eq(value.clone())), ctx.db()?).await?.is_some();
        if taken { Err(ApiError::validation(ErrorDetail::new(self.message, "unique"))) } else { Ok(()) }
    }
}
