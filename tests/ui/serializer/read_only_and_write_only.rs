#[derive(restframe::Serializer)]
struct Login {
    #[field(read_only, write_only)]
    token: String,
}

fn main() {}
