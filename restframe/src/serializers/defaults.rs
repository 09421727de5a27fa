//! DRF's field defaults that need more than a value: [`CurrentUserDefault`] (the request's
//! user) and [`CreateOnlyDefault`] (only when creating), through the [`FieldDefault`] trait that
//! a `#[field(hidden, default = ...)]` model serializer field (DRF's `HiddenField`) takes.
//!
//! ```
//! use restframe::serializers::{Context, CreateOnlyDefault, FieldDefault};
//!
//! let ctx = Context::default();
//! let five = || 5_i32;
//! assert_eq!(five.default_value(&ctx, false)?, Some(5));
//! // On an update the field is skipped (DRF's `SkipField`).
//! assert_eq!(CreateOnlyDefault(five).default_value(&ctx, true)?, None);
//! assert_eq!(CreateOnlyDefault(five).default_value(&ctx, false)?, Some(5));
//! # Ok::<(), restframe::exceptions::ApiError>(())
//! ```

use std::str::FromStr;

use super::Context;
use crate::exceptions::ApiError;

/// A field default computed with the serializer's context (DRF's `default` callables with
/// `requires_context = True`). `Ok(None)` skips the field, as DRF's `SkipField`.
///
/// Any `Fn() -> T` is a default (DRF's plain callables, such as `timezone.now`).
pub trait FieldDefault<T>: Send + Sync {
    /// The value for a field absent from the input; `is_update` is true when the serializer
    /// validates for an existing instance.
    fn default_value(&self, ctx: &Context, is_update: bool) -> Result<Option<T>, ApiError>;
}

impl<T, F: Fn() -> T + Send + Sync> FieldDefault<T> for F {
    fn default_value(&self, _ctx: &Context, _is_update: bool) -> Result<Option<T>, ApiError> {
        Ok(Some(self()))
    }
}

/// DRF's `CurrentUserDefault`: the primary key of `request.user`, for a foreign key column to
/// the user (`user_id`). It needs the request in the context (views put it there); without one,
/// or for an anonymous user, saving cannot work, so it is a server error as in DRF (guard the
/// view with `IsAuthenticated`).
///
/// ```
/// use restframe::serializers::{Context, CurrentUserDefault, FieldDefault};
///
/// let err = FieldDefault::<i32>::default_value(&CurrentUserDefault, &Context::default(), false).unwrap_err();
/// assert_eq!(err.status().as_u16(), 500);
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct CurrentUserDefault;

impl<T: FromStr> FieldDefault<T> for CurrentUserDefault {
    fn default_value(&self, ctx: &Context, _is_update: bool) -> Result<Option<T>, ApiError> {
        let request = ctx.request().ok_or_else(|| {
            ApiError::internal("CurrentUserDefault needs the request in the serializer context ('request')")
        })?;
        let pk = request
            .user()
            .pk()
            .ok_or_else(|| ApiError::internal("CurrentUserDefault: the request's user is anonymous"))?;
        pk.parse()
            .map(Some)
            .map_err(|_| ApiError::internal(format!("CurrentUserDefault: user pk {pk:?} does not fit the field")))
    }
}

/// DRF's `CreateOnlyDefault(default)`: `default` when creating, the field skipped on updates.
#[derive(Clone, Copy, Debug, Default)]
pub struct CreateOnlyDefault<D>(pub D);

impl<T, D: FieldDefault<T>> FieldDefault<T> for CreateOnlyDefault<D> {
    fn default_value(&self, ctx: &Context, is_update: bool) -> Result<Option<T>, ApiError> {
        if is_update { Ok(None) } else { self.0.default_value(ctx, is_update) }
    }
}
