//! Turning a filter's model path and cleaned value into SQL, as Django's lookups do: the path
//! is resolved through [`ModelInfo`], each relation crossed is joined as Django joins it, and
//! case-insensitive lookups use each backend's SQL (`LIKE ... ESCAPE '\'` on SQLite,
//! `UPPER(...) LIKE UPPER(...)` on PostgreSQL).

use sea_orm::DbBackend;
use sea_orm::sea_query::{Alias, BinOper, Expr, ExprTrait, Func, JoinType, LikeExpr, SelectStatement};

use crate::filters::escape_like;
use crate::serializers::{ModelField, ModelInfo, ModelRelation, RelationKind};

use super::filters::LookupExpr;

/// Where a filter's path ends.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Leaf {
    /// A concrete field of the last model reached.
    Field(&'static ModelField),
    /// A forward foreign key of the last model reached (filtering on the related key).
    ForeignKey {
        /// The column on the last model (`author_id`).
        column: &'static str,
        /// The related model.
        target: &'static ModelInfo,
        /// The referenced column (`id`).
        target_column: &'static str,
    },
    /// A to-many relation (many-to-many or reverse foreign key), crossed: the related model's
    /// primary key (django-filter's `ModelMultipleChoiceFilter`).
    ToMany(&'static ModelField),
}

/// A filter's path resolved: the relations crossed (each with the model it leaves) and the
/// leaf on the last model.
#[derive(Debug)]
pub(crate) struct Path {
    pub(crate) hops: Vec<(&'static ModelInfo, &'static ModelRelation)>,
    pub(crate) model: &'static ModelInfo,
    pub(crate) leaf: Leaf,
}

/// Resolves `genres__slug` from `root`; `None` when a step names no field or relation.
pub(crate) fn resolve(root: &'static ModelInfo, path: &str) -> Option<Path> {
    let mut hops = Vec::new();
    let mut model = root;
    let mut steps = path.split("__").peekable();
    while let Some(step) = steps.next() {
        if steps.peek().is_none() {
            if let Some(field) = model.field(step) {
                return Some(Path { hops, model, leaf: Leaf::Field(field) });
            }
            let (relation, target) = model.follow(step)?;
            let RelationKind::ForeignKey { column, target_column } = relation.kind else {
                let pk = target.fields.iter().find(|field| field.column == target.pk_column)?;
                hops.push((model, relation));
                return Some(Path { hops, model: target, leaf: Leaf::ToMany(pk) });
            };
            return Some(Path { hops, model, leaf: Leaf::ForeignKey { column, target, target_column } });
        }
        let (relation, target) = model.follow(step)?;
        hops.push((model, relation));
        model = target;
    }
    None
}

impl Path {
    /// The leaf's column.
    fn leaf_column(&self) -> &'static str {
        match self.leaf {
            Leaf::Field(field) | Leaf::ToMany(field) => field.column,
            Leaf::ForeignKey { column, .. } => column,
        }
    }

    /// Adds `condition(leaf column)` to `query`, joining every relation crossed as Django's
    /// `filter()` does: a fresh set of joins per filter (aliases start with `prefix`), so a
    /// to-many relation repeats a row once per matching related row, as django-filter's
    /// results do without `distinct`. `outer` makes the joins `LEFT OUTER` (Django promotes
    /// them for `isnull=True`).
    pub(crate) fn filter(
        &self,
        query: &mut SelectStatement,
        prefix: &str,
        outer: bool,
        condition: impl FnOnce(Expr) -> Expr,
    ) {
        let join_type = if outer { JoinType::LeftJoin } else { JoinType::InnerJoin };
        let mut current = self.hops.first().map_or(self.model.table, |(model, _)| model.table).to_owned();
        for (depth, (from, relation)) in self.hops.iter().enumerate() {
            let target = (relation.related)();
            let alias = format!("{prefix}t{}", depth + 1);
            let on = |alias: &str, alias_column: &str, outer_table: &str, outer_column: &str| {
                column(alias, alias_column).equals((Alias::new(outer_table), Alias::new(outer_column)))
            };
            let condition = match relation.kind {
                RelationKind::ForeignKey { column: fk, target_column } => on(&alias, target_column, &current, fk),
                RelationKind::ReverseForeignKey { column: fk } => on(&alias, fk, &current, from.pk_column),
                RelationKind::ManyToMany { through, source_column, target_column } => {
                    let join = format!("{prefix}j{}", depth + 1);
                    let through_on = on(&join, source_column, &current, from.pk_column);
                    query.join_as(join_type, Alias::new(through), Alias::new(join.as_str()), through_on);
                    on(&alias, target.pk_column, &join, target_column)
                }
            };
            query.join_as(join_type, Alias::new(target.table), Alias::new(alias.as_str()), condition);
            current = alias;
        }
        query.and_where(condition(column(&current, self.leaf_column())));
    }
}

fn column(table: &str, column: &str) -> Expr {
    Expr::col((Alias::new(table), Alias::new(column)))
}

/// A text lookup (`iexact`, `contains`, `icontains`, `startswith`, ...) as Django's backend
/// operators write it: SQLite's `LIKE` (case-insensitive for ASCII only, for `contains` too),
/// PostgreSQL's `LIKE` on the text cast, with `UPPER` on both sides when case-insensitive.
pub(crate) fn text_lookup(backend: DbBackend, column: Expr, lookup: LookupExpr, value: &str) -> Expr {
    let escaped = escape_like(value);
    let pattern = match lookup {
        LookupExpr::Contains | LookupExpr::IContains => format!("%{escaped}%"),
        LookupExpr::StartsWith | LookupExpr::IStartsWith => format!("{escaped}%"),
        LookupExpr::EndsWith | LookupExpr::IEndsWith => format!("%{escaped}"),
        _ => escaped,
    };
    let insensitive =
        matches!(lookup, LookupExpr::IExact | LookupExpr::IContains | LookupExpr::IStartsWith | LookupExpr::IEndsWith);
    match backend {
        DbBackend::Postgres if insensitive && lookup == LookupExpr::IExact => {
            Expr::expr(Func::upper(column.cast_as("text"))).eq(Func::upper(Expr::val(value)))
        }
        DbBackend::Postgres if insensitive => {
            Expr::expr(Func::upper(column.cast_as("text"))).binary(BinOper::Like, Func::upper(Expr::val(pattern)))
        }
        DbBackend::Postgres => column.cast_as("text").like(LikeExpr::new(pattern)),
        _ => column.like(LikeExpr::new(pattern).escape('\\')),
    }
}
