//! Shared fixtures for the core integration tests: a user type, a user backend and a header
//! authenticator, so no test needs the database.
#![allow(dead_code)]

use std::sync::Arc;

use restframe::authentication::{Authenticated, Authentication, UserBackend};
use restframe::prelude::*;
use restframe::user::User;

/// A plain user.
#[derive(Clone, Debug)]
pub(crate) struct TestUser {
    pub pk: u32,
    pub name: &'static str,
    pub staff: bool,
    pub active: bool,
}

impl User for TestUser {
    fn is_staff(&self) -> bool {
        self.staff
    }
    fn is_active(&self) -> bool {
        self.active
    }
    fn pk(&self) -> Option<String> {
        Some(self.pk.to_string())
    }
    fn username(&self) -> &str {
        self.name
    }
}

pub(crate) fn alice() -> TestUser {
    TestUser { pk: 1, name: "alice", staff: false, active: true }
}

pub(crate) fn admin() -> TestUser {
    TestUser { pk: 2, name: "admin", staff: true, active: true }
}

pub(crate) fn as_user(user: TestUser) -> Authenticated {
    Authenticated::user(user)
}

/// Knows `alice`/`secret`, `admin`/`secret`, and an inactive `bob`/`secret` (a backend that
/// returns inactive users, to reach `User inactive or deleted.`).
pub(crate) struct Backend;

impl UserBackend for Backend {
    async fn authenticate(&self, username: &str, password: &str) -> Result<Option<Arc<dyn User>>, ApiError> {
        let user: Option<Arc<dyn User>> = match (username, password) {
            ("alice", "secret") => Some(Arc::new(alice())),
            ("admin", "secret") => Some(Arc::new(admin())),
            ("bob", "secret") => Some(Arc::new(TestUser { pk: 3, name: "bob", staff: false, active: false })),
            ("jös", "pässword") => Some(Arc::new(TestUser { pk: 4, name: "jös", staff: false, active: true })),
            _ => None,
        };
        Ok(user)
    }
}

/// `Authorization: Token <name>` authenticates user `<name>` when it is `alice` or `admin`;
/// any other token is `Invalid token.`; other schemes are ignored. Header `Token`.
pub(crate) struct FakeToken;

impl Authentication for FakeToken {
    async fn authenticate(&self, request: &Request) -> Result<Option<Authenticated>, ApiError> {
        let Some(value) = request.header("authorization") else { return Ok(None) };
        let Some(key) = value.strip_prefix("Token ") else { return Ok(None) };
        match key {
            "alice" => Ok(Some(as_user(alice()))),
            "admin" => Ok(Some(as_user(admin()))),
            _ => Err(ApiError::authentication_failed("Invalid token.")),
        }
    }
    fn authenticate_header(&self, _request: &Request) -> Option<String> {
        Some("Token".into())
    }
}

/// Like `SessionAuthentication` as seen from an API client: never authenticates, no header.
pub(crate) struct NoHeader;

impl Authentication for NoHeader {
    async fn authenticate(&self, _request: &Request) -> Result<Option<Authenticated>, ApiError> {
        Ok(None)
    }
}
