//! `DateTimeField`, `DateField`, `TimeField` and `DurationField`: text read as Django's
//! `dateparse` reads it (see [`super::iso`]), rendered as DRF's ISO 8601 output, with UTC as
//! Django's startproject `TIME_ZONE`.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike, Utc};
use serde_json::Value;

use super::iso::{self, DurationError};
use super::{FieldSpec, FieldType, Represent};
use crate::exceptions::Detail;
use crate::python::float_repr;

const DATETIME_INVALID: &str =
    "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].";
const DATE_INVALID: &str = "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.";
const TIME_INVALID: &str = "Time has wrong format. Use one of these formats instead: hh:mm[:ss[.uuuuuu]].";
const DURATION_INVALID: &str =
    "Duration has wrong format. Use one of these formats instead: [DD] [HH:[MM:]]ss[.uuuuuu].";

/// Python's `datetime` holds years 1 to 9999 only.
fn in_python_range(dt: NaiveDateTime) -> bool {
    (1..=9999).contains(&dt.year())
}

/// `DateTimeField.to_internal_value` + `enforce_timezone`: the value as a UTC wall-clock time.
/// An offset is applied (`astimezone(UTC)`); leaving Python's year range is `overflow`.
fn datetime_from_json(value: &Value, spec: &FieldSpec) -> Result<NaiveDateTime, Detail> {
    let Value::String(text) = value else { return Err(spec.fail("invalid", DATETIME_INVALID)) };
    let (naive, offset) = iso::parse_datetime(text).ok_or_else(|| spec.fail("invalid", DATETIME_INVALID))?;
    let Some(offset) = offset else { return Ok(naive) };
    naive
        .checked_sub_signed(TimeDelta::microseconds(offset))
        .filter(|utc| in_python_range(*utc))
        .ok_or_else(|| spec.fail("overflow", "Datetime value out of range."))
}

/// Python's `isoformat()`: microseconds only when non-zero.
fn isoformat(dt: NaiveDateTime) -> String {
    let mut out = String::with_capacity(27);
    if write_date(&mut out, dt.date()) {
        out.push('T');
        if write_time(&mut out, dt.time()) {
            return out;
        }
    }
    let format = if dt.nanosecond() / 1000 == 0 { "%Y-%m-%dT%H:%M:%S" } else { "%Y-%m-%dT%H:%M:%S%.6f" };
    dt.format(format).to_string()
}

/// `n` as `width` decimal digits, zero-padded (`n` has at most `width` digits).
fn push_digits(out: &mut String, n: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = n / 10u32.pow(place) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}

/// `YYYY-MM-DD` as chrono's `%Y-%m-%d` writes it, without parsing a format string on every
/// value (that was 2 % of a detail request); `false` for years outside 0-9999 (chrono writes
/// those with a sign), left to chrono.
fn write_date(out: &mut String, date: NaiveDate) -> bool {
    let Ok(year) = u32::try_from(date.year()) else { return false };
    if year > 9999 {
        return false;
    }
    push_digits(out, year, 4);
    out.push('-');
    push_digits(out, date.month(), 2);
    out.push('-');
    push_digits(out, date.day(), 2);
    true
}

/// `HH:MM:SS` and `.ffffff` when the microseconds are not zero (`%H:%M:%S%.6f`); `false` for
/// a leap second (chrono writes `:60`), left to chrono.
fn write_time(out: &mut String, time: NaiveTime) -> bool {
    let micros = time.nanosecond() / 1000;
    if micros >= 1_000_000 {
        return false;
    }
    push_digits(out, time.hour(), 2);
    out.push(':');
    push_digits(out, time.minute(), 2);
    out.push(':');
    push_digits(out, time.second(), 2);
    if micros != 0 {
        out.push('.');
        push_digits(out, micros, 6);
    }
    true
}

/// DRF's output: `isoformat()` of the UTC value with `+00:00` written `Z`. A naive value is
/// made aware in UTC first, as DRF does under `USE_TZ = True` (even with
/// `default_timezone=None`, which only matters when `USE_TZ` is off).
fn render_datetime(utc: NaiveDateTime) -> Value {
    Value::String(isoformat(utc) + "Z")
}

impl FieldType for DateTime<Utc> {
    fn metadata_type(_spec: &FieldSpec) -> &'static str {
        "datetime"
    }
    fn from_json(value: &Value, spec: &FieldSpec) -> Result<Self, Detail> {
        datetime_from_json(value, spec).map(|dt| dt.and_utc())
    }
}
impl Represent for DateTime<Utc> {
    fn represent(&self, _spec: &FieldSpec) -> Value {
        render_datetime(self.naive_utc())
    }
}

impl FieldType for DateTime<FixedOffset> {
    fn metadata_type(_spec: &FieldSpec) -> &'static str {
        "datetime"
    }
    fn from_json(value: &Value, spec: &FieldSpec) -> Result<Self, Detail> {
        datetime_from_json(value, spec).map(|dt| dt.and_utc().fixed_offset())
    }
}
impl Represent for DateTime<FixedOffset> {
    fn represent(&self, _spec: &FieldSpec) -> Value {
        render_datetime(self.naive_utc())
    }
}

impl FieldType for NaiveDateTime {
    fn metadata_type(_spec: &FieldSpec) -> &'static str {
        "datetime"
    }
    fn from_json(value: &Value, spec: &FieldSpec) -> Result<Self, Detail> {
        datetime_from_json(value, spec)
    }
}
impl Represent for NaiveDateTime {
    fn represent(&self, _spec: &FieldSpec) -> Value {
        render_datetime(*self)
    }
}

impl FieldType for NaiveDate {
    fn metadata_type(_spec: &FieldSpec) -> &'static str {
        "date"
    }
    /// DRF's `Expected a date but got a datetime.` is for Python `datetime` objects only; a
    /// datetime string is just the wrong format.
    fn from_json(value: &Value, spec: &FieldSpec) -> Result<Self, Detail> {
        let Value::String(text) = value else { return Err(spec.fail("invalid", DATE_INVALID)) };
        iso::parse_date(text).ok_or_else(|| spec.fail("invalid", DATE_INVALID))
    }
}
impl Represent for NaiveDate {
    fn represent(&self, _spec: &FieldSpec) -> Value {
        let mut out = String::with_capacity(10);
        if write_date(&mut out, *self) {
            return Value::String(out);
        }
        Value::String(self.format("%Y-%m-%d").to_string())
    }
}

/// `TimeField`: Django's `parse_time` (an offset is accepted and dropped).
impl FieldType for NaiveTime {
    fn metadata_type(_spec: &FieldSpec) -> &'static str {
        "time"
    }
    fn from_json(value: &Value, spec: &FieldSpec) -> Result<Self, Detail> {
        let Value::String(text) = value else { return Err(spec.fail("invalid", TIME_INVALID)) };
        iso::parse_time(text).ok_or_else(|| spec.fail("invalid", TIME_INVALID))
    }
}
impl Represent for NaiveTime {
    fn represent(&self, _spec: &FieldSpec) -> Value {
        let mut out = String::with_capacity(15);
        if write_time(&mut out, *self) {
            return Value::String(out);
        }
        let format = if self.nanosecond() / 1000 == 0 { "%H:%M:%S" } else { "%H:%M:%S%.6f" };
        Value::String(self.format(format).to_string())
    }
}

/// `DurationField`: Django's `parse_duration` of `str(value)` (so `3600` is an hour of
/// seconds), rendered by Django's `duration_string` (`"3 08:32:01.000123"`).
impl FieldType for TimeDelta {
    fn metadata_type(_spec: &FieldSpec) -> &'static str {
        "duration"
    }
    fn from_json(value: &Value, spec: &FieldSpec) -> Result<Self, Detail> {
        let text = match value {
            Value::String(s) => s.clone(),
            Value::Number(n) if n.is_f64() => n.as_f64().map(float_repr).unwrap_or_default(),
            Value::Number(n) => n.to_string(),
            _ => return Err(spec.fail("invalid", DURATION_INVALID)),
        };
        iso::parse_duration(&text).map_err(|err| match err {
            DurationError::Invalid => spec.fail("invalid", DURATION_INVALID),
            DurationError::Overflow => Detail::List(vec![
                spec.error(
                    "overflow",
                    "The number of days must be between {min_days} and {max_days}.",
                    &[("min_days", &-iso::MAX_DAYS), ("max_days", &iso::MAX_DAYS)],
                )
                .into(),
            ]),
        })
    }
}
impl Represent for TimeDelta {
    fn represent(&self, _spec: &FieldSpec) -> Value {
        Value::String(iso::duration_string(*self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duration_string_matches_django() {
        let us = TimeDelta::microseconds;
        assert_eq!(iso::duration_string(TimeDelta::seconds(3600)), "01:00:00");
        assert_eq!(iso::duration_string(us(288_721_000_123)), "3 08:12:01.000123");
        assert_eq!(iso::duration_string(TimeDelta::seconds(-1)), "-1 23:59:59");
    }

    /// The direct writers against chrono's formats, which they replace, over the edges: years
    /// 0, 1, 999 and 9999 (and the signed years chrono writes itself), microseconds zero and
    /// not, nanoseconds below a microsecond, a leap second.
    #[test]
    fn rendering_matches_chronos_formats() {
        let spec = FieldSpec::new("at");
        let string = |value: Value| value.as_str().expect("a string").to_owned();
        for year in [-1, 0, 1, 999, 1951, 2026, 9999, 10000] {
            for (nano, second) in
                [(0, 0), (999, 5), (1_000, 59), (123_456_789, 7), (999_999_999, 59), (1_500_000_000, 59)]
            {
                let date = NaiveDate::from_ymd_opt(year, 2, 3).expect("a date");
                let time = NaiveTime::from_hms_nano_opt(4, 5, second, nano).expect("a time");
                let dt = date.and_time(time);
                let micros = if nano / 1000 % 1_000_000 == 0 { "" } else { "%.6f" };
                assert_eq!(string(dt.represent(&spec)), dt.format(&format!("%Y-%m-%dT%H:%M:%S{micros}Z")).to_string());
                assert_eq!(string(dt.and_utc().represent(&spec)), string(dt.represent(&spec)));
                assert_eq!(string(date.represent(&spec)), date.format("%Y-%m-%d").to_string());
                assert_eq!(string(time.represent(&spec)), time.format(&format!("%H:%M:%S{micros}")).to_string());
            }
        }
        let dt =
            NaiveDate::from_ymd_opt(2026, 11, 28).and_then(|d| d.and_hms_micro_opt(14, 0, 0, 5)).expect("a datetime");
        assert_eq!(string(dt.represent(&spec)), "2026-11-28T14:00:00.000005Z");
    }
}
