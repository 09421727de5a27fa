#[derive(restframe::Serializer)]
struct Order {
    #[field(many)]
    items: Vec<String>,
}

fn main() {}
