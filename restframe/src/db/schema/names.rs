//! Django's names for indexes and constraints (`BaseDatabaseSchemaEditor._create_index_name`
//! with `django.db.backends.utils.names_digest`), so a database migrated by restframe and one
//! migrated by Django carry the same names and Django's later migrations find them.

use md5::{Digest, Md5};
use sea_orm::DbBackend;

/// Django's `names_digest(*args, length=8)`: the first 8 hex digits of the MD5 of the
/// arguments concatenated.
fn names_digest(args: &[&str]) -> String {
    let mut hasher = Md5::new();
    for arg in args {
        hasher.update(arg.as_bytes());
    }
    hasher.finalize().iter().take(4).map(|byte| format!("{byte:02x}")).collect()
}

/// `connection.ops.max_name_length() or 200`: PostgreSQL's `NAMEDATALEN - 1`; SQLite has no limit.
fn max_name_length(backend: DbBackend) -> usize {
    match backend {
        DbBackend::Postgres => 63,
        _ => 200,
    }
}

/// The first `n` characters of `s` (Python's `s[:n]`).
fn prefix(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(at, _)| &s[..at])
}

/// `_create_index_name(table, columns, suffix)`: `<table>_<columns>_<hash><suffix>`, shortened
/// the way Django shortens it when it exceeds the backend's identifier length.
pub(super) fn index_name(backend: DbBackend, table: &str, columns: &[&str], suffix: &str) -> String {
    let mut args = vec![table];
    args.extend_from_slice(columns);
    let mut hash_suffix = format!("{}{suffix}", names_digest(&args));
    let max_length = max_name_length(backend);
    let joined = columns.join("_");
    let name = format!("{table}_{joined}_{hash_suffix}");
    if name.chars().count() <= max_length {
        return name;
    }
    if hash_suffix.chars().count() * 3 > max_length {
        hash_suffix = prefix(&hash_suffix, max_length / 3).to_owned();
    }
    let other_length = ((max_length - hash_suffix.chars().count()) / 2).saturating_sub(1);
    let name = format!("{}_{}_{hash_suffix}", prefix(table, other_length), prefix(&joined, other_length));
    // Oracle rejects names starting with `_` or a digit; Django guards every backend alike.
    if name.starts_with('_') || name.starts_with(|c: char| c.is_ascii_digit()) {
        let mut shortened = String::from("D");
        shortened.push_str(&name[..name.len() - name.chars().last().map_or(0, char::len_utf8)]);
        return shortened;
    }
    name
}

/// `quote_name`: a double-quoted identifier (SQLite and PostgreSQL).
pub(crate) fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected names printed by Django 6.1's `schema_editor()._create_index_name` on each
    /// backend (and seen in `sqlmigrate` output for the bookshelf models).
    #[test]
    fn names_match_django() {
        let sqlite = DbBackend::Sqlite;
        let pg = DbBackend::Postgres;
        assert_eq!(index_name(sqlite, "library_book", &["added_by_id"], ""), "library_book_added_by_id_ba10a83a");
        assert_eq!(
            index_name(pg, "library_book", &["added_by_id"], "_fk_auth_user_id"),
            "library_book_added_by_id_ba10a83a_fk_auth_user_id"
        );
        assert_eq!(
            index_name(sqlite, "library_book_genres", &["book_id", "genre_id"], "_uniq"),
            "library_book_genres_book_id_genre_id_b32565fa_uniq"
        );
        assert_eq!(index_name(pg, "library_genre", &["name"], "_like"), "library_genre_name_492ebcdd_like");
        let table = "library_bookshelf_with_a_rather_long_table_name";
        let column = ["and_a_long_column_name_id"];
        let fk = "_fk_library_another_long_table_name_id";
        assert_eq!(
            index_name(sqlite, table, &column, fk),
            "library_bookshelf_with_a_rather_long_table_name_and_a_long_column_name_id_952af0bf_fk_library_another_long_table_name_id"
        );
        assert_eq!(
            index_name(pg, table, &column, fk),
            "library_bookshelf_wi_and_a_long_column_na_952af0bf_fk_library_a"
        );
        assert_eq!(index_name(pg, table, &column, ""), "library_bookshelf_with_a_r_and_a_long_column_name_id_952af0bf");
        assert_eq!(index_name(pg, &"_x".repeat(40), &["1col"], "_uniq"), "D_x_x_x_x_x_x_x_x_x_x_x_x_1col_bc1cca5a_uni");
        assert_eq!(index_name(pg, "tbl", &["a", "b"], "_uniq"), "tbl_a_b_2c2b53aa_uniq");
    }

    #[test]
    fn quotes_identifiers() {
        assert_eq!(quote("library_book"), "\"library_book\"");
        assert_eq!(quote("a\"b"), "\"a\"\"b\"");
    }
}
