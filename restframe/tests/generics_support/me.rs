//! bookshelf's `MeView` (a `RetrieveUpdateAPIView` whose `get_object` is the signed-in user)
//! over `auth_user`; answers recorded from Django 6.1 + DRF 3.18.

use restframe::authentication::Authenticated;
use restframe::generics::GenericAPIView;
use restframe::prelude::*;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, IntoActiveModel};
use serde_json::json;

use super::generics_support::MeSerializer;
use super::{Fixture, assert_answer, fixture};

/// bookshelf's `MeView`: the signed-in user's profile.
pub(crate) struct MeView {
    pub(crate) db: DatabaseConnection,
}

/// The signed-in user's profile.
#[generic_view(RetrieveUpdateAPIView, permission_classes = [IsAuthenticated])]
impl GenericAPIView for MeView {
    type Serializer = MeSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
    async fn get_object(&self, request: &Request) -> Result<restframe::auth::User, ApiError> {
        request.user_as::<restframe::auth::User>().cloned().ok_or_else(ApiError::not_authenticated)
    }
}

#[tokio::test]
async fn me_view_serves_the_signed_in_user_from_auth_user() {
    let Fixture { db, mut client } = fixture().await;
    let alice = restframe::auth::User {
        username: "alice".to_owned(),
        email: "alice@example.com".to_owned(),
        ..restframe::auth::User::default()
    };
    let mut user = alice.into_active_model().reset_all();
    user.id = sea_orm::ActiveValue::NotSet;
    let alice = restframe::auth::user::Entity::insert(user).exec_with_returning(&db).await.expect("insert user");
    // No authentication classes in these settings: DRF's PermissionDenied, not NotAuthenticated.
    assert_answer(&client.get("/me").await, 403, r#"{"detail":"You do not have permission to perform this action."}"#);
    client.force_authenticate(Some(Authenticated::user(alice.clone())));
    let expected = format!(
        r#"{{"id":{},"username":"alice","email":"alice@example.com","first_name":"","last_name":""}}"#,
        alice.id
    );
    assert_answer(&client.get("/me").await, 200, &expected);
    let response = client.patch("/me", &json!({"first_name": "Al", "username": "mallory"})).await;
    let expected = format!(
        r#"{{"id":{},"username":"alice","email":"alice@example.com","first_name":"Al","last_name":""}}"#,
        alice.id
    );
    assert_answer(&response, 200, &expected);
    let stored = restframe::auth::user::Entity::find_by_id(alice.id).one(&db).await.expect("query").expect("row");
    assert_eq!((stored.username.as_str(), stored.first_name.as_str()), ("alice", "Al"));
    let response = client.put("/me", &json!({"email": "not an email"})).await;
    assert_answer(&response, 400, r#"{"email":["Enter a valid email address."]}"#);
    assert_eq!(client.delete("/me").await.text(), r#"{"detail":"Method \"DELETE\" not allowed."}"#);
}
