//! End-to-end helpers: a fresh database per test (an SQLite file in a temporary directory, or a
//! fresh schema when `DATABASE_URL` is `postgres://`), the real demo binary serving on
//! 127.0.0.1 port 0, a hyper client, and a runner for the management commands.

#![allow(dead_code)] // each test binary uses a different subset

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, Command};

/// The demo binary under test.
pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_demo-project");

/// How long a server may take to print its banner.
const STARTUP: Duration = Duration::from_secs(60);

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("OS random number generator");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// An isolated database and a scratch working directory for one test.
pub(crate) struct TestDb {
    /// The `DATABASE_URL` the demo gets.
    pub url: String,
    /// The working directory the demo runs in.
    pub dir: PathBuf,
}

impl TestDb {
    /// A fresh database: a new schema on PostgreSQL when `DATABASE_URL` is `postgres://` (dropped
    /// with CI's scratch database), else an SQLite file in a new temporary directory.
    pub(crate) async fn new() -> TestDb {
        let dir = std::env::temp_dir().join(format!("demo-e2e-{}", random_hex(8)));
        std::fs::create_dir_all(&dir).expect("create the test's temporary directory");
        let url = match std::env::var("DATABASE_URL") {
            Ok(base) if base.starts_with("postgres") => {
                let schema = format!("demo_e2e_{}", random_hex(8));
                let admin = sea_orm::Database::connect(base.as_str()).await.expect("connect to DATABASE_URL");
                sea_orm::ConnectionTrait::execute_unprepared(&admin, &format!("CREATE SCHEMA {schema}"))
                    .await
                    .expect("create the test schema");
                let _ = admin.close().await;
                let sep = if base.contains('?') { '&' } else { '?' };
                format!("{base}{sep}options=-c%20search_path%3D{schema}")
            }
            _ => format!("sqlite://{}", dir.join("db.sqlite3").display()),
        };
        TestDb { url, dir }
    }

    /// A direct connection, for inspecting what the demo stored.
    pub(crate) async fn connect(&self) -> sea_orm::DatabaseConnection {
        restframe::db::connect(&self.url).await.expect("connect to the test database")
    }

    /// Runs one SQL statement against the test database.
    pub(crate) async fn execute(&self, sql: &str) {
        let db = self.connect().await;
        sea_orm::ConnectionTrait::execute_unprepared(&db, sql).await.expect("test SQL statement");
        let _ = db.close().await;
    }

    /// The first column of the first row of `sql`, as text.
    pub(crate) async fn scalar(&self, sql: &str) -> Option<String> {
        use sea_orm::{ConnectionTrait, Statement};
        let db = self.connect().await;
        let row = db
            .query_one_raw(Statement::from_string(db.get_database_backend(), sql.to_owned()))
            .await
            .expect("test SQL query")?;
        let value = row
            .try_get_by_index::<String>(0)
            .ok()
            .or_else(|| row.try_get_by_index::<i64>(0).ok().map(|v| v.to_string()))
            .or_else(|| row.try_get_by_index::<i32>(0).ok().map(|v| v.to_string()))
            .or_else(|| row.try_get_by_index::<bool>(0).ok().map(|v| v.to_string()));
        let _ = db.close().await;
        value
    }

    /// Runs a management command: `demo-project <args>` with this database.
    pub(crate) async fn manage(&self, args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Output {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env("DATABASE_URL", &self.url)
            .env_remove("RUST_LOG")
            .current_dir(&self.dir)
            .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("spawn the demo binary");
        if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take()) {
            pipe.write_all(input.as_bytes()).await.expect("write the command's stdin");
        }
        let out = tokio::time::timeout(Duration::from_secs(120), child.wait_with_output())
            .await
            .expect("the command finishes")
            .expect("collect the command's output");
        Output {
            status: out.status,
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Starts `demo-project runserver 127.0.0.1:0` on this database.
    pub(crate) async fn serve(&self) -> Server {
        Server::start(self, &["runserver", "127.0.0.1:0"], &[]).await
    }

    /// [`serve`](Self::serve) with environment variables added (`REDIS_URL`,
    /// `DEMO_THROTTLE_RATES`, `CORS_ALLOWED_ORIGINS`, ...).
    pub(crate) async fn serve_with_env(&self, env: &[(&str, &str)]) -> Server {
        Server::start(self, &["runserver", "127.0.0.1:0"], env).await
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// What a management command printed.
#[derive(Debug)]
pub(crate) struct Output {
    /// Exit status.
    pub status: ExitStatus,
    /// Everything on stdout.
    pub stdout: String,
    /// Everything on stderr.
    pub stderr: String,
}

/// The demo server, running as a child process.
pub(crate) struct Server {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its startup banner.
    pub banner: String,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    /// Spawns the binary with `args` and `env` (nothing else of the demo's configuration is
    /// inherited from the test's environment) and waits for
    /// `Starting development server at http://…/`.
    pub(crate) async fn start(db: &TestDb, args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut command = Command::new(BIN);
        command.args(args).env("DATABASE_URL", &db.url);
        for name in ["RUST_LOG", "REDIS_URL", "DEMO_THROTTLE_RATES", "DEMO_NUM_PROXIES", "CORS_ALLOWED_ORIGINS"] {
            command.env_remove(name);
        }
        command.envs(env.iter().copied());
        let mut child = command
            .current_dir(&db.dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("spawn the demo server");
        // Drain stderr continuously: a full pipe would block the server's request log.
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err_pipe = child.stderr.take().expect("piped stderr");
        let sink = stderr.clone();
        tokio::spawn(async move {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err_pipe.read(&mut buf).await {
                if n == 0 {
                    break;
                }
                sink.lock().expect("stderr buffer").push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let mut lines = BufReader::new(child.stdout.take().expect("piped stdout")).lines();
        let mut banner = String::new();
        let addr = tokio::time::timeout(STARTUP, async {
            while let Ok(Some(line)) = lines.next_line().await {
                banner.push_str(&line);
                banner.push('\n');
                if let Some(rest) = line.strip_prefix("Starting development server at http://") {
                    let addr = rest.trim_end_matches('/').parse::<SocketAddr>().ok();
                    if let Ok(Some(quit)) = lines.next_line().await {
                        banner.push_str(&quit);
                        banner.push('\n');
                    }
                    return addr;
                }
            }
            None
        })
        .await
        .ok()
        .flatten();
        let Some(addr) = addr else {
            let _ = child.start_kill();
            let _ = child.wait().await;
            let log = stderr.lock().expect("stderr buffer").clone();
            panic!("the demo server did not start.\nstdout:\n{banner}\nstderr:\n{log}");
        };
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Server { child, addr, banner, stderr }
    }

    /// A client for this server.
    pub(crate) fn client(&self) -> Client {
        Client::new(self.addr)
    }

    /// The server's process id (for `/proc/<pid>/status` readings).
    pub(crate) fn pid(&self) -> u32 {
        self.child.id().expect("server still running")
    }

    /// Stops the server with SIGKILL, for tests that do not check the shutdown.
    pub(crate) async fn kill(mut self) {
        let _ = self.child.start_kill();
        let _ = self.child.wait().await;
    }

    /// What the server logged so far (request lines, warnings).
    pub(crate) fn log(&self) -> String {
        self.stderr.lock().expect("stderr buffer").clone()
    }

    /// Sends SIGTERM (a graceful shutdown, like Ctrl-C) and waits for the exit status.
    pub(crate) async fn stop(mut self) -> ExitStatus {
        let pid = self.child.id().expect("server still running").to_string();
        let killed = std::process::Command::new("kill").args(["-TERM", &pid]).status().expect("run kill");
        assert!(killed.success(), "kill -TERM {pid}");
        tokio::time::timeout(Duration::from_secs(30), self.child.wait())
            .await
            .expect("the server exits after SIGTERM")
            .expect("server exit status")
    }
}

/// One HTTP response, fully read.
#[derive(Debug)]
pub(crate) struct Reply {
    /// Status code.
    pub status: u16,
    /// Response headers.
    pub headers: http::HeaderMap,
    /// Raw body.
    pub body: Bytes,
}

impl Reply {
    /// The body as JSON (panics with the raw body when it is not JSON).
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {:?}", String::from_utf8_lossy(&self.body)))
    }

    /// The body as text.
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// One header's value, `None` when absent.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().expect("visible ASCII header"))
    }
}

/// A real HTTP/1.1 client (hyper) for one server.
#[derive(Clone)]
pub(crate) struct Client {
    inner: HyperClient<HttpConnector, Full<Bytes>>,
    base: String,
}

impl Client {
    /// A client for `addr`.
    pub(crate) fn new(addr: SocketAddr) -> Self {
        Client { inner: HyperClient::builder(TokioExecutor::new()).build_http(), base: format!("http://{addr}") }
    }

    /// Sends one request and reads the whole response.
    pub(crate) async fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: impl Into<Bytes>,
    ) -> Reply {
        let mut request = http::Request::builder().method(method).uri(format!("{}{path}", self.base));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(Full::new(body.into())).expect("valid test request");
        // Generous: a debug build hashes Django's 1,500,000 PBKDF2 rounds in seconds, not 0.2 s.
        let response = tokio::time::timeout(Duration::from_secs(300), self.inner.request(request))
            .await
            .expect("the server answers within 300 s")
            .expect("HTTP exchange");
        let (parts, body) = response.into_parts();
        let body = body.collect().await.expect("read the response body").to_bytes();
        Reply { status: parts.status.as_u16(), headers: parts.headers, body }
    }

    /// `GET path` with extra headers.
    pub(crate) async fn get(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        self.send("GET", path, headers, Bytes::new()).await
    }

    /// `POST path` with a JSON body and extra headers.
    pub(crate) async fn post_json(&self, path: &str, body: &Value, headers: &[(&str, &str)]) -> Reply {
        let mut all = vec![("content-type", "application/json")];
        all.extend_from_slice(headers);
        self.send("POST", path, &all, body.to_string()).await
    }

    /// `POST /api-register-auth` with these fields.
    pub(crate) async fn register(&self, fields: Value) -> Reply {
        self.post_json("/api-register-auth", &fields, &[]).await
    }

    /// `POST /api-login-auth`.
    pub(crate) async fn login(&self, username: &str, password: &str) -> Reply {
        self.post_json("/api-login-auth", &serde_json::json!({"username": username, "password": password}), &[]).await
    }
}

/// True for DRF's token format: 40 lowercase hex characters.
pub(crate) fn is_token_key(value: &Value) -> bool {
    value.as_str().is_some_and(|s| s.len() == 40 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

/// The keys of a JSON object, in order.
pub(crate) fn keys(value: &Value) -> Vec<&str> {
    value.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default()
}
