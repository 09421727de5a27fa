//! Shared helpers for restframe's workspace-level integration tests.
