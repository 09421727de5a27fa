//! [`ClassList`]: a view's list of authentication / permission / throttle / parser / renderer
//! classes, or "use the settings default" (DRF's class attributes falling back to
//! `api_settings.DEFAULT_*_CLASSES`).

use std::fmt;
use std::sync::Arc;

/// An ordered list of shared class instances, or [`ClassList::from_settings`] meaning "inherit the
/// project default". Built with the `authentication![]`, `permissions![]`, `throttles![]`,
/// `parsers![]` and `renderers![]` macros.
pub struct ClassList<T: ?Sized>(Option<Arc<[Arc<T>]>>);

impl<T: ?Sized> ClassList<T> {
    /// Use the project's default from [`crate::settings::Settings`].
    pub const fn from_settings() -> Self {
        Self(None)
    }

    /// An explicit list (possibly empty: `permissions![]` is DRF's `permission_classes = ()`).
    pub fn new(items: Vec<Arc<T>>) -> Self {
        Self(Some(items.into()))
    }

    /// The explicit list, if any.
    pub fn explicit(&self) -> Option<&[Arc<T>]> {
        self.0.as_deref()
    }

    /// This list, or `default` when it inherits from the settings.
    #[must_use]
    pub fn or(&self, default: &ClassList<T>) -> ClassList<T> {
        match &self.0 {
            Some(_) => self.clone(),
            None => default.clone(),
        }
    }

    /// The resolved items (empty when inheriting and nothing was resolved).
    pub fn items(&self) -> &[Arc<T>] {
        self.0.as_deref().unwrap_or(&[])
    }
}

impl<T: ?Sized> Clone for ClassList<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<T: ?Sized> Default for ClassList<T> {
    fn default() -> Self {
        Self::from_settings()
    }
}

impl<T: ?Sized> fmt::Debug for ClassList<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            None => f.write_str("ClassList(<settings default>)"),
            Some(items) => write!(f, "ClassList({} classes)", items.len()),
        }
    }
}
