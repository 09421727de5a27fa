//! The bookshelf app's models (`/work/shared/drf-apps/bookshelf/library/models.py`) with their
//! relations declared for `#[derive(ModelMeta)]`.

pub(crate) mod author {
    use sea_orm::entity::prelude::*;

    /// `Author`; `books` is the reverse side of `Book.author` (`related_name='books'`).
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "library_author")]
    #[restframe(reverse(books = super::book::Model), ordering = ["name", "id"])]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(column_type = "String(StringLen::N(100))")]
        pub name: String,
        pub birth_date: Option<Date>,
        #[restframe(blank)]
        pub bio: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    /// Django's `__str__`.
    impl std::fmt::Display for Model {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&self.name)
        }
    }
}

pub(crate) mod genre {
    use sea_orm::entity::prelude::*;

    /// `Genre`; `books` is the reverse side of `Book.genres`, through the same join table.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "library_genre")]
    #[restframe(many_to_many(books = super::book::Model, through = "library_book_genres"), ordering = ["name"])]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(unique, column_type = "String(StringLen::N(50))")]
        pub name: String,
        #[sea_orm(unique, column_type = "String(StringLen::N(50))")]
        #[restframe(slug)]
        pub slug: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    /// Django's `__str__`.
    impl std::fmt::Display for Model {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&self.name)
        }
    }
}

pub(crate) mod book {
    use sea_orm::entity::prelude::*;

    /// `Book`: `author` and `added_by` are foreign keys, `genres` a many-to-many field.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "library_book")]
    #[restframe(many_to_many(genres = super::genre::Model), reverse(reviews = super::review::Model))]
    #[restframe(ordering = ["title", "id"])]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(column_type = "String(StringLen::N(200))")]
        pub title: String,
        #[sea_orm(unique, column_type = "String(StringLen::N(13))")]
        pub isbn: String,
        #[restframe(foreign_key = super::author::Model)]
        pub author_id: i32,
        pub published: Option<Date>,
        #[restframe(blank)]
        pub pages: Option<i32>,
        #[restframe(default = true)]
        pub in_stock: bool,
        #[restframe(foreign_key = restframe::auth::user::Model)]
        pub added_by_id: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    /// Django's `__str__`.
    impl std::fmt::Display for Model {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&self.title)
        }
    }
}

pub(crate) mod review {
    use sea_orm::entity::prelude::*;

    /// `Review`: two foreign keys.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "library_review")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[restframe(foreign_key = super::book::Model)]
        pub book_id: i32,
        #[restframe(foreign_key = restframe::auth::user::Model)]
        pub user_id: i32,
        #[restframe(positive)]
        pub rating: i16,
        #[restframe(blank, max_length = 500)]
        pub text: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// DRF's `NullableForeignKeySource` (`tests/models.py`): a nullable foreign key.
pub(crate) mod nullable_source {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "nullable_source")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub name: String,
        #[restframe(foreign_key = super::author::Model, relation_name = "target")]
        pub target_ref: Option<i32>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A `OneToOneField` (a unique foreign key): `profile.author`.
pub(crate) mod profile {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "library_profile")]
    #[restframe(verbose_name = "profile")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(unique)]
        #[restframe(foreign_key = super::author::Model)]
        pub author_id: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A foreign key to a non-primary-key column (`ForeignKey(Genre, to_field='slug')`): DRF's
/// `SlugRelatedField`.
pub(crate) mod pick {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "library_pick")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[restframe(foreign_key = super::genre::Model, to_field = "slug")]
        pub genre_id: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
