//! DRF's `rest_framework.authtoken` for restframe.
#![doc = include_str!("../README.md")]

pub mod authentication;
pub mod management;
pub mod migration;
pub mod models;
pub mod serializers;
pub mod views;

pub use authentication::TokenAuthentication;
pub use management::drf_create_token;
pub use models::generate_key;
pub use views::{ObtainAuthToken, obtain_auth_token};

/// DRF's `Token` model: one row of `authtoken_token`.
pub type Token = models::Model;
