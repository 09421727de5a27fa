use restframe::exceptions::ApiError;
use restframe::serializers::{Context, Serializer, SerializerHooks};

fn not_admin(value: &String) -> Result<(), ApiError> {
    if value == "admin" { Err(ApiError::validation_message("Reserved.")) } else { Ok(()) }
}

#[derive(restframe::Serializer)]
struct Address {
    city: String,
}

#[derive(restframe::Serializer)]
#[serializer(hooks)]
struct Everything {
    #[field(required, max_length = 150, min_length = 1, validators = [not_admin], validate)]
    username: String,
    #[field(write_only, trim_whitespace = false)]
    password: String,
    #[field(read_only)]
    id: i64,
    #[field(default = 1, min_value = -5, max_value = 10)]
    level: i32,
    #[field(allow_null, allow_blank, email, error_messages(blank = "Say something."))]
    email: Option<String>,
    #[field(url)]
    homepage: Option<String>,
    #[field(slug)]
    slug: Option<String>,
    #[field(unicode_slug)]
    title: Option<String>,
    #[field(uuid)]
    key: Option<String>,
    #[field(regex = "^[a-z]+$")]
    code: Option<String>,
    #[field(choices("en", "fr"))]
    language: Option<String>,
    #[field(decimal(max_digits = 5, decimal_places = 2))]
    price: Option<String>,
    #[field(max_value = 2.5)]
    ratio: Option<f64>,
    admin: Option<bool>,
    born: Option<chrono::NaiveDate>,
    seen: Option<chrono::DateTime<chrono::Utc>>,
    #[field(child(max_length = 2), allow_empty = false)]
    tags: Option<Vec<String>>,
    extra: Option<std::collections::BTreeMap<String, i64>>,
    blob: Option<serde_json::Value>,
    #[field(nested)]
    address: Address,
    #[field(nested, allow_null)]
    previous: Option<Address>,
    #[field(nested, many)]
    others: Vec<Address>,
}

impl Everything {
    async fn validate_username(value: String, _ctx: &Context) -> Result<String, ApiError> {
        Ok(value)
    }
}

impl SerializerHooks for Everything {
    async fn validate(attrs: Self, _ctx: &Context) -> Result<Self, ApiError> {
        Ok(attrs)
    }
}

fn main() {
    let _ = Everything::with_data(serde_json::json!({}));
}
