use restframe_tests::thing;

// A mistake in the attribute is one error: the derive still emits stub impls, so the code
// below does not add "`Serializer` is not implemented" errors.
#[derive(restframe::ModelSerializer)]
#[serializer(model = thing::Model, fields(id, name), read_only(idd))]
struct ThingSerializer;

fn main() {
    use restframe::serializers::{ModelSerializer, Serializer};
    fn model_of<S: ModelSerializer<Model = thing::Model>>() {}
    model_of::<ThingSerializer>();
    let _ = ThingSerializer::with_data(serde_json::json!({"name": "x"}));
}
