//! Proc macros for restframe. Each macro parses its input into a small model, checks it, and
//! generates code that calls `::restframe` runtime items; every misuse is a compile error that
//! points at the offending token.

use proc_macro::TokenStream;

mod attr;
mod ctxt;
mod fallback;
mod serializer;
mod spec;
mod view;

/// Put on an `impl APIView for MyView` block: records the handlers it defines (for routing,
/// 405s and the `Allow` header), the view's DRF name (`HelloView` → `Hello`) and its
/// description (the impl block's doc comment) by implementing `restframe::views::ViewMeta`.
///
/// ```ignore
/// /// Say hello.
/// #[api_view]
/// impl APIView for HelloView {
///     async fn get(&self, request: &Request) -> Result<Response, ApiError> { ... }
/// }
/// ```
#[proc_macro_attribute]
pub fn api_view(args: TokenStream, input: TokenStream) -> TokenStream {
    view::expand(args.into(), input.into()).into()
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
/// | `choices("a", "b")` | `ChoiceField` |
/// | `decimal(max_digits = 5, decimal_places = 2)` | `DecimalField` (kept as its quantized string) |
/// | `error_messages(blank = "...", required = "...")` | `error_messages=` |
/// | `validators = [f, UniqueValidator::<E>::new(col)]` | `validators=` (anything implementing `restframe::validators::Validator<T>`) |
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
///     #[field(choices("en", "fr"), allow_null)]
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
    serializer::derive(&input).unwrap_or_else(|err| fallback::serializer(&input, err)).into()
}
