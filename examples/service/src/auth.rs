//! Authentication: JWT bearer tokens (`Authorization: Bearer …`) verified against the public
//! keys of a JWKS file with `jsonwebtoken`.
//!
//! A token is accepted when its header names an algorithm of EdDSA (Ed25519), ES256 or RS256,
//! its `kid` (or, without one, its algorithm) picks a key of the set whose own algorithm is that
//! one — an HMAC (`oct`) key is never accepted, so no public key can be used as a shared
//! secret — its signature verifies, its `iss` and `aud` are the configured ones, and `exp` (and
//! `nbf` when present) hold with at most [`LEEWAY_SECONDS`] of clock skew. Its `sub` is the
//! account id (a UUID); a `scope` claim holding `vendor` (space-separated) lets it call the
//! vendor's `/vendor/…` endpoints.
//!
//! For development and tests, [`keygen`] writes an Ed25519 signing key and its JWKS, and
//! [`Signer`] makes tokens (`mspkit-service keygen DIR`, `mspkit-service token …`).

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, JwkSet, KeyAlgorithm, ThumbprintHash};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use mspkit::UserId;
use serde::{Deserialize, Serialize};
use zeroize::Zeroize as _;

use crate::error::{ApiError, Category};

/// The clock skew tolerated on `exp` and `nbf`, in seconds.
pub const LEEWAY_SECONDS: u64 = 30;
/// The longest lifetime [`Signer::token`] gives a token.
pub const MAX_TTL: Duration = Duration::from_secs(30 * 24 * 3600);
/// The issuer and audience used when none is configured.
pub const DEFAULT_ISSUER: &str = "mspkit-service";
/// The audience used when none is configured.
pub const DEFAULT_AUDIENCE: &str = "mspkit-service";
/// The scope that opens the vendor's endpoints.
pub const VENDOR_SCOPE: &str = "vendor";

/// Who a verified token speaks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    /// The account (`sub`).
    pub user: UserId,
    /// Whether the token carries the vendor scope.
    pub vendor: bool,
}

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    iss: String,
    aud: String,
    exp: u64,
    iat: u64,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    scope: String,
}

/// One accepted public key.
struct Key {
    kid: Option<String>,
    algorithm: Algorithm,
    public: DecodingKey,
}

/// Verifies bearer tokens against a JWKS.
pub struct Verifier {
    keys: Vec<Key>,
    issuer: String,
    audience: String,
    /// Tokens verified before (by the SHA-256 of their text), with whom they speak for and their
    /// `exp`: a keep-alive client sends the same token with every request, and checking an
    /// Ed25519 signature was a fifth of a seat change's CPU. A token's bytes that verified once
    /// verify again with the same keys, issuer and audience; only its expiry is checked again.
    verified: std::sync::Mutex<HashMap<[u8; 32], (Identity, u64)>>,
}

/// The most verified tokens remembered; the memory is cleared when it is full.
pub const VERIFIED_TOKENS: usize = 4096;

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("keys", &self.keys.iter().map(|k| (k.kid.clone(), k.algorithm)).collect::<Vec<_>>())
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .finish_non_exhaustive()
    }
}

/// The algorithm a key of the set is used with: its `alg` when given, else the one its type
/// implies; `None` for a key this service does not accept.
fn key_algorithm(jwk: &Jwk) -> Option<Algorithm> {
    let implied = match &jwk.algorithm {
        AlgorithmParameters::OctetKeyPair(p) if p.curve == EllipticCurve::Ed25519 => Algorithm::EdDSA,
        AlgorithmParameters::EllipticCurve(p) if p.curve == EllipticCurve::P256 => Algorithm::ES256,
        AlgorithmParameters::RSA(_) => Algorithm::RS256,
        _ => return None,
    };
    match jwk.common.key_algorithm {
        None => Some(implied),
        Some(KeyAlgorithm::EdDSA) if implied == Algorithm::EdDSA => Some(implied),
        Some(KeyAlgorithm::ES256) if implied == Algorithm::ES256 => Some(implied),
        Some(KeyAlgorithm::RS256) if implied == Algorithm::RS256 => Some(implied),
        Some(_) => None,
    }
}

fn unauthenticated(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::new(Category::Unauthenticated, code, message)
}

impl Verifier {
    /// Reads a JWKS document. Keys of another type or algorithm than Ed25519 (EdDSA), P-256
    /// (ES256) and RSA (RS256) are refused, as is a set with no key.
    pub fn from_jwks(json: &str, issuer: &str, audience: &str) -> Result<Self, String> {
        let set: JwkSet = serde_json::from_str(json).map_err(|e| format!("not a JWKS document: {e}"))?;
        let mut keys = Vec::with_capacity(set.keys.len());
        for (i, jwk) in set.keys.iter().enumerate() {
            let algorithm = key_algorithm(jwk).ok_or_else(|| {
                format!("key {i} is not an Ed25519 (EdDSA), P-256 (ES256) or RSA (RS256) public key")
            })?;
            let key = DecodingKey::from_jwk(jwk).map_err(|e| format!("key {i}: {e}"))?;
            keys.push(Key { kid: jwk.common.key_id.clone(), algorithm, public: key });
        }
        if keys.is_empty() {
            return Err("the key set holds no key".to_owned());
        }
        Ok(Self {
            keys,
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            verified: std::sync::Mutex::default(),
        })
    }

    /// Reads a JWKS file.
    pub fn from_jwks_file(path: &Path, issuer: &str, audience: &str) -> Result<Self, String> {
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        Self::from_jwks(&text, issuer, audience).map_err(|e| format!("`{}`: {e}", path.display()))
    }

    /// Verifies the value of an `Authorization` header (`Bearer <token>`).
    pub fn verify_header(&self, header: Option<&str>) -> Result<Identity, ApiError> {
        let header = header.ok_or_else(|| {
            unauthenticated("token_missing", "send a token as `Authorization: Bearer <token>`")
        })?;
        let token = header
            .strip_prefix("Bearer ")
            .or_else(|| header.strip_prefix("bearer "))
            .map(str::trim)
            .ok_or_else(|| {
                unauthenticated("token_missing", "the `Authorization` header must be `Bearer <token>`")
            })?;
        self.verify(token)
    }

    /// Verifies a token (at once when the same token verified before and has not expired).
    pub fn verify(&self, token: &str) -> Result<Identity, ApiError> {
        use sha2::Digest as _;
        let digest: [u8; 32] = sha2::Sha256::digest(token.as_bytes()).into();
        let now = jsonwebtoken::get_current_timestamp();
        if let Ok(verified) = self.verified.lock()
            && let Some((identity, exp)) = verified.get(&digest)
            && now <= exp.saturating_add(LEEWAY_SECONDS)
        {
            return Ok(*identity);
        }
        let (identity, exp) = self.verify_signature(token)?;
        if let Ok(mut verified) = self.verified.lock() {
            if verified.len() >= VERIFIED_TOKENS {
                verified.clear();
            }
            verified.insert(digest, (identity, exp));
        }
        Ok(identity)
    }

    /// Verifies a token's signature and claims; returns whom it speaks for and its `exp`.
    fn verify_signature(&self, token: &str) -> Result<(Identity, u64), ApiError> {
        let invalid =
            |why: &str| unauthenticated("token_invalid", format!("the token is not accepted: {why}"));
        let header = jsonwebtoken::decode_header(token).map_err(|_| invalid("it is not a JWT"))?;
        if !matches!(header.alg, Algorithm::EdDSA | Algorithm::ES256 | Algorithm::RS256) {
            return Err(invalid("its algorithm is not EdDSA, ES256 or RS256"));
        }
        let candidates = self.keys.iter().filter(|k| {
            k.algorithm == header.alg && (header.kid.is_none() || k.kid.is_none() || k.kid == header.kid)
        });
        let mut validation = Validation::new(header.alg);
        validation.leeway = LEEWAY_SECONDS;
        validation.validate_nbf = true;
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[&self.audience]);
        validation.required_spec_claims =
            ["exp", "iss", "aud", "sub"].iter().map(|s| (*s).to_owned()).collect::<HashSet<_>>();
        let mut last = invalid("no key of the set matches its `kid` and algorithm");
        for key in candidates {
            match jsonwebtoken::decode::<Claims>(token, &key.public, &validation) {
                Ok(data) => {
                    let user = mspkit::uuid::Uuid::parse_str(&data.claims.sub)
                        .map(UserId::new)
                        .map_err(|_| invalid("its `sub` is not an account id (a UUID)"))?;
                    let vendor = data.claims.scope.split(' ').any(|s| s == VENDOR_SCOPE);
                    return Ok((Identity { user, vendor }, data.claims.exp));
                }
                Err(e) => {
                    use jsonwebtoken::errors::ErrorKind;
                    last = match e.kind() {
                        ErrorKind::ExpiredSignature => {
                            unauthenticated("token_expired", "the token has expired; get a new one")
                        }
                        ErrorKind::ImmatureSignature => invalid("it is not valid yet (`nbf`)"),
                        ErrorKind::InvalidIssuer => invalid("its issuer (`iss`) is not this service's"),
                        ErrorKind::InvalidAudience => invalid("its audience (`aud`) is not this service"),
                        ErrorKind::MissingRequiredClaim(claim) => invalid(&format!("it has no `{claim}`")),
                        ErrorKind::InvalidSignature => invalid("its signature does not verify"),
                        _ => invalid("it does not verify"),
                    };
                }
            }
        }
        Err(last)
    }
}

/// The PKCS#8 prefix of an Ed25519 private key (RFC 8410), before its 32-byte seed.
const ED25519_PKCS8_PREFIX: [u8; 16] =
    [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

/// Makes tokens with a private key (Ed25519, P-256 or RSA, PKCS#8 PEM).
pub struct Signer {
    key: EncodingKey,
    algorithm: Algorithm,
    kid: String,
    issuer: String,
    audience: String,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("algorithm", &self.algorithm)
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// Reads a PKCS#8 PEM private key: Ed25519 (EdDSA), P-256 (ES256) or RSA (RS256).
    pub fn from_pem(pem: &[u8], issuer: &str, audience: &str) -> Result<Self, String> {
        type Read = fn(&[u8]) -> jsonwebtoken::errors::Result<EncodingKey>;
        let tries: [(Algorithm, Read); 3] = [
            (Algorithm::EdDSA, EncodingKey::from_ed_pem),
            (Algorithm::ES256, EncodingKey::from_ec_pem),
            (Algorithm::RS256, EncodingKey::from_rsa_pem),
        ];
        for (algorithm, read) in tries {
            let Ok(key) = read(pem) else { continue };
            let Ok(jwk) = public_jwk(&key, algorithm) else { continue };
            let kid = jwk.common.key_id.unwrap_or_default();
            return Ok(Self {
                key,
                algorithm,
                kid,
                issuer: issuer.to_owned(),
                audience: audience.to_owned(),
            });
        }
        Err("not an Ed25519, P-256 or RSA private key in PKCS#8 PEM".to_owned())
    }

    /// Reads a PEM file (see [`Signer::from_pem`]).
    pub fn from_pem_file(path: &Path, issuer: &str, audience: &str) -> Result<Self, String> {
        let mut pem = std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        let signer = Self::from_pem(&pem, issuer, audience).map_err(|e| format!("`{}`: {e}", path.display()));
        pem.zeroize();
        signer
    }

    /// A token for the account `sub`, with the vendor scope when `vendor`, valid `ttl` from
    /// now (at most [`MAX_TTL`]).
    pub fn token(&self, sub: UserId, vendor: bool, ttl: Duration) -> Result<String, String> {
        if ttl > MAX_TTL || ttl.is_zero() {
            return Err("a token lives between 1 second and 30 days".to_owned());
        }
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_err(|e| e.to_string())?.as_secs();
        self.token_at(sub, vendor, now, now.saturating_add(ttl.as_secs()))
    }

    /// A token with the given issue and expiry times (seconds since 1970), for tests.
    pub fn token_at(&self, sub: UserId, vendor: bool, iat: u64, exp: u64) -> Result<String, String> {
        let mut header = Header::new(self.algorithm);
        header.kid = Some(self.kid.clone());
        let claims = Claims {
            sub: sub.to_string(),
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            exp,
            iat,
            scope: if vendor { VENDOR_SCOPE.to_owned() } else { String::new() },
        };
        jsonwebtoken::encode(&header, &claims, &self.key).map_err(|e| e.to_string())
    }

    /// The public key as a JWK (with its `kid`).
    pub fn jwk(&self) -> Result<Jwk, String> {
        public_jwk(&self.key, self.algorithm)
    }
}

/// The public JWK of a private key, its `kid` its RFC 7638 thumbprint.
fn public_jwk(key: &EncodingKey, algorithm: Algorithm) -> Result<Jwk, String> {
    let mut jwk = Jwk::from_encoding_key(key, algorithm).map_err(|e| e.to_string())?;
    jwk.common.key_id = Some(jwk.thumbprint(ThumbprintHash::SHA256).map_err(|e| e.to_string())?);
    jwk.common.public_key_use = Some(jsonwebtoken::jwk::PublicKeyUse::Signature);
    Ok(jwk)
}

/// The files [`keygen`] writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// `DIR/signing.pem`: the Ed25519 private key (PKCS#8 PEM, mode 0600).
    pub signing_key: std::path::PathBuf,
    /// `DIR/jwks.json`: its public key as a JWKS.
    pub jwks: std::path::PathBuf,
    /// `DIR/token.key`: 32 random bytes in hex for `--token-key` (mode 0600).
    pub token_key: std::path::PathBuf,
}

fn write_secret(path: &Path, contents: &[u8]) -> Result<(), String> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| format!("cannot create `{}`: {e}", path.display()))?;
    std::io::Write::write_all(&mut file, contents)
        .map_err(|e| format!("cannot write `{}`: {e}", path.display()))
}

/// Writes a new Ed25519 signing key, its JWKS and a token key into `dir` (created when
/// missing). Refuses to replace existing files.
pub fn keygen(dir: &Path) -> Result<Generated, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
    let generated = Generated {
        signing_key: dir.join("signing.pem"),
        jwks: dir.join("jwks.json"),
        token_key: dir.join("token.key"),
    };
    for path in [&generated.signing_key, &generated.jwks, &generated.token_key] {
        if path.exists() {
            return Err(format!("`{}` exists; keygen does not replace keys", path.display()));
        }
    }
    let mut der = Vec::with_capacity(48);
    der.extend_from_slice(&ED25519_PKCS8_PREFIX);
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| e.to_string())?;
    der.extend_from_slice(&seed);
    seed.zeroize();
    let mut body = base64::engine::general_purpose::STANDARD.encode(&der);
    der.zeroize();
    let mut pem = format!("-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----\n");
    body.zeroize();
    let signer = Signer::from_pem(pem.as_bytes(), DEFAULT_ISSUER, DEFAULT_AUDIENCE)?;
    let set = JwkSet { keys: vec![signer.jwk()?] };
    let jwks = serde_json::to_string_pretty(&set).map_err(|e| e.to_string())?;
    let mut token_key = [0u8; 32];
    getrandom::fill(&mut token_key).map_err(|e| e.to_string())?;
    let mut token_hex = String::with_capacity(64);
    for byte in token_key {
        let _ = std::fmt::Write::write_fmt(&mut token_hex, format_args!("{byte:02x}"));
    }
    token_key.zeroize();
    let written = write_secret(&generated.signing_key, pem.as_bytes())
        .and_then(|()| write_secret(&generated.token_key, token_hex.as_bytes()))
        .and_then(|()| {
            std::fs::write(&generated.jwks, jwks + "\n")
                .map_err(|e| format!("cannot write `{}`: {e}", generated.jwks.display()))
        });
    pem.zeroize();
    token_hex.zeroize();
    written.map(|()| generated)
}

/// Reads a lifetime such as `90s`, `15m`, `1h` or `2d`.
pub fn parse_ttl(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let invalid = || format!("`{text}` is not a lifetime such as 90s, 15m, 1h or 2d");
    let split = text.find(|c: char| !c.is_ascii_digit()).ok_or_else(invalid)?;
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().map_err(|_| invalid())?;
    let unit = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(invalid()),
    };
    number.checked_mul(unit).map(Duration::from_secs).ok_or_else(invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifetimes() {
        assert_eq!(parse_ttl("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_ttl("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_ttl("2d"), Ok(Duration::from_secs(172_800)));
        for bad in ["", "h", "1", "1w", "-1h", "99999999999999999999d", "1 h"] {
            assert!(parse_ttl(bad).is_err(), "{bad}");
        }
    }
}
