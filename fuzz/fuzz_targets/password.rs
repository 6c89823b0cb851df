//! Password evaluation with arbitrary Unicode: strength (with user inputs from any email and
//! words), a master-password policy with any settings, and — rarely, with the cheapest allowed
//! PBKDF2 settings — a key derivation.
//! Properties: no panic; a strength score is 0–4 with a finite guess count; policy results
//! agree with the policy's own settings; a derivation is deterministic.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use mspkit::password::{
    CharacterClasses, Kdf, MasterKey, MasterPasswordPolicy, PasswordContext, password_length,
};

#[derive(Debug, Arbitrary)]
struct Input {
    password: String,
    email: Option<String>,
    words: Vec<String>,
    min_complexity: Option<i8>,
    min_length: Option<i16>,
    classes: [bool; 4],
    derive: u8,
}

fuzz_target!(|input: Input| {
    let mut context = input.email.as_deref().map(PasswordContext::for_email).unwrap_or_default();
    context = context.with_words(&input.words);
    let strength = context.strength(&input.password);
    assert!(strength.score <= 4);
    assert!(strength.guesses_log10.is_finite() && strength.guesses_log10 >= 0.0);

    let policy = MasterPasswordPolicy::default()
        .with_min_complexity(input.min_complexity.map(i128::from))
        .and_then(|p| p.with_min_length(input.min_length.map(i128::from)))
        .map(|p| {
            p.requiring(CharacterClasses {
                upper: input.classes[0],
                lower: input.classes[1],
                numbers: input.classes[2],
                special: input.classes[3],
            })
        });
    if let Ok(policy) = policy {
        let violations = policy.evaluate(&input.password, &context);
        let too_short = violations.iter().any(|v| v.code == "too_short");
        let expected_short =
            policy.min_length().is_some_and(|n| password_length(&input.password) < n as usize);
        assert_eq!(too_short, expected_short, "too_short disagrees with the length");
        if policy == MasterPasswordPolicy::default() {
            assert!(violations.is_empty(), "an empty policy refused a password");
        }
    }

    // One input in 256 derives, with the cheapest settings the library allows.
    if input.derive == 0xA5 {
        let email = input.email.as_deref().unwrap_or("a@example.com");
        let kdf = Kdf::pbkdf2(5_000).expect("in range");
        let first = MasterKey::derive(&input.password, email, &kdf);
        let second = MasterKey::derive(&input.password, email, &kdf);
        match (first, second) {
            (Ok(a), Ok(b)) => assert_eq!(a.expose(), b.expose(), "a derivation is not deterministic"),
            (Err(a), Err(b)) => assert_eq!(a.code(), b.code()),
            _ => panic!("the same derivation succeeded once and failed once"),
        }
    }
});
