use chrono::TimeZone;
use uuid::Uuid;

use super::*;
use crate::{ProviderId, ProviderSettings, ProviderType};

fn key() -> TokenKey {
    TokenKey::new(&[42u8; 32]).unwrap()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

fn provider() -> (Provider, ProviderUserId) {
    let ada = Email::new("ada@example.com").unwrap();
    let (mut p, _) = Provider::issue(
        ProviderId::new(Uuid::from_u128(1)),
        ProviderType::Msp,
        ProviderSettings::new("Acme").unwrap(),
        ada.clone(),
        now(),
    );
    let admin = p.set_up(UserId::new(Uuid::from_u128(2)), &ada, now()).unwrap().id;
    (p, admin)
}

fn invite(p: &mut Provider, admin: ProviderUserId) -> Invitation {
    let mut created = p
        .invite_with_tokens(admin, &["Bob@Example.com"], ProviderUserType::ServiceUser, &key(), now())
        .unwrap();
    assert_eq!(created.events.len(), 1);
    created.id.remove(0)
}

fn bob() -> (UserId, Email) {
    (UserId::new(Uuid::from_u128(3)), Email::new("bob@example.com").unwrap())
}

#[test]
fn short_keys_are_refused() {
    assert_eq!(TokenKey::new(&[1u8; 31]).unwrap_err().code(), "token_key_too_short");
    assert!(TokenKey::new(&[1u8; 32]).is_ok());
}

#[test]
fn tokens_and_keys_never_print() {
    let (mut p, admin) = provider();
    let invitation = invite(&mut p, admin);
    let shown = format!("{invitation:?} {:?}", key());
    assert!(!shown.contains(invitation.token.expose()));
    assert!(shown.contains("REDACTED"));
}

#[test]
fn the_invitee_accepts_with_the_token() {
    let (mut p, admin) = provider();
    let invitation = invite(&mut p, admin);
    assert_eq!(invitation.email.as_str(), "bob@example.com");
    let (user, email) = bob();
    let events =
        p.accept_with_token(invitation.member, user, &email, &invitation.token, &key(), None, now()).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(p.member(invitation.member).unwrap().user_id(), Some(user));
}

#[test]
fn forged_wrong_and_malformed_tokens_are_invalid() {
    let (mut p, admin) = provider();
    let invitation = invite(&mut p, admin);
    let other = invite_second(&mut p, admin);
    let (user, email) = bob();
    let text = invitation.token.expose().to_owned();
    let (issued, hex) = text.split_once('.').unwrap();
    let mut flipped = hex.as_bytes().to_vec();
    flipped[0] = if flipped[0] == b'0' { b'1' } else { b'0' };
    let candidates = [
        String::new(),
        ".".to_owned(),
        "0.00".to_owned(),
        format!("{issued}.{}", String::from_utf8(flipped).unwrap()),
        format!("{}.{hex}", issued.parse::<i64>().unwrap() + 1),
        format!("{issued}.{}", hex.to_uppercase()),
        format!("{issued}.{hex}00"),
        format!("{issued}.{}", &hex[..62]),
        format!("-{issued}.{hex}"),
        format!("{}.{hex}", i64::MAX),
        "\u{0}.\u{7f}".to_owned(),
        format!("{issued}.{}", "é".repeat(32)),
        other.token.expose().to_owned(),
    ];
    for candidate in candidates {
        let err = p
            .accept_with_token(
                invitation.member,
                user,
                &email,
                &Token::from(candidate.as_str()),
                &key(),
                None,
                now(),
            )
            .unwrap_err();
        assert_eq!(err.code(), "invitation_token_invalid", "{candidate:?}");
    }
    let other_key = TokenKey::new(&[43u8; 32]).unwrap();
    let err = p
        .accept_with_token(invitation.member, user, &email, &invitation.token, &other_key, None, now())
        .unwrap_err();
    assert_eq!(err.code(), "invitation_token_invalid");
    assert!(p.member(invitation.member).unwrap().user_id().is_none());
}

fn invite_second(p: &mut Provider, admin: ProviderUserId) -> Invitation {
    let mut created = p
        .invite_with_tokens(admin, &["eve@example.com"], ProviderUserType::ServiceUser, &key(), now())
        .unwrap();
    created.id.remove(0)
}

#[test]
fn tokens_expire_after_120_hours() {
    let (mut p, admin) = provider();
    let invitation = invite(&mut p, admin);
    let (user, email) = bob();
    let late = now() + Duration::hours(INVITATION_TOKEN_HOURS);
    let err = p
        .accept_with_token(invitation.member, user, &email, &invitation.token, &key(), None, late)
        .unwrap_err();
    assert_eq!(err.code(), "invitation_token_expired");
    let far = DateTime::<Utc>::MAX_UTC;
    let err = p
        .accept_with_token(invitation.member, user, &email, &invitation.token, &key(), None, far)
        .unwrap_err();
    assert_eq!(err.code(), "invitation_token_expired");
    let just_in_time = late - Duration::microseconds(1);
    assert!(
        p.accept_with_token(invitation.member, user, &email, &invitation.token, &key(), None, just_in_time)
            .is_ok()
    );
}

#[test]
fn times_finer_than_a_microsecond_still_match() {
    let (mut p, admin) = provider();
    let at = now() + Duration::nanoseconds(123_456_789);
    let mut created =
        p.invite_with_tokens(admin, &["bob@example.com"], ProviderUserType::ServiceUser, &key(), at).unwrap();
    let invitation = created.id.remove(0);
    let (user, email) = bob();
    p.accept_with_token(invitation.member, user, &email, &invitation.token, &key(), None, at).unwrap();
}

#[test]
fn a_resend_replaces_the_token() {
    let (mut p, admin) = provider();
    let invitation = invite(&mut p, admin);
    let later = now() + Duration::hours(100);
    let resent = p.reinvite_with_token(admin, invitation.member, &key(), later).unwrap();
    assert_eq!(resent.events.len(), 1);
    assert_ne!(resent.id, invitation.token);
    assert_eq!(p.invitation_token(invitation.member, &key()).unwrap(), resent.id);
    let (user, email) = bob();
    let err = p
        .accept_with_token(invitation.member, user, &email, &invitation.token, &key(), None, later)
        .unwrap_err();
    assert_eq!(err.code(), "invitation_token_invalid");
    // The new token runs 120 hours from the resend, past the first one's expiry.
    let when = later + Duration::hours(119);
    p.accept_with_token(invitation.member, user, &email, &resent.id, &key(), None, when).unwrap();
    assert_eq!(p.invitation_token(invitation.member, &key()).unwrap_err().code(), "member_not_invited");
}

#[test]
fn the_email_must_still_match() {
    let (mut p, admin) = provider();
    let invitation = invite(&mut p, admin);
    let eve = Email::new("eve@example.com").unwrap();
    let err = p
        .accept_with_token(invitation.member, bob().0, &eve, &invitation.token, &key(), None, now())
        .unwrap_err();
    assert_eq!(err.code(), "invitation_email_mismatch");
}

#[test]
fn tokens_survive_a_replay() {
    let ada = Email::new("ada@example.com").unwrap();
    let (mut p, mut log) = Provider::issue(
        ProviderId::new(Uuid::from_u128(1)),
        ProviderType::Msp,
        ProviderSettings::new("Acme").unwrap(),
        ada.clone(),
        now(),
    );
    let admin = p.set_up(UserId::new(Uuid::from_u128(2)), &ada, now()).unwrap();
    log.extend(admin.events);
    let created = p
        .invite_with_tokens(admin.id, &["bob@example.com"], ProviderUserType::ServiceUser, &key(), now())
        .unwrap();
    log.extend(created.events);
    let mut replayed = Provider::replay(&log).unwrap();
    let invitation = &created.id[0];
    let (user, email) = bob();
    replayed
        .accept_with_token(invitation.member, user, &email, &invitation.token, &key(), None, now())
        .unwrap();
}

#[test]
fn set_up_needs_the_setup_token() {
    let ada = Email::new("ada@example.com").unwrap();
    let issue = || {
        Provider::issue(
            ProviderId::new(Uuid::from_u128(1)),
            ProviderType::Msp,
            ProviderSettings::new("Acme").unwrap(),
            ada.clone(),
            now(),
        )
        .0
    };
    let mut p = issue();
    let token = p.setup_token(&key(), now()).unwrap();
    let user = UserId::new(Uuid::from_u128(2));
    let mut other = Provider::issue(
        ProviderId::new(Uuid::from_u128(9)),
        ProviderType::Msp,
        ProviderSettings::new("Other").unwrap(),
        ada.clone(),
        now(),
    )
    .0;
    let err = other.set_up_with_token(user, &ada, &token, &key(), now()).unwrap_err();
    assert_eq!(err.code(), "setup_token_invalid");
    let late = now() + Duration::hours(INVITATION_TOKEN_HOURS);
    assert_eq!(
        p.set_up_with_token(user, &ada, &token, &key(), late).unwrap_err().code(),
        "setup_token_expired"
    );
    let bob = Email::new("bob@example.com").unwrap();
    assert_eq!(
        p.set_up_with_token(user, &bob, &token, &key(), now()).unwrap_err().code(),
        "setup_email_mismatch"
    );
    p.set_up_with_token(user, &ada, &token, &key(), now()).unwrap();
    assert_eq!(p.setup_token(&key(), now()).unwrap_err().code(), "provider_already_set_up");
    assert_eq!(
        p.set_up_with_token(user, &ada, &token, &key(), now()).unwrap_err().code(),
        "provider_already_set_up"
    );
    // An invitation token is not a set-up token.
    let mut fresh = issue();
    let (mut q, admin) = provider();
    let invitation = invite(&mut q, admin);
    assert_eq!(
        fresh.set_up_with_token(user, &ada, &invitation.token, &key(), now()).unwrap_err().code(),
        "setup_token_invalid"
    );
}

#[test]
fn deletion_is_confirmed_with_the_admins_token() {
    let (mut p, admin) = provider();
    let token = p.delete_token(admin, &key(), now()).unwrap();
    assert!(p.status() != crate::ProviderStatus::Pending);
    let stranger = ProviderUserId::new(Uuid::from_u128(77));
    assert_eq!(p.delete_token(stranger, &key(), now()).unwrap_err().code(), "not_a_member");
    assert_eq!(
        p.delete_with_token(stranger, &token, &key(), now()).unwrap_err().code(),
        "delete_token_invalid"
    );
    let late = now() + Duration::hours(DELETE_TOKEN_HOURS);
    assert_eq!(p.delete_with_token(admin, &token, &key(), late).unwrap_err().code(), "delete_token_expired");
    let forged = Token::from(format!("{}.{}", now().timestamp_micros(), "0".repeat(64)));
    assert_eq!(
        p.delete_with_token(admin, &forged, &key(), now()).unwrap_err().code(),
        "delete_token_invalid"
    );
    let events = p.delete_with_token(admin, &token, &key(), now()).unwrap();
    assert_eq!(events.len(), 1);
}
