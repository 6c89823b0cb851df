"""The access review across all clients (issue 20, item 2): typed report, sign-off, refusals."""

import datetime
import json
from datetime import timedelta
from pathlib import Path

import pytest

import mspkit

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def example() -> tuple[mspkit.Provider, list[mspkit.Event]]:
    text = (EXAMPLES / "events.jsonl").read_text()
    return mspkit.replay_portfolio(text).provider, mspkit.read_event_log(text)


def admins(provider: mspkit.Provider) -> list:
    return [m.id for m in provider.members if m.is_confirmed_admin]


def test_the_review_is_typed_and_knows_activity_from_the_events():
    provider, events = example()
    as_of = provider.revised_at + timedelta(days=1)
    review = provider.access_review(as_of, events)
    assert isinstance(review, mspkit.AccessReview)
    assert review.activity_known and review.has_findings
    assert review.as_of == as_of
    assert review.inactive_days == 90
    assert len(review.clients) == len(provider.clients)
    client = review.clients[0]
    assert isinstance(client, mspkit.ClientAccess)
    assert client.last_review is None and client.review_overdue
    entry = client.access[0]
    assert isinstance(entry, mspkit.AccessEntry)
    assert entry.role == "provider_admin" and entry.via == "provider"
    assert any(e.last_acted is not None for c in review.clients for e in c.access)
    assert {f.code for f in review.findings} >= {"invitation_expired", "review_missing"}
    finding = next(f for f in review.findings if f.code == "invitation_expired")
    assert isinstance(finding, mspkit.AccessFinding)
    assert finding.command == "reinvite" and finding.member is not None and finding.client is None
    assert "AccessFinding(code='invitation_expired'" in repr(finding)
    assert repr(review).startswith("AccessReview(as_of=")
    # Equality and plain objects.
    assert review == provider.access_review(as_of, iter(events))
    assert review != provider.access_review(as_of)
    as_dict = review.to_dict()
    assert as_dict["findings_hash"] == review.findings_hash
    assert json.loads(review.to_json()) == as_dict
    assert finding.to_dict()["code"] == "invitation_expired"
    assert review.findings_csv().splitlines()[0].startswith("code,client_id,client,")
    # Without events, nothing is known of activity.
    blind = provider.access_review(as_of)
    assert not blind.activity_known
    assert all(e.last_acted is None for c in blind.clients for e in c.access)


def test_a_sign_off_records_one_event_and_shows_in_the_next_review():
    provider, events = example()
    now = provider.revised_at + timedelta(hours=1)
    ada = admins(provider)[0]
    review = provider.access_review(now, events)
    due = (now + timedelta(days=90)).date()
    signed = provider.sign_access_review(ada, review.findings_hash, due, now)
    assert [e.kind for e in signed] == ["access_review_signed"]
    after = provider.access_review(now, events + signed)
    assert after.findings_hash == review.findings_hash
    stamp = after.last_full_review
    assert isinstance(stamp, mspkit.ReviewStamp)
    assert (stamp.by, stamp.next_due, stamp.overdue) == (ada, due, False)
    assert stamp.findings == review.findings_hash
    assert all(c.last_review == stamp and not c.review_overdue for c in after.clients)
    assert all(f.code != "review_missing" for f in after.findings)
    late = provider.access_review(now + timedelta(days=91), events + signed)
    assert all(c.review_overdue for c in late.clients)
    assert any(f.code == "review_overdue" for f in late.findings)
    # One client, by its own hash.
    first = after.clients[0].client
    hash_one = after.findings_hash_for([first])
    assert len(provider.sign_access_review(ada, hash_one, due, now, clients=[first])) == 1


def test_refusals_keep_their_codes():
    provider, events = example()
    now = provider.revised_at + timedelta(hours=1)
    ada = admins(provider)[0]
    review = provider.access_review(now, events)
    with pytest.raises(mspkit.ProviderError) as info:
        provider.sign_access_review(ada, review.findings_hash, now.date(), now)
    assert info.value.code == "review_due_invalid"
    with pytest.raises(mspkit.ProviderError) as info:
        provider.sign_access_review(ada, "not a hash", now.date() + timedelta(days=1), now)
    assert info.value.code == "findings_hash_invalid"
    with pytest.raises(mspkit.ProviderError) as info:
        provider.sign_access_review(ada, review.findings_hash, now.date() + timedelta(days=1), now, clients=[])
    assert info.value.code == "review_scope_invalid"
    service = next(m.id for m in provider.members if m.role == mspkit.ProviderUserType.SERVICE_USER
                   and m.status == mspkit.ProviderUserStatus.CONFIRMED)
    with pytest.raises(mspkit.MspkitError) as info:
        provider.sign_access_review(service, review.findings_hash, now.date() + timedelta(days=1), now)
    assert info.value.code == "provider_admin_only"
    with pytest.raises(mspkit.ValidationError):
        provider.access_review(datetime.datetime(2026, 12, 7))
