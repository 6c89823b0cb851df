//! The password area over the public API: every published reference vector, known answers for
//! the local hash and the stretched key, and no secret in any Debug output, error message or JSON.

use mspkit::password::{
    CharacterClasses, Kdf, KdfDeriver, MasterKey, MasterPasswordPolicy, PRODUCT_WORDS, PasswordContext,
    check_registration, password_length, password_strength, user_inputs,
};

const PASSWORD: &str = "Zebra-Quantum-Lantern-97";

const VECTOR_PASSWORD: &str = "asdfasdf";
const KEY_PASSWORD: &str = "67t9b5g67$%Dh89n";
/// The spec's PBKDF2 (10 000 iterations) master key of `KEY_PASSWORD` salted with `test_key`.
const PBKDF2_KEY: [u8; 32] = [
    31, 79, 104, 226, 150, 71, 177, 90, 194, 80, 172, 209, 17, 129, 132, 81, 138, 167, 69, 167, 254, 149, 2,
    27, 39, 197, 64, 42, 22, 195, 86, 75,
];
/// The spec's Argon2id (t=4, m=32 MiB, p=2) master key of `KEY_PASSWORD` salted with `test_key`.
const ARGON2_KEY: [u8; 32] = [
    207, 240, 225, 177, 162, 19, 163, 76, 98, 106, 179, 175, 224, 9, 17, 240, 20, 147, 237, 47, 246, 150,
    141, 184, 62, 225, 131, 242, 51, 53, 225, 242,
];

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

// Published reference vectors (spec: "the library's tests must include them").

#[test]
fn pbkdf2_server_hash_vector_for_every_spelling_of_the_email() {
    let kdf = Kdf::pbkdf2(100_000).unwrap();
    for email in ["test@bitwarden.com", "TEST@bitwarden.com", " test@bitwarden.com"] {
        let key = MasterKey::derive(VECTOR_PASSWORD, email, &kdf).unwrap();
        let hash = key.server_hash(VECTOR_PASSWORD);
        assert_eq!(hash.expose(), "wmyadRMyBZOH7P/a/ucTCbSghKgdzDpPqUnu/DAVtSw=", "{email:?}");
        assert!(key.verify_server_hash(VECTOR_PASSWORD, hash.expose()));
    }
}

#[test]
fn argon2id_server_hash_vector() {
    let kdf = Kdf::argon2id(4, 32, 2).unwrap();
    let key = MasterKey::derive(VECTOR_PASSWORD, "test_salt", &kdf).unwrap();
    assert_eq!(key.server_hash(VECTOR_PASSWORD).expose(), "PR6UjYmjmppTYcdyTiNbAhPJuQQOmynKbdEl1oyi/iQ=");
}

#[test]
fn master_key_byte_vectors() {
    let pbkdf2 = MasterKey::derive(KEY_PASSWORD, "test_key", &Kdf::pbkdf2(10_000).unwrap()).unwrap();
    assert_eq!(pbkdf2.expose(), &PBKDF2_KEY);
    let argon2 = MasterKey::derive(KEY_PASSWORD, "test_key", &Kdf::argon2id(4, 32, 2).unwrap()).unwrap();
    assert_eq!(argon2.expose(), &ARGON2_KEY);
}

#[test]
fn a_reused_deriver_gives_every_vector() {
    let mut deriver = KdfDeriver::new();
    let argon2 = Kdf::argon2id(4, 32, 2).unwrap();
    for _ in 0..2 {
        assert_eq!(deriver.derive(KEY_PASSWORD, "test_key", &argon2).unwrap().expose(), &ARGON2_KEY);
        let key = deriver.derive(VECTOR_PASSWORD, "test_salt", &argon2).unwrap();
        assert_eq!(key.server_hash(VECTOR_PASSWORD).expose(), "PR6UjYmjmppTYcdyTiNbAhPJuQQOmynKbdEl1oyi/iQ=");
        let pbkdf2 = deriver.derive(KEY_PASSWORD, "test_key", &Kdf::pbkdf2(10_000).unwrap()).unwrap();
        assert_eq!(pbkdf2.expose(), &PBKDF2_KEY);
    }
}

// Known answers for what the published vectors do not cover: the local hash (2 rounds) and the
// stretched key (HKDF-SHA256 expand with `enc` and `mac`). Computed independently of the crates
// mspkit uses, with Python's standard library:
//   local  = base64(hashlib.pbkdf2_hmac("sha256", key, password, 2, 32))
//   server = base64(hashlib.pbkdf2_hmac("sha256", key, password, 1, 32))
//   expand(key, info) = hmac.new(key, info + b"\x01", hashlib.sha256).digest()  (one 32-byte block)
// The `test_key` stretched halves are also the reference SDK's `test_stretch_kdf_key` vector.

#[test]
fn local_hash_known_answers() {
    let kdf = Kdf::pbkdf2(100_000).unwrap();
    let key = MasterKey::derive(VECTOR_PASSWORD, "test@bitwarden.com", &kdf).unwrap();
    let local = key.local_hash(VECTOR_PASSWORD);
    assert_eq!(local.expose(), "npf6w9mFGiNJZkg6QdWsiqZr94+ClKDTzF/B3XW4XV4=");
    assert!(
        !key.verify_server_hash(VECTOR_PASSWORD, local.expose()),
        "the local hash is not the server hash"
    );

    let pbkdf2 = MasterKey::from_bytes(PBKDF2_KEY);
    assert_eq!(pbkdf2.server_hash(KEY_PASSWORD).expose(), "XLXIhqgTBvhKS2cbb99YpUf9wEUFtMBwX1Ht2HCA0tA=");
    assert_eq!(pbkdf2.local_hash(KEY_PASSWORD).expose(), "HyfuAha7bjlw4L98dHv2z6BJ83z0BSWIssOKKq/PV18=");
    let argon2 = MasterKey::from_bytes(ARGON2_KEY);
    assert_eq!(argon2.server_hash(KEY_PASSWORD).expose(), "r3Eince9qETXVbhwh9B2OSVoJZLxvqHS2ig2kCocNrg=");
    assert_eq!(argon2.local_hash(KEY_PASSWORD).expose(), "ivUeCZlhRuATmr6eS7nmNK4dEszTCUKBxDIxRl0+JWc=");
}

#[test]
fn stretched_key_known_answers() {
    let cases = [
        (
            PBKDF2_KEY,
            "6f1fb22dee9825728fd77c5387adc3178e8678f93d84a3b671c5bdccbc15ed60",
            "dd7fceea651bca265634221c4e1cb910303d7fa6d1f7c257e81a3055c1f9b39b",
        ),
        (
            ARGON2_KEY,
            "ecfda679cf7c62952a8d61e2cf47ad3c0a00b8fffc573e20bca6addf929fdedb",
            "d6904cade16a8483ad3886f1dfe3a5a192256fce9b18e09786bdca001b958315",
        ),
    ];
    for (key, enc, mac) in cases {
        let stretched = MasterKey::from_bytes(key).stretch().unwrap();
        assert_eq!(hex(stretched.expose_enc()), enc);
        assert_eq!(hex(stretched.expose_mac()), mac);
    }
    // Through derivation too, for the Bitwarden email vector.
    let key =
        MasterKey::derive(VECTOR_PASSWORD, "test@bitwarden.com", &Kdf::pbkdf2(100_000).unwrap()).unwrap();
    assert_eq!(hex(key.expose()), "8fa2c8c4233b33854aa1bca4ca725ccd12abde38b7482720def4eea018049268");
    let stretched = key.stretch().unwrap();
    assert_eq!(
        hex(stretched.expose_enc()),
        "8a14f9483d4b9444a72f66d1bb1aed4719625eddb2de2c912dfb815f4d4a8ea8"
    );
    assert_eq!(
        hex(stretched.expose_mac()),
        "f37d64d72d6f69b10532c6b04dc17dbbc3728fa2c152f112fc756eac9dc04d77"
    );
}

#[test]
fn no_secret_appears_in_debug_errors_or_json() {
    let kdf = Kdf::pbkdf2(5_000).unwrap();
    let key = MasterKey::derive(PASSWORD, "leak@example.com", &kdf).unwrap();
    let server = key.server_hash(PASSWORD);
    let local = key.local_hash(PASSWORD);
    let stretched = key.stretch().unwrap();
    let mut deriver = KdfDeriver::new();
    deriver.derive(PASSWORD, "leak@example.com", &Kdf::argon2id(2, 16, 1).unwrap()).unwrap();

    let secrets = [
        PASSWORD.to_owned(),
        server.expose().to_owned(),
        local.expose().to_owned(),
        hex(key.expose()),
        hex(stretched.expose_enc()),
        hex(stretched.expose_mac()),
        format!("{:?}", key.expose()),
    ];

    let context = PasswordContext::for_email("leak@example.com");
    let policy = MasterPasswordPolicy::default()
        .with_min_length(Some(40))
        .unwrap()
        .with_min_complexity(Some(4))
        .unwrap()
        .requiring(CharacterClasses::ALL);
    let mut shown = vec![
        format!("{key:?} {server:?} {local:?} {stretched:?} {deriver:?} {kdf:?}"),
        serde_json::to_string(&password_strength(PASSWORD, &[])).unwrap(),
        serde_json::to_string(&policy.evaluate(PASSWORD, &context)).unwrap(),
        serde_json::to_string(&check_registration(PASSWORD, &context, None, true).unwrap()).unwrap(),
        serde_json::to_string(&kdf).unwrap(),
    ];
    for err in [
        check_registration(PASSWORD, &context, Some(&policy), true).unwrap_err(),
        check_registration(&PASSWORD[..8], &context, None, true).unwrap_err(),
        MasterKey::derive(PASSWORD, "  ", &kdf).unwrap_err(),
    ] {
        shown.push(format!("{err} {err:?}"));
        shown.push(format!("{} {:?}", mspkit::Error::from(err.clone()), mspkit::Error::from(err)));
    }
    for text in &shown {
        for secret in &secrets {
            assert!(!text.contains(secret.as_str()), "a secret leaked into: {text}");
        }
        assert!(!text.contains(&PASSWORD[..8]), "part of the password leaked into: {text}");
    }
}

#[test]
fn too_short_says_the_minimum_never_the_length() {
    let context = PasswordContext::default();
    for password in ["a", "seven77", "elevenchars"] {
        let err = check_registration(password, &context, None, true).unwrap_err();
        assert_eq!(err.code(), "password_too_short");
        assert_eq!(err.to_string(), "the master password is too short; it needs at least 12 characters");
        assert_eq!(format!("{err:?}"), "TooShort { minimum: 12 }");
        let policy = MasterPasswordPolicy::default().with_min_length(Some(20)).unwrap();
        let unmet = policy.evaluate(password, &context);
        assert_eq!(unmet.len(), 1);
        assert_eq!((unmet[0].code, unmet[0].message.as_str()), ("too_short", "use at least 20 characters"));
    }
}

#[test]
fn the_empty_password_has_a_finite_strength_that_round_trips() {
    let empty = password_strength("", &[]);
    assert_eq!((empty.score, empty.guesses_log10), (0, 0.0));
    let json = serde_json::to_string(&empty).unwrap();
    assert_eq!(serde_json::from_str::<mspkit::password::Strength>(&json).unwrap(), empty);
}

#[test]
fn user_inputs_are_the_references() {
    assert_eq!(
        user_inputs(Some(" Jane.Doe+Vault@Corp@example.com"), &["Northwind"]),
        ["bitwarden", "bit", "warden", "northwind", "jane", "doe", "vault"]
    );
    assert_eq!(user_inputs(Some("no-at-sign.example.com"), &[]), PRODUCT_WORDS);
    assert_eq!(PasswordContext::for_email("j\u{fc}rgen@example.com").user_inputs()[3..], ["j", "rgen"]);
}

#[test]
fn lengths_are_utf16_code_units_as_in_the_reference_clients() {
    let keys = "\u{1F511}".repeat(6); // six emoji, twelve code units
    assert_eq!(password_length(&keys), 12);
    let context = PasswordContext::default();
    assert_eq!(check_registration(&keys, &context, None, true).unwrap().strength.score, 0);
    let short = format!("{}x", "\u{1F511}".repeat(5));
    assert_eq!(check_registration(&short, &context, None, true).unwrap_err().code(), "password_too_short");
}
