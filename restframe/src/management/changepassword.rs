//! `changepassword [USERNAME]`: Django's prompts, three tries, password validators.

use crate::auth::UserManager;
use crate::auth::password_validation::{UserAttributes, validate_password};

use super::{CommandError, Project, connect, get_pass};

/// Django's `MAX_TRIES`.
const MAX_TRIES: usize = 3;

/// Runs the command.
pub(crate) async fn run<P: Project>(username: Option<String>) -> Result<(), CommandError> {
    let username =
        username.or_else(|| std::env::var("USER").ok()).or_else(|| std::env::var("LOGNAME").ok()).unwrap_or_default();
    let db = connect().await?;
    super::migrate::apply::<P>(&db, false).await?;
    let users = UserManager::new(db);
    let mut user = users
        .get_by_natural_key(&username)
        .await
        .map_err(CommandError::new)?
        .ok_or_else(|| CommandError::new(format!("user '{username}' does not exist")))?;
    println!("Changing password for user '{username}'");
    let mut count = 0;
    let password = loop {
        if count == MAX_TRIES {
            return Err(CommandError::new(format!(
                "Aborting password change for user '{username}' after {count} attempts"
            )));
        }
        let first = get_pass("Password: ")?;
        let second = get_pass("Password (again): ")?;
        if first != second {
            println!("Passwords do not match. Please try again.");
            count += 1;
            continue;
        }
        match validate_password(&second, Some(&UserAttributes::from(&user))) {
            Ok(()) => break second,
            Err(problems) => {
                let lines: Vec<String> = problems.into_iter().map(|p| p.string).collect();
                eprintln!("{}", lines.join("\n"));
            }
        }
        count += 1;
    };
    users.set_password(&mut user, Some(&password)).await.map_err(CommandError::new)?;
    println!("Password changed successfully for user '{username}'");
    Ok(())
}
