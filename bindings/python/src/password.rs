//! Master passwords from Python: KDF settings, master keys and hashes, strength, policy.
//!
//! Derivation and batch strength release the interpreter (`py.detach`), so Python threads run
//! them in parallel. Python's own `str` objects cannot be wiped; the Rust copies are: passwords
//! copied to outlive the GIL sit in `Zeroizing` buffers, and hashes go from their zeroized
//! wrapper straight into a Python `str`. Everything else borrows the Python string.

use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyInt, PyString, PyType};
use zeroize::Zeroizing;

use crate::convert::{Int, SecretText, Text, to_python};
use crate::errors::to_py_err;
use crate::shared::Locked;
use mspkit::password as core;

/// A Python `int` for a KDF or policy setting, taken whole so that the core's validator sees the
/// value (and refuses it with the field and its range) instead of pyo3 raising `OverflowError`.
/// An int beyond ±2^127 — no setting comes near — is clamped to the nearest `i128`, so it is still
/// refused, with that value in the message.
#[derive(Debug, Clone, Copy)]
struct Wide(i128);

impl<'a, 'py> FromPyObject<'a, 'py> for Wide {
    type Error = PyErr;

    fn extract(ob: Borrowed<'a, 'py, PyAny>) -> Result<Self, Self::Error> {
        // Anything Python accepts as an integer (`operator.index`: numpy ints, …) is one; anything
        // else stays a TypeError.
        let int = match ob.cast::<PyInt>() {
            Ok(int) => int.to_owned(),
            Err(_) => ob.py().import("operator")?.call_method1("index", (ob,))?.cast_into::<PyInt>()?,
        };
        match int.extract::<i128>() {
            Ok(value) => Ok(Self(value)),
            Err(err) if err.is_instance_of::<PyOverflowError>(ob.py()) => {
                Ok(Self(if int.lt(0)? { i128::MIN } else { i128::MAX }))
            }
            Err(err) => Err(err),
        }
    }
}

/// Passwords copied out of a Python list into a buffer that is zeroized when dropped — also when
/// an item part-way through is not a `str` and the extraction fails.
pub(crate) struct Passwords(Zeroizing<Vec<String>>);

impl<'a, 'py> FromPyObject<'a, 'py> for Passwords {
    type Error = PyErr;

    fn extract(ob: Borrowed<'a, 'py, PyAny>) -> Result<Self, Self::Error> {
        if ob.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err("expected a list of passwords, not one `str`"));
        }
        let mut passwords = Zeroizing::new(Vec::with_capacity(ob.len().unwrap_or(0)));
        for item in ob.try_iter()? {
            passwords.push(std::mem::take(&mut *item?.extract::<SecretText>()?.0));
        }
        Ok(Self(passwords))
    }
}

/// Validated KDF settings (PBKDF2-SHA256 or Argon2id).
#[pyclass(module = "mspkit", frozen, eq, hash, from_py_object)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Kdf {
    inner: core::Kdf,
}

#[pymethods]
impl Kdf {
    /// PBKDF2-SHA256 with `iterations` (5 000 – 2 000 000).
    #[staticmethod]
    #[pyo3(signature = (iterations=Wide(600_000)), text_signature = "(iterations=600000)")]
    fn pbkdf2(iterations: Wide) -> PyResult<Self> {
        core::Kdf::pbkdf2(iterations.0).map(|inner| Self { inner }).map_err(to_py_err)
    }

    /// Argon2id with `iterations` (2–10), `memory_mib` (16–1024), `parallelism` (1–16).
    #[staticmethod]
    #[pyo3(
        signature = (iterations=Wide(3), memory_mib=Wide(64), parallelism=Wide(4)),
        text_signature = "(iterations=3, memory_mib=64, parallelism=4)"
    )]
    fn argon2id(iterations: Wide, memory_mib: Wide, parallelism: Wide) -> PyResult<Self> {
        core::Kdf::argon2id(iterations.0, memory_mib.0, parallelism.0)
            .map(|inner| Self { inner })
            .map_err(to_py_err)
    }

    /// Settings from the reference's type code and numbers.
    #[staticmethod]
    #[pyo3(signature = (code, iterations, memory_mib=None, parallelism=None))]
    fn from_code(
        code: Wide,
        iterations: Wide,
        memory_mib: Option<Wide>,
        parallelism: Option<Wide>,
    ) -> PyResult<Self> {
        core::Kdf::from_code(code.0, iterations.0, memory_mib.map(|m| m.0), parallelism.map(|p| p.0))
            .map(|inner| Self { inner })
            .map_err(to_py_err)
    }

    /// The reference default: PBKDF2-SHA256, 600 000 iterations.
    #[staticmethod]
    fn pbkdf2_default() -> Self {
        Self { inner: core::Kdf::pbkdf2_default() }
    }

    /// The reference clients' Argon2id default: 3 iterations, 64 MiB, 4 lanes.
    #[staticmethod]
    fn argon2id_client_default() -> Self {
        Self { inner: core::Kdf::argon2id_client_default() }
    }

    /// The reference server's Argon2id default: 6 iterations, 32 MiB, 4 lanes.
    #[staticmethod]
    fn argon2id_server_default() -> Self {
        Self { inner: core::Kdf::argon2id_server_default() }
    }

    /// `"pbkdf2_sha256"` or `"argon2id"`.
    #[getter]
    fn kind(&self) -> PyResult<crate::enums::KdfType> {
        self.inner.kind().try_into()
    }

    /// The reference `KdfType` code (0 or 1).
    #[getter]
    fn code(&self) -> u8 {
        self.inner.kind().code()
    }

    /// Iterations.
    #[getter]
    fn iterations(&self) -> u32 {
        self.inner.iterations()
    }

    /// Argon2id memory in MiB, or `None`.
    #[getter]
    fn memory_mib(&self) -> Option<u32> {
        self.inner.memory_mib()
    }

    /// Argon2id lanes, or `None`.
    #[getter]
    fn parallelism(&self) -> Option<u32> {
        self.inner.parallelism()
    }

    /// Whether the reference server accepts these settings for a new or changed account.
    #[getter]
    fn is_acceptable(&self) -> bool {
        self.inner.is_acceptable()
    }

    /// mspkit's JSON form.
    fn to_json(&self) -> PyResult<String> {
        crate::convert::to_json(&self.inner)
    }

    /// Reads mspkit's JSON form, validating every value.
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, json: Text) -> PyResult<Self> {
        // The one document reader: its size limit and no repeated key (`duplicate_key`); a
        // value out of range or the wrong shape stays `kdf_invalid`.
        mspkit::DocumentReader::new().parse(&json, "KDF settings").map(|inner| Self { inner }).map_err(|e| {
            match e {
                mspkit::DocumentError::Invalid { .. } => {
                    crate::errors::validation_error("kdf_invalid", &e.to_string())
                }
                other => crate::errors::to_py_err(mspkit::Error::Document(other)),
            }
        })
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((py.get_type::<Self>().getattr("from_json")?, (self.to_json()?,)))
    }

    fn __repr__(&self) -> String {
        match self.inner.kind() {
            core::KdfType::Pbkdf2Sha256 => format!("Kdf.pbkdf2(iterations={})", self.inner.iterations()),
            core::KdfType::Argon2id => format!(
                "Kdf.argon2id(iterations={}, memory_mib={}, parallelism={})",
                self.inner.iterations(),
                self.inner.memory_mib().unwrap_or(0),
                self.inner.parallelism().unwrap_or(0)
            ),
        }
    }
}

/// A master key. Its bytes are read only through `expose()`; it cannot be pickled or printed.
#[pyclass(module = "mspkit", frozen)]
#[derive(Debug)]
pub struct MasterKey {
    inner: core::MasterKey,
}

#[pymethods]
impl MasterKey {
    /// Derives the master key of `password` for `email` with `kdf` (releases the GIL).
    #[staticmethod]
    fn derive(py: Python<'_>, password: SecretText, email: Text, kdf: Kdf) -> PyResult<Self> {
        py.detach(move || core::MasterKey::derive(&password, &email, &kdf.inner))
            .map(|inner| Self { inner })
            .map_err(to_py_err)
    }

    /// The server authorization hash of `password`, base64. The Python `str` is made straight
    /// from the zeroized hash: no Rust copy is left behind.
    fn server_hash<'py>(&self, py: Python<'py>, password: SecretText) -> Bound<'py, PyString> {
        PyString::new(py, self.inner.server_hash(&password).expose())
    }

    /// The local authorization hash of `password`, base64 (made like `server_hash`).
    fn local_hash<'py>(&self, py: Python<'py>, password: SecretText) -> Bound<'py, PyString> {
        PyString::new(py, self.inner.local_hash(&password).expose())
    }

    /// Whether `candidate` is the server hash of `password` (constant-time comparison).
    fn verify_server_hash(&self, password: SecretText, candidate: SecretText) -> bool {
        self.inner.verify_server_hash(&password, &candidate)
    }

    /// The key's 32 bytes.
    fn expose<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.inner.expose())
    }

    /// The stretched key's (enc, mac) halves, 32 bytes each.
    fn stretch<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyBytes>, Bound<'py, PyBytes>)> {
        let stretched = self.inner.stretch().map_err(to_py_err)?;
        Ok((PyBytes::new(py, stretched.expose_enc()), PyBytes::new(py, stretched.expose_mac())))
    }

    fn __reduce__(&self) -> PyResult<()> {
        Err(PyTypeError::new_err("a MasterKey is a secret and cannot be pickled"))
    }

    fn __repr__(&self) -> &'static str {
        "MasterKey([REDACTED])"
    }
}

/// A reusable deriver that keeps its Argon2 memory allocation between derivations (the contents
/// are zeroized after each one). Safe to share between threads: derivations on one deriver take
/// turns (a lock inside, taken with the interpreter released), so threads that want to derive
/// in parallel give each thread its own deriver.
#[pyclass(module = "mspkit", frozen)]
#[derive(Debug, Default)]
pub struct KdfDeriver {
    /// The deriver (`shared.rs`). A derivation that panicked part-way (none does: the core
    /// returns errors) would poison the lock; the deriver wipes its memory before and after each
    /// use, so it is taken back as it is.
    inner: Locked<core::KdfDeriver>,
}

#[pymethods]
impl KdfDeriver {
    #[new]
    fn new() -> Self {
        Self::default()
    }

    /// Derives a master key, reusing this deriver's memory (releases the GIL).
    fn derive(&self, py: Python<'_>, password: SecretText, email: Text, kdf: Kdf) -> PyResult<MasterKey> {
        self.inner
            .write_detached(py, move |deriver| deriver.derive(&password, &email, &kdf.inner))
            .map(|inner| MasterKey { inner })
            .map_err(to_py_err)
    }

    /// Zeroizes and releases the kept memory.
    fn clear(&self, py: Python<'_>) {
        self.inner.write_detached(py, core::KdfDeriver::clear);
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        self.inner.read_detached(py, |deriver| format!("{deriver:?}"))
    }
}

/// The strength of one password (never the password itself).
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct StrengthResult {
    inner: core::Strength,
}

#[pymethods]
impl StrengthResult {
    /// zxcvbn's score, 0–4.
    #[getter]
    fn score(&self) -> u8 {
        self.inner.score
    }

    /// log10 of the estimated guesses (always finite; 0.0 for the empty password).
    #[getter]
    fn guesses_log10(&self) -> f64 {
        self.inner.guesses_log10
    }

    /// Readable crack-time estimates by attack scenario.
    #[getter]
    fn crack_times<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.crack_times)
    }

    /// What is wrong, when zxcvbn says.
    #[getter]
    fn warning(&self) -> Option<&str> {
        self.inner.warning.as_deref()
    }

    /// How to do better.
    #[getter]
    fn suggestions(&self) -> Vec<String> {
        self.inner.suggestions.clone()
    }

    /// Everything, as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!("StrengthResult(score={}, guesses_log10={:.2})", self.inner.score, self.inner.guesses_log10)
    }
}

fn inputs(email: Option<&str>, extra_words: Option<Vec<Text>>) -> Vec<String> {
    let extra = extra_words.unwrap_or_default();
    let refs: Vec<&str> = extra.iter().map(|t| &**t).collect();
    core::user_inputs(email, &refs)
}

/// `extra_words`, or its older name `user_inputs` (kept as an alias; giving both is a
/// `TypeError`).
fn words_arg(extra_words: Option<Vec<Text>>, user_inputs: Option<Vec<Text>>) -> PyResult<Option<Vec<Text>>> {
    match (extra_words, user_inputs) {
        (Some(_), Some(_)) => {
            Err(PyTypeError::new_err("give `extra_words` or its older name `user_inputs`, not both"))
        }
        (words, None) | (None, words) => Ok(words),
    }
}

/// The strength of `password`. The words the guess counts as known are the email's local-part
/// tokens, the product's words and `extra_words` (also accepted as `user_inputs`, its older
/// name).
#[pyfunction]
#[pyo3(signature = (password, extra_words=None, email=None, *, user_inputs=None))]
pub fn password_strength(
    password: SecretText,
    extra_words: Option<Vec<Text>>,
    email: Option<Text>,
    user_inputs: Option<Vec<Text>>,
) -> PyResult<StrengthResult> {
    let words = inputs(email.as_deref(), words_arg(extra_words, user_inputs)?);
    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
    Ok(StrengthResult { inner: core::password_strength(&password, &refs) })
}

/// The strengths of many passwords, in order, on every core (releases the GIL). The passwords
/// are copied once, into a buffer zeroized when the call returns. `extra_words` as in
/// `password_strength` (`user_inputs` is its older name).
#[pyfunction]
#[pyo3(signature = (passwords, extra_words=None, email=None, threads=None, *, user_inputs=None))]
pub fn password_strength_batch(
    py: Python<'_>,
    passwords: Passwords,
    extra_words: Option<Vec<Text>>,
    email: Option<Text>,
    threads: Option<Int<usize>>,
    user_inputs: Option<Vec<Text>>,
) -> PyResult<Vec<StrengthResult>> {
    let words = inputs(email.as_deref(), words_arg(extra_words, user_inputs)?);
    let threads = threads
        .map_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get), |t| t.0);
    let results = py.detach(|| {
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let list: Vec<&str> = passwords.0.iter().map(String::as_str).collect();
        core::password_strength_batch(&list, &refs, threads)
    });
    Ok(results.into_iter().map(|inner| StrengthResult { inner }).collect())
}

/// One unmet rule of a master-password policy.
#[pyclass(module = "mspkit", frozen, eq, get_all)]
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyViolation {
    /// The stable code.
    code: &'static str,
    /// What to do.
    message: String,
}

#[pymethods]
impl PolicyViolation {
    fn __repr__(&self) -> String {
        format!("PolicyViolation(code={:?})", self.code)
    }
}

fn context(email: Option<Text>, extra_words: Option<Vec<Text>>) -> core::PasswordContext {
    core::PasswordContext {
        email: email.map(|t| t.0),
        extra_words: extra_words.unwrap_or_default().into_iter().map(|t| t.0).collect(),
    }
}

/// An organization's master-password policy.
#[pyclass(module = "mspkit", frozen, eq, hash, from_py_object)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MasterPasswordPolicy {
    inner: core::MasterPasswordPolicy,
}

#[pymethods]
impl MasterPasswordPolicy {
    #[new]
    #[pyo3(signature = (*, min_complexity=None, min_length=None, require_upper=false, require_lower=false, require_numbers=false, require_special=false, enforce_on_login=false))]
    fn new(
        min_complexity: Option<Wide>,
        min_length: Option<Wide>,
        require_upper: bool,
        require_lower: bool,
        require_numbers: bool,
        require_special: bool,
        enforce_on_login: bool,
    ) -> PyResult<Self> {
        let inner = core::MasterPasswordPolicy::default()
            .with_min_complexity(min_complexity.map(|w| w.0))
            .and_then(|p| p.with_min_length(min_length.map(|w| w.0)))
            .map_err(to_py_err)?
            .requiring(core::CharacterClasses {
                upper: require_upper,
                lower: require_lower,
                numbers: require_numbers,
                special: require_special,
            })
            .with_enforce_on_login(enforce_on_login);
        Ok(Self { inner })
    }

    /// The minimum zxcvbn score, or `None`.
    #[getter]
    fn min_complexity(&self) -> Option<u8> {
        self.inner.min_complexity()
    }

    /// The minimum length, or `None`.
    #[getter]
    fn min_length(&self) -> Option<u32> {
        self.inner.min_length()
    }

    /// Whether an upper-case letter is required.
    #[getter]
    fn require_upper(&self) -> bool {
        self.inner.require_upper()
    }

    /// Whether a lower-case letter is required.
    #[getter]
    fn require_lower(&self) -> bool {
        self.inner.require_lower()
    }

    /// Whether a digit is required.
    #[getter]
    fn require_numbers(&self) -> bool {
        self.inner.require_numbers()
    }

    /// Whether one of `!@#$%^&*` is required.
    #[getter]
    fn require_special(&self) -> bool {
        self.inner.require_special()
    }

    /// Whether the policy is enforced on login.
    #[getter]
    fn enforce_on_login(&self) -> bool {
        self.inner.enforce_on_login()
    }

    /// Every unmet rule of `password` (an empty list when it complies).
    #[pyo3(signature = (password, email=None, extra_words=None))]
    fn evaluate(
        &self,
        password: SecretText,
        email: Option<Text>,
        extra_words: Option<Vec<Text>>,
    ) -> Vec<PolicyViolation> {
        self.inner
            .evaluate(&password, &context(email, extra_words))
            .into_iter()
            .map(|v| PolicyViolation { code: v.code, message: v.message })
            .collect()
    }

    /// The strictest combination of several policies.
    #[staticmethod]
    fn strictest(policies: Vec<MasterPasswordPolicy>) -> Self {
        Self { inner: core::MasterPasswordPolicy::strictest(policies.iter().map(|p| &p.inner)) }
    }

    /// mspkit's JSON form.
    fn to_json(&self) -> PyResult<String> {
        crate::convert::to_json(&self.inner)
    }

    /// Reads mspkit's JSON form, validating every value.
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, json: Text) -> PyResult<Self> {
        // The one document reader: its size limit and no repeated key (`duplicate_key`); a
        // value out of range or the wrong shape stays `policy_invalid`.
        mspkit::DocumentReader::new()
            .parse(&json, "master-password policy")
            .map(|inner| Self { inner })
            .map_err(|e| match e {
                mspkit::DocumentError::Invalid { .. } => {
                    crate::errors::validation_error("policy_invalid", &e.to_string())
                }
                other => crate::errors::to_py_err(mspkit::Error::Document(other)),
            })
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((py.get_type::<Self>().getattr("from_json")?, (self.to_json()?,)))
    }

    fn __repr__(&self) -> String {
        let number = |n: Option<u32>| n.map_or_else(|| "None".to_owned(), |n| n.to_string());
        let flag = |b: bool| if b { "True" } else { "False" };
        format!(
            "MasterPasswordPolicy(min_complexity={}, min_length={}, require_upper={}, require_lower={}, require_numbers={}, require_special={}, enforce_on_login={})",
            number(self.inner.min_complexity().map(u32::from)),
            number(self.inner.min_length()),
            flag(self.inner.require_upper()),
            flag(self.inner.require_lower()),
            flag(self.inner.require_numbers()),
            flag(self.inner.require_special()),
            flag(self.inner.enforce_on_login())
        )
    }
}

/// The registration rule: at least 12 characters, the policy met, and a score of at least 3
/// unless `accept_weak`. Returns the strength; raises `PasswordError` otherwise.
#[pyfunction]
#[pyo3(signature = (password, *, email=None, extra_words=None, policy=None, accept_weak=false))]
pub fn check_registration(
    password: SecretText,
    email: Option<Text>,
    extra_words: Option<Vec<Text>>,
    policy: Option<MasterPasswordPolicy>,
    accept_weak: bool,
) -> PyResult<StrengthResult> {
    core::check_registration(
        &password,
        &context(email, extra_words),
        policy.as_ref().map(|p| &p.inner),
        accept_weak,
    )
    .map(|check| StrengthResult { inner: check.strength })
    .map_err(to_py_err)
}

/// Registers the classes and functions on the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Kdf>()?;
    m.add_class::<MasterKey>()?;
    m.add_class::<KdfDeriver>()?;
    m.add_class::<StrengthResult>()?;
    m.add_class::<PolicyViolation>()?;
    m.add_class::<MasterPasswordPolicy>()?;
    m.add_function(wrap_pyfunction!(password_strength, m)?)?;
    m.add_function(wrap_pyfunction!(password_strength_batch, m)?)?;
    m.add_function(wrap_pyfunction!(check_registration, m)?)?;
    Ok(())
}
