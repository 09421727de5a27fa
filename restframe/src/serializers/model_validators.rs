//! Django's model field validators on strings (`field.validators`), which a `ModelSerializer`
//! runs after the serializer field's own validators: any `fn(&str) -> Result<(), ErrorDetail>`
//! (such as [`crate::auth::validators::validate_username`]) and [`RegexValidator`]. Declare them
//! on the model with `#[restframe(validators = [...])]`; Django's `MinValueValidator` /
//! `MaxValueValidator` are `#[restframe(min_value = 1, max_value = 5)]` there (DRF turns them
//! into the serializer field's `min_value` / `max_value`). A model's `unique_together`
//! (sea-orm's `unique_key`) becomes DRF's `UniqueTogetherValidator`
//! ([`check_model_unique_together`], [`unique_together_required`]).

use sea_orm::{ActiveModelTrait, ActiveValue, ModelTrait};

use super::model::{ActiveOf, ModelField, SaveFields};
use super::pipeline::{Validation, column};
use crate::exceptions::{ApiError, ErrorDetail};
use crate::fields::{FieldSpec, regex_matches};

/// A Django model field validator on a string value.
pub trait StrValidator: Send + Sync {
    /// `Err` with Django's message and code when `value` is invalid.
    fn check(&self, value: &str) -> Result<(), ErrorDetail>;

    /// The Python regex a `RegexValidator` matches (`^\\d{13}$`): the OpenAPI document shows it
    /// as the field's `pattern`, as drf-spectacular does. `None` for other checks.
    fn pattern(&self) -> Option<&'static str> {
        None
    }
}

impl<F: Fn(&str) -> Result<(), ErrorDetail> + Send + Sync> StrValidator for F {
    fn check(&self, value: &str) -> Result<(), ErrorDetail> {
        self(value)
    }
}

impl std::fmt::Debug for dyn StrValidator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StrValidator")
    }
}

/// Django's `RegexValidator(regex, message, code, inverse_match)`: the value must contain a
/// match of `pattern` (Python's `re.search`), or must not with `inverse_match`. Built in a
/// `const`, so it can sit in a model's `#[restframe(validators = [...])]`.
///
/// ```
/// use restframe::serializers::{RegexValidator, StrValidator};
///
/// const ISBN: RegexValidator = RegexValidator::new(r"^\d{13}$").message("ISBN must be 13 digits.");
/// assert!(ISBN.check("9780134685991").is_ok());
/// let err = ISBN.check("12").unwrap_err();
/// assert_eq!((err.string.as_str(), err.code.as_str()), ("ISBN must be 13 digits.", "invalid"));
/// assert_eq!(RegexValidator::new("^a").check("b").unwrap_err().string, "Enter a valid value.");
/// ```
#[derive(Clone, Copy, Debug)]
#[must_use]
pub struct RegexValidator {
    pattern: &'static str,
    message: &'static str,
    code: &'static str,
    inverse_match: bool,
}

impl RegexValidator {
    /// A validator with Django's defaults: `Enter a valid value.`, code `invalid`.
    pub const fn new(pattern: &'static str) -> Self {
        Self { pattern, message: "Enter a valid value.", code: "invalid", inverse_match: false }
    }

    /// Django's `message`.
    pub const fn message(self, message: &'static str) -> Self {
        Self { message, ..self }
    }

    /// Django's `code`.
    pub const fn code(self, code: &'static str) -> Self {
        Self { code, ..self }
    }

    /// Django's `inverse_match=True`: the value must not match.
    pub const fn inverse_match(self) -> Self {
        Self { inverse_match: true, ..self }
    }
}

impl StrValidator for RegexValidator {
    fn check(&self, value: &str) -> Result<(), ErrorDetail> {
        if regex_matches(self.pattern, value) != self.inverse_match {
            Ok(())
        } else {
            Err(ErrorDetail::new(self.message, self.code))
        }
    }

    fn pattern(&self) -> Option<&'static str> {
        Some(self.pattern)
    }
}

/// The `unique_together` groups of a model (sea-orm's `unique_key`) a serializer can check: for
/// each group whose every model field is a writable serializer field, the serializer field
/// names and the columns, in the model's field order (DRF's `get_unique_together_validators`,
/// which skips a group the serializer does not map completely).
pub(crate) fn model_unique_together(save: &SaveFields<'_>) -> Vec<(Vec<&'static str>, Vec<&'static str>)> {
    let mut keys: Vec<&'static str> = Vec::new();
    for key in save.all.iter().filter_map(|field| field.unique_key) {
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys.into_iter()
        .filter_map(|key| {
            let members = save.all.iter().filter(|field| field.unique_key == Some(key));
            members
                .map(|member| {
                    let (spec, meta) = save.fields.iter().find(|(_, meta)| meta.column == member.column)?;
                    Some((spec.name, meta.column))
                })
                .collect::<Option<Vec<_>>>()
                .map(|pairs| pairs.into_iter().unzip())
        })
        .collect()
}

/// DRF's automatic `UniqueTogetherValidator`s of a `ModelSerializer`: one per model
/// `unique_together` group the serializer's writable fields cover (see
/// [`model_unique_together`]), unless the serializer lists its own (`unique_together(...)`,
/// DRF's `Meta.validators`). A value missing from the input comes from the instance being
/// updated. `The fields book, user must make a unique set.`
pub async fn check_model_unique_together<M>(
    validation: &mut Validation<'_>,
    save: &SaveFields<'_>,
    data: &ActiveOf<M>,
    instance: Option<&M>,
) -> Result<(), ApiError>
where
    M: ModelTrait,
    ActiveOf<M>: ActiveModelTrait<Entity = M::Entity>,
{
    if !save.unique_together.is_empty() {
        return Ok(());
    }
    for (names, columns) in model_unique_together(save) {
        let mut values = Vec::with_capacity(columns.len());
        for name in &columns {
            let col = column::<M::Entity>(name)?;
            values.push(match data.get(col) {
                ActiveValue::Set(value) | ActiveValue::Unchanged(value) => Some(value),
                ActiveValue::NotSet => instance.map(|instance| instance.get(col)),
            });
        }
        validation.unique_together::<M::Entity>(&names, &columns, &values).await?;
    }
    Ok(())
}

/// DRF's `get_uniqueness_extra_kwargs` for a model field the serializer maps (not a declared
/// field): when it belongs to a `unique_together` group whose every field is in the
/// serializer (`columns`: the columns of its model fields), it is required unless it has a
/// default or is nullable (DRF's `default=...` / `default=None`).
///
/// ```
/// use restframe::fields::FieldSpec;
/// use restframe::serializers::{ModelField, unique_together_required};
///
/// const BOOK: ModelField = ModelField { unique_key: Some("book_user"), ..ModelField::new("book", "book_id", "") };
/// const USER: ModelField = ModelField { unique_key: Some("book_user"), ..ModelField::new("user", "user_id", "") };
/// const ALL: &[ModelField] = &[BOOK, USER];
/// const OPTIONAL: FieldSpec = FieldSpec { required: false, ..FieldSpec::new("book") };
/// assert!(unique_together_required(OPTIONAL, &BOOK, ALL, &["book_id", "user_id"]).required);
/// assert!(!unique_together_required(OPTIONAL, &BOOK, ALL, &["book_id"]).required, "user is not in the serializer");
/// ```
pub const fn unique_together_required(
    spec: FieldSpec,
    meta: &ModelField,
    all: &[ModelField],
    columns: &[&str],
) -> FieldSpec {
    let Some(key) = meta.unique_key else { return spec };
    let mut i = 0;
    while i < all.len() {
        if let Some(other) = all[i].unique_key
            && str_eq(other, key)
            && !contains(columns, all[i].column)
        {
            return spec;
        }
        i += 1;
    }
    FieldSpec { required: !(meta.has_default || meta.nullable), ..spec }
}

const fn contains(list: &[&str], item: &str) -> bool {
    let mut i = 0;
    while i < list.len() {
        if str_eq(list[i], item) {
            return true;
        }
        i += 1;
    }
    false
}

/// `a == b` in a `const fn`.
const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}
