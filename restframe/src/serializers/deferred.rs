//! What validation sets aside for `save()` besides the validated data: a model serializer's
//! many-to-many choices (see [`crate::relations`]), which its `ActiveModel` has no room for. One
//! entry per validated instance, in order, under its model's table; shared by every clone of a
//! [`Context`](super::Context), since validation sees the context by reference.

use std::any::Any;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// One validated instance's entry: its model's table and the value set aside.
pub(crate) type Entry = (&'static str, Box<dyn Any + Send + Sync>);

/// The queue of a context's set-aside values.
#[derive(Clone, Default)]
pub(crate) struct Deferred(Arc<Mutex<VecDeque<Entry>>>);

impl std::fmt::Debug for Deferred {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Deferred").field("entries", &self.lock().len()).finish()
    }
}

impl Deferred {
    fn lock(&self) -> MutexGuard<'_, VecDeque<Entry>> {
        // Every change is one call on the queue: a panic cannot leave it half-changed.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Adds the entry of a validated instance of the model with table `table`.
    pub(crate) fn push(&self, table: &'static str, value: Box<dyn Any + Send + Sync>) {
        self.lock().push_back((table, value));
    }

    /// Takes the oldest entry for `table` (the instance being saved).
    pub(crate) fn pop(&self, table: &str) -> Option<Box<dyn Any + Send + Sync>> {
        let mut queue = self.lock();
        let at = queue.iter().position(|(t, _)| *t == table)?;
        queue.remove(at).map(|(_, value)| value)
    }

    /// Takes every entry (a bound serializer keeps its own until `save()`, so that others
    /// sharing the context cannot take them).
    pub(crate) fn take_all(&self) -> Vec<Entry> {
        self.lock().drain(..).collect()
    }

    /// Puts entries taken with [`Deferred::take_all`] back, first in line.
    pub(crate) fn restore(&self, entries: Vec<Entry>) {
        let mut queue = self.lock();
        for entry in entries.into_iter().rev() {
            queue.push_front(entry);
        }
    }
}
