"""Policies, baselines and compliance from Python."""

from pathlib import Path

import pytest

import mspkit

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def test_the_catalogue_lists_every_policy_with_its_rules():
    catalogue = mspkit.policy_catalogue()
    assert [p["code"] for p in catalogue] == list(range(23))
    by_name = {p["name"]: p for p in catalogue}
    assert by_name["require_sso"]["requires"] == ["single_org"]
    min_length = next(s for s in by_name["master_password"]["settings"] if s["name"] == "min_length")
    assert (min_length["rule"], min_length["min"], min_length["max"]) == ("at_least", 12, 128)
    minutes = next(s for s in by_name["maximum_vault_timeout"]["settings"] if s["name"] == "minutes")
    assert minutes["rule"] == "at_most" and minutes["required"]


def test_the_example_baseline_loads():
    baseline = mspkit.Baseline.load(EXAMPLES / "baseline.toml")
    assert baseline.name == "MSP security baseline"
    assert baseline.required_policies == [
        "two_factor_authentication",
        "master_password",
        "single_org",
        "reset_password",
        "maximum_vault_timeout",
        "disable_personal_vault_export",
    ]
    assert "MSP security baseline" in repr(baseline)
    same = mspkit.Baseline.from_toml((EXAMPLES / "baseline.toml").read_text())
    assert same == baseline


@pytest.mark.parametrize(
    ("text", "code", "line", "key"),
    [
        ("[policies.master_password]\nmin_length = 14\nmin_lenght = 3\n", "baseline_unknown_setting", 3,
         "policies.master_password.min_lenght"),
        ("[policies.single_organization]\n", "baseline_unknown_policy", 1, "policies.single_organization"),
        ("[policies.master_password]\nmin_length = 11\n", "baseline_invalid_value", 2,
         "policies.master_password.min_length"),
        ("[policies.master_password\n", "baseline_malformed", 1, None),
        ("[policies.maximum_vault_timeout]\n", "baseline_missing_setting", 1, "policies.maximum_vault_timeout"),
    ],
)
def test_bad_baselines_name_the_line_and_key(text, code, line, key):
    with pytest.raises(mspkit.BaselineError) as info:
        mspkit.Baseline.from_toml(text)
    err = info.value
    assert isinstance(err, mspkit.MspkitError)
    assert (err.code, err.line, err.key) == (code, line, key)


def test_json_baselines_name_the_key():
    with pytest.raises(mspkit.BaselineError) as info:
        mspkit.Baseline.from_json('{"policies": {"master_password": {"min_len": 14}}}')
    assert (info.value.code, info.value.line, info.value.key) == (
        "baseline_unknown_setting",
        None,
        "policies.master_password.min_len",
    )


def test_compliance_error_is_an_assertion_error_and_an_mspkit_error():
    assert issubclass(mspkit.ComplianceError, AssertionError)
    assert issubclass(mspkit.ComplianceError, mspkit.MspkitError)
