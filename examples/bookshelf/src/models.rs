//! `library/models.py`: Author, Genre, Book, Review.
//!
//! Each model is a sea-orm entity plus `#[derive(ModelMeta)]`, which tells restframe what
//! Django's model class knows: `Meta.ordering`, relations (`ForeignKey` as `foreign_key = ..`
//! on the `<name>_id` column, `ManyToManyField`, the `related_name`s declared on the other
//! side), validators, `blank`, defaults and `__str__` (`Display`). Tables and columns are
//! Django's (`library_book`, `author_id`, the join table `library_book_genres`), so the port
//! serves a database Django's `migrate` created, and the other way round.

use restframe::serializers::{ModelInfo, ModelMeta};

/// The app's models in the order of its migration `0001_initial`.
pub(crate) fn library() -> Vec<&'static ModelInfo> {
    vec![author::Model::info(), genre::Model::info(), book::Model::info(), review::Model::info()]
}

/// `class Author(models.Model)`.
pub(crate) mod author {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "library_author")]
    #[restframe(ordering = ["name", "id"], reverse(books = super::book::Model))]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(column_type = "String(StringLen::N(100))")]
        pub name: String,
        pub birth_date: Option<Date>,
        #[sea_orm(column_type = "Text")]
        #[restframe(blank)]
        pub bio: String,
    }

    impl std::fmt::Display for Model {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&self.name)
        }
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// `class Genre(models.Model)`.
pub(crate) mod genre {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "library_genre")]
    #[restframe(ordering = ["name"], many_to_many(books = super::book::Model, through = "library_book_genres"))]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(unique, column_type = "String(StringLen::N(50))")]
        pub name: String,
        #[sea_orm(unique, column_type = "String(StringLen::N(50))")]
        #[restframe(slug)]
        pub slug: String,
    }

    impl std::fmt::Display for Model {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&self.name)
        }
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// `class Book(models.Model)`.
pub(crate) mod book {
    use restframe::serializers::RegexValidator;
    use sea_orm::entity::prelude::*;

    const ISBN: RegexValidator = RegexValidator::new(r"^\d{13}$").message("ISBN must be 13 digits.");

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "library_book")]
    #[restframe(
        ordering = ["title", "id"],
        many_to_many(genres = super::genre::Model, blank),
        reverse(reviews = super::review::Model)
    )]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(column_type = "String(StringLen::N(200))")]
        pub title: String,
        #[sea_orm(unique, column_type = "String(StringLen::N(13))")]
        #[restframe(validators = [ISBN])]
        pub isbn: String,
        #[restframe(foreign_key = super::author::Model)]
        pub author_id: i64,
        pub published: Option<Date>,
        /// An explicit upper bound keeps the accepted range the same on every database.
        #[restframe(positive, blank, max_value = 100_000)]
        pub pages: Option<i32>,
        #[sea_orm(column_type = "Decimal(Some((6, 2)))")]
        pub price: restframe::db::Decimal,
        #[restframe(default = true)]
        pub in_stock: bool,
        #[restframe(foreign_key = restframe::auth::user::Model)]
        pub added_by_id: i32,
        #[restframe(auto_now_add)]
        pub created: DateTimeUtc,
    }

    impl std::fmt::Display for Model {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&self.title)
        }
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// `class Review(models.Model)`: `unique_together = [('book', 'user')]` is sea-orm's `unique_key`.
pub(crate) mod review {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "library_review")]
    #[restframe(ordering = ["-created", "-id"])]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(unique_key = "book_user")]
        #[restframe(foreign_key = super::book::Model)]
        pub book_id: i64,
        #[sea_orm(unique_key = "book_user")]
        #[restframe(foreign_key = restframe::auth::user::Model)]
        pub user_id: i32,
        #[restframe(positive, min_value = 1, max_value = 5)]
        pub rating: i16,
        #[sea_orm(column_type = "Text")]
        #[restframe(blank, max_length = 500)]
        pub text: String,
        #[restframe(auto_now_add)]
        pub created: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
