use restframe::exceptions::ApiError;
use restframe::request::Request;
use restframe::response::Response;

#[restframe::api_view(GET, GTE)]
async fn hello(_request: &Request) -> Result<Response, ApiError> {
    Ok(Response::json(serde_json::json!({})))
}

fn main() {}
