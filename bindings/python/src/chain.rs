//! The tamper-evident event log (version 2): verifying its chain and checkpoints, sealing it.

use chrono::{DateTime, Utc};
use mspkit::Sensitive;
use mspkit::event_log::{ChainOptions, Checkpoint, SealKey, SealPublicKey, seal_chain, verify_chain};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::convert::{PyTime, SecretText, Text, to_json, to_python};
use crate::errors::to_py_err;
use crate::events::{log_text, text_log_err};
use crate::rows::{row_class, wrap};

row_class! {
    /// A checkpoint found in a log, its signature verified (a row of `ChainReport.checkpoints`).
    SeenCheckpoint(mspkit::event_log::SeenCheckpoint), dict: to_python;
    {
        /// Its line (from 1).
        #[getter]
        fn line(&self) -> usize {
            self.inner.line
        }

        /// The provider it seals.
        #[getter]
        fn provider(&self) -> uuid::Uuid {
            self.inner.checkpoint.provider().uuid()
        }

        /// The sequence of the last event it seals.
        #[getter]
        fn sequence(&self) -> u64 {
            self.inner.checkpoint.sequence()
        }

        /// The hash of the chained line it seals.
        #[getter]
        fn head(&self) -> String {
            self.inner.checkpoint.head().to_string()
        }

        /// When it was made.
        #[getter]
        fn at(&self) -> PyTime {
            PyTime(self.inner.checkpoint.at())
        }

        /// The public key that signed it (the text `seal_key_pair` returns second).
        #[getter]
        fn public_key(&self) -> String {
            self.inner.checkpoint.public_key().to_text()
        }
    }
}

row_class! {
    /// What verifying a chained log found (`verify_event_log()`): it holds together.
    ChainReport(mspkit::event_log::ChainReport), dict: to_python;
    {
        /// The number of events.
        #[getter]
        fn events(&self) -> u64 {
            self.inner.events
        }

        /// The number of the log's last line.
        #[getter]
        fn lines(&self) -> usize {
            self.inner.lines
        }

        /// The hash of its last chained line.
        #[getter]
        fn head(&self) -> String {
            self.inner.head.to_string()
        }

        /// The provider of its last event (`None` for a log of no event).
        #[getter]
        fn provider(&self) -> Option<uuid::Uuid> {
            self.inner.provider.map(mspkit::ProviderId::uuid)
        }

        /// The sequence of its last event.
        #[getter]
        fn last_sequence(&self) -> Option<u64> {
            self.inner.last_sequence
        }

        /// Its checkpoints, in order.
        #[getter]
        fn checkpoints(&self) -> Vec<SeenCheckpoint> {
            wrap(&self.inner.checkpoints)
        }

        /// The report as JSON.
        fn to_json(&self) -> PyResult<String> {
            to_json(&self.inner)
        }
    }
}

/// Verifies a version 2 event log's chain (every line follows the one before and is what was
/// written) and its checkpoints (signed; by `public_key` when given, and then at least one).
/// `checkpoints` are checkpoint lines kept outside the log (as `seal_event_log` returned them):
/// each must still be in the log, so a log cut after one is detected (`event_log_truncated`).
/// Returns a `ChainReport` (`events`, `lines`, `head`, `provider`, `last_sequence`, `checkpoints`);
/// the first line that does not follow raises `EventError` with `.code` and `.line`.
#[pyfunction]
#[pyo3(signature = (text, public_key = None, checkpoints = None))]
fn verify_event_log<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
    public_key: Option<Text>,
    checkpoints: Option<Vec<Text>>,
) -> PyResult<ChainReport> {
    let text = log_text(text)?;
    let mut options = ChainOptions::new();
    if let Some(key) = public_key {
        options = options.trusting(SealPublicKey::from_text(&key).map_err(to_py_err)?);
    }
    for (n, line) in checkpoints.unwrap_or_default().iter().enumerate() {
        let body = mspkit::event_log::chain::ChainedLine::split(line.trim().as_bytes())
            .map_or(line.trim(), |split| std::str::from_utf8(split.body()).unwrap_or_default());
        let kept: Checkpoint = mspkit::DocumentReader::new()
            .parse_line(body, "checkpoint", n.saturating_add(1))
            .map_err(to_py_err)?;
        options = options.keeping([kept]);
    }
    py.detach(|| verify_chain(text.bytes.as_slice(), &options))
        .map(ChainReport::from)
        .map_err(|e| text_log_err(e, &text))
}

/// Seals a version 2 event log: verifies it, then returns the checkpoint line signed with
/// `secret_key` (the text `seal_key_pair` returns first) over its last event's provider and
/// sequence and its head, made at `now`. Append it (after a line break) to the log, and keep a
/// copy elsewhere for `verify_event_log(..., checkpoints=[line])`.
#[pyfunction]
fn seal_event_log(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    secret_key: SecretText,
    now: DateTime<Utc>,
) -> PyResult<String> {
    let text = log_text(text)?;
    let key = SealKey::from_text(&secret_key).map_err(to_py_err)?;
    let (_, line) =
        py.detach(|| seal_chain(text.bytes.as_slice(), &key, now)).map_err(|e| text_log_err(e, &text))?;
    Ok(line)
}

/// A seal key pair from a 32-byte seed (draw it with `os.urandom(32)` or `secrets.token_bytes(32)`):
/// `(secret_key, public_key)` as the text of the files `mspkit keygen` writes.
#[pyfunction]
fn seal_key_pair(seed: &Bound<'_, PyBytes>) -> PyResult<(String, String)> {
    let bytes: [u8; 32] = seed.as_bytes().try_into().map_err(|_| {
        to_py_err(mspkit::EventError::SealKeyInvalid { what: "seed", detail: "a seed is 32 bytes" })
    })?;
    let key = SealKey::from_seed(&Sensitive::new(bytes));
    Ok((key.to_text().expose().clone(), key.public_key().to_text()))
}

/// Verifies a client's exit receipt (the JSON `unlink_client_with_receipt` returned, or `mspkit
/// client unlink` printed) against `public_key`: returns the `ExitReceipt`, or raises
/// `EventError` (`receipt_unsigned`, `receipt_key_mismatch`, `receipt_signature_invalid`).
#[pyfunction]
fn verify_exit_receipt(text: Text, public_key: Text) -> PyResult<crate::reports::ExitReceipt> {
    let receipt = mspkit::exit::SignedReceipt::from_json(&text).map_err(to_py_err)?;
    let key = SealPublicKey::from_text(&public_key).map_err(to_py_err)?;
    receipt.verify(&key).map_err(to_py_err)?;
    Ok(crate::reports::ExitReceipt::from(receipt.receipt))
}

/// Registers the functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(verify_event_log, m)?)?;
    m.add_function(wrap_pyfunction!(seal_event_log, m)?)?;
    m.add_function(wrap_pyfunction!(seal_key_pair, m)?)?;
    m.add_function(wrap_pyfunction!(verify_exit_receipt, m)?)?;
    m.add_class::<SeenCheckpoint>()?;
    m.add_class::<ChainReport>()?;
    Ok(())
}
