use restframe_tests::thing;

#[derive(restframe::ModelSerializer)]
#[serializer(model = thing::Model, fields = "__all__", depth = 11)]
struct TooDeep;

#[derive(restframe::ModelSerializer)]
#[serializer(model = thing::Model, fields = "__all__", depth = -1)]
struct Negative;

#[derive(restframe::ModelSerializer)]
#[serializer(model = thing::Model, hyperlinked, fields = "__all__", depth = 1)]
struct Hyperlinked;

fn main() {}
