//! `HyperlinkedModelSerializer` (`#[serializer(hyperlinked)]`): the `url` field on
//! `<model_name>-detail`, `extra_kwargs` on it, `fields = "__all__"` in DRF's order (`url`
//! first, no primary key), `URL_FIELD_NAME` for the field and the `Location` header; and
//! `SerializerMethodField`s that need the database (bookshelf's `average_rating` and
//! `book_count`), served from one statement per page through a generic `ListAPIView`. Every
//! body is what DRF 3.18 answers for the same models, views and rows.

use std::collections::HashMap;
use std::sync::atomic::Ordering;

use restframe::authentication::Authenticated;
use restframe::exceptions::ApiError;
use restframe::generics::GenericAPIView;
use restframe::prelude::*;
use restframe::serializers::{Context, ModelMeta, SerializerHooks};
use restframe::settings::Settings;
use restframe::test::APIClient;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, QueryOrder, Select, Statement};

use super::fixtures::{counter, database, numbered_book};
use super::models::{author, book, genre};

/// bookshelf's `BookSerializer`, trimmed to the fields this test is about:
/// ```python
/// class BookSerializer(serializers.HyperlinkedModelSerializer):
///     author_name = serializers.ReadOnlyField(source='author.name')
///     average_rating = serializers.SerializerMethodField()
///     class Meta:
///         model = Book
///         fields = ['url', 'id', 'title', 'author_name', 'average_rating']
///     def get_average_rating(self, obj):
///         average = obj.reviews.aggregate(Avg('rating'))['rating__avg']
///         return None if average is None else round(average, 2)
/// ```
#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, hyperlinked, hooks, fields(url, id, title, author_name, average_rating))]
struct BookSerializer {
    #[field(source = "author.name")]
    author_name: String,
    #[field(method)]
    average_rating: Option<f64>,
}

/// Each book's average rating, loaded for the whole page by one `GROUP BY`.
struct Ratings(HashMap<i32, f64>);

impl BookSerializer {
    fn get_average_rating(book: &book::Model, ctx: &Context) -> Option<f64> {
        let average = ctx.prefetched::<Ratings>()?.0.get(&book.id).copied()?;
        Some((average * 100.0).round() / 100.0)
    }
}

impl SerializerHooks for BookSerializer {
    async fn prefetch(instances: &[&book::Model], ctx: &Context) -> Result<(), ApiError> {
        let db = ctx.db()?;
        let ids: Vec<String> = instances.iter().map(|b| b.id.to_string()).collect();
        let mut ratings = HashMap::new();
        if !ids.is_empty() {
            let sql = format!(
                "SELECT book_id, CAST(AVG(rating) AS DOUBLE PRECISION) AS average FROM library_review \
                 WHERE book_id IN ({}) GROUP BY book_id",
                ids.join(", ")
            );
            for row in db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await? {
                ratings.insert(row.try_get::<i32>("", "book_id")?, row.try_get::<f64>("", "average")?);
            }
        }
        ctx.set_prefetched(Ratings(ratings));
        Ok(())
    }
}

/// bookshelf's `AuthorSerializer` without its `books` hyperlinks:
/// ```python
/// class AuthorSerializer(serializers.HyperlinkedModelSerializer):
///     book_count = serializers.SerializerMethodField()
///     class Meta:
///         model = Author
///         fields = ['url', 'id', 'name', 'book_count']
///     def get_book_count(self, obj):
///         return obj.books.count()  # the view prefetches `books`
/// ```
#[derive(restframe::ModelSerializer)]
#[serializer(model = author::Model, hyperlinked, hooks, fields(url, id, name, book_count))]
struct AuthorSerializer {
    #[field(method)]
    book_count: i64,
}

impl AuthorSerializer {
    fn get_book_count(author: &author::Model, ctx: &Context) -> i64 {
        let books = author::Model::RELS.books;
        let (Some(rows), Some(key)) = (books.cached(ctx), books.key_of(author)) else { return 0 };
        rows.get(&key).map_or(0, |books| i64::try_from(books.len()).unwrap_or(i64::MAX))
    }
}

impl SerializerHooks for AuthorSerializer {
    async fn prefetch(instances: &[&author::Model], ctx: &Context) -> Result<(), ApiError> {
        author::Model::RELS.books.prefetch(instances, ctx).await?;
        Ok(())
    }
}

/// `fields = '__all__'`, `extra_kwargs = {'url': {'lookup_field': 'slug'}}`.
#[derive(restframe::ModelSerializer)]
#[serializer(model = genre::Model, hyperlinked, fields = "__all__", extra_kwargs(url(lookup_field = "slug")))]
struct GenreSerializer;

/// With `URL_FIELD_NAME = 'link'`: `fields = ['link', 'name', 'slug']`,
/// `extra_kwargs = {'link': {'lookup_field': 'slug'}}`.
#[derive(restframe::ModelSerializer)]
#[serializer(
    model = genre::Model,
    hyperlinked,
    url_field_name = "link",
    fields(link, name, slug),
    extra_kwargs(link(lookup_field = "slug"))
)]
struct GenreLink;

macro_rules! list_view {
    ($view:ident, $kind:ident, $serializer:ty, $entity:ident, $order:expr) => {
        struct $view {
            db: DatabaseConnection,
        }

        #[generic_view($kind)]
        impl GenericAPIView for $view {
            type Serializer = $serializer;
            fn db(&self) -> &DatabaseConnection {
                &self.db
            }
            fn get_queryset(&self, _request: &Request) -> Select<$entity::Entity> {
                $entity::Entity::find().order_by_asc($order)
            }
        }
    };
}

list_view!(Books, ListAPIView, BookSerializer, book, book::Column::Id);
list_view!(Authors, ListAPIView, AuthorSerializer, author, author::Column::Id);
list_view!(Genres, ListCreateAPIView, GenreSerializer, genre, genre::Column::Id);
list_view!(GenreLinks, ListCreateAPIView, GenreLink, genre, genre::Column::Id);

fn client(db: &DatabaseConnection, settings: Settings) -> APIClient {
    let urls = vec![
        path("books/", Books { db: db.clone() }),
        path("books/<int:pk>/", Books { db: db.clone() }).name("book-detail"),
        path("authors/", Authors { db: db.clone() }),
        path("authors/<int:pk>/", Authors { db: db.clone() }).name("author-detail"),
        path("genres/", Genres { db: db.clone() }),
        path("genres/<str:slug>/", Genres { db: db.clone() }).name("genre-detail"),
        path("links/", GenreLinks { db: db.clone() }),
    ];
    let mut client = APIClient::new(App::new(settings, urls).expect("valid urls"));
    let user = restframe::auth::User { id: 1, username: "alice".into(), ..Default::default() };
    client.force_authenticate(Some(Authenticated::user(user)));
    client
}

/// `count` books by Ann (odd) or Bob (even); every book but the third has a review rated
/// `1 + n % 5`, and book 1 two more (5 and 4).
async fn shelf(count: usize) -> DatabaseConnection {
    let db = database().await;
    for n in 1..=count {
        let author = 2 - n % 2;
        numbered_book(&db, n, author).await;
        if n != 3 {
            db.execute_unprepared(&format!(
                "INSERT INTO library_review (book_id, user_id, rating, text) VALUES ({n}, 1, {}, '')",
                1 + n % 5
            ))
            .await
            .expect("review");
        }
    }
    db.execute_unprepared(
        "INSERT INTO library_review (book_id, user_id, rating, text) VALUES (1, 1, 5, ''), (1, 1, 4, '')",
    )
    .await
    .expect("reviews of book 1");
    db
}

#[tokio::test]
async fn hyperlinked_serializers_with_method_fields_through_a_list_view() {
    let db = shelf(3).await;
    let client = client(&db, Settings::default());
    // DRF 3.18, byte for byte.
    assert_eq!(
        client.get("/books/").await.text(),
        r#"[{"url":"http://testserver/books/1/","id":1,"title":"T01","author_name":"Ann","average_rating":3.67},{"url":"http://testserver/books/2/","id":2,"title":"T02","author_name":"Bob","average_rating":3.0},{"url":"http://testserver/books/3/","id":3,"title":"T03","author_name":"Ann","average_rating":null}]"#
    );
    assert_eq!(
        client.get("/authors/").await.text(),
        r#"[{"url":"http://testserver/authors/1/","id":1,"name":"Ann","book_count":2},{"url":"http://testserver/authors/2/","id":2,"name":"Bob","book_count":1}]"#
    );
}

#[tokio::test]
async fn a_list_page_costs_the_same_statements_for_1_5_and_20_objects() {
    for count in [1, 5, 20] {
        let mut db = shelf(count).await;
        let statements = counter(&mut db);
        let client = client(&db, Settings::default());
        let books = client.get("/books/").await;
        assert_eq!(books.json().as_array().map(Vec::len), Some(count));
        // The books, their authors (`author.name`), the ratings' GROUP BY.
        assert_eq!(statements.swap(0, Ordering::SeqCst), 3, "{count} books");
        client.get("/authors/").await;
        // The authors, their books (`book_count`).
        assert_eq!(statements.load(Ordering::SeqCst), 2, "{count} books by two authors");
    }
}

#[tokio::test]
async fn all_fields_start_with_url_and_the_location_header_comes_from_it() {
    let db = database().await;
    let client = client(&db, Settings::default());
    let response = client.post("/genres/", &serde_json::json!({"name": "Art", "slug": "art"})).await;
    // DRF: 201 {"url":"http://testserver/genres/art/","name":"Art","slug":"art"}
    // Location: http://testserver/genres/art/
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(response.text(), r#"{"url":"http://testserver/genres/art/","name":"Art","slug":"art"}"#);
    assert_eq!(response.header("location"), Some("http://testserver/genres/art/"));
    let info = restframe::metadata::serializer_info::<GenreSerializer>();
    assert_eq!(info["url"], serde_json::json!({"type": "field", "required": false, "read_only": true, "label": "Url"}));
}

#[tokio::test]
async fn url_field_name_names_the_field_and_the_location_header() {
    let db = database().await;
    let linked = client(&db, Settings::default().url_field_name("link"));
    let response = linked.post("/links/", &serde_json::json!({"name": "Art", "slug": "art"})).await;
    // DRF with URL_FIELD_NAME = 'link': 201 {"link":"http://testserver/genres/art/","name":"Art","slug":"art"}
    // Location: http://testserver/genres/art/
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(response.text(), r#"{"link":"http://testserver/genres/art/","name":"Art","slug":"art"}"#);
    assert_eq!(response.header("location"), Some("http://testserver/genres/art/"));
    // Under the default name, a `link` field is no `Location`.
    let plain = client(&db, Settings::default());
    let response = plain.post("/links/", &serde_json::json!({"name": "Sci-fi", "slug": "sci-fi"})).await;
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(response.header("location"), None);
}
