//! Django's lookup paths (`author__name`, `genres__name__iexact`) resolved against
//! [`ModelInfo`]: the relations a path crosses, the field it ends on, and the joins those
//! relations need. [`resolve`] is the one walk; [`Joins`] joins the relations of several paths
//! once each (SearchFilter and OrderingFilter, as one Django `filter()` or `order_by()` call),
//! [`Path::join_fresh`] joins one path on its own (django-filter: a fresh set of joins per
//! filter, as chained `filter()` calls).

use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, SelectStatement};

use crate::exceptions::ApiError;
use crate::serializers::{ModelField, ModelInfo, ModelRelation, RelationKind};

/// Where a path ends on the last model it reaches.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Leaf {
    /// A concrete field (or `pk`).
    Field(&'static ModelField),
    /// A forward foreign key, not crossed: its own column (Django compares and orders `author`
    /// by `author_id`).
    ForeignKey {
        /// The column on the model (`author_id`).
        column: &'static str,
        /// The related model.
        target: &'static ModelInfo,
        /// The referenced column (`id`).
        target_column: &'static str,
    },
    /// A to-many relation (many-to-many or reverse foreign key), crossed: the related model's
    /// primary key.
    ToMany(&'static ModelField),
}

/// A path resolved: the relations crossed (each with the model it leaves), the model the leaf
/// is on, the leaf, and how many of the path's parts that took (the rest is a lookup).
#[derive(Debug)]
pub(crate) struct Path {
    pub(crate) hops: Vec<(&'static ModelInfo, &'static ModelRelation)>,
    pub(crate) model: &'static ModelInfo,
    pub(crate) leaf: Leaf,
    pub(crate) consumed: usize,
}

/// Follows `parts` from `root`: relations are crossed, the first concrete field (or `pk`) ends
/// the path; a trailing foreign key is its own column, a trailing to-many relation the related
/// primary key. A name the model does not have is Django's `FieldError` (a 500).
pub(crate) fn resolve(root: &'static ModelInfo, parts: &[&str]) -> Result<Path, ApiError> {
    let mut hops = Vec::new();
    let mut model = root;
    for (i, part) in parts.iter().enumerate() {
        let rest = &parts[i + 1..];
        let consumed = i + 1;
        if let Some((relation, target)) = model.follow(part) {
            if let (RelationKind::ForeignKey { column, target_column }, true) =
                (relation.kind, is_lookup_or_end(rest, target))
            {
                return Ok(Path { hops, model, leaf: Leaf::ForeignKey { column, target, target_column }, consumed });
            }
            hops.push((model, relation));
            model = target;
            if is_lookup_or_end(rest, target) {
                let pk = pk_field(target).ok_or_else(|| field_error("pk", target))?;
                return Ok(Path { hops, model, leaf: Leaf::ToMany(pk), consumed });
            }
            continue;
        }
        let field = if *part == "pk" { pk_field(model) } else { model.field(part) };
        return match field {
            Some(field) => Ok(Path { hops, model, leaf: Leaf::Field(field), consumed }),
            None => Err(field_error(part, model)),
        };
    }
    Err(ApiError::internal("restframe: an empty lookup path"))
}

impl Path {
    /// The leaf's column, on the last model reached.
    pub(crate) fn column(&self) -> &'static str {
        match self.leaf {
            Leaf::Field(field) | Leaf::ToMany(field) => field.column,
            Leaf::ForeignKey { column, .. } => column,
        }
    }

    /// Joins every relation crossed into `query`, as Django's `filter()` does: a fresh set of
    /// joins per call (aliases start with `prefix`), so a to-many relation repeats a row once
    /// per matching related row. `outer` makes them `LEFT OUTER` (Django promotes the joins
    /// of `isnull=True`). The leaf's table alias is returned.
    pub(crate) fn join_fresh(&self, query: &mut SelectStatement, prefix: &str, outer: bool) -> String {
        let join_type = if outer { JoinType::LeftJoin } else { JoinType::InnerJoin };
        let mut current = self.hops.first().map_or(self.model.table, |(model, _)| model.table).to_owned();
        for (depth, (from, relation)) in self.hops.iter().enumerate() {
            let alias = format!("{prefix}t{}", depth + 1);
            for step in hop_joins(&current, from, relation, &alias) {
                let ((left, left_column), (right, right_column)) = step.on;
                let on = Expr::col((Alias::new(left), Alias::new(left_column)))
                    .equals((Alias::new(right), Alias::new(right_column)));
                query.join_as(join_type, Alias::new(step.table), Alias::new(step.alias), on);
            }
            current = alias;
        }
        current
    }
}

/// One join a relation needs: `table AS alias ON left.column = right.column`.
struct JoinStep {
    table: &'static str,
    alias: String,
    on: ((String, &'static str), (String, &'static str)),
}

/// The joins crossing `relation` from the model `from` (aliased `from_alias`) to its target
/// (aliased `alias`); a many-to-many relation goes through its table, aliased `<alias>t`.
fn hop_joins(from_alias: &str, from: &ModelInfo, relation: &ModelRelation, alias: &str) -> Vec<JoinStep> {
    let target = (relation.related)();
    let step = |table, alias: &str, left: (&str, &'static str), right: (&str, &'static str)| JoinStep {
        table,
        alias: alias.to_owned(),
        on: ((left.0.to_owned(), left.1), (right.0.to_owned(), right.1)),
    };
    match relation.kind {
        RelationKind::ForeignKey { column, target_column } => {
            vec![step(target.table, alias, (from_alias, column), (alias, target_column))]
        }
        RelationKind::ReverseForeignKey { column } => {
            vec![step(target.table, alias, (from_alias, from.pk_column), (alias, column))]
        }
        RelationKind::ManyToMany { through, source_column, target_column } => {
            let through_alias = format!("{alias}t");
            vec![
                step(through, &through_alias, (from_alias, from.pk_column), (&through_alias, source_column)),
                step(target.table, alias, (&through_alias, target_column), (alias, target.pk_column)),
            ]
        }
    }
}

fn pk_field(model: &ModelInfo) -> Option<&'static ModelField> {
    model.fields.iter().find(|field| field.column == model.pk_column)
}

/// One `LEFT OUTER JOIN "table" "alias" ON (<on>)`.
#[derive(Debug)]
pub(crate) struct Join {
    pub(crate) table: &'static str,
    pub(crate) alias: String,
    pub(crate) on: String,
}

/// The joins of every path resolved so far, from one base table alias. As in one Django
/// `filter()` call, paths through the same relation share its join (so `genres__name` terms
/// must all match one genre).
#[derive(Debug)]
pub(crate) struct Joins {
    base: String,
    alias_prefix: &'static str,
    /// (relation path, alias of the model it leads to)
    seen: Vec<(String, String)>,
    pub(crate) joins: Vec<Join>,
    /// A path crossed a to-many relation (DRF's `must_call_distinct`).
    pub(crate) to_many: bool,
}

/// Where a path ends: a column under a table alias, and the path's remaining parts (a lookup).
#[derive(Debug)]
pub(crate) struct Resolved<'p> {
    pub(crate) alias: String,
    pub(crate) column: &'static str,
    pub(crate) rest: &'p [&'p str],
}

impl Resolved<'_> {
    /// `"alias"."column"`.
    pub(crate) fn sql(&self) -> String {
        format!("{}.{}", quote(&self.alias), quote(self.column))
    }
}

impl Joins {
    /// Joins from `base` (a table name or alias); new aliases are `<alias_prefix><n>`.
    pub(crate) fn new(base: impl Into<String>, alias_prefix: &'static str) -> Self {
        Self { base: base.into(), alias_prefix, seen: Vec::new(), joins: Vec::new(), to_many: false }
    }

    /// [`resolve`]s `parts` from `info`, joining each relation crossed unless an earlier path
    /// joined it.
    pub(crate) fn resolve<'p>(
        &mut self,
        info: &'static ModelInfo,
        parts: &'p [&'p str],
    ) -> Result<Resolved<'p>, ApiError> {
        let path = resolve(info, parts)?;
        let mut alias = self.base.clone();
        let mut key = String::new();
        for (from, relation) in &path.hops {
            key.push_str("__");
            key.push_str(relation.name);
            alias = self.join(&key, &alias, from, relation);
        }
        Ok(Resolved { alias, column: path.column(), rest: &parts[path.consumed..] })
    }

    /// The alias of the model at relation path `key`, joining it when first seen.
    fn join(&mut self, key: &str, from: &str, model: &ModelInfo, relation: &ModelRelation) -> String {
        if let Some((_, alias)) = self.seen.iter().find(|(k, _)| k == key) {
            return alias.clone();
        }
        let alias = format!("{}{}", self.alias_prefix, self.joins.len() + 1);
        for step in hop_joins(from, model, relation, &alias) {
            let ((left, left_column), (right, right_column)) = &step.on;
            let on = format!("{}.{} = {}.{}", quote(left), quote(left_column), quote(right), quote(right_column));
            self.joins.push(Join { table: step.table, alias: step.alias, on });
        }
        self.to_many |= relation.kind.is_to_many();
        self.seen.push((key.to_owned(), alias.clone()));
        alias
    }

    /// The joins as SQL, for a subquery.
    pub(crate) fn sql(&self) -> String {
        self.joins
            .iter()
            .map(|j| format!(" LEFT OUTER JOIN {} {} ON ({})", quote(j.table), quote(&j.alias), j.on))
            .collect()
    }
}

/// True when what follows a relation is not a path into the related model: nothing, or a lookup.
fn is_lookup_or_end(rest: &[&str], target: &ModelInfo) -> bool {
    match rest.first() {
        None => true,
        Some(next) => *next != "pk" && target.field(next).is_none() && target.relation(next).is_none(),
    }
}

/// Django's `FieldError` for a name the model does not have (a configuration error: a 500).
fn field_error(name: &str, model: &ModelInfo) -> ApiError {
    let mut choices: Vec<&str> =
        model.fields.iter().map(|f| f.name).chain(model.relations.iter().map(|r| r.name)).collect();
    choices.sort_unstable();
    ApiError::internal(format!("Cannot resolve keyword '{name}' into field. Choices are: {}", choices.join(", ")))
}

/// A double-quoted SQL identifier (SQLite and PostgreSQL). Names come from model metadata,
/// never from the request.
pub(crate) fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
