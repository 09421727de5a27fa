// `choices(..)` are values or Django's `(value, "label")` pairs, never a mix; each mistake is
// reported at its token.
#[derive(restframe::Serializer)]
struct PostSerializer {
    #[field(choices(("draft", "Draft"), "published"))]
    status: String,
    #[field(choices(("draft", 1)))]
    kind: String,
    #[field(choices(("draft")))]
    mood: String,
    #[field(choices(("draft", "Draft", "extra")))]
    tone: String,
    #[field(choices((1, "One"), ("b", "B")))]
    level: i64,
}

fn main() {}
