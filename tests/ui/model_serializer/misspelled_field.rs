use restframe_tests::thing;

#[derive(restframe::ModelSerializer)]
#[serializer(model = thing::Model, fields(id, nmae))]
struct ThingSerializer;

fn main() {}
