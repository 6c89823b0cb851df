use uuid::Uuid;

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn msp(collection: CollectionMethod) -> Subscription {
    Subscription::start(
        ProviderType::Msp,
        SeatPrices::reference(),
        Discount::NONE,
        collection,
        d(2026, 11, 1),
    )
    .unwrap()
    .0
}

/// The reference's `ProviderBillingService.SetupSubscription` gives no trial without a
/// payment method: its `SetupSubscription_SendInvoice_Succeeds` creates a send_invoice
/// subscription with no trial days, the `..._ChargeAutomatically_HasCard_Succeeds` one with 14.
#[test]
fn no_trial_when_collected_by_invoice() {
    for kind in [ProviderType::Msp, ProviderType::BusinessUnit] {
        let (s, _) = Subscription::start(
            kind,
            SeatPrices::reference(),
            Discount::NONE,
            CollectionMethod::SendInvoice,
            d(2026, 11, 1),
        )
        .unwrap();
        // The first charge date is the start: the first period begins at once.
        assert_eq!(s.anchor(), d(2026, 11, 1), "{kind:?}");
        assert_eq!(s.status(d(2026, 11, 1)), SubscriptionStatus::Active);
        assert_eq!(s.next_charge_date(PlanType::TeamsMonthly, d(2026, 11, 2)).unwrap(), d(2026, 12, 1));
        assert_eq!(s.started_on().unwrap(), d(2026, 11, 1));
        let mut s = s;
        s.issue_invoice(d(2026, 11, 1), Money::from_cents(100)).unwrap();
    }
}

#[test]
fn trials_last_14_days_for_an_msp_and_4_for_a_business_unit() {
    let s = msp(CollectionMethod::AutomaticCharge);
    assert_eq!(s.anchor(), d(2026, 11, 15));
    assert_eq!(s.status(d(2026, 11, 14)), SubscriptionStatus::Trialing);
    assert_eq!(s.status(d(2026, 11, 15)), SubscriptionStatus::Active);
    let (bu, _) = Subscription::start(
        ProviderType::BusinessUnit,
        SeatPrices::reference(),
        Discount::NONE,
        CollectionMethod::AutomaticCharge,
        d(2026, 11, 1),
    )
    .unwrap();
    assert_eq!(bu.anchor(), d(2026, 11, 5));
    assert_eq!(bu.status(d(2026, 11, 4)), SubscriptionStatus::Trialing);
    let err = Subscription::start(
        ProviderType::Reseller,
        SeatPrices::reference(),
        Discount::NONE,
        CollectionMethod::SendInvoice,
        d(2026, 11, 1),
    )
    .unwrap_err();
    assert_eq!(err.code(), "no_consolidated_billing");
}

#[test]
fn invoiced_overdue_warned_unpaid_cancelled() {
    let mut s = msp(CollectionMethod::SendInvoice);
    let amount = Money::from_cents(10_000);
    s.issue_invoice(d(2026, 11, 15), amount).unwrap();
    assert_eq!(s.issue_invoice(d(2026, 11, 16), amount).unwrap_err().code(), "invoice_already_open");
    // 30 days to pay: due on 15 December.
    assert_eq!(s.status(d(2026, 12, 15)), SubscriptionStatus::Invoiced);
    assert_eq!(s.status(d(2026, 12, 16)), SubscriptionStatus::Overdue);
    assert_eq!(s.mark_unpaid(d(2026, 12, 15)).unwrap_err().code(), "invoice_not_overdue");
    // The warning shows at 30 days overdue on invoice.
    assert!(!s.suspension_warning(d(2027, 1, 13)));
    assert!(s.suspension_warning(d(2027, 1, 14)));
    let change = s.mark_unpaid(d(2027, 1, 14)).unwrap();
    assert_eq!(change, SubscriptionChange::MarkedUnpaid { on: d(2027, 1, 14), cancels_on: d(2027, 1, 21) });
    assert_eq!(s.status(d(2027, 1, 15)), SubscriptionStatus::Unpaid);
    // Still reported once unpaid: the reference's GetSubscriptionSuspensionAsync (Billing
    // Utilities) returns the suspension for a "past_due" or an "unpaid" subscription with an
    // open invoice (ProviderBillingControllerTests.GetSubscriptionAsync_Ok reads it back).
    assert!(s.suspension_warning(d(2027, 1, 15)), "unpaid, invoice open: still warned");
    assert!(s.suspension_warning(d(2027, 1, 20)));
    assert_eq!(s.cancel(d(2027, 1, 20)).unwrap_err().code(), "cancel_too_early");
    s.cancel(d(2027, 1, 21)).unwrap();
    assert_eq!(s.status(d(2027, 1, 21)), SubscriptionStatus::Cancelled);
    assert!(!s.suspension_warning(d(2027, 1, 21)), "cancelled: nothing left to warn of");
    assert_eq!(s.pay(d(2027, 1, 22)).unwrap_err().code(), "subscription_cancelled");
}

#[test]
fn automatic_charge_is_due_at_once_and_warns_after_14_days() {
    let mut s = msp(CollectionMethod::AutomaticCharge);
    s.issue_invoice(d(2026, 11, 15), Money::from_cents(1)).unwrap();
    assert_eq!(s.status(d(2026, 11, 15)), SubscriptionStatus::Invoiced);
    assert_eq!(s.status(d(2026, 11, 16)), SubscriptionStatus::Overdue);
    assert!(!s.suspension_warning(d(2026, 11, 28)));
    assert!(s.suspension_warning(d(2026, 11, 29)));
    let paid = s.pay(d(2026, 11, 30)).unwrap();
    assert!(matches!(paid, SubscriptionChange::Paid { reenables_provider: false, .. }));
    assert_eq!(s.status(d(2026, 11, 30)), SubscriptionStatus::Active);
    assert_eq!(s.pay(d(2026, 11, 30)).unwrap_err().code(), "no_open_invoice");
    assert_eq!(s.cancel(d(2026, 11, 30)).unwrap_err().code(), "subscription_not_unpaid");
    assert_eq!(s.mark_unpaid(d(2026, 11, 30)).unwrap_err().code(), "no_open_invoice");
}

#[test]
fn paying_an_unpaid_subscription_reenables_the_provider() {
    let mut s = msp(CollectionMethod::AutomaticCharge);
    s.issue_invoice(d(2026, 11, 15), Money::from_cents(1)).unwrap();
    s.mark_unpaid(d(2026, 12, 1)).unwrap();
    let paid = s.pay(d(2026, 12, 3)).unwrap();
    assert!(matches!(paid, SubscriptionChange::Paid { reenables_provider: true, .. }));
    assert_eq!(s.status(d(2026, 12, 3)), SubscriptionStatus::Active);
}

#[test]
fn replaying_the_changes_rebuilds_the_subscription() {
    let (mut s, started) = Subscription::start(
        ProviderType::Msp,
        SeatPrices::reference(),
        Discount::NONE,
        CollectionMethod::AutomaticCharge,
        d(2026, 11, 1),
    )
    .unwrap();
    let client = OrganizationId::new(Uuid::from_u128(9));
    let mut log = vec![started];
    log.push(s.issue_invoice(d(2026, 11, 15), Money::from_cents(500)).unwrap());
    log.push(s.pay(d(2026, 11, 15)).unwrap());
    let purchase = s.purchase(client, PlanType::TeamsMonthly, 2, d(2026, 11, 20)).unwrap();
    s.apply(&purchase).unwrap();
    log.push(purchase);
    log.push(s.set_client_reference(client, Some(" ACME-01 ")).unwrap());
    log.push(s.set_discount("10".parse().unwrap()).unwrap());
    let json = serde_json::to_string(&log).unwrap();
    let log: Vec<SubscriptionChange> = serde_json::from_str(&json).unwrap();
    let mut replayed = s.clone();
    for change in &log {
        replayed.apply(change).unwrap();
    }
    assert_eq!(replayed, s);
    assert_eq!(s.client_reference(client), Some("ACME-01"));
    // Out of order: paying twice.
    let paid = log.get(2).unwrap();
    assert_eq!(s.apply(paid).unwrap_err().code(), "billing_change_out_of_order");
}

fn purchase_of(change: &SubscriptionChange) -> SeatPurchase {
    match change {
        SubscriptionChange::SeatsPurchased { purchase } => Some(*purchase),
        _ => None,
    }
    .unwrap()
}

#[test]
fn purchases_are_prorated_to_the_end_of_their_period() {
    let s = msp(CollectionMethod::AutomaticCharge);
    let client = OrganizationId::new(Uuid::from_u128(9));
    // Periods run from the 15th; 20 November → 15 December is 25 of 30 days.
    let purchase = purchase_of(&s.purchase(client, PlanType::TeamsMonthly, 3, d(2026, 11, 20)).unwrap());
    assert_eq!((purchase.remaining_days, purchase.period_days), (25, 30));
    assert_eq!(purchase.cost.cents(), 1_000, "3 × $4 × 25/30");
    assert_eq!(purchase.charged_on, d(2026, 12, 15));
    // During the trial the seats cost nothing until the first charge.
    let purchase = purchase_of(&s.purchase(client, PlanType::TeamsMonthly, 3, d(2026, 11, 2)).unwrap());
    assert_eq!((purchase.cost, purchase.charged_on), (Money::ZERO, d(2026, 11, 15)));
    assert_eq!(s.next_charge_date(PlanType::TeamsMonthly, d(2026, 11, 2)).unwrap(), d(2026, 11, 15));
    assert_eq!(s.next_charge_date(PlanType::TeamsMonthly, d(2026, 11, 16)).unwrap(), d(2026, 12, 15));
    assert_eq!(s.next_charge_date(PlanType::TeamsMonthly, d(2026, 12, 15)).unwrap(), d(2026, 12, 15));
    assert_eq!(
        s.purchase(client, PlanType::TeamsAnnually, 1, d(2026, 11, 20)).unwrap_err().code(),
        "plan_not_billed"
    );
}

#[test]
fn client_references_are_checked() {
    let mut s = msp(CollectionMethod::AutomaticCharge);
    let client = OrganizationId::new(Uuid::from_u128(9));
    assert_eq!(s.set_client_reference(client, Some("  ")).unwrap_err().code(), "client_reference_invalid");
    assert_eq!(
        s.set_client_reference(client, Some(&"x".repeat(65))).unwrap_err().code(),
        "client_reference_invalid"
    );
    assert_eq!(s.set_client_reference(client, Some("a\nb")).unwrap_err().code(), "client_reference_invalid");
    s.set_client_reference(client, Some("CW-1")).unwrap();
    s.set_client_reference(client, None).unwrap();
    assert_eq!(s.client_reference(client), None);
}
