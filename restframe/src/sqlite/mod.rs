//! SQLite files read on the calling thread: [`reader`] (per-thread read-only connections) and
//! [`rows`] (querysets through them), and written by one thread per file: [`writer`] (whole
//! transactions without a hand-off) and [`writes`] (the default `create` through it). A layer of
//! its own below `db`, `serializers` and `pagination`, which all use it; the public paths are
//! `restframe::db::SqliteReader` and `restframe::db::rows`.

pub(crate) mod hints;
pub mod reader;
pub mod rows;
pub(crate) mod writer;
pub(crate) mod writes;
