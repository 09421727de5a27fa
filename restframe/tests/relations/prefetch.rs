//! Django's `prefetch_related` through `Model::RELS`: one statement per relation whatever the
//! number of instances (DRF's `assertNumQueries` on a list page), related rows in the related
//! model's `Meta.ordering`, and a fresh load after a change.

use std::sync::atomic::Ordering;

use restframe::serializers::{Context, ModelMeta};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, QueryOrder};
use serde_json::{Value, json};

use super::fixtures::{counter, database, numbered_book};
use super::models::{author, book, nullable_source};

/// `count` books by Ann (1) or Bob (2), alternately; book `n` is in genre `sci` (1) when even,
/// and in `art` (2) and `sci` when divisible by 3.
pub(crate) async fn shelf(count: usize) -> DatabaseConnection {
    shelf_on(database().await, count).await
}

/// [`shelf`] on a database that [`super::fixtures::populated`] filled.
pub(crate) async fn shelf_on(db: DatabaseConnection, count: usize) -> DatabaseConnection {
    db.execute_unprepared("INSERT INTO library_genre (name, slug) VALUES ('Art', 'art')").await.expect("genre");
    for n in 1..=count {
        let author = 1 + (n % 2);
        numbered_book(&db, n, author).await;
        let genres: &[i32] = match (n.is_multiple_of(2), n.is_multiple_of(3)) {
            (_, true) => &[1, 2],
            (true, false) => &[1],
            (false, false) => &[],
        };
        for genre in genres {
            db.execute_unprepared(&format!(
                "INSERT INTO library_book_genres (book_id, genre_id) VALUES ({n}, {genre})"
            ))
            .await
            .expect("book genre");
        }
    }
    db
}

fn titles(book: &book::Model) -> Value {
    json!(book.title)
}

#[tokio::test]
async fn each_relation_loads_in_one_statement_whatever_the_number_of_instances() {
    for count in [1, 4, 9] {
        let mut db = shelf(count).await;
        let books = book::Entity::find().order_by_asc(book::Column::Id).all(&db).await.expect("books");
        let authors = author::Entity::find().order_by_asc(author::Column::Id).all(&db).await.expect("authors");
        let statements = counter(&mut db);
        let ctx = Context::with_db(db.clone());
        let book_refs: Vec<&book::Model> = books.iter().collect();
        book::Model::RELS.author.prefetch(&book_refs, &ctx).await.expect("authors");
        book::Model::RELS.genres.prefetch(&book_refs, &ctx).await.expect("genres");
        author::Model::RELS.books.prefetch(&authors.iter().collect::<Vec<_>>(), &ctx).await.expect("books");
        assert_eq!(statements.load(Ordering::SeqCst), 3, "{count} books: one statement per relation");

        // Rendering reads the cache and runs nothing.
        for book in &books {
            let n: usize = book.title[1..].parse().expect("title number");
            let author = book::Model::RELS.author.render_one(book, &ctx, |a| json!(a.name));
            assert_eq!(author, json!(if n.is_multiple_of(2) { "Ann" } else { "Bob" }), "author of {}", book.title);
            // Genre.Meta.ordering is by name: Art before Sci whatever the join table's order.
            let genres = book::Model::RELS.genres.render_all(book, &ctx, |g| json!(g.slug));
            let expected = match (n.is_multiple_of(2), n.is_multiple_of(3)) {
                (_, true) => json!(["art", "sci"]),
                (true, false) => json!(["sci"]),
                (false, false) => json!([]),
            };
            assert_eq!(genres, expected, "genres of {}", book.title);
        }
        // Book.Meta.ordering is by title.
        let by_ann: Vec<Value> =
            (1..=count).filter(|n| n.is_multiple_of(2)).map(|n| json!(format!("T{n:02}"))).collect();
        assert_eq!(author::Model::RELS.books.render_all(&authors[0], &ctx, titles), json!(by_ann));
        assert_eq!(statements.load(Ordering::SeqCst), 3, "rendering runs no statement");
    }
}

#[tokio::test]
async fn a_null_foreign_key_is_not_queried_and_renders_null() {
    let mut db = database().await;
    db.execute_unprepared("INSERT INTO nullable_source (name, target_ref) VALUES ('a', NULL), ('b', 2)")
        .await
        .expect("sources");
    let sources =
        nullable_source::Entity::find().order_by_asc(nullable_source::Column::Id).all(&db).await.expect("sources");
    let statements = counter(&mut db);
    let ctx = Context::with_db(db.clone());
    let relation = nullable_source::Model::RELS.target;
    relation.prefetch(&sources.iter().collect::<Vec<_>>(), &ctx).await.expect("targets");
    let names: Vec<Value> = sources.iter().map(|s| relation.render_one(s, &ctx, |a| json!(a.name))).collect();
    assert_eq!(names, [Value::Null, json!("Bob")]);
    assert_eq!(statements.load(Ordering::SeqCst), 1);

    // Only null keys: nothing to ask the database.
    statements.store(0, Ordering::SeqCst);
    relation.prefetch(&[&sources[0]], &Context::with_db(db.clone())).await.expect("no targets");
    assert_eq!(statements.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_second_prefetch_sees_changed_rows_and_keeps_the_others() {
    let db = shelf(3).await;
    let books = book::Entity::find().order_by_asc(book::Column::Id).all(&db).await.expect("books");
    let ctx = Context::with_db(db.clone());
    let genres = book::Model::RELS.genres;
    genres.prefetch(&books.iter().collect::<Vec<_>>(), &ctx).await.expect("genres");
    assert_eq!(genres.render_all(&books[2], &ctx, |g| json!(g.slug)), json!(["art", "sci"]));

    // `book.genres.set([])` then rendering the saved book again (DRF's `.data` after `save()`).
    db.execute_unprepared("DELETE FROM library_book_genres WHERE book_id = 3").await.expect("clear");
    genres.prefetch(&[&books[2]], &ctx).await.expect("genres again");
    assert_eq!(genres.render_all(&books[2], &ctx, |g| json!(g.slug)), json!([]));
    assert_eq!(genres.render_all(&books[1], &ctx, |g| json!(g.slug)), json!(["sci"]), "book 2 is still cached");
}

#[tokio::test]
async fn rendering_without_prefetching_gives_empty_values_not_a_query() {
    let mut db = shelf(2).await;
    let books = book::Entity::find().order_by_asc(book::Column::Id).all(&db).await.expect("books");
    let statements = counter(&mut db);
    let ctx = Context::with_db(db.clone());
    assert_eq!(book::Model::RELS.author.render_one(&books[0], &ctx, |a| json!(a.name)), Value::Null);
    assert_eq!(book::Model::RELS.genres.render_all(&books[1], &ctx, |g| json!(g.slug)), json!([]));
    assert_eq!(statements.load(Ordering::SeqCst), 0);
}
