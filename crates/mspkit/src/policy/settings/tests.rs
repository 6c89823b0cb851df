use super::*;

fn set(kind: PolicyKind, name: &str, value: SettingValue) -> Result<PolicySettings, PolicyError> {
    PolicySettings::new(kind).with(name, Some(value))
}

#[test]
fn every_number_range_is_checked_at_both_edges() {
    for kind in PolicyKind::all() {
        for spec in kind.settings() {
            let (SettingRule::AtLeast { min, max } | SettingRule::AtMost { min, max }) = spec.rule else {
                continue;
            };
            for ok in [min, max] {
                let settings = set(*kind, spec.name, SettingValue::Int(ok)).unwrap();
                assert_eq!(settings.get(spec.name), Some(SettingValue::Int(ok)), "{kind} {}", spec.name);
            }
            for bad in [min - 1, max + 1] {
                let err = set(*kind, spec.name, SettingValue::Int(bad)).unwrap_err();
                assert_eq!(err.code(), "policy_setting_out_of_range", "{kind} {} {bad}", spec.name);
            }
            let err = set(*kind, spec.name, SettingValue::Bool(true)).unwrap_err();
            assert_eq!(err.code(), "invalid_policy_setting");
        }
    }
}

#[test]
fn the_ranges_are_the_specs() {
    let range = |kind: PolicyKind, name: &str| kind.setting(name).map(|s| s.rule);
    assert_eq!(
        range(PolicyKind::MasterPassword, "min_length"),
        Some(SettingRule::AtLeast { min: 12, max: 128 })
    );
    assert_eq!(
        range(PolicyKind::MasterPassword, "min_complexity"),
        Some(SettingRule::AtLeast { min: 0, max: 4 })
    );
    assert_eq!(
        range(PolicyKind::PasswordGenerator, "min_length"),
        Some(SettingRule::AtLeast { min: 5, max: 128 })
    );
    assert_eq!(
        range(PolicyKind::PasswordGenerator, "min_numbers"),
        Some(SettingRule::AtLeast { min: 0, max: 9 })
    );
    assert_eq!(
        range(PolicyKind::PasswordGenerator, "min_special"),
        Some(SettingRule::AtLeast { min: 0, max: 9 })
    );
    assert_eq!(
        range(PolicyKind::PasswordGenerator, "min_number_words"),
        Some(SettingRule::AtLeast { min: 3, max: 20 })
    );
    assert_eq!(
        range(PolicyKind::MaximumVaultTimeout, "minutes"),
        Some(SettingRule::AtMost { min: 1, max: MAX_VAULT_TIMEOUT_MINUTES })
    );
}

#[test]
fn master_password_settings_are_the_password_modules_type() {
    let settings = PolicySettings::new(PolicyKind::MasterPassword)
        .with("min_length", Some(SettingValue::Int(14)))
        .unwrap()
        .with("require_special", Some(SettingValue::Bool(true)))
        .unwrap();
    let PolicySettings::MasterPassword(policy) = &settings else { panic!("not a master password policy") };
    assert_eq!(policy.min_length(), Some(14));
    assert!(policy.require_special() && !policy.require_upper());
    assert_eq!(settings.get("require_upper"), Some(SettingValue::Bool(false)));
}

#[test]
fn choices_texts_and_urls() {
    let kind = PolicyKind::MaximumVaultTimeout;
    assert!(set(kind, "action", SettingValue::Text("log_out".into())).is_ok());
    assert_eq!(
        set(kind, "action", SettingValue::Text("logOut".into())).unwrap_err().code(),
        "invalid_policy_setting"
    );
    let banner = PolicyKind::OrganizationUserNotification;
    assert!(set(banner, "header", SettingValue::Text("h".repeat(40))).is_ok());
    assert_eq!(
        set(banner, "header", SettingValue::Text("h".repeat(41))).unwrap_err().code(),
        "policy_setting_too_long"
    );
    let fill = PolicyKind::FillAssist;
    assert!(set(fill, "rules_url", SettingValue::Text("https://rules.example.com/a.json".into())).is_ok());
    for bad in ["http://rules.example.com", "https://", "https:// x", "rules.example.com"] {
        assert_eq!(
            set(fill, "rules_url", SettingValue::Text(bad.into())).unwrap_err().code(),
            "invalid_policy_setting",
            "{bad}"
        );
    }
    assert_eq!(
        set(PolicyKind::SingleOrg, "anything", SettingValue::Bool(true)).unwrap_err().code(),
        "unknown_policy_setting"
    );
}

#[test]
fn required_settings() {
    assert_eq!(
        PolicySettings::new(PolicyKind::FillAssist).check_complete().unwrap_err().code(),
        "policy_setting_required"
    );
    assert_eq!(
        PolicySettings::new(PolicyKind::MaximumVaultTimeout).check_complete().unwrap_err().code(),
        "policy_setting_required"
    );
    assert!(PolicySettings::new(PolicyKind::MasterPassword).check_complete().is_ok());
    for kind in PolicyKind::all() {
        assert_eq!(PolicySettings::new(*kind).kind(), *kind);
    }
}

#[test]
fn json_maps_round_trip() {
    let settings = PolicySettings::new(PolicyKind::SendControls)
        .with("disable_send", Some(SettingValue::Bool(true)))
        .unwrap()
        .with("who_can_access", Some(SettingValue::Text("password".into())))
        .unwrap();
    let map = settings.to_json_map();
    assert_eq!(PolicySettings::from_json_map(PolicyKind::SendControls, &map).unwrap(), settings);
    let mut bad = map;
    bad.insert("who_can_see".into(), serde_json::Value::Bool(true));
    assert_eq!(
        PolicySettings::from_json_map(PolicyKind::SendControls, &bad).unwrap_err().code(),
        "unknown_policy_setting"
    );
}
