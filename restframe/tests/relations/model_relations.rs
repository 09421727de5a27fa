//! The relational fields a model serializer builds itself (DRF's `build_relational_field`):
//! `fields = "__all__"` and `exclude` end with the many-to-many fields as
//! `PrimaryKeyRelatedField(many=True, queryset=...)`, and `#[serializer(hyperlinked)]` makes
//! every forward relation a `HyperlinkedRelatedField(view_name='<model_name>-detail')`.
//! Recorded from DRF 3.18 on bookshelf's `Book` (`/tmp/rel13/drf2.py`-style script):
//!
//! ```python
//! class BookAll(serializers.ModelSerializer):
//!     class Meta: model = Book; fields = '__all__'
//! class BookHyper(serializers.HyperlinkedModelSerializer):
//!     class Meta: model = Book; fields = '__all__'
//! class BookHyperList(serializers.HyperlinkedModelSerializer):
//!     class Meta:
//!         model = Book; fields = ['url', 'id', 'title', 'author', 'genres']
//!         extra_kwargs = {'genres': {'view_name': 'genre-slug', 'lookup_field': 'slug'}}
//! class BookHyperRO(serializers.HyperlinkedModelSerializer):
//!     class Meta: model = Book; fields = ['url', 'author', 'genres']; read_only_fields = ['genres']
//! ```
//!
//! `repr(BookHyperRO())`: `author = HyperlinkedRelatedField(queryset=Author.objects.all(),
//! view_name='author-detail')`, `genres = HyperlinkedRelatedField(many=True, read_only=True,
//! view_name='genre-detail')`. The test models' `genres` is not `blank` (bookshelf's is), so it
//! is `required` with `allow_empty=False`, as DRF's `get_relation_kwargs` makes it.

use std::sync::atomic::Ordering;

use restframe::generics::GenericAPIView;
use restframe::prelude::*;
use restframe::serializers::{Context, Serializer};
use restframe::test::APIClient;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, QueryOrder, Select};
use serde_json::{Value, json};

use super::fixtures::{counter, database, numbered_book};
use super::models::book;

#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, fields = "__all__")]
struct BookAll;

#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, exclude(isbn, pages))]
struct BookExcl;

#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, hyperlinked, fields = "__all__")]
struct BookHyper;

#[derive(restframe::ModelSerializer)]
#[serializer(
    model = book::Model,
    hyperlinked,
    fields(url, id, title, author, genres),
    extra_kwargs(genres(view_name = "genre-slug", lookup_field = "slug"))
)]
struct BookHyperList;

#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, hyperlinked, fields(url, author, genres), read_only_fields(genres))]
struct BookHyperRo;

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

view!(Hyper, ListCreateAPIView, BookHyper, book);
view!(HyperList, ListCreateAPIView, BookHyperList, book);
view!(HyperRo, ListAPIView, BookHyperRo, book);
view!(Detail, RetrieveAPIView, BookAll, book);
view!(Aliased, ListAPIView, AliasedBook, book);

/// The fixture plus genre `art` (2) and book 1 (`T01` by Ann) in both genres.
async fn shelf() -> DatabaseConnection {
    let db = database().await;
    db.execute_unprepared("INSERT INTO library_genre (name, slug) VALUES ('Art', 'art')").await.expect("genre");
    numbered_book(&db, 1, 1).await;
    db.execute_unprepared("INSERT INTO library_book_genres (book_id, genre_id) VALUES (1, 1), (1, 2)")
        .await
        .expect("genres of book 1");
    db
}

fn client(db: &DatabaseConnection) -> APIClient {
    let urls = vec![
        path("hyper/", Hyper { db: db.clone() }),
        path("aliased/", Aliased { db: db.clone() }),
        path("list/", HyperList { db: db.clone() }),
        path("ro/", HyperRo { db: db.clone() }),
        path("books/<int:pk>/", Detail { db: db.clone() }).name("book-detail"),
        path("authors/<int:pk>/", Detail { db: db.clone() }).name("author-detail"),
        path("users/<int:pk>/", Detail { db: db.clone() }).name("user-detail"),
        path("genres/<int:pk>/", Detail { db: db.clone() }).name("genre-detail"),
        path("genres/by-slug/<str:slug>/", Detail { db: db.clone() }).name("genre-slug"),
    ];
    APIClient::new(App::new(Settings::default(), urls).expect("valid urls"))
}

fn keys(value: &Value) -> Vec<&str> {
    value.as_object().map(|m| m.keys().map(String::as_str).collect()).unwrap_or_default()
}

/// `is_valid()` of `S` on `data`: `None` when valid, else the errors.
async fn errors<S: Serializer>(db: &DatabaseConnection, data: Value) -> Option<Value> {
    let mut s = S::with_data(data).context(Context::with_db(db.clone()));
    let valid = s.is_valid().await.expect("validation runs");
    (!valid).then(|| s.errors().expect("errors after is_valid").to_json())
}

#[tokio::test]
async fn all_and_exclude_end_with_the_many_to_many_fields() {
    let db = shelf().await;
    let book = book::Entity::find_by_id(1).one(&db).await.expect("query").expect("book 1");
    // DRF: {..., "author": 1, "added_by": 1, "genres": [2, 1]} (Genre's ordering is `name`).
    let all = BookAll::represent(std::slice::from_ref(&book), &Context::with_db(db.clone())).await.expect("rendered");
    assert_eq!(
        all,
        json!([{"id": 1, "title": "T01", "isbn": "0000000000001", "published": null, "pages": null,
                "in_stock": true, "author": 1, "added_by": 1, "genres": [2, 1]}])
    );
    assert_eq!(
        keys(&all[0]),
        ["id", "title", "isbn", "published", "pages", "in_stock", "author", "added_by", "genres"]
    );
    let excl = BookExcl::represent(&[book], &Context::with_db(db.clone())).await.expect("rendered");
    assert_eq!(keys(&excl[0]), ["id", "title", "published", "in_stock", "author", "added_by", "genres"]);
    // Through a view, too.
    let detail = client(&db).get("/books/1/").await;
    assert_eq!(detail.json()["genres"], json!([2, 1]));
}

#[tokio::test]
async fn a_many_to_many_field_validates_and_saves_as_drf_does() {
    let db = shelf().await;
    let base = json!({"title": "N", "isbn": "2", "author": 1, "added_by": 1});
    let with = |genres: Value| {
        let mut data = base.clone();
        data["genres"] = genres;
        data
    };
    let genres = |message: &str| Some(json!({"genres": [message]}));
    // Not `blank`: required, and not empty (`allow_empty=False`).
    assert_eq!(errors::<BookAll>(&db, base.clone()).await, genres("This field is required."));
    assert_eq!(errors::<BookAll>(&db, with(json!([]))).await, genres("This list may not be empty."));
    assert_eq!(
        errors::<BookAll>(&db, with(json!("x"))).await,
        genres("Expected a list of items but got type \"str\".")
    );
    assert_eq!(errors::<BookAll>(&db, with(json!([99]))).await, genres("Invalid pk \"99\" - object does not exist."));
    assert_eq!(
        errors::<BookAll>(&db, with(json!(["a"]))).await,
        genres("Incorrect type. Expected pk value, received str.")
    );
    let mut counted = db.clone();
    let statements = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = statements.clone();
    counted.set_metric_callback(move |info| seen.lock().expect("lock").push(info.statement.sql.clone()));
    let ctx = Context::with_db(counted);
    let mut s = BookAll::with_data(with(json!([1, 2]))).context(ctx);
    s.is_valid_or_raise().await.expect("valid");
    statements.lock().expect("lock").clear();
    s.save().await.expect("saved");
    // A new row has no join rows: the insert of the book and of its two links, nothing read.
    let saved = statements.lock().expect("lock").clone();
    assert_eq!(saved.len(), 2, "{saved:?}");
    assert!(saved.iter().all(|sql| sql.starts_with("INSERT")), "{saved:?}");
    assert_eq!(s.data().await.expect("data")["genres"], json!([2, 1]));
}

#[tokio::test]
async fn hyperlinked_serializers_link_their_relations() {
    let db = shelf().await;
    let client = client(&db);
    // DRF: {"url": "http://testserver/books/1/", "title": "T", ..., "author": "http://testserver/authors/1/",
    // "added_by": "http://testserver/users/1/", "genres": ["http://testserver/genres/2/", "http://testserver/genres/1/"]}
    assert_eq!(
        client.get("/hyper/").await.json(),
        json!([{"url": "http://testserver/books/1/", "title": "T01", "isbn": "0000000000001", "published": null,
                "pages": null, "in_stock": true, "author": "http://testserver/authors/1/",
                "added_by": "http://testserver/users/1/",
                "genres": ["http://testserver/genres/2/", "http://testserver/genres/1/"]}])
    );
    // `extra_kwargs(genres(view_name = "genre-slug", lookup_field = "slug"))`.
    assert_eq!(
        client.get("/list/").await.json(),
        json!([{"url": "http://testserver/books/1/", "id": 1, "title": "T01", "author": "http://testserver/authors/1/",
                "genres": ["http://testserver/genres/by-slug/art/", "http://testserver/genres/by-slug/sci/"]}])
    );
    assert_eq!(
        client.get("/ro/").await.json(),
        json!([{"url": "http://testserver/books/1/", "author": "http://testserver/authors/1/",
                "genres": ["http://testserver/genres/2/", "http://testserver/genres/1/"]}])
    );
    // DRF's SimpleMetadata: `HyperlinkedRelatedField` is a plain `field`.
    let info = restframe::metadata::serializer_info::<BookHyper>();
    assert_eq!(info["author"], json!({"type": "field", "required": true, "read_only": false, "label": "Author"}));
    assert_eq!(info["added_by"], json!({"type": "field", "required": true, "read_only": false, "label": "Added by"}));
    assert_eq!(info["genres"], json!({"type": "field", "required": true, "read_only": false, "label": "Genres"}));
    let info = restframe::metadata::serializer_info::<BookHyperRo>();
    assert_eq!(info["genres"], json!({"type": "field", "required": false, "read_only": true, "label": "Genres"}));
}

#[tokio::test]
async fn hyperlinked_relations_parse_urls_with_drfs_errors() {
    let db = shelf().await;
    let client = client(&db);
    let base = json!({"title": "N", "isbn": "3", "author": "http://testserver/authors/1/",
                      "added_by": "http://testserver/users/1/", "genres": ["http://testserver/genres/2/"]});
    let cases: [(&str, Value, Value); 7] = [
        ("author", json!("http://testserver/nope/1/"), json!({"author": ["Invalid hyperlink - No URL match."]})),
        (
            "author",
            json!("http://testserver/books/1/"),
            json!({"author": ["Invalid hyperlink - Incorrect URL match."]}),
        ),
        (
            "author",
            json!("http://testserver/authors/99/"),
            json!({"author": ["Invalid hyperlink - Object does not exist."]}),
        ),
        ("author", json!(1), json!({"author": ["Incorrect type. Expected URL string, received int."]})),
        ("author", json!(null), json!({"author": ["This field may not be null."]})),
        ("genres", json!("x"), json!({"genres": ["Expected a list of items but got type \"str\"."]})),
        ("genres", json!([5]), json!({"genres": ["Incorrect type. Expected URL string, received int."]})),
    ];
    for (field, input, expected) in cases {
        let mut data = base.clone();
        data[field] = input.clone();
        let response = client.post("/hyper/", &data).await;
        assert_eq!((response.status().as_u16(), response.json()), (400, expected), "{field}: {input}");
    }
    let response = client.post("/hyper/", &base).await;
    assert_eq!(response.status().as_u16(), 201, "{}", response.text());
    assert_eq!(
        (&response.json()["url"], &response.json()["author"], &response.json()["genres"]),
        (
            &json!("http://testserver/books/2/"),
            &json!("http://testserver/authors/1/"),
            &json!(["http://testserver/genres/2/"])
        )
    );
    // A lookup by slug looks the slug up (the serializer lacks `isbn` and `added_by`, so a valid
    // body fails to save, as with DRF's IntegrityError).
    let data = json!({"title": "Z", "author": "http://testserver/authors/2/",
                      "genres": ["http://testserver/genres/by-slug/nope/"]});
    let response = client.post("/list/", &data).await;
    assert_eq!(
        (response.status().as_u16(), response.json()),
        (400, json!({"genres": ["Invalid hyperlink - Object does not exist."]}))
    );
}

#[tokio::test]
async fn default_relations_cost_one_statement_each_per_page() {
    for count in [1, 5, 20] {
        let mut db = database().await;
        for n in 1..=count {
            numbered_book(&db, n, 1 + n % 2).await;
        }
        let statements = counter(&mut db);
        let client = client(&db);
        let page = client.get("/hyper/").await;
        assert_eq!(page.json().as_array().map(Vec::len), Some(count));
        // The books and their genres: foreign keys link from their own column.
        assert_eq!(statements.swap(0, Ordering::SeqCst), 2, "{count} books");
        let books = book::Entity::find().all(&db).await.expect("books");
        statements.store(0, Ordering::SeqCst);
        BookAll::represent(&books, &Context::with_db(db.clone())).await.expect("rendered");
        assert_eq!(statements.load(Ordering::SeqCst), 1, "{count} books: the genres");
    }
}

/// A many-to-many field listed without a declaration: DRF's
/// `PrimaryKeyRelatedField(many=True, queryset=Genre.objects.all())`.
#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, fields(id, title, genres))]
struct BookGenres;

/// The model through a `use` alias, hyperlinked: the field-list macro follows the alias.
#[derive(restframe::ModelSerializer)]
#[serializer(model = Book, hyperlinked, fields(url, title, author))]
struct AliasedBook;

use super::models::book::Model as Book;

/// `fields = "__all__"` on a model of another crate (restframe's `User`).
#[derive(restframe::ModelSerializer)]
#[serializer(model = restframe::auth::User, exclude(password))]
struct UserAll;

#[tokio::test]
async fn a_listed_many_to_many_field_needs_no_declaration() {
    let db = shelf().await;
    let books = book::Entity::find().all(&db).await.expect("books");
    let ctx = Context::with_db(db.clone());
    let body = BookGenres::represent(&books, &ctx).await.expect("rendered");
    assert_eq!(body, json!([{"id": 1, "title": "T01", "genres": [2, 1]}]));
    for (genres, expected) in [
        (json!([99]), json!({"genres": ["Invalid pk \"99\" - object does not exist."]})),
        (json!([]), json!({"genres": ["This list may not be empty."]})),
        (json!("1"), json!({"genres": ["Expected a list of items but got type \"str\"."]})),
    ] {
        let data = json!({"title": "New", "isbn": "1", "author": 1, "added_by": 1, "genres": genres});
        assert_eq!(errors::<BookGenres>(&db, data).await, Some(expected));
    }
    assert_eq!(errors::<BookGenres>(&db, json!({"title": "New", "genres": [2]})).await, None);
}

#[tokio::test]
async fn models_are_reached_through_aliases_and_from_other_crates() {
    let db = shelf().await;
    let response = client(&db).get("/aliased/").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json(),
        json!([{"url": "http://testserver/books/1/", "title": "T01", "author": "http://testserver/authors/1/"}])
    );
    let ctx = Context::with_db(db.clone());
    let users = restframe::auth::user::Entity::find().all(&db).await.expect("users");
    let body = UserAll::represent(&users, &ctx).await.expect("rendered");
    let keys: Vec<&str> = body[0].as_object().expect("object").keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "id",
            "last_login",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined"
        ]
    );
    assert_eq!(body[0]["username"], "alice");
}
