use restframe::serializers::Context;
use restframe_tests::thing;

#[derive(restframe::ModelSerializer)]
#[serializer(model = thing::Model, fields(url, id, name, shout, owner))]
struct ThingSerializer {
    #[field(hyperlinked_identity(lookup_field = "name"))]
    url: String,
    #[field(method = "get_shout")]
    shout: String,
    #[field(hidden)]
    name: String,
    #[field(method, source = "name")]
    owner: String,
}

impl ThingSerializer {
    fn get_shout(thing: &thing::Model, _ctx: &Context) -> String {
        thing.name.to_uppercase()
    }
    fn get_owner(thing: &thing::Model, _ctx: &Context) -> String {
        thing.name.clone()
    }
}

fn main() {}
