use restframe::fields::{FieldSpec, Represent};
use restframe::serializers::Context;
use restframe_tests::thing;

/// Renders as a string, but has no OpenAPI schema of its own.
#[derive(Clone)]
struct Shout(String);

impl Represent for Shout {
    fn represent(&self, spec: &FieldSpec) -> serde_json::Value {
        self.0.represent(spec)
    }
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = thing::Model, fields(id, shout))]
struct ThingSerializer {
    #[field(method)]
    shout: Shout,
}

impl ThingSerializer {
    fn get_shout(thing: &thing::Model, _ctx: &Context) -> Shout {
        Shout(thing.name.to_uppercase())
    }
}

fn main() {}
