//! Password strength: zxcvbn, with the user's own words.
//!
//! Two known differences from the reference JavaScript zxcvbn, both in the `zxcvbn` crate:
//! all-caps tokens with digits or symbols (`ALICE1`) get no capitalisation credit, and years from
//! 2020 on are scored against the year of the system clock (read once per process by the crate),
//! so a score involving a recent year can change when the year does.

use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

/// The product's words, which every password check counts as the user's own.
pub const PRODUCT_WORDS: [&str; 3] = ["bitwarden", "bit", "warden"];

/// How long an attacker needs, as zxcvbn's readable estimates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrackTimes {
    /// Online, throttled (100 guesses an hour).
    pub online_throttling: String,
    /// Online, unthrottled (10 guesses a second).
    pub online_no_throttling: String,
    /// Offline, slow hash (10⁴ guesses a second).
    pub offline_slow_hashing: String,
    /// Offline, fast hash (10¹⁰ guesses a second).
    pub offline_fast_hashing: String,
}

/// The strength of one password. It never contains the password.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Strength {
    /// zxcvbn's score, 0 (too guessable) to 4 (very unguessable).
    pub score: u8,
    /// log10 of the estimated guesses: always finite, 0 (one guess) for an empty password.
    pub guesses_log10: f64,
    /// Readable crack-time estimates.
    pub crack_times: CrackTimes,
    /// What is wrong, when zxcvbn says.
    pub warning: Option<String>,
    /// How to do better.
    pub suggestions: Vec<String>,
}

/// The user inputs of a password check, as the reference clients build them and in their order
/// (zxcvbn ranks a user input by its position): the product's words, the caller's extra words
/// (for example the organization's name) trimmed and lower-cased, then the email's words — the
/// part before its first `@`, trimmed, lower-cased and split on anything but ASCII letters and
/// digits. Text without an `@` gives no email words. Duplicates keep their first place.
///
/// ```
/// use mspkit::password::user_inputs;
///
/// let inputs = user_inputs(Some("Jane.Doe+vault@example.com"), &["Northwind"]);
/// assert_eq!(inputs, ["bitwarden", "bit", "warden", "northwind", "jane", "doe", "vault"]);
/// assert_eq!(user_inputs(Some("jane.doe"), &[]), ["bitwarden", "bit", "warden"]);
/// ```
pub fn user_inputs(email: Option<&str>, extra: &[&str]) -> Vec<String> {
    let local = email.and_then(|e| e.split_once('@')).map(|(local, _)| local.trim().to_lowercase());
    let email_words = local
        .iter()
        .flat_map(|l| l.split(|c: char| !c.is_ascii_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_owned);
    let mut words: Vec<String> = PRODUCT_WORDS
        .iter()
        .map(|w| (*w).to_owned())
        .chain(extra.iter().map(|w| w.trim().to_lowercase()).filter(|w| !w.is_empty()))
        .chain(email_words)
        .collect();
    let mut seen = std::collections::HashSet::new();
    words.retain(|w| seen.insert(w.clone()));
    words
}

/// Estimates one password's strength against `user_inputs` (see [`user_inputs`]).
pub fn password_strength(password: &str, user_inputs: &[&str]) -> Strength {
    let entropy = zxcvbn::zxcvbn(password, user_inputs);
    let times = entropy.crack_times();
    let feedback = entropy.feedback();
    Strength {
        score: u8::from(entropy.score()),
        // The crate reports log10(0) = -inf for the empty password, which JSON cannot carry (it
        // becomes `null` and does not read back). The empty password takes one guess, as in the
        // reference zxcvbn and the crate's own scoring: log10(1) = 0.
        guesses_log10: Some(entropy.guesses_log10()).filter(|g| g.is_finite()).unwrap_or(0.0),
        crack_times: CrackTimes {
            online_throttling: times.online_throttling_100_per_hour().to_string(),
            online_no_throttling: times.online_no_throttling_10_per_second().to_string(),
            offline_slow_hashing: times.offline_slow_hashing_1e4_per_second().to_string(),
            offline_fast_hashing: times.offline_fast_hashing_1e10_per_second().to_string(),
        },
        warning: feedback.and_then(zxcvbn::feedback::Feedback::warning).map(|w| w.to_string()),
        suggestions: feedback
            .map(|f| f.suggestions().iter().map(ToString::to_string).collect())
            .unwrap_or_default(),
    }
}

/// Estimates many passwords at once on up to `threads` threads (at least one), in order.
///
/// The threads take blocks of passwords from a shared counter as they finish, so a corpus whose
/// expensive passwords (long passphrases, random strings) are bunched together still keeps every
/// thread busy.
pub fn password_strength_batch(passwords: &[&str], user_inputs: &[&str], threads: usize) -> Vec<Strength> {
    const BLOCK: usize = 16;
    let threads = threads.clamp(1, passwords.len().div_ceil(BLOCK).max(1));
    if threads == 1 {
        return passwords.iter().map(|p| password_strength(p, user_inputs)).collect();
    }
    let next = AtomicUsize::new(0);
    let mut scored: Vec<(usize, Vec<Strength>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let start = next.fetch_add(BLOCK, Ordering::Relaxed);
                        let Some(block) = passwords.get(start..passwords.len().min(start + BLOCK)) else {
                            break;
                        };
                        if block.is_empty() {
                            break;
                        }
                        done.push((start, block.iter().map(|p| password_strength(p, user_inputs)).collect()));
                    }
                    done
                })
            })
            .collect();
        // A scoring thread cannot panic on any input; should one ever, its blocks are scored below.
        workers.into_iter().filter_map(|w| w.join().ok()).flatten().collect()
    });
    scored.sort_unstable_by_key(|(start, _)| *start);
    let mut all = Vec::with_capacity(passwords.len());
    for (start, block) in scored {
        // Fill any gap a failed thread left, so the result always lines up with the input.
        for p in passwords.get(all.len()..start).unwrap_or_default() {
            all.push(password_strength(p, user_inputs));
        }
        all.extend(block);
    }
    for p in passwords.get(all.len()..).unwrap_or_default() {
        all.push(password_strength(p, user_inputs));
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_and_strong_passwords() {
        assert_eq!(password_strength("password", &[]).score, 0);
        let strong = password_strength("correct-horse-battery-staple-Fjord!", &[]);
        assert_eq!(strong.score, 4);
        assert!(strong.guesses_log10 > 10.0);
    }

    #[test]
    fn the_empty_password_is_one_guess_and_round_trips() {
        let empty = password_strength("", &PRODUCT_WORDS);
        assert_eq!((empty.score, empty.guesses_log10), (0, 0.0));
        let json = serde_json::to_string(&empty).unwrap();
        assert!(json.contains(r#""guesses_log10":0.0"#), "{json}");
        assert_eq!(serde_json::from_str::<Strength>(&json).unwrap(), empty);
        assert!(password_strength("a", &[]).guesses_log10 > empty.guesses_log10);
    }

    #[test]
    fn the_users_own_words_count_against_them() {
        let password = "northwindjanedoe";
        let without = password_strength(password, &[]);
        let inputs = user_inputs(Some("jane.doe@example.com"), &["Northwind"]);
        let refs: Vec<&str> = inputs.iter().map(String::as_str).collect();
        let with = password_strength(password, &refs);
        assert!(with.guesses_log10 < without.guesses_log10);
        assert!(with.score <= without.score);
        let product = password_strength("bitwardenwarden", &PRODUCT_WORDS);
        assert!(product.score <= 1);
    }

    #[test]
    fn user_inputs_follow_the_reference() {
        let words = |email: &str| user_inputs(Some(email), &[]).split_off(PRODUCT_WORDS.len());
        // The local part ends at the first `@`.
        assert_eq!(words("a.b@c@example.com"), ["a", "b"]);
        // No `@`: no email words (the whole text is not a local part).
        assert!(words("jane.doe").is_empty());
        assert!(user_inputs(None, &[]).len() == PRODUCT_WORDS.len());
        // Lower-cased first, then split on anything but ASCII letters and digits.
        assert_eq!(words(" J\u{f6}rg_M\u{fc}ller-2@example.com"), ["j", "rg", "m", "ller", "2"]);
        assert_eq!(words("ANNA\u{212a}arl@example.com"), ["annakarl"]); // Kelvin sign lower-cases to `k`
        // Product words first, then the caller's, then the email's; duplicates keep their place.
        assert_eq!(
            user_inputs(Some("warden.jane@example.com"), &["Jane", " Acme "]),
            ["bitwarden", "bit", "warden", "jane", "acme"]
        );
    }

    #[test]
    fn feedback_explains_weak_passwords() {
        let weak = password_strength("qwerty", &[]);
        assert!(weak.warning.is_some());
        assert!(!weak.suggestions.is_empty());
        assert_eq!(weak.crack_times.offline_fast_hashing, "less than a second");
    }

    #[test]
    fn batch_keeps_order_and_agrees_with_single() {
        let passwords =
            ["password", "Tr0ub4dour&3", "correct horse battery staple", "qwerty", "x", "zxcvbn!!"];
        let single: Vec<Strength> = passwords.iter().map(|p| password_strength(p, &[])).collect();
        let many: Vec<&str> = passwords.iter().copied().cycle().take(100).collect();
        let many_single: Vec<Strength> = many.iter().map(|p| password_strength(p, &[])).collect();
        assert_eq!(password_strength_batch(&many, &[], 3), many_single);
        for threads in [1, 2, 4, 16] {
            assert_eq!(password_strength_batch(&passwords, &[], threads), single);
        }
        assert!(password_strength_batch(&[], &[], 4).is_empty());
    }
}
