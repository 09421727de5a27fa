//! DRF's `rest_framework.relations`: serializer fields that stand for a related row.
//!
//! A model serializer lists a foreign key by its Django name (`author`, stored in
//! `author_id`, declared with `#[restframe(foreign_key = ...)]` on the model, see
//! `#[derive(ModelMeta)]`), and it becomes DRF's
//! `PrimaryKeyRelatedField(queryset=Author.objects.all())`: rendered as the related primary key,
//! validated against the related table with DRF's messages, saved into `author_id`.
//!
//! | input | DRF's error |
//! |---|---|
//! | `99` (no such author) | `Invalid pk "99" - object does not exist.` |
//! | `"abc"`, `true`, `[]`, `{}` | `Incorrect type. Expected pk value, received str.` (`bool`, `list`, `dict`) |
//! | `null` or `""` on a non-null foreign key | `This field may not be null.` |
//!
//! As in DRF (through Django's `int()` coercion of the lookup value), `"7"`, `" 7 "` and `7.0`
//! all select the row with primary key 7, and `7.5` selects row 7 too.
//!
//! A foreign key to another column (`#[restframe(foreign_key = super::genre::Model, to_field =
//! "slug")]`, Django's `to_field`) is DRF's `SlugRelatedField(slug_field="slug")`: the input is
//! looked up as Python's `str()` of it, unstripped (`Object with slug=nope does not exist.`,
//! `Object with slug=[1] does not exist.`). A unique foreign key (`OneToOneField`) adds DRF's
//! `UniqueValidator` (`profile with this author already exists.`).
//!
//! Declared on the serializer's struct, a field is any of DRF's relational fields, over a
//! foreign key, a many-to-many field or a reverse relation ([`RelatedField`]; README,
//! "Relational fields"): `#[field(primary_key_related, queryset = ...)]`,
//! `slug_related(slug_field = "slug")`, `hyperlinked_related(view_name = "book-detail")`,
//! `string_related`, each with `many`, `read_only`, `allow_null`, `allow_empty`. A writable
//! many-to-many field is saved through its join table with the row ([`create`], [`update`]).
//!
//! ```
//! mod author {
//!     use sea_orm::entity::prelude::*;
//!     #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
//!     #[sea_orm(table_name = "library_author")]
//!     pub struct Model {
//!         #[sea_orm(primary_key)]
//!         pub id: i32,
//!         pub name: String,
//!     }
//!     #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
//!     pub enum Relation {}
//!     impl ActiveModelBehavior for ActiveModel {}
//! }
//! mod book {
//!     use sea_orm::entity::prelude::*;
//!     #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
//!     #[sea_orm(table_name = "library_book")]
//!     pub struct Model {
//!         #[sea_orm(primary_key)]
//!         pub id: i32,
//!         pub title: String,
//!         #[restframe(foreign_key = super::author::Model)]
//!         pub author_id: i32,
//!     }
//!     #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
//!     pub enum Relation {}
//!     impl ActiveModelBehavior for ActiveModel {}
//! }
//!
//! // DRF: class BookSerializer(ModelSerializer):
//! //          class Meta: model = Book; fields = ['id', 'title', 'author']
//! #[derive(restframe::ModelSerializer)]
//! #[serializer(model = book::Model, fields(id, title, author))]
//! struct BookSerializer;
//!
//! use restframe::serializers::Serializer;
//! use sea_orm::{ConnectionTrait, Schema};
//! use serde_json::json;
//!
//! fn main() {
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().expect("rt").block_on(async {
//! let db = restframe::db::test_database().await?;
//! # let schema = Schema::new(db.get_database_backend());
//! # db.execute(&schema.create_table_from_entity(author::Entity)).await?;
//! # db.execute(&schema.create_table_from_entity(book::Entity)).await?;
//! # db.execute_unprepared("INSERT INTO library_author (name) VALUES ('Ann')").await?;
//! let mut s = BookSerializer::with_data(json!({"title": "Dune", "author": 99})).database(db.clone());
//! assert!(!s.is_valid().await?);
//! assert_eq!(s.errors()?.to_json(), json!({"author": ["Invalid pk \"99\" - object does not exist."]}));
//!
//! let mut s = BookSerializer::with_data(json!({"title": "Dune", "author": "1"})).database(db);
//! s.is_valid_or_raise().await?;
//! let book = s.save().await?;
//! assert_eq!(book.author_id, 1);
//! assert_eq!(s.data().await?, json!({"id": 1, "title": "Dune", "author": 1}));
//! # Ok::<(), restframe::exceptions::ApiError>(()) }).expect("doc example");
//! }
//! ```

pub mod depth;
mod field;
mod hyperlink;
mod m2m;
mod many;
mod prefetch;
mod primary_key;
pub(crate) mod reach;
pub(crate) mod select_related;
mod slug;

pub use field::{Queryset, RelatedField, RelatedLookup, all_rows};
pub use m2m::{JoinSet, create, stage, update};
pub use prefetch::{Related, RelatedKey, RelatedRows};
