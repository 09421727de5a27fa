//! The interactive management commands (`createsuperuser` without `--noinput`, `changepassword`),
//! run as the real binary inside a pseudo-terminal (rexpect) so that the no-echo password prompts
//! (rpassword, reading `/dev/tty`) and the username/email prompts are exercised as a user sees them.
//!
//! Every answer is sent only after its prompt has appeared: rpassword prints the prompt and then
//! switches the terminal mode, so type-ahead across those switches is not reliable.

mod common;

use std::process::Command;

use common::{BIN, TestDb};
use restframe::auth::UserManager;
use restframe::auth::user::Model as User;
use rexpect::process::WaitStatus;
use rexpect::session::PtySession;

/// How long one prompt or message may take: a debug build hashes Django's 1,500,000 PBKDF2 rounds
/// in a fraction of a second, but six test binaries may share two cores.
const TIMEOUT_MS: u64 = 30_000;

/// The login name the commands see (`$USER`), which createsuperuser offers as the default username.
const LOGIN: &str = "alice";

/// One command running in a pseudo-terminal, and everything it has printed so far.
struct Terminal {
    session: PtySession,
    transcript: String,
}

impl Terminal {
    /// Starts `demo-project <args>` on `db` in a new pseudo-terminal (terminal echo off, as rexpect
    /// sets it up). Dropping the terminal kills the child (SIGTERM, then SIGKILL after the timeout).
    fn start(db: &TestDb, args: &[&str]) -> Terminal {
        let mut command = Command::new(BIN);
        command
            .args(args)
            .env("DATABASE_URL", &db.url)
            .env("USER", LOGIN)
            .env_remove("LOGNAME")
            .env_remove("RUST_LOG")
            .current_dir(&db.dir);
        let session =
            rexpect::session::spawn_command(command, Some(TIMEOUT_MS)).expect("spawn the demo in a pseudo-terminal");
        Terminal { session, transcript: String::new() }
    }

    /// Waits until the command has printed `text` (panicking with the transcript on timeout).
    fn expect(&mut self, text: &str) {
        match self.session.exp_string(text) {
            Ok(before) => {
                self.transcript.push_str(&before);
                self.transcript.push_str(text);
            }
            Err(error) => panic!("waiting for {text:?}: {error}\ntranscript so far:\n{}", self.transcript),
        }
    }

    /// Waits for `prompt`, then types `line` and Enter.
    fn answer(&mut self, prompt: &str, line: &str) {
        self.expect(prompt);
        self.session.send_line(line).expect("type into the pseudo-terminal");
    }

    /// Waits for the command to exit: its exit code and its whole output, with the terminal's
    /// `\r\n` line endings turned back into `\n`.
    fn finish(mut self) -> (i32, String) {
        match self.session.exp_eof() {
            Ok(rest) => self.transcript.push_str(&rest),
            Err(error) => panic!("waiting for the command to exit: {error}\ntranscript:\n{}", self.transcript),
        }
        let code = match self.session.process().wait().expect("the command's exit status") {
            WaitStatus::Exited(_, code) => code,
            other => panic!("the command did not exit normally: {other:?}\ntranscript:\n{}", self.transcript),
        };
        (code, self.transcript.replace("\r\n", "\n"))
    }
}

/// Runs a pseudo-terminal dialogue off the async executor (rexpect blocks).
async fn converse(terminal: Terminal, dialogue: impl FnOnce(&mut Terminal) + Send + 'static) -> (i32, String) {
    tokio::task::spawn_blocking(move || {
        let mut terminal = terminal;
        dialogue(&mut terminal);
        terminal.finish()
    })
    .await
    .expect("the dialogue finishes without panicking")
}

/// A database with the schema in place, so the commands print no migration report.
async fn migrated() -> TestDb {
    let db = TestDb::new().await;
    let out = db.manage(&["migrate"], &[], None).await;
    assert!(out.status.success(), "migrate: {}", out.stderr);
    db
}

/// The stored user `username`, and whether `password` is its password (Django's check_password).
async fn stored_user(db: &TestDb, username: &str, password: &str) -> (User, bool) {
    let users = UserManager::new(db.connect().await);
    let mut user = users.get_by_natural_key(username).await.expect("query auth_user").expect("the user exists");
    let matches = users.check_password(&mut user, password).await.expect("check the password");
    (user, matches)
}

/// A superuser `admin` created with `--noinput`, and its password hash.
async fn with_admin(db: &TestDb) -> String {
    let args = ["createsuperuser", "--noinput", "--username", "admin", "--email", "admin@example.com"];
    let out = db.manage(&args, &[("DJANGO_SUPERUSER_PASSWORD", "first-secret-42")], None).await;
    assert!(out.status.success(), "{}", out.stderr);
    db.scalar("SELECT password FROM auth_user WHERE username = 'admin'").await.expect("admin stored")
}

fn assert_django_hash(user: &User) {
    let parts: Vec<&str> = user.password.split('$').collect();
    assert_eq!(parts.len(), 4, "algorithm$iterations$salt$hash: {}", user.password);
    assert_eq!(parts[..2], ["pbkdf2_sha256", "1500000"], "{}", user.password);
}

#[tokio::test]
async fn createsuperuser_prompts_for_username_email_and_password_twice() {
    let db = migrated().await;
    let terminal = Terminal::start(&db, &["createsuperuser"]);
    let (code, transcript) = converse(terminal, |t| {
        t.answer(&format!("Username (leave blank to use '{LOGIN}'): "), "admin");
        t.answer("Email address: ", "  Admin@Example.com ");
        t.answer("Password: ", "correct-horse-42");
        t.answer("Password (again): ", "correct-horse-42");
        t.expect("Superuser created successfully.");
    })
    .await;
    assert_eq!(code, 0, "{transcript}");
    assert_eq!(
        transcript,
        "Username (leave blank to use 'alice'): Email address: Password: \nPassword (again): \n\
         Superuser created successfully.\n"
    );
    assert!(!transcript.contains("correct-horse-42"), "the password is never printed");
    let (admin, matches) = stored_user(&db, "admin", "correct-horse-42").await;
    assert!(admin.is_superuser && admin.is_staff && admin.is_active, "{admin:?}");
    assert_eq!(admin.email, "Admin@example.com", "trimmed, domain lower-cased (normalize_email)");
    assert_django_hash(&admin);
    assert!(matches, "the typed password is the stored one");
    assert_eq!(db.scalar("SELECT COUNT(*) FROM auth_user").await.as_deref(), Some("1"));
}

#[tokio::test]
async fn createsuperuser_asks_again_after_mismatched_or_blank_passwords() {
    let db = migrated().await;
    with_admin(&db).await;
    let terminal = Terminal::start(&db, &["createsuperuser"]);
    let (code, transcript) = converse(terminal, |t| {
        t.answer("Username (leave blank to use 'alice'): ", "admin");
        t.expect("Error: That username is already taken.");
        // Blank: the login name offered as the default.
        t.answer("Username (leave blank to use 'alice'): ", "");
        t.answer("Email address: ", "not-an-address");
        t.expect("Error: Enter a valid email address.");
        t.answer("Email address: ", "");
        t.answer("Password: ", "correct-horse-42");
        t.answer("Password (again): ", "correct-horse-43");
        t.expect("Error: Your passwords didn't match.");
        t.answer("Password: ", "   ");
        t.answer("Password (again): ", "   ");
        t.expect("Error: Blank passwords aren't allowed.");
        t.answer("Password: ", "correct-horse-43");
        t.answer("Password (again): ", "correct-horse-43");
        t.expect("Superuser created successfully.");
    })
    .await;
    assert_eq!(code, 0, "{transcript}");
    assert_eq!(
        transcript,
        "Username (leave blank to use 'alice'): Error: That username is already taken.\n\
         Username (leave blank to use 'alice'): Email address: Error: Enter a valid email address.\n\
         Email address: Password: \nPassword (again): \nError: Your passwords didn't match.\n\
         Password: \nPassword (again): \nError: Blank passwords aren't allowed.\n\
         Password: \nPassword (again): \nSuperuser created successfully.\n"
    );
    let (alice, matches) = stored_user(&db, LOGIN, "correct-horse-43").await;
    assert!(alice.is_superuser && alice.is_staff, "{alice:?}");
    assert_eq!(alice.email, "", "email is optional");
    assert_django_hash(&alice);
    assert!(matches, "the retried password is the stored one");
}

#[tokio::test]
async fn createsuperuser_shows_validator_errors_and_bypasses_only_on_yes() {
    let db = migrated().await;
    let terminal = Terminal::start(&db, &["createsuperuser", "--username", "root", "--email", "root@example.com"]);
    let (code, transcript) = converse(terminal, |t| {
        t.answer("Password: ", "12345678");
        t.answer("Password (again): ", "12345678");
        t.answer("Bypass password validation and create user anyway? [y/N]: ", "");
        t.answer("Password: ", "password");
        t.answer("Password (again): ", "password");
        t.answer("Bypass password validation and create user anyway? [y/N]: ", "y");
        t.expect("Superuser created successfully.");
    })
    .await;
    assert_eq!(code, 0, "{transcript}");
    assert_eq!(
        transcript,
        "Password: \nPassword (again): \nThis password is too common.\nThis password is entirely numeric.\n\
         Bypass password validation and create user anyway? [y/N]: Password: \nPassword (again): \n\
         This password is too common.\n\
         Bypass password validation and create user anyway? [y/N]: Superuser created successfully.\n"
    );
    let (root, matches) = stored_user(&db, "root", "password").await;
    assert!(root.is_superuser && root.is_staff, "{root:?}");
    assert!(matches, "the bypassed password is the stored one");
}

#[tokio::test]
async fn changepassword_prompts_twice_and_stores_the_new_hash() {
    let db = migrated().await;
    let before = with_admin(&db).await;
    let terminal = Terminal::start(&db, &["changepassword", "admin"]);
    let (code, transcript) = converse(terminal, |t| {
        t.expect("Changing password for user 'admin'");
        t.answer("Password: ", "new-secret-42");
        t.answer("Password (again): ", "new-secret-42");
        t.expect("Password changed successfully for user 'admin'");
    })
    .await;
    assert_eq!(code, 0, "{transcript}");
    assert_eq!(
        transcript,
        "Changing password for user 'admin'\nPassword: \nPassword (again): \n\
         Password changed successfully for user 'admin'\n"
    );
    let (admin, matches) = stored_user(&db, "admin", "new-secret-42").await;
    assert_ne!(admin.password, before, "the hash changed");
    assert_django_hash(&admin);
    assert!(matches, "the new password is the stored one");
}

#[tokio::test]
async fn changepassword_retries_after_a_mismatch() {
    let db = migrated().await;
    with_admin(&db).await;
    // Without a username argument the command changes the login user's password.
    let args = ["createsuperuser", "--noinput", "--username", LOGIN, "--email", ""];
    assert!(db.manage(&args, &[("DJANGO_SUPERUSER_PASSWORD", "x")], None).await.status.success());
    let terminal = Terminal::start(&db, &["changepassword"]);
    let (code, transcript) = converse(terminal, |t| {
        t.answer("Password: ", "new-secret-42");
        t.answer("Password (again): ", "new-secret-24");
        t.expect("Passwords do not match. Please try again.");
        t.answer("Password: ", "new-secret-24");
        t.answer("Password (again): ", "new-secret-24");
        t.expect("Password changed successfully for user 'alice'");
    })
    .await;
    assert_eq!(code, 0, "{transcript}");
    assert_eq!(
        transcript,
        "Changing password for user 'alice'\nPassword: \nPassword (again): \n\
         Passwords do not match. Please try again.\nPassword: \nPassword (again): \n\
         Password changed successfully for user 'alice'\n"
    );
    assert!(stored_user(&db, LOGIN, "new-secret-24").await.1, "the second, matching pair is stored");
    assert!(stored_user(&db, "admin", "first-secret-42").await.1, "other users are untouched");
}

#[tokio::test]
async fn changepassword_gives_up_after_three_mismatches() {
    let db = migrated().await;
    let before = with_admin(&db).await;
    let terminal = Terminal::start(&db, &["changepassword", "admin"]);
    let (code, transcript) = converse(terminal, |t| {
        for attempt in 1..=3 {
            t.answer("Password: ", &format!("new-secret-{attempt}"));
            t.answer("Password (again): ", "something-else");
            t.expect("Passwords do not match. Please try again.");
        }
        t.expect("CommandError: Aborting password change for user 'admin' after 3 attempts");
    })
    .await;
    assert_eq!(code, 1, "{transcript}");
    let attempt = "Password: \nPassword (again): \nPasswords do not match. Please try again.\n";
    assert_eq!(
        transcript,
        format!(
            "Changing password for user 'admin'\n{attempt}{attempt}{attempt}\
             CommandError: Aborting password change for user 'admin' after 3 attempts\n"
        )
    );
    let after = db.scalar("SELECT password FROM auth_user WHERE username = 'admin'").await;
    assert_eq!(after.as_deref(), Some(before.as_str()), "unchanged");
}
