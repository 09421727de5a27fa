//! [`MethodFilter`]: a set of HTTP methods as bits (axum's `MethodFilter`), for the handlers a
//! view defines, the methods it allows and DRF's `SAFE_METHODS`.
//!
//! ```
//! use http::Method;
//! use restframe::methods::MethodFilter;
//!
//! let handlers = MethodFilter::GET.or(MethodFilter::POST);
//! assert!(handlers.contains(&Method::POST));
//! assert!(!handlers.contains(&Method::DELETE));
//! assert_eq!(handlers.names().collect::<Vec<_>>(), ["GET", "POST"]);
//! ```

use http::Method;

/// A set of the methods restframe dispatches: `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, `HEAD`
/// and `OPTIONS`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct MethodFilter(u8);

/// Every method of the set with its name, in DRF's `_allowed_methods()` order.
const ORDER: [(MethodFilter, Method); 7] = [
    (MethodFilter::GET, Method::GET),
    (MethodFilter::POST, Method::POST),
    (MethodFilter::PUT, Method::PUT),
    (MethodFilter::PATCH, Method::PATCH),
    (MethodFilter::DELETE, Method::DELETE),
    (MethodFilter::HEAD, Method::HEAD),
    (MethodFilter::OPTIONS, Method::OPTIONS),
];

impl MethodFilter {
    /// No method.
    pub const NONE: Self = Self(0);
    /// `GET`.
    pub const GET: Self = Self(1);
    /// `POST`.
    pub const POST: Self = Self(1 << 1);
    /// `PUT`.
    pub const PUT: Self = Self(1 << 2);
    /// `PATCH`.
    pub const PATCH: Self = Self(1 << 3);
    /// `DELETE`.
    pub const DELETE: Self = Self(1 << 4);
    /// `HEAD`.
    pub const HEAD: Self = Self(1 << 5);
    /// `OPTIONS`.
    pub const OPTIONS: Self = Self(1 << 6);

    /// Both sets.
    #[must_use]
    pub const fn or(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// Whether every method of `other` is in the set.
    pub const fn includes(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether `method` is in the set (never for methods outside the seven).
    pub fn contains(self, method: &Method) -> bool {
        ORDER.iter().any(|(bit, m)| m == method && self.includes(*bit))
    }

    /// The methods of the set, upper-case, in DRF's order (GET, POST, PUT, PATCH, DELETE,
    /// HEAD, OPTIONS).
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        ORDER.iter().filter(move |(bit, _)| self.includes(*bit)).map(|(_, m)| m.as_str())
    }
}
