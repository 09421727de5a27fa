#[derive(restframe::Serializer)]
struct Profile {
    #[field(allow_null)]
    nickname: String,
}

fn main() {}
