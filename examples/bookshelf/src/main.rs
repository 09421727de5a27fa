//! The bookshelf DRF app (`../shared/drf-apps/bookshelf`), ported to restframe, with Django's
//! `manage.py` habits as subcommands:
//!
//! ```text
//! cargo run -p bookshelf                                  # migrate if needed, serve on 127.0.0.1:8000
//! cargo run -p bookshelf -- runserver 0.0.0.0:8080
//! cargo run -p bookshelf -- migrate
//! cargo run -p bookshelf -- createsuperuser --username admin --email admin@example.com
//! cargo run -p bookshelf -- drf_create_token alice [-r]
//! cargo run -p bookshelf -- changepassword alice
//! ```
//!
//! `DATABASE_URL` selects the database (default: the SQLite file `db.sqlite3` in the working
//! directory; `postgres://` URLs work the same). A database Django's `migrate` created is served
//! as it is.

mod models;
mod pagination;
mod permissions;
mod serializers;
mod settings;
mod urls;
mod views;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use restframe::App;
use restframe::management::{self, CommandError, Project, connect};
use sea_orm::DatabaseConnection;

/// The bookshelf project's `manage.py`.
#[derive(Debug, Parser)]
#[command(name = "bookshelf", version, about = "The bookshelf DRF app, ported to restframe.")]
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

/// The project: Django's `auth`, DRF's `authtoken` and the `library` app.
struct Bookshelf;

impl Project for Bookshelf {
    const NAME: &'static str = "bookshelf";
    const INSTALLED_APPS: &'static [&'static str] = &settings::INSTALLED_APPS;
    type Migrator = settings::Migrator;

    async fn app(db: &DatabaseConnection) -> Result<App, CommandError> {
        App::new(settings::settings(db), urls::urlpatterns(db)).map_err(CommandError::new)
    }
}

/// DRF's `drf_create_token USERNAME [-r]`.
async fn drf_create_token(username: &str, reset: bool) -> Result<(), CommandError> {
    let db = connect().await?;
    management::migrate::apply::<Bookshelf>(&db, false).await?;
    let generated = restframe_authtoken::drf_create_token(&db, username, reset).await.map_err(CommandError::new)?;
    println!("{generated}");
    Ok(())
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return management::usage_error(err, Bookshelf::NAME),
    };
    management::run(async {
        match cli.command.unwrap_or(Command::Django(management::Command::Runserver { addrport: None })) {
            Command::Django(command) => command.execute::<Bookshelf>().await,
            Command::DrfCreateToken { username, reset } => drf_create_token(&username, reset).await,
        }
    })
}
