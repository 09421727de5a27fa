//! Django's `select_related` / `prefetch_related` for serializers: the rows a page of instances
//! needs from one relation, loaded in one statement (per 900 instances) whatever the page size,
//! then read while rendering.
//!
//! `#[derive(ModelMeta)]` gives every relation a typed handle, `Model::RELS.<name>`: a
//! [`Related<P, T>`] from model `P` to model `T`. Its [`Related::prefetch`] loads the related
//! rows of a list of instances into the serializer [`Context`]'s cache, as Django's
//! `prefetch_related` does:
//!
//! | relation | statement |
//! |---|---|
//! | foreign key `book.author` | `SELECT author.* FROM author WHERE author.id IN (...)` |
//! | many-to-many `book.genres` | `SELECT genre.*, book_genres.book_id FROM genre INNER JOIN book_genres ON ... WHERE book_genres.book_id IN (...) ORDER BY <Genre.Meta.ordering>` |
//! | reverse foreign key `author.books` | `SELECT book.* FROM book WHERE book.author_id IN (...) ORDER BY <Book.Meta.ordering>` |
//!
//! (on an SQLite file, outside a transaction, the same rows are read on the calling thread, with
//! the keys as a `VALUES` list joined to the table instead of `IN (...)`), and
//! [`Related::render_one`] / [`Related::render_all`] read them back for one instance
//! (rendering is synchronous: it reads what was loaded and never queries).
//!
//! ```
//! mod author {
//!     use sea_orm::entity::prelude::*;
//!     #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
//!     #[sea_orm(table_name = "library_author")]
//!     #[restframe(reverse(books = super::book::Model), ordering = ["name"])]
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
//!     #[restframe(ordering = ["title"])]
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
//! use restframe::serializers::{Context, ModelMeta};
//! use sea_orm::{ConnectionTrait, EntityTrait, Schema};
//! use serde_json::{Value, json};
//!
//! fn main() {
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().expect("rt").block_on(async {
//! let db = restframe::db::test_database().await?;
//! # let schema = Schema::new(db.get_database_backend());
//! # db.execute(&schema.create_table_from_entity(author::Entity)).await?;
//! # db.execute(&schema.create_table_from_entity(book::Entity)).await?;
//! db.execute_unprepared("INSERT INTO library_author (name) VALUES ('Le Guin'), ('Herbert')").await?;
//! db.execute_unprepared("INSERT INTO library_book (title, author_id) VALUES ('Dune', 2), ('Tehanu', 1), ('Lathe', 1)").await?;
//! let ctx = Context::with_db(db.clone());
//!
//! // Book.objects.prefetch_related('author'): one query for every book's author.
//! let books = book::Entity::find().all(&db).await?;
//! book::Model::RELS.author.prefetch(&books.iter().collect::<Vec<_>>(), &ctx).await?;
//! let names: Vec<Value> = books
//!     .iter()
//!     .map(|b| book::Model::RELS.author.render_one(b, &ctx, |a| json!(a.name)))
//!     .collect();
//! assert_eq!(names, [json!("Herbert"), json!("Le Guin"), json!("Le Guin")]);
//!
//! // Author.objects.prefetch_related('books'): each author's books in Book.Meta.ordering.
//! let authors = author::Entity::find().all(&db).await?;
//! author::Model::RELS.books.prefetch(&authors.iter().collect::<Vec<_>>(), &ctx).await?;
//! let titles = author::Model::RELS.books.render_all(&authors[0], &ctx, |b| json!(b.title));
//! assert_eq!(titles, json!(["Lathe", "Tehanu"]));
//! # Ok::<(), restframe::exceptions::ApiError>(()) }).expect("doc example");
//! }
//! ```

use foldhash::HashMap;
use std::marker::PhantomData;
use std::sync::Arc;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, SelectStatement, ValueTuple};
use sea_orm::{ConnectionTrait, EntityTrait, FromQueryResult, ModelTrait, QueryTrait};
use serde_json::Value;

use crate::exceptions::ApiError;
use crate::serializers::pipeline::column;
use crate::serializers::{Context, ModelInfo, ModelMeta, ModelRelation, RelationKind};

/// How many keys one `IN (...)` holds: below SQLite's oldest bound-parameter limit (999), as
/// Django batches its prefetch queries on SQLite.
const BATCH: usize = 900;

/// The column a many-to-many prefetch adds to the related rows: the instance each row belongs to
/// (Django's `_prefetch_related_val_<column>`).
const SOURCE_ALIAS: &str = "_prefetch_related_val";

/// A key value, normalised so that a foreign key column (`i32`) meets the primary key it
/// references however the database returns it (`i64` through a join table).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RelatedKey {
    /// Any integer column.
    Int(i128),
    /// A text column.
    Text(String),
    /// Any other type (a UUID, ...), by its debug form.
    Other(String),
}

impl RelatedKey {
    /// The key of a column value; `None` for SQL `NULL` (a null foreign key has no related row).
    pub fn of(value: &sea_orm::Value) -> Option<Self> {
        use sea_orm::Value as V;
        let int = |n: Option<i128>| n.map(RelatedKey::Int);
        match value {
            V::TinyInt(n) => int(n.map(i128::from)),
            V::SmallInt(n) => int(n.map(i128::from)),
            V::Int(n) => int(n.map(i128::from)),
            V::BigInt(n) => int(n.map(i128::from)),
            V::TinyUnsigned(n) => int(n.map(i128::from)),
            V::SmallUnsigned(n) => int(n.map(i128::from)),
            V::Unsigned(n) => int(n.map(i128::from)),
            V::BigUnsigned(n) => int(n.map(i128::from)),
            V::String(s) => s.clone().map(RelatedKey::Text),
            V::Char(c) => c.map(|c| RelatedKey::Text(c.to_string())),
            other if *other == other.as_null() => None,
            other => Some(RelatedKey::Other(format!("{other:?}"))),
        }
    }

    /// The key of a value read on the calling thread: an integer or (UTF-8) text key, else none.
    pub(crate) fn of_sqlite(value: crate::db::rusqlite::types::ValueRef<'_>) -> Option<Self> {
        use crate::db::rusqlite::types::ValueRef;
        match value {
            ValueRef::Integer(n) => Some(RelatedKey::Int(i128::from(n))),
            ValueRef::Text(text) => std::str::from_utf8(text).ok().map(|text| RelatedKey::Text(text.to_owned())),
            _ => None,
        }
    }
}

/// The rows one relation loaded, by the key of the instance they belong to (its foreign key
/// value for a forward relation, its primary key otherwise), in the related model's
/// `Meta.ordering`.
#[derive(Debug)]
pub struct RelatedRows<T> {
    by_key: HashMap<RelatedKey, Vec<T>>,
}

impl<T> RelatedRows<T> {
    /// The rows of each key (a `select_related` join's, [`super::select_related`]).
    pub(crate) fn from_map(by_key: HashMap<RelatedKey, Vec<T>>) -> Self {
        Self { by_key }
    }

    /// The rows of the instance with key `key`; empty when it has none, `None` when it was not
    /// prefetched.
    pub fn get(&self, key: &RelatedKey) -> Option<&[T]> {
        self.by_key.get(key).map(Vec::as_slice)
    }

    /// Every loaded row (for prefetching the next level: a nested serializer's own relations).
    pub fn rows(&self) -> impl Iterator<Item = &T> {
        self.by_key.values().flatten()
    }
}

/// A relation from model `P` to model `T`, typed: `Book::RELS.author` is a
/// `Related<book::Model, author::Model>` (see the [module docs](self)).
pub struct Related<P, T> {
    // By value, so that a relation built at compile time from another model's (`reversed`)
    // needs no static of its own.
    relation: ModelRelation,
    marker: PhantomData<fn(&P) -> T>,
}

impl<P, T> Clone for Related<P, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P, T> Copy for Related<P, T> {}

impl<P, T> std::fmt::Debug for Related<P, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Related").field(&self.relation.name).finish()
    }
}

type EntityOf<M> = <M as ModelTrait>::Entity;

impl<P, T> Related<P, T> {
    /// The handle of `relation` (generated by `#[derive(ModelMeta)]`).
    pub const fn new(relation: &'static ModelRelation) -> Self {
        Self { relation: *relation, marker: PhantomData }
    }

    /// The handle of a relation copied out of a model's `RELATIONS` (nested serializers keep
    /// it in a `const`).
    pub(crate) const fn from_relation(relation: ModelRelation) -> Self {
        Self { relation, marker: PhantomData }
    }

    /// The relation's metadata (name, storage).
    pub const fn relation(&self) -> &ModelRelation {
        &self.relation
    }
}

impl<P: ModelMeta, T> Related<P, T> {
    /// The reverse side of a forward foreign key, named `name` on the target model: what
    /// Django's `related_name` gives the model you cannot annotate (`restframe`'s auth `User`
    /// has no `books`; `book::Model::RELS.added_by.reversed("books")` is `user.books`).
    ///
    /// # Panics
    ///
    /// When the relation is not a forward foreign key (the derive checks this at compile time).
    pub const fn reversed(self, name: &'static str) -> Related<T, P> {
        let RelationKind::ForeignKey { column, .. } = self.relation.kind else {
            panic!("only a foreign key has a reverse side to name");
        };
        let relation = ModelRelation { name, kind: RelationKind::ReverseForeignKey { column }, related: P::info };
        Related { relation, marker: PhantomData }
    }
}

impl<P, T> Related<P, T>
where
    P: ModelMeta,
    T: ModelMeta + FromQueryResult + Clone,
    EntityOf<P>: EntityTrait<Model = P>,
    EntityOf<T>: EntityTrait<Model = T>,
{
    /// The key under which `instance`'s related rows are stored: its foreign key value (forward
    /// foreign key), else its primary key. `None` when a nullable foreign key is `NULL`.
    pub fn key_of(&self, instance: &P) -> Option<RelatedKey> {
        let name = match self.relation.kind {
            RelationKind::ForeignKey { column, .. } => column,
            RelationKind::ManyToMany { .. } | RelationKind::ReverseForeignKey { .. } => P::PK_COLUMN,
        };
        let column = column::<EntityOf<P>>(name).ok()?;
        RelatedKey::of(&instance.get(column))
    }

    /// Loads the related rows of every instance in one statement per [`BATCH`] instances and
    /// stores them in the context's cache (replacing what an earlier prefetch stored for the same
    /// instances, so rows changed by a `save()` are seen). Returns everything loaded for this
    /// relation so far, for prefetching the related rows' own relations.
    ///
    /// Rows the view's query already joined ([`super::select_related`]) are taken instead of
    /// loaded, once, when they cover every instance.
    pub async fn prefetch(&self, instances: &[&P], ctx: &Context) -> Result<Arc<RelatedRows<T>>, ApiError> {
        let mut keys: Vec<RelatedKey> = Vec::new();
        let mut values: Vec<sea_orm::Value> = Vec::new();
        for instance in instances {
            let Some(key) = self.key_of(instance) else { continue };
            if !keys.contains(&key) {
                keys.push(key);
                values.push(self.parent_value(instance)?);
            }
        }
        let cached = self.cached(ctx);
        let joined = ctx
            .request()
            .and_then(|request| {
                super::select_related::take::<RelatedRows<T>>(request, P::info().table, self.relation.name)
            })
            .filter(|joined| keys.iter().all(|key| joined.by_key.contains_key(key)));
        let mut by_key: HashMap<RelatedKey, Vec<T>> = match (cached, joined) {
            (None, Some(joined)) => {
                ctx.prefetch_cache().put(P::info().table, self.relation.name, Arc::clone(&joined));
                return Ok(joined);
            }
            (Some(cached), Some(joined)) => {
                let mut by_key = cached.by_key.clone();
                by_key.extend(joined.by_key.iter().map(|(k, v)| (k.clone(), v.clone())));
                let rows = Arc::new(RelatedRows { by_key });
                ctx.prefetch_cache().put(P::info().table, self.relation.name, Arc::clone(&rows));
                return Ok(rows);
            }
            (Some(cached), None) => cached.by_key.clone(),
            (None, None) => HashMap::default(),
        };
        for key in &keys {
            by_key.insert(key.clone(), Vec::new());
        }
        for chunk in values.chunks(BATCH) {
            for (key, row) in self.load(chunk, ctx).await? {
                by_key.entry(key).or_default().push(row);
            }
        }
        let rows = Arc::new(RelatedRows { by_key });
        ctx.prefetch_cache().put(P::info().table, self.relation.name, Arc::clone(&rows));
        Ok(rows)
    }

    /// What [`Related::prefetch`] stored for this relation, if anything.
    pub fn cached(&self, ctx: &Context) -> Option<Arc<RelatedRows<T>>> {
        ctx.prefetch_cache().get::<RelatedRows<T>>(P::info().table, self.relation.name)
    }

    /// Renders `instance`'s one related row with `render` (a forward foreign key): `null` when
    /// the foreign key is `NULL` or the row is missing, or when nothing was prefetched (logged:
    /// a serializer renders after its `prefetch`).
    pub fn render_one(&self, instance: &P, ctx: &Context, render: impl FnOnce(&T) -> Value) -> Value {
        let Some(key) = self.key_of(instance) else { return Value::Null };
        match self.cached(ctx) {
            Some(rows) => rows.get(&key).and_then(<[T]>::first).map_or(Value::Null, render),
            None => self.not_prefetched(Value::Null),
        }
    }

    /// Renders each of `instance`'s related rows with `render`, as a JSON array (many-to-many and
    /// reverse relations; a forward foreign key gives at most one).
    pub fn render_all(&self, instance: &P, ctx: &Context, render: impl FnMut(&T) -> Value) -> Value {
        let Some(key) = self.key_of(instance) else { return Value::Array(Vec::new()) };
        match self.cached(ctx) {
            Some(rows) => Value::Array(rows.get(&key).unwrap_or_default().iter().map(render).collect()),
            None => self.not_prefetched(Value::Array(Vec::new())),
        }
    }

    fn not_prefetched(&self, empty: Value) -> Value {
        tracing::error!(
            relation = self.relation.name,
            model = P::info().table,
            "restframe: a relation was rendered without being prefetched (render after `Serializer::prefetch`)"
        );
        empty
    }

    /// The column value [`Related::key_of`] reads, as the query compares it.
    fn parent_value(&self, instance: &P) -> Result<sea_orm::Value, ApiError> {
        let name = match self.relation.kind {
            RelationKind::ForeignKey { column, .. } => column,
            _ => P::PK_COLUMN,
        };
        Ok(instance.get(column::<EntityOf<P>>(name)?))
    }

    /// One statement for the instances whose key values are `values`: each related row with the
    /// key of the instance it belongs to.
    async fn load(&self, values: &[sea_orm::Value], ctx: &Context) -> Result<Vec<(RelatedKey, T)>, ApiError>
    where
        P: ModelMeta,
    {
        let row_key = match self.relation.kind {
            RelationKind::ForeignKey { target_column: key, .. } | RelationKind::ReverseForeignKey { column: key } => {
                RowKey::Column(column::<EntityOf<T>>(key)?)
            }
            RelationKind::ManyToMany { .. } => RowKey::Source,
        };
        let db = ctx.db()?;
        // On an SQLite file, outside a transaction: on the calling thread (`db::rows`), the SQL
        // built once per thread for this relation and this number of keys.
        if T::reads_sqlite() && !db.in_atomic_block() {
            let shape = (std::any::TypeId::of::<P>(), self.relation.name, values.len());
            let sorted = sorted_keys(values);
            let values = sorted.as_deref().unwrap_or(values);
            let read = crate::sqlite::rows::read_shaped(
                db.connection(),
                shape,
                values,
                || if sorted.is_some() { self.select_by_keys(values) } else { self.select(values) },
                |row| {
                    let model = T::from_sqlite_row(row)?;
                    let key = match &row_key {
                        RowKey::Column(col) => RelatedKey::of(&model.get(*col)),
                        RowKey::Source => sqlite_key(row, SOURCE_ALIAS)?,
                    };
                    Ok((key, model))
                },
            );
            if let Some(rows) = read {
                return Ok(rows.into_iter().filter_map(|(key, model)| Some((key?, model))).collect());
            }
        }
        let mut out = Vec::new();
        for result in db.query_all(&self.select(values)).await? {
            let row = T::from_query_result(&result, "")?;
            let key = match row_key {
                RowKey::Column(col) => RelatedKey::of(&row.get(col)),
                RowKey::Source => source_key(&result),
            };
            if let Some(key) = key {
                out.push((key, row));
            }
        }
        Ok(out)
    }

    /// The `SELECT` of [`Related::load`]: the related rows whose key is among `values` (binding
    /// exactly `values`), in the related model's ordering.
    fn select(&self, values: &[sea_orm::Value]) -> SelectStatement {
        let target = T::info();
        let table = Alias::new(target.table);
        let mut select: SelectStatement = EntityOf::<T>::find().into_query();
        match self.relation.kind {
            RelationKind::ForeignKey { target_column, .. } => {
                select.and_where(Expr::col((table, Alias::new(target_column))).is_in(values.iter().cloned()));
            }
            RelationKind::ReverseForeignKey { column: fk } => {
                select.and_where(Expr::col((table, Alias::new(fk))).is_in(values.iter().cloned()));
                order_by(&mut select, target);
            }
            RelationKind::ManyToMany { through, source_column, target_column } => {
                let through = Alias::new(through);
                select
                    .expr_as(Expr::col((through.clone(), Alias::new(source_column))), Alias::new(SOURCE_ALIAS))
                    .inner_join(
                        through.clone(),
                        Expr::col((through.clone(), Alias::new(target_column)))
                            .equals((table, Alias::new(target.pk_column))),
                    )
                    .and_where(Expr::col((through, Alias::new(source_column))).is_in(values.iter().cloned()));
                order_by(&mut select, target);
            }
        }
        select
    }
}

impl<P, T> Related<P, T>
where
    P: ModelMeta,
    T: ModelMeta,
    EntityOf<T>: EntityTrait<Model = T>,
{
    /// [`Related::select`] on an SQLite file: the keys as a `VALUES` list joined to the rows
    /// (`CROSS JOIN` fixes SQLite's join order: each key is looked up by index), where `IN (...)`
    /// makes SQLite build and drop a temporary b-tree of the keys on every execution
    /// (bench/README.md, item 17). `values` come sorted ([`sorted_keys`]), in the order SQLite walks
    /// an `IN` list, so rows that tie on the ordering come in the same order as through sea-orm.
    fn select_by_keys(&self, values: &[sea_orm::Value]) -> SelectStatement {
        let target = T::info();
        let table = Alias::new(target.table);
        let keys = Alias::new(KEYS_ALIAS);
        let key = Expr::col((keys.clone(), Alias::new("column1")));
        let mut select: SelectStatement = EntityOf::<T>::find().into_query();
        select.from_clear().from_values(values.iter().cloned().map(ValueTuple::One), keys);
        // sea-query writes a `CROSS JOIN` without its `ON`: the join conditions go to `WHERE`.
        match self.relation.kind {
            RelationKind::ForeignKey { target_column: column, .. } | RelationKind::ReverseForeignKey { column } => {
                select.cross_join(table.clone()).and_where(Expr::col((table, Alias::new(column))).eq(key));
                if matches!(self.relation.kind, RelationKind::ReverseForeignKey { .. }) {
                    order_by(&mut select, target);
                }
            }
            RelationKind::ManyToMany { through, source_column, target_column } => {
                let through = Alias::new(through);
                select
                    .expr_as(Expr::col((through.clone(), Alias::new(source_column))), Alias::new(SOURCE_ALIAS))
                    .cross_join(through.clone())
                    .cross_join(table.clone())
                    .and_where(Expr::col((through.clone(), Alias::new(source_column))).eq(key))
                    .and_where(
                        Expr::col((through, Alias::new(target_column))).equals((table, Alias::new(target.pk_column))),
                    );
                order_by(&mut select, target);
            }
        }
        select
    }
}

/// The name of the `VALUES` list of [`Related::select_by_keys`].
const KEYS_ALIAS: &str = "_prefetch_related_keys";

/// `values` sorted as SQLite orders the values of an `IN` list (integers by value, text
/// bytewise); `None` when one is neither, or there are fewer than two (SQLite reads `IN (?)` as
/// `= ?`, without a temporary b-tree): the caller then uses `IN`.
fn sorted_keys(values: &[sea_orm::Value]) -> Option<Vec<sea_orm::Value>> {
    if values.len() < 2 {
        return None;
    }
    let mut keyed: Vec<(RelatedKey, &sea_orm::Value)> =
        values.iter().map(|value| RelatedKey::of(value).map(|key| (key, value))).collect::<Option<_>>()?;
    let kind = |key: &RelatedKey| std::mem::discriminant(key);
    let first = &keyed[0].0;
    if matches!(first, RelatedKey::Other(_)) || keyed.iter().any(|(key, _)| kind(key) != kind(first)) {
        return None;
    }
    keyed.sort_by(|(a, _), (b, _)| a.cmp(b));
    Some(keyed.into_iter().map(|(_, value)| value.clone()).collect())
}

/// Where a loaded row says which instance it belongs to.
enum RowKey<C> {
    /// A column of the related row (the referenced column, or the reverse foreign key).
    Column(C),
    /// The join table's column selected beside it ([`SOURCE_ALIAS`]).
    Source,
}

/// The instance key a many-to-many row carries in [`SOURCE_ALIAS`].
fn source_key(result: &sea_orm::QueryResult) -> Option<RelatedKey> {
    key_in(result, SOURCE_ALIAS)
}

/// The key in column `name` of a query result (an integer or text key).
pub(super) fn key_in(result: &sea_orm::QueryResult, name: &str) -> Option<RelatedKey> {
    // PostgreSQL decodes only the column's own width (`integer` is not an `i64`).
    let int = |n: Option<i128>| n.map(RelatedKey::Int);
    int(result.try_get::<i64>("", name).ok().map(i128::from))
        .or_else(|| int(result.try_get::<i32>("", name).ok().map(i128::from)))
        .or_else(|| int(result.try_get::<i16>("", name).ok().map(i128::from)))
        .or_else(|| result.try_get::<String>("", name).ok().map(RelatedKey::Text))
}

/// [`key_in`] on a row read on the calling thread: an integer or text key, else none.
fn sqlite_key(row: &crate::db::rusqlite::Row<'_>, name: &str) -> crate::db::rusqlite::Result<Option<RelatedKey>> {
    Ok(RelatedKey::of_sqlite(row.get_ref(name)?))
}

/// Django's `Meta.ordering` of the related model (`["-created", "id"]`), by column.
fn order_by(select: &mut SelectStatement, info: &ModelInfo) {
    for name in info.ordering {
        let (field, order) = match name.strip_prefix('-') {
            Some(field) => (field, Order::Desc),
            None => (*name, Order::Asc),
        };
        let column = info.field(field).map_or(field, |f| f.column);
        select.order_by((Alias::new(info.table), Alias::new(column)), order);
    }
}

#[cfg(test)]
mod tests {
    use super::sorted_keys;
    use sea_orm::Value;

    #[test]
    fn keys_are_sorted_as_sqlite_walks_an_in_list() {
        let ints = [Value::from(24_i64), Value::from(4_i32), Value::from(14_i64)];
        assert_eq!(sorted_keys(&ints), Some(vec![Value::from(4_i32), Value::from(14_i64), Value::from(24_i64)]));
        let texts = [Value::from("b"), Value::from("B"), Value::from("a")];
        assert_eq!(sorted_keys(&texts), Some(vec![Value::from("B"), Value::from("a"), Value::from("b")]));
        // One key is an equality for SQLite; mixed kinds have no order here: both stay `IN`.
        assert_eq!(sorted_keys(&[Value::from(1_i64)]), None);
        assert_eq!(sorted_keys(&[Value::from(1_i64), Value::from("a")]), None);
    }
}
