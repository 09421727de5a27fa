//! What the commands share: their error, the database connection (and its URL without the
//! password, for messages), and password prompts.

use std::fmt;
use std::process::ExitCode;
use std::time::Duration;

use sea_orm::DatabaseConnection;

/// A command's failure, printed as one line on stderr with exit status 1, like Django's
/// `CommandError`.
#[derive(Debug)]
pub struct CommandError(String);

impl CommandError {
    /// Django's `raise CommandError(msg)`: printed as `CommandError: msg`.
    pub fn new(message: impl fmt::Display) -> Self {
        Self(format!("CommandError: {message}"))
    }

    /// runserver's `self.stderr.write("Error: %s")`: printed as `Error: msg`.
    pub fn error(message: impl fmt::Display) -> Self {
        Self(format!("Error: {message}"))
    }
}

impl std::error::Error for CommandError {}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// clap's errors, with an unknown command reduced to Django's one-liner (`program` names the
/// binary in it).
pub fn usage_error(err: clap::Error, program: &str) -> ExitCode {
    use clap::error::{ContextKind, ErrorKind};
    match err.kind() {
        ErrorKind::InvalidSubcommand => {
            let name = err.get(ContextKind::InvalidSubcommand).map(|v| v.to_string()).unwrap_or_default();
            eprintln!("Unknown command: '{name}'. Type '{program} help' for usage.");
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

/// Connects to `DATABASE_URL` (default `db.sqlite3` in the working directory), or fails with a
/// one-line error naming the database (without its password) within 10 seconds.
pub async fn connect() -> Result<DatabaseConnection, CommandError> {
    let url = crate::db::database_url();
    let unreachable =
        |reason: String| CommandError::new(format!("Cannot connect to the database {}: {reason}", redact(&url)));
    match tokio::time::timeout(CONNECT_TIMEOUT, crate::db::connect(&url)).await {
        Ok(Ok(db)) => Ok(db),
        Ok(Err(err)) => Err(unreachable(one_line(&err.to_string()))),
        Err(_) => Err(unreachable(format!("no answer within {} s", CONNECT_TIMEOUT.as_secs()))),
    }
}

/// The query parameters whose values are secrets (libpq's connection parameters).
const SECRET_PARAMS: [&str; 2] = ["password", "sslpassword"];

/// The database URL without its password, for messages: the whole password of the userinfo
/// (which ends at the last `@` before the host, so a raw `@` in the password is hidden too)
/// and the values of `password` and `sslpassword` query parameters become `***`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let (userinfo, after) = match userinfo_end(rest) {
        Some(at) => (Some(&rest[..at]), &rest[at + 1..]),
        None => (None, rest),
    };
    let mut out = format!("{scheme}://");
    if let Some(userinfo) = userinfo {
        match userinfo.split_once(':') {
            Some((user, _)) => out.push_str(&format!("{user}:***@")),
            None => out.push_str(&format!("{userinfo}@")),
        }
    }
    match after.split_once('?') {
        Some((host_path, query)) => {
            out.push_str(host_path);
            out.push('?');
            let params: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((key, _)) if SECRET_PARAMS.contains(&key.to_ascii_lowercase().as_str()) => {
                        format!("{key}=***")
                    }
                    _ => pair.to_owned(),
                })
                .collect();
            out.push_str(&params.join("&"));
        }
        None => out.push_str(after),
    }
    out
}

/// Where the userinfo ends: the last `@` before the query (a query value may hold an `@`), or,
/// when there is none and no path before the `?` either (so the `?` is inside a password), the
/// last `@` at all; then, since a host never holds an `@`, any later `@` before the path still
/// belongs to the password.
fn userinfo_end(rest: &str) -> Option<usize> {
    let before_query = rest.find('?').map_or(rest, |q| &rest[..q]);
    let mut at = match before_query.rfind('@') {
        Some(at) => at,
        None if !before_query.contains('/') => rest.rfind('@')?,
        None => return None,
    };
    loop {
        let host = &rest[at + 1..];
        let host = host.find('/').map_or(host, |slash| &host[..slash]);
        match host.rfind('@') {
            Some(later) => at += 1 + later,
            None => return Some(at),
        }
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads a password without echo from the terminal; when stdin is not a terminal it reads one
/// line from stdin, like Python's `getpass` fallback (so scripts and tests can pipe it in).
pub fn get_pass(prompt: &str) -> Result<String, CommandError> {
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
        assert_eq!(redact("sqlite:///tmp/db.sqlite3?mode=rwc"), "sqlite:///tmp/db.sqlite3?mode=rwc");
        assert_eq!(redact("postgres://u:@h/d"), "postgres://u:***@h/d");
    }

    #[test]
    fn redact_hides_a_password_holding_at_signs_and_other_delimiters() {
        assert_eq!(redact("postgres://u:p@ss@h:5432/d"), "postgres://u:***@h:5432/d");
        assert_eq!(redact("postgres://u:a@b@c@db.example.com/d"), "postgres://u:***@db.example.com/d");
        assert_eq!(redact("postgres://u:p/x@h/d"), "postgres://u:***@h/d");
        assert_eq!(redact("postgres://u:p?x@h/d"), "postgres://u:***@h/d");
        assert_eq!(redact("postgres://u:p@s?s@h/d"), "postgres://u:***@h/d");
        assert_eq!(redact("postgres://u:p@ss@h/d?application_name=me@x"), "postgres://u:***@h/d?application_name=me@x");
    }

    #[test]
    fn redact_hides_password_query_parameters() {
        assert_eq!(
            redact("postgres://h/d?user=u&password=s3cr@t&sslmode=require"),
            "postgres://h/d?user=u&password=***&sslmode=require"
        );
        assert_eq!(
            redact("postgres://u:p@h/d?sslpassword=keypass&passfile=/home/u/.pgpass&PASSWORD=x"),
            "postgres://u:***@h/d?sslpassword=***&passfile=/home/u/.pgpass&PASSWORD=***"
        );
        assert_eq!(redact("postgres://h/d?password"), "postgres://h/d?password");
    }
}
