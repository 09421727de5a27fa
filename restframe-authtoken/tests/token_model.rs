//! The `Token` model: key format, forced inserts, race-safe get-or-create, `drf_create_token`
//! and the `authtoken_token` migration.

mod common;

use std::collections::HashSet;

use common::{database, user_with_token, users};
use restframe::auth::NewUser;
use restframe_authtoken::management::{CreateTokenError, drf_create_token};
use restframe_authtoken::{Token, generate_key, models};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait};

#[test]
fn keys_are_40_lowercase_hex_from_the_os_rng() {
    let keys: HashSet<String> = (0..1000).map(|_| generate_key()).collect();
    assert_eq!(keys.len(), 1000);
    for key in &keys {
        assert_eq!(key.len(), 40);
        assert!(key.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')), "{key}");
    }
    let all: String = keys.into_iter().collect();
    assert!("0123456789abcdef".chars().all(|c| all.contains(c)));
}

#[tokio::test]
async fn tokens_print_their_key_but_debug_hides_it() {
    let db = database().await;
    let (_, token) = user_with_token(&db, "alice", true).await;
    assert_eq!(token.to_string(), token.key);
    let debug = format!("{token:?}");
    assert!(!debug.contains(&token.key) && debug.contains(&token.key[..6]), "{debug}");
}

#[tokio::test]
async fn creating_never_overwrites_a_token() {
    let db = database().await;
    let (alice, token) = user_with_token(&db, "alice", true).await;
    let (bob, _) = user_with_token(&db, "bob", true).await;
    let err = Token::create(&db, alice.id).await.expect_err("one token per user");
    assert!(matches!(err.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))), "{err}");
    // A colliding key for another user is an error, never a takeover of alice's token.
    let collision = models::ActiveModel {
        key: Set(token.key.clone()),
        created: Set(restframe::auth::user::now()),
        user_id: Set(bob.id + 1000),
    };
    assert!(collision.insert(&db).await.is_err());
    let stored = models::Entity::find_by_id(token.key.clone()).one(&db).await.expect("query").expect("kept");
    assert_eq!(stored.user_id, alice.id);
}

async fn race(db: &DatabaseConnection, user_id: i32) {
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let db = db.clone();
            tokio::spawn(async move { Token::get_or_create(&db, user_id).await })
        })
        .collect();
    let mut keys = HashSet::new();
    for task in tasks {
        keys.insert(task.await.expect("task ran").expect("no error for the loser of the race").key);
    }
    assert_eq!(keys.len(), 1, "everybody got the same token");
    assert_eq!(models::Entity::find().count(db).await.expect("count"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_get_or_create_yields_one_token() {
    let db = database().await;
    let alice = users(&db).create_user(NewUser::new("alice")).await.expect("created");
    race(&db, alice.id).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_get_or_create_on_a_multi_connection_sqlite_file() {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("race-{}.sqlite3", generate_key()));
    let db = restframe::db::connect(&format!("sqlite://{}", path.display())).await.expect("file database");
    restframe_authtoken::migration::migrate(&db).await.expect("migrated");
    let alice = users(&db).create_user(NewUser::new("alice")).await.expect("created");
    race(&db, alice.id).await;
    db.close().await.expect("closed");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

#[tokio::test]
async fn drf_create_token_matches_the_management_command() {
    let db = database().await;
    let (_, existing) = user_with_token(&db, "alice", true).await;
    let generated = drf_create_token(&db, "alice", false).await.expect("token");
    assert_eq!(generated.key, existing.key, "without --reset the token is kept");
    assert_eq!(generated.to_string(), format!("Generated token {} for user alice", existing.key));

    let reset = drf_create_token(&db, "alice", true).await.expect("token");
    assert_ne!(reset.key, existing.key);
    assert!(models::Entity::find_by_id(existing.key.clone()).one(&db).await.expect("query").is_none());
    assert_eq!(models::Entity::find().count(&db).await.expect("count"), 1);

    users(&db).create_user(NewUser::new("bob")).await.expect("created");
    let fresh = drf_create_token(&db, "bob", false).await.expect("created on demand");
    assert_eq!(fresh.key.len(), 40);

    let err = drf_create_token(&db, "nobody", true).await.expect_err("unknown user");
    assert!(matches!(err, CreateTokenError::UserDoesNotExist(_)));
    assert_eq!(err.to_string(), "Cannot create the Token: user nobody does not exist");
}

#[tokio::test]
async fn the_migration_creates_djangos_authtoken_table() {
    let db = database().await;
    let backend = db.get_database_backend();
    let sql = match backend {
        sea_orm::DatabaseBackend::Sqlite => {
            "SELECT name, type, \"notnull\" = 1 AS required FROM pragma_table_info('authtoken_token') ORDER BY cid"
                .to_owned()
        }
        _ => "SELECT column_name AS name, CASE WHEN character_maximum_length IS NULL THEN data_type \
              ELSE data_type || '(' || character_maximum_length || ')' END AS type, is_nullable = 'NO' AS required \
              FROM information_schema.columns WHERE table_name = 'authtoken_token' AND table_schema = current_schema() \
              ORDER BY ordinal_position"
            .to_owned(),
    };
    let rows = db.query_all_raw(sea_orm::Statement::from_string(backend, sql)).await.expect("query");
    let columns: Vec<(String, String, bool)> = rows
        .iter()
        .map(|r| {
            (
                r.try_get("", "name").expect("name"),
                r.try_get("", "type").expect("type"),
                r.try_get("", "required").expect("required"),
            )
        })
        .collect();
    let expected: &[(&str, &str)] = match backend {
        sea_orm::DatabaseBackend::Sqlite => &[("key", "varchar(40)"), ("created", "datetime"), ("user_id", "INTEGER")],
        _ => &[("key", "character varying(40)"), ("created", "timestamp with time zone"), ("user_id", "integer")],
    };
    let expected: Vec<(String, String, bool)> =
        expected.iter().map(|(n, t)| ((*n).to_owned(), (*t).to_owned(), true)).collect();
    assert_eq!(columns, expected);

    // user_id references auth_user: a token for a missing user is refused by the database.
    let err = Token::create(&db, 424_242).await.expect_err("foreign key");
    assert!(matches!(err.sql_err(), Some(sea_orm::SqlErr::ForeignKeyConstraintViolation(_))), "{err}");
    assert_eq!(models::Entity::find().count(&db).await.expect("count"), 0);
}
