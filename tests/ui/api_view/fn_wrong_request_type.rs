use restframe::exceptions::ApiError;
use restframe::response::Response;

#[restframe::api_view(GET)]
async fn hello(_request: &str) -> Result<Response, ApiError> {
    Ok(Response::json(serde_json::json!({})))
}

fn main() {}
