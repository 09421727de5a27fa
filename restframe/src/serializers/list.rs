//! `many=True`: DRF's `ListSerializer`, with 3.18's errors keyed by the failing items' indexes.

use serde_json::Value;

use super::{Context, Serializer, SerializerHooks};
use crate::exceptions::{ApiError, Detail, ErrorDetail};
use crate::fields::FieldSpec;
use crate::python::{non_field_error, type_name};
use crate::serializers::pipeline::validation_detail;

fn non_field(ctx: &Context, msg: String, code: &str) -> ApiError {
    non_field_error(ctx.non_field_errors_key(), ErrorDetail::new(msg, code))
}

/// Validates a list of items with `S`: non-lists and (without `allow_empty`) empty lists are
/// `non_field_errors`; item errors come back as `{"<index>": {...}}` for the failing items only.
pub(crate) async fn run_many<S: SerializerHooks>(
    data: &Value,
    spec: &FieldSpec,
    ctx: &Context,
) -> Result<Vec<S::Data>, ApiError> {
    let Value::Array(items) = data else {
        let msg = format!("Expected a list of items but got type \"{}\".", type_name(data));
        return Err(non_field(ctx, msg, "not_a_list"));
    };
    if items.is_empty() && !spec.allow_empty {
        return Err(non_field(ctx, "This list may not be empty.".to_owned(), "empty"));
    }
    if let Some(max) = spec.max_length.filter(|max| items.len() > *max) {
        return Err(non_field(ctx, format!("Ensure this field has no more than {max} elements."), "max_length"));
    }
    if let Some(min) = spec.min_length.filter(|min| items.len() < *min) {
        return Err(non_field(ctx, format!("Ensure this field has at least {min} elements."), "min_length"));
    }
    let mut parsed = Vec::with_capacity(items.len());
    let mut errors = Vec::new();
    for (index, item) in items.iter().enumerate() {
        if item.is_null() {
            let msg = ErrorDetail::new("This field may not be null.", "null");
            errors.push((index.to_string(), Detail::List(vec![msg.into()])));
            continue;
        }
        match S::run_validation(item, ctx, None).await {
            Ok(value) => parsed.push(value),
            Err(err) => errors.push((index.to_string(), validation_detail(err)?)),
        }
    }
    if errors.is_empty() { Ok(parsed) } else { Err(ApiError::validation(Detail::Dict(errors))) }
}

/// `S(data=[...], many=True)`: validates every item, then creates one instance per item.
///
/// ```
/// # use restframe::serializers::{Serializer, Context};
/// # #[derive(restframe::Serializer)]
/// # struct Item { name: String }
/// # tokio_test(async {
/// let mut items = Item::many(serde_json::json!([{"name": "ok"}, {"name": ""}, {}]));
/// assert!(!items.is_valid().await?);
/// assert_eq!(
///     items.errors()?.to_json(),
///     serde_json::json!({"1": {"name": ["This field may not be blank."]}, "2": {"name": ["This field is required."]}})
/// );
/// # Ok::<(), restframe::exceptions::ApiError>(()) });
/// # fn tokio_test<F: std::future::Future<Output = Result<(), restframe::exceptions::ApiError>>>(f: F) {
/// #     tokio::runtime::Builder::new_current_thread().build().expect("runtime").block_on(f).expect("ok") }
/// ```
pub struct ListBound<S: Serializer> {
    initial_data: Value,
    spec: FieldSpec,
    ctx: Context,
    validated: Option<Vec<S::Data>>,
    errors: Option<Detail>,
    instances: Vec<S::Instance>,
}

impl<S: Serializer> std::fmt::Debug for ListBound<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ListBound").field("errors", &self.errors).finish_non_exhaustive()
    }
}

impl<S: SerializerHooks> ListBound<S> {
    pub(crate) fn new(data: Value) -> Self {
        Self {
            initial_data: data,
            spec: FieldSpec::new(""),
            ctx: Context::default(),
            validated: None,
            errors: None,
            instances: Vec::new(),
        }
    }

    /// Uses `ctx` (request, view, database, settings) for validation, saving and rendering.
    #[must_use]
    pub fn context(mut self, ctx: Context) -> Self {
        self.ctx = ctx;
        self
    }

    /// `allow_empty=False`: `[]` is `This list may not be empty.`
    #[must_use]
    pub fn allow_empty(mut self, allow: bool) -> Self {
        self.spec.allow_empty = allow;
        self
    }

    /// Validates every item; `Ok(false)` when any failed (see [`ListBound::errors`]).
    pub async fn is_valid(&mut self) -> Result<bool, ApiError> {
        match run_many::<S>(&self.initial_data, &self.spec, &self.ctx).await {
            Ok(items) => {
                self.validated = Some(items);
                self.errors = Some(Detail::Dict(Vec::new()));
                Ok(true)
            }
            Err(err) => {
                self.errors = Some(validation_detail(err)?);
                Ok(false)
            }
        }
    }

    /// The errors of the last [`ListBound::is_valid`].
    pub fn errors(&self) -> Result<&Detail, ApiError> {
        self.errors
            .as_ref()
            .ok_or_else(|| ApiError::internal("You must call `.is_valid()` before accessing `.errors`."))
    }

    /// The validated items.
    pub fn validated_data(&self) -> Result<&[S::Data], ApiError> {
        self.validated
            .as_deref()
            .ok_or_else(|| ApiError::internal("You must call `.is_valid()` before accessing `.validated_data`."))
    }

    /// Calls `create()` once per item, in order (DRF's `ListSerializer.create`).
    pub async fn save(&mut self) -> Result<&[S::Instance], ApiError> {
        let items = self
            .validated
            .take()
            .ok_or_else(|| ApiError::internal("You cannot call `.save()` on a serializer with invalid data."))?;
        for item in items {
            self.instances.push(S::create(item, &self.ctx).await?);
        }
        Ok(&self.instances)
    }

    /// Joins `atomic`'s transaction ([`Context::atomic`]): every item's validation queries and
    /// `create()` run inside it, so one failing item can undo the others.
    #[must_use]
    pub fn atomic(mut self, atomic: &super::Atomic) -> Self {
        self.ctx = self.ctx.atomic(atomic);
        self
    }

    /// The saved instances rendered as a JSON array, with the context (their relations
    /// prefetched first).
    pub async fn data(&self) -> Result<Value, ApiError> {
        S::represent(&self.instances, &self.ctx).await
    }
}
