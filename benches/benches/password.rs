//! Master-password benchmarks: Argon2id (one-shot and with reused memory), PBKDF2-SHA256 and
//! zxcvbn over the fixed corpus (single-threaded and batch). `benches/run` compares these
//! figures with the Python peers in the same run.
#![allow(missing_docs, reason = "criterion's macros generate undocumented items")]
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a benchmark fails loudly on bad setup")]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use mspkit::password::{
    Kdf, KdfDeriver, MasterKey, PRODUCT_WORDS, password_strength, password_strength_batch,
};

const PASSWORD: &str = "correct horse battery staple";
const EMAIL: &str = "bench@example.com";

fn corpus() -> Vec<String> {
    include_str!("../corpus.txt").lines().map(str::to_owned).collect()
}

fn quick() -> bool {
    std::env::var_os("MSPKIT_BENCH_QUICK").is_some()
}

/// The batch's threads: `MSPKIT_BENCH_THREADS` (set by `benches/run`, which gives `peers.py` the
/// same number), or every core, as the binding's default.
fn threads() -> usize {
    std::env::var("MSPKIT_BENCH_THREADS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get))
}

fn kdf(c: &mut Criterion) {
    let mut group = c.benchmark_group("kdf");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(if quick() { 2 } else { 8 }));
    let argon = Kdf::argon2id_client_default();
    group.bench_function(BenchmarkId::new("argon2id_64mib_t3_p4", "one_shot"), |b| {
        b.iter(|| MasterKey::derive(black_box(PASSWORD), EMAIL, &argon).unwrap());
    });
    let mut deriver = KdfDeriver::new();
    group.bench_function(BenchmarkId::new("argon2id_64mib_t3_p4", "reused_deriver"), |b| {
        b.iter(|| deriver.derive(black_box(PASSWORD), EMAIL, &argon).unwrap());
    });
    let pbkdf2 = Kdf::pbkdf2_default();
    group.bench_function(BenchmarkId::new("pbkdf2_600k", "one_shot"), |b| {
        b.iter(|| MasterKey::derive(black_box(PASSWORD), EMAIL, &pbkdf2).unwrap());
    });
    group.finish();
}

fn strength(c: &mut Criterion) {
    let corpus = corpus();
    let refs: Vec<&str> = corpus.iter().map(String::as_str).collect();
    let threads = threads();
    let mut group = c.benchmark_group("zxcvbn");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(if quick() { 2 } else { 6 }));
    group.throughput(Throughput::Elements(refs.len() as u64));
    // The user inputs every mspkit check uses (the product's words), as the peers are given.
    group.bench_function(BenchmarkId::new("corpus", "single"), |b| {
        b.iter(|| {
            refs.iter().map(|p| u32::from(password_strength(black_box(p), &PRODUCT_WORDS).score)).sum::<u32>()
        });
    });
    group.bench_function(BenchmarkId::new("corpus", format!("batch_{threads}_threads")), |b| {
        b.iter(|| password_strength_batch(black_box(&refs), &PRODUCT_WORDS, threads).len());
    });
    group.finish();
}

criterion_group!(benches, kdf, strength);
criterion_main!(benches);
