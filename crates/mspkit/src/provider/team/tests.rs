use super::*;

#[test]
fn invitations_expire_after_120_hours_and_never_overflow() {
    let now = DateTime::<Utc>::UNIX_EPOCH;
    assert_eq!(invitation_expiry(now), now + Duration::hours(120));
    assert_eq!(invitation_expiry(DateTime::<Utc>::MAX_UTC), DateTime::<Utc>::MAX_UTC);
}

#[test]
fn codes_round_trip() {
    for code in [-1, 0, 1, 2] {
        assert_eq!(ProviderUserStatus::from_code(code).map(ProviderUserStatus::code), Some(code));
    }
    assert_eq!(ProviderUserStatus::from_code(3), None);
    assert_eq!(ProviderUserType::from_code(1), Some(ProviderUserType::ServiceUser));
    assert_eq!(ProviderUserType::from_code(2), None);
    for code in [-1, 0, 1, 2] {
        let status = ProviderUserStatus::from_code(code).unwrap();
        assert_eq!(serde_json::to_value(status).unwrap(), status.name());
    }
    for role in [ProviderUserType::ProviderAdmin, ProviderUserType::ServiceUser] {
        assert_eq!(serde_json::to_value(role).unwrap(), role.name());
    }
}
