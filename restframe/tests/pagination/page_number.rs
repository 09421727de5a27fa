//! `PageNumberPagination`: the envelope, the links (Python's query re-encoding), Python's
//! `int()` for `?page=`, `last`, and a client page size.

use super::{check, client, database, seed};

#[tokio::test]
async fn pages_and_links() {
    let db = database().await;
    seed(&db, 7, None).await;
    let page2 = r#"{"count":7,"next":"http://testserver/pd/?page=3","previous":"http://testserver/pd/","results":[{"id":4,"text":"t4","rank":4},{"id":5,"text":"t5","rank":5},{"id":6,"text":"t6","rank":6}]}"#;
    let page1 = r#"{"count":7,"next":"http://testserver/pd/?page=2","previous":null,"results":[{"id":1,"text":"t1","rank":1},{"id":2,"text":"t2","rank":2},{"id":3,"text":"t3","rank":3}]}"#;
    let page3 = r#"{"count":7,"next":null,"previous":"http://testserver/pd/?page=2","results":[{"id":7,"text":"t7","rank":7}]}"#;
    check(&client(&db, true), &[
        ("/pd/", 200, page1),
        ("/pd/?page=", 200, page1),
        ("/pd/?page=2", 200, page2),
        ("/pd/?page=3", 200, page3),
        ("/pd/?page=last", 200, page3),
        // Python's int(): surrounding whitespace, a sign, underscores between digits.
        ("/pd/?page=%202", 200, page2),
        ("/pd/?page=%092%0A", 200, page2),
        ("/pd/?page=+2", 200, page2),
        ("/pd/?page=0_2", 200, page2),
        // QueryDict.get answers the last value.
        ("/pd/?page=2&page=3", 200, page3),
        // The rest of the query is re-encoded as Python's urlencode(sorted(parse_qs(...))).
        ("/pd/?page=3&b=x,y&a=1+2&a=%C3%A9&z&c=%2F", 200, r#"{"count":7,"next":null,"previous":"http://testserver/pd/?a=1+2&a=%C3%A9&b=x%2Cy&c=%2F&page=2&z=","results":[{"id":7,"text":"t7","rank":7}]}"#),
        ("/pd/?page=2&%3D=x&a=%20b+c", 200, r#"{"count":7,"next":"http://testserver/pd/?%3D=x&a=+b+c&page=3","previous":"http://testserver/pd/?%3D=x&a=+b+c","results":[{"id":4,"text":"t4","rank":4},{"id":5,"text":"t5","rank":5},{"id":6,"text":"t6","rank":6}]}"#),
    ])
    .await;
}

#[tokio::test]
async fn invalid_pages_are_404() {
    let db = database().await;
    seed(&db, 7, None).await;
    let invalid = r#"{"detail":"Invalid page."}"#;
    let client = client(&db, true);
    let cases: Vec<(&str, u16, &str)> = [
        "/pd/?page=4",
        "/pd/?page=2.0",
        "/pd/?page=0",
        "/pd/?page=-1",
        "/pd/?page=-0",
        "/pd/?page=abc",
        "/pd/?page=0x2",
        "/pd/?page=2_",
        "/pd/?page=0__2",
        "/pd/?page=1_0",
        "/pd/?page=%20last",
        "/pd/?page=99999999999999999999999",
        "/pd/?page=999999999999999999999999999999999999999999999999",
    ]
    .into_iter()
    .map(|url| (url, 404, invalid))
    .collect();
    check(&client, &cases).await;
    // An empty table has one empty page.
    seed(&db, 0, None).await;
    check(
        &client,
        &[
            ("/pd/", 200, r#"{"count":0,"next":null,"previous":null,"results":[]}"#),
            ("/pd/?page=last", 200, r#"{"count":0,"next":null,"previous":null,"results":[]}"#),
            ("/pd/?page=2", 404, invalid),
        ],
    )
    .await;
}

#[tokio::test]
async fn client_page_size() {
    let db = database().await;
    seed(&db, 7, None).await;
    let first3 = r#"[{"id":1,"text":"t1","rank":1},{"id":2,"text":"t2","rank":2},{"id":3,"text":"t3","rank":3}]"#;
    check(&client(&db, true), &[
        ("/pn/?page_size=2&page=2", 200, r#"{"count":7,"next":"http://testserver/pn/?page=3&page_size=2","previous":"http://testserver/pn/?page_size=2","results":[{"id":3,"text":"t3","rank":3},{"id":4,"text":"t4","rank":4}]}"#),
        // Cut to max_page_size.
        ("/pn/?page_size=100", 200, r#"{"count":7,"next":"http://testserver/pn/?page=2&page_size=100","previous":null,"results":[{"id":1,"text":"t1","rank":1},{"id":2,"text":"t2","rank":2},{"id":3,"text":"t3","rank":3},{"id":4,"text":"t4","rank":4},{"id":5,"text":"t5","rank":5}]}"#),
        // Not a positive integer: PAGE_SIZE, and the parameter stays in the links.
        ("/pn/?page_size=0", 200, &format!(r#"{{"count":7,"next":"http://testserver/pn/?page=2&page_size=0","previous":null,"results":{first3}}}"#)),
        ("/pn/?page_size=-1", 200, &format!(r#"{{"count":7,"next":"http://testserver/pn/?page=2&page_size=-1","previous":null,"results":{first3}}}"#)),
        ("/pn/?page_size=x&page=2", 200, r#"{"count":7,"next":"http://testserver/pn/?page=3&page_size=x","previous":"http://testserver/pn/?page_size=x","results":[{"id":4,"text":"t4","rank":4},{"id":5,"text":"t5","rank":5},{"id":6,"text":"t6","rank":6}]}"#),
        // `last` with a client page size.
        ("/pd/?page=last&page_size=2", 200, r#"{"count":7,"next":null,"previous":"http://testserver/pd/?page=2&page_size=2","results":[{"id":7,"text":"t7","rank":7}]}"#),
    ])
    .await;
}
