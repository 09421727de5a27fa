//! The DRF TokenAuthentication tutorial (RegistrationView, LoginView, `obtain_auth_token`,
//! HelloView), recreated with restframe, plus Django's `manage.py` habits as subcommands:
//!
//! ```text
//! cargo run -p demo-project                                  # migrate if needed, serve on 127.0.0.1:8000
//! cargo run -p demo-project -- runserver 0.0.0.0:8080
//! cargo run -p demo-project -- migrate
//! cargo run -p demo-project -- createsuperuser --username admin --email admin@example.com
//! cargo run -p demo-project -- drf_create_token alice [-r]
//! cargo run -p demo-project -- changepassword alice
//! ```
//!
//! `DATABASE_URL` selects the database (default: the SQLite file `db.sqlite3` in the working
//! directory; a `postgres://` URL works the same).

mod commands;
mod cors;
mod serializers;
mod settings;
mod throttling;
mod urls;
mod views;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The tutorial project's `manage.py`.
#[derive(Debug, Parser)]
#[command(name = "demo-project", version, about = "The DRF TokenAuthentication tutorial, recreated with restframe.")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

/// Django's management commands that the tutorial uses.
#[derive(Debug, Subcommand)]
enum Command {
    /// Migrate the database if needed, then start the server (default 127.0.0.1:8000).
    Runserver {
        /// `PORT` or `ADDR:PORT` (`[::1]:8000` for IPv6); port 0 picks a free port.
        addrport: Option<String>,
    },
    /// Create or update the database tables (auth_user, authtoken_token).
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
    /// Create a user's API token, or with -r replace it.
    #[command(name = "drf_create_token")]
    DrfCreateToken {
        /// The user whose token to create.
        username: String,
        /// Delete the existing token and create a new one.
        #[arg(short = 'r', long = "reset")]
        reset: bool,
    },
    /// Change a user's password (prompted twice, without echo).
    Changepassword {
        /// The user (default: the current login name).
        username: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return commands::usage_error(err),
    };
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("Error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command.unwrap_or(Command::Runserver { addrport: None }) {
            Command::Runserver { addrport } => commands::runserver::run(addrport.as_deref()).await,
            Command::Migrate => commands::migrate::run().await,
            Command::Createsuperuser { username, email, noinput } => {
                commands::createsuperuser::run(username, email, noinput).await
            }
            Command::DrfCreateToken { username, reset } => commands::drf_create_token::run(&username, reset).await,
            Command::Changepassword { username } => commands::changepassword::run(username).await,
        }
    });
    match result {
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
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_timer(RunserverTime)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .init();
}

/// runserver's `[28/Nov/2026 12:00:00]` timestamps.
struct RunserverTime;

impl tracing_subscriber::fmt::time::FormatTime for RunserverTime {
    fn format_time(&self, w: &mut tracing_subscriber::fmt::format::Writer<'_>) -> std::fmt::Result {
        write!(w, "[{}]", chrono::Local::now().format("%d/%b/%Y %H:%M:%S"))
    }
}
