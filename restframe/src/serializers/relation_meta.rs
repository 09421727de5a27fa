//! What Django's `Model._meta` knows about a model's relations, as data: forward foreign keys
//! (`author` stored in `author_id`), many-to-many fields through their join table
//! (`library_book_genres`) and reverse relations (`books` on `Author`). Serializers (related
//! fields, dotted sources, `depth`), filters (`author__name`), prefetching and schema creation
//! all read the same table, filled once by `#[derive(ModelMeta)]`.
//!
//! The target model is reached through a function ([`ModelRelation::related`]) so that two models
//! may point at each other (`Book.author`, `Author.books`) without a cycle between constants.
//!
//! ```
//! use restframe::serializers::{ModelField, ModelInfo, ModelRelation, RelationKind};
//!
//! const AUTHOR_FIELDS: &[ModelField] = &[ModelField::new("name", "name", "")];
//! fn author() -> &'static ModelInfo {
//!     static INFO: ModelInfo =
//!         ModelInfo { table: "library_author", pk_column: "id", fields: AUTHOR_FIELDS, relations: &[], ordering: &[] };
//!     &INFO
//! }
//! const BOOK_RELATIONS: &[ModelRelation] = &[ModelRelation {
//!     name: "author",
//!     kind: RelationKind::ForeignKey { column: "author_id", target_column: "id" },
//!     related: author,
//! }];
//! let book = ModelInfo { table: "library_book", pk_column: "id", fields: &[], relations: BOOK_RELATIONS, ordering: &[] };
//! let (relation, target) = book.follow("author").expect("a relation");
//! assert_eq!((relation.name, target.table), ("author", "library_author"));
//! assert!(target.field("name").is_some());
//! ```

use super::ModelField;

/// How a relation is stored (Django's `ForeignKey`/`OneToOneField`, `ManyToManyField`, and the
/// reverse side of each).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelationKind {
    /// A forward `ForeignKey` (or `OneToOneField`): `column` on this model's table holds the
    /// `target_column` (usually the primary key) of the related row.
    ForeignKey {
        /// The column on this table (`author_id`).
        column: &'static str,
        /// The referenced column on the related table (`id`).
        target_column: &'static str,
    },
    /// A `ManyToManyField` (either side): rows of `through` pair `source_column` (pointing at
    /// this model's primary key) with `target_column` (pointing at the related model's).
    ManyToMany {
        /// Django's join table, `<app>_<model>_<field>` (`library_book_genres`).
        through: &'static str,
        /// The join-table column pointing at this model (`book_id`).
        source_column: &'static str,
        /// The join-table column pointing at the related model (`genre_id`).
        target_column: &'static str,
    },
    /// The reverse side of a foreign key (`Author.books`): `column` on the related table holds
    /// this model's primary key.
    ReverseForeignKey {
        /// The column on the related table (`author_id`).
        column: &'static str,
    },
}

impl RelationKind {
    /// True when the relation reaches many rows (many-to-many and reverse foreign keys): a
    /// path through it can repeat rows, so filters add `DISTINCT` as Django does.
    pub const fn is_to_many(self) -> bool {
        !matches!(self, RelationKind::ForeignKey { .. })
    }
}

/// One relation of a model, by the name Django gives it (`author`, `genres`, the
/// `related_name` `books`).
#[derive(Clone, Copy, Debug)]
pub struct ModelRelation {
    /// The relation's name on this model.
    pub name: &'static str,
    /// How it is stored.
    pub kind: RelationKind,
    /// The related model.
    pub related: fn() -> &'static ModelInfo,
}

/// A model as relations and filters see it: its table, its fields and its relations.
#[derive(Debug)]
pub struct ModelInfo {
    /// Django's `db_table` (`library_book`).
    pub table: &'static str,
    /// The primary key column.
    pub pk_column: &'static str,
    /// The concrete fields, in declaration order ([`super::ModelMeta::ALL`]).
    pub fields: &'static [ModelField],
    /// The relations ([`super::ModelMeta::RELATIONS`]).
    pub relations: &'static [ModelRelation],
    /// Django's `Meta.ordering`: field names, `-` for descending (`["-created", "-id"]`). Related
    /// rows are prefetched in this order, as Django's related managers return them.
    pub ordering: &'static [&'static str],
}

impl ModelInfo {
    /// The concrete field named `name`.
    pub fn field(&self, name: &str) -> Option<&'static ModelField> {
        self.fields.iter().find(|field| field.name == name)
    }

    /// The relation named `name`.
    pub fn relation(&self, name: &str) -> Option<&'static ModelRelation> {
        self.relations.iter().find(|relation| relation.name == name)
    }

    /// The relation named `name` and the model it leads to (one step of `author__name`).
    pub fn follow(&self, name: &str) -> Option<(&'static ModelRelation, &'static ModelInfo)> {
        self.relation(name).map(|relation| (relation, (relation.related)()))
    }
}
