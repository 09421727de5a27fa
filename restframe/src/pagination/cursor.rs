//! DRF's `CursorPagination`: opaque cursors of an offset, a direction and a position in the
//! ordering, stable while rows are added.

mod codec;

use sea_orm::sea_query::{ColumnType, Value as SqlValue};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, IdenStatic, Iterable, ModelTrait, Order, PrimaryKeyToColumn,
    QueryFilter, QueryOrder, QueryTrait, Select,
};
use serde_json::Value;

use super::urls::{replace_query_param, request_url};
use super::{BasePagination, Page, PageState, downcast_state, envelope, positive_int, sql_u64};
use crate::exceptions::ApiError;
use crate::request::Request;
use crate::response::Response;
use codec::Cursor;

/// DRF's `CursorPagination`: `?cursor=cD0yMDI2...` links only (no count), ordered by
/// `ordering` (default `-created`), whose first field must be unique or nearly so and
/// unchanging. A cursor that does not decode is `404 {"detail":"Invalid cursor"}`.
///
/// ```
/// use restframe::pagination::CursorPagination;
///
/// // class ReviewCursor(CursorPagination): ordering = ('-created', '-id'); page_size = 20
/// const REVIEWS: CursorPagination =
///     CursorPagination { ordering: &["-created", "-id"], page_size: Some(20), ..CursorPagination::new() };
/// assert_eq!(REVIEWS.cursor_query_param, "cursor");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CursorPagination {
    /// DRF's `cursor_query_param` (`cursor`).
    pub cursor_query_param: &'static str,
    /// DRF's `page_size`; `None` is the `PAGE_SIZE` setting. No page size (or `0`): the list is
    /// not paginated.
    pub page_size: Option<u64>,
    /// DRF's `invalid_cursor_message` (`Invalid cursor`).
    pub invalid_cursor_message: &'static str,
    /// DRF's `ordering`: model field names (database columns, or `pk`), `-` for descending.
    /// The first one positions the cursor. Empty, unknown or `__` fields are a configuration
    /// error (500). A view's `OrderingFilter` replaces it with the ordering it gives.
    pub ordering: &'static [&'static str],
    /// DRF's `page_size_query_param` (`None`: clients cannot set the page size).
    pub page_size_query_param: Option<&'static str>,
    /// DRF's `max_page_size`.
    pub max_page_size: Option<u64>,
    /// DRF's `offset_cutoff` (1000): the largest offset a cursor may carry.
    pub offset_cutoff: u64,
}

impl CursorPagination {
    /// DRF's class attributes: `?cursor=`, `PAGE_SIZE`, `ordering = '-created'`.
    pub const fn new() -> Self {
        Self {
            cursor_query_param: "cursor",
            page_size: None,
            invalid_cursor_message: "Invalid cursor",
            ordering: &["-created"],
            page_size_query_param: None,
            max_page_size: None,
            offset_cutoff: 1000,
        }
    }

    /// DRF's `get_page_size(request)`, as
    /// [`PageNumberPagination::get_page_size`](super::PageNumberPagination::get_page_size).
    pub fn get_page_size(&self, request: &Request) -> Option<u64> {
        if let Some(param) = self.page_size_query_param
            && let Some(size) = request.query_param(param).and_then(|v| positive_int(&v, true, self.max_page_size))
        {
            return Some(sql_u64(size));
        }
        self.page_size.or(request.settings().page_size())
    }

    fn invalid_cursor(&self) -> ApiError {
        ApiError::not_found_with(self.invalid_cursor_message)
    }

    /// DRF's `get_ordering` checks (its assertions) on `ordering` (the paginator's, or the view's
    /// ordering filter's), with each field's column; `pk` is the primary key.
    fn columns<E: EntityTrait>(&self, ordering: &[&str]) -> Result<Vec<(E::Column, Order)>, ApiError> {
        if ordering.is_empty() {
            return Err(ApiError::internal(
                "Using cursor pagination, but no ordering attribute was declared on the pagination class.",
            ));
        }
        ordering
            .iter()
            .map(|field| {
                let (name, order) = match field.strip_prefix('-') {
                    Some(name) => (name, Order::Desc),
                    None => (*field, Order::Asc),
                };
                if name.contains("__") {
                    return Err(ApiError::internal(
                        "Cursor pagination does not support double underscore lookups for orderings.",
                    ));
                }
                let column = if name == "pk" {
                    <E::PrimaryKey as Iterable>::iter().next().map(PrimaryKeyToColumn::into_column)
                } else {
                    <E::Column as Iterable>::iter().find(|column| column.as_str() == name)
                };
                column
                    .map(|column| (column, order))
                    .ok_or_else(|| ApiError::internal(format!("restframe: cursor ordering names no column `{name}`")))
            })
            .collect()
    }
}

impl Default for CursorPagination {
    fn default() -> Self {
        Self::new()
    }
}

/// DRF's paginator attributes after `paginate_queryset`: the cursor it was asked with, the
/// positions of the page's rows (in answer order) and the neighbours' positions.
struct CursorState {
    page_size: u64,
    cursor: Option<Cursor>,
    positions: Vec<String>,
    has_next: bool,
    has_previous: bool,
    next_position: Option<String>,
    previous_position: Option<String>,
}

impl BasePagination for CursorPagination {
    async fn paginate_queryset<E>(
        &self,
        queryset: Select<E>,
        request: &Request,
        db: &DatabaseConnection,
    ) -> Result<Option<Page<E::Model>>, ApiError>
    where
        E: EntityTrait<Model: Send + Sync>,
    {
        self.paginate_view_queryset(queryset, request, db, &[]).await
    }

    /// DRF's `paginate_queryset` with its `get_ordering`: the view's ordering filter's
    /// `view_ordering` when not empty, else [`CursorPagination::ordering`].
    async fn paginate_view_queryset<E>(
        &self,
        queryset: Select<E>,
        request: &Request,
        db: &DatabaseConnection,
        view_ordering: &[String],
    ) -> Result<Option<Page<E::Model>>, ApiError>
    where
        E: EntityTrait<Model: Send + Sync>,
    {
        let page_size = match self.get_page_size(request) {
            Some(size) if size > 0 => size,
            _ => return Ok(None),
        };
        let ordering: Vec<&str> = if view_ordering.is_empty() {
            self.ordering.to_vec()
        } else {
            view_ordering.iter().map(String::as_str).collect()
        };
        let columns = self.columns::<E>(&ordering)?;
        let cursor = match request.query_param(self.cursor_query_param) {
            Some(encoded) => Some(Cursor::decode(&encoded, self.offset_cutoff).ok_or_else(|| self.invalid_cursor())?),
            None => None,
        };
        let (offset, reverse, current_position) = match &cursor {
            Some(c) => (c.offset, c.reverse, c.position.clone()),
            None => (0, false, None),
        };
        // Cursor pagination always enforces an ordering (Django's `order_by` replaces any).
        let mut queryset = queryset;
        QueryTrait::query(&mut queryset).clear_order_by();
        for (column, order) in &columns {
            let order = match (reverse, order) {
                (false, order) => order.clone(),
                (true, Order::Desc) => Order::Asc,
                (true, _) => Order::Desc,
            };
            queryset = queryset.order_by(*column, order);
        }
        let (first, first_order) = (columns[0].0, columns[0].1.clone());
        if let Some(position) = &current_position {
            let value = position_value(&first, position).ok_or_else(|| self.invalid_cursor())?;
            let is_reversed = matches!(first_order, Order::Desc);
            queryset = if reverse != is_reversed {
                queryset.filter(first.lt(value))
            } else {
                queryset.filter(first.gt(value))
            };
        }
        // One extra row tells whether a page follows.
        let mut results = super::slice(queryset, offset, page_size.saturating_add(1), db, Some(request)).await?;
        let following_position = if results.len() as u64 > page_size {
            let extra = results.pop();
            extra.map(|row| python_str(&row.get(first))).transpose()?
        } else {
            None
        };
        let has_following_position = following_position.is_some();
        if reverse {
            results.reverse();
        }
        let positions = results.iter().map(|row| python_str(&row.get(first))).collect::<Result<Vec<_>, _>>()?;
        let state = if reverse {
            let has_next = current_position.is_some() || offset > 0;
            CursorState {
                page_size,
                positions,
                has_next,
                has_previous: has_following_position,
                next_position: if has_next { current_position } else { None },
                previous_position: following_position,
                cursor,
            }
        } else {
            let has_previous = current_position.is_some() || offset > 0;
            CursorState {
                page_size,
                positions,
                has_next: has_following_position,
                has_previous,
                next_position: following_position,
                previous_position: if has_previous { current_position } else { None },
                cursor,
            }
        };
        Ok(Some(Page { objects: results, state: Box::new(state) }))
    }

    fn get_paginated_response(&self, request: &Request, state: PageState, data: Value) -> Result<Response, ApiError> {
        let state = downcast_state::<CursorState>(state)?;
        let base_url = request_url(request)?;
        let link = |cursor: Cursor| replace_query_param(&base_url, self.cursor_query_param, &cursor.encode());
        Ok(envelope([
            ("next", next_cursor(&state).map(link).into()),
            ("previous", previous_cursor(&state).map(link).into()),
            ("results", data),
        ]))
    }

    fn schema_class(&self, _config: &crate::request::RequestConfig) -> Option<super::PaginationClass> {
        Some(self.clone().into())
    }
}

/// DRF's `get_next_link` without the URL: the first position from the end of the page that
/// differs from the one after it, with the count of equal positions skipped as the offset.
fn next_cursor(state: &CursorState) -> Option<Cursor> {
    if !state.has_next {
        return None;
    }
    let page = &state.positions;
    let reversing_with_offset = state.cursor.as_ref().is_some_and(|c| c.reverse && c.offset != 0);
    let mut compare = match page.last() {
        Some(last) if reversing_with_offset => Some(last.clone()),
        _ => state.next_position.clone(),
    };
    let (mut offset, mut position) = (0, None);
    let mut unique = false;
    for item in page.iter().rev() {
        position = Some(item.clone());
        if position != compare {
            unique = true;
            break;
        }
        compare = position.clone();
        offset += 1;
    }
    if !page.is_empty() && !unique {
        if !state.has_previous {
            // The first page: skip it whole, with no position yet.
            offset = state.page_size;
            position = None;
        } else if state.cursor.as_ref().is_some_and(|c| c.reverse) {
            // Changing direction skips a few rows forward, as DRF's does.
            offset = 0;
            position = state.previous_position.clone();
        } else {
            offset = state.cursor.as_ref().map_or(0, |c| c.offset).saturating_add(state.page_size);
            position = state.previous_position.clone();
        }
    }
    if page.is_empty() {
        position = state.next_position.clone();
    }
    Some(Cursor { offset, reverse: false, position })
}

/// DRF's `get_previous_link` without the URL: [`next_cursor`] from the page's other end.
fn previous_cursor(state: &CursorState) -> Option<Cursor> {
    if !state.has_previous {
        return None;
    }
    let page = &state.positions;
    let forward_with_offset = state.cursor.as_ref().is_some_and(|c| !c.reverse && c.offset != 0);
    let mut compare = match page.first() {
        Some(first) if forward_with_offset => Some(first.clone()),
        _ => state.previous_position.clone(),
    };
    let (mut offset, mut position) = (0, None);
    let mut unique = false;
    for item in page {
        position = Some(item.clone());
        if position != compare {
            unique = true;
            break;
        }
        compare = position.clone();
        offset += 1;
    }
    if !page.is_empty() && !unique {
        if !state.has_next {
            // The final page: an offset of a page size, with no position yet.
            offset = state.page_size;
            position = None;
        } else if state.cursor.as_ref().is_some_and(|c| c.reverse) {
            offset = state.cursor.as_ref().map_or(0, |c| c.offset).saturating_add(state.page_size);
            position = state.next_position.clone();
        } else {
            // Changing direction skips a few rows back, as DRF's does.
            offset = 0;
            position = state.next_position.clone();
        }
    }
    if page.is_empty() {
        position = state.previous_position.clone();
    }
    Some(Cursor { offset, reverse: true, position })
}

/// DRF's `_get_position_from_instance`: `str(getattr(instance, field))` as Python prints the
/// value Django loaded (aware datetimes in UTC, `True`, `None`).
fn python_str(value: &SqlValue) -> Result<String, ApiError> {
    let utc = |dt: chrono::DateTime<chrono::Utc>| python_datetime(&dt.naive_utc(), "+00:00");
    let text = match value {
        SqlValue::Bool(Some(b)) => if *b { "True" } else { "False" }.to_owned(),
        SqlValue::TinyInt(Some(v)) => v.to_string(),
        SqlValue::SmallInt(Some(v)) => v.to_string(),
        SqlValue::Int(Some(v)) => v.to_string(),
        SqlValue::BigInt(Some(v)) => v.to_string(),
        SqlValue::TinyUnsigned(Some(v)) => v.to_string(),
        SqlValue::SmallUnsigned(Some(v)) => v.to_string(),
        SqlValue::Unsigned(Some(v)) => v.to_string(),
        SqlValue::BigUnsigned(Some(v)) => v.to_string(),
        SqlValue::Float(Some(v)) => crate::python::float_repr(f64::from(*v)),
        SqlValue::Double(Some(v)) => crate::python::float_repr(*v),
        SqlValue::String(Some(s)) => s.clone(),
        SqlValue::Char(Some(c)) => c.to_string(),
        SqlValue::ChronoDate(Some(d)) => d.format("%Y-%m-%d").to_string(),
        SqlValue::ChronoDateTime(Some(dt)) => python_datetime(dt, ""),
        SqlValue::ChronoDateTimeUtc(Some(dt)) => utc(*dt),
        SqlValue::ChronoDateTimeWithTimeZone(Some(dt)) => utc(dt.to_utc()),
        SqlValue::ChronoDateTimeLocal(Some(dt)) => utc(dt.to_utc()),
        SqlValue::ChronoTime(Some(t)) => t.to_string(),
        other if *other == other.as_null() => "None".to_owned(),
        other => {
            return Err(ApiError::internal(format!("restframe: cannot position a cursor on {other:?}")));
        }
    };
    Ok(text)
}

/// Python's `str(datetime)`: `YYYY-MM-DD HH:MM:SS`, `.ffffff` when there are microseconds, then
/// the UTC offset of an aware value.
fn python_datetime(dt: &chrono::NaiveDateTime, offset: &str) -> String {
    use chrono::Timelike;
    let micros = dt.nanosecond() / 1000 % 1_000_000;
    let base = dt.format("%Y-%m-%d %H:%M:%S");
    if micros == 0 { format!("{base}{offset}") } else { format!("{base}.{micros:06}{offset}") }
}

/// The cursor's position as a value of the column's type, as Django's field `to_python` reads
/// the string in `filter(created__lt=position)`; `None` when it does not convert.
fn position_value<C: ColumnTrait>(column: &C, position: &str) -> Option<SqlValue> {
    let value = match column.def().get_column_type() {
        ColumnType::TinyInteger
        | ColumnType::SmallInteger
        | ColumnType::Integer
        | ColumnType::BigInteger
        | ColumnType::TinyUnsigned
        | ColumnType::SmallUnsigned
        | ColumnType::Unsigned
        | ColumnType::BigUnsigned => SqlValue::BigInt(Some(i64::try_from(crate::python::int(position, 10)?).ok()?)),
        ColumnType::Char(_) | ColumnType::String(_) | ColumnType::Text => SqlValue::String(Some(position.to_owned())),
        ColumnType::Boolean => match position {
            "True" | "true" | "1" => SqlValue::Bool(Some(true)),
            "False" | "false" | "0" => SqlValue::Bool(Some(false)),
            _ => return None,
        },
        ColumnType::Date => SqlValue::ChronoDate(Some(chrono::NaiveDate::parse_from_str(position, "%Y-%m-%d").ok()?)),
        ColumnType::TimestampWithTimeZone => SqlValue::ChronoDateTimeUtc(Some(parse_datetime(position)?.to_utc())),
        ColumnType::DateTime | ColumnType::Timestamp => {
            SqlValue::ChronoDateTime(Some(parse_datetime(position)?.naive_utc()))
        }
        ColumnType::Float | ColumnType::Double => SqlValue::Double(Some(crate::python::float(position)?)),
        _ => return None,
    };
    Some(value)
}

/// Django's `parse_datetime` for what Python's `str(datetime)` writes (`T` or a space between
/// date and time, optional fraction, optional offset; no offset is UTC, Django's default
/// `TIME_ZONE`).
fn parse_datetime(text: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    let text = text.trim().replacen('T', " ", 1);
    let text = match text.strip_suffix('Z') {
        Some(rest) => format!("{rest}+00:00"),
        None => text,
    };
    chrono::DateTime::parse_from_str(&text, "%Y-%m-%d %H:%M:%S%.f%:z")
        .or_else(|_| chrono::DateTime::parse_from_str(&text, "%Y-%m-%d %H:%M:%S%.f%z"))
        .ok()
        .or_else(|| {
            let naive = chrono::NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M:%S%.f").ok()?;
            Some(naive.and_utc().fixed_offset())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_print_as_python_prints_them() {
        let dt = chrono::DateTime::parse_from_rfc3339("2026-01-02T03:04:06.123456Z").expect("dt").to_utc();
        assert_eq!(
            python_str(&SqlValue::ChronoDateTimeUtc(Some(dt))).expect("str"),
            "2026-01-02 03:04:06.123456+00:00"
        );
        let whole = chrono::DateTime::parse_from_rfc3339("2026-01-02T03:04:06+02:00").expect("dt");
        assert_eq!(
            python_str(&SqlValue::ChronoDateTimeWithTimeZone(Some(whole))).expect("str"),
            "2026-01-02 01:04:06+00:00"
        );
        assert_eq!(python_str(&SqlValue::Bool(Some(true))).expect("str"), "True");
        assert_eq!(python_str(&SqlValue::Int(None)).expect("str"), "None");
        assert_eq!(parse_datetime("2026-01-02 03:04:06.123456+00:00"), Some(dt.fixed_offset()));
        assert_eq!(parse_datetime("2026-01-02 01:04:06+00:00").map(|d| d.to_utc()), Some(whole.to_utc()));
        assert_eq!(parse_datetime("garbage"), None);
    }
}
