//! Random sequences of seat changes (by a provider admin or a service user), minimum changes and
//! new members on an MSP with a running subscription. After every step: a refused command
//! changed nothing; per plan `purchased = max(0, assigned − minimum)` and `unassigned =
//! max(0, minimum − assigned)`; assigned seats are the sum of the clients' seats; every client's
//! seats ≥ its used seats; a service user's change never was a purchase; the invoice total is the
//! sum of its lines and the client invoice report's total the sum of its rows; the state agrees
//! with a tiny reference model.

use chrono::NaiveDate;
use mspkit::billing::{
    self, BillingMonth, ClientInvoiceReport, CollectionMethod, Discount, Invoice, Money, SeatPrices,
    Subscription,
};
use mspkit::{
    ClientMember, OrganizationId, OrganizationUserStatus, OrganizationUserType, PlanType, Provider,
    ProviderType, ProviderUserId, ProviderUserType,
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
    fn assigned(&self, plan: PlanType) -> u32 {
        self.clients.iter().filter(|c| c.1 == plan).map(|c| c.2).sum()
    }

    fn minimum(&self, plan: PlanType) -> u32 {
        if plan == PlanType::TeamsMonthly { self.minimums[0] } else { self.minimums[1] }
    }
}

fn check(p: &Provider, sub: &Subscription, model: &Model) {
    for plan in PLANS {
        let s = p.plan_seats(plan);
        let assigned: u32 = p.clients().iter().filter(|c| c.plan() == plan).map(|c| c.seats()).sum();
        assert_eq!(s.assigned_seats, assigned, "assigned = sum of the clients' seats");
        assert_eq!(s.assigned_seats, model.assigned(plan));
        assert_eq!(s.seat_minimum, model.minimum(plan));
        assert_eq!(s.purchased_seats, assigned.saturating_sub(s.seat_minimum));
        assert_eq!(s.unassigned_seats, s.seat_minimum.saturating_sub(assigned));
    }
    for c in p.clients() {
        assert!(c.seats() >= c.occupied_seats() && c.seats() >= 1);
    }
    let invoice = Invoice::build(p, sub, BillingMonth::new(2026, 12).unwrap()).unwrap();
    let sum =
        Money::sum(invoice.lines.iter().map(|l| l.total).chain(invoice.prorations.iter().map(|l| l.total)))
            .unwrap();
    assert_eq!(invoice.total, sum, "the invoice total is the sum of its lines");
    for line in &invoice.lines {
        let s = p.plan_seats(line.plan);
        assert_eq!(line.quantity, s.seat_minimum + s.purchased_seats);
        assert_eq!(
            line.total,
            sub.discount().apply(line.unit_price.checked_mul(line.quantity.into()).unwrap()).unwrap()
        );
    }
    let report = ClientInvoiceReport::build(p, sub).unwrap();
    let unassigned_rows = PLANS.iter().filter(|plan| p.plan_seats(**plan).purchased_seats == 0).count();
    assert_eq!(report.rows.len(), p.clients().len() + unassigned_rows);
    assert_eq!(report.total, Money::sum(report.rows.iter().map(|r| r.estimated_total)).unwrap());
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
    let today = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    let (sub, _) = Subscription::start(
        ProviderType::Msp,
        SeatPrices::reference(),
        "7.5".parse::<Discount>().unwrap(),
        CollectionMethod::AutomaticCharge,
        today,
    )
    .unwrap();
    check(&f.provider, &sub, &model);
    for step in steps {
        let before = f.provider.clone();
        let result = match step {
            Step::SetSeats { admin, client, seats } => {
                let (id, plan, from) = model.clients[*client];
                let purchase = billing::is_purchase(model.assigned(plan), model.minimum(plan), from, *seats);
                let actor = if *admin { f.admin } else { service };
                let result = f.provider.set_client_seats(actor, id, *seats, t0());
                if result.is_ok() {
                    assert!(*admin || !purchase, "a service user never purchases");
                    model.clients[*client].2 = *seats;
                }
                result.map(|_| ())
            }
            Step::SetMinimum { plan, minimum } => {
                let result = f.provider.set_seat_minimum(Some(f.admin), PLANS[*plan], *minimum, t0());
                if result.is_ok() {
                    model.minimums[*plan] = *minimum;
                }
                result.map(|_| ())
            }
            Step::AddMember { client, who } => {
                let member = ClientMember::new(
                    email(&format!("m{who}@client.example")),
                    OrganizationUserType::User,
                    OrganizationUserStatus::Confirmed,
                );
                f.provider.add_client_member(f.admin, model.clients[*client].0, member, t0()).map(|_| ())
            }
        };
        if result.is_err() {
            assert_eq!(f.provider, before, "a refused command changed nothing: {step:?}");
        }
        check(&f.provider, &sub, &model);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn seat_and_minimum_commands_keep_the_billing_invariants(steps in prop::collection::vec(step(), 1..40)) {
        run(&steps);
    }
}
