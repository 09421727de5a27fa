//! Django's `select_related`: the rows of a view's forward foreign keys read in the same
//! statement as its objects, so that the serializer's prefetch finds them loaded.
//!
//! A view names the relations in [`GenericAPIView::select_related`] (DRF:
//! `queryset = Book.objects.select_related('author', 'added_by')`). `get_object` and `list`
//! then read their objects with a `LEFT JOIN` per relation,
//!
//! ```sql
//! SELECT "library_book"."id", ..., "author__"."id" AS "author__id", "author__"."name" AS "author__name", ...
//! FROM "library_book" LEFT JOIN "library_author" AS "author__" ON "author__"."id" = "library_book"."author_id" ...
//! ```
//!
//! and leave the joined rows on the request. [`Related::prefetch`](super::Related::prefetch)
//! of the serializer rendering those objects takes them instead of running its own statement,
//! once, and only when they cover every instance it was given (after a `save()` that changed a
//! foreign key, it loads again). Without a `select_related` every relation is still one
//! statement per page ([`super::prefetch`]); with it, two fewer for the bookshelf's books.
//!
//! A `LEFT JOIN` (Django joins a non-null foreign key with `INNER JOIN`) keeps a row whose
//! related row is missing, as the prefetch would: the relation then renders as absent. The
//! paginators' counts never join. One hop per name: Django's `author__user` is not followed.
//!
//! [`GenericAPIView::select_related`]: crate::generics::GenericAPIView::select_related

use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::mem::{Discriminant, discriminant};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use foldhash::{HashMap, HashSet};

use rusqlite::Row;
use rusqlite::types::ValueRef;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, FromQueryResult, Iterable, ModelTrait,
    QueryResult, QueryTrait, Select, Statement, TryGetError,
};

use super::{RelatedKey, RelatedRows};
use crate::exceptions::ApiError;
use crate::request::Request;
use crate::serializers::pipeline::column;
use crate::serializers::{ModelInfo, ModelMeta, RelationKind};

/// A row of some model, type-erased.
type AnyRow = Box<dyn Any + Send>;

/// The rows of one relation, each with the key of the instance it belongs to (`None`: no
/// related row).
type KeyedRows = Vec<(RelatedKey, Option<AnyRow>)>;

/// The joined SQL of a plan's statements, by backend, then by the SQL without the joins.
type JoinedSql = HashMap<Discriminant<DbBackend>, HashMap<String, Arc<str>>>;

/// A model's rows read out of a join, type-erased: what the plan of another model's view needs
/// to read this model when it names it only by a relation.
#[derive(Clone, Copy)]
struct JoinedModel {
    info: fn() -> &'static ModelInfo,
    /// The columns in sea-orm's select order (`Column::iter()`).
    columns: fn() -> Vec<&'static str>,
    reads_sqlite: fn() -> bool,
    from_sqlite: fn(&Row<'_>, usize, &str) -> rusqlite::Result<AnyRow>,
    /// `None` when the joined columns are `NULL` (no related row).
    from_result: fn(&QueryResult, &str) -> Result<Option<AnyRow>, DbErr>,
    /// The rows of one relation as the prefetch cache stores them ([`RelatedRows`]), with that
    /// type's id.
    collect: fn(KeyedRows) -> (TypeId, Arc<dyn Any + Send + Sync>),
}

/// The models that can be joined, by table.
static MODELS: RwLock<Vec<(&'static str, JoinedModel)>> = RwLock::new(Vec::new());

type EntityOf<M> = <M as ModelTrait>::Entity;

/// Lets model `M` (of table `table`) be joined by a `select_related`. `#[derive(ModelMeta)]`
/// calls it from `ModelMeta::info`.
pub(crate) fn register<M>(table: &'static str)
where
    M: ModelMeta + FromQueryResult + Clone,
    EntityOf<M>: EntityTrait<Model = M>,
{
    fn columns<M: ModelTrait>() -> Vec<&'static str> {
        <<EntityOf<M> as EntityTrait>::Column as Iterable>::iter().map(|c| sea_orm::IdenStatic::as_str(&c)).collect()
    }
    fn from_sqlite<M: ModelMeta>(row: &Row<'_>, first: usize, prefix: &str) -> rusqlite::Result<AnyRow> {
        M::from_sqlite_columns(row, first, prefix).map(|model| Box::new(model) as AnyRow)
    }
    fn from_result<M: ModelMeta + FromQueryResult>(
        result: &QueryResult,
        prefix: &str,
    ) -> Result<Option<AnyRow>, DbErr> {
        match M::from_query_result_nullable(result, prefix) {
            Ok(model) => Ok(Some(Box::new(model))),
            Err(TryGetError::Null(_)) => Ok(None),
            Err(TryGetError::DbErr(error)) => Err(error),
        }
    }
    fn collect<M: Clone + Send + Sync + 'static>(rows: KeyedRows) -> (TypeId, Arc<dyn Any + Send + Sync>) {
        let mut by_key = foldhash::HashMap::<RelatedKey, Vec<M>>::default();
        for (key, row) in rows {
            let slot = by_key.entry(key).or_default();
            // A to-one relation: the first row of a key is its row (a page repeats it).
            if let Some(model) = row.and_then(|row| row.downcast::<M>().ok()).filter(|_| slot.is_empty()) {
                slot.push(*model);
            }
        }
        (TypeId::of::<RelatedRows<M>>(), Arc::new(RelatedRows::from_map(by_key)))
    }
    let joined = JoinedModel {
        info: M::info,
        columns: columns::<M>,
        reads_sqlite: M::reads_sqlite,
        from_sqlite: from_sqlite::<M>,
        from_result: from_result::<M>,
        collect: collect::<M>,
    };
    let mut models = MODELS.write().unwrap_or_else(PoisonError::into_inner);
    if !models.iter().any(|(name, _)| *name == table) {
        models.push((table, joined));
    }
}

fn joined_model(table: &str) -> Option<JoinedModel> {
    let models = MODELS.read().unwrap_or_else(PoisonError::into_inner);
    models.iter().find(|(name, _)| *name == table).map(|(_, model)| *model)
}

/// Records the view's `select_related` (`names`, relations of the model `info`) on the
/// request, checked as Django checks it when the queryset runs: a name that is not a forward
/// foreign key is an error (a 500, Django's `FieldError`).
pub(crate) fn set_plan(request: &Request, info: &'static ModelInfo, names: &[&str]) -> Result<(), ApiError> {
    let choices = || {
        let forward: Vec<&str> = info
            .relations
            .iter()
            .filter(|r| matches!(r.kind, RelationKind::ForeignKey { .. }))
            .map(|r| r.name)
            .collect();
        if forward.is_empty() { "(none)".to_owned() } else { forward.join(", ") }
    };
    let mut relations = Vec::with_capacity(names.len());
    let mut invalid = Vec::new();
    for name in names {
        match info.relation(name) {
            Some(relation) if matches!(relation.kind, RelationKind::ForeignKey { .. }) => relations.push(relation.name),
            None if info.field(name).is_some() => {
                return Err(ApiError::internal(format!(
                    "Non-relational field given in select_related: '{name}'. Choices are: {}",
                    choices()
                )));
            }
            _ => invalid.push(format!("'{name}'")),
        }
    }
    if !invalid.is_empty() {
        return Err(ApiError::internal(format!(
            "Invalid field name(s) given in select_related: {}. Choices are: {}",
            invalid.join(", "),
            choices()
        )));
    }
    request.preloads().with(|slot| slot.plan = (!relations.is_empty()).then_some((info.table, relations)));
    Ok(())
}

/// The rows of type `R` the request's join left for relation `name` of the model of `table`,
/// taken (a second prefetch of the same relation loads again).
pub(crate) fn take<R: Send + Sync + 'static>(
    request: &Request,
    table: &'static str,
    name: &'static str,
) -> Option<Arc<R>> {
    request.preloads().with(|slot| {
        let at = slot.rows.iter().position(|(key, _)| *key == (TypeId::of::<R>(), table, name))?;
        slot.rows.swap_remove(at).1.downcast::<R>().ok()
    })
}

/// How many resolved plans a thread keeps, and how many statements' joined SQL a plan keeps.
const PLANS_PER_THREAD: usize = 32;
const STATEMENTS_PER_PLAN: usize = 256;

/// A view's table, its `select_related` and the plan resolved from them (`None`: not joinable).
type ResolvedPlan = (&'static str, Vec<&'static str>, Option<Arc<Joins>>);

thread_local! {
    /// The plans [`joins_for`] resolved: a thread serves few views, each the same plan.
    static PLANS: RefCell<Vec<ResolvedPlan>> = const { RefCell::new(Vec::new()) };
}

/// One relation of a plan, resolved.
struct Join {
    name: &'static str,
    /// The foreign key column on the view's table, and the column it references.
    column: &'static str,
    target_table: &'static str,
    target_column: &'static str,
    model: JoinedModel,
    columns: Vec<&'static str>,
    /// The place of `target_column` among `columns` (`NULL` there: no related row).
    key_at: usize,
    /// The table alias and the prefix of the joined columns' names (`author__`).
    prefix: String,
}

/// The request's plan for entity `E`, resolved; `None` without one, for another table's rows,
/// or when a related model cannot be joined (the prefetch then loads it).
pub(crate) fn joins_for<E: EntityTrait>(request: Option<&Request>) -> Option<Arc<Joins>> {
    let table = E::default().table_name();
    request?.preloads().with(|slot| {
        let (_, names) = slot.plan.as_ref().filter(|(planned, _)| *planned == table)?;
        PLANS.with(|plans| {
            if let Some((_, _, joins)) = plans.borrow().iter().find(|(t, n, _)| *t == table && n == names) {
                return joins.clone();
            }
            let joins = resolve(table, names).map(Arc::new);
            let mut plans = plans.borrow_mut();
            if plans.len() >= PLANS_PER_THREAD {
                plans.clear();
            }
            plans.push((table, names.clone(), joins.clone()));
            joins
        })
    })
}

/// The joins of relations `names` of the model of `table`.
fn resolve(table: &'static str, names: &[&'static str]) -> Option<Joins> {
    let info = (joined_model(table)?.info)();
    let joins = names
        .iter()
        .map(|&name| {
            let relation = info.relation(name)?;
            let RelationKind::ForeignKey { column, target_column } = relation.kind else { return None };
            let target = (relation.related)();
            let model = joined_model(target.table)?;
            let columns = (model.columns)();
            let key_at = columns.iter().position(|c| *c == target_column)?;
            let prefix = format!("{name}__");
            Some(Join { name, column, target_table: target.table, target_column, model, columns, key_at, prefix })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Joins { table, joins, sql: Mutex::default() })
}

/// A resolved plan: the joins of one view's rows.
pub(crate) struct Joins {
    table: &'static str,
    joins: Vec<Join>,
    /// The joined SQL of [`Joins::joined_statement`].
    sql: Mutex<JoinedSql>,
}

/// The joined parts of one row, per join: the related row; `None` when there is none, or when
/// an earlier row of the statement carried it.
type JoinedRow = Vec<Option<AnyRow>>;

impl Joins {
    /// `select` with each relation's row `LEFT JOIN`ed and its columns selected last, each
    /// named by the join's prefix.
    fn apply<E: EntityTrait>(&self, mut select: Select<E>) -> Select<E> {
        let query = QueryTrait::query(&mut select);
        for join in &self.joins {
            let alias = Alias::new(join.prefix.as_str());
            let on = Expr::col((alias.clone(), Alias::new(join.target_column)))
                .equals((Alias::new(self.table), Alias::new(join.column)));
            query.join_as(JoinType::LeftJoin, Alias::new(join.target_table), alias.clone(), on);
            for column in &join.columns {
                query.expr_as(
                    Expr::col((alias.clone(), Alias::new(*column))),
                    Alias::new(format!("{}{column}", join.prefix)),
                );
            }
        }
        select
    }

    /// `select` with the joins, built for `backend`. sea-query writes the joined columns'
    /// SQL in several times the instructions of the statement itself, so the SQL is built once
    /// per thread for each plan and SQL of `select` (the joins bind nothing: the values are
    /// `select`'s).
    fn joined_statement<E: EntityTrait>(&self, select: Select<E>, backend: DbBackend) -> Statement {
        let base = select.build(backend);
        let cached = self.with_sql(|sql| sql.get(&discriminant(&backend))?.get(base.sql.as_str()).cloned());
        if let Some(sql) = cached {
            return Statement { sql: String::from(&*sql), ..base };
        }
        let joined = self.apply(select).build(backend);
        if joined.values != base.values {
            return joined;
        }
        self.with_sql(|sql| {
            let by_sql = sql.entry(discriminant(&backend)).or_default();
            if by_sql.len() >= STATEMENTS_PER_PLAN {
                by_sql.clear();
            }
            by_sql.insert(base.sql, joined.sql.as_str().into());
        });
        joined
    }

    fn with_sql<R>(&self, f: impl FnOnce(&mut JoinedSql) -> R) -> R {
        // A panic while the lock was held cannot leave a half-written map: each write is one call.
        f(&mut self.sql.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// How many columns the joins add.
    fn width(&self) -> usize {
        self.joins.iter().map(|join| join.columns.len()).sum()
    }

    /// The rows of `select` (`LIMIT limit OFFSET offset` when given) with the related rows of
    /// every join, which are left on `request` for the serializer's prefetch.
    pub(crate) async fn read<E: EntityTrait>(
        &self,
        select: Select<E>,
        limit_offset: Option<(u64, u64)>,
        db: &DatabaseConnection,
        request: &Request,
    ) -> Result<Vec<E::Model>, ApiError> {
        let backend = db.get_database_backend();
        let mut statement = self.joined_statement(select, backend);
        if let (DbBackend::Sqlite, Some((limit, offset))) = (backend, limit_offset) {
            statement = crate::sqlite::rows::inline_limit_offset(&statement, limit, offset).unwrap_or(statement);
        }
        let rows = match self.read_sqlite::<E>(db, &statement) {
            Some(rows) => rows,
            None => self.read_results::<E>(db, statement).await?,
        };
        let foreign_keys = self.joins.iter().map(|join| column::<E>(join.column)).collect::<Result<Vec<_>, _>>()?;
        let mut models = Vec::with_capacity(rows.len());
        let mut per_join: Vec<KeyedRows> = self.joins.iter().map(|_| Vec::with_capacity(rows.len())).collect();
        for (model, joined) in rows {
            for ((foreign_key, related), out) in foreign_keys.iter().zip(joined).zip(&mut per_join) {
                if let Some(key) = RelatedKey::of(&model.get(*foreign_key)) {
                    out.push((key, related));
                }
            }
            models.push(model);
        }
        request.preloads().with(|slot| {
            for (join, rows) in self.joins.iter().zip(per_join) {
                let (type_id, rows) = (join.model.collect)(rows);
                let key = (type_id, self.table, join.name);
                slot.rows.retain(|(held, _)| *held != key);
                slot.rows.push((key, rows));
            }
        });
        Ok(models)
    }

    /// The rows read on the calling thread from an SQLite file ([`crate::sqlite::rows`]);
    /// `None` when that path cannot answer.
    fn read_sqlite<E: EntityTrait>(
        &self,
        db: &DatabaseConnection,
        statement: &Statement,
    ) -> Option<Vec<(E::Model, JoinedRow)>> {
        let read_parent = crate::sqlite::rows::registered::<E::Model>()?;
        if !self.joins.iter().all(|join| (join.model.reads_sqlite)()) {
            return None;
        }
        let width = self.width();
        let values = statement.values.as_ref().map_or(&[][..], |values| &values.0[..]);
        // A related row repeats on every object pointing at it: each is read once per statement.
        let mut seen: Vec<HashSet<RelatedKey>> = self.joins.iter().map(|_| HashSet::default()).collect();
        let rows = crate::sqlite::rows::read_sql(db, &statement.sql, values, |row| {
            let parent = read_parent(row)?;
            let mut first = row.as_ref().column_count().checked_sub(width).ok_or(rusqlite::Error::InvalidQuery)?;
            let mut joined = Vec::with_capacity(self.joins.len());
            for (join, seen) in self.joins.iter().zip(&mut seen) {
                // A null key has no related row; a key of another type is read every time.
                let read = match row.get_ref(first + join.key_at)? {
                    ValueRef::Null => false,
                    value => RelatedKey::of_sqlite(value).is_none_or(|key| seen.insert(key)),
                };
                joined.push(if read { Some((join.model.from_sqlite)(row, first, &join.prefix)?) } else { None });
                first += join.columns.len();
            }
            Ok((parent, joined))
        })?;
        rows.into_iter()
            .map(|(parent, joined)| parent.downcast::<E::Model>().ok().map(|parent| (*parent, joined)))
            .collect()
    }

    /// The rows through sea-orm (PostgreSQL, in-memory SQLite, or what the SQLite path left).
    async fn read_results<E: EntityTrait>(
        &self,
        db: &DatabaseConnection,
        statement: Statement,
    ) -> Result<Vec<(E::Model, JoinedRow)>, ApiError> {
        let mut rows = Vec::new();
        for result in db.query_all_raw(statement).await? {
            let model = E::Model::from_query_result(&result, "")?;
            let joined = self
                .joins
                .iter()
                .map(|join| (join.model.from_result)(&result, &join.prefix))
                .collect::<Result<_, _>>()?;
            rows.push((model, joined));
        }
        Ok(rows)
    }
}
