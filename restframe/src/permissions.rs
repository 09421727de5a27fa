//! DRF's `rest_framework.permissions`: the [`Permission`] hooks, the built-in classes and
//! composition with `&`, `|` and `!` (DRF's `&`, `|`, `~`).
//!
//! Operators work on the built-in classes and on anything composed from them; for your own
//! class, invoke [`permission_operators!`](crate::permission_operators) once, or wrap a value in
//! [`Perm`]. Rust's precedence (`!` over `&` over `|`) is Python's (`~` over `&` over `|`).
//!
//! ```
//! use restframe::prelude::*;
//! use restframe::permissions::{IsAdminUser, IsAuthenticated};
//!
//! // DRF: permission_classes = [IsAdminUser | ~IsAuthenticated]
//! let classes = permissions![IsAdminUser | !IsAuthenticated];
//! # let _ = classes;
//! ```
//!
//! Composed permissions carry no `message` (denials use the default text), as in DRF. For
//! object checks, `A | B` allows when `A.has_permission && A.has_object_permission` or the same
//! for `B`; `&` and `!` apply to `has_object_permission` alone.

use std::any::Any;
use std::borrow::Cow;

use crate::classes::ClassList;
use crate::methods::MethodFilter;
use crate::request::Request;

/// The methods DRF treats as read-only: `GET`, `HEAD` and `OPTIONS`.
pub const SAFE_METHODS: MethodFilter = MethodFilter::GET.or(MethodFilter::HEAD).or(MethodFilter::OPTIONS);

/// The object handed to [`Permission::has_object_permission`].
pub type Object = dyn Any + Send + Sync;

/// A permission class: DRF's `BasePermission`.
///
/// ```
/// use restframe::prelude::*;
///
/// /// Only the object's owner may touch it.
/// struct IsOwner;
/// struct Note { owner: String }
///
/// impl Permission for IsOwner {
///     fn has_object_permission(&self, request: &Request, obj: &restframe::permissions::Object) -> bool {
///         obj.downcast_ref::<Note>().is_some_and(|note| note.owner == request.user().username())
///     }
///     fn message(&self) -> Option<std::borrow::Cow<'static, str>> {
///         Some("Only the owner may do this.".into())
///     }
/// }
/// ```
pub trait Permission: Send + Sync + 'static {
    /// View-level check, run for every request after authentication.
    fn has_permission(&self, _request: &Request) -> bool {
        true
    }
    /// Object-level check, run by [`Request::check_object_permissions`].
    fn has_object_permission(&self, _request: &Request, _obj: &Object) -> bool {
        true
    }
    /// The denial message (DRF's `message` attribute); `None` uses the default. A `&'static
    /// str` costs no allocation: `Some("...".into())`.
    fn message(&self) -> Option<Cow<'static, str>> {
        None
    }
    /// Whether the OpenAPI document lists anonymous access (an empty security requirement,
    /// `{}`) for an operation with a safe (`safe_method`) or unsafe method: drf-spectacular
    /// does so for `AllowAny`, and for `IsAuthenticatedOrReadOnly` on `GET`/`HEAD`. Only
    /// these classes themselves, not composed ones (`A | B`), as spectacular checks classes.
    fn schema_allows_anonymous(&self, safe_method: bool) -> bool {
        let _ = safe_method;
        false
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

impl Permission for AllowAny {
    fn schema_allows_anonymous(&self, _safe_method: bool) -> bool {
        true
    }
}

/// Allows authenticated users only.
#[derive(Clone, Copy, Debug, Default)]
pub struct IsAuthenticated;

impl Permission for IsAuthenticated {
    fn has_permission(&self, request: &Request) -> bool {
        request.user().is_authenticated()
    }
}

/// Allows staff users only (`is_staff`, not `is_superuser`).
#[derive(Clone, Copy, Debug, Default)]
pub struct IsAdminUser;

impl Permission for IsAdminUser {
    fn has_permission(&self, request: &Request) -> bool {
        request.user().is_staff()
    }
}

/// Allows safe methods (`GET`, `HEAD`, `OPTIONS`) to anyone, the rest to authenticated users.
#[derive(Clone, Copy, Debug, Default)]
pub struct IsAuthenticatedOrReadOnly;

impl Permission for IsAuthenticatedOrReadOnly {
    fn has_permission(&self, request: &Request) -> bool {
        SAFE_METHODS.contains(request.method()) || request.user().is_authenticated()
    }
    fn schema_allows_anonymous(&self, safe_method: bool) -> bool {
        safe_method
    }
}

/// `A & B`: both must allow (short-circuits).
#[derive(Clone, Copy, Debug, Default)]
pub struct And<A, B>(pub A, pub B);

impl<A: Permission, B: Permission> Permission for And<A, B> {
    fn has_permission(&self, request: &Request) -> bool {
        self.0.has_permission(request) && self.1.has_permission(request)
    }
    fn has_object_permission(&self, request: &Request, obj: &Object) -> bool {
        self.0.has_object_permission(request, obj) && self.1.has_object_permission(request, obj)
    }
}

/// `A | B`: either may allow (short-circuits).
#[derive(Clone, Copy, Debug, Default)]
pub struct Or<A, B>(pub A, pub B);

impl<A: Permission, B: Permission> Permission for Or<A, B> {
    fn has_permission(&self, request: &Request) -> bool {
        self.0.has_permission(request) || self.1.has_permission(request)
    }
    fn has_object_permission(&self, request: &Request, obj: &Object) -> bool {
        (self.0.has_permission(request) && self.0.has_object_permission(request, obj))
            || (self.1.has_permission(request) && self.1.has_object_permission(request, obj))
    }
}

/// `!A`: the negation of both checks.
#[derive(Clone, Copy, Debug, Default)]
pub struct Negate<A>(pub A);

impl<A: Permission> Permission for Negate<A> {
    fn has_permission(&self, request: &Request) -> bool {
        !self.0.has_permission(request)
    }
    fn has_object_permission(&self, request: &Request, obj: &Object) -> bool {
        !self.0.has_object_permission(request, obj)
    }
}

/// Wraps any permission so `&`, `|` and `!` apply: `Perm(MyCheck) | IsAdminUser`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Perm<P>(pub P);

impl<P: Permission> Permission for Perm<P> {
    fn has_permission(&self, request: &Request) -> bool {
        self.0.has_permission(request)
    }
    fn has_object_permission(&self, request: &Request, obj: &Object) -> bool {
        self.0.has_object_permission(request, obj)
    }
    fn message(&self) -> Option<Cow<'static, str>> {
        self.0.message()
    }
    fn schema_allows_anonymous(&self, safe_method: bool) -> bool {
        self.0.schema_allows_anonymous(safe_method)
    }
}

/// Implements `&`, `|` and `!` for permission types, producing [`And`], [`Or`] and [`Negate`].
///
/// ```
/// use restframe::prelude::*;
/// use restframe::permissions::IsAdminUser;
///
/// #[derive(Clone, Copy)]
/// struct IsWeekday;
/// impl Permission for IsWeekday {}
/// restframe::permission_operators!(IsWeekday);
///
/// let classes = permissions![IsWeekday & !IsAdminUser];
/// # let _ = classes;
/// ```
#[macro_export]
macro_rules! permission_operators {
    ($($ty:ident $(<$($gen:ident),+>)?),* $(,)?) => {$(
        impl<$($($gen,)+)? Rhs: $crate::permissions::Permission> ::std::ops::BitAnd<Rhs> for $ty $(<$($gen),+>)? {
            type Output = $crate::permissions::And<Self, Rhs>;
            fn bitand(self, rhs: Rhs) -> Self::Output {
                $crate::permissions::And(self, rhs)
            }
        }
        impl<$($($gen,)+)? Rhs: $crate::permissions::Permission> ::std::ops::BitOr<Rhs> for $ty $(<$($gen),+>)? {
            type Output = $crate::permissions::Or<Self, Rhs>;
            fn bitor(self, rhs: Rhs) -> Self::Output {
                $crate::permissions::Or(self, rhs)
            }
        }
        impl $(<$($gen),+>)? ::std::ops::Not for $ty $(<$($gen),+>)? {
            type Output = $crate::permissions::Negate<Self>;
            fn not(self) -> Self::Output {
                $crate::permissions::Negate(self)
            }
        }
    )*};
}

permission_operators!(AllowAny, IsAuthenticated, IsAdminUser, IsAuthenticatedOrReadOnly, Perm<P>, And<A, B>, Or<A, B>, Negate<A>);
