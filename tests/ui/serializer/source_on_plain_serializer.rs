#[derive(restframe::Serializer)]
struct Login {
    #[field(source = "user_name")]
    username: String,
}

fn main() {}
