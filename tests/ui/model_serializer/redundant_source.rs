use restframe_tests::thing;

#[derive(restframe::ModelSerializer)]
#[serializer(model = thing::Model, fields(id, name))]
struct ThingSerializer {
    #[field(source = "name")]
    name: String,
}

fn main() {}
