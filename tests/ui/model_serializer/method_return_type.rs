use restframe::serializers::Context;
use restframe_tests::thing;

#[derive(restframe::ModelSerializer)]
#[serializer(model = thing::Model, fields(id, shout))]
struct ThingSerializer {
    #[field(method)]
    shout: i64,
}

impl ThingSerializer {
    fn get_shout(thing: &thing::Model, _ctx: &Context) -> String {
        thing.name.to_uppercase()
    }
}

fn main() {}
