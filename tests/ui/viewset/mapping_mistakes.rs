use restframe::prelude::*;

pub struct Things;

#[viewset]
impl ViewSet for Things {
    #[action(detail = true, methods = [POST])]
    async fn archive(&self, _request: &Request) -> Result<Response, ApiError> {
        Err(ApiError::not_found())
    }
    // DRF: "Method 'post' has already been mapped to '.archive'."
    #[mapping(archive, POST)]
    async fn archive_again(&self, _request: &Request) -> Result<Response, ApiError> {
        Err(ApiError::not_found())
    }
    #[mapping(archiv, DELETE)]
    async fn archive_delete(&self, _request: &Request) -> Result<Response, ApiError> {
        Err(ApiError::not_found())
    }
}

fn main() {}
