//! The one design of a mutable Python object: a frozen pyclass whose state sits in a [`Locked`]
//! (see DESIGN.md, "One Python convention").
//!
//! pyo3's runtime borrow flag (a non-frozen class, `&mut self`) raises `RuntimeError: Already
//! borrowed` when two threads use one object and one of them has released the interpreter. A
//! frozen class with a lock inside instead makes the second thread wait, and waits are written so
//! that a waiting thread never holds the interpreter:
//!
//! - [`Locked::read`] and [`Locked::write`] take the lock without waiting while attached
//!   (`try_read`/`try_write`); when it is busy they wait for it inside `py.detach`, then try again.
//!   The guard they return is held while attached only around Rust code: arguments are converted
//!   before it is taken, and results become Python objects after it is released, so no Python code
//!   (which could call back into the same object) runs under it.
//! - [`Locked::read_detached`] runs heavy work (reports, compliance, serialization) with the
//!   interpreter released and the lock taken inside the detached section.

use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard, TryLockError};

use pyo3::prelude::*;

/// A value behind a read–write lock, waited for without holding the interpreter.
#[derive(Debug, Default)]
pub struct Locked<T>(RwLock<T>);

impl<T: Send + Sync> Locked<T> {
    /// Wraps `value`.
    pub fn new(value: T) -> Self {
        Self(RwLock::new(value))
    }

    /// The value to read. A writer in progress is waited for with the interpreter released.
    pub fn read(&self) -> RwLockReadGuard<'_, T> {
        loop {
            match self.0.try_read() {
                Ok(guard) => return guard,
                Err(TryLockError::Poisoned(p)) => return p.into_inner(),
                Err(TryLockError::WouldBlock) => wait(|| drop(self.0.read())),
            }
        }
    }

    /// The value to change. Readers and writers in progress are waited for with the interpreter
    /// released.
    pub fn write(&self) -> RwLockWriteGuard<'_, T> {
        loop {
            match self.0.try_write() {
                Ok(guard) => return guard,
                Err(TryLockError::Poisoned(p)) => return p.into_inner(),
                Err(TryLockError::WouldBlock) => wait(|| drop(self.0.write())),
            }
        }
    }

    /// Runs `f` on the value with the interpreter released, the lock taken inside the detached
    /// section (heavy work: a report, a compliance check, a document).
    pub fn read_detached<R: Send>(&self, py: Python<'_>, f: impl FnOnce(&T) -> R + Send) -> R {
        py.detach(|| f(&self.0.read().unwrap_or_else(PoisonError::into_inner)))
    }

    /// Runs `f` on the value to change with the interpreter released, the lock taken inside the
    /// detached section.
    pub fn write_detached<R: Send>(&self, py: Python<'_>, f: impl FnOnce(&mut T) -> R + Send) -> R {
        py.detach(|| f(&mut self.0.write().unwrap_or_else(PoisonError::into_inner)))
    }
}

/// Blocks in `f` (waiting for a lock) with the interpreter released.
fn wait(f: impl FnOnce() + Send) {
    Python::attach(|py| py.detach(f));
}

/// Reads two locked values at once, whichever they are (the same one twice included), without a
/// deadlock: the locks are always taken in address order.
pub fn read_both<T: Send + Sync, R>(a: &Locked<T>, b: &Locked<T>, f: impl FnOnce(&T, &T) -> R) -> R {
    if std::ptr::eq(a, b) {
        let guard = a.read();
        return f(&guard, &guard);
    }
    if std::ptr::from_ref(a) < std::ptr::from_ref(b) {
        let first = a.read();
        let second = b.read();
        f(&first, &second)
    } else {
        let first = b.read();
        let second = a.read();
        f(&second, &first)
    }
}
