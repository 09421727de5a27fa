//! DRF's `tests/test_relations_hyperlink.py` through views: bookshelf's
//! `AuthorSerializer.books = HyperlinkedRelatedField(many=True, read_only=True,
//! view_name='book-detail')` and a writable `HyperlinkedRelatedField(view_name='author-detail')`,
//! read back with the app's URL resolver; answers recorded from DRF 3.18.

use restframe::generics::GenericAPIView;
use restframe::prelude::*;
use restframe::serializers::Context;
use restframe::test::APIClient;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Select};
use serde_json::{Value, json};

use super::fixtures::database;
use super::models::{author, book};

#[derive(restframe::ModelSerializer)]
#[serializer(model = author::Model, fields(url, id, name, books))]
struct AuthorSerializer {
    #[field(hyperlinked_identity(view_name = "author-detail"))]
    url: String,
    #[field(hyperlinked_related(view_name = "book-detail"), many, read_only)]
    books: Vec<String>,
}

fn authors_but_bob(_ctx: &Context) -> Select<author::Entity> {
    author::Entity::find().filter(author::Column::Name.ne("Bob"))
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, fields(id, title, isbn, author, added_by))]
struct BookSerializer {
    #[field(hyperlinked_related(view_name = "author-detail"), queryset = authors_but_bob)]
    author: String,
}

macro_rules! view {
    ($name:ident, $kind:ident, $serializer:ty, $entity:ident) => {
        struct $name {
            db: DatabaseConnection,
        }

        #[generic_view($kind)]
        impl GenericAPIView for $name {
            type Serializer = $serializer;
            fn db(&self) -> &DatabaseConnection {
                &self.db
            }
            fn get_queryset(&self, _request: &Request) -> Select<$entity::Entity> {
                $entity::Entity::find().order_by_asc($entity::Column::Id)
            }
        }
    };
}

view!(AuthorList, ListAPIView, AuthorSerializer, author);
view!(AuthorDetail, RetrieveAPIView, AuthorSerializer, author);
view!(BookList, ListCreateAPIView, BookSerializer, book);
view!(BookDetail, RetrieveAPIView, BookSerializer, book);

async fn client() -> (APIClient, DatabaseConnection) {
    let db = database().await;
    db.execute_unprepared(
        "INSERT INTO library_book (title, isbn, author_id, in_stock, added_by_id) VALUES ('Tehanu', '1', 1, true, 1), ('Dune', '2', 2, true, 1), ('Lathe', '3', 1, true, 1)",
    )
    .await
    .expect("books");
    let urls = vec![
        path("authors/", AuthorList { db: db.clone() }).name("author-list"),
        path("authors/<int:pk>/", AuthorDetail { db: db.clone() }).name("author-detail"),
        path("books/", BookList { db: db.clone() }).name("book-list"),
        path("books/<int:pk>/", BookDetail { db: db.clone() }).name("book-detail"),
    ];
    (APIClient::new(App::new(Settings::default(), urls).expect("valid urls")), db)
}

#[tokio::test]
async fn related_rows_render_as_their_urls() {
    let (client, _db) = client().await;
    let response = client.get("/authors/").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json(),
        json!([
            {"url": "http://testserver/authors/1/", "id": 1, "name": "Ann",
             "books": ["http://testserver/books/3/", "http://testserver/books/1/"]},
            {"url": "http://testserver/authors/2/", "id": 2, "name": "Bob", "books": ["http://testserver/books/2/"]},
        ])
    );
    assert_eq!(client.get("/books/2/").await.json()["author"], json!("http://testserver/authors/2/"));
}

#[tokio::test]
async fn input_urls_resolve_as_drf_resolves_them() {
    let (client, _db) = client().await;
    let author = |detail: &str| json!({"author": [detail]});
    let cases: [(Value, Value); 10] = [
        (json!(5), author("Incorrect type. Expected URL string, received int.")),
        (json!([1]), author("Incorrect type. Expected URL string, received list.")),
        (json!(true), author("Incorrect type. Expected URL string, received bool.")),
        (json!(null), author("This field may not be null.")),
        (json!("authors/1/"), author("Invalid hyperlink - No URL match.")),
        (json!("/nope/"), author("Invalid hyperlink - No URL match.")),
        (json!("/authors/1"), author("Invalid hyperlink - No URL match.")),
        (json!("/books/1/"), author("Invalid hyperlink - Incorrect URL match.")),
        (json!("/authors/99/"), author("Invalid hyperlink - Object does not exist.")),
        // Outside the queryset.
        (json!("http://testserver/authors/2/"), author("Invalid hyperlink - Object does not exist.")),
    ];
    for (input, expected) in cases {
        let data = json!({"title": "New", "isbn": "9", "author": input.clone(), "added_by": 1});
        let response = client.post("/books/", &data).await;
        assert_eq!((response.status().as_u16(), response.json()), (400, expected), "{input}");
    }
    for (n, input) in [
        "http://testserver/authors/1/",
        "/authors/1/",
        "http://other.com/authors/1/",
        "https://x/authors/1/?q=1",
        "/authors/%31/",
    ]
    .into_iter()
    .enumerate()
    {
        let data = json!({"title": "New", "isbn": format!("9{n}"), "author": input, "added_by": 1});
        let response = client.post("/books/", &data).await;
        assert_eq!(response.status(), 201, "{input}: {}", response.text());
        assert_eq!(response.json()["author"], json!("http://testserver/authors/1/"), "{input}");
    }
}
