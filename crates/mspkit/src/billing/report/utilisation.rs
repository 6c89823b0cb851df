//! The seat utilisation report: assigned, occupied and idle seats per client and per plan.

use std::fmt;

use serde::Serialize;

use crate::ClientOrganization;
use crate::Provider;
use crate::ids::OrganizationId;
use crate::plan::PlanType;

/// A share of idle seats, in ten-thousandths (`0.2500` is a quarter), exact and comparable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct IdleShare(u16);

impl IdleShare {
    /// `free ÷ assigned`, rounded half away from zero to four decimals (0 when nothing is
    /// assigned).
    pub fn of(free: u64, assigned: u64) -> Self {
        if assigned == 0 {
            return Self(0);
        }
        let share =
            crate::billing::money::mul_div_round(i128::from(free), 10_000, i128::from(assigned)).unwrap_or(0);
        Self(u16::try_from(share.clamp(0, 10_000)).unwrap_or(0))
    }

    /// The share in ten-thousandths.
    pub fn ten_thousandths(self) -> u16 {
        self.0
    }

    /// The share as a fraction from 0 to 1 (for display).
    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 10_000.0
    }
}

impl fmt::Display for IdleShare {
    /// `25.0%`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = (u32::from(self.0) + 5) / 10;
        write!(f, "{}.{}%", tenths / 10, tenths % 10)
    }
}

impl Serialize for IdleShare {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.as_f64())
    }
}

/// One client's seat utilisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientUtilisation {
    /// The client.
    pub id: OrganizationId,
    /// Its name.
    pub name: String,
    /// Its plan.
    pub plan: PlanType,
    /// Seats assigned.
    pub assigned: u32,
    /// Seats used.
    pub used: u32,
    /// Seats free (assigned − used).
    pub free: u32,
    /// Free ÷ assigned.
    pub idle_share: IdleShare,
    /// Whether every seat is used (inviting a member is refused: no autoscale).
    pub full: bool,
}

/// One plan's seat utilisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanUtilisation {
    /// The plan.
    pub plan: PlanType,
    /// Its seat minimum.
    pub seat_minimum: u32,
    /// Seats assigned to its clients.
    pub assigned: u64,
    /// Seats used.
    pub used: u64,
    /// Seats assigned and not used.
    pub free: u64,
    /// Free ÷ assigned.
    pub idle_share: IdleShare,
    /// Seats paid for and given to no client.
    pub unassigned: u64,
    /// Seats bought beyond the minimum.
    pub purchased: u64,
}

/// Seat utilisation across every client: per client, per plan, which clients are full and
/// which hold more than a threshold of idle seats ([`DEFAULT_IDLE_THRESHOLD`] unless a caller
/// gives another).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeatUtilisation {
    /// Per client, in the provider's order.
    pub clients: Vec<ClientUtilisation>,
    /// Per plan.
    pub plans: Vec<PlanUtilisation>,
    /// The clients with no free seat.
    pub full_clients: Vec<OrganizationId>,
    /// The idle-seat threshold.
    pub idle_threshold: u32,
    /// The clients with more than `idle_threshold` free seats.
    pub idle_clients: Vec<OrganizationId>,
}

/// The idle-seat threshold of the seat utilisation when the caller gives none (the CLI's
/// `--idle`, the binding's `idle=`): a client holding more free seats than this is idle.
pub const DEFAULT_IDLE_THRESHOLD: u32 = 10;

impl SeatUtilisation {
    /// Builds the report; clients with more than `idle_threshold` free seats are listed in
    /// `idle_clients`. Needs no subscription: it is about seats, not money.
    pub fn build(provider: &Provider, idle_threshold: u32) -> Self {
        let mut clients = Vec::with_capacity(provider.clients().len());
        let mut full_clients = Vec::new();
        let mut idle_clients = Vec::new();
        for c in provider.clients() {
            let row = client_utilisation(c);
            if row.full {
                full_clients.push(row.id);
            }
            if row.free > idle_threshold {
                idle_clients.push(row.id);
            }
            clients.push(row);
        }
        let plans = provider
            .seat_summary()
            .into_iter()
            .map(|s| {
                let free = s.assigned_seats.saturating_sub(s.occupied_seats);
                PlanUtilisation {
                    plan: s.plan,
                    seat_minimum: s.seat_minimum,
                    assigned: s.assigned_seats,
                    used: s.occupied_seats,
                    free,
                    idle_share: IdleShare::of(free, s.assigned_seats),
                    unassigned: s.unassigned_seats,
                    purchased: s.purchased_seats,
                }
            })
            .collect();
        Self { clients, plans, full_clients, idle_threshold, idle_clients }
    }
}

fn client_utilisation(c: &ClientOrganization) -> ClientUtilisation {
    let used = c.occupied_seats();
    let free = c.seats().saturating_sub(used);
    ClientUtilisation {
        id: c.id(),
        name: c.name().to_owned(),
        plan: c.plan(),
        assigned: c.seats(),
        used,
        free,
        idle_share: IdleShare::of(u64::from(free), u64::from(c.seats())),
        full: free == 0,
    }
}
