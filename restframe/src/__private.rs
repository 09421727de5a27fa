//! Support for the code `restframe-derive` generates (axum-core's and serde's `__private`).
//! Not a public API: nothing here follows semver, and user code should never name it. Generated
//! code reaches these items as `::restframe::__private::...`, so they stay out of the documented
//! modules and out of user-facing compile errors.

pub use chrono;
pub use sea_orm;
pub use serde_json::Value;

pub use crate::relations::reach::{NestedOf, follow, is_to_one, nested_many, nested_one, target_fields, target_rels};
pub use crate::serializers::hyperlink::model_url;
pub use crate::serializers::model::{ActiveOf, SaveFields, create, field_spec, set, together_value, update};
pub use crate::serializers::pipeline::{Output, Validation};
pub use restframe_derive::__model_serializer_fields as model_serializer_fields;

/// A plain serializer's `create()` default.
pub fn create_not_implemented() -> crate::exceptions::ApiError {
    crate::exceptions::ApiError::internal("`create()` must be implemented.")
}

/// A plain serializer's `update()` default.
pub fn update_not_implemented() -> crate::exceptions::ApiError {
    crate::exceptions::ApiError::internal("`update()` must be implemented.")
}

/// A model serializer's `readable_sources()`: the model field of every field that is not
/// `write_only`.
pub fn readable_sources(fields: &[(&crate::fields::FieldSpec, &crate::serializers::ModelField)]) -> Vec<&'static str> {
    // A foreign key orders by its Django name (`author`), as DRF's `get_default_valid_fields`.
    fields
        .iter()
        .filter(|(spec, _)| !spec.write_only)
        .map(|(_, meta)| meta.relation.map_or(meta.name, |relation| relation.name))
        .collect()
}

/// Each backend of `filter_backends = [...]`, so that one which cannot serve the view is
/// reported where it is named (the generated tuple is reported once more, on the argument's
/// name).
pub fn filter_backend<V, B>(backend: B) -> B
where
    V: crate::generics::GenericAPIView,
    B: crate::generics::BaseFilterBackend<V>,
{
    backend
}

/// Names `M` where a model serializer needs its metadata: a model without
/// `#[derive(ModelMeta)]` fails here with the trait's explanation.
pub fn assert_model_meta<M: crate::serializers::ModelMeta>() {}

/// What `#[derive(ModelMeta)]` registers from `ModelMeta::info`, once: the model's rows read on
/// the calling thread from SQLite files ([`crate::db::rows`]) and joined by another model's
/// `select_related` ([`crate::relations::select_related`]).
pub fn register_model<M>(table: &'static str)
where
    M: crate::serializers::ModelMeta + sea_orm::FromQueryResult + Clone,
    <M as sea_orm::ModelTrait>::Entity: sea_orm::EntityTrait<Model = M>,
{
    crate::db::rows::register::<M>();
    crate::relations::select_related::register::<M>(table);
}
