//! KDF settings: the serde form (`Kdf` from JSON) and the constructors with any integers.
//! Properties: no panic; accepted settings are within the documented ranges, round-trip
//! through serde and the constructors to an equal value; refusals carry a `kdf_` code.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use mspkit::password::{Kdf, KdfType};

#[derive(Debug, Arbitrary)]
enum Input {
    Json(String),
    Code { code: i128, iterations: i128, memory_mib: Option<i128>, parallelism: Option<i128> },
    Pbkdf2(i128),
    Argon2id(i128, i128, i128),
}

fn check(kdf: Kdf) {
    match kdf.kind() {
        KdfType::Pbkdf2Sha256 => {
            assert!((5_000..=2_000_000).contains(&kdf.iterations()));
            assert_eq!(kdf.memory_mib(), None);
            assert_eq!(Kdf::pbkdf2(kdf.iterations()).expect("in range"), kdf);
        }
        KdfType::Argon2id => {
            let memory = kdf.memory_mib().expect("argon2id has memory");
            let lanes = kdf.parallelism().expect("argon2id has lanes");
            assert!((2..=10).contains(&kdf.iterations()));
            assert!((16..=1024).contains(&memory));
            assert!((1..=16).contains(&lanes));
            assert_eq!(Kdf::argon2id(kdf.iterations(), memory, lanes).expect("in range"), kdf);
        }
    }
    let json = serde_json::to_string(&kdf).expect("settings write");
    assert_eq!(serde_json::from_str::<Kdf>(&json).expect("written settings read back"), kdf);
}

fuzz_target!(|input: Input| {
    let result = match input {
        Input::Json(text) => match serde_json::from_str::<Kdf>(&text) {
            Ok(kdf) => Ok(kdf),
            Err(_) => return,
        },
        Input::Code { code, iterations, memory_mib, parallelism } => {
            Kdf::from_code(code, iterations, memory_mib, parallelism)
        }
        Input::Pbkdf2(iterations) => Kdf::pbkdf2(iterations),
        Input::Argon2id(i, m, p) => Kdf::argon2id(i, m, p),
    };
    match result {
        Ok(kdf) => check(kdf),
        Err(e) => assert!(e.code().contains("kdf"), "unexpected code {}", e.code()),
    }
});
