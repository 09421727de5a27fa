//! drf-spectacular's django-filter extension (`contrib/django_filters.py`): the query
//! parameters of a [`FilterSet`] in the OpenAPI document.

use sea_orm::DbBackend;
use serde_json::{Map, Value, json};

use super::filters::{FilterClass, LookupExpr};
use super::filterset::{FilterSet, filter_class};
use super::leaf::LeafType;
use crate::fields::choice_schema::choice_description;
use crate::filters::paths::{Leaf, resolve};
use crate::serializers::{ModelField, ModelInfo};

impl FilterSet {
    /// One query parameter per filter (two for a range: `_min`/`_max`, `_after`/`_before`),
    /// typed as spectacular types it: from the filter class when that says (`CharFilter` →
    /// string, `BooleanFilter` → boolean, date and time filters → their formats), else from
    /// the model field (`NumberFilter` on an integer → integer, a foreign key → its target's
    /// key); choices as `enum`, `__in` lookups and many-related filters as arrays. `root` is
    /// the view's model; a filter on a path the model does not have is left out (the request
    /// would be a 500, as in Django). In the set's order; the generator sorts by name.
    ///
    /// ```
    /// use restframe::django_filters::{Filter, FilterSet, LookupExpr};
    /// use restframe::serializers::ModelMeta;
    /// use sea_orm::DbBackend;
    /// use serde_json::json;
    /// # mod book {
    /// #     use sea_orm::entity::prelude::*;
    /// #     #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    /// #     #[sea_orm(table_name = "library_book")]
    /// #     pub struct Model {
    /// #         #[sea_orm(primary_key)]
    /// #         pub id: i32,
    /// #         pub title: String,
    /// #         pub pages: i32,
    /// #     }
    /// #     #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    /// #     pub enum Relation {}
    /// #     impl ActiveModelBehavior for ActiveModel {}
    /// # }
    ///
    /// let filterset = FilterSet::fields(&["title", "pages"])
    ///     .filter("pages__in", Filter::new("pages").lookup_expr(LookupExpr::In));
    /// let params = filterset.schema_parameters(book::Model::info(), DbBackend::Sqlite);
    /// assert_eq!(params[0], json!({"in": "query", "name": "title", "schema": {"type": "string"}}));
    /// assert_eq!(params[1]["schema"], json!({"type": "integer"}));
    /// assert_eq!(params[2]["schema"], json!({"type": "array", "items": {"type": "integer"}}));
    /// assert_eq!((&params[2]["explode"], &params[2]["style"]), (&json!(false), &json!("form")));
    /// ```
    pub fn schema_parameters(&self, root: &'static ModelInfo, backend: DbBackend) -> Vec<Value> {
        let mut out = Vec::new();
        for (name, filter) in &self.filters {
            let parts: Vec<&str> = filter.field_name().split("__").collect();
            let Some(path) = resolve(root, &parts).ok().filter(|path| path.consumed == parts.len()) else { continue };
            let leaf = LeafType::of(&path, backend);
            let class = filter_class(filter, leaf);
            let mut schema = class_schema(class, leaf);
            let mut extra = Map::new();
            // `BaseCSVFilter` (an `__in` lookup) is one comma-separated value; a
            // `MultipleChoiceFilter` repeats the parameter.
            let many = match (class, filter.get_lookup_expr()) {
                (_, LookupExpr::In) => Some(false),
                (FilterClass::ModelMultipleChoice, _) => Some(true),
                _ => None,
            };
            if let Some(explode) = many {
                schema = json!({"type": "array", "items": schema});
                if !explode {
                    // django-filter's `BaseCSVFilter` help text.
                    extra.insert("description".into(), json!("Multiple values may be separated by commas."));
                }
                extra.insert("explode".into(), Value::Bool(explode));
                extra.insert("style".into(), json!("form"));
            }
            if let FilterClass::Choice(choices) = class {
                let model_field = match path.leaf {
                    Leaf::Field(field) => Some(field),
                    _ => None,
                };
                let labels = match (filter.class(), leaf) {
                    (Some(FilterClass::Choice(_)), _) => filter.get_choice_labels(),
                    (None, LeafType::Choice(_, labels)) => labels,
                    _ => &[],
                };
                choice_parameter(choices, labels, model_field, &mut schema, &mut extra);
            }
            let names: Vec<String> = match class {
                FilterClass::Range => vec![format!("{name}_min"), format!("{name}_max")],
                FilterClass::DateFromToRange => vec![format!("{name}_after"), format!("{name}_before")],
                _ => vec![name.to_string()],
            };
            for name in names {
                let mut parameter = Map::new();
                parameter.insert("in".into(), json!("query"));
                parameter.insert("name".into(), json!(name));
                parameter.insert("schema".into(), schema.clone());
                parameter.extend(extra.clone());
                out.push(Value::Object(parameter));
            }
        }
        out
    }
}

/// A `ChoiceFilter`'s parameter as spectacular writes it: the model field's schema
/// (`nullable` for `null=True`), the values sorted into `enum` (an array's items), and a
/// description of the model field's `help_text` and the choices with their labels.
fn choice_parameter(
    choices: &[&str],
    labels: &[&'static str],
    model_field: Option<&ModelField>,
    schema: &mut Value,
    extra: &mut Map<String, Value>,
) {
    let is_array = schema["type"] == "array";
    let target = if is_array { &mut schema["items"] } else { &mut *schema };
    if model_field.is_some_and(|field| field.nullable) {
        target["nullable"] = json!(true);
    }
    let mut sorted = choices.to_vec();
    sorted.sort_unstable();
    target["enum"] = json!(sorted);
    let pairs: Vec<(Value, Value)> = choices
        .iter()
        .enumerate()
        .map(|(index, value)| (json!(value), json!(labels.get(index).unwrap_or(value))))
        .collect();
    let listed = choice_description(&pairs);
    let description = match model_field.and_then(|field| field.help_text).filter(|help| !help.is_empty()) {
        Some(help) => format!("{help}\n\n{listed}"),
        None => listed,
    };
    if !description.is_empty() && !extra.contains_key("description") {
        extra.shift_insert(0, "description".into(), json!(description));
    }
}

/// The parameter's schema: the filter class's type where spectacular's mapping is unambiguous,
/// else the model field's.
fn class_schema(class: FilterClass, leaf: LeafType) -> Value {
    match class {
        FilterClass::Char => json!({"type": "string"}),
        FilterClass::Boolean => json!({"type": "boolean"}),
        FilterClass::Date | FilterClass::DateFromToRange => json!({"type": "string", "format": "date"}),
        FilterClass::DateTime | FilterClass::IsoDateTime => json!({"type": "string", "format": "date-time"}),
        FilterClass::Time => json!({"type": "string", "format": "time"}),
        FilterClass::Number => match leaf {
            LeafType::Integer(..) | LeafType::ForeignKey(LeafType::Integer(..)) => json!({"type": "integer"}),
            LeafType::Float => json!({"type": "number", "format": "double"}),
            _ => json!({"type": "number"}),
        },
        FilterClass::Choice(_) | FilterClass::Range | FilterClass::ModelChoice | FilterClass::ModelMultipleChoice => {
            leaf_schema(leaf)
        }
    }
}

/// spectacular's `_map_model_field` of the leaf, reduced to what a parameter keeps.
fn leaf_schema(leaf: LeafType) -> Value {
    match leaf {
        LeafType::Integer(..) => json!({"type": "integer"}),
        LeafType::Float => json!({"type": "number", "format": "double"}),
        LeafType::Decimal => json!({"type": "string", "format": "decimal"}),
        LeafType::Bool => json!({"type": "boolean"}),
        LeafType::Date => json!({"type": "string", "format": "date"}),
        LeafType::DateTime => json!({"type": "string", "format": "date-time"}),
        LeafType::Time => json!({"type": "string", "format": "time"}),
        LeafType::Text | LeafType::Choice(..) | LeafType::Untyped => json!({"type": "string"}),
        LeafType::ForeignKey(key) | LeafType::ToMany(key) => leaf_schema(*key),
    }
}
