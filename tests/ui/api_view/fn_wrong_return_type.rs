use restframe::request::Request;
use restframe::response::Response;

#[restframe::api_view(GET)]
async fn hello(_request: &Request) -> Response {
    Response::json(serde_json::json!({}))
}

fn main() {}
