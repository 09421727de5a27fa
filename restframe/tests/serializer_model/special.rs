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
///     url = serializers.HyperlinkedIdentityField(view_name='review-detail')
///     owner = serializers.HiddenField(default=serializers.CurrentUserDefault())  # the user's pk here
///     stars = serializers.SerializerMethodField()
///     summary = serializers.SerializerMethodField(method_name='describe')
///     class Meta:
///         model = Review
///         fields = ['url', 'id', 'isbn', 'rating', 'owner', 'stars', 'summary']
/// ```
#[derive(restframe::ModelSerializer)]
#[serializer(model = review::Model, fields(url, id, isbn, rating, owner, stars, summary))]
struct ReviewSerializer {
    #[field(hyperlinked_identity(view_name = "review-detail"))]
    url: String,
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

struct ReviewDetail {
    db: DatabaseConnection,
}

#[generic_view(RetrieveAPIView)]
impl GenericAPIView for ReviewDetail {
    type Serializer = ReviewSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn get_queryset(&self, _request: &Request) -> Select<review::Entity> {
        review::Entity::find()
    }
}

/// `HyperlinkedIdentityField(view_name='review-by-isbn', lookup_field='isbn', lookup_url_kwarg='code')`.
#[derive(restframe::ModelSerializer)]
#[serializer(model = review::Model, fields(link, id))]
struct ByIsbn {
    #[field(hyperlinked_identity(view_name = "review-by-isbn", lookup_field = "isbn", lookup_url_kwarg = "code"))]
    link: String,
}

struct ByIsbnList {
    db: DatabaseConnection,
}

#[generic_view(ListAPIView)]
impl GenericAPIView for ByIsbnList {
    type Serializer = ByIsbn;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn get_queryset(&self, _request: &Request) -> Select<review::Entity> {
        review::Entity::find().order_by_asc(review::Column::Id)
    }
}

fn client(db: &DatabaseConnection) -> APIClient {
    let urls = vec![
        path("reviews", ReviewList { db: db.clone() }),
        path("reviews/<int:pk>/", ReviewDetail { db: db.clone() }).name("review-detail"),
        path("by-isbn/", ByIsbnList { db: db.clone() }),
        path("by-isbn/<str:code>/", ByIsbnList { db: db.clone() }).name("review-by-isbn"),
    ];
    let mut client = APIClient::new(App::new(Settings::default(), urls).expect("valid urls"));
    let user = restframe::auth::User { id: 42, username: "alice".into(), ..Default::default() };
    client.force_authenticate(Some(Authenticated::user(user)));
    client
}

#[tokio::test]
async fn hidden_current_user_and_method_fields_through_a_view() -> Result<(), ApiError> {
    let db = database().await?;
    let client = client(&db);
    // A submitted `owner` is ignored: HiddenField never reads the input.
    let response = client.post("/reviews", &json!({"isbn": "9780134685991", "rating": 3, "owner": 1})).await;
    // DRF: 201 {"url":"http://testserver/reviews/1/","id":1,"isbn":"9780134685991","rating":3,"stars":3,
    // "summary":"9780134685991 by alice"} with `Location: http://testserver/reviews/1/`
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(
        response.text(),
        r#"{"url":"http://testserver/reviews/1/","id":1,"isbn":"9780134685991","rating":3,"stars":3,"summary":"9780134685991 by alice"}"#
    );
    assert_eq!(response.header("location"), Some("http://testserver/reviews/1/"));
    let detail = client.get("/reviews/1/").await;
    assert_eq!(detail.json()["url"], json!("http://testserver/reviews/1/"));
    // DRF: [{"link":"http://testserver/by-isbn/9780134685991/","id":1}]
    assert_eq!(client.get("/by-isbn/").await.text(), r#"[{"link":"http://testserver/by-isbn/9780134685991/","id":1}]"#);
    let stored = review::Entity::find_by_id(1).one(&db).await?.expect("saved");
    assert_eq!(stored.owner, 42, "the request user's pk");
    // OPTIONS leaves the hidden field out and describes method fields as `field`.
    let info = restframe::metadata::serializer_info::<ReviewSerializer>();
    assert_eq!(
        info.as_object().map(|m| m.keys().cloned().collect::<Vec<_>>()),
        Some(vec!["url".into(), "id".into(), "isbn".into(), "rating".into(), "stars".into(), "summary".into()])
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
    // DRF asserts (a 500) when rendering a hyperlink without a request; restframe renders null.
    let review = review::Model {
        id: 3,
        isbn: "1".into(),
        rating: 1,
        text: String::new(),
        owner: 1,
        created: chrono::Utc::now(),
    };
    assert_eq!(ReviewSerializer::render(&review, &Context::default())["url"], json!(null));
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
    assert_eq!(s.data().await?, json!({"id": updated.id, "rating": 5}));
    Ok(())
}
