mod author {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "library_author")]
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
    #[sea_orm(table_name = "library_book")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub title: String,
        #[restframe(foreign_key = super::author::Model)]
        pub author_id: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = author::Model, fields(id, name))]
struct AuthorBrief;

#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, fields(id, title))]
struct BookBrief;

// A dotted source follows foreign keys only; `many` goes with to-many relations.
#[derive(restframe::ModelSerializer)]
#[serializer(model = author::Model, fields(id, first_title, books))]
struct AuthorSerializer {
    #[field(source = "books.title")]
    first_title: String,
    #[field(nested)]
    books: BookBrief,
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, fields(id, author))]
struct BookSerializer {
    #[field(nested, many)]
    author: Vec<AuthorBrief>,
}

fn main() {}
