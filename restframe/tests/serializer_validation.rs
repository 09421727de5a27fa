//! Serializer-level behaviour: DRF's `tests/test_serializer.py`, `test_serializer_nested.py`,
//! `test_serializer_lists.py` and the save contract, with exact messages.

use restframe::exceptions::{ApiError, Detail, ErrorKind};
use restframe::serializers::{Context, Serializer, SerializerHooks};
use restframe::settings::Settings;
use serde_json::{Value, json};

#[derive(Debug, restframe::Serializer)]
struct Basic {
    char: String,
    integer: i64,
}

async fn errors_of<S: SerializerHooks>(data: Value) -> Value {
    let mut s = S::with_data(data);
    assert!(!s.is_valid().await.expect("no internal error"), "expected invalid");
    s.errors().expect("errors").to_json()
}

#[tokio::test]
async fn valid_data_and_representation() -> Result<(), ApiError> {
    let mut s = Basic::with_data(json!({"char": "abc", "integer": "123", "unknown": "ignored"}));
    assert!(s.is_valid().await?);
    assert_eq!(s.validated_data()?.integer, 123);
    assert_eq!(s.errors()?.to_json(), json!({}));
    assert_eq!(s.data().await?, json!({"char": "abc", "integer": 123}));
    Ok(())
}

#[tokio::test]
async fn every_field_error_is_collected_in_declaration_order() {
    assert_eq!(
        errors_of::<Basic>(json!({"integer": "abc"})).await,
        json!({"char": ["This field is required."], "integer": ["A valid integer is required."]})
    );
}

#[tokio::test]
async fn non_dict_input_names_the_python_type() {
    for (input, name) in
        [(json!([]), "list"), (json!("x"), "str"), (json!(1), "int"), (json!(1.5), "float"), (json!(true), "bool")]
    {
        assert_eq!(
            errors_of::<Basic>(input).await,
            json!({"non_field_errors": [format!("Invalid data. Expected a dictionary, but got {name}.")]})
        );
    }
    // DRF's `Serializer.errors` edge case for `data=None` (a JSON `null` body).
    assert_eq!(errors_of::<Basic>(json!(null)).await, json!({"non_field_errors": ["No data provided"]}));
}

#[tokio::test]
async fn non_field_errors_key_follows_the_setting() -> Result<(), ApiError> {
    let settings = Settings::default().non_field_errors_key("__all__");
    let mut s = Basic::with_data(json!([])).context(Context::default().settings(&settings));
    assert!(!s.is_valid().await?);
    assert_eq!(s.errors()?.to_json(), json!({"__all__": ["Invalid data. Expected a dictionary, but got list."]}));
    Ok(())
}

#[tokio::test]
async fn raise_exception_gives_a_400_with_the_error_dict() {
    let mut s = Basic::with_data(json!({}));
    let err = s.is_valid_or_raise().await.expect_err("invalid");
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert_eq!(err.status(), 400);
    assert_eq!(err.body(), json!({"char": ["This field is required."], "integer": ["This field is required."]}));
    assert_eq!(err.detail().codes(), json!({"char": ["required"], "integer": ["required"]}));
}

/// Records hook calls to prove the order and the skipping rules.
static CALLS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

fn record(call: &str) {
    CALLS.lock().expect("calls lock").push(call.to_owned());
}

fn not_bad(value: &String) -> Result<(), ApiError> {
    record("validator");
    if value == "bad" { Err(ApiError::validation_message("Validator says bad.")) } else { Ok(()) }
}

fn also_not_bad(value: &String) -> Result<(), ApiError> {
    if value == "bad" {
        Err(ApiError::validation(Detail::List(vec![
            restframe::exceptions::ErrorDetail::new("Second.", "invalid").into(),
            restframe::exceptions::ErrorDetail::new("Third.", "invalid").into(),
        ])))
    } else {
        Ok(())
    }
}

#[derive(Debug, restframe::Serializer)]
#[serializer(hooks)]
struct Ordered {
    #[field(validators = [not_bad, also_not_bad], max_length = 2, validate)]
    a: String,
    #[field(validate)]
    b: i64,
}

impl Ordered {
    async fn validate_a(value: String, _ctx: &Context) -> Result<String, ApiError> {
        record("validate_a");
        tokio::task::yield_now().await;
        Ok(value.to_uppercase())
    }
    async fn validate_b(value: i64, _ctx: &Context) -> Result<i64, ApiError> {
        record("validate_b");
        if value < 0 { Err(ApiError::validation_message("Must be positive.")) } else { Ok(value) }
    }
}

impl SerializerHooks for Ordered {
    async fn validate(attrs: Self, _ctx: &Context) -> Result<Self, ApiError> {
        record("validate");
        if attrs.b == 13 {
            return Err(ApiError::validation(Detail::Dict(vec![(
                "b".into(),
                Detail::List(vec![restframe::exceptions::ErrorDetail::new("Unlucky via validate.", "invalid").into()]),
            )])));
        }
        if attrs.b == 7 {
            return Err(ApiError::validation_message("Seven is not allowed."));
        }
        Ok(attrs)
    }
}

#[tokio::test]
async fn validation_order_hooks_and_object_level_errors() -> Result<(), ApiError> {
    CALLS.lock().expect("calls lock").clear();
    // Validators all run and accumulate before the field class's checks; hooks only run on
    // fields that passed; `validate` is skipped because a field failed.
    assert_eq!(
        errors_of::<Ordered>(json!({"a": "bad", "b": -1})).await,
        json!({"a": ["Validator says bad.", "Second.", "Third.", "Ensure this field has no more than 2 characters."], "b": ["Must be positive."]})
    );
    assert_eq!(*CALLS.lock().expect("calls lock"), ["validator", "validate_b"]);

    CALLS.lock().expect("calls lock").clear();
    let mut s = Ordered::with_data(json!({"a": "ok", "b": 1}));
    assert!(s.is_valid().await?);
    assert_eq!(s.validated_data()?.a, "OK", "validate_<field> returns the value to keep");
    assert_eq!(*CALLS.lock().expect("calls lock"), ["validator", "validate_a", "validate_b", "validate"]);

    assert_eq!(
        errors_of::<Ordered>(json!({"a": "ok", "b": 7})).await,
        json!({"non_field_errors": ["Seven is not allowed."]})
    );
    assert_eq!(errors_of::<Ordered>(json!({"a": "ok", "b": 13})).await, json!({"b": ["Unlucky via validate."]}));
    Ok(())
}

#[derive(Debug, restframe::Serializer)]
#[serializer(hooks)]
struct FailingHook {
    a: String,
}

impl SerializerHooks for FailingHook {
    async fn validate(_attrs: Self, _ctx: &Context) -> Result<Self, ApiError> {
        Err(ApiError::internal("database is down"))
    }
}

#[tokio::test]
async fn a_non_validation_error_in_a_hook_propagates() {
    let mut s = FailingHook::with_data(json!({"a": "x"}));
    let err = s.is_valid().await.expect_err("internal errors are not validation errors");
    assert_eq!(err.status(), 500);
}

#[derive(Debug, restframe::Serializer)]
struct Options {
    #[field(read_only)]
    id: i64,
    #[field(write_only)]
    password: String,
    #[field(default = "anon")]
    nick: String,
    #[field(required = false, default = 5)]
    size: i64,
    note: Option<String>,
}

#[tokio::test]
async fn read_only_write_only_and_defaults() -> Result<(), ApiError> {
    let mut s = Options::with_data(json!({"id": 99, "password": "pw"}));
    assert!(s.is_valid().await?);
    let data = s.validated_data()?;
    assert_eq!((data.id, data.nick.as_str(), data.size, data.note.as_deref()), (0, "anon", 5, None));
    // read-only rendered, write-only not.
    assert_eq!(s.data().await?, json!({"id": 0, "nick": "anon", "size": 5, "note": null}));
    Ok(())
}

#[tokio::test]
async fn partial_updates_skip_missing_fields_and_defaults() -> Result<(), ApiError> {
    let instance = Options { id: 1, password: "old".into(), nick: "bob".into(), size: 3, note: None };
    let mut s = Options::for_update(instance, json!({"password": "new"})).partial(true);
    assert!(s.is_valid().await?, "{:?}", s.errors());
    let data = s.validated_data()?;
    assert_eq!((data.password.as_str(), data.nick.as_str(), data.size), ("new", "bob", 3), "no defaults on partial");
    let mut s = Options::with_data(json!({})).partial(true);
    assert!(!s.is_valid().await?);
    assert_eq!(
        s.errors()?.to_json(),
        json!({"password": ["This field is required."], "nick": ["This field is required."], "size": ["This field is required."]})
    );
    let mut s = Options::for_update(
        Options { id: 1, password: "old".into(), nick: "bob".into(), size: 3, note: None },
        json!({"password": null}),
    )
    .partial(true);
    assert!(!s.is_valid().await?);
    assert_eq!(s.errors()?.to_json(), json!({"password": ["This field may not be null."]}));
    Ok(())
}

#[derive(Debug, restframe::Serializer)]
struct Inner {
    x: i64,
}

#[derive(Debug, restframe::Serializer)]
struct Outer {
    name: String,
    #[field(nested)]
    inner: Inner,
    #[field(nested, allow_null)]
    maybe: Option<Inner>,
    #[field(nested, many)]
    items: Vec<Inner>,
}

#[tokio::test]
async fn nested_errors_nest() {
    assert_eq!(
        errors_of::<Outer>(
            json!({"name": "n", "inner": {"x": "a"}, "maybe": "str", "items": [{"x": 1}, {"x": "b"}, {}]})
        )
        .await,
        json!({
            "inner": {"x": ["A valid integer is required."]},
            "maybe": {"non_field_errors": ["Invalid data. Expected a dictionary, but got str."]},
            "items": {"1": {"x": ["A valid integer is required."]}, "2": {"x": ["This field is required."]}},
        })
    );
    assert_eq!(
        errors_of::<Outer>(json!({"name": "n", "inner": null, "items": {"x": 1}})).await,
        json!({
            "inner": ["This field may not be null."],
            "items": {"non_field_errors": ["Expected a list of items but got type \"dict\"."]},
        })
    );
    assert_eq!(
        errors_of::<Outer>(json!({"name": "n"})).await,
        json!({"inner": ["This field is required."], "items": ["This field is required."]})
    );
}

#[tokio::test]
async fn nested_data_renders_nested() -> Result<(), ApiError> {
    let mut s = Outer::with_data(json!({"name": "n", "inner": {"x": "1"}, "maybe": null, "items": [{"x": 2}]}));
    assert!(s.is_valid().await?);
    assert_eq!(s.data().await?, json!({"name": "n", "inner": {"x": 1}, "maybe": null, "items": [{"x": 2}]}));
    Ok(())
}

#[tokio::test]
async fn many_errors_are_a_dict_of_failing_indexes() -> Result<(), ApiError> {
    #[derive(Debug, restframe::Serializer)]
    struct Named {
        name: String,
    }
    let mut s = Named::many(json!([{"name": "ok"}, {"name": ""}, {"name": "ok2"}, {}, null, 5]));
    assert!(!s.is_valid().await?);
    assert_eq!(
        s.errors()?.to_json(),
        json!({
            "1": {"name": ["This field may not be blank."]},
            "3": {"name": ["This field is required."]},
            "4": ["This field may not be null."],
            "5": {"non_field_errors": ["Invalid data. Expected a dictionary, but got int."]},
        })
    );
    let mut s = Named::many(json!({"name": "x"}));
    assert!(!s.is_valid().await?);
    assert_eq!(s.errors()?.to_json(), json!({"non_field_errors": ["Expected a list of items but got type \"dict\"."]}));
    let mut s = Named::many(json!([])).allow_empty(false);
    assert!(!s.is_valid().await?);
    assert_eq!(s.errors()?.to_json(), json!({"non_field_errors": ["This list may not be empty."]}));
    let mut s = Named::many(json!([]));
    assert!(s.is_valid().await?);
    assert_eq!(
        Named::render_many(&[Named { name: "a".into() }, Named { name: "b".into() }], &Context::default()),
        json!([{"name": "a"}, {"name": "b"}])
    );
    Ok(())
}

#[derive(Debug, restframe::Serializer)]
#[serializer(hooks)]
struct Saving {
    n: i64,
}

impl SerializerHooks for Saving {
    async fn create(data: Self, _ctx: &Context) -> Result<Self, ApiError> {
        Ok(Saving { n: data.n * 10 })
    }
    async fn update(instance: Self, data: Self, _ctx: &Context) -> Result<Self, ApiError> {
        Ok(Saving { n: instance.n + data.n })
    }
}

#[tokio::test]
async fn save_calls_create_or_update() -> Result<(), ApiError> {
    let mut s = Saving::with_data(json!({"n": 2}));
    s.is_valid_or_raise().await?;
    assert_eq!(s.save().await?.n, 20);
    assert_eq!(s.data().await?, json!({"n": 20}));
    let mut s = Saving::for_update(Saving { n: 1 }, json!({"n": 2}));
    s.is_valid_or_raise().await?;
    assert_eq!(s.save().await?.n, 3);
    let mut s = Saving::many(json!([{"n": 1}, {"n": 2}]));
    assert!(s.is_valid().await?);
    assert_eq!(s.save().await?.len(), 2);
    assert_eq!(s.data().await?, json!([{"n": 10}, {"n": 20}]));
    Ok(())
}

fn cause(err: ApiError) -> String {
    assert_eq!(err.status(), 500);
    err.cause().expect("assertion text").to_string()
}

#[tokio::test]
async fn save_contract_assertions_use_drf_text() -> Result<(), ApiError> {
    let mut s = Saving::with_data(json!({"n": 1}));
    assert_eq!(
        cause(s.save().await.expect_err("before is_valid")),
        "You must call `.is_valid()` before calling `.save()`."
    );
    assert_eq!(
        cause(s.errors().expect_err("before is_valid")),
        "You must call `.is_valid()` before accessing `.errors`."
    );
    assert_eq!(
        cause(s.validated_data().expect_err("before is_valid")),
        "You must call `.is_valid()` before accessing `.validated_data`."
    );
    assert_eq!(
        cause(s.data().await.expect_err("before is_valid")),
        "When a serializer is passed a `data` keyword argument you must call `.is_valid()` before attempting to access the serialized `.data` representation.\nYou should either call `.is_valid()` first, or access `.initial_data` instead."
    );
    s.is_valid().await?;
    s.data().await?;
    assert_eq!(
        cause(s.save().await.expect_err("after data")),
        "You cannot call `.save()` after accessing `serializer.data`.If you need to access data before committing to the database then inspect 'serializer.validated_data' instead. "
    );
    let mut s = Saving::with_data(json!({}));
    assert!(!s.is_valid().await?);
    assert_eq!(
        cause(s.save().await.expect_err("invalid")),
        "You cannot call `.save()` on a serializer with invalid data."
    );
    assert_eq!(s.data().await?, json!({}), "invalid data is not echoed back");
    let mut s = Saving::with_instance(Saving { n: 4 });
    assert_eq!(
        cause(s.is_valid().await.expect_err("no data")),
        "Cannot call `.is_valid()` as no `data=` keyword argument was passed when instantiating the serializer instance."
    );
    assert_eq!(s.data().await?, json!({"n": 4}));
    let mut s = Basic::with_data(json!({"char": "a", "integer": 1}));
    s.is_valid_or_raise().await?;
    assert_eq!(cause(s.save().await.expect_err("plain create")), "`create()` must be implemented.");
    Ok(())
}

#[derive(Debug, restframe::Serializer)]
struct FormInput {
    remember: bool,
    #[field(allow_null)]
    nickname: Option<String>,
    age: Option<i64>,
    #[field(allow_blank)]
    bio: String,
    name: String,
}

#[tokio::test]
async fn html_form_input_follows_drf_get_value_rules() -> Result<(), ApiError> {
    let mut html = Context::default();
    html.html_input = true;
    let mut s = FormInput::with_data(json!({"nickname": "", "age": "", "bio": "", "name": "n"})).context(html.clone());
    s.is_valid_or_raise().await?;
    let data = s.validated_data()?;
    // A missing checkbox is false; "" is null for allow_null and absent for optional fields.
    assert_eq!((data.remember, data.nickname.clone(), data.age, data.bio.as_str()), (false, None, None, ""));
    let mut s = FormInput::with_data(json!({"name": ""})).context(html);
    assert!(!s.is_valid().await?);
    assert_eq!(
        s.errors()?.to_json(),
        json!({"bio": ["This field is required."], "name": ["This field may not be blank."]})
    );
    // JSON input keeps the strict rules.
    let mut s = FormInput::with_data(json!({"nickname": "", "name": "n", "bio": ""}));
    assert!(!s.is_valid().await?);
    assert_eq!(
        s.errors()?.to_json(),
        json!({"remember": ["This field is required."], "nickname": ["This field may not be blank."]})
    );
    Ok(())
}

#[tokio::test]
async fn context_from_request_takes_settings_and_the_form_flag() {
    use restframe::test::{APIRequestFactory, Body};
    let settings = Settings::default().non_field_errors_key("errors");
    let factory = APIRequestFactory::new(settings);
    let form = factory.wrap(factory.request(http::Method::POST, "/", &Body::form(&[("name", "n")])));
    let ctx = Context::from_request(&form);
    assert!(ctx.html_input);
    assert_eq!(ctx.non_field_errors_key(), "errors");
    let json_request = factory.wrap(factory.request(http::Method::POST, "/", &Body::Json(json!({"name": "n"}))));
    assert!(!Context::from_request(&json_request).html_input);
}

#[derive(Clone, Debug, PartialEq)]
struct Tenant(&'static str);

#[derive(Debug, restframe::Serializer)]
#[serializer(hooks)]
struct TenantForm {
    remember: bool,
    name: String,
}

impl SerializerHooks for TenantForm {
    // Reads a typed context value and the request, as DRF's `self.context[...]`.
    async fn validate(attrs: Self, ctx: &Context) -> Result<Self, ApiError> {
        let tenant = ctx.get::<Tenant>().map_or("none", |t| t.0);
        let path = ctx.request().map_or("no request", |r| r.uri().path());
        if attrs.name == "who" {
            return Err(ApiError::validation_message(format!("{tenant} at {path}")));
        }
        Ok(attrs)
    }
}

/// A view using `from_request`, as DRF's `get_serializer(data=request.data, context=...)`.
struct TenantView;

#[restframe::api_view]
impl restframe::views::APIView for TenantView {
    async fn post(&self, request: &restframe::request::Request) -> Result<restframe::response::Response, ApiError> {
        let mut serializer = TenantForm::from_request(request).await?.with(Tenant("acme"));
        serializer.is_valid_or_raise().await?;
        Ok(restframe::response::Response::json(serializer.data().await?))
    }
}

#[tokio::test]
async fn from_request_builds_data_and_context_in_one_call() {
    use restframe::test::{APIRequestFactory, Body};
    let settings = Settings::default().non_field_errors_key("errors");
    let factory = APIRequestFactory::new(settings);
    let view = factory.view(TenantView);
    // An HTML form: the missing checkbox is false (DRF's HTML-input rule).
    let response = view.call(factory.request(http::Method::POST, "/signup", &Body::form(&[("name", "n")]))).await;
    assert_eq!(response.text(), r#"{"remember":false,"name":"n"}"#);
    // The settings' NON_FIELD_ERRORS_KEY, the request and typed values reach the hooks.
    let response = view.call(factory.request(http::Method::POST, "/signup", &Body::form(&[("name", "who")]))).await;
    assert_eq!(response.status(), 400);
    assert_eq!(response.text(), r#"{"errors":["acme at /signup"]}"#);
    // JSON keeps the strict rules: the missing boolean is required.
    let response = view.call(factory.request(http::Method::POST, "/", &Body::Json(json!({"name": "n"})))).await;
    assert_eq!(response.status(), 400);
    assert_eq!(response.text(), r#"{"remember":["This field is required."]}"#);
}

#[allow(clippy::ptr_arg)] // a validator of a `String` field takes `&String`
fn no_spaces(value: &String) -> Result<(), ApiError> {
    if value.contains(' ') { Err(ApiError::validation_message("No spaces.")) } else { Ok(()) }
}

#[derive(Debug, restframe::Serializer)]
struct OptionalValidated {
    #[field(allow_null, validators = [no_spaces])]
    nickname: Option<String>,
}

#[tokio::test]
async fn validators_of_optional_fields_see_the_inner_value_and_skip_null() -> Result<(), ApiError> {
    assert_eq!(errors_of::<OptionalValidated>(json!({"nickname": "a b"})).await, json!({"nickname": ["No spaces."]}));
    for ok in [json!({"nickname": null}), json!({}), json!({"nickname": "ab"})] {
        let mut s = OptionalValidated::with_data(ok);
        assert!(s.is_valid().await?);
    }
    Ok(())
}
