//! DRF's `tests/test_relations_slug.py` for a foreign key with `to_field`, which
//! `ModelSerializer` maps to `SlugRelatedField(slug_field=...)`; answers recorded from DRF 3.18.

use restframe::serializers::Serializer;
use serde_json::{Value, json};

use super::fixtures::database;
use super::models::pick;

#[derive(restframe::ModelSerializer)]
#[serializer(model = pick::Model, fields(id, genre))]
struct PickSerializer;

#[tokio::test]
async fn a_to_field_foreign_key_saves_and_renders_the_slug() {
    let db = database().await;
    let mut s = PickSerializer::with_data(json!({"genre": "sci"})).database(db);
    s.is_valid_or_raise().await.expect("valid");
    assert_eq!(s.save().await.expect("saved").genre_id, "sci");
    assert_eq!(s.data().await.expect("data"), json!({"id": 1, "genre": "sci"}));
}

#[tokio::test]
async fn every_input_is_looked_up_as_pythons_str() {
    let db = database().await;
    let missing = |value: &str| json!({"genre": [format!("Object with slug={value} does not exist.")]});
    let cases: [(Value, Value); 9] = [
        (json!("nope"), missing("nope")),
        (json!(" sci "), missing(" sci ")),
        (json!(5), missing("5")),
        (json!(1.5), missing("1.5")),
        (json!(true), missing("True")),
        (json!([1]), missing("[1]")),
        (json!({"a": 1}), missing("{'a': 1}")),
        (json!(null), json!({"genre": ["This field may not be null."]})),
        (json!(""), json!({"genre": ["This field may not be null."]})),
    ];
    for (input, expected) in cases {
        let mut s = PickSerializer::with_data(json!({"genre": input.clone()})).database(db.clone());
        assert!(!s.is_valid().await.expect("validation runs"), "{input}");
        assert_eq!(s.errors().expect("errors").to_json(), expected, "{input}");
    }
}
