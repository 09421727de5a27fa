#[derive(restframe::Serializer)]
struct Login {
    #[field(max_length = 150, max_length = 100)]
    username: String,
}

fn main() {}
