//! Django's `manage.py` for a restframe project (feature `management`): `runserver`, `migrate`,
//! `createsuperuser` and `changepassword` with Django's prompts, messages and exit statuses,
//! for any project that says what it serves and which migrations it has ([`Project`]).
//!
//! ```no_run
//! use restframe::management::{self, CommandError, Project};
//! use restframe::prelude::*;
//!
//! struct Site;
//!
//! impl Project for Site {
//!     const NAME: &'static str = "site";
//!     const INSTALLED_APPS: &'static [&'static str] = &["auth"];
//!     type Migrator = restframe::auth::migration::Migrator;
//!
//!     async fn app(db: &sea_orm::DatabaseConnection) -> Result<App, CommandError> {
//!         let _ = db;
//!         App::new(Settings::default(), vec![]).map_err(CommandError::new)
//!     }
//! }
//!
//! fn main() -> std::process::ExitCode {
//!     // `site`, `site runserver 0.0.0.0:8080`, `site migrate`, `site createsuperuser`, ...
//!     management::execute_from_command_line::<Site>()
//! }
//! ```
//!
//! A project with commands of its own (the tutorial's `drf_create_token`) flattens [`Command`]
//! into its own clap parser and calls [`run`] with a future, as demo-project does.

mod changepassword;
mod connection;
mod createsuperuser;
pub mod migrate;
mod runserver;
mod spectacular;

use std::future::Future;
use std::process::ExitCode;
use std::sync::Arc;

use sea_orm::DatabaseConnection;
use sea_orm_migration::MigratorTrait;
use tokio::net::TcpListener;

use crate::App;

pub use connection::{CommandError, connect, get_pass, redact, usage_error};
pub use spectacular::SchemaFormat;

/// A restframe project as its commands see it: a name, its apps and migrations, and the
/// application `runserver` serves.
pub trait Project: Send + Sync + 'static {
    /// The program's name, in messages (`Type 'demo-project help' for usage.`).
    const NAME: &'static str;
    /// The apps whose tables `migrate` creates (`Apply all migrations: auth, authtoken`).
    const INSTALLED_APPS: &'static [&'static str];
    /// The migrations, in dependency order.
    type Migrator: MigratorTrait;

    /// The application `runserver` serves on the migrated database `db`: settings and URL
    /// patterns (Django's `settings.py` and `urls.py`).
    fn app(db: &DatabaseConnection) -> impl Future<Output = Result<App, CommandError>> + Send;

    /// Serves `app` on `listener` until Ctrl-C or SIGTERM; override to add a tower layer
    /// ([`crate::server::serve_listener_with`]).
    fn serve(listener: TcpListener, app: Arc<App>) -> impl Future<Output = Result<(), CommandError>> + Send {
        async move {
            crate::server::serve_listener(listener, app, crate::server::shutdown_signal())
                .await
                .map_err(CommandError::error)
        }
    }
}

/// Django's built-in commands a restframe project has.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Migrate the database if needed, then start the server (default 127.0.0.1:8000).
    Runserver {
        /// `PORT` or `ADDR:PORT` (`[::1]:8000` for IPv6); port 0 picks a free port.
        addrport: Option<String>,
    },
    /// Create or update the database tables.
    Migrate,
    /// Create a superuser (staff, all permissions).
    Createsuperuser {
        /// The superuser's username (or DJANGO_SUPERUSER_USERNAME).
        #[arg(long)]
        username: Option<String>,
        /// The superuser's email address (or DJANGO_SUPERUSER_EMAIL).
        #[arg(long)]
        email: Option<String>,
        /// Do not prompt; the password comes from DJANGO_SUPERUSER_PASSWORD.
        #[arg(long = "noinput", visible_alias = "no-input")]
        noinput: bool,
    },
    /// Change a user's password (prompted twice, without echo).
    Changepassword {
        /// The user (default: the current login name).
        username: Option<String>,
    },
    /// Write the OpenAPI document (drf-spectacular's `manage.py spectacular`).
    Spectacular {
        /// `openapi` (YAML) or `openapi-json`.
        #[arg(long, value_enum, default_value = "openapi")]
        format: SchemaFormat,
        /// The file to write (default: standard output).
        #[arg(long)]
        file: Option<String>,
    },
}

impl Command {
    /// Runs the command for project `P`.
    pub async fn execute<P: Project>(self) -> Result<(), CommandError> {
        match self {
            Command::Runserver { addrport } => runserver::run::<P>(addrport.as_deref()).await,
            Command::Migrate => migrate::run::<P>().await,
            Command::Createsuperuser { username, email, noinput } => {
                createsuperuser::run::<P>(username, email, noinput).await
            }
            Command::Changepassword { username } => changepassword::run::<P>(username).await,
            Command::Spectacular { format, file } => spectacular::run::<P>(format, file.as_deref()).await,
        }
    }
}

/// The command line of a project with only Django's built-in commands.
#[derive(Debug, clap::Parser)]
struct BuiltIn {
    #[command(subcommand)]
    command: Option<Command>,
}

/// Django's `execute_from_command_line`: parses the arguments (no command is `runserver`), runs
/// the command and turns its outcome into the exit status.
pub fn execute_from_command_line<P: Project>() -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    let parsed = BuiltIn::command().name(P::NAME).try_get_matches().and_then(|m| BuiltIn::from_arg_matches(&m));
    match parsed {
        Ok(cli) => run(cli.command.unwrap_or(Command::Runserver { addrport: None }).execute::<P>()),
        Err(err) => usage_error(err, P::NAME),
    }
}

/// Runs one command's future on a new runtime, with runserver's log lines on stderr, and
/// prints its error as Django does (one line, exit status 1).
pub fn run(command: impl Future<Output = Result<(), CommandError>>) -> ExitCode {
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("Error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{err}");
            ExitCode::FAILURE
        }
    }
}

/// Request log lines (`"GET /api-hello HTTP/1.1" 200 27`) and warnings go to stderr, like
/// runserver's; `RUST_LOG` overrides the level.
fn init_logging() {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn"));
    // A second call (a test running two commands) keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_timer(RunserverTime)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .try_init();
}

/// runserver's `[28/Nov/2026 12:00:00]` timestamps.
struct RunserverTime;

thread_local! {
    /// The last timestamp this thread wrote and the second it is for: a busy server logs many
    /// requests per second, and formatting the local time was 2 % of a request's instructions.
    static LAST_TIMESTAMP: std::cell::RefCell<(i64, String)> = const { std::cell::RefCell::new((i64::MIN, String::new())) };
}

impl tracing_subscriber::fmt::time::FormatTime for RunserverTime {
    fn format_time(&self, w: &mut tracing_subscriber::fmt::format::Writer<'_>) -> std::fmt::Result {
        let second = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| i64::try_from(since.as_secs()).unwrap_or(i64::MAX));
        LAST_TIMESTAMP.with_borrow_mut(|(cached_second, text)| {
            if *cached_second != second {
                *text = format!("[{}]", chrono::Local::now().format("%d/%b/%Y %H:%M:%S"));
                *cached_second = second;
            }
            w.write_str(text)
        })
    }
}

#[cfg(test)]
mod tests {
    use tracing_subscriber::fmt::format::Writer;
    use tracing_subscriber::fmt::time::FormatTime;

    use super::RunserverTime;

    fn timestamp() -> String {
        let mut out = String::new();
        RunserverTime.format_time(&mut Writer::new(&mut out)).expect("writes to a String");
        out
    }

    fn now() -> String {
        format!("[{}]", chrono::Local::now().format("%d/%b/%Y %H:%M:%S"))
    }

    #[test]
    fn timestamps_are_runservers_and_follow_the_clock() {
        let shape = regex::Regex::new(r"^\[\d{2}/[A-Z][a-z]{2}/\d{4} \d{2}:\d{2}:\d{2}\]$").expect("a valid regex");
        let first = timestamp();
        assert!(shape.is_match(&first), "{first}");
        // The cached text is replaced when the second changes.
        let start = std::time::Instant::now();
        while now() == first && start.elapsed() < std::time::Duration::from_secs(2) {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let later = now();
        let logged = timestamp();
        assert_ne!(logged, first);
        assert!(logged == later || logged == now(), "{logged} {later}");
    }
}
