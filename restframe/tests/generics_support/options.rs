//! OPTIONS on generic views: DRF's `SimpleMetadata.determine_actions` describes the serializer
//! under `POST` on list views and under `PUT` on detail views, the latter only when
//! `get_object()` finds the object (answers recorded from Django 6.1 + DRF 3.18, on SQLite and
//! PostgreSQL).

use sea_orm::DbBackend;

use super::{assert_answer, fixture};

const RENDERS_PARSES: &str = r#""renders":["application/json"],"parses":["application/json","application/x-www-form-urlencoded","multipart/form-data"]"#;

#[tokio::test]
async fn list_views_describe_post_and_detail_views_put_when_the_object_exists() {
    let fixture = fixture().await;
    let client = &fixture.client;
    // `number` (an `IntegerField`) shows the backend's range: SQLite +-2**63, PostgreSQL +-2**31.
    let (min, max) = match fixture.db.get_database_backend() {
        DbBackend::Sqlite => (i64::MIN, i64::MAX),
        _ => (i32::MIN.into(), i32::MAX.into()),
    };
    let fields = format!(
        r#"{{"id":{{"type":"integer","required":false,"read_only":true,"label":"ID"}},"text":{{"type":"string","required":true,"read_only":false,"label":"Text","max_length":100}},"number":{{"type":"integer","required":false,"read_only":false,"label":"Number","min_value":{min},"max_value":{max}}}}}"#
    );
    let response = client.options("/root").await;
    assert_answer(
        &response,
        200,
        &format!(r#"{{"name":"Root","description":"",{RENDERS_PARSES},"actions":{{"POST":{fields}}}}}"#),
    );
    let response = client.options("/inst/2").await;
    assert_answer(
        &response,
        200,
        &format!(r#"{{"name":"Instance","description":"",{RENDERS_PARSES},"actions":{{"PUT":{fields}}}}}"#),
    );
    // A missing object, or one the queryset filters out: no `actions` at all.
    for path in ["/inst/999", "/inst/4"] {
        let response = client.options(path).await;
        assert_answer(&response, 200, &format!(r#"{{"name":"Instance","description":"",{RENDERS_PARSES}}}"#));
    }
}
