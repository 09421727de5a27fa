use restframe::serializers::Context;
use restframe_tests::thing;

#[derive(restframe::ModelSerializer)]
#[serializer(model = thing::Model, fields(id, name, whisper))]
struct ThingSerializer {
    #[field(schema = r#"{"type": "string"}"#)]
    name: String,
    #[field(method, schema = "string")]
    whisper: String,
}

impl ThingSerializer {
    fn get_whisper(thing: &thing::Model, _ctx: &Context) -> String {
        thing.name.to_lowercase()
    }
}

fn main() {}
