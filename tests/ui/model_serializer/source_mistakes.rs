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

// Mistakes the derive sees in the attributes.
#[derive(restframe::ModelSerializer)]
#[serializer(
    model = book::Model,
    fields(id, a, b, c, d, e, url),
    extra_kwargs(e(source = "author.name"), url(lookup_field = "title"))
)]
struct BookSerializer {
    #[field(source = "author..name")]
    a: String,
    #[field(source = "*")]
    b: String,
    #[field(nested, write_only)]
    c: AuthorBrief,
    #[field(many)]
    d: Vec<AuthorBrief>,
}

fn main() {}
