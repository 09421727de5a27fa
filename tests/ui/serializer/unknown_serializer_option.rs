#[derive(restframe::Serializer)]
#[serializer(hook)]
struct Login {
    username: String,
}

fn main() {}
