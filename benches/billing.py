"""Billing reports from Python, one call per report, against criterion's Rust figures of the same
run (benches/benches/billing.rs), on the same synthetic provider of 10 000 clients; and the
growth per 10x of the Rust figures. Called by benches/run; see its header."""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import mspkit

ROOT = Path(__file__).resolve().parents[1]
TARGET_10K_MS = 5.0
TARGET_PYTHON_RATIO = 1.5
TARGET_GROWTH = 11.0


def synthetic_provider(clients: int) -> mspkit.Provider:
    """The Rust benchmark's provider: alternately Teams and Enterprise, 5 to 54 seats, two thirds
    used, a running subscription with a 12.5 % discount."""
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


def median_seconds(call, rounds: int) -> float:
    call()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    rounds = 15 if args.quick else 60
    provider = synthetic_provider(10_000)
    calls = {
        "utilisation": lambda: provider.seat_utilisation(idle=10),
        "invoice": lambda: provider.invoice("2026-11"),
        "client_invoice_csv": lambda: provider.client_invoice_csv(),
    }
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    met, total = 0, 0
    print("billing: Rust figures from criterion (this run), Python one call per report, 10 000 clients")
    print(f"{'report':<22} {'rust 10k ms':>12} {'python ms':>10} {'py/rust':>8} {'growth per 10x':>16}  ok")
    for name, call in calls.items():
        rust = criterion(name, 10_000)
        python = median_seconds(call, rounds)
        ratio = python / rust
        growth = [criterion(name, b) / criterion(name, a) for a, b in zip(sizes, sizes[1:])]
        checks = [rust * 1e3 < TARGET_10K_MS, ratio <= TARGET_PYTHON_RATIO] + [g <= TARGET_GROWTH for g in growth]
        met += sum(checks)
        total += len(checks)
        growth_text = ", ".join(f"{g:.1f}x" for g in growth)
        print(f"{name:<22} {rust * 1e3:>12.3f} {python * 1e3:>10.3f} {ratio:>8.2f} {growth_text:>16}  "
              f"{'yes' if all(checks) else 'NO'}")
    print(f"targets (10k < {TARGET_10K_MS} ms, python <= {TARGET_PYTHON_RATIO}x rust, growth <= {TARGET_GROWTH}x per 10x): "
          f"met {met} of {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
