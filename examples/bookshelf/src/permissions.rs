//! `library/permissions.py`.

use std::borrow::Cow;

use restframe::permissions::{Object, SAFE_METHODS};
use restframe::prelude::*;

use crate::models::book;

/// Anyone may read; only staff users may create, change or delete.
#[derive(Debug)]
pub(crate) struct IsAdminOrReadOnly;

impl Permission for IsAdminOrReadOnly {
    fn has_permission(&self, request: &Request) -> bool {
        SAFE_METHODS.contains(request.method()) || request.user().is_staff()
    }
}

/// Anyone may read a book; only the user who added it may change or delete it.
#[derive(Debug)]
pub(crate) struct IsAddedByOrReadOnly;

impl Permission for IsAddedByOrReadOnly {
    fn has_object_permission(&self, request: &Request, obj: &Object) -> bool {
        if SAFE_METHODS.contains(request.method()) {
            return true;
        }
        let user = request.user_as::<restframe::auth::User>();
        obj.downcast_ref::<book::Model>().is_some_and(|book| user.is_some_and(|user| user.id == book.added_by_id))
    }

    fn message(&self) -> Option<Cow<'static, str>> {
        Some("Only the user who added this book can change or delete it.".into())
    }
}
