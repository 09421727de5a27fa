//! `library/serializers.py`.

use std::collections::HashMap;

use restframe::exceptions::{ApiError, Detail, ErrorDetail};
use restframe::relations::all_rows;
use restframe::serializers::{Context, CurrentUserDefault, ModelMeta, SerializerHooks};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Statement};

use crate::models::{author, book, genre, review};

// `class AuthorSerializer(serializers.HyperlinkedModelSerializer)`. No doc comment: a
// serializer's doc comment is its OpenAPI description, and the Python class has no docstring.
#[derive(restframe::ModelSerializer)]
#[serializer(model = author::Model, hyperlinked, hooks, fields(url, id, name, birth_date, bio, books, book_count))]
pub(crate) struct AuthorSerializer {
    #[field(hyperlinked_related(view_name = "book-detail"), many, read_only)]
    books: Vec<String>,
    // `get_book_count(self, obj)` has no type hint in the Django original, so spectacular
    // documents a string ("unable to resolve type hint"); the port publishes the same document.
    #[field(method, schema = r#"{"type": "string"}"#)]
    book_count: i64,
}

impl AuthorSerializer {
    /// Served from the prefetched `books`.
    fn get_book_count(author: &author::Model, ctx: &Context) -> i64 {
        let books = author::Model::RELS.books;
        let (Some(rows), Some(key)) = (books.cached(ctx), books.key_of(author)) else { return 0 };
        rows.get(&key).map_or(0, |books| i64::try_from(books.len()).unwrap_or(i64::MAX))
    }
}

impl SerializerHooks for AuthorSerializer {}

// `class GenreSerializer(serializers.ModelSerializer)`.
#[derive(restframe::ModelSerializer)]
#[serializer(model = genre::Model, fields = "__all__")]
pub(crate) struct GenreSerializer;

// `class BookSerializer(serializers.ModelSerializer)`.
#[derive(restframe::ModelSerializer)]
#[serializer(
    model = book::Model,
    hooks,
    fields(url, id, title, isbn, author, author_name, genres, published, pages, price, in_stock, added_by,
        average_rating, created),
    read_only_fields(created),
    validate_fields(title)
)]
pub(crate) struct BookSerializer {
    #[field(hyperlinked_identity(view_name = "book-detail"))]
    url: String,
    #[field(primary_key_related, queryset = all_rows)]
    author: i64,
    #[field(source = "author.name")]
    author_name: String,
    #[field(slug_related(slug_field = "slug"), many, required = false, queryset = all_rows)]
    genres: Vec<String>,
    #[field(source = "added_by.username")]
    added_by: String,
    // Untyped in the Django original too (`get_average_rating(self, obj)`): a string.
    #[field(method, schema = r#"{"type": "string"}"#)]
    average_rating: Option<f64>,
}

/// Each book's average rating, for the whole page from one `GROUP BY` (DRF: the view's
/// `annotate(avg_rating=Avg('reviews__rating'))`).
struct Ratings(HashMap<i64, f64>);

impl BookSerializer {
    fn get_average_rating(book: &book::Model, ctx: &Context) -> Option<f64> {
        let average = ctx.prefetched::<Ratings>()?.0.get(&book.id).copied()?;
        Some(restframe::python::round(average, 2))
    }

    /// Surrounding whitespace is already stripped (and an empty title rejected) by the
    /// CharField; catch ISBNs pasted into the title box.
    async fn validate_title(value: String, _ctx: &Context) -> Result<String, ApiError> {
        let digits: String = value.chars().filter(|c| *c != ' ').collect();
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(ApiError::validation_message("Title cannot consist of digits only; did you paste the ISBN?"));
        }
        Ok(value)
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
            // On an SQLite file, on the calling thread (`restframe::db::rows`).
            let statement = Statement::from_string(db.get_database_backend(), sql);
            let rows =
                db.query_rows(statement, |row| Ok((row.get::<i64>("book_id")?, row.get::<f64>("average")?))).await?;
            ratings.extend(rows);
        }
        ctx.set_prefetched(Ratings(ratings));
        Ok(())
    }

    /// On partial updates, fall back to the values already stored.
    async fn validate(attrs: book::ActiveModel, ctx: &Context) -> Result<book::ActiveModel, ApiError> {
        let stored = ctx.instance::<book::Model>();
        let published = attrs.published.try_as_ref().copied().unwrap_or(stored.and_then(|book| book.published));
        let pages = attrs.pages.try_as_ref().copied().unwrap_or(stored.and_then(|book| book.pages));
        if published.is_some() && pages.is_none() {
            let message = ErrorDetail::new("Required when published is set.", "invalid");
            return Err(ApiError::validation(Detail::Dict(vec![("pages".into(), Detail::List(vec![message.into()]))])));
        }
        Ok(attrs)
    }
}

// `class ReviewSerializer(serializers.ModelSerializer)`, with its docstring as doc comment (the
// OpenAPI description).
/// A review as written through /books/{id}/reviews/: the book comes from the URL.
#[derive(restframe::ModelSerializer)]
#[serializer(model = review::Model, hooks, fields(id, book, user, username, rating, text, created))]
pub(crate) struct ReviewSerializer {
    #[field(hidden, default = CurrentUserDefault)]
    user: i32,
    #[field(source = "user.username")]
    username: String,
    #[field(primary_key_related, read_only)]
    book: i64,
}

impl SerializerHooks for ReviewSerializer {
    /// The (book, user) unique_together check: ModelSerializer cannot add it by itself because
    /// `book` is not an input field.
    async fn validate(attrs: review::ActiveModel, ctx: &Context) -> Result<review::ActiveModel, ApiError> {
        let book =
            ctx.get::<book::Model>().ok_or_else(|| ApiError::internal("the view puts the book in the context"))?;
        let user = attrs.user_id.try_as_ref().copied().unwrap_or_default();
        let reviewed = review::Entity::find()
            .filter(review::Column::BookId.eq(book.id))
            .filter(review::Column::UserId.eq(user))
            .count(ctx.db()?)
            .await?;
        if reviewed > 0 {
            return Err(ApiError::validation_message("You have already reviewed this book."));
        }
        Ok(attrs)
    }
}

// `class ReviewListSerializer(serializers.ModelSerializer)`.
/// Reviews across all books, for the read-only /reviews/ feed.
#[derive(restframe::ModelSerializer)]
#[serializer(model = review::Model, exclude(user))]
pub(crate) struct ReviewListSerializer {
    #[field(source = "user.username")]
    username: String,
}

// `class UserSerializer(serializers.ModelSerializer)`.
#[derive(restframe::ModelSerializer)]
#[serializer(model = restframe::auth::user::Model, fields(id, username, email, first_name, last_name, books))]
pub(crate) struct UserSerializer {
    #[field(string_related, many, reverse_of = book::Model::RELS.added_by)]
    books: Vec<String>,
}

// `class MeSerializer(serializers.ModelSerializer)`.
/// The signed-in user's own profile; the username cannot be changed.
#[derive(restframe::ModelSerializer)]
#[serializer(
    model = restframe::auth::user::Model,
    fields(id, username, email, first_name, last_name),
    read_only_fields(username)
)]
pub(crate) struct MeSerializer;
