//! On an SQLite file, model rows and prefetched relations are read on the calling thread
//! (`restframe::db::rows`): each generated reader reads what sea-orm reads, a page's relations
//! cost no sea-orm statement and render as they do through sea-orm, and a model with a field
//! type the path does not read is left to sea-orm.

use std::sync::atomic::Ordering;

use restframe::auth::user;
use restframe::db::SqliteReader;
use restframe::db::rows::SqliteModel;
use restframe::serializers::{Atomic, Context, ModelMeta, Serializer};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryOrder, QueryTrait, Schema};

use super::fixtures::{counter, populated};
use super::models::{author, book, genre};
use super::prefetch::{shelf, shelf_on};
use crate::file_database::FileDatabase;

/// Every row of `E` through the model's generated reader, in sea-orm's select order by `id`.
fn read_directly<E: EntityTrait<Model: SqliteModel>>(db: &DatabaseConnection, order: E::Column) -> Vec<E::Model> {
    let statement = E::find().order_by_asc(order).build(DbBackend::Sqlite);
    assert!(statement.values.is_none_or(|values| values.0.is_empty()), "a plain select binds nothing");
    let reader = SqliteReader::for_database(db).expect("a reader for a file");
    reader.query_rows(&statement.sql, [], E::Model::from_sqlite_row).expect("read")
}

/// A model with every kind of column the path reads, nulls included.
pub(crate) mod kinds {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "reads_kinds")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub small: i16,
        pub flag: bool,
        pub ratio: f64,
        pub price: restframe::db::Decimal,
        pub day: Option<Date>,
        pub at: DateTimeUtc,
        pub note: Option<String>,
        pub blob: Vec<u8>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A JSON column has no reading here: the model stays with sea-orm.
mod document {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "reads_document")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub data: Json,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[tokio::test]
async fn generated_readers_read_what_sea_orm_reads() {
    let file = FileDatabase::new("reads-kinds").await;
    let db = populated(file.db.clone()).await;
    let schema = Schema::new(DbBackend::Sqlite);
    db.execute(&schema.create_table_from_entity(kinds::Entity)).await.expect("kinds table");
    // What Django's SQLite backend stores: a decimal as INTEGER or REAL (NUMERIC affinity), its
    // naive UTC datetimes and restframe's own `+00:00` form.
    db.execute_unprepared(
        "INSERT INTO reads_kinds (id, small, flag, ratio, price, day, at, note, blob) VALUES \
         (1, -3, 1, 0.5, 10, '2026-01-31', '2026-11-28 14:00:00.123456', 'n', x'00ff'), \
         (2, 32767, 0, 2, 9.5, NULL, '2026-11-28 15:00:00+01:00', NULL, x''), \
         (3, 0, 1, -1.25, 0.1, '1999-12-31', '2026-11-28T14:00:00Z', '', x'41')",
    )
    .await
    .expect("kinds");
    db.execute_unprepared("UPDATE auth_user SET last_login = '2026-11-28 14:00:00.5+00:00' WHERE id = 1")
        .await
        .expect("last login");
    db.execute_unprepared(
        "INSERT INTO library_book (title, isbn, author_id, published, pages, in_stock, added_by_id) VALUES \
         ('A', '1', 1, '2020-02-29', NULL, 1, 1), ('B', '2', 2, NULL, 12, 0, 1)",
    )
    .await
    .expect("books");
    assert!(kinds::Model::reads_sqlite() && book::Model::reads_sqlite() && user::Model::reads_sqlite());

    let through_sea_orm = kinds::Entity::find().order_by_asc(kinds::Column::Id).all(&db).await.expect("kinds");
    assert_eq!(through_sea_orm.len(), 3);
    assert_eq!(read_directly::<kinds::Entity>(&db, kinds::Column::Id), through_sea_orm);
    let books = book::Entity::find().order_by_asc(book::Column::Id).all(&db).await.expect("books");
    assert_eq!(read_directly::<book::Entity>(&db, book::Column::Id), books);
    let users = user::Entity::find().order_by_asc(user::Column::Id).all(&db).await.expect("users");
    assert!(users[0].last_login.is_some());
    assert_eq!(read_directly::<user::Entity>(&db, user::Column::Id), users);
    let authors = author::Entity::find().order_by_asc(author::Column::Id).all(&db).await.expect("authors");
    assert_eq!(read_directly::<author::Entity>(&db, author::Column::Id), authors);

    // A value sqlx would convert is an error here (the caller then asks sea-orm).
    db.execute_unprepared("UPDATE reads_kinds SET small = 'many' WHERE id = 3").await.expect("text in a number");
    let reader = SqliteReader::for_database(&db).expect("reader");
    let sql = kinds::Entity::find().build(DbBackend::Sqlite).sql;
    assert!(reader.query_rows(&sql, [], kinds::Model::from_sqlite_row).is_err());

    assert!(!document::Model::reads_sqlite(), "Json has no reading");
}

#[tokio::test]
async fn prefetched_relations_cost_no_sea_orm_statement_on_a_file() {
    #[derive(restframe::ModelSerializer)]
    #[serializer(model = book::Model, fields(id, author, writer, genres, genre_rows, reviews))]
    struct BookListSerializer {
        #[field(primary_key_related, read_only)]
        author: i32,
        #[field(string_related, source = "author")]
        writer: String,
        #[field(slug_related(slug_field = "slug"), many, read_only)]
        genres: Vec<String>,
        #[field(nested, many, source = "genres")]
        genre_rows: Vec<GenreRow>,
        #[field(primary_key_related, many, read_only)]
        reviews: Vec<i32>,
    }

    #[derive(restframe::ModelSerializer)]
    #[serializer(model = genre::Model, fields(id, name, slug))]
    struct GenreRow;

    let file = FileDatabase::new("reads-prefetch").await;
    let mut on_file = shelf_on(populated(file.db.clone()).await, 9).await;
    on_file
        .execute_unprepared("INSERT INTO library_review (book_id, user_id, rating, text) VALUES (6, 1, 4, 'ok')")
        .await
        .expect("review");
    let elsewhere = shelf(9).await;
    elsewhere
        .execute_unprepared("INSERT INTO library_review (book_id, user_id, rating, text) VALUES (6, 1, 4, 'ok')")
        .await
        .expect("review");

    let books = book::Entity::find().order_by_asc(book::Column::Id).all(&on_file).await.expect("books");
    let expected = BookListSerializer::represent(&books, &Context::with_db(elsewhere.clone())).await.expect("data");
    assert_eq!(expected[5]["genres"], serde_json::json!(["art", "sci"]));
    assert_eq!(expected[5]["reviews"], serde_json::json!([1]));

    let statements = counter(&mut on_file);
    let data = BookListSerializer::represent(&books, &Context::with_db(on_file.clone())).await.expect("data");
    assert_eq!(data, expected);
    assert_eq!(statements.load(Ordering::SeqCst), 0, "author, genres (twice) and reviews read on the calling thread");

    // Inside a transaction the transaction answers: it alone sees its uncommitted rows.
    let atomic = Atomic::begin(&on_file).await.expect("begin");
    let ctx = Context::with_db(on_file.clone()).atomic(&atomic);
    ctx.db()
        .expect("db")
        .execute_unprepared("INSERT INTO library_review (book_id, user_id, rating, text) VALUES (6, 1, 5, 'new')")
        .await
        .expect("uncommitted review");
    statements.store(0, Ordering::SeqCst);
    let inside = BookListSerializer::represent(&books, &ctx).await.expect("data");
    assert_eq!(inside[5]["reviews"], serde_json::json!([1, 2]));
    assert!(statements.load(Ordering::SeqCst) > 0, "read by the transaction");
    drop(atomic);
    let after = BookListSerializer::represent(&books, &Context::with_db(on_file.clone())).await.expect("data");
    assert_eq!(after[5]["reviews"], serde_json::json!([1]), "rolled back");
}

#[tokio::test]
async fn validation_lookups_and_raw_hook_statements_read_on_the_calling_thread() {
    #[derive(restframe::ModelSerializer)]
    #[serializer(model = book::Model, fields(id, title, isbn, author, added_by))]
    struct BookWriter;

    let file = FileDatabase::new("reads-validation").await;
    let mut db = populated(file.db.clone()).await;
    db.execute_unprepared(
        "INSERT INTO library_book (title, isbn, author_id, in_stock, added_by_id) VALUES ('A', '1', 1, 1, 1)",
    )
    .await
    .expect("book");
    book::Model::info();
    let statements = counter(&mut db);
    let data = serde_json::json!({"title": "Dune", "isbn": "1", "author": 99, "added_by": 1});
    let mut writer = BookWriter::with_data(data).database(db.clone());
    assert!(!writer.is_valid().await.expect("validation runs"));
    assert_eq!(
        writer.errors().expect("errors").to_json(),
        serde_json::json!({
            "isbn": ["book with this isbn already exists."],
            "author": ["Invalid pk \"99\" - object does not exist."],
        })
    );
    assert_eq!(statements.load(Ordering::SeqCst), 0, "the unique and related lookups on the calling thread");

    // A hook's own statement: the same rows on the file as through sea-orm.
    let sql = "SELECT author_id, COUNT(*) AS books FROM library_book GROUP BY author_id ORDER BY author_id";
    let statement = sea_orm::Statement::from_string(DbBackend::Sqlite, sql);
    let pair = |row: &restframe::db::rows::RawRow<'_>| Ok((row.get::<i64>("author_id")?, row.get::<i64>("books")?));
    let db_handle: restframe::serializers::Db = db.clone().into();
    let on_thread = db_handle.query_rows(statement.clone(), pair).await.expect("query");
    assert_eq!((on_thread, statements.load(Ordering::SeqCst)), (vec![(1, 1)], 0));
    let atomic = Atomic::begin(&db).await.expect("begin");
    let through_sea_orm = atomic.db().query_rows(statement, pair).await.expect("query");
    assert_eq!(through_sea_orm, vec![(1, 1)]);
    assert_eq!(statements.load(Ordering::SeqCst), 1, "the statement, on the transaction");
}
