//! Model serializers on the bookshelf models (`common/bookshelf.rs`), against DRF 3.18 on
//! Django 6.1 running the same models:
//!
//! ```python
//! class BookAll(serializers.ModelSerializer):
//!     class Meta: model = Book; fields = '__all__'
//! class ReviewAll(serializers.ModelSerializer):
//!     class Meta: model = Review; fields = '__all__'
//! class ReviewExcl(serializers.ModelSerializer):
//!     class Meta: model = Review; exclude = ['text']
//! class ReviewNoUser(serializers.ModelSerializer):
//!     class Meta: model = Review; fields = ['book', 'rating']
//! ```
//!
//! `repr(ReviewAll())` shows `book`/`user` as `required=True` and
//! `validators = [<UniqueTogetherValidator(queryset=Review.objects.all(), fields=('book', 'user'))>]`;
//! `ReviewNoUser` has no validator (its fields do not cover the group).

use restframe::db::schema;
use restframe::exceptions::ApiError;
use restframe::serializers::{Context, Serializer};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait};
use serde_json::{Value, json};

use crate::bookshelf::{book, library, review};

#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, fields = "__all__")]
struct BookAll;

#[derive(restframe::ModelSerializer)]
#[serializer(model = review::Model, fields = "__all__")]
struct ReviewAll;

#[derive(restframe::ModelSerializer)]
#[serializer(model = review::Model, exclude(text))]
struct ReviewExcl;

#[derive(restframe::ModelSerializer)]
#[serializer(model = review::Model, fields(book, rating))]
struct ReviewNoUser;

/// The library tables with users `ann` (1) and `bob` (2), author 1 and book 1.
pub(super) async fn database() -> Result<DatabaseConnection, ApiError> {
    let db = restframe::db::test_database().await?;
    restframe::auth::migration::migrate(&db).await?;
    schema::create_tables(&db, &library()).await?;
    for name in ["ann", "bob"] {
        db.execute_unprepared(&format!(
            r#"INSERT INTO "auth_user" ("password", "is_superuser", "username", "first_name", "last_name", "email", "is_staff", "is_active", "date_joined") VALUES ('!', false, '{name}', '', '', '', false, true, '2026-12-02 00:00:00+00')"#
        ))
        .await?;
    }
    db.execute_unprepared(r#"INSERT INTO "library_author" ("name", "bio") VALUES ('Le Guin', '')"#).await?;
    let ctx = Context::with_db(db.clone());
    let data = json!({"title": "Earthsea", "isbn": "9780000000001", "price": "9.50", "author": 1, "added_by": 1});
    let mut s = BookAll::with_data(data).context(ctx);
    s.is_valid_or_raise().await?;
    s.save().await?;
    Ok(db)
}

fn keys(value: &Value) -> Vec<&str> {
    value.as_object().map(|m| m.keys().map(String::as_str).collect()).unwrap_or_default()
}

/// `is_valid()` of `S` on `data`: `Ok(None)` when valid, else the errors.
async fn check<S: Serializer>(db: &DatabaseConnection, data: Value) -> Result<Option<Value>, ApiError> {
    let mut s = S::with_data(data).context(Context::with_db(db.clone()));
    Ok(if s.is_valid().await? { None } else { Some(s.errors()?.to_json()) })
}

#[tokio::test]
async fn all_puts_the_foreign_keys_after_the_plain_fields() -> Result<(), ApiError> {
    let db = database().await?;
    let mut s = ReviewAll::with_data(json!({"book": 1, "user": 1, "rating": 4})).context(Context::with_db(db.clone()));
    s.is_valid_or_raise().await?;
    s.save().await?;
    // DRF: {"id": 1, "rating": 4, "text": "", "created": "...", "book": 1, "user": 1}
    let review = s.data().await?;
    assert_eq!(keys(&review), ["id", "rating", "text", "created", "book", "user"]);
    assert_eq!((&review["text"], &review["book"], &review["user"]), (&json!(""), &json!(1), &json!(1)));
    let book = book::Entity::find_by_id(1).one(&db).await?.expect("the book `database` made");
    // DRF: the many-to-many `genres` last.
    let rendered = BookAll::represent(&[book], &Context::with_db(db.clone())).await?;
    let rendered = &rendered[0];
    assert_eq!(
        keys(rendered),
        ["id", "title", "isbn", "published", "pages", "price", "in_stock", "created", "author", "added_by", "genres"]
    );
    assert_eq!(
        (&rendered["price"], &rendered["in_stock"], &rendered["genres"]),
        (&json!("9.50"), &json!(true), &json!([]))
    );
    Ok(())
}

#[tokio::test]
async fn unique_together_becomes_a_validator() -> Result<(), ApiError> {
    let db = database().await?;
    let mut s = ReviewAll::with_data(json!({"book": 1, "user": 1, "rating": 4})).context(Context::with_db(db.clone()));
    s.is_valid_or_raise().await?;
    let first = s.save().await?.clone();
    let duplicate = json!({"non_field_errors": ["The fields book, user must make a unique set."]});
    assert_eq!(check::<ReviewAll>(&db, json!({"book": 1, "user": 1, "rating": 3})).await?, Some(duplicate.clone()));
    assert_eq!(check::<ReviewExcl>(&db, json!({"book": 1, "user": 1, "rating": 3})).await?, Some(duplicate));
    // The group's fields are required (DRF's `get_uniqueness_extra_kwargs`).
    assert_eq!(
        check::<ReviewAll>(&db, json!({"rating": 3})).await?,
        Some(json!({"book": ["This field is required."], "user": ["This field is required."]}))
    );
    // Field errors first: no query for the group then.
    assert_eq!(
        check::<ReviewAll>(&db, json!({"book": 1, "user": 2, "rating": 9})).await?,
        Some(json!({"rating": ["Ensure this value is less than or equal to 5."]}))
    );
    assert_eq!(
        check::<ReviewAll>(&db, json!({"book": 1, "user": 1, "rating": 3, "text": "x".repeat(501)})).await?,
        Some(json!({"text": ["Ensure this field has no more than 500 characters."]}))
    );
    // Not every field of the group in the serializer: no validator.
    assert_eq!(check::<ReviewNoUser>(&db, json!({"book": 1, "rating": 3})).await?, None);
    // A partial update takes the missing value from the instance.
    let mut s =
        ReviewAll::for_update(first.clone(), json!({"user": 2})).partial(true).context(Context::with_db(db.clone()));
    assert!(s.is_valid().await?, "{:?}", s.errors());
    let mut s = ReviewAll::for_update(first, json!({"rating": 2})).partial(true).context(Context::with_db(db.clone()));
    assert!(s.is_valid().await?, "its own values are fine");
    Ok(())
}

#[tokio::test]
async fn decimal_fields_follow_the_model() -> Result<(), ApiError> {
    let db = database().await?;
    let book =
        |price: Value| json!({"title": "T", "isbn": "9780000000002", "price": price, "author": 1, "added_by": 1});
    let error = |message: &str| Some(json!({"price": [message]}));
    // DRF: DecimalField(decimal_places=2, max_digits=6)
    let cases = [
        (json!("12345.6"), error("Ensure that there are no more than 4 digits before the decimal point.")),
        (json!("1.234"), error("Ensure that there are no more than 2 decimal places.")),
        (json!("12345"), error("Ensure that there are no more than 4 digits before the decimal point.")),
        (json!("abc"), error("A valid number is required.")),
        (json!(""), error("A valid number is required.")),
        (Value::Null, error("This field may not be null.")),
        (json!(9999.99), None),
        (json!("-0.5"), None),
        (json!("1e3"), None),
    ];
    for (price, expected) in cases {
        assert_eq!(check::<BookAll>(&db, book(price.clone())).await?, expected, "price {price}");
    }
    let mut s = BookAll::with_data(book(json!("1e3"))).context(Context::with_db(db.clone()));
    s.is_valid_or_raise().await?;
    s.save().await?;
    let saved = s.data().await?;
    assert_eq!((&saved["price"], &saved["id"]), (&json!("1000.00"), &json!(2)));
    assert_eq!(
        check::<BookAll>(&db, json!({})).await?,
        Some(json!({
            "title": ["This field is required."],
            "isbn": ["This field is required."],
            "price": ["This field is required."],
            "author": ["This field is required."],
            "added_by": ["This field is required."],
        }))
    );
    Ok(())
}

#[tokio::test]
async fn a_duplicate_pair_that_slips_past_the_validator_is_a_400() -> Result<(), ApiError> {
    let db = database().await?;
    let mut s = ReviewAll::with_data(json!({"book": 1, "user": 2, "rating": 4})).context(Context::with_db(db.clone()));
    s.is_valid_or_raise().await?;
    // A concurrent request stores the same pair between validation and save.
    db.execute_unprepared(
        r#"INSERT INTO "library_review" ("book_id", "user_id", "rating", "text", "created") VALUES (1, 2, 5, '', '2026-12-02 00:00:00+00')"#,
    )
    .await?;
    let err = s.save().await.expect_err("the unique constraint holds");
    assert_eq!(err.status(), 400);
    assert_eq!(err.body(), json!({"non_field_errors": ["The fields book, user must make a unique set."]}));
    Ok(())
}

#[test]
fn options_describe_the_model_fields_as_drf() {
    // DRF's `SimpleMetadata().get_serializer_info(...)` of the same fields.
    let book = BookAll::serializer_info_on(sea_orm::DbBackend::Postgres);
    assert_eq!(
        (&book["price"], &book["pages"], &book["created"], &book["in_stock"]),
        (
            &json!({"type": "decimal", "required": true, "read_only": false, "label": "Price", "max_digits": 6, "decimal_places": 2}),
            &json!({"type": "integer", "required": false, "read_only": false, "label": "Pages", "min_value": 0, "max_value": 100000}),
            &json!({"type": "datetime", "required": false, "read_only": true, "label": "Created"}),
            &json!({"type": "boolean", "required": false, "read_only": false, "label": "In stock"}),
        )
    );
    let review = ReviewAll::serializer_info_on(sea_orm::DbBackend::Postgres);
    assert_eq!(
        (&review["book"], &review["user"], &review["rating"]),
        (
            &json!({"type": "field", "required": true, "read_only": false, "label": "Book"}),
            &json!({"type": "field", "required": true, "read_only": false, "label": "User"}),
            &json!({"type": "integer", "required": true, "read_only": false, "label": "Rating", "min_value": 1, "max_value": 5}),
        )
    );
}
