#[derive(restframe::Serializer)]
struct Signup {
    #[field(max_lenght = 150)]
    username: String,
    #[field(read_only, write_only)]
    password: String,
    #[field(allow_null)]
    email: String,
}

fn main() {}
