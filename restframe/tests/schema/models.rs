//! The models of the Django apps the expected schemas come from, declared the restframe way:
//! `kinds` (one column of every field class) and the bookshelf `library` app
//! (/work/shared/drf-apps/bookshelf/library/models.py).

use restframe::db::schema::FieldType;
use restframe::serializers::{ModelField, ModelInfo};

/// `kinds.Everything`: every field class the derive maps from a Rust type.
pub(crate) mod everything {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "kinds_everything")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(column_type = "String(StringLen::N(80))")]
        pub title: String,
        #[sea_orm(column_type = "Text")]
        #[restframe(blank)]
        pub body: String,
        #[sea_orm(column_type = "String(StringLen::N(50))")]
        #[restframe(slug)]
        pub slug: String,
        #[sea_orm(unique, column_type = "String(StringLen::N(254))")]
        #[restframe(email)]
        pub email: String,
        #[sea_orm(column_type = "String(StringLen::N(10))")]
        #[restframe(db_index)]
        pub code: Option<String>,
        pub small: i16,
        pub number: i32,
        pub big: Option<i64>,
        #[restframe(positive)]
        pub psmall: i16,
        #[restframe(positive)]
        pub pnumber: i32,
        #[restframe(positive)]
        pub pbig: i64,
        pub flag: bool,
        pub day: Date,
        pub moment: Option<DateTimeUtc>,
        pub clock: Time,
        pub ratio: f64,
        pub data: Option<Json>,
        pub blob: Vec<u8>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// `kinds.Country`: a `CharField` primary key and a unique `TextField`.
pub(crate) mod country {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "kinds_country")]
    pub(crate) struct Model {
        #[sea_orm(primary_key, auto_increment = false, column_type = "String(StringLen::N(2))")]
        pub code: String,
        #[sea_orm(unique, column_type = "Text")]
        pub name: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// `kinds.Tiny`: a `SmallAutoField` and an indexed `CharField`.
pub(crate) mod tiny {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "kinds_tiny")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i16,
        #[sea_orm(column_type = "String(StringLen::N(20))")]
        #[restframe(db_index)]
        pub label: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// `kinds.Profile`: a nullable foreign key to a `CharField` primary key and a nullable
/// `OneToOneField` (a unique foreign key).
pub(crate) mod profile {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "kinds_profile")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(column_type = "String(StringLen::N(2))")]
        #[restframe(foreign_key = super::country::Model)]
        pub country_id: Option<String>,
        #[sea_orm(unique)]
        #[restframe(foreign_key = super::tiny::Model)]
        pub tiny_id: Option<i16>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

const MONEY_FIELDS: &[ModelField] = &[
    ModelField { field_type: Some(FieldType::BigAutoField), ..ModelField::new("id", "id", "") },
    ModelField {
        field_type: Some(FieldType::DecimalField { max_digits: Some(6), decimal_places: Some(2) }),
        ..ModelField::new("amount", "amount", "")
    },
    ModelField { field_type: Some(FieldType::UUIDField), unique: true, ..ModelField::new("token", "token", "") },
];

/// `kinds.Money` (`DecimalField`, `UUIDField`), written out by hand: metadata need not come
/// from the derive.
pub(crate) static MONEY: ModelInfo =
    ModelInfo { table: "kinds_money", pk_column: "id", fields: MONEY_FIELDS, relations: &[], ordering: &[] };

/// `library.Author`.
pub(crate) mod author {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "library_author")]
    #[restframe(reverse(books = super::book::Model))]
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
    #[restframe(many_to_many(books = super::book::Model, through = "library_book_genres"))]
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

/// `library.Book`: two foreign keys (one to `auth_user`) and a many-to-many field.
pub(crate) mod book {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "library_book")]
    #[restframe(many_to_many(genres = super::genre::Model), reverse(reviews = super::review::Model))]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(column_type = "String(StringLen::N(200))")]
        pub title: String,
        #[sea_orm(unique, column_type = "String(StringLen::N(13))")]
        pub isbn: String,
        pub published: Option<Date>,
        #[restframe(positive, blank)]
        pub pages: Option<i32>,
        #[sea_orm(column_type = "Decimal(Some((6, 2)))")]
        pub price: f64,
        #[restframe(default = true)]
        pub in_stock: bool,
        #[restframe(editable = false)]
        pub created: DateTimeUtc,
        #[restframe(foreign_key = restframe::auth::user::Model)]
        pub added_by_id: i32,
        #[restframe(foreign_key = super::author::Model)]
        pub author_id: i64,
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
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[restframe(positive)]
        pub rating: i16,
        #[sea_orm(column_type = "Text")]
        #[restframe(blank, max_length = 500)]
        pub text: String,
        #[restframe(editable = false)]
        pub created: DateTimeUtc,
        #[sea_orm(unique_key = "book_user")]
        #[restframe(foreign_key = super::book::Model)]
        pub book_id: i64,
        #[sea_orm(unique_key = "book_user")]
        #[restframe(foreign_key = restframe::auth::user::Model)]
        pub user_id: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
