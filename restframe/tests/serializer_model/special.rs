//! DRF's special fields on a model serializer: `SerializerMethodField` (`get_<name>`,
//! `method_name`), `HiddenField(default=CurrentUserDefault())` through a real view with an
//! authenticated user, and `CreateOnlyDefault`.

use restframe::authentication::Authenticated;
use restframe::exceptions::ApiError;
use restframe::generics::GenericAPIView;
use restframe::prelude::*;
use restframe::serializers::{Context, CreateOnlyDefault, CurrentUserDefault, Serializer};
use restframe::test::APIClient;
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder, Select};
use serde_json::json;

use super::options::{database, review};

/// DRF:
/// ```python
/// class ReviewSerializer(serializers.ModelSerializer):
///     owner = serializers.HiddenField(default=serializers.CurrentUserDefault())  # the user's pk here
///     stars = serializers.SerializerMethodField()
///     summary = serializers.SerializerMethodField(method_name='describe')
///     class Meta:
///         model = Review
///         fields = ['id', 'isbn', 'rating', 'owner', 'stars', 'summary']
/// ```
#[derive(restframe::ModelSerializer)]
#[serializer(model = review::Model, fields(id, isbn, rating, owner, stars, summary))]
struct ReviewSerializer {
    #[field(hidden, default = CurrentUserDefault)]
    owner: i32,
    #[field(method)]
    stars: i64,
    #[field(method = "describe", label = "Short summary")]
    summary: Option<String>,
}

impl ReviewSerializer {
    fn get_stars(review: &review::Model, _ctx: &Context) -> i64 {
        i64::from(review.rating)
    }

    fn describe(review: &review::Model, ctx: &Context) -> Option<String> {
        let user = ctx.request()?.user().username().to_owned();
        Some(format!("{} by {user}", review.isbn))
    }
}

/// `HiddenField(default=CreateOnlyDefault(...))`: set on create, left alone on update.
#[derive(restframe::ModelSerializer)]
#[serializer(model = review::Model, fields(id, rating, owner))]
struct CreateOnly {
    #[field(hidden, default = CreateOnlyDefault(|| 99))]
    owner: i32,
}

struct ReviewList {
    db: DatabaseConnection,
}

#[generic_view(ListCreateAPIView)]
impl GenericAPIView for ReviewList {
    type Serializer = ReviewSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn get_queryset(&self, _request: &Request) -> Select<review::Entity> {
        review::Entity::find().order_by_asc(review::Column::Id)
    }
}

#[tokio::test]
async fn hidden_current_user_and_method_fields_through_a_view() -> Result<(), ApiError> {
    let db = database().await?;
    let urls = vec![path("reviews", ReviewList { db: db.clone() })];
    let mut client = APIClient::new(App::new(Settings::default(), urls).expect("valid urls"));
    let user = restframe::auth::User { id: 42, username: "alice".into(), ..Default::default() };
    client.force_authenticate(Some(Authenticated::user(user)));
    // A submitted `owner` is ignored: HiddenField never reads the input.
    let response = client.post("/reviews", &json!({"isbn": "9780134685991", "rating": 3, "owner": 1})).await;
    // DRF: 201 {"id":1,"isbn":"9780134685991","rating":3,"stars":3,"summary":"9780134685991 by alice"}
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(
        response.json(),
        json!({"id": 1, "isbn": "9780134685991", "rating": 3, "stars": 3, "summary": "9780134685991 by alice"})
    );
    let stored = review::Entity::find_by_id(1).one(&db).await?.expect("saved");
    assert_eq!(stored.owner, 42, "the request user's pk");
    // OPTIONS leaves the hidden field out and describes method fields as `field`.
    let info = restframe::metadata::serializer_info::<ReviewSerializer>();
    assert_eq!(
        info.as_object().map(|m| m.keys().cloned().collect::<Vec<_>>()),
        Some(vec!["id".into(), "isbn".into(), "rating".into(), "stars".into(), "summary".into()])
    );
    assert_eq!(info["stars"], json!({"type": "field", "required": false, "read_only": true, "label": "Stars"}));
    assert_eq!(info["summary"]["label"], json!("Short summary"));
    Ok(())
}

#[tokio::test]
async fn current_user_default_without_a_request_is_a_server_error() -> Result<(), ApiError> {
    let db = database().await?;
    let mut s =
        ReviewSerializer::with_data(json!({"isbn": "9780134685991", "rating": 3})).context(Context::with_db(db));
    let err = s.is_valid().await.expect_err("no request in the context");
    assert_eq!(err.status().as_u16(), 500);
    Ok(())
}

#[tokio::test]
async fn create_only_default_applies_on_create_only() -> Result<(), ApiError> {
    let db = database().await?;
    let ctx = Context::with_db(db.clone());
    let mut s = CreateOnly::with_data(json!({"rating": 2, "owner": 5})).context(ctx.clone());
    s.is_valid_or_raise().await?;
    let created = s.save().await?.clone();
    assert_eq!(created.owner, 99);
    let with_isbn = review::ActiveModel { isbn: sea_orm::Set("9780134685991".into()), ..created.clone().into() };
    let created = sea_orm::ActiveModelTrait::update(with_isbn, &db).await?;
    let mut s = CreateOnly::for_update(created, json!({"rating": 5})).context(ctx);
    s.is_valid_or_raise().await?;
    let updated = s.save().await?.clone();
    assert_eq!((updated.rating, updated.owner), (5, 99));
    assert_eq!(s.data()?, json!({"id": updated.id, "rating": 5}));
    Ok(())
}
