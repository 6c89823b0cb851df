"""Times the Python peers and the mspkit binding, reads criterion's Rust figures from the same
run, and prints every ratio against its target. Called by benches/run; see its header."""

import argparse
import contextlib
import ctypes
import hashlib
import importlib.metadata
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

try:
    import resource
except ImportError:  # not a Unix: no getrusage, no system-time figures
    resource = None  # type: ignore[assignment]

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
# prctl(2) option that refuses transparent huge pages to this process (Linux >= 3.15).
PR_SET_THP_DISABLE = 41
THP_MODE = Path("/sys/kernel/mm/transparent_hugepage/enabled")


class Usage:
    """Wraps a call and records the system (kernel) time and minor page faults of this process
    during each call (getrusage: the derivation's worker threads included), skipping the first
    call (paired's warm-up, which for a reused deriver allocates its memory). Reports the median
    and the mean: now and then one fresh allocation costs the kernel 100-200 ms instead of a few
    (on this VM, memory the host has taken back), which moves a mean of ten calls by 10-20 ms."""

    def __init__(self, call: Callable[[], object]) -> None:
        self.call = call
        self.warmed = False
        self.system_s: list[float] = []
        self.faults: list[int] = []

    def __call__(self) -> object:
        if resource is None:
            return self.call()
        before = resource.getrusage(resource.RUSAGE_SELF)
        result = self.call()
        after = resource.getrusage(resource.RUSAGE_SELF)
        if self.warmed:
            self.system_s.append(after.ru_stime - before.ru_stime)
            self.faults.append(after.ru_minflt - before.ru_minflt)
        self.warmed = True
        return result

    def per_call(self) -> str:
        if not self.system_s:
            return "n/a (no getrusage)"
        return (f"system {statistics.median(self.system_s) * 1e3:5.1f} ms median "
                f"({statistics.mean(self.system_s) * 1e3:5.1f} mean), "
                f"{statistics.median(self.faults):5.0f} page faults")


@contextlib.contextmanager
def huge_pages_refused() -> Iterator[bool]:
    """While active, the kernel gives this process no transparent huge pages (prctl
    PR_SET_THP_DISABLE): mspkit's huge-page mapping then faults in 16 384 pages of 4 KiB, as the
    ordinary allocation it replaced did (the figures before issue 19). Yields whether it could."""
    refused = False
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        refused = libc.prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0) == 0
    try:
        yield refused
    finally:
        if refused:
            libc.prctl(PR_SET_THP_DISABLE, 0, 0, 0, 0)


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
    zx_runs = 2 if args.quick else 5
    corpus = (ROOT / "benches" / "corpus.txt").read_text().splitlines()
    threads = bench_threads()

    salt = hashlib.sha256(EMAIL.encode()).digest()
    cffi = lambda: argon2.low_level.hash_secret_raw(  # noqa: E731
        PASSWORD.encode(), salt, time_cost=3, memory_cost=64 * 1024, parallelism=4, hash_len=32,
        type=argon2.low_level.Type.ID,
    )
    openssl = lambda: hashlib.pbkdf2_hmac("sha256", PASSWORD.encode(), EMAIL.encode(), 600_000, 32)  # noqa: E731
    same_key = cffi() == mspkit.MasterKey.derive(PASSWORD, EMAIL, mspkit.Kdf.argon2id()).expose()
    deriver = mspkit.KdfDeriver()
    # The paired side of each Rust figure is the same Rust code entered through the binding in one
    # call (the GIL released, one crossing per derivation or per corpus): its timing alternates
    # with the peer's, so both see the machine in the same state. The Argon2id calls also count
    # their system time and page faults (issue 19: the one-shot's fresh 64 MiB).
    one_shot = lambda: mspkit.MasterKey.derive(PASSWORD, EMAIL, mspkit.Kdf.argon2id())  # noqa: E731
    reused = lambda: deriver.derive(PASSWORD, EMAIL, mspkit.Kdf.argon2id())  # noqa: E731
    with huge_pages_refused() as refused:
        before_usage, before_cffi_usage = Usage(one_shot), Usage(cffi)
        before_s, before_cffi_s, before_ratio = paired(before_usage, before_cffi_usage, runs)
    one_usage, cffi_usage = Usage(one_shot), Usage(cffi)
    one_s, cffi_s, one_ratio = paired(one_usage, cffi_usage, runs)
    reused_usage = Usage(reused)
    reused_s, _, reused_ratio = paired(reused_usage, cffi, runs)
    # One-shot against reused directly: the issue's "within 10 % of the reused deriver". A 10 %
    # margin is about 5 ms here, less than one stalled fault of the one-shot's fresh memory, so
    # this pairing gets at least 9 rounds even in a quick run (about 1 s): the median of 3 rounds
    # moved by 25 % from run to run.
    one_vs_reused_s, reused_vs_one_s, one_vs_reused = paired(one_shot, reused, max(runs, 9))
    pbkdf2_s, hashlib_s, pbkdf2_ratio = paired(
        lambda: mspkit.MasterKey.derive(PASSWORD, EMAIL, mspkit.Kdf.pbkdf2(iterations=600_000)), openssl, runs
    )

    # The binding's default user inputs are the product's words (no email, no extra words); the
    # peer gets the same.
    peer_zx = lambda: [zxcvbn.zxcvbn(p, user_inputs=PRODUCT_WORDS) for p in corpus]  # noqa: E731
    single_s, py_zx_s, single_ratio = paired(lambda: mspkit.password_strength_batch(corpus, threads=1), peer_zx, zx_runs)
    batch_s, _, batch_ratio = paired(lambda: mspkit.password_strength_batch(corpus, threads=threads), peer_zx, zx_runs)
    calls_s, _, calls_ratio = paired(lambda: [mspkit.password_strength(p) for p in corpus], peer_zx, zx_runs)

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

    ms = lambda seconds: seconds * 1e3  # noqa: E731
    rows = [
        # metric, criterion (Rust alone), mspkit paired, peer paired, paired ratio, comparison, target
        ("Argon2id 64MiB/t3/p4 one derivation (ms)", ms(rust_argon), ms(one_s), ms(cffi_s), one_ratio, "<=", 0.7),
        ("Argon2id one derivation vs reused deriver (ms)", None, ms(one_vs_reused_s), ms(reused_vs_one_s), one_vs_reused, "<=", 1.1),
        ("Argon2id reused deriver, per derivation (ms)", ms(rust_reused), ms(reused_s), ms(cffi_s), reused_ratio, "<=", 0.5),
        ("PBKDF2-SHA256 600k vs hashlib (ms)", ms(rust_pbkdf2), ms(pbkdf2_s), ms(hashlib_s), pbkdf2_ratio, "<=", 0.5),
        ("zxcvbn single-threaded (passwords/s)", pps(rust_single), pps(single_s), pps(py_zx_s), 1 / single_ratio, ">=", 8.0),
        (f"zxcvbn batch, {threads} threads (passwords/s)", pps(rust_batch), pps(batch_s), pps(py_zx_s), 1 / batch_ratio, ">=", 15.0),
        ("zxcvbn via Python binding, single (passwords/s)", None, pps(calls_s), pps(py_zx_s), 1 / calls_ratio, ">=", 7.0),
        ("zxcvbn via Python binding, batch (passwords/s)", None, pps(batch_s), pps(py_zx_s), 1 / batch_ratio, ">=", 12.0),
        ("score agreement with the Python zxcvbn (share)", None, agree, 1.0, agree, ">=", 0.95),
    ]
    print(f"peers: argon2-cffi {importlib.metadata.version('argon2-cffi')}, "
          f"hashlib (OpenSSL {__import__('ssl').OPENSSL_VERSION.split()[1]}), zxcvbn (pure Python), "
          f"corpus {n} passwords, user inputs {PRODUCT_WORDS} on every side{' [quick]' if args.quick else ''}")
    print("criterion: the Rust benchmark alone; mspkit and peer: medians of alternating timings; ratio: median of")
    print("the per-round ratios (Rust rows enter the same Rust code through the binding in one call per operation)")
    print(f"{'metric':<50} {'criterion':>10} {'mspkit':>10} {'peer':>10} {'ratio':>8}  target   ok")
    failed = 0
    for metric, alone, ours, peer, ratio, cmp, target in rows:
        ok = ratio <= target if cmp == "<=" else ratio >= target
        failed += not ok
        alone_text = f"{alone:>10.2f}" if alone is not None else f"{'-':>10}"
        print(f"{metric:<50} {alone_text} {ours:>10.2f} {peer:>10.2f} {ratio:>8.3f}  {cmp}{target:<5} {'yes' if ok else 'NO'}")
    thp = THP_MODE.read_text().strip() if THP_MODE.exists() else "not offered (no THP)"
    print(f"Argon2id 64MiB/t3/p4 per derivation, paired with argon2-cffi; transparent huge pages: {thp}")
    if refused:
        print(f"  one derivation, huge pages refused (before issue 19): {ms(before_s):6.1f} ms vs "
              f"{ms(before_cffi_s):6.1f} ms, ratio {before_ratio:.3f}; {before_usage.per_call()}")
    else:
        print("  one derivation, huge pages refused (before issue 19): n/a (prctl PR_SET_THP_DISABLE refused)")
    print(f"  one derivation, huge pages (after):                  {ms(one_s):6.1f} ms vs "
          f"{ms(cffi_s):6.1f} ms, ratio {one_ratio:.3f}; {one_usage.per_call()}")
    print(f"  reused deriver:                                      {ms(reused_s):6.1f} ms, ratio {reused_ratio:.3f}; "
          f"{reused_usage.per_call()}")
    print(f"  argon2-cffi (its own malloc):                        before run {before_cffi_usage.per_call()}; "
          f"after run {cffi_usage.per_call()}")
    print(f"reused deriver vs floors given in the issue (not measured here): {ms(reused_s):.1f} ms = "
          f"{reused_s / ISSUE_COMPUTE_FLOOR_S:.2f}x its ~29 ms 2-core compute floor, "
          f"{reused_s / ISSUE_MEMORY_FLOOR_S:.2f}x its ~14-18 ms memory-traffic floor")
    print(f"zxcvbn dictionary build, first call in a fresh process: {dictionary_s * 1e3:.1f} ms (paid once per process)")
    print(f"argon2-cffi and mspkit derive the same key: {same_key}")
    print(f"targets met: {len(rows) - failed} of {len(rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
