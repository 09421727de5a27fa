#[derive(restframe::Serializer)]
struct Profile {
    #[field(read_only, required)]
    id: i64,
}

fn main() {}
