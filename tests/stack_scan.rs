//! No copy of a master key outlives its owner on the deriving thread's stack.
//!
//! Each case runs in a child process (this binary again) on its main thread, whose stack is the
//! `[stack]` mapping of `/proc/self/maps`: it derives a key, checks it, drops it, then reads its
//! whole stack through `/proc/self/mem` and counts the places where the key's 32 bytes appear.
//! The parent first learns each key from a separate child, so the scanning child only ever holds
//! the expected key on the heap. Linux only; elsewhere the binary says it skipped.

#![expect(clippy::panic, reason = "a test binary without the test harness: a panic is a failed test")]

use std::io::{Read as _, Seek as _, SeekFrom};
use std::process::{Command, ExitCode};

use mspkit::password::{Kdf, KdfDeriver, MasterKey};

const CHILD: &str = "MSPKIT_STACK_SCAN_CASE";
const NEEDLE: &str = "MSPKIT_STACK_SCAN_KEY";
const PASSWORD: &str = "correct horse battery staple";
const EMAIL: &str = "scan@example.com";

/// The cases: a name and the settings of the derivation.
fn cases() -> Vec<(&'static str, Kdf)> {
    let kdf = |k: Result<Kdf, _>| k.unwrap_or_else(|e| panic!("test settings: {e}"));
    vec![
        ("pbkdf2", kdf(Kdf::pbkdf2(5_000))),
        ("argon2id-1-lane", kdf(Kdf::argon2id(2, 16, 1))),
        ("argon2id-4-lanes", kdf(Kdf::argon2id(2, 16, 4))),
        ("kdf-deriver", kdf(Kdf::argon2id(2, 16, 4))),
        ("stretch", kdf(Kdf::pbkdf2(5_000))),
    ]
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len() / 2)
        .filter_map(|i| text.get(2 * i..2 * i + 2))
        .filter_map(|h| u8::from_str_radix(h, 16).ok())
        .collect()
}

/// Derives (and for `stretch`, stretches) then drops every secret; returns the secret's bytes
/// as hex only when asked to print them.
#[inline(never)]
fn derive_and_drop(case: &str, kdf: &Kdf, print: bool) -> Option<String> {
    let key = if case == "kdf-deriver" {
        let mut deriver = KdfDeriver::new();
        deriver.derive(PASSWORD, EMAIL, kdf)
    } else {
        MasterKey::derive(PASSWORD, EMAIL, kdf)
    }
    .unwrap_or_else(|e| panic!("derivation: {e}"));
    if case == "stretch" {
        let stretched = key.stretch().unwrap_or_else(|e| panic!("stretch: {e}"));
        return print.then(|| hex(stretched.expose_enc()));
    }
    print.then(|| hex(key.expose()))
}

/// The places where `needle` appears in this thread's stack (the main thread's `[stack]`).
fn occurrences_on_stack(needle: &[u8]) -> usize {
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap_or_default();
    let Some(line) = maps.lines().find(|l| l.ends_with("[stack]")) else {
        panic!("no [stack] mapping in /proc/self/maps");
    };
    let range = line.split_whitespace().next().unwrap_or_default();
    let (start, end) = range.split_once('-').unwrap_or_default();
    let start = u64::from_str_radix(start, 16).unwrap_or(0);
    let end = u64::from_str_radix(end, 16).unwrap_or(0);
    let mut mem = std::fs::File::open("/proc/self/mem").unwrap_or_else(|e| panic!("/proc/self/mem: {e}"));
    mem.seek(SeekFrom::Start(start)).unwrap_or_else(|e| panic!("seek: {e}"));
    let mut stack = vec![0u8; usize::try_from(end - start).unwrap_or(0)];
    mem.read_exact(&mut stack).unwrap_or_else(|e| panic!("read the stack: {e}"));
    stack.windows(needle.len()).filter(|w| *w == needle).count()
}

fn child(case: &str) -> ExitCode {
    let Some((_, kdf)) = cases().into_iter().find(|(name, _)| *name == case) else {
        return ExitCode::from(3);
    };
    match std::env::var(NEEDLE) {
        // First run: print the secret for the parent.
        Err(_) => {
            println!("{}", derive_and_drop(case, &kdf, true).unwrap_or_default());
            ExitCode::SUCCESS
        }
        Ok(expected) => {
            let needle = unhex(&expected);
            assert_eq!(needle.len(), 32, "the parent passes 32 bytes");
            derive_and_drop(case, &kdf, false);
            let found = occurrences_on_stack(&needle);
            println!("{found}");
            if found == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
        }
    }
}

fn main() -> ExitCode {
    if let Ok(case) = std::env::var(CHILD) {
        return child(&case);
    }
    if !cfg!(target_os = "linux") {
        println!("stack_scan: skipped (needs Linux's /proc)");
        return ExitCode::SUCCESS;
    }
    let exe = std::env::current_exe().unwrap_or_else(|e| panic!("current_exe: {e}"));
    let (mut passed, mut failed) = (0, 0);
    for (case, _) in cases() {
        let key = Command::new(&exe).env(CHILD, case).output().unwrap_or_else(|e| panic!("spawn: {e}"));
        let key = String::from_utf8_lossy(&key.stdout).trim().to_owned();
        assert_eq!(key.len(), 64, "{case}: the first child prints the key");
        let scan = Command::new(&exe)
            .env(CHILD, case)
            .env(NEEDLE, &key)
            .output()
            .unwrap_or_else(|e| panic!("spawn: {e}"));
        let copies = String::from_utf8_lossy(&scan.stdout).trim().to_owned();
        if scan.status.success() {
            println!("test {case} ... ok");
            passed += 1;
        } else {
            println!(
                "test {case} ... FAILED: {copies} copies of the secret left on the stack {}",
                String::from_utf8_lossy(&scan.stderr)
            );
            failed += 1;
        }
    }
    println!("stack_scan: {passed} passed, {failed} failed");
    if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
