//! The Django form fields behind django-filter's filters: how a query parameter's text becomes
//! a value, or which of Django's messages refuses it (`Enter a number.`, `Select a valid choice. ...`); dates and times are
//! [`super::temporal`]'s.

use std::sync::LazyLock;

use regex::Regex;

use crate::python::str_strip;

/// Django's `forms.CharField` (`strip=True`) message for a NUL character.
pub(crate) const NULL_CHARACTERS: &str = "Null characters are not allowed.";
/// `forms.DecimalField`'s `invalid` message (django-filter's `NumberFilter`).
pub(crate) const ENTER_A_NUMBER: &str = "Enter a number.";

/// `forms.CharField.clean`: the stripped text, `None` when nothing is left (django-filter then
/// skips the filter), Django's message for a NUL character.
pub(crate) fn char_field(raw: &str) -> Result<Option<String>, &'static str> {
    let value = str_strip(raw);
    if value.contains('\0') {
        return Err(NULL_CHARACTERS);
    }
    Ok((!value.is_empty()).then(|| value.to_owned()))
}

/// A finite number as Python's `Decimal` holds it: `digits × 10^exponent`, without leading
/// or trailing zeros in `digits` (an empty `digits` is zero).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Decimal {
    negative: bool,
    digits: String,
    exponent: i64,
}

impl Decimal {
    /// Python's `int(Decimal)`: truncated toward zero, saturating at `i128`'s bounds (far
    /// outside every column's range either way).
    pub(crate) fn trunc(&self) -> i128 {
        let saturated = if self.negative { i128::MIN } else { i128::MAX };
        let whole = self.digits.len() as i64 + self.exponent;
        if whole <= 0 {
            return 0;
        }
        if whole > 38 {
            return saturated;
        }
        let kept = (whole as usize).min(self.digits.len());
        let mut n: i128 = self.digits[..kept].parse().unwrap_or(0);
        for _ in kept..whole as usize {
            n = match n.checked_mul(10) {
                Some(n) => n,
                None => return saturated,
            };
        }
        if self.negative { -n } else { n }
    }

    /// The value as a float (for `FloatField` columns).
    pub(crate) fn to_f64(&self) -> f64 {
        let text = format!("{}{}e{}", if self.negative { "-" } else { "" }, self.digits, self.exponent);
        text.parse().unwrap_or(0.0)
    }

    /// `value > 1e50`: django-filter's `NumberFilter` adds `MaxValueValidator(1e50)`.
    fn exceeds_1e50(&self) -> bool {
        let Ok(len) = i64::try_from(self.digits.len()) else { return true };
        let magnitude = len + self.exponent - 1;
        !self.negative && !self.digits.is_empty() && (magnitude > 50 || (magnitude == 50 && self.digits != "1"))
    }
}

/// Positional notation (`412.7`, `-0.05`, `1200`), as the value compares with a text column.
impl std::fmt::Display for Decimal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.digits.is_empty() {
            return f.write_str("0");
        }
        let sign = if self.negative { "-" } else { "" };
        let len = self.digits.len() as i64;
        if self.exponent >= 0 {
            write!(f, "{sign}{}{}", self.digits, "0".repeat(self.exponent as usize))
        } else if -self.exponent < len {
            let point = (len + self.exponent) as usize;
            write!(f, "{sign}{}.{}", &self.digits[..point], &self.digits[point..])
        } else {
            write!(f, "{sign}0.{}{}", "0".repeat((-self.exponent - len) as usize), self.digits)
        }
    }
}

/// django-filter's `NumberFilter` field: `forms.DecimalField` (Python's `Decimal(str)`, which
/// ignores underscores; infinities and NaN refused) plus `MaxValueValidator(1e50)`. `None` for
/// an empty value.
pub(crate) fn number_field(raw: &str) -> Result<Option<Decimal>, &'static str> {
    let Some(decimal) = decimal_field(raw)? else { return Ok(None) };
    if decimal.exceeds_1e50() {
        return Err("Ensure this value is less than or equal to 1e+50.");
    }
    Ok(Some(decimal))
}

/// Django's `forms.DecimalField` without bounds (the halves of django-filter's `RangeField`):
/// `Enter a number.` for what Python's `Decimal(str)` refuses or a non-finite value; `None` for
/// an empty value.
pub(crate) fn decimal_field(raw: &str) -> Result<Option<Decimal>, &'static str> {
    if raw.is_empty() {
        return Ok(None);
    }
    parse_decimal(raw).map(Some).ok_or(ENTER_A_NUMBER)
}

fn parse_decimal(raw: &str) -> Option<Decimal> {
    static GRAMMAR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$").expect("a valid pattern")
    });
    let text: String = str_strip(raw).chars().filter(|c| *c != '_').collect();
    let caps = GRAMMAR.captures(&text)?;
    let (whole, fraction) = (caps.get(2).map_or("", |m| m.as_str()), caps.get(3).map_or("", |m| m.as_str()));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    // An exponent beyond `i64` is far past 1e50 (or rounds to zero): clamp it.
    let exponent = caps
        .get(4)
        .map_or(Some(0), |m| m.as_str().parse::<i64>().ok())
        .unwrap_or_else(|| if caps.get(4).is_some_and(|m| m.as_str().starts_with('-')) { -(1 << 40) } else { 1 << 40 });
    let all = format!("{whole}{fraction}");
    let significant = all.trim_start_matches('0');
    let trimmed = significant.trim_end_matches('0');
    let shift = i64::try_from(significant.len() - trimmed.len()).ok()?;
    let fraction_len = i64::try_from(fraction.len()).ok()?;
    Some(Decimal {
        negative: &caps[1] == "-" && !trimmed.is_empty(),
        digits: trimmed.to_owned(),
        exponent: exponent - fraction_len + shift,
    })
}

/// django-filter's `ChoiceField` (Django's `forms.ChoiceField`): the value as sent (not
/// stripped) must be one of `choices`; `None` for an empty value (the filter is skipped).
pub(crate) fn choice_field(raw: &str, choices: &[&str]) -> Result<Option<String>, String> {
    if raw.is_empty() {
        return Ok(None);
    }
    if choices.contains(&raw) {
        return Ok(Some(raw.to_owned()));
    }
    Err(format!("Select a valid choice. {raw} is not one of the available choices."))
}

/// django-filter's `BooleanWidget` (the REST framework `BooleanFilter`): `true`/`false`/`1`/`0`
/// in any case; anything else reads as no value, so the filter is skipped rather than refused.
pub(crate) fn boolean_widget(raw: &str) -> Option<bool> {
    match raw.to_lowercase().as_str() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_pythons_decimal() {
        let trunc = |raw: &str| number_field(raw).map(|d| d.map(|d| d.trunc()));
        assert_eq!(trunc("412.7"), Ok(Some(412)));
        assert_eq!(trunc("-412.7"), Ok(Some(-412)));
        assert_eq!(trunc(" 1_2 "), Ok(Some(12)));
        assert_eq!(trunc("4.127e2"), Ok(Some(412)));
        assert_eq!(trunc(".5"), Ok(Some(0)));
        assert_eq!(trunc("5."), Ok(Some(5)));
        assert_eq!(trunc("1e50"), Ok(Some(i128::MAX)), "beyond i128: past every column's range");
        assert_eq!(trunc("-1e45"), Ok(Some(i128::MIN)));
        assert_eq!(trunc("99999999999999999999"), Ok(Some(99_999_999_999_999_999_999)));
        assert_eq!(trunc(""), Ok(None));
        for bad in ["NaN", "inf", "abc", ".", "1e", " "] {
            assert_eq!(number_field(bad), Err(ENTER_A_NUMBER), "{bad}");
        }
        assert_eq!(number_field("1e400"), Err("Ensure this value is less than or equal to 1e+50."));
        assert_eq!(number_field("1.1e50"), Err("Ensure this value is less than or equal to 1e+50."));
        assert!(number_field("1e50").is_ok());
        assert!(number_field("-1e400").is_ok());
    }

    #[test]
    fn booleans_read_as_djangos_boolean_widget() {
        assert_eq!(boolean_widget("TRUE"), Some(true));
        assert_eq!(boolean_widget("0"), Some(false));
        assert_eq!(boolean_widget("yes"), None);
    }
}
