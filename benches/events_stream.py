"""Logs that stream (issue 16, item 13): `mspkit replay` and `mspkit events --format csv` of a
synthetic log of 1 M events (100 000 clients; `--quick`: 100 000 events), against the peer that
merely parses the same lines, Python with orjson (`for line in file: orjson.loads(line)`).

Each command runs as its own process, measured by the kernel (`os.wait4`): CPU time (user +
system) and peak memory (maximum resident set). The commands alternate, `--rounds` times; the
ratio is the median of the per-round ratios (paired, so a moment of load on the shared machine
touches both sides of a pair). Target: replay CPU <= 1.0x the peer's. `--before BINARY` adds the
rows of another `mspkit` binary (the `main` branch's, for a before/after).

Called by benches/run after the events benchmark; ends with "targets met: N of M" (a missed
target is reported, not an error)."""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PEER = """
import sys, orjson
with open(sys.argv[1], "rb") as f:
    for line in f:
        if line.strip():
            orjson.loads(line)
"""


def run(argv: list[str]) -> tuple[float, float]:
    """CPU seconds (user + system) and peak memory (MiB) of one run of `argv`."""
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{argv[:3]} failed: {stderr[:500]}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--events", type=int)
    parser.add_argument("--rounds", type=int)
    parser.add_argument("--before", help="another mspkit binary to measure beside this one")
    parser.add_argument("--log", help="an existing log to read (default: write the synthetic one)")
    args = parser.parse_args()
    events = args.events or (100_000 if args.quick else 1_000_000)
    rounds = args.rounds or (2 if args.quick else 5)

    subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "mspkit-cli"], cwd=ROOT, check=True)
    mspkit = str(ROOT / "target" / "release" / "mspkit")
    with tempfile.TemporaryDirectory() as tmp:
        log = args.log or str(Path(tmp) / "events.jsonl")
        if not args.log:
            subprocess.run(
                ["cargo", "run", "--quiet", "--release", "-p", "mspkit-benches", "--example", "write_log", "--",
                 str(events), log],
                cwd=ROOT,
                check=True,
            )
        size = Path(log).stat().st_size
        if args.log:
            with open(log, "rb") as f:
                events = sum(1 for line in f if line.strip()) - 1
        commands = {
            "python+orjson parse": [sys.executable, "-c", PEER, log],
            "mspkit replay": [mspkit, "replay", log],
            "mspkit events --format csv": [mspkit, "events", log, "--format", "csv"],
            "mspkit events --format json": [mspkit, "events", log, "--format", "json"],
        }
        if args.before:
            commands["before: mspkit replay"] = [args.before, "replay", log, "--max-bytes", str(size + 1)]
            commands["before: mspkit events --format csv"] = [
                args.before, "events", log, "--format", "csv", "--max-bytes", str(size + 1)]
        figures: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(rounds):
            for name, argv in commands.items():
                figures[name].append(run(argv))

    peer = figures["python+orjson parse"]
    print(f"== events stream: {events} events, {size / 2**20:.0f} MiB log, {rounds} rounds (median CPU, peak memory)")
    for name, runs in figures.items():
        cpu = statistics.median(c for c, _ in runs)
        memory = max(m for _, m in runs)
        ratios = [c / p for (c, _), (p, _) in zip(runs, peer)]
        print(f"  {name:<38} CPU {cpu:7.2f} s   peak {memory:8.1f} MiB   vs peer {statistics.median(ratios):.2f}x")
    replay_ratio = statistics.median(c / p for (c, _), (p, _) in zip(figures["mspkit replay"], peer))
    met = int(replay_ratio <= 1.0)
    print(f"  replay CPU <= 1.0x python+orjson parse ({replay_ratio:.2f}x): {'met' if met else 'MISSED'}")
    print(f"targets met: {met} of 1")


if __name__ == "__main__":
    main()
