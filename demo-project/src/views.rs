//! The tutorial's views. `obtain_auth_token` comes from restframe-authtoken, as it comes from
//! DRF in the tutorial.

use restframe::auth::{ModelBackend, UserManager};
use restframe::exceptions::ErrorKind;
use restframe::prelude::*;
use restframe::serializers::Serializer;
use restframe_authtoken::Token;
use serde_json::{Value, json};

use crate::serializers::{RegistrationSerializer, UserLoginSerializer, UserSerializer};

/// The tutorial's error envelope for validation errors: `{"error": {...}, "status": "400 BAD REQUEST"}`
/// (the tutorial answered these with HTTP 203; a client error is a 400).
fn invalid(errors: Value) -> Response {
    Response::new(status::HTTP_400_BAD_REQUEST, json!({"error": errors, "status": "400 BAD REQUEST"}))
}

/// `POST /api-register-auth`.
pub(crate) struct RegistrationView {
    users: UserManager,
}

impl RegistrationView {
    /// The view, storing users through `users`.
    pub(crate) fn new(users: UserManager) -> Self {
        Self { users }
    }
}

// Creates a user from a username and password (plus optional email, first and last name) and
// returns the user with a new API token. The doc comment below is the OPTIONS `description`:
// the tutorial's docstring, spelling and all, as DRF shows it.
/// Registeration View
#[api_view]
impl APIView for RegistrationView {
    fn permission_classes(&self) -> Permissions {
        permissions![AllowAny]
    }

    /// Handles post request logic
    async fn post(&self, request: &Request) -> Result<Response, ApiError> {
        let mut serializer = RegistrationSerializer::from_request(request)
            .await?
            .database(self.users.db().clone())
            .with(self.users.clone());
        if !serializer.is_valid().await? {
            return Ok(invalid(serializer.errors()?.to_json()));
        }
        let user = match serializer.save().await {
            Ok(user) => user.clone(),
            // A username taken between the uniqueness check and the insert: the check's 400.
            Err(err) if err.kind() == ErrorKind::Validation => return Ok(invalid(err.body())),
            Err(err) => return Err(err),
        };
        let token = Token::get_or_create(self.users.db(), user.id).await?;
        Ok(Response::json(json!({
            "user": UserSerializer::with_instance(user).data().await?,
            "status": {"message": "User created", "code": "200 OK"},
            "token": token.key,
        })))
    }
}

/// `POST /api-login-auth`.
pub(crate) struct LoginView {
    backend: ModelBackend,
}

impl LoginView {
    /// The view, authenticating against `users`.
    pub(crate) fn new(users: UserManager) -> Self {
        Self { backend: ModelBackend::new(users) }
    }
}

// Logs a user in with a username and password and returns the user with their API token.
// The doc comment below is the OPTIONS `description`: the tutorial's docstring.
/// Login View
#[api_view]
impl APIView for LoginView {
    fn permission_classes(&self) -> Permissions {
        permissions![AllowAny]
    }

    async fn post(&self, request: &Request) -> Result<Response, ApiError> {
        let mut serializer = UserLoginSerializer::from_request(request).await?;
        if !serializer.is_valid().await? {
            return Ok(invalid(serializer.errors()?.to_json()));
        }
        let credentials = serializer.validated_data()?;
        let authenticated = self.backend.authenticate(&credentials.username, &credentials.password).await;
        let Some(mut user) = authenticated? else {
            return Ok(Response::new(
                status::HTTP_400_BAD_REQUEST,
                json!({"error": {"message": "Invalid Username or Password. Please try again", "status": "400 BAD REQUEST"}}),
            ));
        };
        let users = self.backend.users();
        users.update_last_login(&mut user).await?;
        let token = Token::get_or_create(users.db(), user.id).await?;
        Ok(Response::json(json!({
            "user": UserSerializer::with_instance(user).data().await?,
            "status": {"message": "User Authenticated", "code": "200 OK"},
            "token": token.key,
        })))
    }
}

/// `GET /api-hello`.
pub(crate) struct HelloView;

// A protected hello-world endpoint: only requests carrying a valid token get through. No doc
// comment on purpose: the tutorial's HelloView has no docstring, so DRF's OPTIONS `description`
// is "".
// The tutorial wrote `permissions_classes`, which DRF silently ignores (the view was open to
// everyone); here a misspelled argument does not compile.
#[api_view(permission_classes = [IsAuthenticated])]
impl APIView for HelloView {
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"message": "Hello, World!"})))
    }
}
