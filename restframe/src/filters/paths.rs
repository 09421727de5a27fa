//! Django's lookup paths (`author__name`, `genres__name__iexact`) resolved against
//! [`ModelInfo`]: the joins a path needs and the column it ends on.

use crate::exceptions::ApiError;
use crate::serializers::{ModelInfo, ModelRelation, RelationKind};

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

    /// Follows `parts` from `info`: relations are joined, the first concrete field (or `pk`)
    /// ends the path. A trailing foreign key is its own column (Django orders and compares
    /// `author` by `author_id`); a trailing to-many relation is the related primary key.
    pub(crate) fn resolve<'p>(
        &mut self,
        info: &'static ModelInfo,
        parts: &'p [&'p str],
    ) -> Result<Resolved<'p>, ApiError> {
        let mut alias = self.base.clone();
        let mut model = info;
        let mut key = String::new();
        for (i, part) in parts.iter().enumerate() {
            let rest = &parts[i + 1..];
            if let Some((relation, target)) = model.follow(part) {
                if let (RelationKind::ForeignKey { column, .. }, true) = (relation.kind, is_lookup_or_end(rest, target))
                {
                    return Ok(Resolved { alias, column, rest });
                }
                key.push_str("__");
                key.push_str(part);
                alias = self.join(&key, &alias, model, relation, target);
                model = target;
                if is_lookup_or_end(rest, target) {
                    return Ok(Resolved { alias, column: target.pk_column, rest });
                }
                continue;
            }
            let column = if *part == "pk" { Some(model.pk_column) } else { model.field(part).map(|f| f.column) };
            return match column {
                Some(column) => Ok(Resolved { alias, column, rest }),
                None => Err(field_error(part, model)),
            };
        }
        Err(ApiError::internal("restframe: an empty lookup path"))
    }

    /// The alias of the model at relation path `key`, joining it when first seen.
    fn join(
        &mut self,
        key: &str,
        from: &str,
        model: &ModelInfo,
        relation: &ModelRelation,
        target: &'static ModelInfo,
    ) -> String {
        if let Some((_, alias)) = self.seen.iter().find(|(k, _)| k == key) {
            return alias.clone();
        }
        let alias = format!("{}{}", self.alias_prefix, self.joins.len() + 1);
        let (from, model_pk) = (quote(from), quote(model.pk_column));
        match relation.kind {
            RelationKind::ForeignKey { column, target_column } => self.joins.push(Join {
                table: target.table,
                on: format!("{from}.{} = {}.{}", quote(column), quote(&alias), quote(target_column)),
                alias: alias.clone(),
            }),
            RelationKind::ReverseForeignKey { column } => self.joins.push(Join {
                table: target.table,
                on: format!("{from}.{model_pk} = {}.{}", quote(&alias), quote(column)),
                alias: alias.clone(),
            }),
            RelationKind::ManyToMany { through, source_column, target_column } => {
                let through_alias = format!("{alias}t");
                self.joins.push(Join {
                    table: through,
                    on: format!("{from}.{model_pk} = {}.{}", quote(&through_alias), quote(source_column)),
                    alias: through_alias.clone(),
                });
                self.joins.push(Join {
                    table: target.table,
                    on: format!(
                        "{}.{} = {}.{}",
                        quote(&through_alias),
                        quote(target_column),
                        quote(&alias),
                        quote(target.pk_column)
                    ),
                    alias: alias.clone(),
                });
            }
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
