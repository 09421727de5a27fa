//! `library/views.py`.

use restframe::auth::user;
use restframe::django_filters::FilterSetView;
use restframe::filters::{OrderingFields, SearchFields, ValidFields};
use restframe::generics::GenericAPIView;
use restframe::metadata::Method;
use restframe::pagination::BasePagination;
use restframe::prelude::*;
use restframe::serializers::{Bound, ModelMeta, Serializer};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Select, Statement,
};

use crate::models::{author, book, genre, review};
use crate::pagination::REVIEW_PAGINATION;
use crate::permissions::{IsAddedByOrReadOnly, IsAdminOrReadOnly};
use crate::serializers::{
    AuthorSerializer, BookSerializer, GenreSerializer, MeSerializer, ReviewListSerializer, ReviewSerializer,
    UserSerializer,
};
use crate::settings::DEFAULT_FILTER_BACKENDS;

/// Implements the filter backends' view settings with DRF's defaults (no `filterset_fields`,
/// no `search_fields`, ordering by any serializer field).
macro_rules! default_filter_settings {
    ($($view:ty),*) => {$(
        impl FilterSetView for $view {}
        impl SearchFields for $view {
            const SEARCH_FIELDS: &'static [&'static str] = &[];
        }
        impl OrderingFields for $view {}
    )*};
}

pub(crate) struct AuthorViewSet {
    pub(crate) db: DatabaseConnection,
}

/// Authors, with links to their books.
///
/// Anyone can read; any signed-in user can add or edit an author.
#[viewset(ModelViewSet, filter_backends = [DEFAULT_FILTER_BACKENDS])]
impl GenericAPIView for AuthorViewSet {
    type Serializer = AuthorSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn get_queryset(&self, _request: &Request) -> Select<author::Entity> {
        author::Entity::find().order_by_asc(author::Column::Name).order_by_asc(author::Column::Id)
    }
}

pub(crate) struct GenreViewSet {
    pub(crate) db: DatabaseConnection,
}

/// Genres, addressed by their slug (`/genres/fantasy/`).
///
/// Anyone can read; only staff users can add, rename or remove a genre.
#[viewset(ModelViewSet, permission_classes = [IsAdminOrReadOnly], lookup_field = slug,
    filter_backends = [DEFAULT_FILTER_BACKENDS])]
impl GenericAPIView for GenreViewSet {
    type Serializer = GenreSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn get_queryset(&self, _request: &Request) -> Select<genre::Entity> {
        genre::Entity::find().order_by_asc(genre::Column::Name)
    }
}

pub(crate) struct BookViewSet {
    pub(crate) db: DatabaseConnection,
}

/// The books on the shelf.
///
/// Anyone can browse. Signed-in users can add books; only the user who added
/// a book can change or delete it.
///
/// Filter with `?author=<id>`, `?in_stock=true|false` and
/// `?genres__slug=<slug>`; search titles, author names and exact ISBNs with
/// `?search=`; sort with `?ordering=` on title, price, published or created.
#[viewset(ModelViewSet, permission_classes = [IsAuthenticatedOrReadOnly, IsAddedByOrReadOnly],
    filter_backends = [DEFAULT_FILTER_BACKENDS])]
impl GenericAPIView for BookViewSet {
    type Serializer = BookSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn get_queryset(&self, _request: &Request) -> Select<book::Entity> {
        book::Entity::find().order_by_asc(book::Column::Title).order_by_asc(book::Column::Id)
    }
    fn select_related(&self) -> &[&str] {
        &["author", "added_by"]
    }
    async fn perform_create(&self, request: &Request, serializer: &mut Bound<BookSerializer>) -> Result<(), ApiError> {
        let user = request.user_as::<user::Model>().ok_or_else(ApiError::not_authenticated)?;
        serializer.set(book::Model::FIELDS.added_by, user.id).save().await?;
        Ok(())
    }

    /// The reviews of one book, newest first.
    ///
    /// POST a `rating` (1-5) and an optional `text` to review the book as the
    /// signed-in user; each user can review a book only once.
    #[action(detail = true, methods = [GET, POST], serializer_class = ReviewSerializer,
        permission_classes = [IsAuthenticatedOrReadOnly])]
    async fn reviews(&self, request: &Request) -> Result<Response, ApiError> {
        let book = self.get_object(request).await?;
        if request.method() == Method::POST {
            let context = self.get_serializer_context(request).with(book.clone());
            let data = request.data().await?.clone();
            let mut serializer = ReviewSerializer::with_data(data).context(context);
            serializer.is_valid_or_raise().await?;
            serializer.set(review::Model::FIELDS.book, book.id).save().await?;
            return Ok(Response::new(status::HTTP_201_CREATED, serializer.data().await?));
        }
        let reviews = review::Entity::find()
            .filter(review::Column::BookId.eq(book.id))
            .order_by_desc(review::Column::Created)
            .order_by_desc(review::Column::Id);
        let page = self.paginator().paginate_queryset(reviews, request, self.db()).await?;
        let page = page.ok_or_else(|| ApiError::internal("PAGE_SIZE is set"))?;
        let data = ReviewSerializer::represent(&page.objects, &self.get_serializer_context(request)).await?;
        self.get_paginated_response(request, page.state, data)
    }

    /// The five best-rated books; books without reviews are left out.
    #[action(detail = false, url_path = "top-rated")]
    async fn top_rated(&self, request: &Request) -> Result<Response, ApiError> {
        let sql = "SELECT b.id FROM library_book b JOIN library_review r ON r.book_id = b.id \
                   GROUP BY b.id, b.title ORDER BY AVG(r.rating) DESC, b.title ASC, b.id ASC LIMIT 5";
        let backend = self.db().get_database_backend();
        let rows = self.db().query_all_raw(Statement::from_string(backend, sql)).await?;
        let ids = rows.iter().map(|row| row.try_get::<i64>("", "id")).collect::<Result<Vec<_>, _>>()?;
        let mut books = self.get_queryset(request).filter(book::Column::Id.is_in(ids.clone())).all(self.db()).await?;
        books.sort_by_key(|book| ids.iter().position(|id| *id == book.id));
        let data = BookSerializer::represent(&books, &self.get_serializer_context(request)).await?;
        Ok(Response::json(data))
    }
}

impl FilterSetView for BookViewSet {
    fn filterset_fields(&self) -> &[&'static str] {
        &["author", "in_stock", "genres__slug"]
    }
}

impl SearchFields for BookViewSet {
    const SEARCH_FIELDS: &'static [&'static str] = &["title", "author__name", "=isbn"];
}

impl OrderingFields for BookViewSet {
    const ORDERING_FIELDS: ValidFields = ValidFields::Fields(&["title", "price", "published", "created"]);
    const ORDERING: &'static [&'static str] = &["title"];
}

pub(crate) struct ReviewViewSet {
    pub(crate) db: DatabaseConnection,
}

/// Every review on the shelf, newest first.
///
/// Page with `?limit=` and `?offset=`. Reviews are written through a book's
/// `reviews` endpoint.
#[viewset(ReadOnlyModelViewSet, pagination_class = REVIEW_PAGINATION, filter_backends = [DEFAULT_FILTER_BACKENDS])]
impl GenericAPIView for ReviewViewSet {
    type Serializer = ReviewListSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn get_queryset(&self, _request: &Request) -> Select<review::Entity> {
        review::Entity::find().order_by_desc(review::Column::Created).order_by_desc(review::Column::Id)
    }
    fn select_related(&self) -> &[&str] {
        &["user"]
    }
}

pub(crate) struct UserViewSet {
    pub(crate) db: DatabaseConnection,
}

/// Active users and the books they have added. Sign-in required.
#[viewset(ReadOnlyModelViewSet, permission_classes = [IsAuthenticated], lookup_field = username,
    filter_backends = [DEFAULT_FILTER_BACKENDS])]
impl GenericAPIView for UserViewSet {
    type Serializer = UserSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn get_queryset(&self, _request: &Request) -> Select<user::Entity> {
        user::Entity::find().filter(user::Column::IsActive.eq(true)).order_by_asc(user::Column::Username)
    }
}

default_filter_settings!(AuthorViewSet, GenreViewSet, ReviewViewSet, UserViewSet);

pub(crate) struct MeView {
    pub(crate) db: DatabaseConnection,
}

/// The signed-in user's profile.
///
/// `email`, `first_name` and `last_name` can be changed; `username` cannot.
#[generic_view(RetrieveUpdateAPIView, permission_classes = [IsAuthenticated])]
impl GenericAPIView for MeView {
    type Serializer = MeSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    async fn get_object(&self, request: &Request) -> Result<user::Model, ApiError> {
        request.user_as::<user::Model>().cloned().ok_or_else(ApiError::not_authenticated)
    }
}
