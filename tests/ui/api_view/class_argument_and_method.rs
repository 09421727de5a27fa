use restframe::exceptions::ApiError;
use restframe::permissions::{AllowAny, Permissions};
use restframe::request::Request;
use restframe::response::Response;
use restframe::views::APIView;

pub struct HelloView;

#[restframe::api_view(permission_classes = [restframe::permissions::IsAuthenticated])]
impl APIView for HelloView {
    fn permission_classes(&self) -> Permissions {
        restframe::permissions![AllowAny]
    }

    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(serde_json::json!({})))
    }
}

fn main() {}
