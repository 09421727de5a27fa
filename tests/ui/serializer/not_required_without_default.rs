#[derive(restframe::Serializer)]
struct Profile {
    #[field(required = false)]
    nickname: String,
}

fn main() {}
