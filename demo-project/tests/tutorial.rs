//! The tutorial end to end: the real demo binary on an ephemeral port, a real HTTP client, a
//! fresh database per test (SQLite, or PostgreSQL when `DATABASE_URL` says so).

mod common;

use common::{Client, TestDb, is_token_key, keys};
use serde_json::{Value, json};

const PASSWORD: &str = "correct-horse-9";
const JSON: (&str, &str) = ("content-type", "application/json");
const FORM: (&str, &str) = ("content-type", "application/x-www-form-urlencoded");

fn user(id: i64, username: &str, first: &str, last: &str, email: &str) -> Value {
    json!({"id": id, "username": username, "first_name": first, "last_name": last, "email": email,
           "is_active": true, "is_staff": false})
}

fn invalid(errors: Value) -> Value {
    json!({"error": errors, "status": "400 BAD REQUEST"})
}

fn bad_credentials() -> Value {
    json!({"error": {"message": "Invalid Username or Password. Please try again", "status": "400 BAD REQUEST"}})
}

/// Registers `username` with [`PASSWORD`] and returns its token.
async fn register(client: &Client, username: &str) -> String {
    let reply = client.register(json!({"username": username, "password": PASSWORD})).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    reply.json()["token"].as_str().expect("token in the registration reply").to_owned()
}

#[tokio::test]
async fn registration_returns_the_user_its_status_and_a_token() {
    let db = TestDb::new().await;
    let server = db.serve().await;
    let client = server.client();
    let reply = client
        .register(json!({"username": "alice", "password": PASSWORD, "email": "alice@EXAMPLE.com",
                         "first_name": "Alice", "last_name": "Liddell", "is_staff": true, "is_active": false, "id": 99}))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.header("allow"), Some("POST, OPTIONS"));
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let body = reply.json();
    assert_eq!(keys(&body), ["user", "status", "token"]);
    assert!(is_token_key(&body["token"]), "{body}");
    // Read-only fields are ignored on input: a client cannot make itself staff (the tutorial could).
    let expected = json!({"user": user(1, "alice", "Alice", "Liddell", "alice@example.com"),
                          "status": {"message": "User created", "code": "200 OK"}, "token": body["token"]});
    assert_eq!(body, expected);
    assert_eq!(keys(&body["user"]), ["id", "username", "first_name", "last_name", "email", "is_active", "is_staff"]);
    assert!(!reply.text().contains("password") && !reply.text().contains(PASSWORD));
    let hash = db.scalar("SELECT password FROM auth_user WHERE username = 'alice'").await.expect("alice stored");
    assert!(hash.starts_with("pbkdf2_sha256$1500000$"), "Django's hash format: {hash}");
    let staff = db.scalar("SELECT COUNT(*) FROM auth_user WHERE is_staff = true OR is_active = false").await;
    assert_eq!(staff.as_deref(), Some("0"));
    let token = db.scalar("SELECT key FROM authtoken_token").await;
    assert_eq!(token.as_deref(), body["token"].as_str());

    // Form bodies work too (httpie -f, HTML forms).
    let form = client.send("POST", "/api-register-auth", &[FORM], format!("username=bob&password={PASSWORD}")).await;
    assert_eq!(form.status, 200, "{}", form.text());
    assert_eq!(form.json()["user"], user(2, "bob", "", "", ""));
}

#[tokio::test]
async fn registration_errors_use_the_tutorial_envelope_with_drfs_field_errors() {
    let db = TestDb::new().await;
    let server = db.serve().await;
    let client = server.client();
    register(&client, "alice").await;
    let cases = [
        (json!({}), json!({"username": ["This field is required."], "password": ["This field is required."]})),
        (
            json!({"username": "alice", "password": PASSWORD}),
            json!({"username": ["A user with that username already exists."]}),
        ),
        (
            json!({"username": "bad name!", "password": PASSWORD}),
            json!({"username": ["Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."]}),
        ),
        (
            json!({"username": "", "password": ""}),
            json!({"username": ["This field may not be blank."], "password": ["This field may not be blank."]}),
        ),
        (
            json!({"username": "carol", "password": PASSWORD, "email": "not-an-email"}),
            json!({"email": ["Enter a valid email address."]}),
        ),
        (
            json!({"username": "carol", "password": "12345678"}),
            json!({"password": ["This password is too common.", "This password is entirely numeric."]}),
        ),
        // The similarity check sees a candidate user built from the submitted fields.
        (
            json!({"username": "carol", "password": "marysmith99", "email": "marysmith@example.com"}),
            json!({"password": ["The password is too similar to the email address."]}),
        ),
        (
            json!({"username": "carol", "password": "Liddellx1", "last_name": "Liddell"}),
            json!({"password": ["The password is too similar to the last name."]}),
        ),
        // Password validators do not run while a field is invalid (DRF skips `validate`).
        (
            json!({"username": "bad name!", "password": "1"}),
            json!({"username": ["Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."]}),
        ),
        (
            json!([{"username": "carol"}]),
            json!({"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}),
        ),
    ];
    for (input, errors) in cases {
        let reply = client.post_json("/api-register-auth", &input, &[]).await;
        assert_eq!((reply.status, reply.json()), (400, invalid(errors)), "input {input}");
        assert_eq!(reply.header("allow"), Some("POST, OPTIONS"));
    }
    let count = db.scalar("SELECT COUNT(*) FROM auth_user").await;
    assert_eq!(count.as_deref(), Some("1"), "no half-written users");
    let tokens = db.scalar("SELECT COUNT(*) FROM authtoken_token").await;
    assert_eq!(tokens.as_deref(), Some("1"));
}

#[tokio::test]
async fn login_returns_the_existing_token_and_never_the_password_hash() {
    let db = TestDb::new().await;
    let server = db.serve().await;
    let client = server.client();
    let token = register(&client, "alice").await;
    let reply = client.login("alice", PASSWORD).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.header("allow"), Some("POST, OPTIONS"));
    let expected = json!({"user": user(1, "alice", "", "", ""),
                          "status": {"message": "User Authenticated", "code": "200 OK"}, "token": token});
    assert_eq!(reply.json(), expected);
    assert!(!reply.text().contains("pbkdf2"), "the tutorial leaked the hash; we do not");
    let last_login = db.scalar("SELECT COUNT(*) FROM auth_user WHERE last_login IS NOT NULL").await;
    assert_eq!(last_login.as_deref(), Some("1"), "login records last_login like Django");

    for (username, password) in [("alice", "wrong-password"), ("nobody", PASSWORD), ("alice", "correct-horse-9x")] {
        let reply = client.login(username, password).await;
        assert_eq!((reply.status, reply.json()), (400, bad_credentials()), "{username}/{password}");
    }
    let missing = client.post_json("/api-login-auth", &json!({}), &[]).await;
    let errors = json!({"username": ["This field is required."], "password": ["This field is required."]});
    assert_eq!((missing.status, missing.json()), (400, invalid(errors)));
    let blank = client.post_json("/api-login-auth", &json!({"username": "alice", "password": ""}), &[]).await;
    assert_eq!((blank.status, blank.json()), (400, invalid(json!({"password": ["This field may not be blank."]}))));

    db.execute("UPDATE auth_user SET is_active = false WHERE username = 'alice'").await;
    let inactive = client.login("alice", PASSWORD).await;
    assert_eq!((inactive.status, inactive.json()), (400, bad_credentials()));
    let auth = format!("Token {token}");
    let hello = client.get("/api-hello", &[("authorization", &auth)]).await;
    assert_eq!((hello.status, hello.json()), (401, json!({"detail": "User inactive or deleted."})));
}

/// DRF 3.18.3: the tutorial's `password = serializers.CharField(...)` trims (Python's
/// `str.strip()`), `AuthTokenSerializer`'s `trim_whitespace=False` does not.
#[tokio::test]
async fn login_strips_the_password_as_drf_does_and_obtain_auth_token_does_not() {
    let db = TestDb::new().await;
    let server = db.serve().await;
    let client = server.client();
    let token = register(&client, "alice").await;
    let padded = format!(" \t{PASSWORD}\u{3000}\n");
    let login = client.login("alice", &padded).await;
    assert_eq!(login.status, 200, "{}", login.text());
    assert_eq!(login.json()["token"], token.as_str());
    let blank = client.login("alice", " \u{1f} ").await;
    assert_eq!((blank.status, blank.json()), (400, invalid(json!({"password": ["This field may not be blank."]}))));

    let stock = client.post_json("/api-token-auth", &json!({"username": "alice", "password": padded}), &[]).await;
    let expected = json!({"non_field_errors": ["Unable to log in with provided credentials."]});
    assert_eq!((stock.status, stock.json()), (400, expected));
}

/// DRF 3.18.3 + Django 6.1.3 with the tutorial's serializers: lone surrogates reach the fields
/// (after the model's own validators, as in DRF), and Django 6.1's `EmailValidator` accepts up
/// to 320 characters, so 255..=320 get only the column's max-length message.
#[tokio::test]
async fn surrogates_and_long_emails_get_drfs_field_errors() {
    let db = TestDb::new().await;
    let server = db.serve().await;
    let client = server.client();
    let long_email = |length: usize| format!("{}@example.com", "a".repeat(length - "@example.com".len()));
    let cases = [
        (
            r#"{"username":"\ud800","password":"correct-horse-9"}"#.to_owned(),
            json!({"username": ["Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.",
                                "Surrogate characters are not allowed: U+D800."]}),
        ),
        (
            r#"{"username":"bob","password":"correct-horse-9","email":"a@b\ud800.com","first_name":"\udc00"}"#
                .to_owned(),
            json!({"first_name": ["Surrogate characters are not allowed: U+DC00."],
                   "email": ["Surrogate characters are not allowed: U+D800."]}),
        ),
        (
            format!(r#"{{"username":"bob","password":"correct-horse-9","email":"{}"}}"#, long_email(300)),
            json!({"email": ["Ensure this field has no more than 254 characters."]}),
        ),
        (
            format!(r#"{{"username":"bob","password":"correct-horse-9","email":"{}"}}"#, long_email(321)),
            json!({"email": ["Ensure this field has no more than 254 characters.", "Enter a valid email address."]}),
        ),
    ];
    for (body, errors) in cases {
        let reply = client.send("POST", "/api-register-auth", &[JSON], body.clone()).await;
        assert_eq!((reply.status, reply.json()), (400, invalid(errors)), "{body}");
    }
    let login = client.send("POST", "/api-login-auth", &[JSON], r#"{"username":"bob","password":"pw\ud800"}"#).await;
    let errors = json!({"password": ["Surrogate characters are not allowed: U+D800."]});
    assert_eq!((login.status, login.json()), (400, invalid(errors)));
}

#[tokio::test]
async fn obtain_auth_token_is_drfs_stock_view() {
    let db = TestDb::new().await;
    let server = db.serve().await;
    let client = server.client();
    let token = register(&client, "alice").await;
    let reply = client.post_json("/api-token-auth", &json!({"username": "alice", "password": PASSWORD}), &[]).await;
    assert_eq!((reply.status, reply.json()), (200, json!({"token": token})));
    assert_eq!(reply.header("allow"), Some("POST, OPTIONS"));
    let form = client.send("POST", "/api-token-auth", &[FORM], format!("username=alice&password={PASSWORD}")).await;
    assert_eq!((form.status, form.json()), (200, json!({"token": token})));
    let wrong = client.post_json("/api-token-auth", &json!({"username": "alice", "password": "nope"}), &[]).await;
    let expected = json!({"non_field_errors": ["Unable to log in with provided credentials."]});
    assert_eq!((wrong.status, wrong.json()), (400, expected));
    let empty = client.post_json("/api-token-auth", &json!({}), &[]).await;
    let expected = json!({"username": ["This field is required."], "password": ["This field is required."]});
    assert_eq!((empty.status, empty.json()), (400, expected));
    let get = client.get("/api-token-auth", &[]).await;
    assert_eq!((get.status, get.json()), (405, json!({"detail": "Method \"GET\" not allowed."})));
    assert_eq!(get.header("allow"), Some("POST, OPTIONS"));
}

#[tokio::test]
async fn hello_needs_a_valid_token_and_401s_carry_www_authenticate() {
    let db = TestDb::new().await;
    let server = db.serve().await;
    let client = server.client();
    let token = register(&client, "alice").await;
    let auth = format!("Token {token}");

    let ok = client.get("/api-hello", &[("authorization", &auth)]).await;
    assert_eq!((ok.status, ok.json()), (200, json!({"message": "Hello, World!"})));
    assert_eq!(ok.header("allow"), Some("GET, HEAD, OPTIONS"));
    for (name, value) in [
        ("x-frame-options", "DENY"),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "same-origin"),
        ("cross-origin-opener-policy", "same-origin"),
    ] {
        assert_eq!(ok.header(name), Some(value), "{name}");
    }
    let lowercase = client.get("/api-hello", &[("authorization", &format!("  token   {token}  "))]).await;
    assert_eq!(lowercase.status, 200, "keyword is case-insensitive, whitespace runs separate");
    let head = client.send("HEAD", "/api-hello", &[("authorization", &auth)], "").await;
    assert_eq!((head.status, head.body.len()), (200, 0));

    let not_provided = json!({"detail": "Authentication credentials were not provided."});
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], Value);
    let cases: [Case; 7] = [
        ("GET", &[], not_provided.clone()),
        ("POST", &[], not_provided.clone()), // 401 before 405, like DRF
        ("OPTIONS", &[], not_provided.clone()),
        ("GET", &[("authorization", "Bearer abc")], not_provided), // another scheme is ignored
        ("GET", &[("authorization", "Token")], json!({"detail": "Invalid token header. No credentials provided."})),
        (
            "GET",
            &[("authorization", "Token a b")],
            json!({"detail": "Invalid token header. Token string should not contain spaces."}),
        ),
        (
            "GET",
            &[("authorization", "Token 0000000000000000000000000000000000000000")],
            json!({"detail": "Invalid token."}),
        ),
    ];
    for (method, headers, body) in cases {
        let reply = client.send(method, "/api-hello", headers, "").await;
        assert_eq!((reply.status, reply.json()), (401, body), "{method} {headers:?}");
        assert_eq!(reply.header("www-authenticate"), Some("Token"));
        assert_eq!(reply.header("allow"), Some("GET, HEAD, OPTIONS"));
    }
    let post = client.send("POST", "/api-hello", &[("authorization", &auth)], "").await;
    assert_eq!((post.status, post.json()), (405, json!({"detail": "Method \"POST\" not allowed."})));
    assert_eq!(post.header("allow"), Some("GET, HEAD, OPTIONS"));
    // An invalid credential fails even on an AllowAny view.
    let bad = client.post_json("/api-register-auth", &json!({}), &[("authorization", "Token nope")]).await;
    assert_eq!((bad.status, bad.json()), (401, json!({"detail": "Invalid token."})));
    assert_eq!(bad.header("www-authenticate"), Some("Token"));
}

#[tokio::test]
async fn parse_errors_406_415_405_and_404_are_drfs_unwrapped_bodies() {
    let db = TestDb::new().await;
    let server = db.serve().await;
    let client = server.client();
    let truncated = client.send("POST", "/api-register-auth", &[JSON], r#"{"username": "#).await;
    let expected = json!({"detail": "JSON parse error - Expecting value: line 1 column 14 (char 13)"});
    assert_eq!((truncated.status, truncated.json()), (400, expected));
    let not_utf8 = client.send("POST", "/api-login-auth", &[JSON], &b"\xff"[..]).await;
    let expected =
        json!({"detail": "JSON parse error - 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"});
    assert_eq!((not_utf8.status, not_utf8.json()), (400, expected));
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let nested = client.send("POST", "/api-register-auth", &[JSON], deep).await;
    assert_eq!(nested.status, 400, "deeply nested JSON is a 400, not a crash: {}", nested.text());
    let text = client.send("POST", "/api-register-auth", &[("content-type", "text/plain")], "hi").await;
    let expected = json!({"detail": "Unsupported media type \"text/plain\" in request."});
    assert_eq!((text.status, text.json()), (415, expected));
    assert_eq!(text.header("allow"), Some("POST, OPTIONS"));
    let get = client.get("/api-login-auth", &[]).await;
    assert_eq!((get.status, get.json()), (405, json!({"detail": "Method \"GET\" not allowed."})));
    assert_eq!(get.header("allow"), Some("POST, OPTIONS"));
    let html = client.get("/api-hello", &[("accept", "text/html")]).await;
    let expected = json!({"detail": "Could not satisfy the request Accept header."});
    assert_eq!((html.status, html.json()), (406, expected));
    assert_eq!(html.header("www-authenticate"), None, "406 comes before authentication");
    let slash = client.get("/api-hello/", &[]).await;
    // No route matches: Django's HTML 404 page (Django 6.1, DEBUG=False).
    assert_eq!(slash.status, 404);
    assert_eq!(
        slash.text(),
        "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n"
    );
    let log = server.log();
    assert!(!log.contains("panicked"), "{log}");
}

#[tokio::test]
async fn options_describes_each_view_with_its_name_and_doc_string() {
    let db = TestDb::new().await;
    let server = db.serve().await;
    let client = server.client();
    let token = register(&client, "alice").await;
    let auth = format!("Token {token}");
    let hello = client.send("OPTIONS", "/api-hello", &[("authorization", &auth)], "").await;
    let parses = json!(["application/json", "application/x-www-form-urlencoded", "multipart/form-data"]);
    // DRF 3.18.3: the class docstring, "" when there is none (the tutorial's HelloView has none).
    let expected = json!({"name": "Hello", "description": "", "renders": ["application/json"], "parses": parses});
    assert_eq!((hello.status, hello.json()), (200, expected));
    for (path, name) in
        [("/api-register-auth", "Registration"), ("/api-login-auth", "Login"), ("/api-token-auth", "Obtain Auth Token")]
    {
        let reply = client.send("OPTIONS", path, &[], "").await;
        assert_eq!(reply.status, 200, "{path}: {}", reply.text());
        assert_eq!(reply.json()["name"], name, "{path}");
        assert_eq!(reply.header("allow"), Some("POST, OPTIONS"), "{path}");
    }
    let register = client.send("OPTIONS", "/api-register-auth", &[], "").await.json();
    // The tutorial's docstrings, spelling and all.
    assert_eq!(register["description"], "Registeration View");
    let login = client.send("OPTIONS", "/api-login-auth", &[], "").await.json();
    assert_eq!(login["description"], "Login View");
}

#[tokio::test]
async fn concurrent_registrations_of_one_username_create_exactly_one_user() {
    let db = TestDb::new().await;
    let server = db.serve().await;
    let client = server.client();
    let attempts = (0..8).map(|_| {
        let client = client.clone();
        async move { client.register(json!({"username": "carol", "password": PASSWORD})).await }
    });
    let replies = futures_util::future::join_all(attempts).await;
    let created: Vec<_> = replies.iter().filter(|r| r.status == 200).collect();
    assert_eq!(created.len(), 1, "exactly one succeeds: {replies:?}");
    let duplicate = invalid(json!({"username": ["A user with that username already exists."]}));
    for reply in replies.iter().filter(|r| r.status != 200) {
        assert_eq!((reply.status, reply.json()), (400, duplicate.clone()));
    }
    let users = db.scalar("SELECT COUNT(*) FROM auth_user").await;
    let tokens = db.scalar("SELECT COUNT(*) FROM authtoken_token").await;
    assert_eq!((users.as_deref(), tokens.as_deref()), (Some("1"), Some("1")), "nothing half-written");
    let login = client.login("carol", PASSWORD).await;
    assert_eq!(login.json()["token"], created[0].json()["token"]);
}

#[tokio::test]
async fn a_restart_keeps_every_registered_user_and_token() {
    let db = TestDb::new().await;
    let server = db.serve().await;
    let client = server.client();
    let names = ["alice", "bob", "carol"];
    let mut tokens = Vec::new();
    for name in names {
        tokens.push(register(&client, name).await);
    }
    assert!(server.stop().await.success());

    let server = db.serve().await;
    assert!(!server.banner.contains("Applying"), "nothing left to migrate: {}", server.banner);
    let client = server.client();
    for (name, token) in names.iter().zip(&tokens) {
        let login = client.login(name, PASSWORD).await;
        assert_eq!((login.status, &login.json()["token"]), (200, &json!(token)), "{name}");
        let auth = format!("Token {token}");
        assert_eq!(client.get("/api-hello", &[("authorization", &auth)]).await.status, 200);
    }
}

/// One `$ http ...` exchange of the README's walkthrough.
struct Exchange {
    command: String,
    status: u16,
    headers: Vec<(String, String)>,
    body: Value,
}

/// The README's httpie session, parsed from its console block.
fn readme_session() -> Vec<Exchange> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).expect("read README.md");
    let section = readme.split("## The tutorial, with httpie").nth(1).expect("the walkthrough section");
    let block = section.split("```console\n").nth(1).and_then(|b| b.split("\n```").next()).expect("console block");
    block
        .split("$ http ")
        .filter(|chunk| !chunk.trim().is_empty())
        .map(|chunk| {
            let (command, rest) = chunk.split_once('\n').expect("command line");
            let (head, body) = rest.split_once("\n\n").expect("headers, blank line, body");
            let mut lines = head.lines();
            let status_line = lines.next().expect("status line");
            let status = status_line.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("status code");
            let headers = lines
                .map(|l| l.split_once(": ").map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned())).expect("header line"))
                .collect();
            let body = serde_json::from_str(body.trim()).expect("JSON body");
            Exchange { command: command.to_owned(), status, headers, body }
        })
        .collect()
}

/// httpie's argument syntax, as far as the README uses it: `[METHOD] :8000/path`, `key=value`
/// (a JSON string field) and `"Header: value"`.
fn httpie_request(command: &str) -> (String, String, Vec<(String, String)>, Option<Value>) {
    let mut args = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in command.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => args.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    args.push(current);
    let mut args = args.into_iter().filter(|a| !a.is_empty()).peekable();
    let method = if args.peek().is_some_and(|a| a.chars().all(|c| c.is_ascii_uppercase())) {
        args.next().expect("method")
    } else {
        String::new()
    };
    let path = args.next().expect("URL").trim_start_matches(":8000").to_owned();
    let (mut headers, mut fields) = (Vec::new(), serde_json::Map::new());
    for item in args {
        if let Some((name, value)) = item.split_once(": ") {
            headers.push((name.to_owned(), value.to_owned()));
        } else if let Some((key, value)) = item.split_once('=') {
            fields.insert(key.to_owned(), Value::from(value));
        }
    }
    let data = (!fields.is_empty()).then_some(Value::Object(fields));
    let method = if method.is_empty() { if data.is_some() { "POST" } else { "GET" }.to_owned() } else { method };
    (method, path, headers, data)
}

#[tokio::test]
async fn the_readme_httpie_session_replays_exactly() {
    let db = TestDb::new().await;
    let server = db.serve().await;
    let client = server.client();
    let session = readme_session();
    assert!(session.len() >= 5, "the README walks through the tutorial");
    // The README shows the token of its own run; this run has another one.
    let mut token_map: Vec<(String, String)> = Vec::new();
    let swap =
        |text: &str, map: &[(String, String)]| map.iter().fold(text.to_owned(), |t, (from, to)| t.replace(from, to));
    for exchange in session {
        let (method, path, extra, data) = httpie_request(&swap(&exchange.command, &token_map));
        // What httpie 3 sends.
        let mut headers = vec![("user-agent".to_owned(), "HTTPie/3.2.4".to_owned())];
        let body = match &data {
            Some(json) => {
                headers.push(("accept".to_owned(), "application/json, */*;q=0.5".to_owned()));
                headers.push(("content-type".to_owned(), "application/json".to_owned()));
                json.to_string()
            }
            None => {
                headers.push(("accept".to_owned(), "*/*".to_owned()));
                String::new()
            }
        };
        headers.extend(extra);
        let refs: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let reply = client.send(&method, &path, &refs, body).await;
        let live = reply.json();
        if let (Some(shown), Some(got)) = (exchange.body["token"].as_str(), live["token"].as_str())
            && !token_map.iter().any(|(from, _)| from == shown)
        {
            token_map.push((shown.to_owned(), got.to_owned()));
        }
        let expected: Value = serde_json::from_str(&swap(&exchange.body.to_string(), &token_map)).expect("JSON");
        assert_eq!((reply.status, live), (exchange.status, expected), "$ http {}", exchange.command);
        for (name, value) in exchange.headers.iter().filter(|(name, _)| name != "date") {
            assert_eq!(reply.header(name), Some(value.as_str()), "{name} of $ http {}", exchange.command);
        }
        assert_eq!(reply.headers.len(), exchange.headers.len(), "same header set: {:?}", reply.headers);
    }
}
