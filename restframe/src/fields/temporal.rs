//! `DateTimeField` and `DateField` (ISO 8601 in, ISO 8601 with `Z` out, UTC as Django's
//! startproject `TIME_ZONE`).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, TimeZone, Utc};
use serde_json::Value;

use super::{FieldSpec, FieldType, Represent};
use crate::exceptions::Detail;

const DATETIME_INVALID: &str =
    "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].";
const DATE_INVALID: &str = "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.";

/// Django's `parse_datetime`: date, `T` or space, `hh:mm[:ss[.ffffff]]`, optional `Z` / `±HH[:MM]`.
/// Naive values are taken as UTC.
fn parse_datetime(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if text.len() < 16 || !matches!(text.as_bytes().get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let date = NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()?;
    let rest = text.get(11..)?;
    let (time_text, offset) = split_offset(rest)?;
    let time = parse_time(time_text)?;
    let naive = NaiveDateTime::new(date, time);
    let fixed = FixedOffset::east_opt(offset)?;
    fixed.from_local_datetime(&naive).single().map(|dt| dt.with_timezone(&Utc))
}

/// Splits `hh:mm:ss+02:00` into the time and the offset in seconds.
fn split_offset(rest: &str) -> Option<(&str, i32)> {
    if let Some(time) = rest.strip_suffix(['Z', 'z']) {
        return Some((time, 0));
    }
    match rest.rfind(['+', '-']) {
        Some(i) => {
            let (time, tz) = rest.split_at(i);
            let sign = if tz.starts_with('-') { -1 } else { 1 };
            let digits: String = tz[1..].chars().filter(|c| *c != ':').collect();
            if !(digits.len() == 2 || digits.len() == 4) || !digits.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let hours: i32 = digits[..2].parse().ok()?;
            let minutes: i32 = if digits.len() == 4 { digits[2..].parse().ok()? } else { 0 };
            Some((time, sign * (hours * 3600 + minutes * 60)))
        }
        None => Some((rest, 0)),
    }
}

fn parse_time(text: &str) -> Option<NaiveTime> {
    let (hms, micros) = match text.split_once(['.', ',']) {
        Some((hms, frac)) if (1..=6).contains(&frac.len()) && frac.chars().all(|c| c.is_ascii_digit()) => {
            (hms, format!("{frac:0<6}").parse::<u32>().ok()?)
        }
        Some(_) => return None,
        None => (text, 0),
    };
    let parts: Vec<&str> = hms.split(':').collect();
    let num = |s: &str| (1..=2).contains(&s.len()).then(|| s.parse::<u32>().ok()).flatten();
    let (h, m, s) = match parts.as_slice() {
        [h, m] if micros == 0 && !text.contains(['.', ',']) => (num(h)?, num(m)?, 0),
        [h, m, s] => (num(h)?, num(m)?, num(s)?),
        _ => return None,
    };
    NaiveTime::from_hms_micro_opt(h, m, s, micros)
}

fn datetime_from_json(value: &Value, spec: &FieldSpec) -> Result<DateTime<Utc>, Detail> {
    let Value::String(text) = value else { return Err(spec.fail("invalid", DATETIME_INVALID)) };
    if let Some(dt) = parse_datetime(text) {
        return Ok(dt);
    }
    if NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").is_ok() {
        return Err(spec.fail("date", "Expected a datetime but got a date."));
    }
    Err(spec.fail("invalid", DATETIME_INVALID))
}

/// Python's `isoformat()` in UTC with `+00:00` written as `Z`; microseconds only when non-zero.
fn render_datetime(dt: DateTime<Utc>) -> Value {
    let format = if dt.timestamp_subsec_micros() == 0 { SecondsFormat::Secs } else { SecondsFormat::Micros };
    Value::String(dt.to_rfc3339_opts(format, true))
}

impl FieldType for DateTime<Utc> {
    fn metadata_type(_spec: &FieldSpec) -> &'static str {
        "datetime"
    }
    fn from_json(value: &Value, spec: &FieldSpec) -> Result<Self, Detail> {
        datetime_from_json(value, spec)
    }
}
impl Represent for DateTime<Utc> {
    fn represent(&self, _spec: &FieldSpec) -> Value {
        render_datetime(*self)
    }
}

impl FieldType for DateTime<FixedOffset> {
    fn metadata_type(_spec: &FieldSpec) -> &'static str {
        "datetime"
    }
    fn from_json(value: &Value, spec: &FieldSpec) -> Result<Self, Detail> {
        datetime_from_json(value, spec).map(|dt| dt.fixed_offset())
    }
}
impl Represent for DateTime<FixedOffset> {
    fn represent(&self, _spec: &FieldSpec) -> Value {
        render_datetime(self.with_timezone(&Utc))
    }
}

impl FieldType for NaiveDateTime {
    fn metadata_type(_spec: &FieldSpec) -> &'static str {
        "datetime"
    }
    fn from_json(value: &Value, spec: &FieldSpec) -> Result<Self, Detail> {
        datetime_from_json(value, spec).map(|dt| dt.naive_utc())
    }
}
impl Represent for NaiveDateTime {
    fn represent(&self, _spec: &FieldSpec) -> Value {
        render_datetime(self.and_utc())
    }
}

impl FieldType for NaiveDate {
    fn metadata_type(_spec: &FieldSpec) -> &'static str {
        "date"
    }
    fn from_json(value: &Value, spec: &FieldSpec) -> Result<Self, Detail> {
        let Value::String(text) = value else { return Err(spec.fail("invalid", DATE_INVALID)) };
        if parse_datetime(text).is_some() {
            return Err(spec.fail("datetime", "Expected a date but got a datetime."));
        }
        let text = text.trim();
        // Django's date_re is strict: exactly YYYY-MM-DD (chrono alone would accept `2024-1-5`).
        if text.len() != 10 {
            return Err(spec.fail("invalid", DATE_INVALID));
        }
        NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| spec.fail("invalid", DATE_INVALID))
    }
}
impl Represent for NaiveDate {
    fn represent(&self, _spec: &FieldSpec) -> Value {
        Value::String(self.format("%Y-%m-%d").to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_django_datetime_forms() {
        let iso = |s: &str| parse_datetime(s).map(|d| d.to_rfc3339_opts(SecondsFormat::Micros, true));
        assert_eq!(iso("2001-01-01T13:00").as_deref(), Some("2001-01-01T13:00:00.000000Z"));
        assert_eq!(iso("2001-01-01 13:00:00.5+01:00").as_deref(), Some("2001-01-01T12:00:00.500000Z"));
        assert_eq!(iso("2001-01-01T13:00Z").as_deref(), Some("2001-01-01T13:00:00.000000Z"));
        assert_eq!(iso("2001-01-01T13:00:00-0130").as_deref(), Some("2001-01-01T14:30:00.000000Z"));
        assert_eq!(iso("2001-01-01"), None);
        assert_eq!(iso("abc"), None);
        assert_eq!(iso("2001-13-01T13:00"), None);
    }
}
