//! Django's `auth.User` model on the `auth_user` table, column for column (see the migration in
//! [`crate::auth::migration`] for the exact DDL).
//!
//! ```
//! use restframe::auth::User;
//! use restframe::user::User as _;
//!
//! let alice = User { username: "alice".into(), ..User::default() };
//! assert!(alice.is_authenticated());
//! assert!(alice.is_active());
//! assert_eq!(alice.pk(), Some("0".to_owned()));
//! // The password hash never appears in debug output or JSON.
//! assert!(!format!("{alice:?}").contains("password"));
//! assert!(serde_json::to_value(&alice).expect("serializable").get("password").is_none());
//! ```

use sea_orm::entity::prelude::*;
use serde::Serialize;

/// One row of `auth_user`. `password` holds the encoded hash (see [`crate::auth::hashers`]).
/// `ModelMeta` carries Django's field options, so `#[derive(ModelSerializer)]` on this model
/// validates like DRF's `ModelSerializer` on `auth.User`.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel, Serialize, crate::ModelMeta)]
#[sea_orm(table_name = "auth_user")]
#[restframe(verbose_name = "user")]
pub struct Model {
    /// `id integer` primary key (Django pins `AutoField` for the auth app).
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `password varchar(128)`: the encoded hash, or `!…` for an unusable password.
    #[serde(skip)]
    #[restframe(max_length = 128, secret)]
    pub password: String,
    /// `last_login`, NULL until the first login.
    pub last_login: Option<DateTimeUtc>,
    /// `is_superuser`.
    #[restframe(
        default = false,
        verbose_name = "superuser status",
        help_text = "Designates that this user has all permissions without explicitly assigning them."
    )]
    pub is_superuser: bool,
    /// `username varchar(150) UNIQUE` (NFKC-normalized on creation, compared case-sensitively).
    #[sea_orm(unique)]
    #[restframe(
        max_length = 150,
        help_text = "Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.",
        validators = [super::validators::UnicodeUsernameValidator],
        unique_message = "A user with that username already exists."
    )]
    pub username: String,
    /// `first_name varchar(150)`, `""` when empty.
    #[restframe(max_length = 150, blank, verbose_name = "first name")]
    pub first_name: String,
    /// `last_name varchar(150)`, `""` when empty.
    #[restframe(max_length = 150, blank, verbose_name = "last name")]
    pub last_name: String,
    /// `email varchar(254)`, `""` when empty; not unique.
    #[restframe(email, blank, max_length = 254, verbose_name = "email address")]
    pub email: String,
    /// `is_staff`: may use the admin, passes `IsAdminUser`.
    #[restframe(
        default = false,
        verbose_name = "staff status",
        help_text = "Designates whether the user can log into this admin site."
    )]
    pub is_staff: bool,
    /// `is_active`: inactive users cannot log in.
    #[restframe(
        default = true,
        verbose_name = "active",
        help_text = "Designates whether this user should be treated as active. Unselect this instead of deleting accounts."
    )]
    pub is_active: bool,
    /// `date_joined`.
    #[restframe(default = now())]
    pub date_joined: DateTimeUtc,
}

/// `auth_user` has no relation the framework navigates from the user side.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Default for Model {
    /// An unsaved active user with empty fields and an unusable password, joined now.
    fn default() -> Self {
        Self {
            id: 0,
            password: crate::auth::hashers::make_unusable_password(),
            last_login: None,
            is_superuser: false,
            username: String::new(),
            first_name: String::new(),
            last_name: String::new(),
            email: String::new(),
            is_staff: false,
            is_active: true,
            date_joined: now(),
        }
    }
}

/// Every field except the password hash, which must never reach a log.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("username", &self.username)
            .field("first_name", &self.first_name)
            .field("last_name", &self.last_name)
            .field("email", &self.email)
            .field("is_staff", &self.is_staff)
            .field("is_superuser", &self.is_superuser)
            .field("is_active", &self.is_active)
            .field("last_login", &self.last_login)
            .field("date_joined", &self.date_joined)
            .finish_non_exhaustive()
    }
}

/// The current time at the microsecond precision Django and PostgreSQL store, so that a value
/// written and read back compares equal.
///
/// ```
/// use chrono::Timelike;
/// assert_eq!(restframe::auth::user::now().nanosecond() % 1_000, 0);
/// ```
pub fn now() -> DateTimeUtc {
    use chrono::DurationRound;
    let now = chrono::Utc::now();
    now.duration_trunc(chrono::TimeDelta::microseconds(1)).unwrap_or(now)
}

impl Model {
    /// Django's `get_full_name()`: first and last name separated by a space, trimmed.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name).trim().to_owned()
    }

    /// Django's `has_usable_password()`.
    pub fn has_usable_password(&self) -> bool {
        crate::auth::hashers::is_password_usable(&self.password)
    }

    /// `auth_user`'s columns, qualified, in the order [`Model::from_sqlite_row`] reads them: for
    /// hand-written queries (standard SQL quoting: SQLite and PostgreSQL alike), read back with
    /// [`Model::from_sqlite_row`] or sea-orm's `FromQueryResult` (the names are the columns').
    pub const SQL_COLUMNS: &'static str = concat!(
        r#""auth_user"."id", "auth_user"."password", "auth_user"."last_login", "auth_user"."is_superuser", "#,
        r#""auth_user"."username", "auth_user"."first_name", "auth_user"."last_name", "auth_user"."email", "#,
        r#""auth_user"."is_staff", "auth_user"."is_active", "auth_user"."date_joined""#
    );

    /// Reads a user from `row`, whose columns from index `first` on are
    /// [`Model::SQL_COLUMNS`]. A value sea-orm would read but rusqlite cannot (an unusual
    /// date format) is an error, so the caller can fall back to sea-orm.
    ///
    /// ```
    /// use restframe::auth::User;
    /// use restframe::db::rusqlite::Connection;
    ///
    /// let conn = Connection::open_in_memory().unwrap();
    /// let sql = format!(
    ///     "SELECT {} FROM (SELECT 7 AS id, '!' AS password, NULL AS last_login, 0 AS is_superuser, \
    ///      'alice' AS username, '' AS first_name, '' AS last_name, '' AS email, 0 AS is_staff, \
    ///      1 AS is_active, '2026-11-28 14:00:00.123456' AS date_joined) AS auth_user",
    ///     User::SQL_COLUMNS
    /// );
    /// let alice = conn.query_row(&sql, [], |row| User::from_sqlite_row(row, 0)).unwrap();
    /// assert_eq!((alice.id, alice.username.as_str(), alice.is_active), (7, "alice", true));
    /// assert_eq!(alice.date_joined.to_rfc3339(), "2026-11-28T14:00:00.123456+00:00");
    /// ```
    pub fn from_sqlite_row(row: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Self> {
        use crate::db::SqliteDateTime;
        Ok(Self {
            id: row.get(first)?,
            password: row.get(first + 1)?,
            last_login: row.get::<_, Option<SqliteDateTime>>(first + 2)?.map(|d| d.0),
            is_superuser: row.get(first + 3)?,
            username: row.get(first + 4)?,
            first_name: row.get(first + 5)?,
            last_name: row.get(first + 6)?,
            email: row.get(first + 7)?,
            is_staff: row.get(first + 8)?,
            is_active: row.get(first + 9)?,
            date_joined: row.get::<_, SqliteDateTime>(first + 10)?.0,
        })
    }
}

impl crate::user::User for Model {
    fn is_staff(&self) -> bool {
        self.is_staff
    }
    fn is_active(&self) -> bool {
        self.is_active
    }
    fn pk(&self) -> Option<String> {
        Some(self.id.to_string())
    }
    fn username(&self) -> &str {
        &self.username
    }
}
