//! DRF's `tests/test_relations_pk.py` (foreign keys) and `PrimaryKeyRelatedField` in
//! `tests/test_relations.py`: a model serializer lists the foreign key by its Django name.

use restframe::serializers::Serializer;
use serde_json::{Value, json};

use super::fixtures::database;
use super::models::book;

#[derive(restframe::ModelSerializer)]
#[serializer(model = book::Model, fields(id, title, isbn, author, added_by))]
struct BookSerializer;

fn book(author: Value) -> Value {
    json!({"title": "Dune", "isbn": "9780441013593", "author": author, "added_by": 1})
}

async fn errors(db: &sea_orm::DatabaseConnection, data: Value) -> Value {
    let mut s = BookSerializer::with_data(data).database(db.clone());
    assert!(!s.is_valid().await.expect("validation runs"));
    s.errors().expect("errors").to_json()
}

#[tokio::test]
async fn a_foreign_key_saves_renders_and_updates_as_its_primary_key() {
    let db = database().await;
    let mut s = BookSerializer::with_data(book(json!(1))).database(db.clone());
    s.is_valid_or_raise().await.expect("valid");
    let saved = s.save().await.expect("saved").clone();
    assert_eq!((saved.author_id, saved.added_by_id), (1, 1));
    assert_eq!(
        s.data().await.expect("data"),
        json!({"id": 1, "title": "Dune", "isbn": "9780441013593", "author": 1, "added_by": 1})
    );

    let mut s = BookSerializer::for_update(saved, json!({"author": 2})).database(db.clone()).partial(true);
    s.is_valid_or_raise().await.expect("valid");
    let updated = s.save().await.expect("updated");
    assert_eq!(updated.author_id, 2);
    assert_eq!(s.data().await.expect("data")["author"], json!(2));
}

#[tokio::test]
async fn inputs_coerce_as_django_coerces_a_pk_lookup() {
    let db = database().await;
    for input in [json!(1), json!("1"), json!(" 1 "), json!(1.0), json!(1.5), json!("+1")] {
        let mut s = BookSerializer::with_data(book(input.clone())).database(db.clone());
        assert!(s.is_valid().await.expect("validation runs"), "{input} is author 1");
        let data = s.data().await.expect("data");
        assert_eq!(data["author"], json!(1), "{input}");
    }
}

#[tokio::test]
async fn bad_pks_get_drfs_messages() {
    let db = database().await;
    let missing = |pk: &str| json!({"author": [format!("Invalid pk \"{pk}\" - object does not exist.")]});
    let incorrect = |t: &str| json!({"author": [format!("Incorrect type. Expected pk value, received {t}.")]});
    let cases = [
        (json!(99), missing("99")),
        (json!("99"), missing("99")),
        (json!("1_0"), missing("1_0")),
        (json!(99.5), missing("99.5")),
        (json!(-1), missing("-1")),
        (json!(1_099_511_627_776_i64), missing("1099511627776")),
        (json!(u64::MAX), missing("18446744073709551615")),
        (json!("1000000000000000000000000000000"), missing("1000000000000000000000000000000")),
        (json!("abc"), incorrect("str")),
        (json!("1.5"), incorrect("str")),
        (json!(true), incorrect("bool")),
        (json!([]), incorrect("list")),
        (json!({}), incorrect("dict")),
        (json!(null), json!({"author": ["This field may not be null."]})),
        (json!(""), json!({"author": ["This field may not be null."]})),
    ];
    for (input, expected) in cases {
        assert_eq!(errors(&db, book(input.clone())).await, expected, "{input}");
    }
    let mut data = book(json!(1));
    data.as_object_mut().expect("object").remove("author");
    assert_eq!(errors(&db, data).await, json!({"author": ["This field is required."]}));
}

#[tokio::test]
async fn every_bad_foreign_key_is_reported_together() {
    let db = database().await;
    let data = json!({"title": "Dune", "isbn": "9780441013593", "author": 7, "added_by": "x"});
    assert_eq!(
        errors(&db, data).await,
        json!({
            "author": ["Invalid pk \"7\" - object does not exist."],
            "added_by": ["Incorrect type. Expected pk value, received str."],
        })
    );
}

#[test]
fn options_describe_a_foreign_key_as_drf_does() {
    let info = restframe::metadata::serializer_info::<BookSerializer>();
    assert_eq!(info["author"], json!({"type": "field", "required": true, "read_only": false, "label": "Author"}));
    assert_eq!(info["added_by"], json!({"type": "field", "required": true, "read_only": false, "label": "Added by"}));
}

mod nullable {
    use restframe::serializers::Serializer;
    use serde_json::{Value, json};

    use super::super::fixtures::database;
    use super::super::models::nullable_source;

    /// DRF's `NullableForeignKeySourceSerializer`.
    #[derive(restframe::ModelSerializer)]
    #[serializer(model = nullable_source::Model, fields(id, name, target))]
    struct NullableSerializer;

    async fn saved(db: &sea_orm::DatabaseConnection, data: Value) -> Value {
        let mut s = NullableSerializer::with_data(data).database(db.clone());
        s.is_valid_or_raise().await.expect("valid");
        s.save().await.expect("saved");
        s.data().await.expect("data")
    }

    // DRF's `test_foreign_key_create_with_valid_null`, `..._with_valid_emptystring` and the
    // absent case (`required=False` for a nullable foreign key).
    #[tokio::test]
    async fn null_empty_string_and_absent_store_null() {
        let db = database().await;
        assert_eq!(
            saved(&db, json!({"name": "a", "target": null})).await,
            json!({"id": 1, "name": "a", "target": null})
        );
        assert_eq!(saved(&db, json!({"name": "b", "target": ""})).await, json!({"id": 2, "name": "b", "target": null}));
        assert_eq!(saved(&db, json!({"name": "c"})).await, json!({"id": 3, "name": "c", "target": null}));
        assert_eq!(saved(&db, json!({"name": "d", "target": 2})).await, json!({"id": 4, "name": "d", "target": 2}));
    }

    #[tokio::test]
    async fn a_missing_target_is_still_an_error() {
        let db = database().await;
        let mut s = NullableSerializer::with_data(json!({"name": "a", "target": 3})).database(db);
        assert!(!s.is_valid().await.expect("validation runs"));
        assert_eq!(
            s.errors().expect("errors").to_json(),
            json!({"target": ["Invalid pk \"3\" - object does not exist."]})
        );
    }

    #[test]
    fn options_say_not_required() {
        let info = restframe::metadata::serializer_info::<NullableSerializer>();
        assert_eq!(info["target"], json!({"type": "field", "required": false, "read_only": false, "label": "Target"}));
    }
}

/// `read_only_fields = ['author']`: rendered, never written.
mod read_only {
    use restframe::serializers::Serializer;
    use serde_json::json;

    use super::super::fixtures::database;
    use super::super::models::book;

    #[derive(restframe::ModelSerializer)]
    #[serializer(model = book::Model, fields(id, title, author), read_only(author))]
    struct TitleOnly;

    #[tokio::test]
    async fn a_read_only_foreign_key_ignores_input() {
        let db = database().await;
        db_book(&db).await;
        let instance =
            <book::Entity as sea_orm::EntityTrait>::find_by_id(1).one(&db).await.expect("query").expect("book");
        let mut s = TitleOnly::for_update(instance, json!({"title": "Emma", "author": 2})).database(db);
        s.is_valid_or_raise().await.expect("valid");
        let saved = s.save().await.expect("saved");
        assert_eq!(saved.author_id, 1);
        assert_eq!(s.data().await.expect("data"), json!({"id": 1, "title": "Emma", "author": 1}));
        let info = restframe::metadata::serializer_info::<TitleOnly>();
        assert_eq!(info["author"], json!({"type": "field", "required": false, "read_only": true, "label": "Author"}));
    }

    async fn db_book(db: &sea_orm::DatabaseConnection) {
        use sea_orm::ConnectionTrait;
        db.execute_unprepared(
            "INSERT INTO library_book (title, isbn, author_id, in_stock, added_by_id) VALUES ('Dune', '1', 1, true, 1)",
        )
        .await
        .expect("book");
    }
}

/// A `OneToOneField`: DRF adds a `UniqueValidator`, which runs once the related row was found.
mod one_to_one {
    use restframe::serializers::Serializer;
    use serde_json::{Value, json};

    use super::super::fixtures::database;
    use super::super::models::profile;

    #[derive(restframe::ModelSerializer)]
    #[serializer(model = profile::Model, fields(id, author))]
    struct ProfileSerializer;

    async fn errors(db: &sea_orm::DatabaseConnection, data: Value) -> Value {
        let mut s = ProfileSerializer::with_data(data).database(db.clone());
        assert!(!s.is_valid().await.expect("validation runs"));
        s.errors().expect("errors").to_json()
    }

    #[tokio::test]
    async fn a_second_profile_for_an_author_is_not_unique() {
        let db = database().await;
        let mut s = ProfileSerializer::with_data(json!({"author": 1})).database(db.clone());
        s.is_valid_or_raise().await.expect("valid");
        s.save().await.expect("saved");
        assert_eq!(
            errors(&db, json!({"author": 1})).await,
            json!({"author": ["profile with this author already exists."]})
        );
        assert_eq!(
            errors(&db, json!({"author": 99})).await,
            json!({"author": ["Invalid pk \"99\" - object does not exist."]})
        );
        assert_eq!(
            errors(&db, json!({"author": "x"})).await,
            json!({"author": ["Incorrect type. Expected pk value, received str."]})
        );
        // Updating the profile itself keeps its author.
        let instance = s.instance().expect("saved").clone();
        let mut s = ProfileSerializer::for_update(instance, json!({"author": 1})).database(db);
        assert!(s.is_valid().await.expect("validation runs"));
    }
}

/// Declared options on a foreign key (DRF's `extra_kwargs` / a declared
/// `PrimaryKeyRelatedField(error_messages=...)`).
mod declared {
    use restframe::serializers::Serializer;
    use serde_json::json;

    use super::super::fixtures::database;
    use super::super::models::book;

    #[derive(restframe::ModelSerializer)]
    #[serializer(model = book::Model, fields(id, author))]
    struct AuthorOnly {
        #[field(error_messages(
            does_not_exist = "No author {pk_value}.",
            incorrect_type = "Not a pk: {data_type}.",
            required = "Who wrote it?"
        ))]
        author: i32,
    }

    #[tokio::test]
    async fn error_messages_replace_drfs_with_their_placeholders() {
        let db = database().await;
        for (input, expected) in [
            (json!({"author": 5}), json!({"author": ["No author 5."]})),
            (json!({"author": [1]}), json!({"author": ["Not a pk: list."]})),
            (json!({}), json!({"author": ["Who wrote it?"]})),
        ] {
            let mut s = AuthorOnly::with_data(input).database(db.clone());
            assert!(!s.is_valid().await.expect("validation runs"));
            assert_eq!(s.errors().expect("errors").to_json(), expected);
        }
    }
}
