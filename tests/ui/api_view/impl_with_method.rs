use restframe::exceptions::ApiError;
use restframe::request::Request;
use restframe::response::Response;
use restframe::views::APIView;

pub struct HelloView;

#[restframe::api_view(GET)]
impl APIView for HelloView {
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(serde_json::json!({})))
    }
}

fn main() {}
