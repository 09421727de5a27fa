use restframe_tests::thing;

#[derive(restframe::ModelSerializer)]
#[serializer(model = thing::Model, fields = "__all__")]
struct ThingSerializer;

fn main() {}
