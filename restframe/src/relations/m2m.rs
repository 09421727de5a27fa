//! Writable many-to-many fields: Django's `ModelSerializer.create`/`update`, which save the
//! instance, then `field.set(value)` each many-to-many field through its join table.
//!
//! A model serializer's validated data is the model's `ActiveModel`, which has no room for a
//! list of related rows. So validation *stages* the chosen rows in the serializer context (one
//! entry per validated instance, in order), [`Bound`](crate::serializers::Bound) keeps
//! them with its validated data until `save()`, and the default `create`/`update` ([`create`],
//! [`update`]) take them back and write the join table, in one transaction with the row itself
//! (the view's [`Atomic`] block when there is one): a failure leaves nothing half-written. A
//! field absent from the input (a `PATCH` without it) stages nothing and keeps the set.
//!
//! `set()` costs what Django's does: one `SELECT` of the current targets, one `DELETE` of the
//! ones no longer chosen, one `INSERT` of the new ones (each only when needed).

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ActiveModelBehavior, ConnectionTrait, DbBackend, EntityTrait, IntoActiveModel, ModelTrait, Statement};

use super::prefetch::key_in;
use super::{RelatedField, RelatedKey};
use crate::exceptions::ApiError;
use crate::serializers::model::{self, ActiveOf, Inserted, SaveFields};
use crate::serializers::pipeline::column;
use crate::serializers::{Atomic, Context, ModelMeta, ModelRelation, RelationKind};

type EntityOf<M> = <M as ModelTrait>::Entity;

/// The rows one many-to-many field chose: the values its join table's `target_column` takes.
#[derive(Clone, Debug)]
pub struct JoinSet {
    relation: ModelRelation,
    targets: Vec<sea_orm::Value>,
}

impl<P, T> RelatedField<P, T>
where
    T: ModelMeta,
    EntityOf<T>: EntityTrait<Model = T>,
{
    /// The join-table values of `rows` (DRF's validated list of related objects).
    pub fn chosen(&self, rows: &[T]) -> Result<JoinSet, ApiError> {
        let pk = column::<EntityOf<T>>(T::PK_COLUMN)?;
        Ok(JoinSet { relation: *self.related().relation(), targets: rows.iter().map(|row| row.get(pk)).collect() })
    }
}

/// Stages the many-to-many values of one successful validation of a serializer for model `M`
/// (generated code calls it after `validate()` passed).
pub fn stage<M: ModelMeta>(ctx: &Context, sets: Vec<JoinSet>) {
    ctx.deferred().push(M::info().table, Box::new(sets));
}

/// `ModelSerializer.create` with many-to-many fields: inserts the row, then sets each staged
/// field, in one transaction (on an SQLite file outside an [`Atomic`] block, one transaction of
/// the database's writer thread: `crate::serializers::model::insert_on_writer`).
pub async fn create<M>(mut data: ActiveOf<M>, ctx: &Context, fields: SaveFields<'_>) -> Result<M, ApiError>
where
    M: ModelMeta + IntoActiveModel<ActiveOf<M>> + Send + 'static,
    EntityOf<M>: EntityTrait<Model = M>,
    ActiveOf<M>: ActiveModelBehavior + Send,
{
    let Some(sets) = staged::<M>(ctx) else {
        return model::create(data, ctx, fields).await;
    };
    model::fill_defaults::<M>(&mut data, &fields)?;
    let pk = column::<EntityOf<M>>(M::PK_COLUMN)?;
    let links = sets.clone();
    let on_writer = model::insert_on_writer(data, ctx.db()?, move |instance: &M| {
        let source = instance.get(pk);
        let mut statements = Vec::new();
        for set in &links {
            statements.extend(new_links(&source, set, &[], DbBackend::Sqlite).ok()?);
        }
        Some(statements)
    });
    let (data, prepared) = match on_writer.await? {
        Inserted::Saved(instance) => return Ok(instance),
        Inserted::Prepared(data) => (data, true),
        Inserted::Untouched(data) => (data, false),
    };
    let (atomic, inner) = transaction(ctx).await?;
    let instance = if prepared {
        model::create_prepared(data, &inner, &fields).await?
    } else {
        model::create(data, &inner, fields).await?
    };
    set_all(&instance, &sets, &inner, Existing::None).await?;
    finish(atomic).await?;
    Ok(instance)
}

/// `ModelSerializer.update` with many-to-many fields: saves the row, then sets each staged
/// field (a field absent from a `PATCH` keeps its set), in one transaction.
pub async fn update<M>(instance: M, data: ActiveOf<M>, ctx: &Context, fields: SaveFields<'_>) -> Result<M, ApiError>
where
    M: ModelMeta + IntoActiveModel<ActiveOf<M>>,
    EntityOf<M>: EntityTrait<Model = M>,
    ActiveOf<M>: ActiveModelBehavior + Send,
{
    let Some(sets) = staged::<M>(ctx) else {
        return crate::serializers::model::update(instance, data, ctx, fields).await;
    };
    let (atomic, inner) = transaction(ctx).await?;
    let instance = crate::serializers::model::update(instance, data, &inner, fields).await?;
    set_all(&instance, &sets, &inner, Existing::Read).await?;
    finish(atomic).await?;
    Ok(instance)
}

/// The many-to-many values validation staged for the instance of `M` being saved, if any.
fn staged<M: ModelMeta>(ctx: &Context) -> Option<Vec<JoinSet>> {
    let sets = ctx.deferred().pop(M::info().table)?.downcast::<Vec<JoinSet>>().ok()?;
    Some(*sets).filter(|sets| !sets.is_empty())
}

/// The context to save in: `ctx` itself inside an open [`Atomic`] block, else one joined to a
/// new transaction (returned, to commit; dropping it rolls back).
async fn transaction(ctx: &Context) -> Result<(Option<Atomic>, Context), ApiError> {
    let db = ctx.db()?;
    if db.in_atomic_block() {
        return Ok((None, ctx.clone()));
    }
    let atomic = Atomic::begin(db.connection()).await?;
    let inner = ctx.clone().atomic(&atomic);
    Ok((Some(atomic), inner))
}

async fn finish(atomic: Option<Atomic>) -> Result<(), ApiError> {
    match atomic {
        Some(atomic) => atomic.commit().await,
        None => Ok(()),
    }
}

/// The join rows an instance has before its sets are saved.
#[derive(Clone, Copy)]
enum Existing {
    /// Read them (an update).
    Read,
    /// None: the row was inserted in this transaction, under a new key (foreign keys are
    /// enforced, so no join row can point at a key that did not exist). Django's `set()` asks
    /// anyway; skipping it takes one statement out of the write transaction of every create.
    None,
}

async fn set_all<M>(instance: &M, sets: &[JoinSet], ctx: &Context, existing: Existing) -> Result<(), ApiError>
where
    M: ModelMeta,
    EntityOf<M>: EntityTrait<Model = M>,
{
    let source = instance.get(column::<EntityOf<M>>(M::PK_COLUMN)?);
    for set in sets {
        set_one(&source, set, ctx, existing).await?;
    }
    Ok(())
}

/// The `INSERT` of the join rows from `source` to each target of `set` not among `old` (the
/// targets it has), each once; `None` when there is none to add.
fn new_links(
    source: &sea_orm::Value,
    set: &JoinSet,
    old: &[RelatedKey],
    backend: DbBackend,
) -> Result<Option<Statement>, ApiError> {
    let RelationKind::ManyToMany { through, source_column, target_column } = set.relation.kind else {
        return Err(ApiError::internal("restframe: only a many-to-many field is set through a join table"));
    };
    let mut new: Vec<(RelatedKey, &sea_orm::Value)> = Vec::new();
    for target in &set.targets {
        let Some(key) = RelatedKey::of(target) else { continue };
        if !old.contains(&key) && !new.iter().any(|(k, _)| *k == key) {
            new.push((key, target));
        }
    }
    if new.is_empty() {
        return Ok(None);
    }
    let mut insert = Query::insert()
        .into_table(Alias::new(through))
        .columns([Alias::new(source_column), Alias::new(target_column)])
        .to_owned();
    for (_, target) in new {
        insert
            .values([source.clone().into(), target.clone().into()])
            .map_err(|err| ApiError::internal(err.to_string()))?;
    }
    Ok(Some(backend.build(&insert)))
}

/// Django's `instance.<field>.set(targets)` for the instance whose key is `source`.
async fn set_one(source: &sea_orm::Value, set: &JoinSet, ctx: &Context, existing: Existing) -> Result<(), ApiError> {
    let RelationKind::ManyToMany { through, source_column, target_column } = set.relation.kind else {
        return Err(ApiError::internal("restframe: only a many-to-many field is set through a join table"));
    };
    let db = ctx.db()?;
    let (through, source_col, target_col) = (Alias::new(through), Alias::new(source_column), Alias::new(target_column));
    let mut old: Vec<RelatedKey> = match existing {
        Existing::Read => {
            let current = Query::select()
                .column(target_col.clone())
                .from(through.clone())
                .and_where(Expr::col(source_col.clone()).eq(source.clone()))
                .to_owned();
            db.query_all(&current).await?.iter().filter_map(|row| key_in(row, target_column)).collect()
        }
        Existing::None => Vec::new(),
    };
    let insert = new_links(source, set, &old, db.get_database_backend())?;
    // What stays chosen stays; the rest of the old targets go.
    old.retain(|key| !set.targets.iter().any(|target| RelatedKey::of(target).as_ref() == Some(key)));
    if !old.is_empty() {
        let gone = old.into_iter().map(|key| match key {
            RelatedKey::Int(i) => sea_orm::Value::from(i64::try_from(i).unwrap_or(i64::MAX)),
            RelatedKey::Text(text) | RelatedKey::Other(text) => sea_orm::Value::from(text),
        });
        let delete = Query::delete()
            .from_table(through.clone())
            .and_where(Expr::col(source_col.clone()).eq(source.clone()))
            .and_where(Expr::col(target_col.clone()).is_in(gone))
            .to_owned();
        db.execute(&delete).await?;
    }
    if let Some(insert) = insert {
        db.execute_raw(insert).await?;
    }
    Ok(())
}
