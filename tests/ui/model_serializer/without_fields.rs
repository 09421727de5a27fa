use restframe_tests::thing;

#[derive(restframe::ModelSerializer)]
#[serializer(model = thing::Model)]
struct ThingSerializer;

fn main() {}
