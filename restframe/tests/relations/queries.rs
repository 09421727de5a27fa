//! No N+1: a list of books rendered with relational fields of every kind costs the same number
//! of statements for 1, 5 or 20 books (DRF's `assertNumQueries` with `prefetch_related`).

use std::sync::atomic::Ordering;

use restframe::serializers::{Context, Serializer};
use sea_orm::{EntityTrait, QueryOrder};
use serde_json::json;

use super::fixtures::counter;
use super::models::{author, book, genre};
use super::prefetch::shelf;

#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, fields(id, author, writer, genres, reviews))]
struct BookListSerializer {
    /// A primary key through the foreign key: read from the book itself.
    #[field(primary_key_related, read_only)]
    author: i32,
    /// `StringRelatedField(source='author')`: one statement for every author.
    #[field(string_related, source = "author")]
    writer: String,
    #[field(slug_related(slug_field = "slug"), many, read_only)]
    genres: Vec<String>,
    #[field(primary_key_related, many, read_only)]
    reviews: Vec<i32>,
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = author::Model, fields(id, books))]
struct AuthorListSerializer {
    #[field(string_related, many)]
    books: Vec<String>,
}

#[tokio::test]
async fn a_page_costs_one_statement_per_relation_whatever_its_size() {
    for count in [1, 5, 20] {
        let mut db = shelf(count).await;
        let books = book::Entity::find().order_by_asc(book::Column::Id).all(&db).await.expect("books");
        let statements = counter(&mut db);
        let ctx = Context::with_db(db.clone());
        let data = BookListSerializer::represent(&books, &ctx).await.expect("data");
        assert_eq!(statements.load(Ordering::SeqCst), 3, "{count} books: writer, genres, reviews");
        assert_eq!(data[0], json!({"id": 1, "author": 2, "writer": "Bob", "genres": [], "reviews": []}));
        if count >= 6 {
            assert_eq!(
                data[5],
                json!({"id": 6, "author": 1, "writer": "Ann", "genres": ["art", "sci"], "reviews": []})
            );
        }

        let authors = author::Entity::find().order_by_asc(author::Column::Id).all(&db).await.expect("authors");
        statements.store(0, Ordering::SeqCst);
        let data = AuthorListSerializer::represent(&authors, &Context::with_db(db.clone())).await.expect("data");
        assert_eq!(statements.load(Ordering::SeqCst), 1, "{count} books: one statement for every author's books");
        assert_eq!(data.as_array().map(Vec::len), Some(2));
    }
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = genre::Model, fields(name))]
struct GenreName;

/// Relational, dotted and nested fields on the same two relations.
#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, fields(id, writer, author_name, genres, genre_names))]
struct SharedRelations {
    #[field(string_related, source = "author")]
    writer: String,
    #[field(source = "author.name")]
    author_name: String,
    #[field(slug_related(slug_field = "slug"), many, read_only)]
    genres: Vec<String>,
    #[field(nested, many, source = "genres")]
    genre_names: Vec<GenreName>,
}

#[tokio::test]
async fn fields_sharing_a_relation_load_it_once() {
    for count in [1, 5, 20] {
        let mut db = shelf(count).await;
        let books = book::Entity::find().order_by_asc(book::Column::Id).all(&db).await.expect("books");
        let statements = counter(&mut db);
        let data = SharedRelations::represent(&books, &Context::with_db(db.clone())).await.expect("data");
        // DRF's `prefetch_related('author', 'genres')`: one statement each.
        assert_eq!(statements.load(Ordering::SeqCst), 2, "{count} books: the authors, the genres");
        assert_eq!(data[0], json!({"id": 1, "writer": "Bob", "author_name": "Bob", "genres": [], "genre_names": []}));
        if count >= 6 {
            assert_eq!(
                data[5],
                json!({"id": 6, "writer": "Ann", "author_name": "Ann", "genres": ["art", "sci"],
                       "genre_names": [{"name": "Art"}, {"name": "Sci"}]})
            );
        }
    }
}
