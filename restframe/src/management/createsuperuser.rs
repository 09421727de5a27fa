//! `createsuperuser [--username U] [--email E] [--noinput]`: Django's prompts, checks and
//! messages. Interactive passwords are read twice without echo and run through Django's
//! password validators (with the bypass question); `--noinput` takes the password from
//! `DJANGO_SUPERUSER_PASSWORD` unvalidated, exactly like Django.

use std::io::{BufRead, IsTerminal, Write};

use crate::auth::password_validation::{UserAttributes, validate_password};
use crate::auth::validators::{USERNAME_MAX_LENGTH, validate_username as username_charset};
use crate::auth::{NewUser, UserManager};

use super::{CommandError, Project, connect, get_pass};

/// Runs the command.
pub(crate) async fn run<P: Project>(
    username: Option<String>,
    email: Option<String>,
    noinput: bool,
) -> Result<(), CommandError> {
    let db = connect().await?;
    super::migrate::apply::<P>(&db, false).await?;
    let users = UserManager::new(db);
    let created = if noinput {
        non_interactive(&users, username, email).await?
    } else {
        if !std::io::stdin().is_terminal() {
            println!(
                "Superuser creation skipped due to not running in a TTY. You can run \
                 `cargo run -p {} -- createsuperuser` in your project to create one manually.",
                P::NAME
            );
            return Ok(());
        }
        interactive(&users, username, email).await?
    };
    users.create_superuser(created).await.map_err(CommandError::new)?;
    println!("Superuser created successfully.");
    Ok(())
}

async fn non_interactive(
    users: &UserManager,
    username: Option<String>,
    email: Option<String>,
) -> Result<NewUser, CommandError> {
    let username = username
        .or_else(|| std::env::var("DJANGO_SUPERUSER_USERNAME").ok())
        .ok_or_else(|| CommandError::new("You must use --username with --noinput."))?;
    if let Some(error) = validate_username(users, &username).await? {
        return Err(CommandError::new(error));
    }
    let email = email
        .or_else(|| std::env::var("DJANGO_SUPERUSER_EMAIL").ok())
        .ok_or_else(|| CommandError::new("You must use --email with --noinput."))?;
    let email = clean_email(&email).map_err(CommandError::new)?;
    // Django does not validate DJANGO_SUPERUSER_PASSWORD; without it the password is unusable.
    let password = std::env::var("DJANGO_SUPERUSER_PASSWORD").ok();
    Ok(NewUser { username, email: Some(email), password, ..NewUser::default() })
}

async fn interactive(
    users: &UserManager,
    username: Option<String>,
    email: Option<String>,
) -> Result<NewUser, CommandError> {
    let default_username = default_username(users).await?;
    let mut username = match username {
        Some(name) if name.is_empty() => return Err(CommandError::new("Username cannot be blank.")),
        Some(name) => match validate_username(users, &name).await? {
            Some(error) => {
                eprintln!("{error}");
                None
            }
            None => Some(name),
        },
        None => None,
    };
    while username.is_none() {
        let prompt = match &default_username {
            Some(default) => format!("Username (leave blank to use '{default}'): "),
            None => "Username: ".to_owned(),
        };
        let mut answer = input(&prompt)?;
        if answer.is_empty() {
            answer = default_username.clone().unwrap_or_default();
        }
        if answer.is_empty() {
            continue;
        }
        match validate_username(users, &answer).await? {
            Some(error) => eprintln!("{error}"),
            None => username = Some(answer),
        }
    }
    let username = username.unwrap_or_default();
    let mut email = match email {
        Some(given) => Some(clean_email(&given).map_err(CommandError::new)?),
        None => None,
    };
    while email.is_none() {
        match clean_email(&input("Email address: ")?) {
            Ok(clean) => email = Some(clean),
            Err(message) => eprintln!("Error: {message}"),
        }
    }
    let candidate = NewUser { username, email, ..NewUser::default() };
    loop {
        let password = get_pass("Password: ")?;
        let again = get_pass("Password (again): ")?;
        if password != again {
            eprintln!("Error: Your passwords didn't match.");
            continue;
        }
        if password.trim().is_empty() {
            eprintln!("Error: Blank passwords aren't allowed.");
            continue;
        }
        let attributes = UserAttributes {
            username: &candidate.username,
            email: candidate.email.as_deref().unwrap_or(""),
            ..UserAttributes::default()
        };
        if let Err(problems) = validate_password(&password, Some(&attributes)) {
            let lines: Vec<String> = problems.into_iter().map(|p| p.string).collect();
            eprintln!("{}", lines.join("\n"));
            let answer = input("Bypass password validation and create user anyway? [y/N]: ")?;
            if !answer.eq_ignore_ascii_case("y") {
                continue;
            }
        }
        return Ok(NewUser { password: Some(password), ..candidate });
    }
}

/// Django's `_validate_username`: the error line to show, or `None` when the name is usable.
async fn validate_username(users: &UserManager, username: &str) -> Result<Option<String>, CommandError> {
    if users.get_by_natural_key(username).await.map_err(CommandError::new)?.is_some() {
        return Ok(Some("Error: That username is already taken.".to_owned()));
    }
    let length = username.chars().count();
    if length > USERNAME_MAX_LENGTH {
        return Ok(Some(format!("Ensure this value has at most {USERNAME_MAX_LENGTH} characters (it has {length}).")));
    }
    Ok(username_charset(username).err().map(|error| error.string))
}

/// Django's `get_default_username`: the login name, when it is a valid, free username.
async fn default_username(users: &UserManager) -> Result<Option<String>, CommandError> {
    let login = std::env::var("USER").or_else(|_| std::env::var("LOGNAME")).unwrap_or_default();
    let login: String = login.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    if login.is_empty() || validate_username(users, &login).await?.is_some() {
        return Ok(None);
    }
    Ok(Some(login))
}

fn input(prompt: &str) -> Result<String, CommandError> {
    print!("{prompt}");
    let _ = std::io::stdout().flush();
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(0) => Err(CommandError::new("\nOperation cancelled.")),
        Ok(_) => Ok(line.trim().to_owned()),
        Err(e) => Err(CommandError::new(format!("cannot read the answer: {e}"))),
    }
}

/// Django's `EmailField.clean` for a blank-able field: trimmed, empty allowed, else a valid address.
fn clean_email(value: &str) -> Result<String, &'static str> {
    let value = value.trim();
    if value.is_empty() || crate::fields::formats::is_email(value) {
        Ok(value.to_owned())
    } else {
        Err("Enter a valid email address.")
    }
}
