//! Random sequences of seat changes (by a provider admin or a service user), minimum changes and
//! new members on an MSP with a running subscription. After every step: a refused command
//! changed nothing; per plan `purchased = max(0, assigned − minimum)` and `unassigned =
//! max(0, minimum − assigned)`; assigned seats are the sum of the clients' seats; every client's
//! seats ≥ its used seats; a service user's change never was a purchase; a purchase's event
//! records the seats it bought and their prorated cost; the invoice total is the sum of its lines
//! and the client invoice report's total the sum of its rows; the state agrees with a tiny
//! reference model, and replaying the events rebuilds it.

use chrono::{DateTime, Duration, Utc};
use mspkit::billing::{self, BillingMonth, CollectionMethod, Discount, Money, SeatPrices};
use mspkit::{
    Change, ClientMember, Event, OrganizationId, OrganizationUserStatus, OrganizationUserType, PlanType,
    Provider, ProviderType, ProviderUserId, ProviderUserType,
};
use proptest::prelude::*;

use crate::support::{Fixture, email, t0};

const PLANS: [PlanType; 2] = [PlanType::TeamsMonthly, PlanType::EnterpriseMonthly];

#[derive(Debug, Clone)]
enum Step {
    SetSeats { admin: bool, client: usize, seats: u32 },
    SetMinimum { plan: usize, minimum: u32 },
    AddMember { client: usize, who: u8 },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        5 => (any::<bool>(), 0usize..4, 0u32..14).prop_map(|(admin, client, seats)| Step::SetSeats { admin, client, seats }),
        2 => (0usize..2, 0u32..25).prop_map(|(plan, minimum)| Step::SetMinimum { plan, minimum }),
        2 => (0usize..4, 0u8..8).prop_map(|(client, who)| Step::AddMember { client, who }),
    ]
}

/// The reference model: each client's plan and seats, and each plan's minimum.
struct Model {
    clients: Vec<(OrganizationId, PlanType, u32)>,
    minimums: [u32; 2],
}

impl Model {
    fn assigned(&self, plan: PlanType) -> u64 {
        self.clients.iter().filter(|c| c.1 == plan).map(|c| u64::from(c.2)).sum()
    }

    fn minimum(&self, plan: PlanType) -> u32 {
        if plan == PlanType::TeamsMonthly { self.minimums[0] } else { self.minimums[1] }
    }
}

fn check(p: &Provider, model: &Model) {
    let sub = p.subscription().unwrap();
    for plan in PLANS {
        let s = p.plan_seats(plan);
        let assigned: u64 =
            p.clients().iter().filter(|c| c.plan() == plan).map(|c| u64::from(c.seats())).sum();
        assert_eq!(s.assigned_seats, assigned, "assigned = sum of the clients' seats");
        assert_eq!(s.assigned_seats, model.assigned(plan));
        assert_eq!(s.seat_minimum, model.minimum(plan));
        assert_eq!(s.purchased_seats, assigned.saturating_sub(u64::from(s.seat_minimum)));
        assert_eq!(s.unassigned_seats, u64::from(s.seat_minimum).saturating_sub(assigned));
    }
    for c in p.clients() {
        assert!(c.seats() >= c.occupied_seats() && c.seats() >= 1);
    }
    let invoice = p.invoice(BillingMonth::new(2026, 12).unwrap()).unwrap();
    let sum =
        Money::sum(invoice.lines.iter().map(|l| l.total).chain(invoice.prorations.iter().map(|l| l.total)))
            .unwrap();
    assert_eq!(invoice.total, sum, "the invoice total is the sum of its lines");
    for line in &invoice.lines {
        let s = p.plan_seats(line.plan);
        assert_eq!(line.quantity, u64::from(s.seat_minimum) + s.purchased_seats);
        let subtotal = line.unit_price.checked_mul(i64::try_from(line.quantity).unwrap()).unwrap();
        assert_eq!(line.total, sub.discount().apply(subtotal).unwrap());
    }
    for proration in &invoice.prorations {
        assert_eq!(proration.total, sub.discount().apply(proration.purchase.cost).unwrap());
    }
    let report = p.client_invoice_report().unwrap();
    let unassigned_rows = PLANS.iter().filter(|plan| p.plan_seats(**plan).purchased_seats == 0).count();
    assert_eq!(report.rows.len(), p.clients().len() + unassigned_rows);
    assert_eq!(report.total, Money::sum(report.rows.iter().map(|r| r.estimated_total)).unwrap());
}

/// When the steps happen: a week into the first paid period (the trial ends on 16 November).
fn later() -> DateTime<Utc> {
    t0() + Duration::days(20)
}

/// The seat purchase a successful seat change recorded, checked against the rules.
fn check_purchase(p: &Provider, events: &[Event], bought: u32) {
    let recorded = events.iter().find_map(|e| match &e.change {
        Change::ClientSeatsChanged { purchase, .. } => Some(*purchase),
        _ => None,
    });
    let purchase = recorded.flatten();
    if bought == 0 {
        assert_eq!(purchase, None);
        return;
    }
    let purchase = purchase.unwrap();
    assert_eq!(purchase.seats, bought);
    let sub = p.subscription().unwrap();
    let period = sub.period(purchase.plan, later().date_naive()).unwrap();
    assert_eq!((purchase.period_days, purchase.charged_on), (period.days(), period.end()));
    assert_eq!(purchase.remaining_days, period.remaining_days(later().date_naive()).unwrap());
    let full = sub.price(purchase.plan).unwrap().checked_mul(i64::from(bought)).unwrap();
    assert_eq!(purchase.cost, full.mul_ratio(purchase.remaining_days, purchase.period_days).unwrap());
}

fn run(steps: &[Step]) {
    let mut f = Fixture::billable(ProviderType::Msp);
    let service: ProviderUserId = f.confirmed("service@x.example", ProviderUserType::ServiceUser);
    let mut model = Model { clients: Vec::new(), minimums: [10, 5] };
    f.provider.set_seat_minimum(None, PLANS[0], 10, t0()).unwrap();
    f.provider.set_seat_minimum(None, PLANS[1], 5, t0()).unwrap();
    for (i, (name, plan)) in
        ["A", "B", "C", "D"].into_iter().zip([PLANS[0], PLANS[0], PLANS[1], PLANS[1]]).enumerate()
    {
        let id = f.client(name, plan, 2 + u32::try_from(i).unwrap());
        model.clients.push((id, plan, 2 + u32::try_from(i).unwrap()));
    }
    let before_subscription = f.provider.clone();
    let discount = "7.5".parse::<Discount>().unwrap();
    let mut log = f
        .provider
        .start_subscription(
            t0().date_naive(),
            SeatPrices::reference(),
            discount,
            CollectionMethod::AutomaticCharge,
            t0(),
        )
        .unwrap();
    check(&f.provider, &model);
    for step in steps {
        let before = f.provider.clone();
        let result = match step {
            Step::SetSeats { admin, client, seats } => {
                let (id, plan, from) = model.clients[*client];
                let purchase = billing::is_purchase(model.assigned(plan), model.minimum(plan), from, *seats);
                let bought = billing::seats_bought(model.assigned(plan), model.minimum(plan), from, *seats);
                assert_eq!(purchase, bought > 0);
                let actor = if *admin { f.admin } else { service };
                let result = f.provider.set_client_seats(actor, id, *seats, later());
                if let Ok(events) = &result {
                    assert!(*admin || !purchase, "a service user never purchases");
                    check_purchase(&f.provider, events, bought);
                    model.clients[*client].2 = *seats;
                }
                result
            }
            Step::SetMinimum { plan, minimum } => {
                let result = f.provider.set_seat_minimum(Some(f.admin), PLANS[*plan], *minimum, later());
                if result.is_ok() {
                    model.minimums[*plan] = *minimum;
                }
                result
            }
            Step::AddMember { client, who } => {
                let member = ClientMember::new(
                    email(&format!("m{who}@client.example")),
                    OrganizationUserType::User,
                    OrganizationUserStatus::Confirmed,
                );
                f.provider.add_client_member(f.admin, model.clients[*client].0, member, later())
            }
        };
        match result {
            Ok(events) => log.extend(events),
            Err(_) => assert_eq!(f.provider, before, "a refused command changed nothing: {step:?}"),
        }
        check(&f.provider, &model);
    }
    // The subscription and its purchases come back from the events.
    let mut replayed = before_subscription;
    for event in &log {
        replayed.apply(event).unwrap();
    }
    assert_eq!(replayed.subscription(), f.provider.subscription());
    assert_eq!(replayed.plan_seats(PLANS[0]), f.provider.plan_seats(PLANS[0]));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn seat_and_minimum_commands_keep_the_billing_invariants(steps in prop::collection::vec(step(), 1..40)) {
        run(&steps);
    }
}
