//! Django's model field validators on strings (`field.validators`), which a `ModelSerializer`
//! runs after the serializer field's own validators: any `fn(&str) -> Result<(), ErrorDetail>`
//! (such as [`crate::auth::validators::validate_username`]) and [`RegexValidator`]. Declare them
//! on the model with `#[restframe(validators = [...])]`; Django's `MinValueValidator` /
//! `MaxValueValidator` are `#[restframe(min_value = 1, max_value = 5)]` there (DRF turns them
//! into the serializer field's `min_value` / `max_value`).

use crate::exceptions::ErrorDetail;
use crate::fields::regex_matches;

/// A Django model field validator on a string value.
pub trait StrValidator: Send + Sync {
    /// `Err` with Django's message and code when `value` is invalid.
    fn check(&self, value: &str) -> Result<(), ErrorDetail>;
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
}
