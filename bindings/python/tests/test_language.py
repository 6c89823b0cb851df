"""Simplified Chinese (issue 18, item 3): `mspkit.set_language("zh-CN")` turns exception
messages, warnings, the compliance table and the deployment timeline into Chinese for the whole
process; `.code`, JSON and every value for machines stay as they are."""

import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

import mspkit
from conftest import NOW

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def chinese():
    mspkit.set_language("zh-CN")
    try:
        yield
    finally:
        mspkit.set_language("en")


def test_english_is_the_default_and_languages_are_checked():
    assert mspkit.get_language() == "en"
    mspkit.set_language("zh_CN.UTF-8")
    try:
        assert mspkit.get_language() == "zh-CN"
    finally:
        mspkit.set_language("en")
    with pytest.raises(mspkit.ValidationError) as info:
        mspkit.set_language("tlh")
    assert info.value.code == "unknown_language"
    assert mspkit.get_language() == "en"


def test_exception_messages_speak_chinese_and_keep_their_code(chinese, team):
    with pytest.raises(mspkit.ValidationError) as info:
        mspkit.normalize_email("not an email")
    assert info.value.code == "email_invalid"
    assert str(info.value) == "`not an email` 不是有效的电子邮件地址"
    with pytest.raises(mspkit.TeamError) as info:
        team.provider.remove(team.ada, [team.ada], NOW)
    assert info.value.code == "cannot_remove_self"
    assert "不能把自己移出团队" in str(info.value)


def test_english_messages_are_unchanged(team):
    with pytest.raises(mspkit.ValidationError) as info:
        mspkit.normalize_email("not an email")
    assert str(info.value) == "`not an email` is not a valid email address"


def test_warnings_and_the_compliance_table_speak_chinese(chinese):
    portfolio = mspkit.Portfolio.from_json((ROOT / "examples/portfolio.json").read_text())
    warnings = portfolio.provider.warnings(datetime(2026, 11, 24, 12, tzinfo=timezone.utc))
    full = next(w for w in warnings if w.code == "client_full")
    assert "没有空闲席位" in full.message
    baseline = mspkit.Baseline.load(ROOT / "examples/baseline.toml")
    compliance = baseline.check(portfolio, now=NOW)
    table = compliance.to_table()
    assert "6 个客户中有 2 个合规" in table and "严重程度" in table
    # JSON does not change with the language.
    mspkit.set_language("en")
    english_json = compliance.to_json()
    mspkit.set_language("zh-CN")
    assert compliance.to_json() == english_json


def test_the_deployment_guide_and_timeline_in_chinese(chinese):
    catalog = mspkit.DeploymentCatalog.for_language("zh-CN")
    assert [p.name for p in catalog.phases] == ["入职前", "组织设立", "组织推广", "用户培训"]
    assert [s.topic for s in catalog.steps][32:] == ["管理员培训", "服务台培训", "团队成员培训", "持续教育"]
    english = mspkit.DeploymentCatalog.for_language("en")
    assert english.to_json() == mspkit.DeploymentCatalog.default().to_json()
    doc = (ROOT / "examples/portfolio.json").read_text()
    svg = mspkit.deployment_timeline_svg(doc, date(2026, 11, 24))
    assert "部署时间线" in svg and "1. 入职前" in svg and "Noto Sans CJK SC" in svg
    # The report's JSON keeps the English edition.
    mspkit.set_language("en")
    assert "Pre-onboarding" in mspkit.deployment_report(doc, date(2026, 11, 24))
