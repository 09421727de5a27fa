//! DRF's `rest_framework.permissions`: the [`Permission`] hooks and the built-in classes.

use crate::classes::ClassList;
use crate::request::Request;

/// The methods DRF treats as read-only.
pub const SAFE_METHODS: [&str; 3] = ["GET", "HEAD", "OPTIONS"];

/// A permission class: DRF's `BasePermission`.
pub trait Permission: Send + Sync + 'static {
    /// View-level check, run for every request after authentication.
    fn has_permission(&self, _request: &Request) -> bool {
        true
    }
    /// Object-level check, run by views that look an object up.
    fn has_object_permission(&self, _request: &Request, _obj: &(dyn std::any::Any + Send + Sync)) -> bool {
        true
    }
    /// The denial message (DRF's `message` attribute); `None` uses the default.
    fn message(&self) -> Option<String> {
        None
    }
}

/// A list of permission classes (`permission_classes`).
pub type Permissions = ClassList<dyn Permission>;

/// Builds a [`Permissions`] list: `permissions![IsAuthenticated]`.
#[macro_export]
macro_rules! permissions {
    ($($class:expr),* $(,)?) => {
        $crate::permissions::Permissions::new(::std::vec![
            $(::std::sync::Arc::new($class) as ::std::sync::Arc<dyn $crate::permissions::Permission>),*
        ])
    };
}

/// Allows every request (DRF's default).
#[derive(Clone, Copy, Debug, Default)]
pub struct AllowAny;

impl Permission for AllowAny {}

/// Allows authenticated users only.
#[derive(Clone, Copy, Debug, Default)]
pub struct IsAuthenticated;

impl Permission for IsAuthenticated {
    fn has_permission(&self, request: &Request) -> bool {
        request.user().is_authenticated()
    }
}
