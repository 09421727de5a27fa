//! What a user is to the framework: the small [`User`] trait (`request.user`) and
//! [`AnonymousUser`]. The database-backed Django user lives in [`crate::auth`] and plugs in
//! through this trait, so the request pipeline never depends on the database layer.

use std::any::Any;
use std::fmt::Debug;

/// A user as the pipeline sees it, like the duck type DRF expects of `request.user`.
///
/// ```
/// use restframe::user::{AnonymousUser, User};
/// let anon = AnonymousUser;
/// assert!(!anon.is_authenticated());
/// assert_eq!(anon.pk(), None);
/// ```
pub trait User: Any + Send + Sync + Debug {
    /// True for every real user; false only for [`AnonymousUser`].
    fn is_authenticated(&self) -> bool {
        true
    }
    /// Django's `is_staff`: what `IsAdminUser` checks.
    fn is_staff(&self) -> bool {
        false
    }
    /// Django's `is_active`.
    fn is_active(&self) -> bool {
        true
    }
    /// The primary key as text (`None` for anonymous), used as the throttling identity.
    fn pk(&self) -> Option<String>;
    /// The username (`""` for anonymous).
    fn username(&self) -> &str;
}

/// Django's `AnonymousUser`: what `request.user()` is when nobody authenticated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AnonymousUser;

impl User for AnonymousUser {
    fn is_authenticated(&self) -> bool {
        false
    }
    fn is_active(&self) -> bool {
        false
    }
    fn pk(&self) -> Option<String> {
        None
    }
    fn username(&self) -> &str {
        ""
    }
}
