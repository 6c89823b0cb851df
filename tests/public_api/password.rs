//! Secrets never leak: no password, key or hash appears in any Debug output, error message or
//! JSON the password area produces.

use mspkit::password::{
    CharacterClasses, Kdf, KdfDeriver, MasterKey, MasterPasswordPolicy, PasswordContext, check_registration,
    password_strength,
};

const PASSWORD: &str = "Zebra-Quantum-Lantern-97";

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
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
