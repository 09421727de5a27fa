use restframe_tests::thing;

#[derive(restframe::ModelSerializer)]
#[serializer(model = thing::Model, fields(id), fields(name))]
struct ThingSerializer;

fn main() {}
