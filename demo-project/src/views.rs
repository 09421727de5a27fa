//! The tutorial's views.

use restframe::prelude::*;
use serde_json::json;

/// `GET /api-hello`: greets authenticated users.
pub struct HelloView;

/// A protected hello-world endpoint: only requests carrying a valid token get through.
#[api_view]
impl APIView for HelloView {
    // The tutorial wrote `permissions_classes`, which DRF silently ignores (the view was open to
    // everyone); here the hook is a trait method, so a typo does not compile.
    fn permission_classes(&self) -> Permissions {
        permissions![IsAuthenticated]
    }

    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"message": "Hello, World!"})))
    }
}
