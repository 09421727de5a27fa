use restframe_tests::thing;

#[derive(restframe::ModelSerializer)]
#[serializer(model = thing::Model, fields(id, name), exclude(name))]
struct ThingSerializer;

fn main() {}
