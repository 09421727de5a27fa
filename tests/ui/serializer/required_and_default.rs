#[derive(restframe::Serializer)]
struct Profile {
    #[field(required, default = 10)]
    size: i64,
}

fn main() {}
