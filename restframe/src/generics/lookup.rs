//! Turning a URL keyword argument into a typed lookup value the way Django's model fields do
//! (`IntegerField.get_prep_value` is Python's `int()`, `BooleanField.to_python`, ...).

use sea_orm::sea_query::ColumnType;
use sea_orm::{ColumnTrait, Value};

/// What a lookup value converts to.
#[derive(Debug, PartialEq)]
pub(crate) enum Lookup {
    /// A value to filter on.
    Value(Value),
    /// A valid value that no row can have (an integer beyond the column's range): Django 5+
    /// answers such lookups with an empty result, so this is "No <Model> matches".
    Empty,
    /// The value does not convert (`abc` for an integer): DRF's `get_object_or_404` turns the
    /// `ValueError` into a bare `Http404`, "Not found.".
    Invalid,
}

/// Converts `raw` for a lookup on `column`.
pub(crate) fn lookup_value<C: ColumnTrait>(column: &C, raw: &str) -> Lookup {
    let column_type = column.def().get_column_type().clone();
    let int = |min: i128, max: i128, make: fn(i128) -> Value| match python_int(raw) {
        None => Lookup::Invalid,
        Some(n) if n < min || n > max => Lookup::Empty,
        Some(n) => Lookup::Value(make(n)),
    };
    // The `as` casts below only run after `int`'s range check.
    match column_type {
        ColumnType::TinyInteger => int(i8::MIN.into(), i8::MAX.into(), |n| Value::TinyInt(Some(n as i8))),
        ColumnType::SmallInteger => int(i16::MIN.into(), i16::MAX.into(), |n| Value::SmallInt(Some(n as i16))),
        ColumnType::Integer => int(i32::MIN.into(), i32::MAX.into(), |n| Value::Int(Some(n as i32))),
        ColumnType::BigInteger => int(i64::MIN.into(), i64::MAX.into(), |n| Value::BigInt(Some(n as i64))),
        ColumnType::TinyUnsigned => int(0, u8::MAX.into(), |n| Value::TinyUnsigned(Some(n as u8))),
        ColumnType::SmallUnsigned => int(0, u16::MAX.into(), |n| Value::SmallUnsigned(Some(n as u16))),
        ColumnType::Unsigned => int(0, u32::MAX.into(), |n| Value::Unsigned(Some(n as u32))),
        ColumnType::BigUnsigned => int(0, u64::MAX.into(), |n| Value::BigUnsigned(Some(n as u64))),
        ColumnType::Boolean => match raw {
            "t" | "True" | "1" | "true" => Lookup::Value(Value::Bool(Some(true))),
            "f" | "False" | "0" | "false" => Lookup::Value(Value::Bool(Some(false))),
            _ => Lookup::Invalid,
        },
        ColumnType::Char(_) | ColumnType::String(_) | ColumnType::Text => {
            Lookup::Value(Value::String(Some(raw.to_owned())))
        }
        // Other column types (dates, UUIDs, decimals) are not a primary key or slug restframe
        // models use yet; refusing them is a 404, never a database error.
        _ => Lookup::Invalid,
    }
}

/// Python's `int(str)`: surrounding whitespace, an optional sign, ASCII digits with single
/// underscores between them. `None` when Python raises `ValueError`; numbers beyond `i128`
/// saturate (they are out of every column's range anyway).
pub(crate) fn python_int(raw: &str) -> Option<i128> {
    let s = raw.trim_matches(|c: char| c.is_whitespace());
    let (negative, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') || digits.contains("__") {
        return None;
    }
    let mut n: i128 = 0;
    for c in digits.chars().filter(|c| *c != '_') {
        let d = i128::from(c.to_digit(10)?);
        n = n.saturating_mul(10).saturating_add(d);
    }
    Some(if negative { -n } else { n })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_int_follows_python() {
        assert_eq!(python_int("42"), Some(42));
        assert_eq!(python_int(" 1 "), Some(1));
        assert_eq!(python_int("+1"), Some(1));
        assert_eq!(python_int("-1"), Some(-1));
        assert_eq!(python_int("1_0"), Some(10));
        assert_eq!(python_int("007"), Some(7));
        for bad in ["", "a", "1.0", "_1", "1_", "1__0", "+", "- 1", "é", "0x1"] {
            assert_eq!(python_int(bad), None, "{bad:?}");
        }
        assert_eq!(python_int(&"9".repeat(60)), Some(i128::MAX));
    }
}
