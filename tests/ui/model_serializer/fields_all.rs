use restframe_tests::thing;

#[derive(restframe::ModelSerializer)]
#[serializer(model = thing::Model, fields = "all")]
struct ThingSerializer;

fn main() {}
