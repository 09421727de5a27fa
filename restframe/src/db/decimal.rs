//! [`Decimal`]: the model column type of Django's `DecimalField`, a `rust_decimal::Decimal` that
//! also reads what Django stores on SQLite.

use sea_orm::sea_query::{ArrayType, ColumnType, Nullable, ValueType, ValueTypeErr};
use sea_orm::{ColIdx, DbErr, QueryResult, TryGetError, TryGetable, Value};
use serde_json::Value as Json;

use crate::exceptions::{Detail, ErrorDetail};
use crate::fields::{FieldSpec, FieldType, Represent};

/// A `DecimalField` column: a `rust_decimal::Decimal` (`.0`, or through `Deref`) that reads
/// every value Django's SQLite backend leaves in a `decimal` column. SQLite keeps such a column
/// with NUMERIC affinity, so `Decimal('10.00')` is stored as the INTEGER `10` and `9.50` as the
/// REAL `9.5`; sea-orm's `rust_decimal::Decimal` only reads REAL there (`mismatched types ...
/// INTEGER`). This type reads any storage class as a float rounded to 15 significant digits, as
/// Django's SQLite converter does (`Context(prec=15).create_decimal_from_float`); on PostgreSQL
/// the `numeric` value is read exactly. A model serializer renders it quantized to the
/// column's `decimal_places`.
///
/// ```
/// use restframe::db::Decimal;
///
/// let price: Decimal = "9.50".parse()?;
/// assert_eq!(price.to_string(), "9.50");
/// assert_eq!(Decimal::from_sqlite_float(10.0).to_string(), "10");
/// assert_eq!(Decimal::from_sqlite_float(0.1 + 0.2).to_string(), "0.3");
/// # Ok::<(), rust_decimal::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Decimal(pub rust_decimal::Decimal);

impl Decimal {
    /// The decimal Django's SQLite converter makes of a stored float: 15 significant digits,
    /// trailing zeros dropped (the serializer quantizes it to `decimal_places`).
    pub fn from_sqlite_float(value: f64) -> Self {
        let rounded = format!("{value:.14e}");
        let decimal = rust_decimal::Decimal::from_scientific(&rounded)
            .or_else(|_| <rust_decimal::Decimal as TryFrom<f64>>::try_from(value))
            .unwrap_or_default();
        Self(decimal.normalize())
    }
}

impl std::ops::Deref for Decimal {
    type Target = rust_decimal::Decimal;
    fn deref(&self) -> &rust_decimal::Decimal {
        &self.0
    }
}

impl std::fmt::Display for Decimal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::str::FromStr for Decimal {
    type Err = rust_decimal::Error;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        text.parse().map(Self)
    }
}

impl From<rust_decimal::Decimal> for Decimal {
    fn from(value: rust_decimal::Decimal) -> Self {
        Self(value)
    }
}

impl From<Decimal> for rust_decimal::Decimal {
    fn from(value: Decimal) -> Self {
        value.0
    }
}

impl From<Decimal> for Value {
    fn from(value: Decimal) -> Self {
        Value::Decimal(Some(value.0))
    }
}

impl Nullable for Decimal {
    fn null() -> Value {
        Value::Decimal(None)
    }
}

impl ValueType for Decimal {
    fn try_from(value: Value) -> Result<Self, ValueTypeErr> {
        <rust_decimal::Decimal as ValueType>::try_from(value).map(Self)
    }
    fn type_name() -> String {
        "Decimal".to_owned()
    }
    fn array_type() -> ArrayType {
        ArrayType::Decimal
    }
    fn column_type() -> ColumnType {
        ColumnType::Decimal(None)
    }
}

impl TryGetable for Decimal {
    fn try_get_by<I: ColIdx>(res: &QueryResult, index: I) -> Result<Self, TryGetError> {
        let Some(row) = res.try_as_sqlite_row() else {
            return rust_decimal::Decimal::try_get_by(res, index).map(Self);
        };
        // Unchecked: SQLite converts INTEGER (and numeric TEXT) to a double itself.
        let value: Option<f64> = sea_orm::sqlx::Row::try_get_unchecked(row, index.as_sqlx_sqlite_index())
            .map_err(|err| TryGetError::DbErr(DbErr::Type(err.to_string())))?;
        match value {
            Some(value) => Ok(Self::from_sqlite_float(value)),
            None => Err(TryGetError::Null(format!("{index:?}"))),
        }
    }
}

/// Read on the calling thread as [`TryGetable`] reads it on SQLite (`crate::sqlite::rows`).
impl crate::sqlite::rows::SqliteValue for Decimal {
    fn from_sqlite(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        // As `Decimal`'s sea-orm reading: any number as a double; numeric text is left to sqlx.
        match value {
            rusqlite::types::ValueRef::Integer(i) => Ok(Self::from_sqlite_float(i as f64)),
            rusqlite::types::ValueRef::Real(f) => Ok(Self::from_sqlite_float(f)),
            _ => Err(rusqlite::types::FromSqlError::InvalidType),
        }
    }
}

/// DRF's `DecimalField`, as on a `rust_decimal::Decimal`.
impl FieldType for Decimal {
    fn metadata_type(spec: &FieldSpec) -> &'static str {
        rust_decimal::Decimal::metadata_type(spec)
    }
    fn from_json(value: &Json, spec: &FieldSpec) -> Result<Self, Detail> {
        rust_decimal::Decimal::from_json(value, spec).map(Self)
    }
    fn null_input(value: &Json, spec: &FieldSpec) -> bool {
        rust_decimal::Decimal::null_input(value, spec)
    }
    fn check(&self, spec: &FieldSpec, errors: &mut Vec<ErrorDetail>) {
        self.0.check(spec, errors);
    }
}

impl Represent for Decimal {
    fn represent(&self, spec: &FieldSpec) -> Json {
        self.0.represent(spec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_floats_read_as_django_reads_them() {
        let read = |value: f64| Decimal::from_sqlite_float(value).to_string();
        assert_eq!(read(9.5), "9.5");
        assert_eq!(read(1000.0), "1000");
        assert_eq!(read(-0.5), "-0.5");
        assert_eq!(read(9999.99), "9999.99");
        assert_eq!(read(1.0 / 3.0), "0.333333333333333");
        assert_eq!(read(0.0), "0");
    }
}
