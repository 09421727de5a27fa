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

mod cors;
mod serializers;
mod settings;
mod throttling;
mod urls;
mod views;

use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use restframe::App;
use restframe::management::{self, CommandError, Project, connect};
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;

/// The tutorial project's `manage.py`.
#[derive(Debug, Parser)]
#[command(name = "demo-project", version, about = "The DRF TokenAuthentication tutorial, recreated with restframe.")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

/// Django's built-in commands, plus DRF's `drf_create_token`.
#[derive(Debug, Subcommand)]
enum Command {
    #[command(flatten)]
    Django(management::Command),
    /// Create a user's API token, or with -r replace it.
    #[command(name = "drf_create_token")]
    DrfCreateToken {
        /// The user whose token to create.
        username: String,
        /// Delete the existing token and create a new one.
        #[arg(short = 'r', long = "reset")]
        reset: bool,
    },
}

/// The tutorial project: Django's `auth` and DRF's `authtoken` apps, the tutorial's URLs, CORS.
struct Tutorial;

impl Project for Tutorial {
    const NAME: &'static str = "demo-project";
    const INSTALLED_APPS: &'static [&'static str] = &settings::INSTALLED_APPS;
    type Migrator = settings::Migrator;

    async fn app(db: &DatabaseConnection) -> Result<App, CommandError> {
        let settings = throttling::from_env(settings::settings(db)).await.map_err(CommandError::error)?;
        App::new(settings, urls::urlpatterns(db)).map_err(CommandError::new)
    }

    async fn serve(listener: TcpListener, app: Arc<App>) -> Result<(), CommandError> {
        cors::serve(listener, app, restframe::server::shutdown_signal()).await
    }
}

/// DRF's `drf_create_token USERNAME [-r]`, through `restframe_authtoken::drf_create_token`.
async fn drf_create_token(username: &str, reset: bool) -> Result<(), CommandError> {
    let db = connect().await?;
    management::migrate::apply::<Tutorial>(&db, false).await?;
    let generated = restframe_authtoken::drf_create_token(&db, username, reset).await.map_err(CommandError::new)?;
    println!("{generated}");
    Ok(())
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return management::usage_error(err, Tutorial::NAME),
    };
    management::run(async {
        match cli.command.unwrap_or(Command::Django(management::Command::Runserver { addrport: None })) {
            Command::Django(command) => command.execute::<Tutorial>().await,
            Command::DrfCreateToken { username, reset } => drf_create_token(&username, reset).await,
        }
    })
}
