use restframe_tests::thing;

#[derive(restframe::ModelSerializer)]
#[serializer(model = thing::Model, fields(id, name, id))]
struct ThingSerializer;

fn main() {}
