#[derive(restframe::Serializer)]
struct Login {
    #[field(min_length = 10, max_length = 5)]
    username: String,
}

fn main() {}
