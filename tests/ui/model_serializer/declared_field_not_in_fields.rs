use restframe_tests::thing;

#[derive(restframe::ModelSerializer)]
#[serializer(model = thing::Model, fields(id))]
struct ThingSerializer {
    #[field(max_length = 10)]
    name: String,
}

fn main() {}
