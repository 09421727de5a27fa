//! From model metadata to tables: the order Django's autodetector creates models in (a model
//! after the models its foreign keys point at), each model's columns, and the join table of
//! each many-to-many field.

use std::collections::HashSet;

use sea_orm::{DbBackend, DbErr};

use super::FieldType;
use super::editor::{Column, Editor, Table};
use crate::serializers::{ModelField, ModelInfo, RelationKind};

/// The statements creating the tables of `models` not in `existing`, and those tables' names.
pub(super) fn plan(
    backend: DbBackend,
    models: &[&'static ModelInfo],
    existing: &HashSet<String>,
) -> Result<(Vec<String>, Vec<&'static str>), DbErr> {
    if !matches!(backend, DbBackend::Sqlite | DbBackend::Postgres) {
        return Err(DbErr::Migration(format!("unsupported database backend {backend:?}")));
    }
    let ordered = dependency_order(models);
    let owners = join_table_owners(&ordered);
    let mut editor = Editor::new(backend);
    let mut created = Vec::new();
    for model in &ordered {
        let mut tables = vec![model_table(backend, model)?];
        for join in owners.iter().filter(|join| join.owner.table == model.table) {
            tables.push(join_table(backend, join)?);
        }
        for table in tables {
            if !existing.contains(table.name) {
                editor.create_model(&table);
                created.push(table.name);
            }
        }
    }
    Ok((editor.finish(), created))
}

/// `models` in the given order, except that a model comes after the models (of the list) its
/// foreign keys point at. A cycle keeps the given order: foreign keys are checked only at
/// commit (PostgreSQL adds them after every table; SQLite does not check at creation).
fn dependency_order(models: &[&'static ModelInfo]) -> Vec<&'static ModelInfo> {
    let mut placed: Vec<&'static ModelInfo> = Vec::with_capacity(models.len());
    let is_placed = |placed: &[&ModelInfo], table: &str| placed.iter().any(|m| m.table == table);
    while placed.len() < models.len() {
        let pending = || models.iter().copied().filter(|m| !is_placed(&placed, m.table));
        let ready = pending().find(|model| {
            model.relations.iter().all(|relation| match relation.kind {
                RelationKind::ForeignKey { .. } => {
                    let target = (relation.related)().table;
                    target == model.table || is_placed(&placed, target) || !models.iter().any(|m| m.table == target)
                }
                _ => true,
            })
        });
        let Some(next) = ready.or_else(|| pending().next()) else { break };
        placed.push(next);
    }
    placed
}

/// A many-to-many join table and the model that creates it.
#[derive(Clone, Copy)]
struct JoinTable {
    owner: &'static ModelInfo,
    through: &'static str,
    /// The column pointing at `owner`.
    source_column: &'static str,
    target_column: &'static str,
    related: &'static ModelInfo,
}

/// Django creates a join table with the model declaring the field, whose table prefixes the
/// join table's name (`library_book` for `library_book_genres`); when that model is not in the
/// list, the first model naming the join table creates it.
fn join_table_owners(models: &[&'static ModelInfo]) -> Vec<JoinTable> {
    let many_to_many = |model: &'static ModelInfo| {
        model.relations.iter().filter_map(move |relation| match relation.kind {
            RelationKind::ManyToMany { through, source_column, target_column } => {
                Some(JoinTable { owner: model, through, source_column, target_column, related: (relation.related)() })
            }
            _ => None,
        })
    };
    let declares =
        |model: &ModelInfo, through: &str| through.strip_prefix(model.table).is_some_and(|rest| rest.starts_with('_'));
    let mut owners: Vec<JoinTable> =
        models.iter().flat_map(|model| many_to_many(model)).filter(|join| declares(join.owner, join.through)).collect();
    for join in models.iter().flat_map(|model| many_to_many(model)) {
        if !owners.iter().any(|owned| owned.through == join.through) {
            owners.push(join);
        }
    }
    owners
}

fn pk_field(model: &ModelInfo) -> Result<&'static ModelField, DbErr> {
    model.fields.iter().find(|field| field.column == model.pk_column).ok_or_else(|| {
        DbErr::Migration(format!("{}: no field for the primary key column `{}`", model.table, model.pk_column))
    })
}

fn field_type(model: &ModelInfo, field: &ModelField) -> Result<FieldType, DbErr> {
    field.field_type.ok_or_else(|| {
        DbErr::Migration(format!(
            "{}.{}: no Django field type for this column's Rust type; give it a `#[sea_orm(column_type = ...)]`",
            model.table, field.column
        ))
    })
}

/// The column type of a key pointing at `column` of `target` (Django's `rel_db_type`).
fn rel_db_type(backend: DbBackend, target: &ModelInfo, column: &str) -> Result<Option<String>, DbErr> {
    match target.fields.iter().find(|field| field.column == column) {
        Some(field) => Ok(Some(field_type(target, field)?.rel_db_type(backend, field.max_length))),
        None => Ok(None),
    }
}

/// The fields of `model` in the order `makemigrations` writes them into `CreateModel`: the
/// plain fields in declaration order, then the foreign keys sorted by their Django name (the
/// autodetector adds related fields as `AddField`s in `sorted()` order, which the optimizer
/// folds into `CreateModel`). A foreign key that is the primary key keeps its place.
fn migration_order(model: &'static ModelInfo) -> Vec<&'static ModelField> {
    let relation_name = |field: &ModelField| {
        model.relations.iter().find_map(|relation| match relation.kind {
            RelationKind::ForeignKey { column, .. } if column == field.column && field.column != model.pk_column => {
                Some(relation.name)
            }
            _ => None,
        })
    };
    let mut plain: Vec<&'static ModelField> = Vec::with_capacity(model.fields.len());
    let mut related: Vec<(&str, &'static ModelField)> = Vec::new();
    for field in model.fields {
        match relation_name(field) {
            Some(name) => related.push((name, field)),
            None => plain.push(field),
        }
    }
    related.sort_by_key(|(name, _)| *name);
    plain.extend(related.into_iter().map(|(_, field)| field));
    plain
}

/// `table_sql` for a model: every concrete field in migration order ([`migration_order`]).
fn model_table(backend: DbBackend, model: &'static ModelInfo) -> Result<Table, DbErr> {
    let mut columns = Vec::with_capacity(model.fields.len());
    for field in migration_order(model) {
        let ty = field_type(model, field)?;
        let primary_key = field.column == model.pk_column;
        let references = model.relations.iter().find_map(|relation| match relation.kind {
            RelationKind::ForeignKey { column, target_column } if column == field.column => {
                Some(((relation.related)(), target_column))
            }
            _ => None,
        });
        let mut column = Column {
            name: field.column,
            db_type: ty.db_type(backend, field.max_length),
            null: field.nullable,
            primary_key,
            unique: field.unique && !primary_key,
            check: ty.check(backend, field.column),
            suffix: if primary_key { ty.suffix(backend) } else { None },
            references: None,
            db_index: field.db_index,
        };
        if let Some((target, target_column)) = references {
            // A `ForeignKey` column has the type of the key it points at, no check of its own,
            // and an index (`db_index=True` is its default).
            if let Some(db_type) = rel_db_type(backend, target, target_column)? {
                column.db_type = db_type;
            }
            column.check = None;
            column.references = Some((target.table, target_column));
            column.db_index = true;
        }
        columns.push(column);
    }
    Ok(Table { name: model.table, columns, unique_together: unique_together(model) })
}

/// The `unique_key` groups of `model`, in the order their first field is declared, each in
/// field order (Django's `Meta.unique_together`).
fn unique_together(model: &ModelInfo) -> Vec<Vec<&'static str>> {
    let mut groups: Vec<(&str, Vec<&'static str>)> = Vec::new();
    for field in model.fields {
        let Some(key) = field.unique_key else { continue };
        match groups.iter_mut().find(|(name, _)| *name == key) {
            Some((_, columns)) => columns.push(field.column),
            None => groups.push((key, vec![field.column])),
        }
    }
    groups.into_iter().map(|(_, columns)| columns).collect()
}

/// Django's auto-created through model (`create_many_to_many_intermediary_model`): `id`, a key
/// to each side, unique together. Its `id` is the declaring model's kind of auto field (Django
/// takes the app's `default_auto_field`, which the model's own `id` normally is too).
fn join_table(backend: DbBackend, join: &JoinTable) -> Result<Table, DbErr> {
    let id = match pk_field(join.owner)?.field_type {
        Some(ty) if ty.is_auto() => ty,
        _ => FieldType::BigAutoField,
    };
    let key = |name: &'static str, target: &'static ModelInfo| -> Result<Column, DbErr> {
        let pk = pk_field(target)?;
        Ok(Column {
            name,
            db_type: field_type(target, pk)?.rel_db_type(backend, pk.max_length),
            null: false,
            primary_key: false,
            unique: false,
            check: None,
            suffix: None,
            references: Some((target.table, target.pk_column)),
            db_index: true,
        })
    };
    let id = Column {
        name: "id",
        db_type: id.db_type(backend, None),
        null: false,
        primary_key: true,
        unique: false,
        check: None,
        suffix: id.suffix(backend),
        references: None,
        db_index: false,
    };
    Ok(Table {
        name: join.through,
        columns: vec![id, key(join.source_column, join.owner)?, key(join.target_column, join.related)?],
        unique_together: vec![vec![join.source_column, join.target_column]],
    })
}
