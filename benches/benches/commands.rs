//! Commands of several events on providers of growing size (issue 14): a 2-email invite, a
//! 2-member remove, a 3-step remediation, `mark_unpaid` and the `pay_invoice` that enables the
//! provider again, on providers of 1 000, 10 000 and 100 000 clients. All-or-nothing saves only
//! what the command touches (the team, one client's policies, the subscription's lifecycle and
//! the provider's flags), so the target is flat: the largest within 2× of the smallest — the
//! peer is the same command on the smallest provider, in the same run. Each row times only its
//! command; the state is put back untimed (the invited members removed, the removed ones invited
//! again, the policies disabled).
//!
//! The billing rows run on a copy of a provider whose subscription has issued two invoices (each
//! keeps one row per client), the second open and overdue; the copy is made untimed before each
//! command. Issuing a fresh invoice per command instead would keep 100 000 more rows per command
//! (gigabytes over a run) and time nothing more. A copy of 100 000 clients leaves the caches cold
//! and one of 1 000 does not, so the untimed setup of a billing row ends, at every size, by
//! writing a buffer twice the size of this machine's last-level cache (32 MB): those rows time
//! the command from cold caches at every size (about 10 µs here, where a warm one takes 0.5 µs).
//!
//! `MSPKIT_BENCH_QUICK=1` (set by `benches/run --quick`): 1 000 and 10 000 clients.
//! `MSPKIT_BENCH_SUMMARY_ONLY=1` skips criterion and prints only the summary.
#![allow(missing_docs, reason = "criterion's macros generate undocumented items")]
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::cast_precision_loss,
    reason = "a benchmark fails loudly on bad setup, and prints rates as floats"
)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use mspkit::billing::{CollectionMethod, Discount, Money, SeatPrices};
use mspkit::policy::{PolicyChange, PolicyKind, PolicySettings, RemediationPlan};
use mspkit::{OrganizationId, PlanType, Provider, ProviderUserId, ProviderUserType};

fn quick() -> bool {
    std::env::var_os("MSPKIT_BENCH_QUICK").is_some()
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
}

fn summary_only() -> bool {
    std::env::var_os("MSPKIT_BENCH_SUMMARY_ONLY").is_some()
}

fn client_counts() -> Vec<usize> {
    if quick() { vec![1_000, 10_000] } else { vec![1_000, 10_000, 100_000] }
}

/// A provider of `clients` clients with a subscription past its trial, its admin and an
/// Enterprise client.
struct Setup {
    p: Provider,
    /// `p` after two invoices issued, the first paid, the second overdue (the billing rows copy it).
    overdue: Provider,
    /// The billing rows' copy of `overdue`.
    billing: Provider,
    admin: ProviderUserId,
    enterprise: OrganizationId,
    day: i64,
    round: u64,
    /// Members invited by one step and removed by the next.
    pending: Vec<ProviderUserId>,
    /// Written before each billing command, so that it starts from cold caches at every size.
    sweep: Vec<u8>,
}

fn setup(clients: usize) -> Setup {
    let (mut p, admin, ids, _) = mspkit_benches::synthetic_msp(clients).unwrap();
    let started = (t0() - chrono::Duration::days(30)).date_naive();
    p.start_subscription(
        started,
        SeatPrices::reference(),
        Discount::NONE,
        CollectionMethod::AutomaticCharge,
        t0(),
    )
    .unwrap();
    // Odd clients are on Enterprise.
    let enterprise = ids[clients / 2 + 1];
    assert_eq!(p.client(enterprise).unwrap().plan(), PlanType::EnterpriseMonthly);
    let mut overdue = p.clone();
    let yesterday = t0() - chrono::Duration::days(1);
    overdue.issue_invoice(Money::from_cents(100_000), yesterday).unwrap();
    overdue.pay_invoice(yesterday).unwrap();
    overdue.issue_invoice(Money::from_cents(100_000), t0()).unwrap();
    let sub = overdue.subscription().unwrap();
    assert!(sub.issued_invoices().iter().all(|i| i.items.len() >= clients));
    let billing = overdue.clone();
    let sweep = vec![1; 64 << 20];
    Setup { p, overdue, billing, admin, enterprise, day: 1, round: 0, pending: Vec::new(), sweep }
}

impl Setup {
    fn now(&self) -> DateTime<Utc> {
        t0() + chrono::Duration::days(self.day)
    }

    fn emails(&mut self) -> [String; 2] {
        self.round += 1;
        [format!("a{}@bench.example", self.round), format!("b{}@bench.example", self.round)]
    }

    fn invite2(&mut self) -> Vec<ProviderUserId> {
        let [a, b] = self.emails();
        let now = self.now();
        self.p.invite_members(self.admin, &[&a, &b], ProviderUserType::ServiceUser, now).unwrap().id
    }

    fn remove(&mut self, members: &[ProviderUserId]) {
        let now = self.now();
        self.p.remove(self.admin, members, now).unwrap();
    }

    fn remediation(&self) -> RemediationPlan {
        RemediationPlan {
            client_id: self.enterprise,
            plan: PlanType::EnterpriseMonthly,
            steps: vec![
                PolicyChange::Enabled { settings: PolicySettings::new(PolicyKind::SingleOrg) },
                PolicyChange::Enabled { settings: PolicySettings::new(PolicyKind::RequireSso) },
                PolicyChange::Enabled {
                    settings: PolicySettings::new(PolicyKind::DisablePersonalVaultExport),
                },
            ],
            unfixable: Vec::new(),
        }
    }

    fn undo_remediation(&mut self) {
        let now = self.now();
        for kind in [PolicyKind::DisablePersonalVaultExport, PolicyKind::RequireSso, PolicyKind::SingleOrg] {
            self.p.disable_client_policy(self.admin, self.enterprise, kind, now).unwrap();
        }
    }

    /// The billing rows' provider: a fresh copy of the one with an overdue invoice.
    fn overdue(&mut self) {
        self.billing = self.overdue.clone();
        self.cold();
    }

    /// The billing rows' provider, disabled for non-payment.
    fn unpaid(&mut self) {
        let now = self.now();
        self.billing = self.overdue.clone();
        self.billing.mark_unpaid(now).unwrap();
        self.cold();
    }

    /// After a copy: the same cold caches at every size.
    fn cold(&mut self) {
        // The copy replaced was just freed (a million small blocks at 100 000 clients): the
        // allocator sorts them on its next request of a new size, so make that request here,
        // untimed, rather than in the command's first allocation.
        drop(black_box(Vec::<u8>::with_capacity(1 << 16)));
        for (i, byte) in self.sweep.iter_mut().enumerate().step_by(64) {
            *byte = byte.wrapping_add(i.to_le_bytes()[0]);
        }
        black_box(&self.sweep);
    }
}

/// The time of each of `iters` runs of `timed`, with `before` and `after` run untimed around it.
fn each(
    iters: u64,
    s: &mut Setup,
    before: fn(&mut Setup),
    timed: fn(&mut Setup),
    after: fn(&mut Setup),
) -> Vec<Duration> {
    (0..iters)
        .map(|_| {
            before(s);
            let start = Instant::now();
            timed(s);
            let took = start.elapsed();
            after(s);
            took
        })
        .collect()
}

/// The total time of `iters` runs of `timed` (criterion's figure).
fn custom(
    iters: u64,
    s: &mut Setup,
    before: fn(&mut Setup),
    timed: fn(&mut Setup),
    after: fn(&mut Setup),
) -> Duration {
    each(iters, s, before, timed, after).into_iter().sum()
}

type Row = (&'static str, fn(&mut Setup), fn(&mut Setup), fn(&mut Setup));

/// Each row: its name, what runs before (untimed), the command (timed), what puts the state
/// back (untimed). Members invited by one step wait in `Setup::pending` for the next.
fn rows() -> [Row; 5] {
    [
        (
            "invite_2",
            |_| {},
            |s| {
                let ids = s.invite2();
                s.pending = ids;
            },
            |s| {
                let ids = std::mem::take(&mut s.pending);
                s.remove(&ids);
            },
        ),
        (
            "remove_2",
            |s| s.pending = s.invite2(),
            |s| {
                let ids = std::mem::take(&mut s.pending);
                s.remove(black_box(&ids));
            },
            |_| {},
        ),
        (
            "remediate_3",
            |_| {},
            |s| {
                let plan = s.remediation();
                let now = s.now();
                black_box(s.p.remediate_client(s.admin, s.enterprise, &plan, now).unwrap());
            },
            Setup::undo_remediation,
        ),
        (
            "mark_unpaid",
            Setup::overdue,
            |s| {
                let now = s.now();
                black_box(s.billing.mark_unpaid(now).unwrap());
            },
            |_| {},
        ),
        (
            "pay_reenables",
            Setup::unpaid,
            |s| {
                let now = s.now();
                black_box(s.billing.pay_invoice(now).unwrap());
            },
            |_| {},
        ),
    ]
}

fn multi_event(c: &mut Criterion) {
    if summary_only() {
        summary();
        return;
    }
    let mut group = c.benchmark_group("multi_event");
    group.measurement_time(Duration::from_secs(if quick() { 1 } else { 3 }));
    group.sample_size(20);
    for clients in client_counts() {
        let mut s = setup(clients);
        for (name, before, timed, after) in rows() {
            group.bench_function(BenchmarkId::new(name, clients), |b| {
                b.iter_custom(|iters| custom(iters, &mut s, before, timed, after));
            });
        }
    }
    group.finish();
    summary();
}

/// Per row: the median time of 1 000 single commands at each size (each timed on its own, so a
/// command that waited for a core on this shared machine moves the median no more than any other)
/// and the ratio of the largest to the smallest (target ≤ 2×).
fn summary() {
    let counts = client_counts();
    let mut setups: Vec<Setup> = counts.iter().map(|n| setup(*n)).collect();
    println!(
        "\n== commands: summary (median of 1 000 commands timed one by one; peer: the same command on {} clients)",
        counts[0]
    );
    let mut met = 0;
    for (name, before, timed, after) in rows() {
        let mut times = Vec::new();
        for s in &mut setups {
            let mut single = each(1_000, s, before, timed, after);
            single.sort();
            times.push(single[single.len() / 2]);
        }
        let ratio = times.last().unwrap().as_secs_f64() / times[0].as_secs_f64();
        let figures: Vec<String> = counts
            .iter()
            .zip(&times)
            .map(|(n, t)| format!("{n} clients {:.1} µs", t.as_secs_f64() * 1e6))
            .collect();
        let ok = ratio <= 2.0;
        met += usize::from(ok);
        println!(
            "  {name}: {}; largest / smallest {ratio:.2}x: {}",
            figures.join(", "),
            if ok { "met" } else { "MISSED" }
        );
    }
    println!("targets met: {met} of {}", rows().len());
}

criterion_group!(benches, multi_event);
criterion_main!(benches);
