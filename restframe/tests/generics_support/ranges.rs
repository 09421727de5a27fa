//! Integer columns validate and describe themselves with the range of the database the view
//! runs on, as Django's `IntegerField.validators` (`connection.ops.integer_field_range`) become
//! DRF's `min_value`/`max_value`. Every expected body was recorded from Django 6.1.3 + DRF 3.18.3
//! with the same models on SQLite and on PostgreSQL (`ListCreateAPIView`s, OPTIONS and POST);
//! the one answer DRF does not give is marked where it is asserted.

use restframe::generics::GenericAPIView;
use restframe::prelude::*;
use restframe::test::APIClient;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Schema};
use serde_json::json;

use super::assert_answer;

mod int_kinds {
    use sea_orm::entity::prelude::*;

    /// DRF's side: `SmallIntegerField`, `IntegerField`, `BigIntegerField` and the three
    /// `Positive*IntegerField`s (the last one `null=True`).
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "app_intkinds")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub small: i16,
        pub integer: i32,
        pub big: i64,
        #[restframe(positive)]
        pub positive_small: i16,
        #[restframe(positive)]
        pub positive: i32,
        #[restframe(positive)]
        pub positive_big: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = int_kinds::Model, fields(id, small, integer, big, positive_small, positive, positive_big))]
struct KindsSerializer;

/// DRF: `extra_kwargs = {"integer": {"max_value": 99}, "small": {"read_only": True}}`.
#[derive(restframe::ModelSerializer)]
#[serializer(model = int_kinds::Model, fields(small, integer, big), read_only(small))]
struct NarrowedSerializer {
    #[field(max_value = 99)]
    integer: i32,
}

struct Kinds {
    db: DatabaseConnection,
}

#[generic_view(ListCreateAPIView)]
impl GenericAPIView for Kinds {
    type Serializer = KindsSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
}

struct Narrowed {
    db: DatabaseConnection,
}

#[generic_view(ListCreateAPIView)]
impl GenericAPIView for Narrowed {
    type Serializer = NarrowedSerializer;
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
}

async fn client() -> (APIClient, DbBackend) {
    let db = restframe::db::test_database().await.expect("database");
    let backend = db.get_database_backend();
    let schema = Schema::new(backend);
    db.execute(&schema.create_table_from_entity(int_kinds::Entity)).await.expect("table");
    let urls = urlpatterns![path("kinds", Kinds { db: db.clone() }), path("narrowed", Narrowed { db })];
    (APIClient::new(App::new(Settings::default(), urls).expect("valid urls")), backend)
}

const RENDERS_PARSES: &str = r#""renders":["application/json"],"parses":["application/json","application/x-www-form-urlencoded","multipart/form-data"]"#;

/// `"min_value":..,"max_value":..` as DRF prints them.
fn range(min: i64, max: i64) -> String {
    format!(r#""min_value":{min},"max_value":{max}"#)
}

#[tokio::test]
async fn options_show_the_backends_integer_ranges() {
    let (client, backend) = client().await;
    let (small, int, big) = (range(-32768, 32767), range(-2147483648, 2147483647), range(i64::MIN, i64::MAX));
    let (psmall, pint, pbig) = (range(0, 32767), range(0, 2147483647), range(0, i64::MAX));
    let [small, int, psmall, pint] = match backend {
        DbBackend::Sqlite => [big.clone(), big.clone(), pbig.clone(), pbig.clone()],
        _ => [small, int, psmall, pint],
    };
    let fields = format!(
        r#"{{"id":{{"type":"integer","required":false,"read_only":true,"label":"ID"}},"small":{{"type":"integer","required":true,"read_only":false,"label":"Small",{small}}},"integer":{{"type":"integer","required":true,"read_only":false,"label":"Integer",{int}}},"big":{{"type":"integer","required":true,"read_only":false,"label":"Big",{big}}},"positive_small":{{"type":"integer","required":true,"read_only":false,"label":"Positive small",{psmall}}},"positive":{{"type":"integer","required":true,"read_only":false,"label":"Positive",{pint}}},"positive_big":{{"type":"integer","required":false,"read_only":false,"label":"Positive big",{pbig}}}}}"#
    );
    let body = format!(r#"{{"name":"Kinds","description":"",{RENDERS_PARSES},"actions":{{"POST":{fields}}}}}"#);
    assert_answer(&client.options("/kinds").await, 200, &body);
    // A bound on the serializer field wins over the column's; a read-only field has none.
    let min = if backend == DbBackend::Sqlite { i64::MIN } else { -2147483648 };
    let fields = format!(
        r#"{{"small":{{"type":"integer","required":false,"read_only":true,"label":"Small"}},"integer":{{"type":"integer","required":true,"read_only":false,"label":"Integer","min_value":{min},"max_value":99}},"big":{{"type":"integer","required":true,"read_only":false,"label":"Big",{big}}}}}"#
    );
    let body = format!(r#"{{"name":"Narrowed","description":"",{RENDERS_PARSES},"actions":{{"POST":{fields}}}}}"#);
    assert_answer(&client.options("/narrowed").await, 200, &body);
}

const LE: &str = "Ensure this value is less than or equal to";
const GE: &str = "Ensure this value is greater than or equal to";

#[tokio::test]
async fn values_outside_the_range_are_refused_with_drfs_messages() {
    let (client, backend) = client().await;
    let valid = json!({"small": 1, "integer": 1, "big": 1, "positive_small": 1, "positive": 1, "positive_big": null});
    let two_63 = json!(9223372036854775808_u64);
    // Past i64 as text (a JSON number that large is an f64 here): DRF gives the same answer.
    let below_i64 = json!("-9223372036854775809");
    // (field, value, PostgreSQL's answer, SQLite's answer), as DRF gives them.
    let cases = [
        ("small", json!(-32769), format!("{GE} -32768."), None),
        ("small", two_63.clone(), format!("{LE} 32767."), Some(format!("{LE} 9223372036854775807."))),
        ("integer", json!(2147483648_i64), format!("{LE} 2147483647."), None),
        ("integer", two_63.clone(), format!("{LE} 2147483647."), Some(format!("{LE} 9223372036854775807."))),
        ("big", two_63.clone(), format!("{LE} 9223372036854775807."), Some(format!("{LE} 9223372036854775807."))),
        ("big", below_i64, format!("{GE} -9223372036854775808."), Some(format!("{GE} -9223372036854775808."))),
        ("positive_small", json!(-1), format!("{GE} 0."), Some(format!("{GE} 0."))),
        ("positive_small", json!(32768), format!("{LE} 32767."), None),
        ("positive", json!(-1), format!("{GE} 0."), Some(format!("{GE} 0."))),
        ("positive", json!(2147483648_i64), format!("{LE} 2147483647."), None),
        ("positive_big", json!(-1), format!("{GE} 0."), Some(format!("{GE} 0."))),
        ("positive_big", two_63, format!("{LE} 9223372036854775807."), Some(format!("{LE} 9223372036854775807."))),
    ];
    for (field, value, postgres, sqlite) in cases {
        let message = match backend {
            DbBackend::Sqlite => match sqlite {
                Some(message) => message,
                // DRF on SQLite stores it (64-bit column); the Rust column type cannot hold it,
                // so restframe refuses it with the type's bound (README, "Differences from DRF").
                None => continue,
            },
            _ => postgres,
        };
        let mut body = valid.clone();
        body[field] = value;
        let response = client.post("/kinds", &body).await;
        assert_answer(&response, 400, &json!({ field: [message] }).to_string());
    }
    let response = client.post("/narrowed", &json!({"integer": 100, "big": 1, "small": 99999})).await;
    assert_answer(&response, 400, r#"{"integer":["Ensure this value is less than or equal to 99."]}"#);
    let largest = json!({"small": 32767, "integer": 2147483647, "big": i64::MAX, "positive_small": 32767, "positive": 2147483647, "positive_big": i64::MAX});
    let response = client.post("/kinds", &largest).await;
    assert_answer(
        &response,
        201,
        r#"{"id":1,"small":32767,"integer":2147483647,"big":9223372036854775807,"positive_small":32767,"positive":2147483647,"positive_big":9223372036854775807}"#,
    );
}

/// The one place restframe differs (documented): on SQLite DRF accepts `32768` for a
/// `SmallIntegerField` (`201`), the `i16` column refuses it with its own bound.
#[tokio::test]
async fn sqlite_refuses_what_the_rust_type_cannot_hold() {
    let (client, backend) = client().await;
    if backend != DbBackend::Sqlite {
        return;
    }
    let body = json!({"small": 32768, "integer": 1, "big": 1, "positive_small": 1, "positive": 1});
    let response = client.post("/kinds", &body).await;
    assert_answer(&response, 400, &json!({"small": [format!("{LE} 32767.")]}).to_string());
}

mod unsigned {
    use sea_orm::entity::prelude::*;

    /// Unsigned Rust types stand for Django's positive fields; `i8` is no Django field.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "app_unsigned")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub small: u16,
        pub integer: Option<u32>,
        pub big: u64,
        pub tiny: i8,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[test]
fn rust_integer_types_name_djangos_fields() {
    use restframe::serializers::{IntegerKind, ModelMeta};
    let fields = <unsigned::Model as ModelMeta>::FIELDS;
    let kinds = [fields.id.meta, fields.small.meta, fields.integer.meta, fields.big.meta, fields.tiny.meta]
        .map(|meta| meta.integer);
    assert_eq!(
        kinds,
        [
            Some(IntegerKind::BigIntegerField),
            Some(IntegerKind::PositiveSmallIntegerField),
            Some(IntegerKind::PositiveIntegerField),
            Some(IntegerKind::PositiveBigIntegerField),
            None,
        ]
    );
}
