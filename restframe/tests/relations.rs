//! Relations: DRF's `tests/test_relations.py`, `test_relations_pk.py` and
//! `test_relations_slug.py`, on the bookshelf models, against a real database (SQLite by
//! default, PostgreSQL with a `postgres://` `DATABASE_URL`).

#[path = "relations/models.rs"]
mod models;

#[path = "relations/meta.rs"]
mod meta;

#[path = "relations/fixtures.rs"]
mod fixtures;

#[path = "relations/primary_key.rs"]
mod primary_key;

#[path = "relations/slug.rs"]
mod slug;

#[path = "relations/prefetch.rs"]
mod prefetch;

#[path = "relations/sources.rs"]
mod sources;

#[path = "relations/declared.rs"]
mod declared;

#[path = "relations/hyperlinked.rs"]
mod hyperlinked;

#[path = "relations/hyperlinked_serializer.rs"]
mod hyperlinked_serializer;

#[path = "relations/queries.rs"]
mod queries;

#[path = "relations/model_relations.rs"]
mod model_relations;

#[path = "relations/depth.rs"]
mod depth;

#[path = "relations/sqlite_reads.rs"]
mod sqlite_reads;

#[path = "relations/sqlite_writes.rs"]
mod sqlite_writes;

#[path = "relations/select_related.rs"]
mod select_related;

#[path = "common/file_database.rs"]
mod file_database;
