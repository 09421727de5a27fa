//! The serializer context DRF gives (`request`, `format`, `view`) while rendering, through real
//! generic views and a viewset, and `transaction.atomic()` around several saves, on SQLite and
//! PostgreSQL. Every expected body was recorded from Django 6.1 + DRF 3.18.3 with the same model,
//! serializers and views (a `Place` model with a unique `name`; a `to_representation` override
//! reading `context['request'].build_absolute_uri(...)`, `context['format']`,
//! `context['view'].kwargs` and `.action`), on SQLite and on PostgreSQL.

use restframe::generics::GenericAPIView;
use restframe::prelude::*;
use restframe::reverse::build_absolute_uri;
use restframe::serializers::{Atomic, Context, Serializer, SerializerHooks};
use restframe::test::APIClient;
use restframe::urls::format_suffix_patterns;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryOrder, Schema, Select};
use serde_json::{Map, Value, json};

mod place {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "place")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(unique, column_type = "String(StringLen::N(20))")]
        pub name: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// DRF's `PlaceSerializer` with `to_representation` adding `url`, `format`, `kwargs`, `action`.
#[derive(restframe::ModelSerializer)]
#[serializer(model = place::Model, fields(id, name), hooks)]
struct PlaceSerializer;

impl SerializerHooks for PlaceSerializer {
    fn to_representation(instance: &place::Model, mut ret: Map<String, Value>, ctx: &Context) -> Map<String, Value> {
        let url = ctx.request().and_then(|r| build_absolute_uri(r, &format!("/places/{}/", instance.id)).ok());
        let view = ctx.view();
        let kwargs: Map<String, Value> =
            view.map(|v| v.kwargs.iter().map(|(k, v)| (k.clone(), v.as_str().into())).collect()).unwrap_or_default();
        ret.insert("url".into(), url.into());
        ret.insert("format".into(), ctx.format().into());
        ret.insert("kwargs".into(), kwargs.into());
        ret.insert("action".into(), view.and_then(|v| v.action).into());
        ret
    }
}

/// DRF's `PlainPlace`: the model serializer without overrides.
#[derive(restframe::ModelSerializer)]
#[serializer(model = place::Model, fields(id, name))]
struct PlainPlace;

struct PlaceList {
    db: DatabaseConnection,
}

#[generic_view(ListCreateAPIView)]
impl GenericAPIView for PlaceList {
    type Serializer = PlaceSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    fn get_queryset(&self, _request: &Request) -> Select<place::Entity> {
        place::Entity::find().order_by_asc(place::Column::Id)
    }
}

struct PlaceDetail {
    db: DatabaseConnection,
}

#[generic_view(RetrieveAPIView)]
impl GenericAPIView for PlaceDetail {
    type Serializer = PlaceSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
}

/// DRF's `Tag`: a plain serializer whose `to_representation` reads the request.
#[derive(Clone, restframe::Serializer)]
#[serializer(hooks)]
struct Tag {
    label: String,
}

impl SerializerHooks for Tag {
    fn to_representation(_: &Tag, mut ret: Map<String, Value>, ctx: &Context) -> Map<String, Value> {
        let url = ctx.request().and_then(|r| build_absolute_uri(r, "/tags/").ok());
        ret.insert("seen_by".into(), url.into());
        ret
    }
}

/// DRF's `Box`: nested `Tag`s (one and many) render with the parent's context.
#[derive(restframe::Serializer)]
#[serializer(hooks)]
struct Crate {
    name: String,
    #[field(nested, many)]
    tags: Vec<Tag>,
    #[field(nested)]
    main: Tag,
}

impl SerializerHooks for Crate {
    fn to_representation(_: &Crate, mut ret: Map<String, Value>, ctx: &Context) -> Map<String, Value> {
        let view = ctx.view();
        let place = json!([
            view.and_then(|v| v.action),
            view.and_then(|v| v.basename.clone()),
            view.and_then(|v| v.detail),
            ctx.format()
        ]);
        ret.insert("where".into(), place);
        // DRF: `user = self.context['request'].user`, added when authenticated.
        if let Some(user) = ctx.request().map(Request::user).filter(|user| user.is_authenticated()) {
            ret.insert("user".into(), user.username().into());
        }
        ret
    }
}

/// DRF's `BoxViewSet.retrieve`: `Box(..., context={'request', 'view', 'format'}).data`.
#[derive(Debug, Default)]
struct CrateViewSet;

#[viewset]
impl ViewSet for CrateViewSet {
    async fn retrieve(&self, request: &Request) -> Result<Response, ApiError> {
        let name = format!("b{}", request.kwarg("pk").unwrap_or_default());
        let tag = |label: &str| Tag { label: label.into() };
        let instance = Crate { name, tags: vec![tag("x"), tag("y")], main: tag("z") };
        Ok(Response::json(Crate::with_instance(instance).context(Context::from_request(request)).data().await?))
    }
}

/// DRF's `PlaceBatch`: every item saved inside one `transaction.atomic()`, or none.
struct PlaceBatch {
    db: DatabaseConnection,
}

#[api_view]
impl APIView for PlaceBatch {
    async fn post(&self, request: &Request) -> Result<Response, ApiError> {
        let items = request.data().await?.as_array().cloned().unwrap_or_default();
        let atomic = Atomic::begin(&self.db).await?;
        let mut out = Vec::new();
        for item in items {
            let mut serializer = PlainPlace::with_data(item).context(Context::from_request(request)).atomic(&atomic);
            serializer.is_valid_or_raise().await?;
            serializer.save().await?;
            out.push(serializer.data().await?);
        }
        atomic.commit().await?;
        Ok(Response::new(status::HTTP_201_CREATED, Value::Array(out)))
    }
}

async fn database() -> Result<DatabaseConnection, ApiError> {
    let db = restframe::db::test_database().await?;
    db.execute(&Schema::new(db.get_database_backend()).create_table_from_entity(place::Entity)).await?;
    Ok(db)
}

fn client(db: &DatabaseConnection) -> APIClient {
    let mut router = SimpleRouter::new();
    router.register_as("boxes", CrateViewSet, "box");
    let mut urls = format_suffix_patterns(urlpatterns![
        path("places/", PlaceList { db: db.clone() }),
        path("places/<str:pk>/", PlaceDetail { db: db.clone() }),
    ]);
    urls.extend(router.urls());
    urls.push(path("batch/", PlaceBatch { db: db.clone() }));
    APIClient::new(App::new(Settings::default(), urls).expect("valid urls"))
}

fn is_postgres(db: &DatabaseConnection) -> bool {
    db.get_database_backend() == sea_orm::DbBackend::Postgres
}

#[tokio::test]
async fn generic_views_render_with_request_format_and_view() -> Result<(), ApiError> {
    let db = database().await?;
    let client = client(&db);

    let response = client.post("/places/", &json!({"name": "Oslo"})).await;
    assert_eq!(response.status(), 201);
    assert_eq!(response.header("location"), Some("http://testserver/places/1/"));
    assert_eq!(
        response.text(),
        r#"{"id":1,"name":"Oslo","url":"http://testserver/places/1/","format":null,"kwargs":{},"action":null}"#
    );

    let response = client.post("/places.json", &json!({"name": "Rome"})).await;
    assert_eq!(response.header("location"), Some("http://testserver/places/2/"));
    assert_eq!(
        response.text(),
        r#"{"id":2,"name":"Rome","url":"http://testserver/places/2/","format":"json","kwargs":{"format":"json"},"action":null}"#
    );

    // `ListModelMixin.list` renders with the view's context too.
    assert_eq!(
        client.get("/places/").await.text(),
        r#"[{"id":1,"name":"Oslo","url":"http://testserver/places/1/","format":null,"kwargs":{},"action":null},{"id":2,"name":"Rome","url":"http://testserver/places/2/","format":null,"kwargs":{},"action":null}]"#
    );
    assert_eq!(
        client.get("/places/2.json").await.text(),
        r#"{"id":2,"name":"Rome","url":"http://testserver/places/2/","format":"json","kwargs":{"pk":"2","format":"json"},"action":null}"#
    );
    let response =
        client.request(http::Method::GET, "/places/1/", &[("host", "api.example.com:8000")], Default::default()).await;
    assert_eq!(
        response.text(),
        r#"{"id":1,"name":"Oslo","url":"http://api.example.com:8000/places/1/","format":null,"kwargs":{"pk":"1"},"action":null}"#
    );
    Ok(())
}

#[tokio::test]
async fn nested_serializers_render_with_the_viewsets_context() {
    let db = database().await.expect("database");
    let mut client = client(&db);
    assert_eq!(
        client.get("/boxes/7/").await.text(),
        r#"{"name":"b7","tags":[{"label":"x","seen_by":"http://testserver/tags/"},{"label":"y","seen_by":"http://testserver/tags/"}],"main":{"label":"z","seen_by":"http://testserver/tags/"},"where":["retrieve","box",true,null]}"#
    );
    // `self.context['request'].user` is the authenticated user.
    let alice = restframe::auth::User { username: "alice".into(), ..Default::default() };
    client.force_authenticate(Some(restframe::authentication::Authenticated::user(alice)));
    assert_eq!(
        client.get("/boxes/8/").await.text(),
        r#"{"name":"b8","tags":[{"label":"x","seen_by":"http://testserver/tags/"},{"label":"y","seen_by":"http://testserver/tags/"}],"main":{"label":"z","seen_by":"http://testserver/tags/"},"where":["retrieve","box",true,null],"user":"alice"}"#
    );
}

#[tokio::test]
async fn a_view_saves_several_objects_in_one_transaction() -> Result<(), ApiError> {
    let db = database().await?;
    let client = client(&db);
    for name in ["Oslo", "Rome"] {
        assert_eq!(client.post("/places/", &json!({"name": name})).await.status(), 201);
    }
    // The third item fails the UniqueValidator, which sees the first item's uncommitted row:
    // the 400 DRF answers, and neither Lima nor Kyiv stays.
    let response = client.post("/batch/", &json!([{"name": "Lima"}, {"name": "Kyiv"}, {"name": "Lima"}])).await;
    assert_eq!(response.status(), 400);
    assert_eq!(response.text(), r#"{"name":["place with this name already exists."]}"#);
    assert_eq!(place::Entity::find().count(&db).await?, 2);

    let response = client.post("/batch/", &json!([{"name": "Lima"}, {"name": "Kyiv"}])).await;
    assert_eq!(response.status(), 201);
    // SQLite rolls its id counter back with the transaction; PostgreSQL's sequence does not
    // (Django on each database answered the same ids).
    let expected = if is_postgres(&db) {
        r#"[{"id":5,"name":"Lima"},{"id":6,"name":"Kyiv"}]"#
    } else {
        r#"[{"id":3,"name":"Lima"},{"id":4,"name":"Kyiv"}]"#
    };
    assert_eq!(response.text(), expected);
    assert_eq!(place::Entity::find().count(&db).await?, 4);
    Ok(())
}

/// DRF's `with transaction.atomic(): a.save(); b.is_valid(raise_exception=True)`: the second
/// serializer's check sees the first row, the error leaves the block, nothing stays.
#[tokio::test]
async fn an_error_inside_atomic_undoes_earlier_saves() -> Result<(), ApiError> {
    let db = database().await?;
    let result: Result<(), ApiError> = async {
        let atomic = Atomic::begin(&db).await?;
        let mut first =
            PlainPlace::with_data(json!({"name": "Paris"})).context(Context::with_db(db.clone())).atomic(&atomic);
        first.is_valid_or_raise().await?;
        first.save().await?;
        let mut second = PlainPlace::with_data(json!({"name": "Paris"})).atomic(&atomic);
        assert!(!second.is_valid().await?);
        assert_eq!(second.errors()?.to_json(), json!({"name": ["place with this name already exists."]}));
        second.is_valid_or_raise().await?;
        atomic.commit().await
    }
    .await;
    let err = result.expect_err("the second serializer is invalid");
    assert_eq!(err.detail().to_json(), json!({"name": ["place with this name already exists."]}));
    assert_eq!(place::Entity::find().count(&db).await?, 0);
    Ok(())
}

/// A database constraint failing inside the block (a duplicate no validator checked: `many=True`
/// items do not see each other) undoes the earlier rows too; DRF answers that `IntegrityError`
/// with a 500, restframe with the unique 400 (see the serializers module docs).
#[tokio::test]
async fn a_constraint_failure_inside_atomic_undoes_earlier_saves() -> Result<(), ApiError> {
    let db = database().await?;
    let atomic = Atomic::begin(&db).await?;
    let mut many = PlainPlace::many(json!([{"name": "Bern"}, {"name": "Bern"}]))
        .context(Context::with_db(db.clone()))
        .atomic(&atomic);
    assert!(many.is_valid().await?, "DRF: list valid True []");
    let err = many.save().await.expect_err("the second insert violates the unique constraint");
    assert_eq!(err.detail().to_json(), json!({"name": ["place with this name already exists."]}));
    drop(many);
    drop(atomic);
    assert_eq!(place::Entity::find().count(&db).await?, 0);

    // Committed, both rows stay; the contexts go back to the pool afterwards.
    let atomic = Atomic::begin(&db).await?;
    let ctx = Context::with_db(db.clone()).atomic(&atomic);
    for name in ["Bern", "Basel"] {
        let mut serializer = PlainPlace::with_data(json!({"name": name})).context(ctx.clone());
        serializer.is_valid_or_raise().await?;
        serializer.save().await?;
    }
    assert!(ctx.db()?.in_atomic_block());
    atomic.commit().await?;
    assert!(!ctx.db()?.in_atomic_block());
    assert_eq!(place::Entity::find().count(ctx.db()?).await?, 2);
    Ok(())
}
