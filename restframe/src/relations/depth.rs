//! DRF's `Meta.depth`: a model serializer with `#[serializer(depth = 1)]` renders each forward
//! relation it lists (foreign keys and many-to-many fields it does not declare) as the nested
//! serializer DRF's `build_nested_field` makes: every field of the related model
//! (`fields = '__all__'`), read-only, whose own relations nest `depth - 1` more levels, down to
//! primary keys.
//!
//! `#[derive(ModelMeta)]` lists a model's fields in that `__all__` order as
//! [`NestedModel::NESTED`]: the primary key and the plain fields, then the forward relations
//! (foreign keys, then many-to-many fields), each relation with what loads and renders its target
//! model. The serializer derive calls [`prefetch_relation`], [`render_relation`] and
//! [`relation_info`]; a page still costs one statement per relation and level, whatever its size.
//!
//! ```
//! mod author {
//!     use sea_orm::entity::prelude::*;
//!     #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
//!     #[sea_orm(table_name = "library_author")]
//!     pub struct Model {
//!         #[sea_orm(primary_key)]
//!         pub id: i32,
//!         pub name: String,
//!     }
//!     #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
//!     pub enum Relation {}
//!     impl ActiveModelBehavior for ActiveModel {}
//! }
//! mod book {
//!     use sea_orm::entity::prelude::*;
//!     #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
//!     #[sea_orm(table_name = "library_book")]
//!     pub struct Model {
//!         #[sea_orm(primary_key)]
//!         pub id: i32,
//!         pub title: String,
//!         #[restframe(foreign_key = super::author::Model)]
//!         pub author_id: i32,
//!     }
//!     #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
//!     pub enum Relation {}
//!     impl ActiveModelBehavior for ActiveModel {}
//! }
//!
//! /// `class Meta: model = Book; fields = '__all__'; depth = 1`
//! #[derive(restframe::ModelSerializer)]
//! #[serializer(model = book::Model, fields = "__all__", depth = 1)]
//! struct BookSerializer;
//!
//! use restframe::serializers::{Context, Serializer};
//! use sea_orm::{ConnectionTrait, EntityTrait, Schema};
//! use serde_json::json;
//!
//! fn main() {
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().expect("rt").block_on(async {
//! let db = restframe::db::test_database().await?;
//! # let schema = Schema::new(db.get_database_backend());
//! # db.execute(&schema.create_table_from_entity(author::Entity)).await?;
//! # db.execute(&schema.create_table_from_entity(book::Entity)).await?;
//! db.execute_unprepared("INSERT INTO library_author (name) VALUES ('Le Guin')").await?;
//! db.execute_unprepared("INSERT INTO library_book (title, author_id) VALUES ('Tehanu', 1)").await?;
//! let books = book::Entity::find().all(&db).await?;
//! let data = BookSerializer::represent(&books, &Context::with_db(db.clone())).await?;
//! assert_eq!(data, json!([{"id": 1, "title": "Tehanu", "author": {"id": 1, "name": "Le Guin"}}]));
//! # Ok::<(), restframe::exceptions::ApiError>(()) }).expect("doc example");
//! }
//! ```
//!
//! Differences from DRF, on purpose: a column marked `#[restframe(secret)]` (the auth `User`'s
//! password hash) is never rendered by a nested serializer, where DRF's `depth` would expose it;
//! restframe's `User` has no `groups` / `user_permissions` (no `auth_group` tables), so a nested
//! user has no such keys.

use futures_util::future::BoxFuture;
use sea_orm::{DbBackend, EntityTrait, FromQueryResult, ModelTrait};
use serde_json::{Value, json};

use super::Related;
use crate::exceptions::ApiError;
use crate::fields::{
    FieldSpec, FieldType, Represent, SerializerSchema, field_info_with_schema_value, field_info_with_type, openapi,
};
use crate::metadata::{FieldsInfo, model_field_spec};
use crate::serializers::model::field_spec;
use crate::serializers::pipeline::column;
use crate::serializers::{Context, ModelField, ModelMeta, ModelRelation};

/// The OpenAPI component name of DRF's `NestedSerializer` (`build_nested_field`'s class) as
/// drf-spectacular derives it: the class name without `Serializer`.
const NESTED_COMPONENT: &str = "Nested";

/// A model as DRF's `depth` nests it, implemented by `#[derive(ModelMeta)]`.
pub trait NestedModel: ModelMeta {
    /// The fields of the nested serializer `depth` builds for this model, in `__all__` order.
    const NESTED: &'static [NestedField<Self>];
}

/// One field of the serializer `depth` builds for model `P`, in DRF's `__all__` order.
pub enum NestedField<P: 'static> {
    /// The primary key or a plain (non-relational) field.
    Column(ModelField),
    /// A forward foreign key or many-to-many field.
    Relation(NestedRelation<P>),
}

type PrefetchFn<P> =
    for<'a> fn(ModelRelation, &'a [&'a P], Option<u8>, &'a Context) -> BoxFuture<'a, Result<(), ApiError>>;
type RenderFn<P> = fn(ModelRelation, &ModelField, &P, Option<u8>, &Context) -> Value;
type InfoFn = fn(u8, Option<DbBackend>) -> FieldsInfo;

/// A forward relation of model `P` as a nested serializer sees it: its model field (the foreign
/// key's, or the many-to-many field's) and, typed by the target model, how its rows load and
/// render. Built by `#[derive(ModelMeta)]` with [`NestedRelation::new`].
pub struct NestedRelation<P: 'static> {
    field: ModelField,
    relation: ModelRelation,
    many: bool,
    prefetch: PrefetchFn<P>,
    render: RenderFn<P>,
    target_info: InfoFn,
}

impl<P: 'static> NestedRelation<P> {
    /// The relation `related` (`Self::RELS.author`), described by the model field `field`.
    pub const fn new<T>(related: Related<P, T>, field: ModelField) -> Self
    where
        P: ModelMeta,
        T: NestedModel + FromQueryResult + Clone,
        <P as ModelTrait>::Entity: EntityTrait<Model = P>,
        <T as ModelTrait>::Entity: EntityTrait<Model = T>,
    {
        let relation = *related.relation();
        Self {
            field,
            relation,
            many: relation.kind.is_to_many(),
            prefetch: prefetch_related::<P, T>,
            render: render_related::<P, T>,
            target_info: model_info::<T>,
        }
    }

    /// The relation's name (`author`).
    pub const fn name(&self) -> &'static str {
        self.field.name
    }
}

impl<P> std::fmt::Debug for NestedField<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NestedField::Column(meta) => f.debug_tuple("Column").field(&meta.name).finish(),
            NestedField::Relation(relation) => f.debug_tuple("Relation").field(relation).finish(),
        }
    }
}

impl<P> std::fmt::Debug for NestedRelation<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NestedRelation")
            .field("name", &self.field.name)
            .field("many", &self.many)
            .finish_non_exhaustive()
    }
}

/// The relation named `name` in `M::NESTED`.
fn relation<M: NestedModel>(name: &str) -> Result<&'static NestedRelation<M>, ApiError> {
    M::NESTED
        .iter()
        .find_map(|field| match field {
            NestedField::Relation(relation) if relation.name() == name => Some(relation),
            _ => None,
        })
        .ok_or_else(|| ApiError::internal(format!("restframe: no forward relation `{name}` to nest")))
}

/// Loads what [`render_relation`] reads for `rows`: relation `name`'s rows and, `depth` more
/// levels down, theirs.
pub async fn prefetch_relation<M: NestedModel>(
    name: &str,
    rows: &[&M],
    depth: u8,
    ctx: &Context,
) -> Result<(), ApiError> {
    let relation = relation::<M>(name)?;
    (relation.prefetch)(relation.relation, rows, Some(depth), ctx).await
}

/// Relation `name` of `row` as a nested serializer of depth `depth` (`null` for a null foreign
/// key, a list for a many-to-many field).
pub fn render_relation<M: NestedModel>(name: &str, row: &M, depth: u8, ctx: &Context) -> Value {
    match relation::<M>(name) {
        Ok(relation) => (relation.render)(relation.relation, &relation.field, row, Some(depth), ctx),
        Err(err) => {
            tracing::error!(%err, "restframe: rendering a nested relation");
            Value::Null
        }
    }
}

/// The OPTIONS metadata of relation `name` nested at depth `depth` with field options `spec`:
/// `"nested object"` with `children` (for a many-to-many field, DRF's `ListSerializer` entry).
pub fn relation_info<M: NestedModel>(name: &str, spec: &FieldSpec, depth: u8, backend: Option<DbBackend>) -> Value {
    match relation::<M>(name) {
        Ok(relation) => nested_info(spec, relation.many, || (relation.target_info)(depth, backend)),
        Err(_) => field_info_with_type("field", spec, None, false),
    }
}

/// DRF's `SimpleMetadata` entry of a nested serializer (see [`crate::metadata::nested_info`])
/// whose fields `children` describes. While the OpenAPI document is built, the field is
/// drf-spectacular's reference to the component of DRF's `NestedSerializer` class, which
/// spectacular names `Nested` whatever the model: the first one registered is the one every
/// `depth` field of the document refers to (spectacular warns "Encountered 2 components with
/// identical names" for the others).
fn nested_info(spec: &FieldSpec, many: bool, children: impl Fn() -> FieldsInfo) -> Value {
    if openapi::collecting() {
        let fields = openapi::collect(|| {
            children();
        });
        let nested = SerializerSchema { name: NESTED_COMPONENT.to_owned(), description: String::new(), fields };
        openapi::record_nested(spec, many, nested);
    }
    let children = openapi::suspended(children);
    openapi::suspended(|| {
        let mut nested = field_info_with_type("nested object", spec, None, many);
        if let Value::Object(map) = &mut nested {
            if many {
                map.remove("label");
            }
            map.insert("children".into(), Value::Object(children));
        }
        if many { field_info_with_type("field", spec, Some(nested), false) } else { nested }
    })
}

/// Every field of `row` as the nested serializer of depth `depth` renders it (at depth 0 the
/// relations are primary keys).
fn render_model<M: NestedModel>(row: &M, depth: u8, ctx: &Context) -> Value
where
    <M as ModelTrait>::Entity: EntityTrait<Model = M>,
{
    let mut out = serde_json::Map::new();
    for field in M::NESTED {
        let value = match field {
            NestedField::Column(meta) => column_value::<M>(row, meta),
            NestedField::Relation(relation) => {
                (relation.render)(relation.relation, &relation.field, row, depth.checked_sub(1), ctx)
            }
        };
        out.insert(field_name(field).to_owned(), value);
    }
    Value::Object(out)
}

/// Loads the relations `render_model(rows, depth)` reads: at depth 0 only the many-to-many
/// fields' primary keys, above it every relation, nested one level less.
fn prefetch_model<'a, M: NestedModel>(
    rows: &'a [&'a M],
    depth: u8,
    ctx: &'a Context,
) -> BoxFuture<'a, Result<(), ApiError>> {
    Box::pin(async move {
        for field in M::NESTED {
            let NestedField::Relation(relation) = field else { continue };
            let next = depth.checked_sub(1);
            if next.is_some() || relation.many {
                (relation.prefetch)(relation.relation, rows, next, ctx).await?;
            }
        }
        Ok(())
    })
}

/// Loads relation `relation` of `rows`, then (with `Some(depth)`) what rendering its rows at
/// `depth` reads.
fn prefetch_related<'a, P, T>(
    relation: ModelRelation,
    rows: &'a [&'a P],
    depth: Option<u8>,
    ctx: &'a Context,
) -> BoxFuture<'a, Result<(), ApiError>>
where
    P: ModelMeta,
    T: NestedModel + FromQueryResult + Clone,
    <P as ModelTrait>::Entity: EntityTrait<Model = P>,
    <T as ModelTrait>::Entity: EntityTrait<Model = T>,
{
    Box::pin(async move {
        let related = Related::<P, T>::from_relation(relation);
        let loaded = related.prefetch(rows, ctx).await?;
        if let Some(depth) = depth {
            let targets: Vec<&T> = loaded.rows().collect();
            prefetch_model::<T>(&targets, depth, ctx).await?;
        }
        Ok(())
    })
}

/// Relation `relation` of `row`: with `None` as DRF's `PrimaryKeyRelatedField` (the foreign
/// key's value, the many-to-many field's primary keys), else nested at `depth`.
fn render_related<P, T>(relation: ModelRelation, field: &ModelField, row: &P, depth: Option<u8>, ctx: &Context) -> Value
where
    P: ModelMeta,
    T: NestedModel + FromQueryResult + Clone,
    <P as ModelTrait>::Entity: EntityTrait<Model = P>,
    <T as ModelTrait>::Entity: EntityTrait<Model = T>,
{
    let related = Related::<P, T>::from_relation(relation);
    match (depth, relation.kind.is_to_many()) {
        (None, false) => column_value::<P>(row, field),
        (None, true) => related.render_all(row, ctx, |target| primary_key::<T>(target)),
        (Some(depth), false) => related.render_one(row, ctx, |target| render_model(target, depth, ctx)),
        (Some(depth), true) => related.render_all(row, ctx, |target| render_model(target, depth, ctx)),
    }
}

fn primary_key<T: ModelMeta>(row: &T) -> Value
where
    <T as ModelTrait>::Entity: EntityTrait<Model = T>,
{
    match T::ALL.iter().find(|field| field.primary_key) {
        Some(pk) => column_value::<T>(row, pk),
        None => Value::Null,
    }
}

/// DRF's `get_serializer_info` of the nested serializer of model `M` at `depth`.
fn model_info<M: NestedModel>(depth: u8, backend: Option<DbBackend>) -> FieldsInfo {
    let mut info = FieldsInfo::new();
    for field in M::NESTED {
        let value = match field {
            NestedField::Column(meta) => {
                let spec = model_field_spec(&field_spec(meta.name, meta), meta, backend);
                field_info_with_type(metadata_type(meta, &spec), &spec, None, false)
            }
            NestedField::Relation(relation) => {
                let spec = field_spec(relation.name(), &relation.field);
                match depth.checked_sub(1) {
                    // DRF's `PrimaryKeyRelatedField` (`many=True` for a many-to-many field).
                    None => {
                        let key = relation.field.openapi_schema();
                        let schema = if relation.many { json!({"type": "array", "items": key}) } else { key };
                        field_info_with_schema_value(&spec, schema)
                    }
                    Some(next) => {
                        let spec = FieldSpec { read_only: true, required: false, ..FieldSpec::new(relation.name()) };
                        nested_info(&spec, relation.many, || (relation.target_info)(next, backend))
                    }
                }
            }
        };
        info.insert(field_name(field).to_owned(), value);
    }
    info
}

fn field_name<P>(field: &NestedField<P>) -> &'static str {
    match field {
        NestedField::Column(meta) => meta.name,
        NestedField::Relation(relation) => relation.name(),
    }
}

/// DRF's `SimpleMetadata` type name of the serializer field a model field maps to, from the
/// Django field class (the same names the typed fields give).
fn metadata_type(meta: &ModelField, spec: &FieldSpec) -> &'static str {
    use crate::serializers::field_class::FieldType as Django;
    match meta.field_type {
        Some(Django::CharField | Django::TextField | Django::UUIDField) => String::metadata_type(spec),
        Some(Django::BooleanField) => bool::metadata_type(spec),
        Some(Django::DateField) => chrono::NaiveDate::metadata_type(spec),
        Some(Django::DateTimeField) => chrono::DateTime::<chrono::Utc>::metadata_type(spec),
        Some(Django::TimeField) => chrono::NaiveTime::metadata_type(spec),
        Some(Django::DurationField) => chrono::TimeDelta::metadata_type(spec),
        Some(Django::DecimalField { .. }) => rust_decimal::Decimal::metadata_type(spec),
        Some(Django::FloatField) => f64::metadata_type(spec),
        Some(Django::JSONField | Django::BinaryField) | None => "field",
        Some(_) => i64::metadata_type(spec),
    }
}

/// Column `meta` of `row`, rendered as its serializer field would (DRF's
/// `to_representation` of the mapped field).
fn column_value<M: ModelMeta>(row: &M, meta: &ModelField) -> Value
where
    <M as ModelTrait>::Entity: EntityTrait<Model = M>,
{
    match column::<M::Entity>(meta.column) {
        Ok(col) => represent(row.get(col), &field_spec(meta.name, meta)),
        Err(err) => {
            tracing::error!(%err, "restframe: rendering a nested model");
            Value::Null
        }
    }
}

/// A column value as the Rust type it was read into renders.
fn represent(value: sea_orm::Value, spec: &FieldSpec) -> Value {
    use sea_orm::Value as V;
    fn or_null<T: Represent>(value: Option<T>, spec: &FieldSpec) -> Value {
        value.map_or(Value::Null, |v| v.represent(spec))
    }
    match value {
        V::Bool(v) => or_null(v, spec),
        V::TinyInt(v) => or_null(v.map(i64::from), spec),
        V::SmallInt(v) => or_null(v.map(i64::from), spec),
        V::Int(v) => or_null(v.map(i64::from), spec),
        V::BigInt(v) => or_null(v, spec),
        V::TinyUnsigned(v) => or_null(v.map(u64::from), spec),
        V::SmallUnsigned(v) => or_null(v.map(u64::from), spec),
        V::Unsigned(v) => or_null(v.map(u64::from), spec),
        V::BigUnsigned(v) => or_null(v, spec),
        V::Float(v) => or_null(v.map(f64::from), spec),
        V::Double(v) => or_null(v, spec),
        V::String(v) => or_null(v, spec),
        V::Char(v) => or_null(v.map(String::from), spec),
        V::Json(v) => v.map_or(Value::Null, |v| *v),
        V::ChronoDate(v) => or_null(v, spec),
        V::ChronoTime(v) => or_null(v, spec),
        V::ChronoDateTime(v) => or_null(v, spec),
        V::ChronoDateTimeUtc(v) => or_null(v, spec),
        V::ChronoDateTimeLocal(v) => or_null(v.map(|v| v.with_timezone(&chrono::Utc)), spec),
        V::ChronoDateTimeWithTimeZone(v) => or_null(v, spec),
        V::Decimal(v) => or_null(v, spec),
        // No serializer field maps binary or other columns (DRF's ModelSerializer has none).
        _ => Value::Null,
    }
}
