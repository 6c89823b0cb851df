//! The tamper-evident event log (version 2): verifying its chain and checkpoints, sealing it.

use chrono::{DateTime, Utc};
use mspkit::Sensitive;
use mspkit::event_log::{ChainOptions, Checkpoint, SealKey, SealPublicKey, seal_chain, verify_chain};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::convert::{SecretText, Text, to_python};
use crate::errors::to_py_err;
use crate::events::{log_text, text_log_err};

/// Verifies a version 2 event log's chain (every line follows the one before and is what was
/// written) and its checkpoints (signed; by `public_key` when given, and then at least one).
/// `checkpoints` are checkpoint lines kept outside the log (as `seal_event_log` returned them):
/// each must still be in the log, so a log cut after one is detected (`event_log_truncated`).
/// Returns the report (`events`, `lines`, `head`, `provider`, `last_sequence`, `checkpoints`);
/// the first line that does not follow raises `EventError` with `.code` and `.line`.
#[pyfunction]
#[pyo3(signature = (text, public_key = None, checkpoints = None))]
fn verify_event_log<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
    public_key: Option<Text>,
    checkpoints: Option<Vec<Text>>,
) -> PyResult<Bound<'py, PyAny>> {
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
    let report =
        py.detach(|| verify_chain(text.bytes.as_slice(), &options)).map_err(|e| text_log_err(e, &text))?;
    to_python(py, &report)
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
/// client unlink` printed) against `public_key`: returns the receipt as a dict, or raises
/// `EventError` (`receipt_unsigned`, `receipt_key_mismatch`, `receipt_signature_invalid`).
#[pyfunction]
fn verify_exit_receipt(py: Python<'_>, text: Text, public_key: Text) -> PyResult<Bound<'_, PyAny>> {
    let receipt = mspkit::exit::SignedReceipt::from_json(&text).map_err(to_py_err)?;
    let key = SealPublicKey::from_text(&public_key).map_err(to_py_err)?;
    receipt.verify(&key).map_err(to_py_err)?;
    to_python(py, &receipt.receipt)
}

/// Registers the functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(verify_event_log, m)?)?;
    m.add_function(wrap_pyfunction!(seal_event_log, m)?)?;
    m.add_function(wrap_pyfunction!(seal_key_pair, m)?)?;
    m.add_function(wrap_pyfunction!(verify_exit_receipt, m)?)?;
    Ok(())
}
