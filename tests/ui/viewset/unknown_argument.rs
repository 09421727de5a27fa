use restframe::exceptions::ApiError;
use restframe::request::Request;
use restframe::response::Response;
use restframe::viewsets::ViewSet;

pub struct BookViewSet;

#[restframe::viewset(lookup_feild = "slug")]
impl ViewSet for BookViewSet {
    #[action(detail = false, url_pth = "top")]
    async fn top(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(serde_json::json!([])))
    }
}

fn main() {}
