"""Billing reports from Python, one call per report, against the same reports from Rust, on the
same synthetic provider of 10 000 clients; and the growth per 10x of criterion's Rust figures.
Called by benches/run after `cargo bench --bench billing`; see its header.

The Python/Rust ratio is paired: `examples/billing_timing.rs` (release build, like the extension
maturin builds) serves the Rust calls from a second process on the very document this script
reads, and the two sides alternate in short batches, so both figures come from the same seconds
of a shared machine. The ratio is the median of the per-batch ratios (median Python call over
median Rust call of the same round), as peers.py pairs the password rows. The 10 000
client figure and the growth are criterion's (its full statistics, not the paired batches)."""

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import mspkit

ROOT = Path(__file__).resolve().parents[1]
TARGET_10K_MS = 5.0
TARGET_PYTHON_RATIO = 1.5
TARGET_GROWTH = 11.0


def synthetic_provider(clients: int) -> mspkit.Provider:
    """The Rust benchmark's provider (`synthetic_billing_json` in benches/lib.rs, the same
    document): alternately Teams and Enterprise, 5 to 54 seats, two thirds used, a running
    subscription with a 12.5 % discount."""
    rows = []
    for i in range(clients):
        seats = 5 + i % 50
        rows.append({
            "id": f"00000000-0000-4000-9000-{i:012d}",
            "name": f"Client {i}, Inc.",
            "plan": "teams_monthly" if i % 2 == 0 else "enterprise_monthly",
            "seats": seats,
            "billing_email": "billing@msp.example",
            "enabled": True,
            "managed": True,
            "members": [],
            "unlisted_occupied_seats": seats * 2 // 3,
            "created_at": "2026-01-01T00:00:00Z",
        })
    record = {
        "id": "6f1c2e3a-8b4d-4c5e-9f60-7a8b9c0d1e2f",
        "kind": "msp",
        "status": "billable",
        "enabled": True,
        "settings": {"name": "Synthetic MSP", "billing_email": "billing@msp.example"},
        "created_at": "2026-01-01T00:00:00Z",
        "revised_at": "2026-01-01T00:00:00Z",
        "members": [{
            "id": "00000000-0000-4000-8000-000000000001",
            "email": "admin@msp.example",
            "user_id": "00000000-0000-4000-8000-000000000002",
            "role": "provider_admin",
            "status": "confirmed",
            "invited_at": "2026-01-01T00:00:00Z",
        }],
        "seat_minimums": {"teams_monthly": 50000, "enterprise_monthly": 1000},
        "clients": rows,
        "subscription": {
            "kind": "msp",
            "discount": "12.5",
            "anchor": "2026-01-15",
            "lifecycle": {"state": "active"},
        },
    }
    return mspkit.Provider.from_json(json.dumps(record))


def criterion(function: str, size: int) -> float:
    path = ROOT / "target" / "criterion" / "billing" / function / str(size) / "new" / "estimates.json"
    return json.loads(path.read_text())["median"]["point_estimate"] / 1e9


def python_times(call, calls: int) -> list[float]:
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return times


def paired(rust: subprocess.Popen, name: str, call, rounds: int, batch: int) -> tuple[float, float, float]:
    """The median Rust call, the median Python call and the median of the per-round ratios
    (Python over Rust) of `name`, from `rounds` alternating batches of `batch` calls on each side
    (after one warm-up batch on each side)."""
    rust_times: list[float] = []
    py_times: list[float] = []
    ratios: list[float] = []
    for round_ in range(rounds + 1):
        rust.stdin.write(f"{name} {batch}\n")
        rust.stdin.flush()
        served = [float(t) for t in rust.stdout.readline().split()]
        timed = python_times(call, batch)
        if round_ > 0:
            rust_times += served
            py_times += timed
            ratios.append(statistics.median(timed) / statistics.median(served))
    return statistics.median(rust_times), statistics.median(py_times), statistics.median(ratios)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    rounds, batch = (10, 5) if args.quick else (40, 10)
    provider = synthetic_provider(10_000)
    calls = {
        "utilisation": lambda: provider.seat_utilisation(idle=10),
        "invoice": lambda: provider.invoice("2026-11"),
        "client_invoice_csv": lambda: provider.client_invoice_csv(),
    }
    rust = subprocess.Popen(
        ["cargo", "run", "--quiet", "--release", "-p", "mspkit-benches", "--example", "billing_timing", "--",
         "serve", "10000"],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    met, total = 0, 0
    print("billing: Rust 10k and growth from criterion (this run); Python one call per report against "
          "the same Rust call, paired (examples/billing_timing.rs), 10 000 clients")
    print(f"{'report':<22} {'rust 10k ms':>12} {'python ms':>10} {'py/rust':>8} {'growth per 10x':>16}  ok"
          f"   (paired rust ms)")
    try:
        for name, call in calls.items():
            rust_10k = criterion(name, 10_000)
            paired_rust, python, ratio = paired(rust, name, call, rounds, batch)
            growth = [criterion(name, b) / criterion(name, a) for a, b in zip(sizes, sizes[1:])]
            checks = [rust_10k * 1e3 < TARGET_10K_MS, ratio <= TARGET_PYTHON_RATIO] + [g <= TARGET_GROWTH for g in growth]
            met += sum(checks)
            total += len(checks)
            growth_text = ", ".join(f"{g:.1f}x" for g in growth)
            print(f"{name:<22} {rust_10k * 1e3:>12.4f} {python * 1e3:>10.4f} {ratio:>8.2f} {growth_text:>16}  "
                  f"{'yes' if all(checks) else 'NO ':<3}  ({paired_rust * 1e3:.4f})")
    finally:
        rust.stdin.close()
        rust.wait()
    print(f"targets (10k < {TARGET_10K_MS} ms, python <= {TARGET_PYTHON_RATIO}x rust, growth <= {TARGET_GROWTH}x per 10x): "
          f"met {met} of {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
