//! What a page costs (DRF's `assertNumQueries`): two statements, the count and the page,
//! whatever the page size; and one answer over a real socket.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{database, seed, settings, urls};
use restframe::prelude::*;
use restframe::test::APIClient;

#[tokio::test]
async fn a_page_costs_two_statements_whatever_its_size() {
    let mut db = database().await;
    seed(&db, 7, None).await;
    let statements = Arc::new(AtomicUsize::new(0));
    let counter = statements.clone();
    db.set_metric_callback(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    let client = APIClient::new(App::new(settings(true), urls(&db)).expect("urls"));
    for (url, expected) in [
        ("/pn/?page_size=1", 2),
        ("/pn/?page_size=3&page=2", 2),
        ("/pn/?page_size=5", 2),
        ("/pd/?page=last", 2),
        // Django's validate_number refuses these before counting.
        ("/pd/?page=abc", 0),
        ("/pd/?page=0", 0),
        // Past the last page: the count only.
        ("/pd/?page=9", 1),
        ("/lo/?limit=1", 2),
        ("/lo/?limit=7&offset=2", 2),
        // An offset past the count asks for no rows.
        ("/lo/?offset=8", 1),
        // A cursor page is one statement (one extra row tells whether a page follows).
        ("/cr/", 1),
        ("/cr/?page_size=5&cursor=cD0y", 1),
    ] {
        statements.store(0, Ordering::SeqCst);
        let status = client.get(url).await.status();
        assert!(status == 200 || status == 404, "GET {url}: {status}");
        assert_eq!(statements.load(Ordering::SeqCst), expected, "statements for GET {url}");
    }
}

#[tokio::test]
async fn links_over_a_real_socket() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let db = database().await;
    seed(&db, 7, None).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = Arc::new(App::new(settings(true), urls(&db)).expect("urls"));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(restframe::server::serve_listener(listener, app, async move {
        let _ = stopped.await;
    }));
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let request = "GET /pd/?page=2&q=a%20b HTTP/1.1\r\nHost: api.example.com:8000\r\nConnection: close\r\n\r\n";
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut raw = Vec::new();
    tokio::time::timeout(std::time::Duration::from_secs(20), stream.read_to_end(&mut raw))
        .await
        .expect("the server answers and closes")
        .expect("read");
    let _ = stop.send(());
    let _ = server.await;
    let raw = String::from_utf8(raw).expect("utf-8");
    let body = raw.split("\r\n\r\n").nth(1).expect("a body");
    assert!(raw.starts_with("HTTP/1.1 200 OK\r\n"), "{raw}");
    // DRF's answer to the same request with `HTTP_HOST='api.example.com:8000'`.
    assert_eq!(
        body,
        r#"{"count":7,"next":"http://api.example.com:8000/pd/?page=3&q=a+b","previous":"http://api.example.com:8000/pd/?q=a+b","results":[{"id":4,"text":"t4","rank":4},{"id":5,"text":"t5","rank":5},{"id":6,"text":"t6","rank":6}]}"#
    );
}
