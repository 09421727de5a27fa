//! A database with the bookshelf tables and a few rows: authors Ann (1) and Bob (2), user
//! alice (1), genre `sci` (1).

use restframe::auth::manager::{NewUser, UserManager};
use sea_orm::{ConnectionTrait, DatabaseConnection, Schema};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::models::{author, book, genre, nullable_source, pick, profile, review};

pub(crate) async fn database() -> DatabaseConnection {
    populated(restframe::db::test_database().await.expect("test database")).await
}

/// `db` with the tables and rows of [`database`].
pub(crate) async fn populated(db: DatabaseConnection) -> DatabaseConnection {
    restframe::auth::migration::migrate(&db).await.expect("auth tables");
    let schema = Schema::new(db.get_database_backend());
    db.execute(&schema.create_table_from_entity(author::Entity)).await.expect("author table");
    db.execute(&schema.create_table_from_entity(genre::Entity)).await.expect("genre table");
    db.execute(&schema.create_table_from_entity(book::Entity)).await.expect("book table");
    db.execute(&schema.create_table_from_entity(review::Entity)).await.expect("review table");
    db.execute(&schema.create_table_from_entity(nullable_source::Entity)).await.expect("nullable_source table");
    db.execute(&schema.create_table_from_entity(profile::Entity)).await.expect("profile table");
    db.execute(&schema.create_table_from_entity(pick::Entity)).await.expect("pick table");
    join_table(&db).await;
    db.execute_unprepared("INSERT INTO library_genre (name, slug) VALUES ('Sci', 'sci')").await.expect("genre");
    db.execute_unprepared("INSERT INTO library_author (name, bio) VALUES ('Ann', ''), ('Bob', '')")
        .await
        .expect("authors");
    UserManager::new(db.clone()).create_user(NewUser::new("alice")).await.expect("alice");
    db
}

/// The bookshelf join table Django's migration creates for `Book.genres`.
async fn join_table(db: &DatabaseConnection) {
    let id = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => "bigserial NOT NULL PRIMARY KEY",
        _ => "integer NOT NULL PRIMARY KEY AUTOINCREMENT",
    };
    db.execute_unprepared(&format!(
        "CREATE TABLE library_book_genres (id {id}, book_id integer NOT NULL, genre_id integer NOT NULL)"
    ))
    .await
    .expect("join table");
}

/// Counts the statements `db` runs from now on.
pub(crate) fn counter(db: &mut DatabaseConnection) -> Arc<AtomicUsize> {
    let count = Arc::new(AtomicUsize::new(0));
    let inner = Arc::clone(&count);
    db.set_metric_callback(move |_| {
        inner.fetch_add(1, Ordering::SeqCst);
    });
    count
}

/// Book `n` (`T01`, `T02`, ...; ISBN `n` zero-padded to 13 digits) by author `author`, added by
/// alice: the numbered books of the statement-count tests.
pub(crate) async fn numbered_book(db: &DatabaseConnection, n: usize, author: usize) {
    db.execute_unprepared(&format!(
        "INSERT INTO library_book (title, isbn, author_id, in_stock, added_by_id) VALUES ('T{n:02}', '{n:013}', {author}, true, 1)"
    ))
    .await
    .expect("book");
}
