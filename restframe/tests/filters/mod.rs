//! The models of `tests/filters.rs` (the Django app `lib` of the comparison project): books with
//! a nullable foreign key `author`, `genres` through Django's join table and the reverse
//! `Author.books`, and the data both sides load.

use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, Schema, Set};

pub(crate) mod book {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "lib_book")]
    #[restframe(many_to_many(genres = super::genre::Model))]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(column_type = "String(StringLen::N(100))")]
        pub title: String,
        #[sea_orm(column_type = "String(StringLen::N(100))", nullable)]
        pub text: Option<String>,
        #[sea_orm(nullable)]
        pub pages: Option<i32>,
        #[sea_orm(nullable)]
        #[restframe(foreign_key = super::author::Model)]
        pub author_id: Option<i32>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod author {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "lib_author")]
    #[restframe(reverse(books = super::book::Model))]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(column_type = "String(StringLen::N(100))")]
        pub name: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod genre {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "lib_genre")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(column_type = "String(StringLen::N(100))")]
        pub name: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The comparison project's data: DRF's `SearchFilterModel` rows (`z`/`abc`, `zz`/`bcd`, ...)
/// with pages and NULLs, three special titles, two authors and three genres.
pub(crate) async fn load(db: &DatabaseConnection) {
    let schema = Schema::new(db.get_database_backend());
    db.execute(&schema.create_table_from_entity(book::Entity)).await.expect("book table");
    db.execute(&schema.create_table_from_entity(author::Entity)).await.expect("author table");
    db.execute(&schema.create_table_from_entity(genre::Entity)).await.expect("genre table");
    db.execute_unprepared(
        "CREATE TABLE lib_book_genres (id integer PRIMARY KEY, book_id integer NOT NULL, genre_id integer NOT NULL)",
    )
    .await
    .expect("join table");
    for name in ["Ann", "Bob Émile"] {
        author::ActiveModel { name: Set(name.to_owned()), ..Default::default() }.insert(db).await.expect("author");
    }
    for name in ["Fiction", "Science", "Science fiction"] {
        genre::ActiveModel { name: Set(name.to_owned()), ..Default::default() }.insert(db).await.expect("genre");
    }
    let mut books: Vec<(String, Option<String>, Option<i32>)> = (0..10u8)
        .map(|idx| {
            let text = [b'a' + idx, b'b' + idx, b'c' + idx].map(char::from).iter().collect();
            let pages = (idx % 3 != 0).then_some(i32::from(idx) * 7 % 5);
            ("z".repeat(usize::from(idx) + 1), Some(text), pages)
        })
        .collect();
    books.push(("A title".into(), Some("The long text".into()), Some(3)));
    books.push(("The title".into(), Some("The \"text".into()), None));
    books.push(("100% Ünïcode_x".into(), Some("émile \\ back".into()), Some(1)));
    let authors = [Some(1), Some(2), Some(1)];
    for (i, (title, text, pages)) in books.into_iter().enumerate() {
        let author_id = authors.get(i).copied().flatten();
        let row = book::ActiveModel {
            title: Set(title),
            text: Set(text),
            pages: Set(pages),
            author_id: Set(author_id),
            ..Default::default()
        };
        row.insert(db).await.expect("book");
    }
    // book 1: all three genres; 2: Science; 3: Science fiction; 4: Fiction and Science.
    let pairs = [(1, 1), (1, 2), (1, 3), (2, 2), (3, 3), (4, 1), (4, 2)];
    for (id, (book_id, genre_id)) in pairs.into_iter().enumerate() {
        db.execute_unprepared(&format!("INSERT INTO lib_book_genres VALUES ({}, {book_id}, {genre_id})", id + 1))
            .await
            .expect("genre link");
    }
}
