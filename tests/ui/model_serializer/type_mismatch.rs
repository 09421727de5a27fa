use restframe_tests::thing;

#[derive(restframe::ModelSerializer)]
#[serializer(model = thing::Model, fields(id, name))]
struct ThingSerializer {
    #[field(max_length = 10)]
    name: i64,
}

fn main() {}
