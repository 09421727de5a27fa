//! `drf_create_token USERNAME [-r]`: DRF's command, through `restframe_authtoken::drf_create_token`.

use super::{CommandError, connect};

/// Runs the command.
pub(crate) async fn run(username: &str, reset: bool) -> Result<(), CommandError> {
    let db = connect().await?;
    super::migrate::apply(&db, false).await?;
    let generated = restframe_authtoken::drf_create_token(&db, username, reset).await.map_err(CommandError::new)?;
    println!("{generated}");
    Ok(())
}
