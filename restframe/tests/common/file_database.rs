//! An SQLite file database under the target directory, for the tests of what restframe does on
//! files only (`restframe::db::rows`); `#[path = "../common/file_database.rs"] mod file_database;`.

use std::path::PathBuf;

use sea_orm::DatabaseConnection;

/// A new SQLite file (WAL) through `restframe::db::connect`, removed on drop.
pub(crate) struct FileDatabase {
    path: PathBuf,
    pub(crate) db: DatabaseConnection,
}

impl FileDatabase {
    pub(crate) async fn new(name: &str) -> Self {
        let mut bytes = [0u8; 6];
        getrandom::fill(&mut bytes).expect("random");
        let suffix: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{suffix}.sqlite3"));
        let db = restframe::db::connect(&format!("sqlite://{}", path.display())).await.expect("file database");
        Self { path, db }
    }
}

impl Drop for FileDatabase {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.path.display()));
        }
    }
}
