//! The bookshelf `library` app (/work/shared/drf-apps/bookshelf/library/models.py, Django 6.1
//! with `DEFAULT_AUTO_FIELD = BigAutoField`) declared the restframe way, for every test that
//! needs it: `#[path = "common/bookshelf.rs"] mod bookshelf;`. Fields follow the declaration
//! order of models.py (DRF's `fields = "__all__"` order); the schema puts the foreign keys last,
//! as Django's migration does.
#![allow(dead_code)]

use restframe::serializers::{ModelInfo, ModelMeta};

/// The app's models in the order of its migration `0001_initial`.
pub(crate) fn library() -> Vec<&'static ModelInfo> {
    vec![author::Model::info(), genre::Model::info(), book::Model::info(), review::Model::info()]
}

/// The tables `library()` creates, join table included, in creation order.
pub(crate) const LIBRARY_TABLES: [&str; 5] =
    ["library_author", "library_genre", "library_book", "library_book_genres", "library_review"];

/// `library.Author`.
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

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// `library.Genre`.
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

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// `library.Book`: two foreign keys (one to restframe's `auth_user`), a many-to-many field, a
/// `DecimalField` (`restframe::db::Decimal`, which reads Django's SQLite storage) and
/// `created = DateTimeField(auto_now_add=True)`.
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

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// `library.Review`: `unique_together = [('book', 'user')]` as sea-orm's `unique_key`.
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
