//! Timing equalisation, checked by counting PBKDF2 rounds instead of measuring time: every
//! failed login costs the same work as a real one. One test function, so no other hashing runs
//! in this process while it counts.

mod auth_support;

use restframe::auth::hashers::{PasswordHasher, rounds_computed};
use restframe::auth::{ModelBackend, NewUser, UserManager};

const ROUNDS: u32 = 1_000;

async fn rounds_for(backend: &ModelBackend, username: &str, password: &str) -> u64 {
    let before = rounds_computed();
    let _ = backend.authenticate(username, password).await.expect("query");
    rounds_computed() - before
}

#[tokio::test]
async fn every_failed_login_costs_one_full_hash() {
    let db = restframe::db::test_database().await.expect("test database");
    restframe::auth::migration::migrate(&db).await.expect("migrated");
    let users = UserManager::new(db).with_hasher(PasswordHasher::new(ROUNDS));
    users.create_user(NewUser::new("alice").password("right-pass")).await.expect("created");
    users.create_user(NewUser::new("unusable")).await.expect("created");
    for (name, password) in [
        ("argon", "argon2$argon2id$v=19$m=102400,t=2,p=8$c2FsdA$aGFzaA"),
        ("old", "pbkdf2_sha256$400$abcdefghijklmnopqrstuv$bm90IHRoZSByZWFsIGhhc2ggYXQgYWxsIGJ1dCA0NCA="),
    ] {
        auth_support::insert_raw(&users, name, password).await;
    }
    let backend = ModelBackend::new(users);
    let full = u64::from(ROUNDS);
    assert_eq!(rounds_for(&backend, "alice", "right-pass").await, full, "the reference: a successful login");
    assert_eq!(rounds_for(&backend, "alice", "wrong").await, full, "wrong password");
    assert_eq!(rounds_for(&backend, "nobody", "whatever").await, full, "unknown user");
    assert_eq!(rounds_for(&backend, "unusable", "whatever").await, full, "unusable password");
    assert_eq!(rounds_for(&backend, "argon", "whatever").await, full, "unknown hash format");
    assert_eq!(rounds_for(&backend, "old", "whatever").await, full, "outdated hash: 400 + 600 hardening rounds");
}
