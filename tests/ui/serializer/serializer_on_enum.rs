#[derive(restframe::Serializer)]
enum Login {
    Password { username: String },
}

fn main() {}
