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

fn all_authors(_ctx: &restframe::serializers::Context) -> sea_orm::Select<author::Entity> {
    use sea_orm::EntityTrait;
    author::Entity::find()
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, fields(id, author, fans))]
struct BookSerializer {
    // DRF: AssertionError: The `slug_field` argument is required.
    #[field(slug_related, queryset = all_authors)]
    author: String,
    // DRF: AssertionError: Relational field must provide a `queryset` argument, ...
    #[field(primary_key_related, many)]
    fans: Vec<i32>,
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = author::Model, fields(id, books, name))]
struct AuthorSerializer {
    // DRF: AssertionError: Relational fields should not provide a `queryset` argument, when setting read_only=`True`.
    #[field(hyperlinked_related, many, read_only, queryset = all_authors)]
    books: Vec<String>,
    #[field(queryset = all_authors, method)]
    name: String,
}

fn main() {}
