//! Proc macros for restframe. Each macro parses its input into a small model, checks it, and
//! generates code that calls `::restframe` runtime items; every misuse is a compile error that
//! points at the offending token.

use proc_macro::TokenStream;

mod action;
mod attr;
mod ctxt;
mod dummy;
mod fallback;
mod field_type;
mod filterset;
mod fn_view;
mod generic_view;
mod generic_viewset;
mod model_meta;
mod model_serializer;
mod serializer;
mod spec;
mod view;
mod viewset;

/// DRF's `@api_view` and `APIView`: put it on an `async fn` (a function view) or on an
/// `impl APIView for MyView` block.
///
/// **On an `async fn name(request: &Request) -> Result<Response, ApiError>`** it lists the
/// methods the function answers, DRF's `@api_view(['GET', 'POST'])`: `#[api_view(GET, POST)]`
/// (`GET`, `POST`, `PUT`, `PATCH`, `DELETE`, `HEAD`; none is `GET` only, as in DRF; `OPTIONS`
/// is always answered with DRF's metadata). Other methods answer 405 with `Allow` listing the
/// methods plus `OPTIONS` in DRF's class-view order (`GET, POST, PUT, PATCH, DELETE, HEAD,
/// OPTIONS`; DRF's own order comes from a Python set and varies between processes). As in DRF,
/// `HEAD` is allowed only when listed. `request.method()` tells the methods apart.
///
/// The function becomes a unit struct of the same name implementing `APIView` and `ViewMeta`,
/// so `path("hello/", hello)` routes it; the body stays callable as `hello::handler(&request)`.
/// Its DRF name comes from the function's name (`hello_world` → `Hello World`), its
/// description from its doc comment.
///
/// ```
/// use restframe::prelude::*;
/// use serde_json::json;
///
/// /// Greets, or echoes what was posted.
/// #[api_view(GET, POST, permission_classes = [AllowAny])]
/// async fn hello_world(request: &Request) -> Result<Response, ApiError> {
///     if request.method() == "POST" {
///         return Ok(Response::json(json!({"message": "Got some data!", "data": request.data().await?})));
///     }
///     Ok(Response::json(json!({"message": "Hello, world!"})))
/// }
///
/// let urls = urlpatterns![path("hello/", hello_world)];
/// assert_eq!(<hello_world as ViewMeta>::NAME, "Hello World");
/// assert_eq!(<hello_world as ViewMeta>::DESCRIPTION, "Greets, or echoes what was posted.");
/// # let _ = urls;
/// ```
///
/// **On an `impl APIView for MyView` block** it records the handlers the block defines (for
/// routing, 405s and the `Allow` header), the view's DRF name (`HelloView` → `Hello`) and its
/// description (the impl block's doc comment) by implementing `restframe::views::ViewMeta`.
///
/// In both forms DRF's class attributes (for a function, its policy decorators) can be given as
/// arguments; each generates the `APIView` method that returns that list (on an impl, defining
/// the method as well is a compile error at the method):
///
/// | argument | DRF class attribute / decorator | generated method |
/// |---|---|---|
/// | `authentication_classes = [...]` | `authentication_classes` | `fn authentication_classes(&self) -> Authenticators` |
/// | `permission_classes = [...]` | `permission_classes` | `fn permission_classes(&self) -> Permissions` |
/// | `throttle_classes = [...]` | `throttle_classes` | `fn throttle_classes(&self) -> Throttles` |
/// | `parser_classes = [...]` | `parser_classes` | `fn parser_classes(&self) -> Parsers` |
/// | `renderer_classes = [...]` | `renderer_classes` | `fn renderer_classes(&self) -> Renderers` |
/// | `throttle_scope = "uploads"` | `throttle_scope` (no DRF decorator; `@api_view` reads the function's attribute) | `fn throttle_scope(&self) -> Option<&'static str>` |
///
/// ```
/// use restframe::prelude::*;
/// use serde_json::json;
///
/// pub struct HelloView;
///
/// #[api_view(permission_classes = [IsAuthenticated])]
/// impl APIView for HelloView {
///     async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
///         Ok(Response::json(json!({"message": "Hello, World!"})))
///     }
/// }
///
/// assert_eq!(format!("{:?}", HelloView.permission_classes()), "ClassList(1 classes)");
/// assert_eq!(<HelloView as ViewMeta>::HANDLERS, restframe::methods::MethodFilter::GET);
/// ```
#[proc_macro_attribute]
pub fn api_view(args: TokenStream, input: TokenStream) -> TokenStream {
    let input = proc_macro2::TokenStream::from(input);
    match syn::parse2::<syn::Item>(input.clone()) {
        Ok(syn::Item::Fn(item)) => fn_view::expand(args.into(), item).into(),
        Ok(syn::Item::Impl(item)) => view::expand(args.into(), item).into(),
        _ => {
            let err = syn::Error::new_spanned(
                &input,
                "#[api_view] goes on an `async fn` (a function view) or an `impl APIView for YourView { ... }` block",
            )
            .into_compile_error();
            quote::quote! { #err #input }.into()
        }
    }
}

/// Put on an `impl ViewSet for MyViewSet` block (DRF's `ViewSet`): records the standard
/// actions it defines (`list`, `create`, `retrieve`, `update`, `partial_update`, `destroy`) and
/// its `#[action(...)]` extra actions, for the router's routes, names and `Allow` headers, and
/// the viewset's DRF name (`BookViewSet` → `Book`) and description (the doc comment).
///
/// Arguments: `authentication_classes = [...]`, `permission_classes = [...]`,
/// `throttle_classes = [...]` (the lists for every action), `lookup_field = "slug"`,
/// `lookup_url_kwarg = "..."`, `lookup_value_regex = "..."`.
///
/// `#[action(detail = true, methods = [GET, POST], url_path = "...", url_name = "...",
/// name = "..." | suffix = "...", permission_classes = [...], authentication_classes = [...],
/// throttle_classes = [...], serializer_class = X)]` on an `async fn(&self, request: &Request)` makes it an extra
/// action (DRF's `@action`); its doc comment is its description. `#[mapping(that_action, DELETE)]`
/// on another `async fn` is DRF's `@that_action.mapping.delete`. A method that is neither an
/// action nor a `ViewSet` hook is a compile error.
///
/// **Generic viewsets**: `#[viewset(ModelViewSet | ReadOnlyModelViewSet | GenericViewSet, ...)]`
/// on an `impl GenericAPIView for MyViewSet` block (DRF's one class). The block holds the
/// `GenericAPIView` items (`type Serializer`, `db`, `get_queryset`, `perform_create`, ...), the
/// `ViewSet` hooks (`get_permissions`, ...), standard actions that replace the kind's mixin
/// calls, and `#[action]`s, which may add `serializer_class = X` (what OPTIONS describes on
/// that route; build it with `get_serializer_of::<X>`). Arguments are `#[generic_view]`'s
/// (`lookup_field = column`, `lookup_url_kwarg`, `model_name`, `pagination_class`,
/// `filter_backends`, the class lists, `throttle_scope`) plus `lookup_value_regex`; `register(prefix, viewset)` takes the
/// basename from `model_name`. See `restframe::viewsets` for an example.
///
/// ```
/// use restframe::prelude::*;
/// use restframe::viewsets::ViewSetMeta;
///
/// pub struct BookViewSet;
///
/// /// The books.
/// #[viewset(lookup_field = "isbn")]
/// impl ViewSet for BookViewSet {
///     async fn list(&self, _request: &Request) -> Result<Response, ApiError> {
///         Ok(Response::json(serde_json::json!([])))
///     }
///     /// The five best-rated books.
///     #[action(detail = false, url_path = "top-rated", permission_classes = [IsAuthenticated])]
///     async fn top_rated(&self, _request: &Request) -> Result<Response, ApiError> {
///         Ok(Response::json(serde_json::json!([])))
///     }
/// }
///
/// assert_eq!(BookViewSet::NAME, "Book");
/// assert_eq!(BookViewSet::ACTIONS, ["list"]);
/// assert_eq!(BookViewSet::EXTRA_ACTIONS[0].url_name, "top-rated");
/// assert_eq!(BookViewSet::EXTRA_ACTIONS[0].view_name, Some("Top rated"));
/// assert_eq!(<BookViewSet as ViewSet>::LOOKUP_FIELD, "isbn");
/// ```
#[proc_macro_attribute]
pub fn viewset(args: TokenStream, input: TokenStream) -> TokenStream {
    viewset::expand(args.into(), input.into()).into()
}

/// `#[mapping(my_action, DELETE)]` on an `async fn(&self, request: &Request)` inside a
/// `#[viewset]` block: DRF's `@my_action.mapping.delete`, the function answering `DELETE` on the
/// route of the extra action `my_action` (`request.action()` is the function's name). Only
/// meaningful inside `#[viewset]`, which consumes it; alone it is an error.
#[proc_macro_attribute]
pub fn mapping(_args: TokenStream, input: TokenStream) -> TokenStream {
    action::expand_mapping_alone(input.into()).into()
}

/// Marks an extra action inside a `#[viewset]` impl (see [`macro@viewset`]); anywhere else it
/// is a compile error.
#[proc_macro_attribute]
pub fn action(_args: TokenStream, input: TokenStream) -> TokenStream {
    action::expand_alone(input.into()).into()
}

/// Put on an `impl GenericAPIView for MyView` block, naming one of DRF's nine concrete generic
/// views: `CreateAPIView`, `ListAPIView`, `RetrieveAPIView`, `DestroyAPIView`, `UpdateAPIView`,
/// `ListCreateAPIView`, `RetrieveUpdateAPIView`, `RetrieveDestroyAPIView`,
/// `RetrieveUpdateDestroyAPIView`. It implements `APIView` with that view's handlers (each calls
/// the `restframe::mixins` body: `get` → `list` or `retrieve`, `post` → `create`, `put` /
/// `patch` → `update`, `delete` → `destroy`) and `ViewMeta` (DRF's name from the type, the
/// impl's doc comment as the description, the handlers for `Allow`), and writes
/// `type Entity` from `type Serializer` when the impl does not.
///
/// | argument | DRF class attribute |
/// |---|---|
/// | `authentication_classes = [...]`, `permission_classes = [...]`, `throttle_classes = [...]`, `parser_classes = [...]`, `renderer_classes = [...]` | the same |
/// | `throttle_scope = "uploads"` | `throttle_scope` |
/// | `lookup_field = slug` | `lookup_field = 'slug'` (a model field; a misspelled one does not compile) |
/// | `lookup_url_kwarg = "book_slug"` | `lookup_url_kwarg` (defaults to the lookup field's name, else `pk`) |
/// | `model_name = "BookReview"` | the model's class name in the 404 text |
/// | `pagination_class = PageNumberPagination::new()` | `pagination_class` (any expression of a paginator; writes the `paginator` hook) |
/// | `filter_backends = [SearchFilter, OrderingFilter]` | `filter_backends` (backend values, run in order; writes the `filter_backends` hook) |
///
/// See `restframe::generics` for a complete example.
#[proc_macro_attribute]
pub fn generic_view(args: TokenStream, input: TokenStream) -> TokenStream {
    generic_view::expand(args.into(), input.into()).into()
}

/// Derives a DRF `Serializer` for a struct: each field is a serializer field, the struct is the
/// validated data, and `#[field(...)]` takes DRF's field arguments.
///
/// The Rust type picks the field class (`String` → `CharField`, integers → `IntegerField`,
/// `bool` → `BooleanField`, `Vec<T>` → `ListField`, `Option<T>` → not required, ...; see
/// `restframe::fields`).
///
/// | attribute | DRF equivalent |
/// |---|---|
/// | `read_only` | `read_only=True` (ignored on input; the struct gets `default` or `Default::default()`) |
/// | `write_only` | `write_only=True` (never rendered) |
/// | `required`, `required = false` | `required=` (`Option<_>` fields default to not required) |
/// | `default = expr` | `default=` (used when the key is missing, not on partial updates) |
/// | `allow_null` | `allow_null=True` (needs an `Option<_>` type) |
/// | `allow_blank`, `trim_whitespace = false` | `CharField` options |
/// | `allow_empty = false` | `ListField` / `DictField` option |
/// | `min_length = n`, `max_length = n` | characters for strings, elements for lists |
/// | `min_value = n`, `max_value = n` | numeric bounds (integer or float literal) |
/// | `email`, `url`, `slug`, `unicode_slug`, `uuid` | `EmailField`, `URLField`, `SlugField`, `SlugField(allow_unicode=True)`, `UUIDField` |
/// | `regex = "pattern"` | `RegexField` |
/// | `choices(("draft", "Draft"), ("live", "Live"))`, `choices("a", "b")`, `choices((1, "Low"), (2, "High"))` | `ChoiceField(choices=...)`: Django's `(value, label)` pairs, or values that are their own labels (DRF's flat list); strings on a `String` field, integers on an integer one; a `Vec<String>` with choices is a `MultipleChoiceField`. The labels are OPTIONS' `display_name` and the OpenAPI enum's description |
/// | `decimal(max_digits = 5, decimal_places = 2)` | `DecimalField` (kept as its quantized string) |
/// | `error_messages(blank = "...", required = "...")` | `error_messages=` |
/// | `validators = [f, UniqueValidator::<E>::new(col)]` | `validators=` (anything implementing `restframe::validators::Validator<T>`; on an `Option<T>` field they check the `T` and skip `None`) |
/// | `validate` | calls your inherent `async fn validate_<field>(value: T, ctx: &Context) -> Result<T, ApiError>` |
/// | `nested` | a nested serializer (`inner = InnerSerializer()`); `Option<Inner>` with `allow_null` |
/// | `nested, many` | `InnerSerializer(many=True)` on a `Vec<Inner>` field |
/// | `child(max_length = 2, ...)` | `ListField(child=CharField(max_length=2))` options |
///
/// On the struct, `#[serializer(hooks)]` says you write `impl SerializerHooks for YourSerializer`
/// (object-level `validate`, `create`, `update`); without it the derive writes the empty impl.
///
/// ```
/// use restframe::serializers::Serializer;
///
/// #[derive(restframe::Serializer)]
/// struct UserLoginSerializer {
///     #[field(required)]
///     username: String,
///     #[field(write_only)]
///     password: String,
///     #[field(default = false)]
///     remember: bool,
///     #[field(choices(("en", "English"), ("fr", "French")), allow_null)]
///     language: Option<String>,
///     #[field(child(max_length = 2), max_length = 3)]
///     tags: Vec<String>,
/// }
///
/// # tokio::runtime::Builder::new_current_thread().build().expect("rt").block_on(async {
/// let mut s = UserLoginSerializer::with_data(serde_json::json!({"username": "x", "tags": ["abc"]}));
/// assert!(!s.is_valid().await?);
/// assert_eq!(s.errors()?.to_json(), serde_json::json!({
///     "password": ["This field is required."],
///     "tags": {"0": ["Ensure this field has no more than 2 characters."]},
/// }));
/// # Ok::<(), restframe::exceptions::ApiError>(()) }).expect("doc example");
/// ```
#[proc_macro_derive(Serializer, attributes(serializer, field))]
pub fn derive_serializer(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    serializer::derive(&input).into()
}

/// Derives DRF's `ModelSerializer`: fields, types and constraints come from the model's
/// `ModelMeta` (see `#[derive(ModelMeta)]`), the validated data is the model's `ActiveModel`
/// (absent fields `NotSet`), and `save()` inserts or updates the row.
///
/// Model → serializer mapping (DRF's): an auto-increment primary key is read-only; a field
/// with a default, `blank` or `null` is not required; `blank` strings allow `""`; nullable
/// fields allow `null`; `max_length` carries over; `unique` adds a `UniqueValidator` with
/// Django's message; model validators (e.g. `UnicodeUsernameValidator`) are copied.
///
/// | `#[serializer(...)]` | DRF `Meta` |
/// |---|---|
/// | `model = path::Model` | `model` |
/// | `fields(a, b, c)` | `fields` (misspelled names do not compile) |
/// | `fields = "__all__"` | `fields = '__all__'`: the primary key, the declared fields, the model's other fields, its foreign keys, then its many-to-many fields (`PrimaryKeyRelatedField(many=True)`) |
/// | `exclude(a, b)` | `exclude` (DRF's order as for `"__all__"`, minus these) |
/// | `read_only_fields(a)` (or `read_only(a)`) | `read_only_fields` |
/// | `write_only(b)` | `extra_kwargs = {'b': {'write_only': True}}` |
/// | `extra_kwargs(b(max_length = 3, write_only))` | `extra_kwargs` (any `#[field(...)]` option) |
/// | `validate_fields(a)` | calls your inherent `async fn validate_a(value: T, ctx: &Context) -> Result<T, ApiError>` |
/// | `unique_together(a, b)` | `validators = [UniqueTogetherValidator(...)]` (repeatable) |
/// | `hooks` | you write `impl SerializerHooks` (`validate`, `create`, `update`) |
/// | `hyperlinked` | `HyperlinkedModelSerializer`: a `url` identity field, relations as `HyperlinkedRelatedField(view_name='<model>-detail')` |
/// | `depth = 1` | `depth`: listed forward relations as read-only nested serializers of the related model (`fields = '__all__'`), `depth` levels deep; `0..=10` |
///
/// The derive reads the model's field list (which names are relations, what `"__all__"` means)
/// from a macro `#[derive(ModelMeta)]` emits under the model's own name, so `model` is the
/// model's path or a `use` alias of it (`model = note::Model`, `model = restframe::auth::User`),
/// not a `type` alias.
///
/// Named struct fields override one field's options with `#[field(...)]` (every option of
/// `#[derive(Serializer)]` except `nested`, `many` and `default`), plus `source = "column"`
/// to expose a column under another name. A declared field's type must be the column's type.
/// Two declared fields are fields of their own:
///
/// | struct field | DRF |
/// |---|---|
/// | `#[field(method)] stars: i64` | `stars = SerializerMethodField()`: `fn get_stars(obj: &Model, ctx: &Context) -> i64` on the serializer |
/// | `#[field(method = "describe")]` | `SerializerMethodField(method_name='describe')` |
/// | `#[field(method, schema = r#"{"type": "object"}"#)] meta: Value` | `@extend_schema_field({"type": "object"})` on the method: its OpenAPI schema, where the return type's would be documented (`restframe::schemas::OpenApiType`: `i64` an integer, `Option<T>` nullable, `serde_json::Value` anything) |
/// | `#[field(hidden, default = CurrentUserDefault)] owner: i32` | `HiddenField(default=CurrentUserDefault())` (the user's pk) |
/// | `#[field(hidden, default = CreateOnlyDefault(Utc::now))]` | `HiddenField(default=CreateOnlyDefault(timezone.now))` |
///
/// ```
/// mod thing {
///     use sea_orm::entity::prelude::*;
///     #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
///     #[sea_orm(table_name = "thing")]
///     pub struct Model {
///         #[sea_orm(primary_key)]
///         pub id: i32,
///         #[sea_orm(unique, column_type = "String(StringLen::N(20))")]
///         pub name: String,
///         #[restframe(blank)]
///         pub note: String,
///     }
///     #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
///     pub enum Relation {}
///     impl ActiveModelBehavior for ActiveModel {}
/// }
///
/// #[derive(restframe::ModelSerializer)]
/// #[serializer(model = thing::Model, fields(id, name, label))]
/// struct ThingSerializer {
///     #[field(source = "note", max_length = 5)]
///     label: String,
/// }
///
/// use restframe::serializers::Serializer;
/// # tokio::runtime::Builder::new_current_thread().build().expect("rt").block_on(async {
/// let mut s = ThingSerializer::with_data(serde_json::json!({"id": 7, "name": "", "label": "too long"}));
/// assert!(!s.is_valid().await?);
/// assert_eq!(s.errors()?.to_json(), serde_json::json!({
///     "name": ["This field may not be blank."],
///     "label": ["Ensure this field has no more than 5 characters."],
/// }));
/// # Ok::<(), restframe::exceptions::ApiError>(()) }).expect("doc example");
/// ```
#[proc_macro_derive(ModelSerializer, attributes(serializer, field))]
pub fn derive_model_serializer(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    model_serializer::derive(&input).into()
}

/// The second pass of `#[derive(ModelSerializer)]` with `fields = "__all__"`, `exclude(...)` or
/// `hyperlinked`: the model's field-list macro (emitted by `#[derive(ModelMeta)]`) calls it with
/// the model's field names, its forward relations and the serializer struct. Not a public API.
#[doc(hidden)]
#[proc_macro]
pub fn __model_serializer_fields(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as model_serializer::all::CallbackInput);
    model_serializer::derive_all(input).into()
}

/// Derives `restframe::serializers::ModelMeta` on a sea-orm `Model`: the facts a
/// `ModelSerializer` needs, read from `#[sea_orm(...)]` (`primary_key`, `auto_increment`,
/// `unique`, `nullable`, `default_value`, `column_type = "String(StringLen::N(150))"`,
/// `column_name`) and `Option<_>` types, plus Django-only facts in `#[restframe(...)]`:
///
/// | attribute | Django |
/// |---|---|
/// | `blank` | `blank=True` (not required, `""` allowed, `""` stored when absent) |
/// | `email`, `url`, `slug` | `EmailField`, `URLField`, `SlugField` |
/// | `choices(("draft", "Draft"), ("live", "Live"))` | `choices=[...]` on a text field (a `ChoiceField` in serializers, a `ChoiceFilter` in `filterset_fields`, an enum in the OpenAPI document with the labels); `choices("draft", "live")`: each value its own label |
/// | `max_length = n` | `max_length` (when the column type does not say it) |
/// | `unique_message = "..."` | `error_messages={'unique': ...}` |
/// | `verbose_name = "..."` | `verbose_name` (the serializer field's label, the default unique message); also on the struct for the model (default: the table name after its last `_`) |
/// | `help_text = "..."` | `help_text` (the serializer field's, shown by `OPTIONS`) |
/// | `secret` | no Django option: a nested serializer built by `depth` never renders the column (a password hash) |
/// | `validators = [path]` | model field validators on strings: `fn(&str) -> Result<(), ErrorDetail>` or `RegexValidator::new(r"^\d{13}$").message("...")` |
/// | `min_value = 1`, `max_value = 5` | `validators=[MinValueValidator(1), MaxValueValidator(5)]` (DRF's `min_value`/`max_value`) |
/// | `default = expr` | a Python-side `default` applied on create |
/// | `editable = false` | `editable=False` (read-only in serializers) |
/// | `foreign_key = path::Model` | on `author_id`: `author = ForeignKey(Author)` (the relation is the field's name without `_id`) |
/// | `relation_name = "..."`, `to_field = "..."` | with `foreign_key`: the relation's name when the column does not end in `_id`; `to_field` (default: the target's primary key) |
///
/// Relations without a column on this model are declared on the struct, each filling
/// `ModelMeta::RELATIONS` with Django's default names (`<model>` is the last `_`-separated part
/// of a table name, or the module of a target path: `super::genre::Model` → `genre`):
///
/// | struct attribute | Django |
/// |---|---|
/// | `many_to_many(genres = super::genre::Model)` | `genres = ManyToManyField(Genre)`: join table `through = "<table>_genres"`, `source_column = "<model>_id"`, `target_column = "genre_id"` (each can be given); `blank` is `blank=True` |
/// | `many_to_many(books = super::book::Model, through = "library_book_genres")` | the reverse side of a many-to-many field (`related_name='books'`) |
/// | `reverse(books = super::book::Model)` | the reverse side of a foreign key (`related_name='books'`): `column = "<model>_id"` on the related table |
///
/// It also emits `<Name>Fields`, a struct with one `restframe::serializers::Column` (metadata
/// plus typed accessors) per model field, plus one per foreign key under its Django name
/// (`FIELDS.author` beside `FIELDS.author_id`): listed in a model serializer's `fields(...)`,
/// that one is DRF's `PrimaryKeyRelatedField` (see `restframe::relations`).
///
/// ```
/// mod person {
///     use sea_orm::entity::prelude::*;
///     #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
///     #[sea_orm(table_name = "person")]
///     pub struct Model {
///         #[sea_orm(primary_key)]
///         pub id: i32,
///         #[sea_orm(unique)]
///         #[restframe(max_length = 150, validators = [restframe::auth::validators::validate_username])]
///         pub username: String,
///         #[restframe(email, blank, max_length = 254)]
///         pub email: String,
///     }
///     #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
///     pub enum Relation {}
///     impl ActiveModelBehavior for ActiveModel {}
/// }
/// use restframe::serializers::ModelMeta;
/// assert_eq!(person::Model::FIELDS.username.meta.unique_message, "person with this username already exists.");
/// assert!(person::Model::FIELDS.id.meta.primary_key);
/// ```
///
/// ```
/// mod author {
///     use sea_orm::entity::prelude::*;
///     #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
///     #[sea_orm(table_name = "library_author")]
///     #[restframe(reverse(books = super::book::Model))]
///     pub struct Model {
///         #[sea_orm(primary_key)]
///         pub id: i32,
///         pub name: String,
///     }
///     #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
///     pub enum Relation {}
///     impl ActiveModelBehavior for ActiveModel {}
/// }
/// mod book {
///     use sea_orm::entity::prelude::*;
///     #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
///     #[sea_orm(table_name = "library_book")]
///     pub struct Model {
///         #[sea_orm(primary_key)]
///         pub id: i32,
///         #[restframe(foreign_key = super::author::Model)]
///         pub author_id: i32,
///     }
///     #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
///     pub enum Relation {}
///     impl ActiveModelBehavior for ActiveModel {}
/// }
/// use restframe::serializers::{ModelMeta, RelationKind};
///
/// fn main() {
///     let author = &book::Model::RELATIONS[0];
///     assert_eq!(author.name, "author");
///     assert_eq!(author.kind, RelationKind::ForeignKey { column: "author_id", target_column: "id" });
///     assert_eq!((author.related)().table, "library_author");
///     assert_eq!(author::Model::RELATIONS[0].kind, RelationKind::ReverseForeignKey { column: "author_id" });
/// }
/// ```
#[proc_macro_derive(ModelMeta, attributes(restframe))]
pub fn derive_model_meta(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    model_meta::derive(&input).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// Derives django-filter's declarative `FilterSet`: `#[filterset(fields(...))]` is `Meta.fields`
/// (a model field or relation path, or one with its lookups: `pages(exact, gte)` gives the
/// parameters `pages` and `pages__gte`); each named field is a declared filter whose type is
/// its class and whose `#[filter(field_name = "...", lookup_expr = "...")]` defaults to the
/// field's own name and `exact` (`distinct` adds Django's `distinct=True`; a `ChoiceFilter`
/// takes `choices(("draft", "Draft"), ("live", "Live"))`, whose labels the OpenAPI parameter's
/// description lists). Unknown lookups do not compile.
///
/// ```
/// use restframe::django_filters::{CharFilter, FilterSetClass, NumberFilter};
///
/// // class BookFilter(FilterSet):
/// //     min_pages = NumberFilter(field_name="pages", lookup_expr="gte")
/// //     title = CharFilter(lookup_expr="icontains")
/// //     class Meta: model = Book; fields = {"author": ["exact"], "pages": ["exact", "lt"]}
/// #[derive(restframe::FilterSet)]
/// #[filterset(fields(author, pages(exact, lt)))]
/// struct BookFilter {
///     #[filter(field_name = "pages", lookup_expr = "gte")]
///     min_pages: NumberFilter,
///     #[filter(lookup_expr = "icontains")]
///     title: CharFilter,
/// }
///
/// let names: Vec<String> = BookFilter::filterset().names().map(str::to_owned).collect();
/// assert_eq!(names, ["author", "pages", "pages__lt", "min_pages", "title"]);
/// ```
#[proc_macro_derive(FilterSet, attributes(filterset, filter))]
pub fn derive_filterset(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    filterset::derive(&input).unwrap_or_else(syn::Error::into_compile_error).into()
}
