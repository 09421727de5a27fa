#[derive(restframe::Serializer)]
struct Login {
    #[field(max_lenght = 150)]
    username: String,
}

fn main() {}
