//! `LimitOffsetPagination`: DRF's handling of negative, zero, garbage and over-max values, and
//! its links (the offset dropped when it would be 0).

use super::{check, client, database, seed};

#[tokio::test]
async fn limits_offsets_and_links() {
    let db = database().await;
    seed(&db, 7, None).await;
    let first3 = r#"{"count":7,"next":"http://testserver/lo/?limit=3&offset=3","previous":null,"results":[{"id":1,"text":"t1","rank":1},{"id":2,"text":"t2","rank":2},{"id":3,"text":"t3","rank":3}]}"#;
    let all = r#"[{"id":1,"text":"t1","rank":1},{"id":2,"text":"t2","rank":2},{"id":3,"text":"t3","rank":3},{"id":4,"text":"t4","rank":4},{"id":5,"text":"t5","rank":5},{"id":6,"text":"t6","rank":6},{"id":7,"text":"t7","rank":7}]"#;
    let client = client(&db, false);
    check(&client, &[
        ("/lo/", 200, first3),
        ("/lo/?limit=2&offset=2", 200, r#"{"count":7,"next":"http://testserver/lo/?limit=2&offset=4","previous":"http://testserver/lo/?limit=2","results":[{"id":3,"text":"t3","rank":3},{"id":4,"text":"t4","rank":4}]}"#),
        ("/lo/?limit=2&offset=1", 200, r#"{"count":7,"next":"http://testserver/lo/?limit=2&offset=3","previous":"http://testserver/lo/?limit=2","results":[{"id":2,"text":"t2","rank":2},{"id":3,"text":"t3","rank":3}]}"#),
        ("/lo/?limit=2&offset=4", 200, r#"{"count":7,"next":"http://testserver/lo/?limit=2&offset=6","previous":"http://testserver/lo/?limit=2&offset=2","results":[{"id":5,"text":"t5","rank":5},{"id":6,"text":"t6","rank":6}]}"#),
        ("/lo/?limit=2&offset=5", 200, r#"{"count":7,"next":null,"previous":"http://testserver/lo/?limit=2&offset=3","results":[{"id":6,"text":"t6","rank":6},{"id":7,"text":"t7","rank":7}]}"#),
        // Zero, negative and garbage limits are the default limit (PAGE_SIZE).
        ("/lo/?limit=0", 200, first3),
        ("/lo/?limit=-3", 200, first3),
        ("/lo/?limit=-0", 200, first3),
        ("/lo/?limit=abc", 200, first3),
        // Over max_limit: cut to it (10, more than the rows).
        ("/lo/?limit=100", 200, &format!(r#"{{"count":7,"next":null,"previous":null,"results":{all}}}"#)),
        ("/lo/?limit=1_0", 200, &format!(r#"{{"count":7,"next":null,"previous":null,"results":{all}}}"#)),
        ("/lo/?limit=%2B2&offset=-0", 200, r#"{"count":7,"next":"http://testserver/lo/?limit=2&offset=2","previous":null,"results":[{"id":1,"text":"t1","rank":1},{"id":2,"text":"t2","rank":2}]}"#),
        // Negative and garbage offsets are 0; past the end is an empty page, not a 404.
        ("/lo/?offset=-1", 200, first3),
        ("/lo/?offset=abc", 200, first3),
        ("/lo/?offset=100", 200, r#"{"count":7,"next":null,"previous":"http://testserver/lo/?limit=3&offset=97","results":[]}"#),
        ("/lo/?offset=7", 200, r#"{"count":7,"next":null,"previous":"http://testserver/lo/?limit=3&offset=4","results":[]}"#),
        ("/lo/?offset=6", 200, r#"{"count":7,"next":null,"previous":"http://testserver/lo/?limit=3&offset=3","results":[{"id":7,"text":"t7","rank":7}]}"#),
        // Python's integers do not overflow: the previous link is exact.
        ("/lo/?offset=99999999999999999999999", 200, r#"{"count":7,"next":null,"previous":"http://testserver/lo/?limit=3&offset=99999999999999999999996","results":[]}"#),
    ])
    .await;
    seed(&db, 0, None).await;
    check(
        &client,
        &[
            ("/lo/", 200, r#"{"count":0,"next":null,"previous":null,"results":[]}"#),
            (
                "/lo/?offset=2",
                200,
                r#"{"count":0,"next":null,"previous":"http://testserver/lo/?limit=3","results":[]}"#,
            ),
        ],
    )
    .await;
}

/// DRF answers a 500 here (the database refuses the limit); restframe cuts it to what the
/// database takes and keeps the client's number in the links, as DRF would write them.
#[tokio::test]
async fn a_limit_past_the_database_is_cut() {
    let db = database().await;
    seed(&db, 7, None).await;
    check(&client(&db, false), &[(
        "/lon/?limit=99999999999999999999999&offset=5",
        200,
        r#"{"count":7,"next":null,"previous":"http://testserver/lon/?limit=99999999999999999999999","results":[{"id":6,"text":"t6","rank":6},{"id":7,"text":"t7","rank":7}]}"#,
    )])
    .await;
}
