//! On an SQLite file a generic view reads its page, its count and its object on the calling
//! thread (`restframe::db::rows`): the same answers as through sea-orm, no sea-orm statement,
//! writes seen at once, and a cursor's datetime bound as sqlx binds it.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use restframe::test::APIClient;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, Set};
use serde_json::Value;

use super::{client, database, item, seed, with_tables};
use crate::file_database::FileDatabase;

fn count_statements(db: &mut DatabaseConnection) -> Arc<AtomicUsize> {
    let statements = Arc::new(AtomicUsize::new(0));
    let counter = statements.clone();
    db.set_metric_callback(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    statements
}

async fn answer(client: &APIClient, url: &str) -> (u16, String) {
    let response = client.get(url).await;
    (response.status().as_u16(), response.text())
}

const NOTES: &str = "INSERT INTO app_note (id, item_id, body) VALUES (1, 2, 'a'), (2, 2, 'b'), (3, 3, 'c')";

#[tokio::test]
async fn pages_counts_and_objects_are_read_on_the_calling_thread_of_a_file() {
    let file = FileDatabase::new("reads-pages").await;
    let mut on_file = with_tables(file.db.clone()).await;
    let elsewhere = database().await;
    for db in [&on_file, &elsewhere] {
        seed(db, 7, Some(&[3, 1, 2, 2, 5, 4, 6])).await;
        db.execute_unprepared(NOTES).await.expect("notes");
    }
    let statements = count_statements(&mut on_file);
    let (file_client, reference) = (client(&on_file, true), client(&elsewhere, true));
    let urls = [
        "/pd/",
        "/pd/?page=2",
        "/pd/?page=last",
        "/pd/?page=9",
        "/pn/?page_size=5",
        "/lo/?limit=2&offset=3",
        "/lo/?offset=8",
        "/cp/",
        "/cr/?page_size=3",
        "/np/",
        "/items/",
        "/items/3/",
        "/items/99/",
        "/items/2/notes/",
    ];
    for url in urls {
        let expected = answer(&reference, url).await;
        statements.store(0, Ordering::SeqCst);
        assert_eq!(answer(&file_client, url).await, expected, "GET {url}");
        // The notes action pages a model first met in the action: read here once its
        // serializer has rendered it (the first request goes through sea-orm).
        if url != "/items/2/notes/" {
            assert_eq!(statements.load(Ordering::SeqCst), 0, "sea-orm statements for GET {url}");
        }
    }
    statements.store(0, Ordering::SeqCst);
    assert_eq!(answer(&file_client, "/items/2/notes/").await, answer(&reference, "/items/2/notes/").await);
    assert_eq!(statements.load(Ordering::SeqCst), 0, "the notes action, once its model is known");

    // A write through sea-orm is seen by the next read.
    let row = item::ActiveModel {
        id: Set(8),
        text: Set("t8".into()),
        rank: Set(0),
        created: Set("2026-01-02T03:05:00Z".parse().expect("datetime")),
    };
    row.clone().insert(&on_file).await.expect("insert");
    row.insert(&elsewhere).await.expect("insert");
    let (status, body) = answer(&file_client, "/pd/?page=last").await;
    let page: Value = serde_json::from_str(&body).expect("json");
    assert_eq!((status, &page["count"], &page["results"][1]["text"]), (200, &Value::from(8), &Value::from("t8")));

    // A cursor on `-created` binds a datetime, in sqlx's text form: read here too, with the
    // answer sea-orm gives.
    let first: Value = serde_json::from_str(&answer(&file_client, "/cp/").await.1).expect("json");
    let next = first["next"].as_str().expect("a next page").replace("http://testserver", "");
    statements.store(0, Ordering::SeqCst);
    let (status, body) = answer(&file_client, &next).await;
    assert_eq!((status, &body), (200, &answer(&reference, &next).await.1));
    assert_eq!(statements.load(Ordering::SeqCst), 0, "the cursor's page on the calling thread");
    let page: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(page["results"].as_array().map(Vec::len), Some(2));
}
