//! Findings 3 and 4 and several instances: the throttle store stays bounded under many client
//! identities, and two demo instances on one Redis share one limit.

use std::net::SocketAddr;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::common::{BIN, Client, TestDb};

/// The demo server started with extra environment variables (`REDIS_URL`,
/// `DEMO_THROTTLE_RATES`), with its process id at hand for `/proc` readings.
pub(crate) struct DemoServer {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
    stderr: Arc<Mutex<String>>,
}

impl DemoServer {
    /// `demo-project runserver 127.0.0.1:0` on `db` with `env` added.
    pub(crate) async fn start(db: &TestDb, env: &[(&str, &str)]) -> DemoServer {
        let mut command = Command::new(BIN);
        command
            .args(["runserver", "127.0.0.1:0"])
            .env("DATABASE_URL", &db.url)
            .env_remove("RUST_LOG")
            .env_remove("REDIS_URL")
            .env_remove("DEMO_THROTTLE_RATES")
            .current_dir(&db.dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("spawn the demo server");
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
        let addr = tokio::time::timeout(Duration::from_secs(60), async {
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(rest) = line.strip_prefix("Starting development server at http://") {
                    return rest.trim_end_matches('/').parse::<SocketAddr>().ok();
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
            panic!("the demo server did not start:\n{}", stderr.lock().expect("stderr buffer"));
        };
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        DemoServer { child, addr, stderr }
    }

    /// A client for this server.
    pub(crate) fn client(&self) -> Client {
        Client::new(self.addr)
    }

    /// The server's process id.
    pub(crate) fn pid(&self) -> u32 {
        self.child.id().expect("server still running")
    }

    /// What the server wrote to stderr so far.
    pub(crate) fn log(&self) -> String {
        self.stderr.lock().expect("stderr buffer").clone()
    }

    /// Stops the server (SIGKILL: these tests do not check the shutdown).
    pub(crate) async fn stop(mut self) {
        let _ = self.child.start_kill();
        let _ = self.child.wait().await;
    }
}

/// `Threads:` of `/proc/<pid>/status`.
pub(crate) fn threads_of(pid: u32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("read /proc/<pid>/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a Threads: line")
}
