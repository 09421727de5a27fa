//! A serializer bound to its input and/or instance: DRF's `is_valid` / `errors` /
//! `validated_data` / `data` / `save` life cycle, with DRF's assertions as internal errors.

use serde_json::{Map, Value};

use super::{Column, Context, Serializer, SerializerHooks};
use crate::exceptions::{ApiError, Detail};
use crate::serializers::pipeline::validation_detail;

/// `S(instance, data=..., partial=...)`: build it with [`Serializer::with_data`],
/// [`Serializer::with_instance`] or [`Serializer::for_update`].
pub struct Bound<S: Serializer> {
    instance: Option<S::Instance>,
    initial_data: Option<Value>,
    ctx: Context,
    validated: Option<S::Data>,
    errors: Option<Detail>,
    data_accessed: bool,
    /// What the validation set aside for `save()` (many-to-many choices), kept here until `save()` so that other
    /// serializers sharing the context cannot take them.
    deferred: Vec<super::deferred::Entry>,
}

impl<S: Serializer> std::fmt::Debug for Bound<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bound").field("errors", &self.errors).finish_non_exhaustive()
    }
}

fn assertion(msg: &str) -> ApiError {
    ApiError::internal(msg)
}

impl<S: Serializer> Bound<S> {
    pub(crate) fn new(instance: Option<S::Instance>, initial_data: Option<Value>) -> Self {
        Self {
            instance,
            initial_data,
            ctx: Context::default(),
            validated: None,
            errors: None,
            data_accessed: false,
            deferred: Vec::new(),
        }
    }

    /// Uses `ctx` (request, view, database, settings) for validation, saving and rendering.
    #[must_use]
    pub fn context(mut self, ctx: Context) -> Self {
        let partial = self.ctx.partial;
        self.ctx = ctx;
        self.ctx.partial |= partial;
        self
    }

    /// Adds the database connection to the context ([`Context::database`]).
    #[must_use]
    pub fn database(mut self, db: sea_orm::DatabaseConnection) -> Self {
        self.ctx = self.ctx.database(db);
        self
    }

    /// Joins `atomic`'s transaction ([`Context::atomic`]): validation queries and `save()` run
    /// inside it.
    #[must_use]
    pub fn atomic(mut self, atomic: &super::Atomic) -> Self {
        self.ctx = self.ctx.atomic(atomic);
        self
    }

    /// Adds a typed value to the context ([`Context::with`]), e.g. a `UserManager` that
    /// `create()` reads back with `ctx.get::<UserManager>()`.
    #[must_use]
    pub fn with<T: Clone + Send + Sync + 'static>(mut self, value: T) -> Self {
        self.ctx = self.ctx.with(value);
        self
    }

    /// `partial=True`: missing fields are skipped and defaults not applied (PATCH).
    #[must_use]
    pub fn partial(mut self, partial: bool) -> Self {
        self.ctx.partial = partial;
        self
    }

    /// The input as given (`initial_data`).
    pub fn initial_data(&self) -> Option<&Value> {
        self.initial_data.as_ref()
    }

    /// The instance given or saved.
    pub fn instance(&self) -> Option<&S::Instance> {
        self.instance.as_ref()
    }

    /// Runs validation once; `Ok(false)` when the data is invalid (see [`Bound::errors`]).
    /// Errors that are not validation errors (a failed query) come back as `Err`.
    pub async fn is_valid(&mut self) -> Result<bool, ApiError> {
        let Some(data) = &self.initial_data else {
            return Err(assertion(
                "Cannot call `.is_valid()` as no `data=` keyword argument was passed when instantiating the serializer instance.",
            ));
        };
        if let Some(errors) = &self.errors {
            return Ok(matches!(errors, Detail::Dict(e) if e.is_empty()));
        }
        match S::run_validation(data, &self.ctx, self.instance.as_ref()).await {
            Ok(validated) => {
                self.deferred = self.ctx.deferred().take_all();
                self.validated = Some(validated);
                self.errors = Some(Detail::Dict(Vec::new()));
                Ok(true)
            }
            Err(err) => {
                self.errors = Some(validation_detail(err)?);
                Ok(false)
            }
        }
    }

    /// `is_valid(raise_exception=True)`: the error tree as a 400 [`ApiError`].
    pub async fn is_valid_or_raise(&mut self) -> Result<(), ApiError> {
        if self.is_valid().await? { Ok(()) } else { Err(ApiError::validation(self.errors()?.clone())) }
    }

    /// The error tree (an empty dict when valid).
    pub fn errors(&self) -> Result<&Detail, ApiError> {
        self.errors.as_ref().ok_or_else(|| assertion("You must call `.is_valid()` before accessing `.errors`."))
    }

    /// The typed validated data.
    pub fn validated_data(&self) -> Result<&S::Data, ApiError> {
        if self.errors.is_none() {
            return Err(assertion("You must call `.is_valid()` before accessing `.validated_data`."));
        }
        self.validated.as_ref().ok_or_else(|| assertion("restframe: no validated data (invalid, or moved by save())"))
    }

    /// The typed validated data, to add values before `save()` (DRF's `save(**kwargs)`).
    pub fn validated_data_mut(&mut self) -> Result<&mut S::Data, ApiError> {
        if self.errors.is_none() {
            return Err(assertion("You must call `.is_valid()` before accessing `.validated_data`."));
        }
        self.validated.as_mut().ok_or_else(|| assertion("restframe: no validated data (invalid, or moved by save())"))
    }

    /// DRF's `.data`: the instance's representation (its relations prefetched first, see
    /// [`Serializer::prefetch`]), else the validated data's, else `{}`.
    pub async fn data(&mut self) -> Result<Value, ApiError> {
        if self.initial_data.is_some() && self.errors.is_none() {
            return Err(assertion(
                "When a serializer is passed a `data` keyword argument you must call `.is_valid()` before attempting to access the serialized `.data` representation.\nYou should either call `.is_valid()` first, or access `.initial_data` instead.",
            ));
        }
        self.data_accessed = true;
        let valid = self.errors.as_ref().is_none_or(|e| matches!(e, Detail::Dict(e) if e.is_empty()));
        Ok(match (&self.instance, &self.validated) {
            (_, _) if !valid => Value::Object(Map::new()),
            (Some(instance), _) => {
                S::prefetch(&[instance], &self.ctx).await?;
                S::render(instance, &self.ctx)
            }
            (None, Some(data)) => S::data_representation(data, &self.ctx),
            (None, None) => Value::Object(Map::new()),
        })
    }
}

impl<S: Serializer> Bound<S> {
    /// DRF's `save(field=value)` for one model field: sets `column` in the validated data (the
    /// model's `ActiveModel`) before `save()`, e.g. in a view's `perform_create`:
    ///
    /// ```
    /// # mod book {
    /// #     use sea_orm::entity::prelude::*;
    /// #     #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    /// #     #[sea_orm(table_name = "book")]
    /// #     pub struct Model {
    /// #         #[sea_orm(primary_key)]
    /// #         pub id: i32,
    /// #         pub title: String,
    /// #         pub added_by: i32,
    /// #     }
    /// #     #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    /// #     pub enum Relation {}
    /// #     impl ActiveModelBehavior for ActiveModel {}
    /// # }
    /// use restframe::serializers::{ModelMeta, Serializer};
    ///
    /// #[derive(restframe::ModelSerializer)]
    /// #[serializer(model = book::Model, fields(id, title))]
    /// struct BookSerializer;
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().expect("rt").block_on(async {
    /// let mut serializer = BookSerializer::with_data(serde_json::json!({"title": "Dune"}));
    /// serializer.is_valid_or_raise().await?;
    /// serializer.set(book::Model::FIELDS.added_by, 7);
    /// assert_eq!(serializer.validated_data()?.added_by, sea_orm::ActiveValue::Set(7));
    /// # Ok::<(), restframe::exceptions::ApiError>(()) }).expect("doc example");
    /// ```
    ///
    /// Does nothing before a successful `is_valid()` (the following `save()` reports DRF's
    /// assertion). A field that is not among the serializer's fields can be set too.
    pub fn set<M, T: Into<sea_orm::Value>>(&mut self, column: Column<M, S::Data, T>, value: T) -> &mut Self {
        if let Some(data) = self.validated.as_mut() {
            (column.set)(data, sea_orm::ActiveValue::Set(value));
        }
        self
    }
}

impl<S: SerializerHooks> Bound<S> {
    /// DRF's `save(**kwargs)` in general: `update` the validated data with `f`, then `save()`:
    ///
    /// ```
    /// use restframe::serializers::{Context, Serializer};
    ///
    /// #[derive(restframe::Serializer)]
    /// #[serializer(hooks)]
    /// struct Note { text: String }
    ///
    /// impl restframe::serializers::SerializerHooks for Note {
    ///     // A plain serializer's `create` returns what it was given.
    ///     async fn create(data: Note, _ctx: &Context) -> Result<Note, restframe::exceptions::ApiError> {
    ///         Ok(data)
    ///     }
    /// }
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().expect("rt").block_on(async {
    /// let mut serializer = Note::with_data(serde_json::json!({"text": "hi"}));
    /// serializer.is_valid_or_raise().await?;
    /// let saved = serializer.save_with(|note| note.text.push('!')).await?;
    /// assert_eq!(saved.text, "hi!");
    /// # Ok::<(), restframe::exceptions::ApiError>(()) }).expect("doc example");
    /// ```
    pub async fn save_with(&mut self, f: impl FnOnce(&mut S::Data)) -> Result<&S::Instance, ApiError> {
        if let Some(data) = self.validated.as_mut() {
            f(data);
        }
        self.save().await
    }

    /// DRF's `save()`: `update()` when an instance was given, else `create()`.
    pub async fn save(&mut self) -> Result<&S::Instance, ApiError> {
        let Some(errors) = &self.errors else {
            return Err(assertion("You must call `.is_valid()` before calling `.save()`."));
        };
        if !matches!(errors, Detail::Dict(e) if e.is_empty()) {
            return Err(assertion("You cannot call `.save()` on a serializer with invalid data."));
        }
        if self.data_accessed {
            return Err(assertion(
                "You cannot call `.save()` after accessing `serializer.data`.If you need to access data before committing to the database then inspect 'serializer.validated_data' instead. ",
            ));
        }
        let data = self.validated.take().ok_or_else(|| assertion("restframe: save() was already called"))?;
        self.ctx.deferred().restore(std::mem::take(&mut self.deferred));
        let saved = match self.instance.take() {
            Some(instance) => S::update(instance, data, &self.ctx).await?,
            None => S::create(data, &self.ctx).await?,
        };
        Ok(self.instance.insert(saved))
    }
}
