#[derive(restframe::Serializer)]
struct Login {
    #[field(validate)]
    username: String,
}

fn main() {}
