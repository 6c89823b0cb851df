//! Invitation, set-up and deletion tokens: `TokenKey`, `Token`, `Invitation` and the
//! `TokenError` exception. The signing and checking are the core's (`mspkit::token`); the
//! `Provider` methods that issue and check tokens live with the other commands in
//! [`crate::provider`]. A key or a token never appears in a `repr`, a `str` or a message.

use pyo3::prelude::*;
use pyo3::types::PyBytes;
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::convert::Text;
use crate::errors::MspkitError;

pyo3::create_exception!(
    mspkit,
    TokenError,
    MspkitError,
    "An invitation, set-up or deletion token was refused, or a token key is too short."
);

/// A `TokenError` with `.code`.
pub fn token_err(err: &mspkit::TokenError) -> PyErr {
    let py_err = TokenError::new_err(crate::errors::localized(err.code(), &err.to_string()));
    Python::attach(|py| {
        let _ = py_err.value(py).setattr("code", err.code());
    });
    py_err
}

/// The secret key tokens are signed with: at least 32 random bytes the embedding service keeps
/// across restarts (a new key invalidates every token issued). Wiped when dropped; its `repr`
/// never shows it.
#[pyclass(module = "mspkit", frozen)]
#[derive(Debug, Clone)]
pub struct TokenKey {
    pub(crate) inner: mspkit::TokenKey,
}

#[pymethods]
impl TokenKey {
    /// Takes the key's bytes (`TokenError` `token_key_too_short` under 32 bytes).
    #[new]
    fn new(key: &Bound<'_, PyBytes>) -> PyResult<Self> {
        // The copy mspkit makes is its own, wiped on drop; `Zeroizing` wipes this one.
        let bytes = Zeroizing::new(key.as_bytes().to_vec());
        mspkit::TokenKey::new(&bytes).map(|inner| Self { inner }).map_err(|e| token_err(&e))
    }

    fn __repr__(&self) -> &'static str {
        "TokenKey(<redacted>)"
    }
}

/// A token as mailed to a person and sent back by them. Any text makes a token; checking it is
/// what refuses a malformed one. Its `repr` and `str` never show it: read it with `expose()`.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub(crate) inner: mspkit::Token,
}

#[pymethods]
impl Token {
    /// A token from its text (as it came back in a link or a request).
    #[new]
    fn new(text: Text) -> Self {
        let Text(text) = text;
        Self { inner: mspkit::Token::from(text) }
    }

    /// The token's text, to put in a link or an email.
    fn expose(&self) -> &str {
        self.inner.expose()
    }

    fn __repr__(&self) -> &'static str {
        "Token(<redacted>)"
    }

    fn __str__(&self) -> &'static str {
        "Token(<redacted>)"
    }
}

impl Token {
    /// Wraps the core's token.
    pub fn new_inner(inner: mspkit::Token) -> Self {
        Self { inner }
    }
}

/// A token argument: a `Token`, or its text as a `str` (a lone surrogate is a `ValidationError`
/// `invalid_text`).
#[derive(Debug)]
pub struct TokenArg(pub mspkit::Token);

impl<'a, 'py> FromPyObject<'a, 'py> for TokenArg {
    type Error = PyErr;

    fn extract(ob: Borrowed<'a, 'py, PyAny>) -> Result<Self, Self::Error> {
        if let Ok(token) = ob.cast::<Token>() {
            return Ok(Self(token.get().inner.clone()));
        }
        let Text(text) = ob.extract::<Text>()?;
        Ok(Self(mspkit::Token::from(text)))
    }
}

/// One invitee of `Provider.invite_with_tokens`: the new membership, the address and the token
/// to send in the invitation email.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    member: Uuid,
    email: String,
    token: mspkit::Token,
}

impl Invitation {
    /// Wraps the core's invitation.
    pub fn new(invitation: mspkit::token::Invitation) -> Self {
        Self {
            member: invitation.member.uuid(),
            email: invitation.email.as_str().to_owned(),
            token: invitation.token,
        }
    }
}

#[pymethods]
impl Invitation {
    /// The new membership's id.
    #[getter]
    fn member(&self) -> Uuid {
        self.member
    }

    /// The invited address (normalised).
    #[getter]
    fn email(&self) -> &str {
        &self.email
    }

    /// The token to send to `email`.
    #[getter]
    fn token(&self) -> Token {
        Token::new_inner(self.token.clone())
    }

    fn __repr__(&self) -> String {
        format!("Invitation(member={}, email={:?}, token=<redacted>)", self.member, self.email)
    }
}

/// Registers the classes and the exception on the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("TokenError", m.py().get_type::<TokenError>())?;
    m.add_class::<TokenKey>()?;
    m.add_class::<Token>()?;
    m.add_class::<Invitation>()?;
    Ok(())
}
