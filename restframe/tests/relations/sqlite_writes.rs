//! On an SQLite file, a model serializer's default `create` runs as one transaction on the
//! database's writer thread (`restframe::sqlite::writes`): no sea-orm statement, the same row
//! stored byte for byte as sea-orm stores it, its many-to-many links in the same transaction,
//! and a write that fails there leaves nothing behind and answers as sea-orm's path does.

use std::sync::atomic::Ordering;

use restframe::serializers::{Atomic, Context, Serializer};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Schema, Statement};
use serde_json::json;

use super::fixtures::{counter, populated};
use super::models::book;
use crate::file_database::FileDatabase;

/// A model with a column of each kind a create binds: text, integers, a boolean, a float, a
/// decimal, a date and a datetime.
mod written {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "writes_kinds")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub name: String,
        pub small: i16,
        pub flag: bool,
        pub ratio: f64,
        #[sea_orm(column_type = "Decimal(Some((6, 2)))")]
        pub price: restframe::db::Decimal,
        pub day: Option<Date>,
        pub at: DateTimeUtc,
        pub note: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = written::Model, fields = "__all__")]
struct WrittenSerializer;

#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, fields(id, title, isbn, author, added_by, genres))]
struct BookWriter;

async fn shelf(name: &str) -> (FileDatabase, DatabaseConnection) {
    let file = FileDatabase::new(name).await;
    let db = populated(file.db.clone()).await;
    db.execute(&Schema::new(DbBackend::Sqlite).create_table_from_entity(written::Entity)).await.expect("kinds table");
    db.execute_unprepared("INSERT INTO library_genre (name, slug) VALUES ('Art', 'art')").await.expect("genre");
    (file, db)
}

/// Every row of `table`, each column as SQLite stores it (`typeof` and `quote`).
async fn stored(db: &DatabaseConnection, table: &str, columns: &[&str]) -> Vec<Vec<String>> {
    let select: Vec<String> = columns.iter().map(|c| format!("typeof({c}) || ' ' || quote({c}) AS {c}")).collect();
    let sql = format!("SELECT {} FROM {table} ORDER BY rowid", select.join(", "));
    let rows = db.query_all_raw(Statement::from_string(DbBackend::Sqlite, sql)).await.expect("stored rows");
    rows.iter().map(|row| columns.iter().map(|c| row.try_get::<String>("", c).expect("column")).collect()).collect()
}

/// How many rows `table` has.
async fn count(db: &DatabaseConnection, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) AS n FROM {table}");
    let row = db.query_one_raw(Statement::from_string(DbBackend::Sqlite, sql)).await.expect("count");
    row.expect("a row").try_get("", "n").expect("n")
}

const KINDS: &[&str] = &["id", "name", "small", "flag", "ratio", "price", "day", "at", "note"];

#[tokio::test]
async fn a_create_on_a_file_stores_what_sea_orm_stores_without_a_sea_orm_statement() {
    let (_file, mut db) = shelf("writes-kinds").await;
    let (_other, reference) = shelf("writes-kinds-ref").await;
    let statements = counter(&mut db);
    let inputs = [
        json!({"name": "a", "small": -3, "flag": true, "ratio": 0.5, "price": "10.50", "day": "2026-01-31",
               "at": "2026-11-28T14:00:00.123456Z", "note": null}),
        json!({"name": "b", "small": 32767, "flag": false, "ratio": -1.25, "price": "0.10", "day": null,
               "at": "2026-11-28T15:00:00+01:00", "note": "n"}),
    ];
    for data in inputs {
        let mut on_file = WrittenSerializer::with_data(data.clone()).database(db.clone());
        on_file.is_valid_or_raise().await.expect("valid");
        statements.store(0, Ordering::SeqCst);
        let created = on_file.save().await.expect("saved").clone();
        assert_eq!(statements.load(Ordering::SeqCst), 0, "sea-orm statements of the create");

        // The same create through sea-orm: inside an `Atomic` block, which this path leaves alone.
        let atomic = Atomic::begin(&reference).await.expect("begin");
        let mut through_sea_orm = WrittenSerializer::with_data(data).context(Context::default().atomic(&atomic));
        through_sea_orm.is_valid_or_raise().await.expect("valid");
        let expected = through_sea_orm.save().await.expect("saved").clone();
        atomic.commit().await.expect("commit");
        assert_eq!(created, expected);
        assert_eq!(on_file.data().await.expect("data"), through_sea_orm.data().await.expect("data"));
    }
    assert_eq!(stored(&db, "writes_kinds", KINDS).await, stored(&reference, "writes_kinds", KINDS).await);
    let price = stored(&db, "writes_kinds", &["price"]).await;
    assert_eq!(price, vec![vec!["real 10.5".to_owned()], vec!["real 0.1".to_owned()]]);
}

#[tokio::test]
async fn a_create_with_many_to_many_links_is_one_transaction_on_a_file() {
    let (_file, mut db) = shelf("writes-links").await;
    let statements = counter(&mut db);
    let data = json!({"title": "Dune", "isbn": "1", "author": 1, "added_by": 1, "genres": [2, 1, 2]});
    let mut writer = BookWriter::with_data(data).database(db.clone());
    writer.is_valid_or_raise().await.expect("valid");
    statements.store(0, Ordering::SeqCst);
    let book = writer.save().await.expect("saved").clone();
    assert_eq!(statements.load(Ordering::SeqCst), 0, "sea-orm statements of the create");
    assert_eq!((book.id, book.title.as_str(), book.in_stock), (1, "Dune", true));
    let links = stored(&db, "library_book_genres", &["book_id", "genre_id"]).await;
    let rows = |pairs: &[(i64, i64)]| -> Vec<Vec<String>> {
        pairs.iter().map(|(b, g)| vec![format!("integer {b}"), format!("integer {g}")]).collect()
    };
    assert_eq!(links, rows(&[(1, 2), (1, 1)]), "each chosen genre once, in the order given");
    assert_eq!(writer.data().await.expect("data")["genres"], json!([2, 1]));

    // Concurrent creates: each its own transaction, none lost.
    let creates = (2..12).map(|n| {
        let db = db.clone();
        tokio::spawn(async move {
            let data =
                json!({"title": format!("T{n}"), "isbn": n.to_string(), "author": 2, "added_by": 1, "genres": [1]});
            let mut writer = BookWriter::with_data(data).database(db);
            writer.is_valid_or_raise().await.expect("valid");
            writer.save().await.expect("saved").id
        })
    });
    let mut ids = Vec::new();
    for create in creates {
        ids.push(create.await.expect("task"));
    }
    ids.sort_unstable();
    assert_eq!(ids, (2..12).collect::<Vec<i32>>());
    assert_eq!(count(&db, "library_book_genres").await, 12);
}

#[tokio::test]
async fn a_create_that_fails_on_a_file_leaves_nothing_and_answers_as_through_sea_orm() {
    let (_file, db) = shelf("writes-failures").await;
    // A duplicate that passed validation (a concurrent request took the ISBN in between): the
    // database refuses it, and the answer is the unique validator's 400.
    let data = json!({"title": "Dune", "isbn": "7", "author": 1, "added_by": 1, "genres": [1, 2]});
    let mut writer = BookWriter::with_data(data).database(db.clone());
    writer.is_valid_or_raise().await.expect("valid");
    db.execute_unprepared(
        "INSERT INTO library_book (title, isbn, author_id, in_stock, added_by_id) VALUES ('Other', '7', 2, 1, 1)",
    )
    .await
    .expect("the concurrent book");
    let error = writer.save().await.expect_err("a duplicate isbn");
    assert_eq!(error.status().as_u16(), 400);
    assert_eq!(error.detail().to_json(), json!({"isbn": ["book with this isbn already exists."]}));
    assert_eq!((count(&db, "library_book").await, count(&db, "library_book_genres").await), (1, 0));

    // The join table gone after validation: the links cannot be written, and the book goes too.
    let data = json!({"title": "Emma", "isbn": "8", "author": 1, "added_by": 1, "genres": [1, 2]});
    let mut writer = BookWriter::with_data(data).database(db.clone());
    writer.is_valid_or_raise().await.expect("valid");
    db.execute_unprepared("DROP TABLE library_book_genres").await.expect("drop");
    let error = writer.save().await.expect_err("no join table");
    assert_eq!(error.status().as_u16(), 500);
    assert_eq!(count(&db, "library_book").await, 1);
}
