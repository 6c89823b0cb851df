"""Portfolio compliance from Python: one call (`Baseline.check(portfolio)`) on the 10 000-client
portfolio the criterion benchmark `policy` wrote, against criterion's Rust figure for the same
check, plus the Rust figures' growth per 10x clients. Called by benches/run after
`cargo bench --bench policy`; prints every figure against its target (issue 9) and ends with
"targets met: N of M" (a missed target is reported, not an error)."""

import argparse
import json
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import mspkit

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)


def criterion_seconds(n: int) -> float:
    path = ROOT / "target" / "criterion" / "policy_compliance" / "portfolio" / str(n) / "new" / "estimates.json"
    if not path.exists():
        sys.exit(f"no criterion figure at {path}; run `cargo bench -p mspkit-benches --bench policy` first")
    return json.loads(path.read_text())["median"]["point_estimate"] / 1e9


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    rounds = 10 if args.quick else 40

    rust = {n: criterion_seconds(n) for n in (1_000, 10_000, 100_000)}
    portfolio = mspkit.Portfolio.from_json((ROOT / "target" / "policy-bench" / "portfolio-10000.json").read_text())
    baseline = mspkit.Baseline.load(ROOT / "benches" / "baseline.toml")
    report = baseline.check(portfolio, NOW)
    assert report.totals["clients"] == 10_000 and report.totals["compliant_clients"] == 8_000, report
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        baseline.check(portfolio, NOW)
        times.append(time.perf_counter() - start)
    python = statistics.median(times)

    rows = [
        ("Rust 1 000 clients (ms)", rust[1_000] * 1e3, None, None),
        ("Rust 10 000 clients (ms)", rust[10_000] * 1e3, "<20", rust[10_000] * 1e3 < 20),
        ("Rust 100 000 clients (ms)", rust[100_000] * 1e3, None, None),
        ("growth 1 000 -> 10 000 (x)", rust[10_000] / rust[1_000], "<=11", rust[10_000] / rust[1_000] <= 11),
        ("growth 10 000 -> 100 000 (x)", rust[100_000] / rust[10_000], "<=11", rust[100_000] / rust[10_000] <= 11),
        ("Python one call, 10 000 clients (ms)", python * 1e3, None, None),
        ("Python / Rust, 10 000 clients (x)", python / rust[10_000], "<=1.5", python / rust[10_000] <= 1.5),
    ]
    print("policy compliance (10 policies per client, 10-rule baseline; criterion medians, Python median of"
          f" {rounds} calls)")
    print(f"{'metric':<40} {'value':>10}  {'target':>7}  ok")
    met = total = 0
    for name, value, target, ok in rows:
        if target is None:
            print(f"{name:<40} {value:>10.3f}")
            continue
        total += 1
        met += bool(ok)
        print(f"{name:<40} {value:>10.3f}  {target:>7}  {'yes' if ok else 'NO'}")
    print(f"targets met: {met} of {total}")


if __name__ == "__main__":
    main()
