//! `fields = "__all__"`, `exclude`, `read_only_fields`, `extra_kwargs` and model validators.
//! DRF's answers for the same `Review` model:
//!
//! ```python
//! class Review(models.Model):
//!     isbn = models.CharField(max_length=13, validators=[RegexValidator(r'^\d{13}$', 'ISBN must be 13 digits.')])
//!     rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
//!     text = models.CharField(max_length=50, blank=True)
//!     owner = models.IntegerField()
//!     created = models.DateTimeField(auto_now_add=True)
//! ```

use restframe::exceptions::ApiError;
use restframe::serializers::{Context, Serializer};
use sea_orm::{ConnectionTrait, DatabaseConnection, Schema};
use serde_json::{Value, json};

pub(crate) mod review {
    use restframe::serializers::RegexValidator;
    use sea_orm::entity::prelude::*;

    const ISBN: RegexValidator = RegexValidator::new(r"^\d{13}$").message("ISBN must be 13 digits.");

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "options_review")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(column_type = "String(StringLen::N(13))")]
        #[restframe(validators = [ISBN])]
        pub isbn: String,
        #[restframe(positive, min_value = 1, max_value = 5)]
        pub rating: i16,
        #[sea_orm(column_type = "String(StringLen::N(50))")]
        #[restframe(blank)]
        pub text: String,
        pub owner: i32,
        #[restframe(default = chrono::Utc::now(), editable = false)]
        pub created: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// `fields = '__all__'`.
#[derive(restframe::ModelSerializer)]
#[serializer(model = review::Model, fields = "__all__")]
struct AllFields;

/// `exclude = ['text', 'owner']` with a declared method field: the primary key, the declared
/// fields, then the model's remaining fields.
#[derive(restframe::ModelSerializer)]
#[serializer(model = review::Model, exclude(text, owner))]
struct Excluding {
    #[field(method)]
    stars: String,
}

impl Excluding {
    fn get_stars(review: &review::Model, _ctx: &Context) -> String {
        "*".repeat(usize::try_from(review.rating).unwrap_or_default())
    }
}

/// `fields = '__all__'` with a declared override of a model field: it moves after the key.
#[derive(restframe::ModelSerializer)]
#[serializer(model = review::Model, fields = "__all__")]
struct AllWithDeclared {
    #[field(max_length = 3)]
    text: String,
}

/// `read_only_fields` and `extra_kwargs`, DRF's names.
#[derive(restframe::ModelSerializer)]
#[serializer(
    model = review::Model,
    fields(id, isbn, rating, text, owner),
    read_only_fields(owner),
    extra_kwargs(text(max_length = 3, write_only), isbn(label = "ISBN"))
)]
struct Kwargs;

pub(crate) async fn database() -> Result<DatabaseConnection, ApiError> {
    let db = restframe::db::test_database().await?;
    let schema = Schema::new(db.get_database_backend());
    db.execute(&schema.create_table_from_entity(review::Entity)).await?;
    Ok(db)
}

async fn invalid<S: Serializer>(db: &DatabaseConnection, data: Value) -> Result<Value, ApiError> {
    let mut s = S::with_data(data).context(Context::with_db(db.clone()));
    assert!(!s.is_valid().await?, "expected invalid");
    Ok(s.errors()?.to_json())
}

fn keys(value: &Value) -> Vec<&str> {
    value.as_object().map(|m| m.keys().map(String::as_str).collect()).unwrap_or_default()
}

#[tokio::test]
async fn all_and_exclude_follow_drfs_field_order() -> Result<(), ApiError> {
    let db = database().await?;
    let mut s = AllFields::with_data(json!({"isbn": "9780134685991", "rating": 4, "owner": 7}))
        .context(Context::with_db(db.clone()));
    s.is_valid_or_raise().await?;
    let saved = s.save().await?.clone();
    let data = s.data().await?;
    assert_eq!(keys(&data), ["id", "isbn", "rating", "text", "owner", "created"]);
    assert_eq!(
        (&data["isbn"], &data["rating"], &data["text"], &data["owner"]),
        (&json!("9780134685991"), &json!(4), &json!(""), &json!(7))
    );

    // DRF: {'id': 1, 'stars': '****', 'isbn': '9780134685991', 'rating': 4, 'created': '...'}
    let rendered = Excluding::render(&saved, &Context::default());
    assert_eq!(keys(&rendered), ["id", "stars", "isbn", "rating", "created"]);
    assert_eq!(rendered["stars"], json!("****"));
    let rendered = AllWithDeclared::render(&saved, &Context::default());
    assert_eq!(keys(&rendered), ["id", "text", "isbn", "rating", "owner", "created"]);
    Ok(())
}

#[tokio::test]
async fn excluded_fields_are_neither_read_nor_required() -> Result<(), ApiError> {
    let db = database().await?;
    // `owner` is excluded: not required, and a submitted value is ignored (the column then
    // needs a value on save, which this test does not do).
    let mut s = Excluding::with_data(json!({"isbn": "9780134685991", "rating": 2, "owner": 3, "stars": "x"}))
        .context(Context::with_db(db));
    s.is_valid_or_raise().await?;
    assert_eq!(s.data().await?, json!({"isbn": "9780134685991", "rating": 2}));
    Ok(())
}

#[tokio::test]
async fn model_validators_use_djangos_messages() -> Result<(), ApiError> {
    let db = database().await?;
    // DRF: {'isbn': ['ISBN must be 13 digits.'], 'rating': ['Ensure this value is greater than or equal to 1.']}
    assert_eq!(
        invalid::<AllFields>(&db, json!({"isbn": "12", "rating": 0, "owner": 1})).await?,
        json!({"isbn": ["ISBN must be 13 digits."], "rating": ["Ensure this value is greater than or equal to 1."]})
    );
    assert_eq!(
        invalid::<AllFields>(&db, json!({"isbn": "97801346859910", "rating": 6, "owner": 1})).await?,
        json!({
            "isbn": ["ISBN must be 13 digits.", "Ensure this field has no more than 13 characters."],
            "rating": ["Ensure this value is less than or equal to 5."],
        })
    );
    Ok(())
}

#[tokio::test]
async fn read_only_fields_and_extra_kwargs() -> Result<(), ApiError> {
    let db = database().await?;
    // DRF: {'text': ['Ensure this field has no more than 3 characters.']}; `owner` is read-only.
    assert_eq!(
        invalid::<Kwargs>(&db, json!({"isbn": "9780134685991", "rating": 1, "text": "abcd", "owner": 5})).await?,
        json!({"text": ["Ensure this field has no more than 3 characters."]})
    );
    let mut s = Kwargs::with_data(json!({"isbn": "9780134685991", "rating": 1, "text": "abc", "owner": 5}))
        .context(Context::with_db(db));
    s.is_valid_or_raise().await?;
    assert_eq!(s.data().await?, json!({"isbn": "9780134685991", "rating": 1}), "write_only text, read-only owner");
    let info = restframe::metadata::serializer_info::<Kwargs>();
    assert_eq!(info["isbn"]["label"], json!("ISBN"));
    // (`owner` is a plain integer column here; DRF's foreign key would say `"type": "field"`.)
    assert_eq!(info["owner"], json!({"type": "integer", "required": false, "read_only": true, "label": "Owner"}));
    assert_eq!(
        info["rating"],
        json!({"type": "integer", "required": true, "read_only": false, "label": "Rating", "min_value": 1, "max_value": 5})
    );
    assert_eq!(
        info["text"],
        json!({"type": "string", "required": false, "read_only": false, "label": "Text", "max_length": 3})
    );
    Ok(())
}
