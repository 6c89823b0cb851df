//! The Argon2id figures of the password benchmark on their own, with where the time goes: for the
//! clients' default (64 MiB, t=3, p=4) it alternates `rounds` (first argument, default 10)
//! one-shot derivations (`MasterKey::derive`: fresh memory each time) with derivations on one
//! reused `KdfDeriver`, and prints for each the median wall time, the system (kernel) time and the
//! minor page faults per derivation, read from `/proc/self/stat` (Linux; the kernel counts
//! system time in ticks of 10 ms, so it is a mean over the rounds). `benches/peers.py` prints
//! the same figures paired with argon2-cffi, before (huge pages refused) and after.
#![allow(missing_docs, reason = "a benchmark program")]
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a benchmark fails loudly on bad setup")]
#![allow(clippy::cast_precision_loss, reason = "a benchmark prints means as floats")]

use std::hint::black_box;
use std::time::Instant;

use mspkit::password::{Kdf, KdfDeriver, MasterKey};

const PASSWORD: &str = "correct horse battery staple";
const EMAIL: &str = "bench@example.com";

/// System time in seconds and minor page faults so far (Linux; zeros elsewhere). Clock ticks are
/// 1/100 s on every Linux this runs on (`USER_HZ`).
fn usage() -> (f64, u64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or_default().split_whitespace().collect();
    let field = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
    (field(12) as f64 / 100.0, field(7))
}

#[derive(Default)]
struct Tally {
    wall: Vec<f64>,
    system: f64,
    faults: u64,
}

impl Tally {
    fn time(&mut self, f: impl FnOnce()) {
        let (system, faults) = usage();
        let start = Instant::now();
        f();
        self.wall.push(start.elapsed().as_secs_f64());
        let (system_after, faults_after) = usage();
        self.system += system_after - system;
        self.faults += faults_after.saturating_sub(faults);
    }

    fn print(&mut self, name: &str) {
        let n = self.wall.len().max(1) as f64;
        self.wall.sort_by(f64::total_cmp);
        let median = self.wall.get(self.wall.len() / 2).copied().unwrap_or_default();
        println!(
            "{name:<34} {:>8.1} ms  system {:>6.1} ms  {:>7.0} page faults  per derivation",
            median * 1e3,
            self.system / n * 1e3,
            self.faults as f64 / n
        );
    }
}

fn main() {
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10);
    let kdf = Kdf::argon2id_client_default();
    let mut deriver = KdfDeriver::new();
    // One warm-up of each: rayon's threads, the reused deriver's first allocation.
    black_box(MasterKey::derive(PASSWORD, EMAIL, &kdf).unwrap());
    black_box(deriver.derive(PASSWORD, EMAIL, &kdf).unwrap());
    let (mut one_shot, mut reused) = (Tally::default(), Tally::default());
    for _ in 0..rounds {
        one_shot.time(|| drop(black_box(MasterKey::derive(PASSWORD, EMAIL, &kdf).unwrap())));
        reused.time(|| drop(black_box(deriver.derive(PASSWORD, EMAIL, &kdf).unwrap())));
    }
    println!(
        "Argon2id 64 MiB, t=3, p=4, {rounds} alternating rounds (median wall; mean system time and faults)"
    );
    one_shot.print("one-shot MasterKey::derive");
    reused.print("reused KdfDeriver");
}
