"""Times the Python peers and the mspkit binding, reads criterion's Rust figures from the same
run, and prints every ratio against its target. Called by benches/run; see its header."""

import argparse
import hashlib
import importlib.metadata
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import argon2.low_level
import zxcvbn

import mspkit

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery staple"
EMAIL = "bench@example.com"
# The user inputs mspkit gives every check when the caller gives no email and no words (the
# product's words); the pure-Python zxcvbn gets the same, so scores and work are comparable.
PRODUCT_WORDS = ["bitwarden", "bit", "warden"]
# Floors for the reused Argon2id derivation (64 MiB, t=3, p=4 on 2 cores), as given in the issue
# that set the target; this script does not measure them.
ISSUE_COMPUTE_FLOOR_S = 0.029
ISSUE_MEMORY_FLOOR_S = 0.016


def median_seconds(fn, runs: int) -> float:
    fn()  # warm up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def paired(ours, peer, rounds: int) -> tuple[float, float, float]:
    """Times `ours` and `peer` alternately, `rounds` times each after one warm-up call of each,
    and returns (median seconds of ours, median seconds of peer, median of the per-round ratios
    ours/peer). On a shared VM whose speed drifts by tens of percent within seconds, a ratio of
    two back-to-back timings is far steadier than a ratio of two medians taken minutes apart."""
    ours()
    peer()
    ours_s, peer_s, ratios = [], [], []
    for _ in range(rounds):
        start = time.perf_counter()
        ours()
        mid = time.perf_counter()
        peer()
        end = time.perf_counter()
        ours_s.append(mid - start)
        peer_s.append(end - mid)
        ratios.append((mid - start) / (end - mid))
    return statistics.median(ours_s), statistics.median(peer_s), statistics.median(ratios)


def criterion(group: str, function: str, parameter: str) -> float:
    path = ROOT / "target" / "criterion" / group / function / parameter / "new" / "estimates.json"
    estimates = json.loads(path.read_text())
    return estimates["median"]["point_estimate"] / 1e9


def bench_threads() -> int:
    """The batch's threads: MSPKIT_BENCH_THREADS (benches/run sets it for the Rust benchmark
    too), or every core this process may use."""
    if "MSPKIT_BENCH_THREADS" in os.environ:
        return int(os.environ["MSPKIT_BENCH_THREADS"])
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def batch_dir(threads: int) -> str:
    """criterion's folder for this run's batch benchmark: exactly batch_<threads>_threads (older
    runs with another thread count leave their own folders behind)."""
    name = f"batch_{threads}_threads"
    base = ROOT / "target" / "criterion" / "zxcvbn" / "corpus"
    if not (base / name).is_dir():
        found = sorted(p.name for p in base.iterdir()) if base.is_dir() else []
        sys.exit(f"no criterion figures for {name} under {base} (found: {', '.join(found) or 'nothing'}); "
                 "run benches/run, which runs the Rust benchmark with the same thread count")
    return name


def dictionary_build_seconds() -> float:
    code = (
        "import time, mspkit; t = time.perf_counter(); mspkit.password_strength('x'); "
        "print(time.perf_counter() - t)"
    )
    runs = [float(subprocess.check_output([sys.executable, "-c", code], text=True)) for _ in range(3)]
    return statistics.median(runs)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    runs = 3 if args.quick else 10
    corpus = (ROOT / "benches" / "corpus.txt").read_text().splitlines()

    salt = hashlib.sha256(EMAIL.encode()).digest()
    cffi = lambda: argon2.low_level.hash_secret_raw(  # noqa: E731
        PASSWORD.encode(), salt, time_cost=3, memory_cost=64 * 1024, parallelism=4, hash_len=32,
        type=argon2.low_level.Type.ID,
    )
    same_key = cffi() == mspkit.MasterKey.derive(PASSWORD, EMAIL, mspkit.Kdf.argon2id()).expose()
    cffi_s = median_seconds(cffi, runs)
    hashlib_s = median_seconds(
        lambda: hashlib.pbkdf2_hmac("sha256", PASSWORD.encode(), EMAIL.encode(), 600_000, 32), runs
    )
    binding_argon_s, _, binding_argon_ratio = paired(
        lambda: mspkit.MasterKey.derive(PASSWORD, EMAIL, mspkit.Kdf.argon2id()), cffi, runs
    )
    deriver = mspkit.KdfDeriver()
    binding_reused_s, _, binding_reused_ratio = paired(
        lambda: deriver.derive(PASSWORD, EMAIL, mspkit.Kdf.argon2id()), cffi, runs
    )

    threads = bench_threads()
    zx_runs = 1 if args.quick else 3
    peer_zx = lambda: [zxcvbn.zxcvbn(p, user_inputs=PRODUCT_WORDS) for p in corpus]  # noqa: E731
    py_zx_s = median_seconds(peer_zx, zx_runs)
    # The binding's default user inputs are the product's words (no email, no extra words). Its
    # ratios are paired: each binding timing is divided by the peer timing taken right after it.
    bind_single_s, _, bind_single_ratio = paired(
        lambda: [mspkit.password_strength(p) for p in corpus], peer_zx, zx_runs + 2
    )
    bind_batch_s, _, bind_batch_ratio = paired(
        lambda: mspkit.password_strength_batch(corpus, threads=threads), peer_zx, zx_runs + 2
    )

    py_scores = [zxcvbn.zxcvbn(p, user_inputs=PRODUCT_WORDS)["score"] for p in corpus]
    rust_scores = [r.score for r in mspkit.password_strength_batch(corpus, threads=threads)]
    agree = sum(a == b for a, b in zip(py_scores, rust_scores)) / len(corpus)

    rust_argon = criterion("kdf", "argon2id_64mib_t3_p4", "one_shot")
    rust_reused = criterion("kdf", "argon2id_64mib_t3_p4", "reused_deriver")
    rust_pbkdf2 = criterion("kdf", "pbkdf2_600k", "one_shot")
    rust_single = criterion("zxcvbn", "corpus", "single")
    rust_batch = criterion("zxcvbn", "corpus", batch_dir(threads))
    n = len(corpus)
    pps = lambda seconds: n / seconds  # noqa: E731
    dictionary_s = dictionary_build_seconds()

    rows = [
        # metric, mspkit, peer, ratio, comparison, target
        ("Argon2id 64MiB/t3/p4 one derivation (ms)", rust_argon * 1e3, cffi_s * 1e3, rust_argon / cffi_s, "<=", 0.85),
        ("Argon2id reused deriver, per derivation (ms)", rust_reused * 1e3, cffi_s * 1e3, rust_reused / cffi_s, "<=", 0.5),
        ("PBKDF2-SHA256 600k (ms) vs hashlib", rust_pbkdf2 * 1e3, hashlib_s * 1e3, rust_pbkdf2 / hashlib_s, "<=", 0.5),
        ("zxcvbn single-threaded (passwords/s)", pps(rust_single), pps(py_zx_s), py_zx_s / rust_single, ">=", 8.0),
        (f"zxcvbn batch, {threads} threads (passwords/s)", pps(rust_batch), pps(py_zx_s), py_zx_s / rust_batch, ">=", 15.0),
        ("zxcvbn via Python binding, single (passwords/s)", pps(bind_single_s), pps(py_zx_s), 1 / bind_single_ratio, ">=", 7.0),
        ("zxcvbn via Python binding, batch (passwords/s)", pps(bind_batch_s), pps(py_zx_s), 1 / bind_batch_ratio, ">=", 12.0),
        ("score agreement with the Python zxcvbn (share)", agree, 1.0, agree, ">=", 0.95),
    ]
    print(f"peers: argon2-cffi {importlib.metadata.version('argon2-cffi')}, "
          f"hashlib (OpenSSL {__import__('ssl').OPENSSL_VERSION.split()[1]}), zxcvbn (pure Python), "
          f"corpus {n} passwords, user inputs {PRODUCT_WORDS} on every side{' [quick]' if args.quick else ''}")
    print(f"{'metric':<50} {'mspkit':>12} {'peer':>12} {'ratio':>8}  target   ok")
    failed = 0
    for metric, ours, peer, ratio, cmp, target in rows:
        ok = ratio <= target if cmp == "<=" else ratio >= target
        failed += not ok
        print(f"{metric:<50} {ours:>12.2f} {peer:>12.2f} {ratio:>8.3f}  {cmp}{target:<5} {'yes' if ok else 'NO'}")
    print(f"Argon2id via the Python binding, paired with argon2-cffi: one derivation {binding_argon_s * 1e3:.1f} ms "
          f"({binding_argon_ratio:.3f}x), reused deriver {binding_reused_s * 1e3:.1f} ms ({binding_reused_ratio:.3f}x)")
    print(f"reused deriver vs floors given in the issue (not measured here): {rust_reused * 1e3:.1f} ms = "
          f"{rust_reused / ISSUE_COMPUTE_FLOOR_S:.2f}x its ~29 ms 2-core compute floor, "
          f"{rust_reused / ISSUE_MEMORY_FLOOR_S:.2f}x its ~14-18 ms memory-traffic floor")
    print(f"zxcvbn dictionary build, first call in a fresh process: {dictionary_s * 1e3:.1f} ms (paid once per process)")
    print(f"argon2-cffi and mspkit derive the same key: {same_key}")
    print(f"targets met: {len(rows) - failed} of {len(rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
