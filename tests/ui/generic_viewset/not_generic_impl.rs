use restframe::viewsets::ViewSet;

pub struct ThingViewSet;

#[restframe::viewset(ModelViewSet)]
impl ViewSet for ThingViewSet {}

fn main() {}
