//! Verifying a tamper-evident event log (issue 20): `verify_chain` over a version 2 log of
//! 1 000 000 events (the events benchmark's synthetic log) read from a file, against its peer,
//! `sha256sum` hashing the same file's bytes, in the same run. Target: verify at ≥ 80 % of the
//! peer's speed (its time ≤ 1.25 × the peer's).
//!
//! `MSPKIT_BENCH_QUICK=1` (set by `benches/run --quick`): 100 000 events. The summary times
//! the two alternately (medians of paired rounds, the file in the page cache for both), and
//! also hashes the file's bytes in this process with the `sha2` crate (the hashing `verify`
//! itself uses, with the CPU's SHA instructions where there are some): the floor, since
//! `sha256sum` may not use them.
#![allow(missing_docs, reason = "a benchmark")]
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::cast_precision_loss,
    reason = "a benchmark fails loudly on bad setup; sizes in MB need no exactness"
)]

use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mspkit::event_log::{ChainOptions, verify_chain, write_jsonl};

fn quick() -> bool {
    std::env::var_os("MSPKIT_BENCH_QUICK").is_some()
}

fn events() -> usize {
    if quick() { 100_000 } else { 1_000_000 }
}

/// The synthetic log written as a version 2 log to a file in the temporary directory.
fn log_file() -> (PathBuf, u64) {
    let path =
        std::env::temp_dir().join(format!("mspkit-chain-bench-{}-{}.jsonl", events(), std::process::id()));
    let text = write_jsonl(&mspkit_benches::synthetic_log(events()).unwrap());
    std::fs::write(&path, &text).unwrap();
    (path, text.len() as u64)
}

fn verify(path: &Path) {
    let file = std::fs::File::open(path).unwrap();
    let report = verify_chain(BufReader::with_capacity(1 << 20, file), &ChainOptions::new()).unwrap();
    assert_eq!(report.events, events() as u64);
}

fn sha256sum(path: &Path) {
    let out = Command::new("sha256sum").arg(path).output().expect("sha256sum runs");
    assert!(out.status.success());
}

/// The SHA-256 of the file's bytes, read as `verify` reads them (1 MiB buffers).
fn sha2_file(path: &Path) {
    use sha2::Digest as _;
    use std::io::Read as _;
    let mut file = std::fs::File::open(path).unwrap();
    let mut sha = sha2::Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buffer).unwrap();
        if n == 0 {
            break;
        }
        sha.update(&buffer[..n]);
    }
    std::hint::black_box(sha.finalize());
}

fn chain(c: &mut Criterion) {
    let (path, bytes) = log_file();
    let mut group = c.benchmark_group("chain_verify");
    group.sample_size(10).throughput(Throughput::Bytes(bytes));
    group.bench_function("verify_chain", |b| b.iter(|| verify(&path)));
    group.bench_function("sha256sum", |b| b.iter(|| sha256sum(&path)));
    group.bench_function("sha2_in_process", |b| b.iter(|| sha2_file(&path)));
    group.finish();

    let rounds = if quick() { 5 } else { 11 };
    let mut ratios: Vec<(f64, f64, f64, f64)> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            verify(&path);
            let v = start.elapsed().as_secs_f64();
            let start = Instant::now();
            sha256sum(&path);
            let s = start.elapsed().as_secs_f64();
            let start = Instant::now();
            sha2_file(&path);
            let h = start.elapsed().as_secs_f64();
            (s / v, v, s, h)
        })
        .collect();
    ratios.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (ratio, v, s, _) = ratios[ratios.len() / 2];
    let mut floor: Vec<f64> = ratios.iter().map(|r| r.3 / r.1).collect();
    floor.sort_by(f64::total_cmp);
    let h = ratios.iter().map(|r| r.3).fold(f64::INFINITY, f64::min);
    let mb = bytes as f64 / 1e6;
    println!("\n== chain: summary ({} events, {mb:.0} MB, median of {rounds} paired rounds)", events());
    println!("  verify_chain: {:.3} s ({:.0} MB/s)", v, mb / v);
    println!("  sha256sum:    {:.3} s ({:.0} MB/s)", s, mb / s);
    println!("  sha2 in process (fastest round): {:.3} s ({:.0} MB/s)", h, mb / h);
    println!("  verify speed / sha2-in-process speed: {:.2}", floor[floor.len() / 2]);
    println!(
        "  verify speed / sha256sum speed: {:.2} (target >= 0.80): {}",
        ratio,
        if ratio >= 0.8 { "met" } else { "MISSED" }
    );
    let _ = std::fs::remove_file(&path);
}

criterion_group!(benches, chain);
criterion_main!(benches);
