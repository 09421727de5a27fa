//! The SQL Django writes for text lookups on each backend (Django's
//! `DatabaseOperations.operators`, `lookup_cast` and `prep_for_like_query`): SearchFilter's
//! terms and django-filter's `iexact` / `contains` / ... filters both write theirs here.

use sea_orm::{DbBackend, Value};

use crate::exceptions::ApiError;

/// A Django text lookup (a search field's, `icontains` when none is named; a django-filter
/// filter's `lookup_expr`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lookup {
    Exact,
    IExact,
    Contains,
    IContains,
    StartsWith,
    IStartsWith,
    EndsWith,
    IEndsWith,
    Regex,
    IRegex,
    /// `django.contrib.postgres`'s full-text `search`.
    Search,
}

impl Lookup {
    /// The lookup named `name` (`iexact`, ...).
    pub(crate) fn named(name: &str) -> Option<Self> {
        Some(match name {
            "exact" => Self::Exact,
            "iexact" => Self::IExact,
            "contains" => Self::Contains,
            "icontains" => Self::IContains,
            "startswith" => Self::StartsWith,
            "istartswith" => Self::IStartsWith,
            "endswith" => Self::EndsWith,
            "iendswith" => Self::IEndsWith,
            "regex" => Self::Regex,
            "iregex" => Self::IRegex,
            "search" => Self::Search,
            _ => return None,
        })
    }

    /// The condition `<lhs> <lookup> <term>` on `backend`, with its bound values appended to
    /// `values`.
    pub(crate) fn sql(
        self,
        backend: DbBackend,
        lhs: &str,
        term: &str,
        values: &mut Vec<Value>,
    ) -> Result<String, ApiError> {
        use Lookup::*;
        let sql = match backend {
            DbBackend::Postgres => match self {
                Exact => {
                    let p = bind(backend, values, term);
                    format!("{lhs} = {p}")
                }
                // PostgreSQL's iexact compares with `=`: the term's `%` and `_` are not wildcards.
                IExact => {
                    let p = bind(backend, values, term);
                    format!("UPPER({lhs}::text) = UPPER({p})")
                }
                Contains | StartsWith | EndsWith => {
                    let p = bind(backend, values, self.pattern(term));
                    format!("{lhs}::text LIKE {p}")
                }
                IContains | IStartsWith | IEndsWith => {
                    let p = bind(backend, values, self.pattern(term));
                    format!("UPPER({lhs}::text) LIKE UPPER({p})")
                }
                Regex | IRegex => {
                    let p = bind(backend, values, term);
                    format!("{lhs}::text {} {p}", if self == Regex { "~" } else { "~*" })
                }
                Search => {
                    let p = bind(backend, values, term);
                    format!("to_tsvector(COALESCE({lhs}, '')) @@ (plainto_tsquery({p}))")
                }
            },
            _ => match self {
                Exact => {
                    let p = bind(backend, values, term);
                    format!("{lhs} = {p}")
                }
                // SQLite's LIKE ignores ASCII case only, as it does for Django.
                IExact | Contains | IContains | StartsWith | IStartsWith | EndsWith | IEndsWith => {
                    let p = bind(backend, values, self.pattern(term));
                    format!("{lhs} LIKE {p} ESCAPE '\\'")
                }
                Regex | IRegex => {
                    let flags = if self == IRegex { "(?i)" } else { "" };
                    let p = bind(backend, values, format!("{flags}{term}"));
                    format!("{lhs} REGEXP {p}")
                }
                // Only `django.contrib.postgres` registers `search`; elsewhere Django raises
                // FieldError when the queryset is filtered.
                Search => {
                    return Err(ApiError::internal(
                        "Unsupported lookup 'search' for CharField or join on the field not permitted.",
                    ));
                }
            },
        };
        Ok(sql)
    }

    /// The LIKE pattern of `term`: Django's `prep_for_like_query` escaping plus the wildcards
    /// of the lookup.
    fn pattern(self, term: &str) -> String {
        let escaped = escape_like(term);
        match self {
            Lookup::Contains | Lookup::IContains => format!("%{escaped}%"),
            Lookup::StartsWith | Lookup::IStartsWith => format!("{escaped}%"),
            Lookup::EndsWith | Lookup::IEndsWith => format!("%{escaped}"),
            _ => escaped,
        }
    }
}

/// Django's `connection.ops.prep_for_like_query`: `\`, `%` and `_` matched literally in a
/// `LIKE` pattern.
fn escape_like(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '\\' | '%' | '_') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// Binds `value` and returns its placeholder: `$n` on PostgreSQL, `?` on SQLite (what
/// sea-query's custom expressions expect on each).
fn bind(backend: DbBackend, values: &mut Vec<Value>, value: impl Into<Value>) -> String {
    values.push(value.into());
    match backend {
        DbBackend::Postgres => format!("${}", values.len()),
        _ => "?".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_as_django() {
        assert_eq!(escape_like(r"100%_a\b"), r"100\%\_a\\b");
    }

    // The SQL and parameters Django 6.1 prints (placeholders as sea-query wants them) for `filter(title__<lookup>='a%_\\b')`.
    #[test]
    fn writes_djangos_sql() {
        let cases = [
            (DbBackend::Sqlite, Lookup::IContains, "\"t\" LIKE ? ESCAPE '\\'", "%a\\%\\_\\\\b%"),
            (DbBackend::Sqlite, Lookup::IExact, "\"t\" LIKE ? ESCAPE '\\'", "a\\%\\_\\\\b"),
            (DbBackend::Sqlite, Lookup::IStartsWith, "\"t\" LIKE ? ESCAPE '\\'", "a\\%\\_\\\\b%"),
            (DbBackend::Sqlite, Lookup::IRegex, "\"t\" REGEXP ?", "(?i)a%_\\b"),
            (DbBackend::Postgres, Lookup::IContains, "UPPER(\"t\"::text) LIKE UPPER($1)", "%a\\%\\_\\\\b%"),
            (DbBackend::Postgres, Lookup::IExact, "UPPER(\"t\"::text) = UPPER($1)", "a%_\\b"),
            (DbBackend::Postgres, Lookup::IRegex, "\"t\"::text ~* $1", "a%_\\b"),
        ];
        for (backend, lookup, sql, value) in cases {
            let mut values = Vec::new();
            assert_eq!(lookup.sql(backend, "\"t\"", "a%_\\b", &mut values).ok().as_deref(), Some(sql));
            assert_eq!(values, [Value::from(value)]);
        }
    }
}
