#[derive(restframe::Serializer)]
struct Profile {
    timeout: std::time::Duration,
}

fn main() {}
