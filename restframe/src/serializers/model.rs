//! `ModelSerializer` support: model metadata ([`ModelMeta`], usually from
//! `#[derive(ModelMeta)]`), DRF's model-field → serializer-field mapping, and the default
//! `create` / `update` through sea-orm.
//!
//! Integer columns carry their database range, as Django's `IntegerField.validators` add
//! `MinValueValidator`/`MaxValueValidator` from `connection.ops.integer_field_range()` and DRF
//! turns them into `min_value`/`max_value`: a model serializer validates and describes (OPTIONS)
//! an integer field with the range of the database its context runs on ([`field_spec_on`]).
//! The Rust type names the Django field ([`IntegerKind`]): `i16`/`i32`/`i64` are
//! `SmallIntegerField`/`IntegerField`/`BigIntegerField`, `u16`/`u32`/`u64` or
//! `#[restframe(positive)]` on a signed type the `Positive*` fields. A bound given on the
//! serializer field (`#[field(max_value = 99)]`, DRF's `extra_kwargs`) wins; read-only fields get
//! none, as in DRF.

use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ActiveValue, DbErr, EntityTrait, IntoActiveModel, Iterable, ModelTrait,
    QueryTrait, SqlErr, Statement,
};

use super::{Context, Db};
use crate::exceptions::{ApiError, Detail, ErrorDetail};
use crate::fields::{FieldSpec, Kind, Limit};
use crate::serializers::pipeline::column;
use crate::sqlite::rows::SqliteModel;

/// A model-level string validator (Django's `field.validators`, e.g.
/// [`crate::auth::validators::validate_username`]).
pub type StrCheck = fn(&str) -> Result<(), ErrorDetail>;

/// What Django knows about one model field, as far as a `ModelSerializer` cares.
#[derive(Clone, Copy, Debug)]
pub struct ModelField {
    /// The Rust field (and default serializer field) name.
    pub name: &'static str,
    /// The database column name.
    pub column: &'static str,
    /// `primary_key`: rendered, never written.
    pub primary_key: bool,
    /// `editable=False` (or `auto_now`): read-only in serializers.
    pub editable: bool,
    /// `null=True`: `allow_null`, not required.
    pub nullable: bool,
    /// `blank=True`: `allow_blank` for strings, not required.
    pub blank: bool,
    /// The field has an explicit default (Python-side or database-side): not required.
    pub has_default: bool,
    /// `unique=True`: a `UniqueValidator` with [`ModelField::unique_message`].
    pub unique: bool,
    /// `max_length` (strings).
    pub max_length: Option<usize>,
    /// The string field class (`EmailField` for Django's `EmailField`, ...).
    pub kind: Kind,
    /// The labels of a [`Kind::Choice`] field's choices, one per value (empty: each value is
    /// its own label); see [`FieldSpec::choice_labels`].
    pub choice_labels: &'static [&'static str],
    /// Django's `error_messages['unique']`, already formatted
    /// (`thing with this name already exists.`).
    pub unique_message: &'static str,
    /// Django's model field validators on strings.
    pub validators: &'static [&'static dyn super::StrValidator],
    /// Django's `MinValueValidator` on the model field: DRF's `min_value`.
    pub min_value: Option<i64>,
    /// Django's `MaxValueValidator` on the model field: DRF's `max_value`.
    pub max_value: Option<i64>,
    /// The Python-side default applied on create when the value is absent (`""` for every
    /// non-null string, as Django's `get_default()`; `now` for `date_joined`, ...).
    pub default: Option<fn() -> sea_orm::Value>,
    /// The Django integer field class of an integer column, whose database range bounds it.
    pub integer: Option<IntegerKind>,
    /// Django's model field class (`get_internal_type()`), which decides the column type a
    /// migration creates ([`crate::db::schema`]); `None` when the Rust type names none.
    pub field_type: Option<super::field_class::FieldType>,
    /// `db_index=True` (a `SlugField`'s default): a migration adds an index on the column.
    pub db_index: bool,
    /// sea-orm's `unique_key = "..."`: the fields sharing the name are unique together
    /// (Django's `Meta.unique_together`, in declaration order).
    pub unique_key: Option<&'static str>,
    /// The foreign key this field is (`author`, stored in `author_id`): a model serializer
    /// makes it a `PrimaryKeyRelatedField` (see [`crate::relations`]).
    pub relation: Option<&'static super::ModelRelation>,
    /// DRF's label from `verbose_name` (`capfirst`), when the model gives one.
    pub label: Option<&'static str>,
    /// Django's `help_text`.
    pub help_text: Option<&'static str>,
    /// `#[restframe(secret)]`: a nested serializer (`depth`) never renders it (a password hash).
    pub secret: bool,
}

impl ModelField {
    /// spectacular's `_map_model_field` as a read-only source or path parameter shows it: the
    /// model field's type (a foreign key's as an integer key) and its `help_text` as description.
    pub(crate) fn openapi_schema(&self) -> serde_json::Value {
        use super::field_class::FieldType;
        use serde_json::json;
        let field = self;
        let integer = field.integer.is_some() || field.field_type.is_some_and(FieldType::is_auto);
        let mut schema = match (field.field_type, field.kind) {
            _ if integer || field.relation.is_some() => json!({"type": "integer"}),
            (Some(FieldType::UUIDField), _) => json!({"type": "string", "format": "uuid"}),
            (Some(FieldType::FloatField), _) => json!({"type": "number", "format": "double"}),
            (Some(FieldType::DecimalField { .. }), _) => json!({"type": "string", "format": "decimal"}),
            (Some(FieldType::BooleanField), _) => json!({"type": "boolean"}),
            (Some(FieldType::DateField), _) => json!({"type": "string", "format": "date"}),
            (Some(FieldType::DateTimeField), _) => json!({"type": "string", "format": "date-time"}),
            (Some(FieldType::TimeField), _) => json!({"type": "string", "format": "time"}),
            (_, Kind::Email) => json!({"type": "string", "format": "email"}),
            (_, Kind::Url) => json!({"type": "string", "format": "uri"}),
            _ => json!({"type": "string"}),
        };
        if let Some(help) = field.help_text.filter(|h| !h.is_empty()) {
            schema["description"] = json!(help);
        }
        schema
    }

    /// A required, editable, non-null field with Django's default unique message pieces.
    pub const fn new(name: &'static str, column: &'static str, unique_message: &'static str) -> Self {
        Self {
            name,
            column,
            primary_key: false,
            editable: true,
            nullable: false,
            blank: false,
            has_default: false,
            unique: false,
            max_length: None,
            kind: Kind::Char,
            choice_labels: &[],
            unique_message,
            validators: &[],
            min_value: None,
            max_value: None,
            default: None,
            integer: None,
            field_type: None,
            db_index: false,
            unique_key: None,
            relation: None,
            label: None,
            help_text: None,
            secret: false,
        }
    }
}

/// Django's integer model fields (`get_internal_type()`), which differ only in the range the
/// database column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntegerKind {
    /// `SmallIntegerField` (`i16`).
    SmallIntegerField,
    /// `IntegerField` (`i32`).
    IntegerField,
    /// `BigIntegerField` (`i64`).
    BigIntegerField,
    /// `PositiveSmallIntegerField` (`u16`, or `#[restframe(positive)] i16`).
    PositiveSmallIntegerField,
    /// `PositiveIntegerField` (`u32`, or `#[restframe(positive)] i32`).
    PositiveIntegerField,
    /// `PositiveBigIntegerField` (`u64`, or `#[restframe(positive)] i64`).
    PositiveBigIntegerField,
}

impl IntegerKind {
    /// Django's `connection.ops.integer_field_range(internal_type)` on `backend`: SQLite holds
    /// 64 bits in every integer column, PostgreSQL and MySQL the column type's width (MySQL's
    /// positive fields are unsigned columns).
    ///
    /// ```
    /// use restframe::serializers::IntegerKind;
    /// use sea_orm::DbBackend;
    ///
    /// assert_eq!(IntegerKind::IntegerField.range(DbBackend::Postgres), (-2147483648, 2147483647));
    /// assert_eq!(IntegerKind::IntegerField.range(DbBackend::Sqlite), (i64::MIN, i64::MAX));
    /// assert_eq!(IntegerKind::PositiveSmallIntegerField.range(DbBackend::Sqlite), (0, i64::MAX));
    /// assert_eq!(IntegerKind::PositiveSmallIntegerField.range(DbBackend::MySql), (0, 65535));
    /// ```
    pub const fn range(self, backend: sea_orm::DbBackend) -> (i64, i64) {
        use IntegerKind::*;
        use sea_orm::DatabaseBackend::{MySql, Sqlite};
        const SMALL: i64 = i16::MAX as i64;
        const INT: i64 = i32::MAX as i64;
        match (self, backend) {
            (PositiveSmallIntegerField | PositiveIntegerField | PositiveBigIntegerField, Sqlite) => (0, i64::MAX),
            (_, Sqlite) => (i64::MIN, i64::MAX),
            (PositiveSmallIntegerField, MySql) => (0, u16::MAX as i64),
            (PositiveIntegerField, MySql) => (0, u32::MAX as i64),
            // MySQL's `bigint unsigned` goes to 2**64 - 1, past what a `Limit::Int` (an `i64`)
            // holds: the bound given is 2**63 - 1 (README, "Differences from DRF").
            (PositiveBigIntegerField, MySql) => (0, i64::MAX),
            (SmallIntegerField, _) => (-SMALL - 1, SMALL),
            (IntegerField, _) => (-INT - 1, INT),
            (BigIntegerField, _) => (i64::MIN, i64::MAX),
            (PositiveSmallIntegerField, _) => (0, SMALL),
            (PositiveIntegerField, _) => (0, INT),
            (PositiveBigIntegerField, _) => (0, i64::MAX),
        }
    }
}

/// One model field as a serializer sees it: its metadata plus typed accessors on the model and
/// its `ActiveModel`, so generated code names the field once (`FIELDS.name`) and gets its type.
pub struct Column<M, A, T: Into<sea_orm::Value>> {
    /// Django's facts about the field.
    pub meta: ModelField,
    /// The field of a model instance.
    pub get: fn(&M) -> &T,
    /// The field of an `ActiveModel`.
    pub active: fn(&A) -> &ActiveValue<T>,
    /// Sets the field of an `ActiveModel`.
    pub set: fn(&mut A, ActiveValue<T>),
}

impl<M, A, T: Into<sea_orm::Value>> Clone for Column<M, A, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<M, A, T: Into<sea_orm::Value>> Copy for Column<M, A, T> {}

impl<M, A, T: Into<sea_orm::Value>> std::fmt::Debug for Column<M, A, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Column").field("meta", &self.meta).finish_non_exhaustive()
    }
}

/// Model metadata a `ModelSerializer` reads, implemented on a sea-orm `Model` by
/// `#[derive(ModelMeta)]`. `Fields` is a struct with one [`Column`] per model field, so a
/// misspelled field name in a serializer is a compile error suggesting the real one.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no model metadata for serializers",
    label = "not a model with `#[derive(ModelMeta)]`",
    note = "add `#[derive(restframe::ModelMeta)]` next to `DeriveEntityModel` on the sea-orm `Model`"
)]
pub trait ModelMeta: ModelTrait + crate::sqlite::rows::SqliteModel + Send + Sync + 'static {
    /// A struct with one [`Column`] member per model field.
    type Fields: 'static;
    /// The metadata by field name.
    const FIELDS: Self::Fields;
    /// The same metadata as a list, in declaration order.
    const ALL: &'static [ModelField];
    /// The primary key column (`id`): what a foreign key to this model references unless it
    /// names another column (Django's `to_field`).
    const PK_COLUMN: &'static str = "id";
    /// The model's relations (forward foreign keys, many-to-many fields, declared reverse
    /// relations); none unless the model declares them.
    const RELATIONS: &'static [super::ModelRelation] = &[];
    /// A struct with one typed [`Related`](crate::relations::Related) member per relation
    /// (`RELS.author`), for prefetching and rendering related rows.
    type Relations: 'static;
    /// The typed relations.
    const RELS: Self::Relations;
    /// The model's table, primary key, fields and relations as one value (what relation
    /// targets, filters and schema creation read).
    fn info() -> &'static super::ModelInfo;
}

/// Implemented by `#[derive(ModelSerializer)]`: which model the serializer is for.
pub trait ModelSerializer: super::Serializer<Instance = Self::Model> {
    /// The sea-orm model.
    type Model: ModelTrait;
}

/// DRF's `build_standard_field` + `get_field_kwargs`: the serializer field for a model field.
/// `name` is the serializer's field name (it differs from the column with `source`).
pub const fn field_spec(name: &'static str, field: &ModelField) -> FieldSpec {
    let read_only = field.primary_key || !field.editable;
    // A `DecimalField`'s digits (DRF drops Django's `DecimalValidator`: the serializer field
    // checks them itself, with its own messages).
    let (max_digits, decimal_places) = match field.field_type {
        Some(super::field_class::FieldType::DecimalField { max_digits, decimal_places }) => {
            (max_digits, decimal_places)
        }
        _ => (None, None),
    };
    // DRF's `build_standard_field` makes a field with choices a `ChoiceField`, without the
    // model field's `max_length`.
    let max_length = match field.kind {
        Kind::Choice(_) => None,
        _ => field.max_length,
    };
    FieldSpec {
        kind: field.kind,
        choice_labels: field.choice_labels,
        read_only,
        required: !(read_only || field.has_default || field.blank || field.nullable),
        allow_null: field.nullable,
        allow_blank: field.blank,
        max_length,
        min_value: match field.min_value {
            Some(v) => Some(Limit::Int(v)),
            None => None,
        },
        max_value: match field.max_value {
            Some(v) => Some(Limit::Int(v)),
            None => None,
        },
        max_digits,
        decimal_places,
        label: field.label,
        help_text: field.help_text,
        ..FieldSpec::new(name)
    }
}

/// The serializer field `spec` of model field `meta` as it validates on `backend`: an integer
/// column's database range ([`IntegerKind::range`]) fills `min_value`/`max_value` where the
/// serializer field gives none (DRF's `get_field_kwargs` with Django's range validators, then
/// `extra_kwargs` on top). Read-only fields, and every field when the backend is unknown (no
/// database in the context), stay as they are.
///
/// ```
/// use restframe::fields::{FieldSpec, Limit};
/// use restframe::serializers::{IntegerKind, ModelField, field_spec_on};
/// use sea_orm::DbBackend;
///
/// const NUMBER: ModelField =
///     ModelField { integer: Some(IntegerKind::IntegerField), ..ModelField::new("number", "number", "") };
/// const SPEC: FieldSpec = FieldSpec { max_value: Some(Limit::Int(99)), ..FieldSpec::new("number") };
/// let spec = field_spec_on(&SPEC, &NUMBER, Some(DbBackend::Postgres));
/// assert_eq!((spec.min_value, spec.max_value), (Some(Limit::Int(-2147483648)), Some(Limit::Int(99))));
/// assert_eq!(field_spec_on(&SPEC, &NUMBER, None).min_value, None);
/// ```
pub fn field_spec_on(spec: &FieldSpec, meta: &ModelField, backend: Option<sea_orm::DbBackend>) -> FieldSpec {
    let (Some(kind), Some(backend), false) = (meta.integer, backend, spec.read_only) else {
        return *spec;
    };
    let (min, max) = kind.range(backend);
    FieldSpec {
        min_value: spec.min_value.or(Some(Limit::Int(min))),
        max_value: spec.max_value.or(Some(Limit::Int(max))),
        ..*spec
    }
}

/// Typed reads of a model serializer's validated data (the model's `ActiveModel`), so hooks read
/// like DRF's `attrs["username"]` instead of matching on `ActiveValue`:
///
/// ```
/// use restframe::serializers::ValidatedValue;
/// use sea_orm::ActiveValue;
///
/// let username: ActiveValue<String> = ActiveValue::Set("alice".to_owned());
/// let email: ActiveValue<String> = ActiveValue::NotSet;
/// assert_eq!(username.value(), Some(&"alice".to_owned())); // attrs.get("username")
/// assert_eq!(username.text(), "alice");
/// assert_eq!(email.text(), ""); // absent: Django's blank default
/// assert_eq!(email.value_or_default(), String::new());
/// ```
pub trait ValidatedValue<T> {
    /// DRF's `attrs.get("field")`: the validated value, `None` when the field was not submitted.
    fn value(&self) -> Option<&T>;

    /// The validated value, or `T::default()` when the field was not submitted (`""` for a
    /// string, Django's default for a non-null `CharField`).
    fn value_or_default(self) -> T
    where
        T: Default;

    /// A string field's validated value, `""` when the field was not submitted.
    fn text(&self) -> &str
    where
        T: AsRef<str>;
}

impl<T: Into<sea_orm::Value>> ValidatedValue<T> for ActiveValue<T> {
    fn value(&self) -> Option<&T> {
        match self {
            ActiveValue::Set(value) | ActiveValue::Unchanged(value) => Some(value),
            ActiveValue::NotSet => None,
        }
    }

    fn value_or_default(self) -> T
    where
        T: Default,
    {
        match self {
            ActiveValue::Set(value) | ActiveValue::Unchanged(value) => value,
            ActiveValue::NotSet => T::default(),
        }
    }

    fn text(&self) -> &str
    where
        T: AsRef<str>,
    {
        self.value().map_or("", AsRef::as_ref)
    }
}

/// `ActiveValue::Set` for a validated value, `NotSet` when the field was absent.
pub fn set<T: Into<sea_orm::Value>>(value: Option<T>) -> ActiveValue<T> {
    match value {
        Some(v) => ActiveValue::Set(v),
        None => ActiveValue::NotSet,
    }
}

type EntityOf<M> = <M as ModelTrait>::Entity;
/// The `ActiveModel` of a model: a model serializer's validated data.
pub type ActiveOf<M> = <EntityOf<M> as EntityTrait>::ActiveModel;

/// The value a `unique_together` check uses: the submitted one, else the instance's.
pub fn together_value<T: Into<sea_orm::Value> + Clone>(
    submitted: &ActiveValue<T>,
    instance: Option<&T>,
) -> Option<sea_orm::Value> {
    match submitted {
        ActiveValue::Set(v) | ActiveValue::Unchanged(v) => Some(v.clone().into()),
        ActiveValue::NotSet => instance.map(|v| v.clone().into()),
    }
}

/// The serializer fields a database error can be mapped back to.
pub struct SaveFields<'a> {
    /// Every field of the model (for Django-side defaults).
    pub all: &'a [ModelField],
    /// `(serializer field spec, model field)` for every writable field.
    pub fields: &'a [(&'a FieldSpec, &'a ModelField)],
    /// The `unique_together` groups (field names).
    pub unique_together: &'a [&'a [&'a str]],
}

impl std::fmt::Debug for SaveFields<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SaveFields").field("unique_together", &self.unique_together).finish_non_exhaustive()
    }
}

/// `ModelSerializer.create`: fills Django-side defaults of absent fields, inserts the row. A
/// unique violation (a concurrent duplicate that passed the check) becomes the same 400.
///
/// On an SQLite file, outside an [`Atomic`](super::Atomic) block, the `INSERT` runs on the
/// database's writer thread ([`insert_on_writer`]).
pub async fn create<M>(mut data: ActiveOf<M>, ctx: &Context, fields: SaveFields<'_>) -> Result<M, ApiError>
where
    M: ModelTrait + IntoActiveModel<ActiveOf<M>> + SqliteModel + Send + 'static,
    EntityOf<M>: EntityTrait<Model = M>,
    ActiveOf<M>: ActiveModelBehavior + Send,
{
    fill_defaults::<M>(&mut data, &fields)?;
    let db = ctx.db()?;
    let saved = match insert_on_writer(data, db, |_: &M| Some(Vec::new())).await {
        Ok(Inserted::Saved(instance)) => Ok(instance),
        Ok(Inserted::Prepared(data)) => insert_prepared(data, db).await,
        Ok(Inserted::Untouched(data)) => data.insert(db).await,
        Err(err) => Err(err),
    };
    saved.map_err(|err| unique_violation(err, ctx, &fields))
}

/// Sets the Django-side default of every field `data` leaves unset.
pub(crate) fn fill_defaults<M>(data: &mut ActiveOf<M>, fields: &SaveFields<'_>) -> Result<(), ApiError>
where
    M: ModelTrait + IntoActiveModel<ActiveOf<M>>,
    EntityOf<M>: EntityTrait<Model = M>,
{
    for field in fields.all {
        if let Some(default) = field.default {
            let col = column::<EntityOf<M>>(field.column)?;
            if matches!(data.get(col), ActiveValue::NotSet) {
                data.try_set(col, default())?;
            }
        }
    }
    Ok(())
}

/// Where [`insert_on_writer`] left a row.
pub(crate) enum Inserted<M, A> {
    /// Inserted and committed, `after_save` run: the saved instance.
    Saved(M),
    /// `before_save` ran but the writer could not insert it (nothing was written): insert these
    /// values through sea-orm ([`insert_prepared`]).
    Prepared(A),
    /// Nothing ran (inside an `Atomic` block, not an SQLite file, or a model the path does not
    /// read): `data.insert(db)` as usual.
    Untouched(A),
}

/// sea-orm's `ActiveModel::insert` (`before_save`, the `INSERT`, `after_save`) with the `INSERT`
/// and the statements `then` builds from the new row run as one transaction on an SQLite file's
/// writer thread (`crate::sqlite::writes`), where sqlx would hold the write lock across a thread
/// hand-off per statement. `before_save` and `after_save` run on the connection pool, before and
/// after that transaction, as Django's `pre_save`/`post_save` signals run around a `create()`.
pub(crate) async fn insert_on_writer<M, F>(
    data: ActiveOf<M>,
    db: &Db,
    then: F,
) -> Result<Inserted<M, ActiveOf<M>>, DbErr>
where
    M: ModelTrait + IntoActiveModel<ActiveOf<M>> + SqliteModel + Send + 'static,
    EntityOf<M>: EntityTrait<Model = M>,
    ActiveOf<M>: ActiveModelBehavior + Send,
    F: FnOnce(&M) -> Option<Vec<Statement>> + Send + 'static,
{
    let writer = if db.in_atomic_block() { None } else { crate::sqlite::writes::writer_for::<M>(db.connection()) };
    let Some(writer) = writer else {
        return Ok(Inserted::Untouched(data));
    };
    let data = data.before_save(db, true).await?;
    let insert = EntityOf::<M>::insert(data.clone()).into_query();
    match crate::sqlite::writes::insert_returning(&writer, insert, then).await {
        Some(instance) => Ok(Inserted::Saved(ActiveOf::<M>::after_save(instance, db, true).await?)),
        None => Ok(Inserted::Prepared(data)),
    }
}

/// [`insert_prepared`] with a unique violation turned into the 400 [`create`] gives.
pub(crate) async fn create_prepared<M>(data: ActiveOf<M>, ctx: &Context, fields: &SaveFields<'_>) -> Result<M, ApiError>
where
    M: ModelTrait + IntoActiveModel<ActiveOf<M>>,
    EntityOf<M>: EntityTrait<Model = M>,
    ActiveOf<M>: ActiveModelBehavior + Send,
{
    insert_prepared(data, ctx.db()?).await.map_err(|err| unique_violation(err, ctx, fields))
}

/// The rest of sea-orm's `ActiveModel::insert` for values `before_save` already saw.
pub(crate) async fn insert_prepared<M>(data: ActiveOf<M>, db: &Db) -> Result<M, DbErr>
where
    M: ModelTrait + IntoActiveModel<ActiveOf<M>>,
    EntityOf<M>: EntityTrait<Model = M>,
    ActiveOf<M>: ActiveModelBehavior + Send,
{
    let instance = EntityOf::<M>::insert(data).exec_with_returning(db).await?;
    ActiveOf::<M>::after_save(instance, db, true).await
}

/// `ModelSerializer.update`: sets every validated value on the instance and saves it.
pub async fn update<M>(instance: M, data: ActiveOf<M>, ctx: &Context, fields: SaveFields<'_>) -> Result<M, ApiError>
where
    M: ModelTrait + IntoActiveModel<ActiveOf<M>>,
    EntityOf<M>: EntityTrait<Model = M>,
    ActiveOf<M>: ActiveModelBehavior + Send,
{
    let mut active: ActiveOf<M> = instance.clone().into_active_model();
    for col in <<EntityOf<M> as EntityTrait>::Column as Iterable>::iter() {
        if let ActiveValue::Set(value) = data.get(col) {
            active.try_set(col, value)?;
        }
    }
    if !active.is_changed() {
        return Ok(instance);
    }
    active.update(ctx.db()?).await.map_err(|err| unique_violation(err, ctx, &fields))
}

fn unique_violation(err: sea_orm::DbErr, ctx: &Context, fields: &SaveFields<'_>) -> ApiError {
    let Some(SqlErr::UniqueConstraintViolation(msg)) = err.sql_err() else {
        return ApiError::from(err);
    };
    let unique = || fields.fields.iter().filter(|(_, meta)| meta.unique);
    // SQLite names the column (`auth_user.username`), PostgreSQL the constraint
    // (`auth_user_username_key`); the longest matching column name wins.
    let named = unique().filter(|(_, meta)| msg.contains(meta.column)).max_by_key(|(_, meta)| meta.column.len());
    let message = |text: String| Detail::List(vec![ErrorDetail::new(text, "unique").into()]);
    // The serializer's own groups, else the model's it checks (the same as validation ran).
    let groups: Vec<Vec<&str>> = if fields.unique_together.is_empty() {
        super::model_validators::model_unique_together(fields).into_iter().map(|(names, _)| names).collect()
    } else {
        fields.unique_together.iter().map(|names| names.to_vec()).collect()
    };
    if let Some((spec, meta)) = named.or_else(|| unique().next().filter(|_| groups.is_empty())) {
        return ApiError::validation(Detail::Dict(vec![(
            spec.name.to_owned(),
            message(meta.unique_message.to_owned()),
        )]));
    }
    match groups.first() {
        Some(names) => ApiError::validation(Detail::Dict(vec![(
            ctx.non_field_errors_key().to_owned(),
            message(format!("The fields {} must make a unique set.", names.join(", "))),
        )])),
        None => ApiError::from(err),
    }
}
