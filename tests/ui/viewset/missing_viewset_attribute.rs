use restframe::viewsets::ViewSet;

pub struct BookViewSet;

impl ViewSet for BookViewSet {}

fn main() {
    let mut router = restframe::routers::SimpleRouter::new();
    router.register_as("books", BookViewSet, "book");
}
