use restframe::exceptions::ApiError;
use restframe::request::Request;
use restframe::response::Response;
use restframe::viewsets::ViewSet;

pub struct BookViewSet;

#[derive(restframe::Serializer)]
pub struct ReviewSerializer {
    text: String,
}

#[restframe::viewset]
impl ViewSet for BookViewSet {
    #[action(detail = true, methods = [POST], serializer_class = ReviewSerializer)]
    async fn review(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(serde_json::json!({})))
    }
}

fn main() {}
