//! `CursorPagination`: cursors byte for byte as DRF encodes them (on a datetime ordering and on
//! an ordering with duplicate positions), walking forwards and back, invalid cursors, and
//! stability under inserts.

use sea_orm::{EntityTrait, Set};

use super::{check, client, database, item, seed};

/// Follows `next` from `start` to the end, then `previous` back to the start, comparing each
/// answer with DRF's.
async fn walk(client: &restframe::test::APIClient, expected: &[(&str, &str)]) {
    for (url, body) in expected {
        let response = client.get(url.trim_start_matches("http://testserver")).await;
        assert_eq!((response.status().as_u16(), response.text().as_str()), (200, *body), "GET {url}");
    }
}

#[tokio::test]
async fn forwards_and_back_on_a_datetime() {
    let db = database().await;
    seed(&db, 7, None).await;
    walk(&client(&db, false), &[
        ("/cp/", r#"{"next":"http://testserver/cp/?cursor=cD0yMDI2LTAxLTAyKzAzJTNBMDQlM0ExMSUyQjAwJTNBMDA%3D","previous":null,"results":[{"id":7,"text":"t7","rank":7},{"id":6,"text":"t6","rank":6}]}"#),
        ("http://testserver/cp/?cursor=cD0yMDI2LTAxLTAyKzAzJTNBMDQlM0ExMSUyQjAwJTNBMDA%3D", r#"{"next":"http://testserver/cp/?cursor=cD0yMDI2LTAxLTAyKzAzJTNBMDQlM0EwOSUyQjAwJTNBMDA%3D","previous":"http://testserver/cp/?cursor=cj0xJnA9MjAyNi0wMS0wMiswMyUzQTA0JTNBMTAuMTIzNDU2JTJCMDAlM0EwMA%3D%3D","results":[{"id":5,"text":"t5","rank":5},{"id":4,"text":"t4","rank":4}]}"#),
        ("http://testserver/cp/?cursor=cD0yMDI2LTAxLTAyKzAzJTNBMDQlM0EwOSUyQjAwJTNBMDA%3D", r#"{"next":"http://testserver/cp/?cursor=cD0yMDI2LTAxLTAyKzAzJTNBMDQlM0EwNyUyQjAwJTNBMDA%3D","previous":"http://testserver/cp/?cursor=cj0xJnA9MjAyNi0wMS0wMiswMyUzQTA0JTNBMDguMTIzNDU2JTJCMDAlM0EwMA%3D%3D","results":[{"id":3,"text":"t3","rank":3},{"id":2,"text":"t2","rank":2}]}"#),
        ("http://testserver/cp/?cursor=cD0yMDI2LTAxLTAyKzAzJTNBMDQlM0EwNyUyQjAwJTNBMDA%3D", r#"{"next":null,"previous":"http://testserver/cp/?cursor=cj0xJnA9MjAyNi0wMS0wMiswMyUzQTA0JTNBMDYuMTIzNDU2JTJCMDAlM0EwMA%3D%3D","results":[{"id":1,"text":"t1","rank":1}]}"#),
        ("http://testserver/cp/?cursor=cj0xJnA9MjAyNi0wMS0wMiswMyUzQTA0JTNBMDYuMTIzNDU2JTJCMDAlM0EwMA%3D%3D", r#"{"next":"http://testserver/cp/?cursor=cD0yMDI2LTAxLTAyKzAzJTNBMDQlM0EwNyUyQjAwJTNBMDA%3D","previous":"http://testserver/cp/?cursor=cj0xJnA9MjAyNi0wMS0wMiswMyUzQTA0JTNBMDguMTIzNDU2JTJCMDAlM0EwMA%3D%3D","results":[{"id":3,"text":"t3","rank":3},{"id":2,"text":"t2","rank":2}]}"#),
        ("http://testserver/cp/?cursor=cj0xJnA9MjAyNi0wMS0wMiswMyUzQTA0JTNBMDguMTIzNDU2JTJCMDAlM0EwMA%3D%3D", r#"{"next":"http://testserver/cp/?cursor=cD0yMDI2LTAxLTAyKzAzJTNBMDQlM0EwOSUyQjAwJTNBMDA%3D","previous":"http://testserver/cp/?cursor=cj0xJnA9MjAyNi0wMS0wMiswMyUzQTA0JTNBMTAuMTIzNDU2JTJCMDAlM0EwMA%3D%3D","results":[{"id":5,"text":"t5","rank":5},{"id":4,"text":"t4","rank":4}]}"#),
        ("http://testserver/cp/?cursor=cj0xJnA9MjAyNi0wMS0wMiswMyUzQTA0JTNBMTAuMTIzNDU2JTJCMDAlM0EwMA%3D%3D", r#"{"next":"http://testserver/cp/?cursor=cD0yMDI2LTAxLTAyKzAzJTNBMDQlM0ExMSUyQjAwJTNBMDA%3D","previous":null,"results":[{"id":7,"text":"t7","rank":7},{"id":6,"text":"t6","rank":6}]}"#),
    ])
    .await;
}

#[tokio::test]
async fn duplicate_positions_use_offsets() {
    let db = database().await;
    seed(&db, 7, Some(&[1, 1, 1, 2, 2, 2, 3])).await;
    let client = client(&db, false);
    walk(&client, &[
        ("/cr/", r#"{"next":"http://testserver/cr/?cursor=bz0y","previous":null,"results":[{"id":1,"text":"t1","rank":1},{"id":2,"text":"t2","rank":1}]}"#),
        ("http://testserver/cr/?cursor=bz0y", r#"{"next":"http://testserver/cr/?cursor=bz0xJnA9MQ%3D%3D","previous":"http://testserver/cr/?cursor=bz0xJnI9MSZwPTI%3D","results":[{"id":3,"text":"t3","rank":1},{"id":4,"text":"t4","rank":2}]}"#),
        ("http://testserver/cr/?cursor=bz0xJnA9MQ%3D%3D", r#"{"next":"http://testserver/cr/?cursor=cD0y","previous":"http://testserver/cr/?cursor=cj0xJnA9Mw%3D%3D","results":[{"id":5,"text":"t5","rank":2},{"id":6,"text":"t6","rank":2}]}"#),
        ("http://testserver/cr/?cursor=cD0y", r#"{"next":null,"previous":"http://testserver/cr/?cursor=cj0xJnA9Mw%3D%3D","results":[{"id":7,"text":"t7","rank":3}]}"#),
        ("http://testserver/cr/?cursor=cj0xJnA9Mw%3D%3D", r#"{"next":"http://testserver/cr/?cursor=cD0y","previous":"http://testserver/cr/?cursor=bz0yJnI9MSZwPTM%3D","results":[{"id":5,"text":"t5","rank":2},{"id":6,"text":"t6","rank":2}]}"#),
        ("http://testserver/cr/?cursor=bz0yJnI9MSZwPTM%3D", r#"{"next":"http://testserver/cr/?cursor=bz0xJnA9MQ%3D%3D","previous":"http://testserver/cr/?cursor=bz0xJnI9MSZwPTI%3D","results":[{"id":3,"text":"t3","rank":1},{"id":4,"text":"t4","rank":2}]}"#),
        ("http://testserver/cr/?cursor=bz0xJnI9MSZwPTI%3D", r#"{"next":"http://testserver/cr/?cursor=bz0y","previous":null,"results":[{"id":1,"text":"t1","rank":1},{"id":2,"text":"t2","rank":1}]}"#),
    ])
    .await;
    // A client page size, and other parameters kept (re-encoded) in the links.
    walk(&client, &[
        ("/cr/?page_size=3&x=a,b", r#"{"next":"http://testserver/cr/?cursor=cD0x&page_size=3&x=a%2Cb","previous":null,"results":[{"id":1,"text":"t1","rank":1},{"id":2,"text":"t2","rank":1},{"id":3,"text":"t3","rank":1}]}"#),
        ("http://testserver/cr/?cursor=cD0x&page_size=3&x=a%2Cb", r#"{"next":"http://testserver/cr/?cursor=cD0y&page_size=3&x=a%2Cb","previous":"http://testserver/cr/?cursor=cj0xJnA9Mg%3D%3D&page_size=3&x=a%2Cb","results":[{"id":4,"text":"t4","rank":2},{"id":5,"text":"t5","rank":2},{"id":6,"text":"t6","rank":2}]}"#),
        ("http://testserver/cr/?cursor=cD0y&page_size=3&x=a%2Cb", r#"{"next":null,"previous":"http://testserver/cr/?cursor=cj0xJnA9Mw%3D%3D&page_size=3&x=a%2Cb","results":[{"id":7,"text":"t7","rank":3}]}"#),
        ("http://testserver/cr/?cursor=cj0xJnA9Mw%3D%3D&page_size=3&x=a%2Cb", r#"{"next":"http://testserver/cr/?cursor=cD0y&page_size=3&x=a%2Cb","previous":"http://testserver/cr/?cursor=cj0xJnA9Mg%3D%3D&page_size=3&x=a%2Cb","results":[{"id":4,"text":"t4","rank":2},{"id":5,"text":"t5","rank":2},{"id":6,"text":"t6","rank":2}]}"#),
        ("http://testserver/cr/?cursor=cj0xJnA9Mg%3D%3D&page_size=3&x=a%2Cb", r#"{"next":"http://testserver/cr/?cursor=cD0x&page_size=3&x=a%2Cb","previous":null,"results":[{"id":1,"text":"t1","rank":1},{"id":2,"text":"t2","rank":1},{"id":3,"text":"t3","rank":1}]}"#),
    ])
    .await;
}

#[tokio::test]
async fn invalid_cursors() {
    let db = database().await;
    seed(&db, 7, None).await;
    let invalid = r#"{"detail":"Invalid cursor"}"#;
    check(&client(&db, false), &[
        ("/cp/?cursor=garbage", 404, invalid),
        // o=-1
        ("/cp/?cursor=bz0tMQ==", 404, invalid),
        // r=x
        ("/cr/?cursor=cj14", 404, invalid),
        ("/cr/?cursor=%C3%A9", 404, invalid),
        // An empty cursor decodes to the first page.
        ("/cp/?cursor=", 200, r#"{"next":"http://testserver/cp/?cursor=cD0yMDI2LTAxLTAyKzAzJTNBMDQlM0ExMSUyQjAwJTNBMDA%3D","previous":null,"results":[{"id":7,"text":"t7","rank":7},{"id":6,"text":"t6","rank":6}]}"#),
        // o=2000 is cut to offset_cutoff (1000): an empty page.
        ("/cr/?cursor=bz0yMDAw", 200, r#"{"next":null,"previous":"http://testserver/cr/?cursor=cj0x","results":[]}"#),
        // p=1 on a datetime, p=abc on an integer: DRF's query raises (a 500); here a 404.
        ("/cp/?cursor=cD0x", 404, invalid),
        ("/cr/?cursor=cD1hYmM=", 404, invalid),
    ])
    .await;
    seed(&db, 0, None).await;
    check(
        &client(&db, false),
        &[
            ("/cp/", 200, r#"{"next":null,"previous":null,"results":[]}"#),
            ("/cr/?cursor=bz0y", 200, r#"{"next":null,"previous":"http://testserver/cr/?cursor=cj0x","results":[]}"#),
        ],
    )
    .await;
}

/// Rows added before the cursor's position do not shift the next page (the point of cursors).
#[tokio::test]
async fn stable_under_inserts() {
    let db = database().await;
    seed(&db, 7, None).await;
    let client = client(&db, false);
    let first = client.get("/cp/").await.json();
    let next = first["next"].as_str().expect("next").trim_start_matches("http://testserver").to_owned();
    let newest = "2026-01-02T04:00:00Z".parse::<chrono::DateTime<chrono::Utc>>().expect("date");
    let row = item::ActiveModel { id: Set(8), text: Set("t8".into()), rank: Set(8), created: Set(newest) };
    item::Entity::insert(row).exec(&db).await.expect("insert");
    let second = client.get(&next).await.json();
    assert_eq!(second["results"], serde_json::json!([{"id":5,"text":"t5","rank":5},{"id":4,"text":"t4","rank":4}]));
}
