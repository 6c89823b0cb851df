//! The events benchmark's `apply` figure on its own: builds the synthetic log of the size given
//! as the first argument (default 100 000 events, one client per ten), then replays it
//! `rounds` times (second argument, default 5) and prints the fastest and median replay. The
//! rebuilt providers are dropped after the timing. For callgrind:
//! `valgrind --tool=callgrind --toggle-collect='*Provider*replay*' target/release/examples/apply_timing 100000 1`.
#![allow(missing_docs, reason = "a benchmark program")]
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a benchmark fails loudly on bad setup")]
#![allow(
    clippy::indexing_slicing,
    clippy::cast_precision_loss,
    reason = "a benchmark prints rates as floats"
)]

use std::hint::black_box;
use std::time::Instant;

use chrono::{DateTime, TimeZone, Utc};
use mspkit::{
    ClientMember, Email, Event, NewClient, OrganizationUserStatus, OrganizationUserType, PlanType, Provider,
    ProviderId, ProviderSettings, ProviderType, UserId,
};
use uuid::Uuid;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
}

/// The events benchmark's log (`benches/events.rs`, `synthetic_log`): a billable MSP, one
/// client per ten events, then seat changes and (one round in four) new client members.
fn synthetic_log(events: usize) -> Vec<Event> {
    let settings = ProviderSettings::new("Bench MSP")
        .unwrap()
        .with_billing_email(Some(Email::new("billing@bench.example").unwrap()));
    let ada = Email::new("ada@bench.example").unwrap();
    let (mut p, mut log) =
        Provider::issue(ProviderId::new(Uuid::from_u128(1)), ProviderType::Msp, settings, ada.clone(), now());
    let admin = p.set_up(UserId::new(Uuid::from_u128(2)), &ada, now()).unwrap();
    log.extend(admin.events);
    log.extend(p.mark_billable(now()).unwrap());
    let owner = Email::new("owner@client.example").unwrap();
    let clients = events / 10;
    let mut ids = Vec::with_capacity(clients);
    for i in 0..clients {
        let new = NewClient {
            name: format!("Client {i}"),
            owner_email: owner.clone(),
            plan: if i % 2 == 0 { PlanType::TeamsMonthly } else { PlanType::EnterpriseMonthly },
            seats: 5,
            first_collection: None,
        };
        let created = p.create_client(admin.id, new, now()).unwrap();
        ids.push(created.id);
        log.extend(created.events);
    }
    let mut i = 0usize;
    while log.len() < events {
        let client = ids[i % ids.len()];
        if (i / ids.len()).is_multiple_of(4) {
            let email = Email::new(&format!("member{i}@client.example")).unwrap();
            let member =
                ClientMember::new(email, OrganizationUserType::User, OrganizationUserStatus::Confirmed);
            log.extend(p.add_client_member(admin.id, client, member, now()).unwrap());
        } else {
            let seats = p.client(client).unwrap().seats() + 1;
            log.extend(p.set_client_seats(admin.id, client, seats, now()).unwrap());
        }
        i += 1;
    }
    log.truncate(events);
    log
}

fn main() {
    let mut args = std::env::args().skip(1);
    let events: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let start = Instant::now();
    let log = synthetic_log(events);
    eprintln!("log of {} events built in {:.1} ms", log.len(), start.elapsed().as_secs_f64() * 1e3);
    let faults = minor_faults();
    let mut kept = Vec::with_capacity(rounds);
    let mut times: Vec<f64> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            kept.push(black_box(Provider::replay(&log).unwrap()));
            start.elapsed().as_secs_f64()
        })
        .collect();
    let faults = minor_faults().saturating_sub(faults) / rounds.max(1) as u64;
    drop(kept);
    times.sort_by(f64::total_cmp);
    let min = times.first().copied().unwrap_or_default();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    println!(
        "{events} events: apply min {:.1} ms ({:.2} M events/s), median {:.1} ms, {faults} page faults a replay",
        min * 1e3,
        events as f64 / min / 1e6,
        median * 1e3
    );
}

/// The process's minor page faults so far (Linux; 0 elsewhere).
fn minor_faults() -> u64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| s.rsplit(')').next().and_then(|rest| rest.split_whitespace().nth(7)?.parse().ok()))
        .unwrap_or(0)
}
