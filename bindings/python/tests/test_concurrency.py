"""Eight Python threads deriving keys, checking strength and building portfolio reports at once
give exactly the results of a single-threaded run (the heavy calls release the GIL)."""

import pathlib
import threading
from datetime import date

import mspkit

ROOT = pathlib.Path(__file__).resolve().parents[3]
PORTFOLIO = (ROOT / "examples/portfolio.json").read_text()
KDFS = [mspkit.Kdf.pbkdf2(5_000), mspkit.Kdf.argon2id(2, 16, 1), mspkit.Kdf.argon2id(2, 16, 4)]
PASSWORDS = ["correct horse battery staple", "Tr0ub4dor&3", "p@ssw0rd", "zxcvbn-is-not-a-password"]
SHARED_DERIVER = mspkit.KdfDeriver()


def work(i: int) -> list:
    """One thread's mixed work, deterministic in `i`."""
    out: list = []
    for round_ in range(3):
        password = PASSWORDS[(i + round_) % len(PASSWORDS)]
        kdf = KDFS[(i + round_) % len(KDFS)]
        email = f"user{i % 3}@example.com"
        out.append(mspkit.MasterKey.derive(password, email, kdf).server_hash(password))
        out.append(SHARED_DERIVER.derive(password, email, kdf).local_hash(password))
        out.append(mspkit.password_strength(password, email=email).score)
        out.append([r.score for r in mspkit.password_strength_batch(PASSWORDS, threads=2)])
        out.append(mspkit.deployment_report(PORTFOLIO, date(2026, 11, 20 + round_)))
        out.append(len(mspkit.deployment_timeline_svg(PORTFOLIO, date(2026, 11, 24))))
    return out


def test_eight_threads_give_the_single_threaded_results() -> None:
    expected = [work(i) for i in range(8)]
    results: list = [None] * 8
    errors: list = []

    def run(i: int) -> None:
        try:
            results[i] = work(i)
        except Exception as e:  # noqa: BLE001 - recorded, fails the test below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert results == expected
