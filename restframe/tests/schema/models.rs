//! The models of the `kinds` app (one column of every field class), declared the restframe way;
//! the bookshelf `library` app is in `common/bookshelf.rs`.

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
