//! Production hardening (issue 11), against the real demo binary on 127.0.0.1: each module
//! reproduces one attack, bounded in time and count, and checks the server's answer.
//! One test binary, one module per area.

#[path = "../common/mod.rs"]
mod common;

mod body;
mod deploy;
mod hashing;
mod json;
mod throttle;
