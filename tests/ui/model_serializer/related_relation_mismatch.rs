mod author {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "author")]
    #[restframe(reverse(books = super::book::Model))]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub name: String,
    }
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}
    impl ActiveModelBehavior for ActiveModel {}
}

mod book {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "book")]
    #[restframe(many_to_many(fans = super::author::Model))]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[restframe(foreign_key = super::author::Model)]
        pub author_id: i32,
    }
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}
    impl ActiveModelBehavior for ActiveModel {}
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, fields(id, author, fans))]
struct BookSerializer {
    // A foreign key is one row: `many` does not apply.
    #[field(primary_key_related, many, read_only)]
    author: Vec<i32>,
    // A many-to-many field needs `many`.
    #[field(primary_key_related, read_only)]
    fans: i32,
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = author::Model, fields(id, books))]
struct AuthorSerializer {
    // Django saves a reverse relation from the book's side.
    #[field(primary_key_related, many, queryset = restframe::relations::all_rows)]
    books: Vec<i32>,
}

// `StringRelatedField` renders the related model's `Display` (Django's `__str__`): Book has none.
#[derive(restframe::ModelSerializer)]
#[serializer(model = author::Model, fields(id, titles))]
struct TitlesSerializer {
    #[field(string_related, many, source = "books")]
    titles: Vec<String>,
}

fn main() {}
