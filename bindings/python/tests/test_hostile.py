"""The hostile input table (tests/fixtures/hostile/cases.json and output.json) through Python: each case raises an
MspkitError subclass with exactly the table's code, as the Rust and CLI runners check."""

import copy
import json
import pathlib
from datetime import date

import pytest

import mspkit

ROOT = pathlib.Path(__file__).resolve().parents[3]
TABLE = [
    case
    for file in ("cases.json", "output.json")
    for case in json.loads((ROOT / "tests/fixtures/hostile" / file).read_text())["cases"]
]
BASE = (ROOT / "examples/portfolio.json").read_text()


def _edit(doc, pointer: str, value, remove: bool = False) -> None:
    parts = [p for p in pointer.split("/")[1:]]
    parent = doc
    for p in parts[:-1]:
        parent = parent[int(p)] if isinstance(parent, list) else parent[p]
    last = parts[-1]
    if isinstance(parent, list):
        if remove:
            del parent[int(last)]
        else:
            parent[int(last)] = value
    elif remove:
        del parent[last]
    else:
        parent[last] = value


def _get(doc, pointer: str):
    for p in pointer.split("/")[1:]:
        doc = doc[int(p)] if isinstance(doc, list) else doc[p]
    return doc


def portfolio_text(edits: list) -> str:
    """The same construction as tests/hostile.rs."""
    text = BASE
    doc = None
    for e in edits:
        if "set" in e:
            doc = doc if doc is not None else json.loads(BASE)
            value = e["repeat"][0] * e["repeat"][1] if "repeat" in e else e.get("value")
            _edit(doc, e["set"], value)
        elif "remove" in e:
            doc = doc if doc is not None else json.loads(BASE)
            _edit(doc, e["remove"], None, remove=True)
        elif "copy" in e:
            doc = doc if doc is not None else json.loads(BASE)
            _edit(doc, e["copy"][1], copy.deepcopy(_get(doc, e["copy"][0])))
        elif "replace" in e:
            old, new = e["replace"]
            assert old in text, old
            text = text.replace(old, new, 1)
        elif "replace_all" in e:
            old, new = e["replace_all"]
            assert old in text, old
            text = text.replace(old, new)
        elif "truncate" in e:
            text = text.encode()[: e["truncate"]].decode(errors="ignore")
        elif "prepend" in e:
            text = e["prepend"] + text
        elif "append" in e:
            text = text + e["append"]
        elif "raw" in e:
            text = e["raw"]
        elif "nest" in e:
            opening, n, middle, closing = e["nest"]
            text = opening * n + middle + closing * n
        else:
            raise AssertionError(f"unknown edit {e}")
    return json.dumps(doc, indent=2) if doc is not None else text


def _unchained(text: str) -> str:
    """The version 1 form of the chained example (as tests/example_log.rs's `unchained`): the
    cases edit what an event holds, which a chained line would refuse first for its hash."""
    out = []
    for line in text.splitlines():
        if line.strip() == '{"schema_version":2}':
            out.append('{"schema_version":1}')
        elif line.startswith('{"hash":"'):
            at = line.find(',"event":')
            if at >= 0:
                out.append(line[at + 9 : -1])
        else:
            out.append(line)
    return "\n".join(out) + "\n"


LOG = _unchained((ROOT / "examples/events.jsonl").read_text())


def log_text(edits: list) -> str:
    """The same construction as tests/hostile.rs for an event-log case."""
    text = LOG
    for e in edits:
        if "drop_line" in e:
            lines = text.splitlines()
            del lines[e["drop_line"] - 1]
            text = "".join(line + "\n" for line in lines)
        elif "replace" in e:
            old, new = e["replace"]
            assert old in text, old
            text = text.replace(old, new, 1)
        elif "truncate" in e:
            text = text.encode()[: e["truncate"]].decode(errors="ignore")
        elif "append" in e:
            text = text + e["append"]
        elif "raw" in e:
            text = e["raw"]
        else:
            raise AssertionError(f"unknown edit {e}")
    return text


def document_text(case: dict) -> str:
    """The same construction as tests/hostile.rs for a document case: `text`, or `build`."""
    if "text" in case:
        return case["text"]
    prefix, piece, n, joiner, suffix = case["build"]
    return prefix + joiner.join([piece] * n) + suffix


def test_the_table_has_over_a_hundred_cases() -> None:
    assert len(TABLE) >= 100


@pytest.mark.parametrize("case", TABLE, ids=[c["name"] for c in TABLE])
def test_each_hostile_case_gives_its_code(case: dict) -> None:
    with pytest.raises(mspkit.MspkitError) as info:
        if case["kind"] == "event_log":
            mspkit.replay_portfolio(log_text(case["edits"]))
        elif case["kind"] == "portfolio":
            mspkit.deployment_report(portfolio_text(case["edits"]), date(2026, 11, 24))
        elif case["kind"] == "kdf":
            code, iterations, memory, parallelism = case["args"]
            mspkit.Kdf.from_code(code, iterations, memory, parallelism)
        elif case["kind"] == "catalog":
            mspkit.DeploymentCatalog.from_toml(case["toml"])
        elif case["kind"] == "baseline":
            if case["file"].endswith(".toml"):
                mspkit.Baseline.from_toml(document_text(case))
            else:
                mspkit.Baseline.from_json(document_text(case))
        elif case["kind"] == "what_if":
            provider = mspkit.Portfolio.from_json(BASE).provider
            provider.what_if(document_text(case), today=date(2026, 11, 24))
        elif case["kind"] == "reference_policies":
            mspkit.ReferencePolicies.from_json(document_text(case))
        elif case["kind"] == "kdf_json":
            mspkit.Kdf.from_json(document_text(case))
        elif case["kind"] == "password_policy_json":
            mspkit.MasterPasswordPolicy.from_json(document_text(case))
        else:
            raise AssertionError(case["kind"])
    assert info.value.code == case["code"]
