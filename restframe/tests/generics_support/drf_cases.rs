//! The cases of DRF's `tests/test_generics.py` and `tests/test_metadata.py` that need views of
//! their own: a model with an `auto_now_add` field, a detail view whose object permissions
//! refuse `PUT` in OPTIONS. Expected bodies recorded from Django 6.1.3 + DRF 3.18.3 on SQLite
//! and PostgreSQL.

use restframe::generics::GenericAPIView;
use restframe::prelude::*;
use restframe::test::APIClient;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, Schema, Set};
use serde_json::json;

use super::generics_support::{BasicSerializer, basic};
use super::{NotPrivate, assert_answer, fixture};

mod comment {
    use sea_orm::entity::prelude::*;

    /// DRF's `Comment`: `email = EmailField()`, `content = CharField(max_length=200)`,
    /// `created = DateTimeField(auto_now_add=True)` (not editable, set on insert).
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "app_comment")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(column_type = "String(StringLen::N(254))")]
        #[restframe(email)]
        pub email: String,
        #[sea_orm(column_type = "String(StringLen::N(200))")]
        pub content: String,
        #[restframe(default = restframe::auth::user::now(), editable = false)]
        pub created: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// DRF: `exclude = ('created',)`.
#[derive(restframe::ModelSerializer)]
#[serializer(model = comment::Model, fields(id, email, content))]
struct CommentSerializer;

struct CommentView {
    db: DatabaseConnection,
}

#[generic_view(ListCreateAPIView)]
impl GenericAPIView for CommentView {
    type Serializer = CommentSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
}

struct GuardedUpdate {
    db: DatabaseConnection,
}

#[generic_view(RetrieveUpdateAPIView, permission_classes = [NotPrivate])]
impl GenericAPIView for GuardedUpdate {
    type Serializer = BasicSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
}

fn client(urls: Vec<restframe::urls::UrlPattern>) -> APIClient {
    APIClient::new(App::new(Settings::default(), urls).expect("valid urls"))
}

/// `TestCreateModelWithAutoNowAddField.test_create_model_with_auto_now_add_field` (#285).
#[tokio::test]
async fn create_model_with_auto_now_add_field() {
    let db = restframe::db::test_database().await.expect("database");
    let schema = Schema::new(db.get_database_backend());
    db.execute(&schema.create_table_from_entity(comment::Entity)).await.expect("table");
    let client = client(urlpatterns![path("comments", CommentView { db: db.clone() })]);
    let response = client.post("/comments", &json!({"email": "foobar@example.com", "content": "foobar"})).await;
    assert_answer(&response, 201, r#"{"id":1,"email":"foobar@example.com","content":"foobar"}"#);
    let created = comment::Entity::find_by_id(1).one(&db).await.expect("query").expect("row");
    assert_eq!(created.content, "foobar");
    assert!(created.created <= restframe::auth::user::now(), "auto_now_add set on insert");
}

/// `TestMetadata.test_object_permissions` on a generic view: DRF's `get_object()` for the
/// cloned `PUT` request fails the object permission, so `PUT` is left out of `actions`.
#[tokio::test]
async fn options_leave_put_out_when_object_permissions_refuse() {
    let fixture = fixture().await;
    let row = basic::ActiveModel { text: Set("private".to_owned()), ..Default::default() };
    let private = basic::Entity::insert(row).exec(&fixture.db).await.expect("insert").last_insert_id;
    let client = client(urlpatterns![path("guarded/<str:pk>", GuardedUpdate { db: fixture.db.clone() })]);
    let (min, max) = match fixture.db.get_database_backend() {
        DbBackend::Sqlite => (i64::MIN, i64::MAX),
        _ => (i32::MIN.into(), i32::MAX.into()),
    };
    let head = r#"{"name":"Guarded Update","description":"","renders":["application/json"],"parses":["application/json","application/x-www-form-urlencoded","multipart/form-data"]"#;
    let put = format!(
        r#""actions":{{"PUT":{{"id":{{"type":"integer","required":false,"read_only":true,"label":"ID"}},"text":{{"type":"string","required":true,"read_only":false,"label":"Text","max_length":100}},"number":{{"type":"integer","required":false,"read_only":false,"label":"Number","min_value":{min},"max_value":{max}}}}}}}"#
    );
    assert_answer(&client.options("/guarded/1").await, 200, &format!("{head},{put}}}"));
    assert_answer(&client.options(&format!("/guarded/{private}")).await, 200, &format!("{head}}}"));
}

/// `TestRootView.test_head_root_view`: `HEAD` on a list view is its `GET` without the body.
#[tokio::test]
async fn head_root_view() {
    let fixture = fixture().await;
    let response = fixture.client.head("/root").await;
    assert_eq!((response.status().as_u16(), response.text().as_str()), (200, ""));
    assert_eq!(response.header("allow"), Some("GET, POST, HEAD, OPTIONS"));
}
