//! What `#[derive(ModelSerializer)]` generates for fields that read other rows: DRF's dotted
//! `source = "author.name"` (a `ReadOnlyField` through foreign keys) and nested serializers on a
//! relation (`author = AuthorSerializer(read_only=True)`). The derive names each hop through the
//! model's typed relations (`Book::RELS.author`), so these helpers are typed by the relation's
//! target: a misspelled relation or field, or a declared type that differs from the target
//! column's, does not compile.
//!
//! Rendering reads only what the serializer's `prefetch` loaded (one statement per relation and
//! page, see [`Related::prefetch`]); these helpers never query.

use serde_json::Value;

use super::Related;
use crate::exceptions::ApiError;
use crate::serializers::{Context, ModelMeta, Serializer};

/// The target model's field metadata (`FIELDS`) of a relation: the next hop of a dotted source
/// (`target_fields(&Book::RELS.author).name` is `Author::FIELDS.name`).
pub const fn target_fields<P, T: ModelMeta>(_relation: &Related<P, T>) -> T::Fields {
    T::FIELDS
}

/// The target model's typed relations (`RELS`) of a relation, for a path of several hops
/// (`review.book.author`).
pub const fn target_rels<P, T: ModelMeta>(_relation: &Related<P, T>) -> T::Relations {
    T::RELS
}

/// Whether a relation reaches at most one row (a forward foreign key): a dotted source and a
/// nested serializer without `many` go only through these, as Django's attribute access does.
pub const fn is_to_one<P, T>(relation: &Related<P, T>) -> bool {
    !relation.relation().kind.is_to_many()
}

/// A serializer of rows of `T` (every [`Serializer`] is one for its `Instance`). Generated code
/// names nested serializers through this trait, so a serializer of another model is one unmet
/// bound (`BookBrief: NestedOf<author::Model>`) at its type.
pub trait NestedOf<T> {
    /// [`Serializer::render`] of one row.
    fn render_row(row: &T, ctx: &Context) -> Value;
    /// [`Serializer::prefetch`] of the rows loaded for the nested field.
    fn prefetch_rows(rows: &[&T], ctx: &Context) -> impl Future<Output = Result<(), ApiError>> + Send;
}

impl<S: Serializer> NestedOf<S::Instance> for S {
    fn render_row(row: &S::Instance, ctx: &Context) -> Value {
        S::render(row, ctx)
    }
    fn prefetch_rows(rows: &[&S::Instance], ctx: &Context) -> impl Future<Output = Result<(), ApiError>> + Send {
        S::prefetch(rows, ctx)
    }
}

/// `f` of `instance`'s related row (a forward foreign key), or `None` when the foreign key is
/// null (Python's `getattr(None, ...)` fails there, so DRF skips a dotted field).
///
/// A relation rendered without being prefetched is logged and gives `None` as well.
pub fn follow<P, T, R>(
    relation: &Related<P, T>,
    instance: &P,
    ctx: &Context,
    f: impl FnOnce(&T) -> Option<R>,
) -> Option<R>
where
    P: ModelMeta,
    T: ModelMeta + sea_orm::FromQueryResult + Clone,
    <P as sea_orm::ModelTrait>::Entity: sea_orm::EntityTrait<Model = P>,
    <T as sea_orm::ModelTrait>::Entity: sea_orm::EntityTrait<Model = T>,
{
    let key = relation.key_of(instance)?;
    let Some(rows) = relation.cached(ctx) else {
        tracing::error!(
            relation = relation.relation().name,
            model = P::info().table,
            "restframe: a relation was rendered without being prefetched (render after `Serializer::prefetch`)"
        );
        return None;
    };
    rows.get(&key).and_then(<[T]>::first).and_then(f)
}

/// Renders `instance`'s related row with nested serializer `S`, `null` when there is none
/// (DRF's nested serializer on a null foreign key).
pub fn nested_one<S, P, T>(relation: &Related<P, T>, instance: &P, ctx: &Context) -> Value
where
    S: NestedOf<T>,
    P: ModelMeta,
    T: ModelMeta + sea_orm::FromQueryResult + Clone,
    <P as sea_orm::ModelTrait>::Entity: sea_orm::EntityTrait<Model = P>,
    <T as sea_orm::ModelTrait>::Entity: sea_orm::EntityTrait<Model = T>,
{
    relation.render_one(instance, ctx, |row| S::render_row(row, ctx))
}

/// Renders each of `instance`'s related rows with nested serializer `S` (`many = true`), in the
/// related model's `Meta.ordering`.
pub fn nested_many<S, P, T>(relation: &Related<P, T>, instance: &P, ctx: &Context) -> Value
where
    S: NestedOf<T>,
    P: ModelMeta,
    T: ModelMeta + sea_orm::FromQueryResult + Clone,
    <P as sea_orm::ModelTrait>::Entity: sea_orm::EntityTrait<Model = P>,
    <T as sea_orm::ModelTrait>::Entity: sea_orm::EntityTrait<Model = T>,
{
    relation.render_all(instance, ctx, |row| S::render_row(row, ctx))
}
