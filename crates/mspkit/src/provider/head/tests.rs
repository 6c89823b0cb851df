use super::*;
use crate::email::Email;

/// The reference's `CreateProviderCommand` sets `UseEvents` on every provider it creates
/// (`CreateProviderCommandTests.CreateMspAsync_Success` creates one): so do new settings.
/// A stored document without the key keeps events off.
#[test]
fn new_providers_use_events_by_default() {
    assert!(ProviderSettings::new("Northwind").unwrap().use_events());
    assert!(!ProviderSettings::new("Northwind").unwrap().with_use_events(false).use_events());
    let stored: RawSettings = serde_json::from_str(r#"{"name":"Northwind"}"#).unwrap();
    assert!(!ProviderSettings::try_from(stored).unwrap().use_events());
}

#[test]
fn an_update_keeps_what_it_does_not_name_and_clears_blank_text() {
    let settings = ProviderSettings::new("Northwind")
        .unwrap()
        .with_business_name(Some("Northwind Ltd"))
        .unwrap()
        .with_billing_phone(Some("+44 1"))
        .unwrap()
        .with_billing_email(Some(Email::new("b@n.example").unwrap()));
    let update = SettingsUpdate {
        billing_phone: Some(String::new()),
        country: Some("GB".into()),
        use_events: Some(true),
        ..SettingsUpdate::default()
    };
    let new = settings.updated(&update).unwrap();
    assert_eq!(new.name(), "Northwind");
    assert_eq!(new.business_name(), Some("Northwind Ltd"));
    assert_eq!(new.billing_phone(), None);
    assert_eq!(new.address().country.as_deref(), Some("GB"));
    assert_eq!(new.billing_email().map(Email::as_str), Some("b@n.example"));
    assert!(new.use_events());
    let cleared = settings.updated(&SettingsUpdate { billing_email: Some(" ".into()), ..Default::default() });
    assert_eq!(cleared.unwrap().billing_email(), None);
    let bad = SettingsUpdate { billing_email: Some("nope".into()), ..Default::default() };
    assert_eq!(settings.updated(&bad).unwrap_err().code(), "email_invalid");
    let blank = SettingsUpdate { name: Some("  ".into()), ..Default::default() };
    assert_eq!(settings.updated(&blank).unwrap_err().code(), "provider_name_blank");
}
