//! Reading a related field's input: one related row (DRF's `RelatedField.run_validation`), or
//! with `many` a list of them (DRF's `ManyRelatedField`):
//!
//! | input | DRF's error |
//! |---|---|
//! | `"sci"`, `5` | `Expected a list of items but got type "str".` (`int`) |
//! | `[]` with `allow_empty = false` | `This list may not be empty.` |
//! | `null` | `This field may not be null.` (a `many` field never allows null) |
//! | `["sci", "nope", "zzz"]` | the first failing item's error alone: `["Object with slug=nope does not exist."]` |
//!
//! A JSON object is iterated as Python iterates a dict: its keys are the items.

use sea_orm::{EntityTrait, FromQueryResult, ModelTrait};
use serde_json::Value;

use super::RelatedField;
use crate::exceptions::{ApiError, Detail};
use crate::fields::{FieldSpec, FieldType};
use crate::python::type_name;
use crate::serializers::ModelMeta;
use crate::serializers::pipeline::Validation;

type EntityOf<M> = <M as ModelTrait>::Entity;

/// What the pipeline's empty-value rules give a related field besides the raw input: `null`
/// (allowed), or the missing key of an HTML form (a `many` field reads it as `[]`).
enum Empty {
    Null,
    HtmlList,
}

impl FieldType for Empty {
    fn from_json(_value: &Value, spec: &FieldSpec) -> Result<Self, Detail> {
        Err(spec.fail("invalid", "Invalid value."))
    }
    fn null() -> Option<Self> {
        Some(Empty::Null)
    }
    fn empty_html() -> Option<Self> {
        Some(Empty::HtmlList)
    }
}

impl Validation<'_> {
    /// A related field without `many`: `Some(Some(row))` for the chosen row, `Some(None)` for an
    /// allowed `null` (or `""`, which DRF reads as `null` for relations), `None` when absent or
    /// invalid (the error recorded).
    pub async fn related_one<P, T>(
        &mut self,
        spec: &FieldSpec,
        field: &RelatedField<P, T>,
    ) -> Result<Option<Option<T>>, ApiError>
    where
        P: ModelMeta,
        T: ModelMeta + FromQueryResult + Clone,
        EntityOf<P>: EntityTrait<Model = P>,
        EntityOf<T>: EntityTrait<Model = T>,
    {
        let raw = match self.empty_values::<Empty>(spec, None::<fn() -> Empty>) {
            Ok(Some(Empty::Null)) => return Ok(Some(None)),
            Ok(_) => return Ok(None),
            Err(Value::String(s)) if s.is_empty() => {
                if spec.allow_null {
                    return Ok(Some(None));
                }
                self.push(spec.name, spec.fail("null", "This field may not be null."));
                return Ok(None);
            }
            Err(raw) => raw,
        };
        match field.find(raw, spec, self.context()).await? {
            Ok(row) => Ok(Some(Some(row))),
            Err(detail) => {
                self.push(spec.name, detail);
                Ok(None)
            }
        }
    }

    /// A related field with `many`: the chosen rows in input order, `None` when absent or
    /// invalid (the error recorded; see the [module docs](self)).
    pub async fn related_many<P, T>(
        &mut self,
        spec: &FieldSpec,
        field: &RelatedField<P, T>,
    ) -> Result<Option<Vec<T>>, ApiError>
    where
        P: ModelMeta,
        T: ModelMeta + FromQueryResult + Clone,
        EntityOf<P>: EntityTrait<Model = P>,
        EntityOf<T>: EntityTrait<Model = T>,
    {
        // DRF's `ManyRelatedField` takes no `allow_null`: `null` is always refused.
        let spec = &FieldSpec { allow_null: false, ..*spec };
        let form_values = match self.raw(spec.name) {
            // DRF's `ManyRelatedField.get_value`: a form's `dictionary.getlist(field_name)`,
            // blank values included.
            Some(Value::String(last)) if self.context().html_input && !spec.read_only => {
                Some(match self.context().repeated_values(spec.name) {
                    Some(values) => values.iter().cloned().map(Value::String).collect(),
                    None => vec![Value::String(last.clone())],
                })
            }
            _ => None,
        };
        let items: Vec<Value> = match form_values {
            Some(values) => values,
            None => match self.empty_values::<Empty>(spec, None::<fn() -> Empty>) {
                Ok(Some(Empty::HtmlList)) => Vec::new(),
                Ok(_) => return Ok(None),
                Err(Value::Array(items)) => items.clone(),
                Err(Value::Object(map)) => map.keys().cloned().map(Value::String).collect(),
                Err(other) => {
                    let input_type = type_name(other);
                    let detail = spec.error(
                        "not_a_list",
                        "Expected a list of items but got type \"{input_type}\".",
                        &[("input_type", &input_type)],
                    );
                    self.push(spec.name, Detail::List(vec![detail.into()]));
                    return Ok(None);
                }
            },
        };
        if items.is_empty() && !spec.allow_empty {
            self.push(spec.name, spec.fail("empty", "This list may not be empty."));
            return Ok(None);
        }
        let mut rows = Vec::with_capacity(items.len());
        for item in &items {
            match field.find(item, spec, self.context()).await? {
                Ok(row) => rows.push(row),
                // DRF stops at the first failing item and reports its error alone.
                Err(detail) => {
                    self.push(spec.name, detail);
                    return Ok(None);
                }
            }
        }
        Ok(Some(rows))
    }
}
