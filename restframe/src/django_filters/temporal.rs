//! Django's temporal form fields behind django-filter's filters (`forms.DateField`,
//! `forms.DateTimeField`, `forms.TimeField` and django-filter's `IsoDateTimeField`): the English
//! input formats read as Python's `strptime` reads them, and Django's `parse_datetime`. Naive
//! date-times are in UTC (restframe's `TIME_ZONE`, with `USE_TZ = True`).

use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};
use regex::{Captures, Regex};

use crate::fields::iso;
use crate::python::str_strip;

/// `forms.DateField`'s `invalid` message.
pub(crate) const ENTER_A_VALID_DATE: &str = "Enter a valid date.";
/// `forms.DateTimeField`'s `invalid` message.
pub(crate) const ENTER_A_VALID_DATE_TIME: &str = "Enter a valid date/time.";
/// `forms.TimeField`'s `invalid` message.
pub(crate) const ENTER_A_VALID_TIME: &str = "Enter a valid time.";

/// `DATE_INPUT_FORMATS` of Django's `en` locale (ISO first).
const DATE_INPUT_FORMATS: [&str; 11] = [
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%b %d %Y",
    "%b %d, %Y",
    "%d %b %Y",
    "%d %b, %Y",
    "%B %d %Y",
    "%B %d, %Y",
    "%d %B %Y",
    "%d %B, %Y",
];

/// `DATETIME_INPUT_FORMATS` of the `en` locale, which `forms.DateTimeField` tries before the
/// date formats (`DateTimeFormatsIterator`).
const DATETIME_INPUT_FORMATS: [&str; 10] = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M:%S.%f",
    "%m/%d/%Y %H:%M",
    "%m/%d/%y %H:%M:%S",
    "%m/%d/%y %H:%M:%S.%f",
    "%m/%d/%y %H:%M",
    "%Y-%m-%d",
];

/// `TIME_INPUT_FORMATS` of the `en` locale.
const TIME_INPUT_FORMATS: [&str; 3] = ["%H:%M:%S", "%H:%M:%S.%f", "%H:%M"];

static DATE_PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| compile(&DATE_INPUT_FORMATS));
static DATETIME_PATTERNS: LazyLock<Vec<Regex>> =
    LazyLock::new(|| compile(&[&DATETIME_INPUT_FORMATS[..], &DATE_INPUT_FORMATS[..]].concat()));
static TIME_PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| compile(&TIME_INPUT_FORMATS));

fn compile(formats: &[&str]) -> Vec<Regex> {
    formats.iter().map(|format| Regex::new(&strptime_regex(format)).expect("a valid pattern")).collect()
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Python's `_strptime` pattern for a format: the same directive regexes, whitespace as `\s+`,
/// case-insensitive, anchored at both ends.
fn strptime_regex(format: &str) -> String {
    let abbreviated = MONTHS.map(|m| &m[..3]).join("|");
    let full = MONTHS.join("|");
    let body = format
        .replace('.', r"\.")
        .replace(' ', r"\s+")
        .replace("%Y", r"(?P<Y>[0-9]{4})")
        .replace("%y", r"(?P<y>[0-9]{2})")
        .replace("%m", r"(?P<m>1[0-2]|0[1-9]|[1-9])")
        .replace("%d", r"(?P<d>3[01]|[12][0-9]|0[1-9]|[1-9]| [1-9])")
        .replace("%b", &format!("(?P<b>{abbreviated})"))
        .replace("%B", &format!("(?P<B>{full})"))
        .replace("%H", r"(?P<H>2[0-3]|[0-1][0-9]|[0-9])")
        .replace("%M", r"(?P<M>[0-5][0-9]|[0-9])")
        .replace("%S", r"(?P<S>6[0-1]|[0-5][0-9]|[0-9])")
        .replace("%f", r"(?P<f>[0-9]{1,6})");
    format!("(?i)^{body}$")
}

fn number(caps: &Captures, name: &str) -> Option<u32> {
    caps.name(name).map_or(Some(0), |m| m.as_str().trim().parse().ok())
}

/// The date of a `strptime` match; Python's `date` has no year 0.
fn strptime_date(caps: &Captures) -> Option<NaiveDate> {
    let year = match (caps.name("Y"), caps.name("y")) {
        (Some(y), _) => y.as_str().parse().ok()?,
        // `%y`: 69-99 are 1969-1999, 00-68 are 2000-2068 (POSIX, as Python).
        (None, Some(y)) => match y.as_str().parse::<i32>().ok()? {
            y @ 69.. => 1900 + y,
            y => 2000 + y,
        },
        (None, None) => return None,
    };
    let month_name = caps.name("b").or_else(|| caps.name("B")).map(|m| m.as_str().to_lowercase());
    let month = match (caps.name("m"), month_name) {
        (Some(m), _) => m.as_str().parse().ok()?,
        (None, Some(name)) => MONTHS.iter().position(|m| m.starts_with(name.as_str()))? as u32 + 1,
        (None, None) => return None,
    };
    let day = caps.name("d")?.as_str().trim().parse().ok()?;
    if year < 1 {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The time of a `strptime` match (midnight without time directives; `%f` is right-padded).
fn strptime_time(caps: &Captures) -> Option<NaiveTime> {
    let micro = caps.name("f").map_or(Some(0), |m| format!("{:0<6}", m.as_str()).parse().ok())?;
    NaiveTime::from_hms_micro_opt(number(caps, "H")?, number(caps, "M")?, number(caps, "S")?, micro)
}

/// `BaseTemporalField.to_python`: the stripped value against each format in turn.
fn first_match<T>(patterns: &[Regex], raw: &str, convert: impl Fn(&Captures) -> Option<T>) -> Option<T> {
    let value = str_strip(raw);
    patterns.iter().find_map(|pattern| pattern.captures(value).and_then(|caps| convert(&caps)))
}

/// Django's `forms.DateField` (English `DATE_INPUT_FORMATS`: case-insensitive month names,
/// runs of whitespace, one-digit days and months). `None` for an empty value.
pub(crate) fn date_field(raw: &str) -> Result<Option<NaiveDate>, &'static str> {
    if raw.is_empty() {
        return Ok(None);
    }
    first_match(&DATE_PATTERNS, raw, strptime_date).map(Some).ok_or(ENTER_A_VALID_DATE)
}

/// Django's `forms.TimeField` (`%H:%M:%S`, `%H:%M:%S.%f`, `%H:%M`). `None` for an empty value.
pub(crate) fn time_field(raw: &str) -> Result<Option<NaiveTime>, &'static str> {
    if raw.is_empty() {
        return Ok(None);
    }
    first_match(&TIME_PATTERNS, raw, strptime_time).map(Some).ok_or(ENTER_A_VALID_TIME)
}

/// A cleaned date-time: the UTC instant, or `None` when converting the value's offset to UTC
/// leaves Python's years 1 to 9999 (no row can hold it).
pub(crate) type Instant = Option<DateTime<Utc>>;

/// An aware value in UTC; a naive one is UTC already (`from_current_timezone`).
fn to_utc(naive: NaiveDateTime, offset_micros: Option<i64>) -> Instant {
    let utc = naive.checked_sub_signed(TimeDelta::microseconds(offset_micros.unwrap_or(0)))?;
    (1..=9999).contains(&chrono::Datelike::year(&utc)).then(|| utc.and_utc())
}

/// Django's `forms.DateTimeField`: `parse_datetime` on the stripped text, then the English
/// `DATETIME_INPUT_FORMATS` and `DATE_INPUT_FORMATS`. `None` for an empty value.
pub(crate) fn datetime_field(raw: &str) -> Result<Option<Instant>, &'static str> {
    if raw.is_empty() {
        return Ok(None);
    }
    if let Some((naive, offset)) = iso::parse_datetime(str_strip(raw)) {
        return Ok(Some(to_utc(naive, offset)));
    }
    let naive = first_match(&DATETIME_PATTERNS, raw, |caps| {
        Some(NaiveDateTime::new(strptime_date(caps)?, strptime_time(caps)?))
    });
    naive.map(|naive| Some(to_utc(naive, None))).ok_or(ENTER_A_VALID_DATE_TIME)
}

/// django-filter's `IsoDateTimeField` (the REST framework filter set's field for a model
/// `DateTimeField`): Django's `parse_datetime` only. `None` for an empty value.
pub(crate) fn iso_datetime_field(raw: &str) -> Result<Option<Instant>, &'static str> {
    if raw.is_empty() {
        return Ok(None);
    }
    match iso::parse_datetime(str_strip(raw)) {
        Some((naive, offset)) => Ok(Some(to_utc(naive, offset))),
        None => Err(ENTER_A_VALID_DATE_TIME),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, micro: u32) -> Option<Instant> {
        Some(date(y, mo, d).and_then(|date| date.and_hms_micro_opt(h, mi, s, micro)).map(|dt| dt.and_utc()))
    }

    #[test]
    fn dates_parse_with_djangos_english_input_formats() {
        assert_eq!(date_field("1965-8-1"), Ok(date(1965, 8, 1)));
        assert_eq!(date_field(" 8/1/1965 "), Ok(date(1965, 8, 1)));
        assert_eq!(date_field("8/1/65"), Ok(date(2065, 8, 1)));
        assert_eq!(date_field("8/1/69"), Ok(date(1969, 8, 1)));
        assert_eq!(date_field("aug 01, 1965"), Ok(date(1965, 8, 1)));
        assert_eq!(date_field("1  AUGUST 1965"), Ok(date(1965, 8, 1)));
        assert_eq!(date_field("Aug  1 1965"), Ok(date(1965, 8, 1)));
        for bad in ["1965-02-30", "65-8-1", "1965-W09-6", "19650801", "0000-01-01", "x"] {
            assert_eq!(date_field(bad), Err(ENTER_A_VALID_DATE), "{bad}");
        }
        assert_eq!(date_field(""), Ok(None));
    }

    // Each checked with Django 6.1's `forms.DateTimeField().clean()` / `IsoDateTimeField`.
    #[test]
    fn datetimes_parse_as_djangos_form_fields() {
        assert_eq!(datetime_field("03/01/2026 08:30"), Ok(at(2026, 3, 1, 8, 30, 0, 0)));
        assert_eq!(datetime_field("Mar 1 2026"), Ok(at(2026, 3, 1, 0, 0, 0, 0)));
        assert_eq!(datetime_field("2026-03-01 08"), Ok(at(2026, 3, 1, 8, 0, 0, 0)));
        assert_eq!(datetime_field("2026-03-01T09:30:00+01:00"), Ok(at(2026, 3, 1, 8, 30, 0, 0)));
        assert_eq!(datetime_field("03/01/26 08:30:00.5"), Ok(at(2026, 3, 1, 8, 30, 0, 500_000)));
        assert_eq!(datetime_field("0001-01-01T00:00:00+01:00"), Ok(Some(None)));
        assert_eq!(iso_datetime_field("03/01/2026 08:30"), Err(ENTER_A_VALID_DATE_TIME));
        assert_eq!(iso_datetime_field(" 2026-3-1 8:30 "), Ok(at(2026, 3, 1, 8, 30, 0, 0)));
        for bad in ["abc", " ", "2026-02-30 08:30", "2026-03-01 25:00", "2026-03-01T08:30:00+25:00"] {
            assert_eq!(datetime_field(bad), Err(ENTER_A_VALID_DATE_TIME), "{bad}");
        }
    }

    #[test]
    fn times_parse_with_djangos_english_input_formats() {
        let time = |h, m, s, micro| Ok(NaiveTime::from_hms_micro_opt(h, m, s, micro));
        assert_eq!(time_field("9:00"), time(9, 0, 0, 0));
        assert_eq!(time_field(" 09:30:15.5 "), time(9, 30, 15, 500_000));
        for bad in ["09:30:15.0000001", "0930", "09:30:15Z", "25:00", "09:00 AM", "09:00:60", "x"] {
            assert_eq!(time_field(bad), Err(ENTER_A_VALID_TIME), "{bad}");
        }
    }
}
