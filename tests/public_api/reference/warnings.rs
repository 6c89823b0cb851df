//! Structured provider warnings, following the reference's `GetProviderWarningsQuery` and its
//! tests (`GetProviderWarningsQueryTests`): the suspension with its resolution and cancel date,
//! the tax-id warning from the payment processor's facts.

use chrono::{Duration, NaiveDate};
use mspkit::billing::{
    CollectionMethod, Discount, Money, ProviderWarnings, SeatPrices, SuspensionResolution, SuspensionWarning,
    TaxFacts, TaxIdVerification, TaxIdWarning,
};
use mspkit::{ProviderType, ProviderUserId, ProviderUserType};

use crate::support::{Fixture, t0};

/// A billable MSP with a running subscription, an admin and a confirmed service user.
fn subscribed() -> (Fixture, ProviderUserId) {
    let mut f = Fixture::billable(ProviderType::Msp);
    let service = f.confirmed("service@x.example", ProviderUserType::ServiceUser);
    let events = f.provider.start_subscription(
        t0().date_naive(),
        SeatPrices::reference(),
        Discount::NONE,
        CollectionMethod::AutomaticCharge,
        t0(),
    );
    f.record(events);
    (f, service)
}

fn unpaid(f: &mut Fixture) -> NaiveDate {
    let charge = t0() + Duration::days(14);
    let events = f.provider.issue_invoice(Money::from_cents(1_200), charge);
    f.record(events);
    let events = f.provider.mark_unpaid(charge + Duration::days(15));
    f.record(events);
    (charge + Duration::days(22)).date_naive()
}

const NONE: TaxFacts = TaxFacts { exempt: false, country: None, registered: false, tax_id: None };

// "NoSubscription_NoWarnings" / "ProviderEnabled_NoSuspensionWarning": nothing to say.
#[test]
fn no_subscription_or_an_enabled_provider_warns_of_nothing() {
    let mut f = Fixture::billable(ProviderType::Msp);
    assert!(f.provider.provider_warnings(f.admin, &NONE).unwrap().is_empty());
    let (f2, service) = subscribed();
    assert_eq!(f2.provider.provider_warnings(service, &NONE).unwrap(), ProviderWarnings::default());
    // Disabled by the vendor without a subscription: still nothing (the reference returns the
    // empty warnings before it looks at the provider).
    let events = f.provider.set_enabled(false, t0());
    f.record(events);
    assert!(f.provider.provider_warnings(f.admin, &NONE).unwrap().is_empty());
}

// "ProviderDisabled_Unpaid_ProviderAdmin_AddPaymentMethod" with the cancel date;
// "…_ServiceUser_ContactAdministrator" without it; "…_NotUnpaid_ContactSupport".
#[test]
fn the_suspension_says_who_can_do_what() {
    let (mut f, service) = subscribed();
    let cancels_on = unpaid(&mut f);
    let admin = f.provider.provider_warnings(f.admin, &NONE).unwrap();
    assert_eq!(
        admin.suspension,
        Some(SuspensionWarning {
            resolution: SuspensionResolution::AddPaymentMethod,
            subscription_cancels_on: Some(cancels_on),
        })
    );
    assert_eq!(
        serde_json::to_value(admin).unwrap(),
        serde_json::json!({"suspension": {"resolution": "add_payment_method", "subscription_cancels_on": cancels_on}})
    );
    let seen = f.provider.provider_warnings(service, &NONE).unwrap();
    assert_eq!(
        seen.suspension,
        Some(SuspensionWarning {
            resolution: SuspensionResolution::ContactAdministrator,
            subscription_cancels_on: None
        })
    );
    assert_eq!(
        serde_json::to_string(&seen).unwrap(),
        r#"{"suspension":{"resolution":"contact_administrator"}}"#
    );
    // Cancelled (still disabled): only support can help.
    let events = f.provider.cancel_subscription(mspkit::chrono::DateTime::from_naive_utc_and_offset(
        cancels_on.and_hms_opt(9, 0, 0).unwrap(),
        mspkit::chrono::Utc,
    ));
    f.record(events);
    let support = f.provider.provider_warnings(f.admin, &NONE).unwrap();
    assert_eq!(support.suspension.unwrap().resolution, SuspensionResolution::ContactSupport);
    // A stranger is not answered.
    let stranger = ProviderUserId::new(mspkit::uuid::Uuid::from_u128(999));
    assert_eq!(f.provider.provider_warnings(stranger, &NONE).unwrap_err().code(), "member_not_found");
}

// The tax-id cases of GetProviderWarningsQueryTests: exempt, US, not registered, not an admin →
// none; no tax id → missing; pending → pending verification; unverified → failed verification;
// no verification or verified → none.
#[test]
fn the_tax_id_warning_follows_the_facts() {
    let (f, service) = subscribed();
    let facts = |country: &str, registered, tax_id, exempt| TaxFacts {
        exempt,
        country: Some(country.to_owned()),
        registered,
        tax_id,
    };
    let admin = |t: &TaxFacts| f.provider.provider_warnings(f.admin, t).unwrap().tax_id;
    assert_eq!(admin(&facts("DE", true, None, false)), Some(TaxIdWarning::TaxIdMissing));
    assert_eq!(
        admin(&facts("DE", true, Some(TaxIdVerification::Pending), false)),
        Some(TaxIdWarning::TaxIdPendingVerification)
    );
    assert_eq!(
        admin(&facts("DE", true, Some(TaxIdVerification::Unverified), false)),
        Some(TaxIdWarning::TaxIdFailedVerification)
    );
    assert_eq!(admin(&facts("DE", true, Some(TaxIdVerification::Verified), false)), None);
    assert_eq!(admin(&facts("DE", true, Some(TaxIdVerification::Unknown), false)), None);
    assert_eq!(admin(&facts("DE", true, None, true)), None, "exempt");
    assert_eq!(admin(&facts("US", true, None, false)), None, "US");
    assert_eq!(admin(&facts("DE", false, None, false)), None, "not registered there");
    let missing = facts("DE", true, None, false);
    assert_eq!(f.provider.provider_warnings(service, &missing).unwrap().tax_id, None, "admins only");
    assert_eq!(
        serde_json::to_string(&f.provider.provider_warnings(f.admin, &missing).unwrap()).unwrap(),
        r#"{"tax_id":"tax_id_missing"}"#
    );
    // The facts are read from JSON with every field optional, unknown fields refused.
    let read: TaxFacts = serde_json::from_str(r#"{"country": "DE", "registered": true}"#).unwrap();
    assert_eq!(read, missing);
    assert!(serde_json::from_str::<TaxFacts>(r#"{"countri": "DE"}"#).is_err());
}

// The portfolio report carries the admin's view; the example portfolio has none.
#[test]
fn the_report_carries_the_billing_warnings() {
    let (mut f, service) = subscribed();
    let cancels_on = unpaid(&mut f);
    let report = mspkit::portfolio::PortfolioReport::new(&f.provider, t0() + Duration::days(30));
    assert_eq!(report.billing_warnings.suspension.unwrap().subscription_cancels_on, Some(cancels_on));
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["billing_warnings"]["suspension"]["resolution"], "add_payment_method");
    let as_service = report.with_billing_warnings(&f.provider, service, &NONE).unwrap();
    assert_eq!(
        as_service.billing_warnings.suspension.unwrap().resolution,
        SuspensionResolution::ContactAdministrator
    );
    let fresh = Fixture::billable(ProviderType::Msp);
    let json = serde_json::to_value(mspkit::portfolio::PortfolioReport::new(&fresh.provider, t0())).unwrap();
    assert!(json.get("billing_warnings").is_none());
}
