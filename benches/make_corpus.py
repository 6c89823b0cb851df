"""Writes corpus.txt: a fixed, deterministic corpus of 1 200 passwords for the strength benchmark.

Five kinds, 240 each: dictionary words with substitutions, dates, keyboard walks, random strings,
passphrases. Years stay before 2020 so that no score depends on the year the benchmark runs in
(the zxcvbn crate scores recent years against the system clock). Run: python3 make_corpus.py
"""

import random
from pathlib import Path

WORDS = """monkey dragon shadow master sunshine princess football baseball welcome letmein
password freedom whatever trustno1 computer summer winter spring autumn orange purple silver
golden tiger eagle falcon panther wizard knight castle forest river ocean mountain valley
garden coffee chocolate cookie banana cherry pepper ginger thunder lightning rocket galaxy
planet jupiter saturn mercury phoenix guitar violin piano dancer soccer hockey tennis""".split()
SUBSTITUTIONS = {"a": "@", "e": "3", "i": "1", "o": "0", "s": "$", "t": "7", "l": "1"}
WALKS = ["qwerty", "asdfgh", "zxcvbn", "qwertyuiop", "1qaz2wsx", "qazwsx", "asdf1234", "poiuyt",
         "zaq12wsx", "1q2w3e4r", "q1w2e3r4t5", "mnbvcxz", "!qaz@wsx", "wsxedc", "yhnujm"]
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def leet(word: str, rng: random.Random) -> str:
    return "".join(SUBSTITUTIONS[c] if c in SUBSTITUTIONS and rng.random() < 0.5 else c for c in word)


def dictionary(rng: random.Random) -> str:
    word = leet(rng.choice(WORDS), rng)
    if rng.random() < 0.5:
        word = word.capitalize()
    return word + rng.choice(["", "1", "12", "123", "!", "2019", str(rng.randint(0, 99))])


def date(rng: random.Random) -> str:
    y, m, d = rng.randint(1950, 2019), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice([
        f"{d:02}/{m:02}/{y}", f"{y}{m:02}{d:02}", f"{MONTHS[m - 1]}{y}", f"{d:02}{m:02}{y % 100:02}",
        f"{rng.choice(WORDS)}{y}", f"{m}-{d}-{y}",
    ])


def walk(rng: random.Random) -> str:
    w = rng.choice(WALKS)
    return rng.choice([w, w.upper(), w + str(rng.randint(0, 999)), w[::-1], w + w[:3]])


def random_string(rng: random.Random) -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*-_"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(8, 20)))


def passphrase(rng: random.Random) -> str:
    words = rng.sample(WORDS, rng.randint(3, 5))
    return rng.choice([" ", "-", ".", ""]).join(words)


def main() -> None:
    rng = random.Random(20261124)
    kinds = [dictionary, date, walk, random_string, passphrase]
    corpus = [kind(rng) for kind in kinds for _ in range(240)]
    Path(__file__).with_name("corpus.txt").write_text("\n".join(corpus) + "\n")


if __name__ == "__main__":
    main()
