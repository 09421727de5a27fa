//! `ModelMeta::RELATIONS` as `#[derive(ModelMeta)]` fills it from the declarations in
//! [`super::models`].

use restframe::serializers::{ModelMeta, RelationKind};

use super::models::{author, book, genre, review};

/// Each relation as `(name, kind, related table)`.
fn relations<M: ModelMeta>() -> Vec<(&'static str, RelationKind, &'static str)> {
    M::RELATIONS.iter().map(|relation| (relation.name, relation.kind, (relation.related)().table)).collect()
}

#[test]
fn foreign_keys_are_named_after_their_column_without_id() {
    assert_eq!(
        relations::<review::Model>(),
        [
            ("book", RelationKind::ForeignKey { column: "book_id", target_column: "id" }, "library_book"),
            ("user", RelationKind::ForeignKey { column: "user_id", target_column: "id" }, "auth_user"),
        ]
    );
}

#[test]
fn many_to_many_defaults_to_djangos_join_table_and_columns() {
    assert_eq!(
        relations::<book::Model>(),
        [
            ("author", RelationKind::ForeignKey { column: "author_id", target_column: "id" }, "library_author"),
            ("added_by", RelationKind::ForeignKey { column: "added_by_id", target_column: "id" }, "auth_user"),
            (
                "genres",
                RelationKind::ManyToMany {
                    through: "library_book_genres",
                    source_column: "book_id",
                    target_column: "genre_id"
                },
                "library_genre"
            ),
            ("reviews", RelationKind::ReverseForeignKey { column: "book_id" }, "library_review"),
        ]
    );
}

#[test]
fn reverse_sides_point_back_through_the_same_columns() {
    assert_eq!(
        relations::<author::Model>(),
        [("books", RelationKind::ReverseForeignKey { column: "author_id" }, "library_book")]
    );
    assert_eq!(
        relations::<genre::Model>(),
        [(
            "books",
            RelationKind::ManyToMany {
                through: "library_book_genres",
                source_column: "genre_id",
                target_column: "book_id"
            },
            "library_book"
        )]
    );
}

#[test]
fn info_follows_a_path_of_relations() {
    let (relation, author) =
        review::Model::info().follow("book").and_then(|(_, book)| book.follow("author")).expect("book, then author");
    assert_eq!((relation.name, author.table, author.pk_column), ("author", "library_author", "id"));
    assert!(author.field("name").is_some());
    assert_eq!(book::Model::PK_COLUMN, "id");
    assert!(book::Model::info().relation("nope").is_none());
}
