//! The error-collecting validation pipeline the derives drive, one call per field, and the
//! output builder for representations.

use std::future::Future;

use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, Iterable, QueryFilter};
use serde_json::{Map, Value};

use super::{Context, FieldDefault, Serializer, SerializerHooks};
use crate::exceptions::{ApiError, Detail, ErrorDetail, ErrorKind};
use crate::fields::{FieldSpec, FieldType, Represent};
use crate::python::{non_field_error, type_name};
use crate::serializers::model::{ModelField, field_spec_on};
use crate::serializers::validators::ErasedValidator;

impl std::fmt::Debug for Validation<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Validation").field("errors", &self.errors).finish_non_exhaustive()
    }
}

/// One `run_validation` in progress: the input object, the context, and every error so far.
/// Generated code calls one method per field, then [`Validation::finish`].
pub struct Validation<'a> {
    data: &'a Map<String, Value>,
    ctx: &'a Context,
    errors: Vec<(String, Detail)>,
    exclude: Option<Condition>,
}

/// DRF's error for input that is not an object: `Invalid data. Expected a dictionary, but got
/// list.`, or `No data provided` for `null` (DRF's `Serializer.errors` edge case).
pub(crate) fn not_a_dict(value: &Value, ctx: &Context) -> ApiError {
    let detail = match value {
        Value::Null => ErrorDetail::new("No data provided", "null"),
        other => {
            ErrorDetail::new(format!("Invalid data. Expected a dictionary, but got {}.", type_name(other)), "invalid")
        }
    };
    non_field_error(ctx.non_field_errors_key(), detail)
}

/// Turns what a hook or validator raised into a field's error detail: messages become a list,
/// a dict stays a dict. Anything but a validation error is passed through untouched.
pub(crate) fn validation_detail(err: ApiError) -> Result<Detail, ApiError> {
    if err.kind() != ErrorKind::Validation {
        return Err(err);
    }
    Ok(match err.detail().clone() {
        m @ Detail::Message(_) => Detail::List(vec![m]),
        other => other,
    })
}

/// Flattens a detail into its messages (a validator raising a list adds each message).
fn messages(detail: Detail, into: &mut Vec<Detail>) {
    match detail {
        Detail::List(items) => items.into_iter().for_each(|d| messages(d, into)),
        other => into.push(other),
    }
}

impl<'a> Validation<'a> {
    /// Starts validating `data`, which must be a JSON object.
    pub fn new(data: &'a Value, ctx: &'a Context) -> Result<Self, ApiError> {
        match data {
            Value::Object(map) => Ok(Self { data: map, ctx, errors: Vec::new(), exclude: None }),
            other => Err(not_a_dict(other, ctx)),
        }
    }

    /// Like [`Validation::new`] for a model serializer: uniqueness checks skip `instance`.
    pub fn for_model<E: EntityTrait>(
        data: &'a Value,
        ctx: &'a Context,
        instance: Option<&E::Model>,
    ) -> Result<Self, ApiError> {
        let mut validation = Self::new(data, ctx)?;
        validation.exclude = instance.map(|model| {
            let mut cond = Condition::any();
            for key in <E::PrimaryKey as Iterable>::iter() {
                let column = sea_orm::PrimaryKeyToColumn::into_column(key);
                cond = cond.add(column.ne(sea_orm::ModelTrait::get(model, column)));
            }
            cond
        });
        Ok(validation)
    }

    /// The context (database, partial flag) hooks see.
    pub fn context(&self) -> &'a Context {
        self.ctx
    }

    /// The input value of field `name`, as sent.
    pub(crate) fn raw(&self, name: &str) -> Option<&'a Value> {
        self.data.get(name)
    }

    pub(crate) fn push(&mut self, name: &str, detail: Detail) {
        self.errors.push((name.to_owned(), detail));
    }

    /// Steps a–b of DRF's per-field run: lookup, then required / default / null handling.
    /// `Ok(None)`: nothing to coerce (absent or handled); `Err(v)`: the value to coerce.
    pub(crate) fn empty_values<T: FieldType>(
        &mut self,
        spec: &FieldSpec,
        default: Option<impl FnOnce() -> T>,
    ) -> Result<Option<T>, &'a Value> {
        if spec.read_only {
            return Ok(None);
        }
        let html_empty =
            self.ctx.html_input && matches!(self.data.get(spec.name), Some(Value::String(s)) if s.is_empty());
        if html_empty && !(spec.allow_blank && T::from_json(&Value::String(String::new()), spec).is_ok()) {
            // DRF's `Field.get_value` for HTML input: "" is null for `allow_null` fields and
            // "not given" for optional ones.
            if spec.allow_null {
                return Ok(T::null());
            }
            if !spec.required {
                return Ok(default.map(|make| make()));
            }
        }
        match self.data.get(spec.name) {
            None if self.ctx.partial => Ok(None),
            None if self.ctx.html_input && T::empty_html().is_some() => Ok(T::empty_html()),
            None => match default {
                Some(make) => Ok(Some(make())),
                None if spec.required => {
                    self.push(spec.name, spec.fail("required", "This field is required."));
                    Ok(None)
                }
                None => Ok(None),
            },
            Some(Value::Null) => match T::null().filter(|_| spec.allow_null) {
                Some(null) => Ok(Some(null)),
                None => {
                    self.push(spec.name, spec.fail("null", "This field may not be null."));
                    Ok(None)
                }
            },
            Some(value) => Err(value),
        }
    }

    /// One writable field: lookup, empty checks, coercion, `validators` (all run), then the
    /// field class's own checks. Errors are recorded; `None` means no value.
    pub async fn field<T: FieldType>(
        &mut self,
        spec: &FieldSpec,
        validators: &[&dyn ErasedValidator<T>],
    ) -> Result<Option<T>, ApiError> {
        self.field_or(spec, None::<fn() -> T>, validators).await
    }

    /// [`Validation::field`] with a `default` used when the key is missing (not on partial updates).
    pub async fn field_or<T: FieldType>(
        &mut self,
        spec: &FieldSpec,
        default: Option<impl FnOnce() -> T>,
        validators: &[&dyn ErasedValidator<T>],
    ) -> Result<Option<T>, ApiError> {
        let (value, errors) = match self.coerce(spec, default, validators).await? {
            Coerced::Done(value) => return Ok(value),
            Coerced::Validated(value, errors) => (value, errors),
        };
        self.field_checks(spec, value, errors)
    }

    /// The steps every writable field shares: lookup with the empty-value rules, coercion, then
    /// the declared `validators` (all run, messages collected).
    async fn coerce<T: FieldType>(
        &mut self,
        spec: &FieldSpec,
        default: Option<impl FnOnce() -> T>,
        validators: &[&dyn ErasedValidator<T>],
    ) -> Result<Coerced<T>, ApiError> {
        let raw = match self.empty_values(spec, default) {
            Ok(value) => return Ok(Coerced::Done(value)),
            Err(raw) => raw,
        };
        let value = match T::from_json(raw, spec) {
            Ok(value) => value,
            Err(detail) => {
                self.push(spec.name, detail);
                return Ok(Coerced::Done(None));
            }
        };
        if value.skips_validators(spec) {
            return Ok(Coerced::Done(Some(value)));
        }
        let mut errors = Vec::new();
        for validator in validators {
            if let Err(err) = validator.validate_erased(&value, self.ctx).await {
                messages(validation_detail(err)?, &mut errors);
            }
        }
        Ok(Coerced::Validated(value, errors))
    }

    /// The field class's own checks last (DRF runs them after the declared validators), then
    /// the value or its errors.
    fn field_checks<T: FieldType>(
        &mut self,
        spec: &FieldSpec,
        value: T,
        mut errors: Vec<Detail>,
    ) -> Result<Option<T>, ApiError> {
        let mut checks = Vec::new();
        value.check(spec, &mut checks);
        errors.extend(checks.into_iter().map(Detail::from));
        self.settle(spec, value, errors)
    }

    fn settle<T>(&mut self, spec: &FieldSpec, value: T, errors: Vec<Detail>) -> Result<Option<T>, ApiError> {
        if errors.is_empty() {
            Ok(Some(value))
        } else {
            self.push(spec.name, Detail::List(errors));
            Ok(None)
        }
    }

    /// A model column: like [`Validation::field`], then the model's validators and the
    /// `UniqueValidator` query (DRF's order: declared validators, model validators, unique,
    /// then the field class's checks).
    pub async fn model_field<E, T>(
        &mut self,
        spec: &FieldSpec,
        meta: &ModelField,
        validators: &[&dyn ErasedValidator<T>],
    ) -> Result<Option<T>, ApiError>
    where
        E: EntityTrait,
        T: FieldType + Clone + Into<sea_orm::Value>,
    {
        if let Some(relation) = meta.relation {
            return self.primary_key_related::<E, T>(spec, meta, relation).await;
        }
        // Django's integer range comes from the connection the data is saved through.
        let backend = self.ctx.db().ok().map(ConnectionTrait::get_database_backend);
        let spec = &field_spec_on(spec, meta, backend);
        let (value, mut errors) = match self.coerce(spec, None::<fn() -> T>, validators).await? {
            Coerced::Done(value) => return Ok(value),
            Coerced::Validated(value, errors) => (value, errors),
        };
        if let Some(text) = value.as_str() {
            errors.extend(meta.validators.iter().filter_map(|validator| validator.check(text).err()).map(Detail::from));
        }
        if meta.unique && self.exists::<E>(&[(meta.column, value.clone().into())]).await? {
            errors.push(ErrorDetail::new(meta.unique_message, "unique").into());
        }
        self.field_checks(spec, value, errors)
    }

    /// Whether a row other than the instance being updated has these column values.
    pub async fn exists<E: EntityTrait>(&self, values: &[(&str, sea_orm::Value)]) -> Result<bool, ApiError> {
        let mut query = E::find();
        for (name, value) in values {
            let column = column::<E>(name)?;
            query = query.filter(column.eq(value.clone()));
        }
        if let Some(exclude) = &self.exclude {
            query = query.filter(exclude.clone());
        }
        Ok(crate::serializers::first(query, self.ctx.db()?).await?.is_some())
    }

    /// A nested serializer field (`many = false`): its errors nest as a dict.
    pub async fn nested<S: SerializerHooks>(&mut self, spec: &FieldSpec) -> Result<Option<S::Data>, ApiError> {
        let raw = match self.empty_values::<NestedValue<S::Data>>(spec, None::<fn() -> _>) {
            Ok(value) => return Ok(value.and_then(|v| v.0)),
            Err(raw) => raw,
        };
        match super::run::<S>(raw, self.ctx, None).await {
            Ok(value) => Ok(Some(value)),
            Err(err) => {
                let detail = validation_detail(err)?;
                self.push(spec.name, detail);
                Ok(None)
            }
        }
    }

    /// A nested `many = true` serializer field: a dict of the failing items' errors by index.
    pub async fn nested_many<S: SerializerHooks>(
        &mut self,
        spec: &FieldSpec,
    ) -> Result<Option<Vec<S::Data>>, ApiError> {
        let raw = match self.empty_values::<NestedValue<Vec<S::Data>>>(spec, None::<fn() -> _>) {
            Ok(value) => return Ok(value.and_then(|v| v.0)),
            Err(raw) => raw,
        };
        match super::list::run_many::<S>(raw, spec, self.ctx).await {
            Ok(items) => Ok(Some(items)),
            Err(err) => {
                let detail = validation_detail(err)?;
                self.push(spec.name, detail);
                Ok(None)
            }
        }
    }

    /// DRF's `HiddenField`: never read from the input; its default fills it, except on a
    /// partial update (DRF skips an empty field then) or when the default skips it
    /// ([`CreateOnlyDefault`](super::CreateOnlyDefault) on an update). No validators run on a
    /// default, as in DRF.
    pub fn hidden<T>(&mut self, is_update: bool, default: &dyn FieldDefault<T>) -> Result<Option<T>, ApiError> {
        if self.ctx.partial {
            return Ok(None);
        }
        default.default_value(self.ctx, is_update)
    }

    /// Runs a `validate_<field>` hook on a value that passed its field's checks.
    pub async fn hook<T, F, Fut>(&mut self, spec: &FieldSpec, value: Option<T>, hook: F) -> Result<Option<T>, ApiError>
    where
        F: FnOnce(T) -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        let Some(value) = value else { return Ok(None) };
        match hook(value).await {
            Ok(value) => Ok(Some(value)),
            Err(err) => {
                let detail = validation_detail(err)?;
                self.push(spec.name, detail);
                Ok(None)
            }
        }
    }

    /// The value a struct field gets: absent optional fields become `None`; on a partial update
    /// an absent field keeps the instance's value; an absent non-`Option` field with no instance
    /// is reported as required, since the struct cannot hold "absent".
    pub fn take<T: FieldType + Clone>(&mut self, spec: &FieldSpec, value: Option<T>, current: Option<&T>) -> Option<T> {
        if value.is_some() || self.errors.iter().any(|(k, _)| k == spec.name) {
            return value;
        }
        if let Some(current) = current.filter(|_| self.ctx.partial) {
            return Some(current.clone());
        }
        let null = T::null();
        if null.is_none() && !spec.read_only {
            self.push(spec.name, spec.fail("required", "This field is required."));
        }
        null
    }

    /// The value of a nested (non-`Option`) field: absent on a partial update it is reported as
    /// required, like [`Validation::take`].
    pub fn require<T>(&mut self, spec: &FieldSpec, value: Option<T>) -> Option<T> {
        if value.is_none() && !self.errors.iter().any(|(k, _)| k == spec.name) {
            self.push(spec.name, spec.fail("required", "This field is required."));
        }
        value
    }

    /// `UniqueTogetherValidator`: the fields' values (from input, else from the instance being
    /// updated) must not exist together in another row. DRF runs it only when the fields passed.
    pub async fn unique_together<E: EntityTrait>(
        &mut self,
        names: &[&str],
        columns: &[&str],
        values: &[Option<sea_orm::Value>],
    ) -> Result<(), ApiError> {
        if !self.errors.is_empty() {
            return Ok(());
        }
        let present: Vec<(&str, sea_orm::Value)> =
            columns.iter().zip(values).filter_map(|(n, v)| v.clone().map(|v| (*n, v))).collect();
        if present.len() == names.len() && self.exists::<E>(&present).await? {
            let msg = format!("The fields {} must make a unique set.", names.join(", "));
            let key = self.ctx.non_field_errors_key().to_owned();
            self.push(&key, Detail::List(vec![ErrorDetail::new(msg, "unique").into()]));
        }
        Ok(())
    }

    /// Ends the field phase: any field error stops here (DRF does not call `validate()` then);
    /// otherwise runs the object-level `validate` hook on `attrs`.
    pub async fn finish<S: SerializerHooks>(self, attrs: Option<S::Data>) -> Result<S::Data, ApiError> {
        if !self.errors.is_empty() {
            return Err(ApiError::validation(Detail::Dict(self.errors)));
        }
        let attrs = attrs.ok_or_else(|| ApiError::internal("restframe: a validated field had no value"))?;
        S::validate(attrs, self.ctx).await.map_err(|err| match validation_detail(err) {
            Ok(Detail::Dict(entries)) => ApiError::validation(Detail::Dict(entries)),
            Ok(list) => ApiError::validation(Detail::Dict(vec![(self.ctx.non_field_errors_key().to_owned(), list)])),
            Err(other) => other,
        })
    }
}

/// The column of `E` named `name` (a bug in the model metadata if missing).
pub(crate) fn column<E: EntityTrait>(name: &str) -> Result<E::Column, ApiError> {
    <E::Column as Iterable>::iter()
        .find(|c| sea_orm::IdenStatic::as_str(c) == name)
        .ok_or_else(|| ApiError::internal(format!("restframe: no column `{name}`")))
}

/// Lets a nested serializer's data pass through the null/required handling: `null` is only a
/// value when the field allows it (the data is then absent).
struct NestedValue<T>(Option<T>);

impl<T: Send + Sync + 'static> FieldType for NestedValue<T> {
    fn from_json(_value: &Value, spec: &FieldSpec) -> Result<Self, Detail> {
        Err(spec.fail("invalid", "Invalid value."))
    }
    fn null() -> Option<Self> {
        Some(NestedValue(None))
    }
}

/// Builds a representation: one call per readable field, in declaration order; nested
/// serializers render with the same context.
#[derive(Debug)]
pub struct Output<'a> {
    map: Map<String, Value>,
    ctx: &'a Context,
}

impl<'a> Output<'a> {
    /// An empty representation rendered with `ctx`, with room for `fields` fields (allocated
    /// once, where growing from empty reallocated four times for a dozen fields).
    pub fn new(ctx: &'a Context, fields: usize) -> Self {
        Self { map: Map::with_capacity(fields), ctx }
    }

    /// Renders a field unless it is write-only.
    pub fn field<T: Represent + ?Sized>(&mut self, spec: &FieldSpec, value: &T) {
        if !spec.write_only {
            self.map.insert(spec.name.to_owned(), value.represent(spec));
        }
    }

    /// Renders a field reached through relations (a dotted `source`, a nested serializer on a
    /// relation): `None` means a foreign key on the way was null, where DRF's `get_attribute`
    /// fails and a read-only field is left out (`null` with `allow_null`, as DRF).
    pub fn reached(&mut self, spec: &FieldSpec, value: Option<Value>) {
        if spec.write_only {
            return;
        }
        match value {
            Some(value) => {
                self.map.insert(spec.name.to_owned(), value);
            }
            None if spec.allow_null => {
                self.map.insert(spec.name.to_owned(), Value::Null);
            }
            None => {}
        }
    }

    /// Renders a nested serializer field unless it is write-only.
    pub fn nested<S: Serializer>(&mut self, spec: &FieldSpec, value: &S::Instance) {
        if !spec.write_only {
            self.map.insert(spec.name.to_owned(), S::render(value, self.ctx));
        }
    }

    /// Renders a nested `many = true` field.
    pub fn nested_many<S: Serializer>(&mut self, spec: &FieldSpec, values: &[S::Instance]) {
        if !spec.write_only {
            self.map.insert(spec.name.to_owned(), S::render_many(values, self.ctx));
        }
    }

    /// Renders a nullable nested serializer field.
    pub fn nested_opt<S: Serializer>(&mut self, spec: &FieldSpec, value: &Option<S::Instance>) {
        if !spec.write_only {
            let rendered = value.as_ref().map_or(Value::Null, |value| S::render(value, self.ctx));
            self.map.insert(spec.name.to_owned(), rendered);
        }
    }

    /// Renders a model field of validated data when it was set (`ActiveValue::Set`).
    pub fn active<T>(&mut self, spec: &FieldSpec, value: &sea_orm::ActiveValue<T>)
    where
        T: Represent + Into<sea_orm::Value>,
    {
        if let sea_orm::ActiveValue::Set(v) | sea_orm::ActiveValue::Unchanged(v) = value {
            self.field(spec, v);
        }
    }

    /// The finished JSON object.
    pub fn finish(self) -> Value {
        Value::Object(self.map)
    }

    /// The finished fields of an instance passed through the serializer's
    /// [`SerializerHooks::to_representation`].
    pub fn finish_instance<S: SerializerHooks>(self, instance: &S::Instance) -> Value {
        Value::Object(S::to_representation(instance, self.map, self.ctx))
    }
}

/// Where [`Validation::coerce`] left a field: nothing more to check (`Done`, with the value if
/// any), or a coerced value with the declared validators' messages so far.
enum Coerced<T> {
    Done(Option<T>),
    Validated(T, Vec<Detail>),
}
