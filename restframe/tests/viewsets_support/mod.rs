//! The model, serializers and generic viewsets of `tests/generic_viewsets.rs`, mirroring the
//! Django app the expected answers were recorded from (Django 6.1 + DRF 3.18: a `Book` model
//! with `title` and a unique `slug`; `BookViewSet(ModelViewSet)` whose `get_serializer_class()`
//! answers `BookListSerializer` for `list`, with extra actions `reviews`
//! (`serializer_class=ReviewSerializer`), `recent` and `touch`; `ShelfViewSet(ReadOnlyModelViewSet)`
//! by slug with `lookup_value_regex = '[a-z-]+'`; `PlainListViewSet(GenericViewSet)` with `list`
//! and a `links` action; `KeyedViewSet(ReadOnlyModelViewSet)` by slug under the URL keyword
//! argument `key`).

use restframe::generics::GenericAPIView;
use restframe::metadata::Method;
use restframe::mixins;
use restframe::prelude::*;
use restframe::reverse::reverse_action;
use restframe::serializers::Serializer;
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder, QuerySelect, Select};
use serde_json::json;

pub(crate) mod book {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "app_book")]
    #[restframe(verbose_name = "book")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(column_type = "String(StringLen::N(100))")]
        pub title: String,
        #[sea_orm(column_type = "String(StringLen::N(32))", unique)]
        pub slug: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, fields(id, title, slug))]
pub(crate) struct BookSerializer;

#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, fields(id, title))]
pub(crate) struct BookListSerializer;

/// DRF's `ReviewSerializer(serializers.Serializer)`.
#[derive(restframe::Serializer)]
pub(crate) struct ReviewSerializer {
    #[field(max_length = 50)]
    text: String,
    #[field(min_value = 1, max_value = 5)]
    stars: i64,
}

/// Safe methods for everyone, the rest for the `X-User: alice` header (the recording's
/// stand-in for a signed-in user).
#[derive(Debug)]
pub(crate) struct Authed;

impl Permission for Authed {
    fn has_permission(&self, request: &Request) -> bool {
        request.method().is_safe() || request.headers().get("x-user").is_some_and(|v| v == "alice")
    }
}

pub(crate) struct BookViewSet {
    pub(crate) db: DatabaseConnection,
}

/// The books on the shelf.
#[viewset(ModelViewSet, permission_classes = [Authed])]
impl GenericAPIView for BookViewSet {
    type Serializer = BookSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn get_queryset(&self, _request: &Request) -> Select<book::Entity> {
        book::Entity::find().order_by_asc(book::Column::Id)
    }
    /// DRF's `get_serializer_class()` answering `BookListSerializer` when `self.action == 'list'`.
    async fn list(&self, request: &Request) -> Result<Response, ApiError> {
        mixins::list_with::<Self, BookListSerializer>(self, request).await
    }
    /// Reviews of one book.
    #[action(detail = true, methods = [GET, POST], serializer_class = ReviewSerializer)]
    async fn reviews(&self, request: &Request) -> Result<Response, ApiError> {
        let book = self.get_object(request).await?;
        if request.method() != Method::POST {
            return Ok(Response::json(json!([])));
        }
        let data = request.data().await?.clone();
        let mut serializer = self.get_serializer_of::<ReviewSerializer>(request, None, Some(data));
        serializer.is_valid_or_raise().await?;
        let review = serializer.validated_data()?;
        let body = json!({"book": book.title, "text": review.text, "stars": review.stars});
        Ok(Response::new(status::HTTP_201_CREATED, body))
    }
    #[action(detail = false)]
    async fn recent(&self, request: &Request) -> Result<Response, ApiError> {
        let books = self.get_queryset(request).limit(1).all(self.db()).await?;
        Ok(Response::json(BookSerializer::render_many(&books, &self.get_serializer_context(request))))
    }
    #[action(detail = true, methods = [POST])]
    async fn touch(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"touched": self.get_object(request).await?.slug})))
    }
}

pub(crate) struct ShelfViewSet {
    pub(crate) db: DatabaseConnection,
}

#[viewset(ReadOnlyModelViewSet, lookup_field = slug, lookup_value_regex = "[a-z-]+")]
impl GenericAPIView for ShelfViewSet {
    type Serializer = BookSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn get_queryset(&self, _request: &Request) -> Select<book::Entity> {
        book::Entity::find().order_by_asc(book::Column::Id)
    }
}

pub(crate) struct PlainListViewSet {
    pub(crate) db: DatabaseConnection,
}

#[viewset(GenericViewSet)]
impl GenericAPIView for PlainListViewSet {
    type Serializer = BookSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    async fn list(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"basename": request.basename(), "action": request.action()})))
    }
    #[action(detail = false)]
    async fn links(&self, request: &Request) -> Result<Response, ApiError> {
        let list = reverse_action(request, "list", &[])?;
        Ok(Response::json(json!({"list": list, "links": reverse_action(request, "links", &[])?})))
    }
}

pub(crate) struct KeyedViewSet {
    pub(crate) db: DatabaseConnection,
}

// DRF's `lookup_field = 'slug'` with `lookup_url_kwarg = 'key'` (no docstring: no description).
#[viewset(ReadOnlyModelViewSet, lookup_field = slug, lookup_url_kwarg = "key")]
impl GenericAPIView for KeyedViewSet {
    type Serializer = BookSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    #[action(detail = true)]
    async fn whoami(&self, request: &Request) -> Result<Response, ApiError> {
        let key = request.kwarg("key").unwrap_or_default();
        Ok(Response::json(json!({
            "key": key,
            "self": reverse_action(request, "whoami", &[("key", key)])?,
            "detail": reverse_action(request, "detail", &[("key", key)])?,
        })))
    }
}
