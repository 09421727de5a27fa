use restframe::exceptions::ApiError;
use restframe::request::Request;
use restframe::response::Response;

pub struct BookViewSet;

impl BookViewSet {
    #[restframe::action(detail = false)]
    async fn top(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(serde_json::json!([])))
    }
}

fn main() {}
