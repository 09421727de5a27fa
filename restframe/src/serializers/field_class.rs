//! Django's model field classes as far as the column is concerned: `data_types`,
//! `data_type_check_constraints` and `data_types_suffix` of the SQLite and PostgreSQL backends
//! (`django/db/backends/{sqlite3,postgresql}/base.py`).

use sea_orm::DbBackend;

/// A Django model field class (`Field.get_internal_type()`), which fixes the column type.
/// `#[derive(ModelMeta)]` picks it from the Rust type and `#[sea_orm(column_type)]`
/// ([`crate::serializers::ModelField::field_type`]).
///
/// ```
/// use restframe::db::schema::FieldType;
/// use sea_orm::DbBackend;
///
/// let price = FieldType::DecimalField { max_digits: Some(6), decimal_places: Some(2) };
/// assert_eq!(price.db_type(DbBackend::Postgres, None), "numeric(6, 2)");
/// assert_eq!(price.db_type(DbBackend::Sqlite, None), "decimal");
/// assert_eq!(FieldType::CharField.db_type(DbBackend::Postgres, Some(100)), "varchar(100)");
/// assert_eq!(FieldType::PositiveIntegerField.db_type(DbBackend::Sqlite, None), "integer unsigned");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// `AutoField`: an `i32` primary key the database numbers.
    AutoField,
    /// `BigAutoField`: an `i64` primary key the database numbers (`DEFAULT_AUTO_FIELD` of new
    /// Django projects).
    BigAutoField,
    /// `SmallAutoField`: an `i16` primary key the database numbers.
    SmallAutoField,
    /// `CharField` (and `EmailField`, `URLField`, `SlugField`, ...): `varchar(max_length)`.
    CharField,
    /// `TextField`: `text`.
    TextField,
    /// `SmallIntegerField` (`i16`).
    SmallIntegerField,
    /// `IntegerField` (`i32`).
    IntegerField,
    /// `BigIntegerField` (`i64`).
    BigIntegerField,
    /// `PositiveSmallIntegerField`: `smallint` with `CHECK (>= 0)`.
    PositiveSmallIntegerField,
    /// `PositiveIntegerField`: `integer` with `CHECK (>= 0)`.
    PositiveIntegerField,
    /// `PositiveBigIntegerField`: `bigint` with `CHECK (>= 0)`.
    PositiveBigIntegerField,
    /// `BooleanField`.
    BooleanField,
    /// `DateField`.
    DateField,
    /// `DateTimeField` (`USE_TZ`: `timestamp with time zone` on PostgreSQL).
    DateTimeField,
    /// `TimeField`.
    TimeField,
    /// `DurationField`: `interval`, microseconds in a `bigint` on SQLite.
    DurationField,
    /// `DecimalField(max_digits, decimal_places)`.
    DecimalField {
        /// `max_digits`.
        max_digits: Option<u32>,
        /// `decimal_places`.
        decimal_places: Option<u32>,
    },
    /// `FloatField`.
    FloatField,
    /// `UUIDField`: `uuid`, 32 hex characters on SQLite.
    UUIDField,
    /// `JSONField`: `jsonb`, checked text on SQLite.
    JSONField,
    /// `BinaryField`.
    BinaryField,
}

impl FieldType {
    /// Django's `field.db_type(connection)`: the column type on `backend`.
    pub fn db_type(self, backend: DbBackend, max_length: Option<usize>) -> String {
        use FieldType::*;
        let pg = backend == DbBackend::Postgres;
        let fixed = match self {
            CharField => return max_length.map_or_else(|| "varchar".to_owned(), |n| format!("varchar({n})")),
            DecimalField { max_digits: Some(digits), decimal_places: Some(places) } if pg => {
                return format!("numeric({digits}, {places})");
            }
            DecimalField { .. } if pg => "numeric",
            DecimalField { .. } => "decimal",
            AutoField | IntegerField => "integer",
            BigAutoField if pg => "bigint",
            BigAutoField => "integer",
            SmallAutoField if pg => "smallint",
            SmallAutoField => "integer",
            TextField => "text",
            SmallIntegerField => "smallint",
            BigIntegerField => "bigint",
            PositiveSmallIntegerField if pg => "smallint",
            PositiveSmallIntegerField => "smallint unsigned",
            PositiveIntegerField if pg => "integer",
            PositiveIntegerField => "integer unsigned",
            PositiveBigIntegerField if pg => "bigint",
            PositiveBigIntegerField => "bigint unsigned",
            BooleanField if pg => "boolean",
            BooleanField => "bool",
            DateField => "date",
            DateTimeField if pg => "timestamp with time zone",
            DateTimeField => "datetime",
            TimeField => "time",
            DurationField if pg => "interval",
            DurationField => "bigint",
            FloatField if pg => "double precision",
            FloatField => "real",
            UUIDField if pg => "uuid",
            UUIDField => "char(32)",
            JSONField if pg => "jsonb",
            JSONField => "text",
            BinaryField if pg => "bytea",
            BinaryField => "BLOB",
        };
        fixed.to_owned()
    }

    /// Django's `rel_db_type`: the type of a foreign key column pointing at this field (an
    /// auto field's plain integer type; a positive field's signed one, as SQLite and
    /// PostgreSQL do not match related field types).
    pub fn rel_db_type(self, backend: DbBackend, max_length: Option<usize>) -> String {
        use FieldType::*;
        match self {
            AutoField | PositiveIntegerField => IntegerField.db_type(backend, None),
            BigAutoField | PositiveBigIntegerField => BigIntegerField.db_type(backend, None),
            SmallAutoField | PositiveSmallIntegerField => SmallIntegerField.db_type(backend, None),
            other => other.db_type(backend, max_length),
        }
    }

    /// `data_type_check_constraints`: the `CHECK` a column of this type carries.
    pub fn check(self, backend: DbBackend, column: &str) -> Option<String> {
        use FieldType::*;
        let column = column.replace('"', "\"\"");
        match self {
            PositiveSmallIntegerField | PositiveIntegerField | PositiveBigIntegerField => {
                Some(format!("\"{column}\" >= 0"))
            }
            JSONField if backend == DbBackend::Sqlite => {
                Some(format!("(JSON_VALID(\"{column}\") OR \"{column}\" IS NULL)"))
            }
            _ => None,
        }
    }

    /// `data_types_suffix`: how the backend numbers an auto field.
    pub fn suffix(self, backend: DbBackend) -> Option<&'static str> {
        match (self, backend) {
            (FieldType::AutoField | FieldType::BigAutoField | FieldType::SmallAutoField, DbBackend::Postgres) => {
                Some("GENERATED BY DEFAULT AS IDENTITY")
            }
            (FieldType::AutoField | FieldType::BigAutoField | FieldType::SmallAutoField, _) => Some("AUTOINCREMENT"),
            _ => None,
        }
    }

    /// True for the auto fields (`AutoField`, `BigAutoField`, `SmallAutoField`).
    pub const fn is_auto(self) -> bool {
        matches!(self, FieldType::AutoField | FieldType::BigAutoField | FieldType::SmallAutoField)
    }
}
