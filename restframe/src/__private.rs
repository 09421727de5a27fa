//! Support for the code `restframe-derive` generates (axum-core's and serde's `__private`).
//! Not a public API: nothing here follows semver, and user code should never name it. Generated
//! code reaches these items as `::restframe::__private::...`, so they stay out of the documented
//! modules and out of user-facing compile errors.

pub use sea_orm;
pub use serde_json::Value;

pub use crate::serializers::model::{ActiveOf, SaveFields, create, field_spec, set, together_value, update};
pub use crate::serializers::pipeline::{Output, Validation};

use crate::fields::{FieldType, Represent};

/// A plain serializer's `create()` default.
pub fn create_not_implemented() -> crate::exceptions::ApiError {
    crate::exceptions::ApiError::internal("`create()` must be implemented.")
}

/// A plain serializer's `update()` default.
pub fn update_not_implemented() -> crate::exceptions::ApiError {
    crate::exceptions::ApiError::internal("`update()` must be implemented.")
}

/// The one check generated code makes on a plain field's type. It implies every bound the
/// runtime puts on that type, so rustc reports an unsupported type once, in `FieldType`'s
/// words, at the field, instead of once per runtime call.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a serializer field type",
    label = "no DRF field maps to this type",
    note = "field types: String, integers, f32/f64, bool, chrono date/times, Vec<T>, BTreeMap<String, T>, serde_json::Value, Option<T>; nested serializers need `#[field(nested)]`"
)]
pub trait SerializerField: FieldType + Represent + Clone {}

#[diagnostic::do_not_recommend]
impl<T: FieldType + Represent + Clone> SerializerField for T {}

/// Does nothing; calling it is the check.
pub fn field_type<T: SerializerField>() {}
