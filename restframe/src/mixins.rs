//! DRF's `rest_framework.mixins`: the bodies of the list / create / retrieve / update / destroy
//! actions, as public async functions over any [`GenericAPIView`].
//!
//! The concrete views of [`crate::generics`] call them from their handlers
//! (`ListCreateAPIView.get` is [`list`], `.post` is [`create`], ...); a viewset's actions call
//! them the same way (`ModelViewSet.partial_update` is `update(view, request, true)`).
//!
//! The contract, as DRF's: each function answers what DRF's mixin answers, with its status,
//! body and headers; business logic goes in the view's hooks
//! ([`GenericAPIView::perform_create`], `perform_update`, `perform_destroy`,
//! `get_queryset`, `get_object`), never in a copy of these bodies.
//!
//! | function | DRF | answer |
//! |---|---|---|
//! | [`list`] | `ListModelMixin.list` | 200, the rendered queryset (or the paginated response) |
//! | [`create`] | `CreateModelMixin.create` | 201, the created object, `Location` from its `url` field (`URL_FIELD_NAME`) |
//! | [`retrieve`] | `RetrieveModelMixin.retrieve` | 200, the object |
//! | [`update`] | `UpdateModelMixin.update` / `partial_update` | 200, the updated object |
//! | [`destroy`] | `DestroyModelMixin.destroy` | 204, no body |
//!
//! [`list_with`] and [`retrieve_with`] render with another serializer of the same model: the
//! read side of a DRF `get_serializer_class()` that branches on the action. Writes keep the
//! view's serializer, whose `perform_*` hooks they run.

use http::HeaderValue;
use http::header::LOCATION;
use serde_json::Value;

use crate::exceptions::ApiError;
use crate::generics::{GenericAPIView, ModelOf};
use crate::request::Request;
use crate::response::Response;
use crate::serializers::Serializer;
use crate::status;

/// `ListModelMixin.list`: filters the queryset, paginates it when the view paginates, renders
/// every object.
pub async fn list<V: GenericAPIView>(view: &V, request: &Request) -> Result<Response, ApiError> {
    list_with::<V, V::Serializer>(view, request).await
}

/// [`list`] rendering with serializer `S` instead of the view's: DRF's `list` under a
/// `get_serializer_class()` that answers another class for `self.action == 'list'`.
pub async fn list_with<V, S>(view: &V, request: &Request) -> Result<Response, ApiError>
where
    V: GenericAPIView,
    S: Serializer<Instance = ModelOf<V>>,
{
    // The model's metadata also lets its rows be read on the calling thread (`db::rows`).
    if let Some(info) = S::model_info() {
        crate::relations::select_related::set_plan(request, info, view.select_related())?;
    }
    let queryset = view.filter_queryset(request, view.get_queryset(request)).await?;
    let ctx = view.get_serializer_context(request);
    if let Some(page) = view.paginate_queryset(request, queryset.clone()).await? {
        let data = S::represent(&page.objects, &ctx).await?;
        return view.get_paginated_response(request, page.state, data);
    }
    let objects = match crate::relations::select_related::joins_for::<V::Entity>(Some(request)) {
        Some(joins) => joins.read(queryset, None, view.db(), request).await?,
        None => crate::sqlite::rows::all(queryset, view.db()).await?,
    };
    Ok(Response::json(S::represent(&objects, &ctx).await?))
}

/// `CreateModelMixin.create`: validates the request data (400 with the error tree),
/// [`GenericAPIView::perform_create`], then 201 with the object and DRF's
/// `get_success_headers` (`Location` from a `url` field).
pub async fn create<V: GenericAPIView>(view: &V, request: &Request) -> Result<Response, ApiError> {
    // The model's metadata also lets its rows be read on the calling thread (`db::rows`).
    V::Serializer::model_info();
    let data = request.data().await?.clone();
    let mut serializer = view.get_serializer(request, None, Some(data));
    serializer.is_valid_or_raise().await?;
    view.perform_create(request, &mut serializer).await?;
    let data = serializer.data().await?;
    let location = success_location(&data, request.settings().url_field_name());
    let mut response = Response::new(status::HTTP_201_CREATED, data);
    if let Some(location) = location {
        response = response.with_header(LOCATION, location);
    }
    Ok(response)
}

/// `RetrieveModelMixin.retrieve`: [`GenericAPIView::get_object`], rendered.
pub async fn retrieve<V: GenericAPIView>(view: &V, request: &Request) -> Result<Response, ApiError> {
    let instance = view.get_object(request).await?;
    Ok(Response::json(view.get_serializer(request, Some(instance), None).data().await?))
}

/// [`retrieve`] rendering with serializer `S` instead of the view's (see [`list_with`]).
pub async fn retrieve_with<V, S>(view: &V, request: &Request) -> Result<Response, ApiError>
where
    V: GenericAPIView,
    S: Serializer<Instance = ModelOf<V>>,
{
    let instance = view.get_object(request).await?;
    Ok(Response::json(view.get_serializer_of::<S>(request, Some(instance), None).data().await?))
}

/// `UpdateModelMixin.update` (`PUT`, `partial = false`) and `partial_update` (`PATCH`,
/// `partial = true`): the object, the request data validated against it,
/// [`GenericAPIView::perform_update`], 200 with the updated object.
pub async fn update<V: GenericAPIView>(view: &V, request: &Request, partial: bool) -> Result<Response, ApiError> {
    let instance = view.get_object(request).await?;
    let data = request.data().await?.clone();
    let mut serializer = view.get_serializer(request, Some(instance), Some(data)).partial(partial);
    serializer.is_valid_or_raise().await?;
    view.perform_update(request, &mut serializer).await?;
    Ok(Response::json(serializer.data().await?))
}

/// `DestroyModelMixin.destroy`: [`GenericAPIView::get_object`],
/// [`GenericAPIView::perform_destroy`], 204 with no body.
pub async fn destroy<V: GenericAPIView>(view: &V, request: &Request) -> Result<Response, ApiError> {
    let instance = view.get_object(request).await?;
    view.perform_destroy(request, instance).await?;
    Ok(Response::empty(status::HTTP_204_NO_CONTENT))
}

/// DRF's `get_success_headers`: `str(data[api_settings.URL_FIELD_NAME])` when the data has that
/// field (`url` by default), as Python's `str()` spells the value.
fn success_location(data: &Value, url_field_name: &str) -> Option<HeaderValue> {
    let text = match data.get(url_field_name)? {
        Value::String(s) => s.clone(),
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        other => other.to_string(),
    };
    HeaderValue::from_str(&text).ok()
}
