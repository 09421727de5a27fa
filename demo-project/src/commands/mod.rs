//! Django's management commands for the tutorial project: each submodule is one command with a
//! `run` function; this module holds what they share (errors, the database connection).

pub(crate) mod changepassword;
pub(crate) mod createsuperuser;
pub(crate) mod drf_create_token;
pub(crate) mod migrate;
pub(crate) mod runserver;

use std::fmt;
use std::process::ExitCode;
use std::time::Duration;

use sea_orm::DatabaseConnection;

/// A command's failure, printed as one line on stderr with exit status 1, like Django's
/// `CommandError`.
#[derive(Debug)]
pub(crate) struct CommandError(String);

impl CommandError {
    /// Django's `raise CommandError(msg)`: printed as `CommandError: msg`.
    pub(crate) fn new(message: impl fmt::Display) -> Self {
        Self(format!("CommandError: {message}"))
    }

    /// runserver's `self.stderr.write("Error: %s")`: printed as `Error: msg`.
    pub(crate) fn error(message: impl fmt::Display) -> Self {
        Self(format!("Error: {message}"))
    }
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// clap's errors, with an unknown command reduced to Django's one-liner.
pub(crate) fn usage_error(err: clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ErrorKind};
    match err.kind() {
        ErrorKind::InvalidSubcommand => {
            let name = err.get(ContextKind::InvalidSubcommand).map(|v| v.to_string()).unwrap_or_default();
            eprintln!("Unknown command: '{name}'. Type 'demo-project help' for usage.");
            ExitCode::FAILURE
        }
        _ => {
            let _ = err.print();
            if err.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS }
        }
    }
}

/// How long to wait for the database before giving up with a clear error.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Connects to `DATABASE_URL` (default `db.sqlite3` in the working directory).
pub(crate) async fn connect() -> Result<DatabaseConnection, CommandError> {
    let url = restframe::db::database_url();
    let unreachable =
        |reason: String| CommandError::new(format!("Cannot connect to the database {}: {reason}", redact(&url)));
    match tokio::time::timeout(CONNECT_TIMEOUT, restframe::db::connect(&url)).await {
        Ok(Ok(db)) => Ok(db),
        Ok(Err(err)) => Err(unreachable(one_line(&err.to_string()))),
        Err(_) => Err(unreachable(format!("no answer within {} s", CONNECT_TIMEOUT.as_secs()))),
    }
}

/// The database URL without its password, for messages.
pub(crate) fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let Some((userinfo, host)) = rest.split_once('@') else { return url.to_owned() };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads a password without echo from the terminal; when stdin is not a terminal it reads one
/// line from stdin, like Python's `getpass` fallback (so scripts and tests can pipe it in).
pub(crate) fn get_pass(prompt: &str) -> Result<String, CommandError> {
    use std::io::{BufRead, IsTerminal, Write};
    if std::io::stdin().is_terminal() {
        return rpassword::prompt_password(prompt)
            .map_err(|e| CommandError::new(format!("cannot read the password: {e}")));
    }
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(0) => Err(CommandError::new("Aborted: no password given on standard input.")),
        Ok(_) => Ok(line.trim_end_matches(['\r', '\n']).to_owned()),
        Err(e) => Err(CommandError::new(format!("cannot read the password: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_hides_only_the_password() {
        assert_eq!(redact("postgres://u:secret@h:5432/d"), "postgres://u:***@h:5432/d");
        assert_eq!(redact("postgres://postgres@127.0.0.1/d"), "postgres://postgres@127.0.0.1/d");
        assert_eq!(redact("sqlite://db.sqlite3"), "sqlite://db.sqlite3");
    }
}
