use restframe::exceptions::ApiError;
use restframe::request::Request;
use restframe::response::Response;
use restframe::viewsets::ViewSet;

pub struct BookViewSet;

impl ViewSet for BookViewSet {}

fn main() {
    let mut router = restframe::routers::SimpleRouter::new();
    router.register_as("books", BookViewSet, "book");
}
