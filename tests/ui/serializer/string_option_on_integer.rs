#[derive(restframe::Serializer)]
struct Profile {
    #[field(email)]
    age: i64,
}

fn main() {}
