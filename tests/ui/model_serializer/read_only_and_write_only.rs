use restframe_tests::thing;

#[derive(restframe::ModelSerializer)]
#[serializer(model = thing::Model, fields(id, name), read_only(name), write_only(name))]
struct ThingSerializer;

fn main() {}
