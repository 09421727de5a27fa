use restframe::exceptions::ApiError;
use restframe::request::Request;
use restframe::response::Response;
use restframe::viewsets::ViewSet;

pub struct BookViewSet;

#[restframe::viewset]
impl ViewSet for BookViewSet {
    #[action(detail = false, name = "Top", suffix = "Rated")]
    async fn top_rated(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(serde_json::json!([])))
    }
}

fn main() {}
