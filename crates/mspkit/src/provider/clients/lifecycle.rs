//! Client lifecycle states (issue 17): active, trial, not-for-resale, paused and suspended.
//!
//! The state is the MSP's view of a client: whether it bills the client for its seats and
//! whether the client's members may use it. It never changes what the provider's own invoice
//! counts: the reference counts the seats of every managed client, enabled or not
//! (`ProviderBillingService.GetAssignedSeatTotalAsync`, and the invoice items written for every
//! managed client), so a client's seats stay assigned to its plan whatever its state. To pay
//! less for a client, lower its seats.
//!
//! This file is the clients area's part of it: the states, the transition table and the billing
//! rule (it imports nothing of the provider); the command, the apply function and the warnings
//! are in `provider/commands/lifecycle.rs`.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::ClientError;

/// The longest trial, in days from the day it is given: a trial ends on a date at most this
/// many days later. A client the MSP never bills is not-for-resale, not a trial that never ends.
pub const MAX_TRIAL_DAYS: u64 = 90;

/// How many days before a trial's last day [`Provider::warnings`](crate::Provider::warnings)
/// starts warning that it ends (`trial_ending`): from its last day minus this many days, through
/// its last day.
pub const TRIAL_WARNING_DAYS: i64 = 7;

/// A client's lifecycle state. Written in JSON as `{"type": "trial", "until": "2026-12-15"}`
/// (`{"type": "active"}` and so on for the others); a client record without a state is active.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "StateRecord", into = "StateRecord")]
#[non_exhaustive]
pub enum ClientState {
    /// Used and billed to the client for its assigned seats (every client starts active).
    #[default]
    Active,
    /// On trial through `until` (its last day, inclusive): used, not billed to the client.
    /// After it the MSP decides: active or suspended (`trial_ending` warns the week before,
    /// `trial_ended` once it is over; nothing changes by itself).
    Trial {
        /// The trial's last day.
        until: NaiveDate,
    },
    /// The MSP's own or donated organization: used, never billed to the client, its seats
    /// still counted against the provider's plan; shown apart in the client invoice report.
    NotForResale,
    /// Paused: used (access kept), billed to the client for the seats its members occupy only,
    /// not for the free ones (see `DESIGN.md`, "Client lifecycle states").
    Paused,
    /// Suspended: its members are refused (the client is disabled, provider members may not
    /// administer it), its data kept, and it is still billed to the client for its assigned
    /// seats (the provider still pays for them).
    Suspended,
}

/// The kind of a [`ClientState`], without a trial's last day: the closed set of state names
/// (`active`, `trial`, `not_for_resale`, `paused`, `suspended`), for the bindings and
/// anything else that names a state apart from its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientStateKind {
    /// [`ClientState::Active`].
    Active,
    /// [`ClientState::Trial`].
    Trial,
    /// [`ClientState::NotForResale`].
    NotForResale,
    /// [`ClientState::Paused`].
    Paused,
    /// [`ClientState::Suspended`].
    Suspended,
}

impl ClientStateKind {
    /// The kind's stable snake_case name (a state's JSON `type`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Trial => "trial",
            Self::NotForResale => "not_for_resale",
            Self::Paused => "paused",
            Self::Suspended => "suspended",
        }
    }
}

/// The JSON form of a [`ClientState`]: its name as `type`, and `until` for a trial only (serde's
/// internally tagged enums let a unit variant carry unknown fields, so the pair is read as a
/// record and checked by [`ClientState::from_name`]).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StateRecord {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    until: Option<NaiveDate>,
}

impl TryFrom<StateRecord> for ClientState {
    type Error = String;

    fn try_from(r: StateRecord) -> Result<Self, Self::Error> {
        Self::from_name(&r.kind, r.until).ok_or_else(|| {
            format!(
                "`{}` is not a client state: use `active`, `trial` with its last day `until`, `not_for_resale`, `paused` or `suspended` (only a trial has `until`)",
                crate::text::shown(&r.kind, 40)
            )
        })
    }
}

impl From<ClientState> for StateRecord {
    fn from(state: ClientState) -> Self {
        Self { kind: state.name().to_owned(), until: state.trial_until() }
    }
}

impl ClientState {
    /// The state's stable snake_case name (its JSON `type`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Trial { .. } => "trial",
            Self::NotForResale => "not_for_resale",
            Self::Paused => "paused",
            Self::Suspended => "suspended",
        }
    }

    /// The state's kind (its name without a trial's last day).
    pub fn kind(self) -> ClientStateKind {
        match self {
            Self::Active => ClientStateKind::Active,
            Self::Trial { .. } => ClientStateKind::Trial,
            Self::NotForResale => ClientStateKind::NotForResale,
            Self::Paused => ClientStateKind::Paused,
            Self::Suspended => ClientStateKind::Suspended,
        }
    }

    /// Every state name, in the order of the transition table.
    pub const NAMES: [&'static str; 5] = ["active", "trial", "not_for_resale", "paused", "suspended"];

    /// The state named `name` (a trial needs its last day, `until`); `None` for an unknown name,
    /// a trial without `until`, or `until` given to another state.
    pub fn from_name(name: &str, until: Option<NaiveDate>) -> Option<Self> {
        match (name, until) {
            ("active", None) => Some(Self::Active),
            ("trial", Some(until)) => Some(Self::Trial { until }),
            ("not_for_resale", None) => Some(Self::NotForResale),
            ("paused", None) => Some(Self::Paused),
            ("suspended", None) => Some(Self::Suspended),
            _ => None,
        }
    }

    /// Whether it is [`ClientState::Active`] (a client record leaves the state out then).
    pub fn is_active(&self) -> bool {
        *self == Self::Active
    }

    /// The trial's last day, for a trial.
    pub fn trial_until(self) -> Option<NaiveDate> {
        match self {
            Self::Trial { until } => Some(until),
            _ => None,
        }
    }

    /// Whether the client's members are refused (suspended): the client is disabled while it is.
    pub fn refuses_members(self) -> bool {
        self == Self::Suspended
    }

    /// Whether the MSP resells the client (every state but not-for-resale): the client invoice
    /// report shows the others apart.
    pub fn is_resold(self) -> bool {
        self != Self::NotForResale
    }

    /// The seats the MSP bills the client for, of `seats` assigned of which `occupied` are
    /// occupied: all of them when active or suspended, the occupied ones when paused, none on
    /// trial or not-for-resale. The provider's own invoice counts `seats` in every state.
    pub fn billed_seats(self, seats: u32, occupied: u32) -> u32 {
        match self {
            Self::Active | Self::Suspended => seats,
            Self::Paused => occupied.min(seats),
            Self::Trial { .. } | Self::NotForResale => 0,
        }
    }

    /// Checks the move from `self` to `to` given on `today` against the transition table (see
    /// `DESIGN.md`): `client_state_transition_refused` for a move the table refuses, and
    /// `trial_end_invalid` for a trial whose last day is before `today` or more than
    /// [`MAX_TRIAL_DAYS`] after it. Moving to the same state is not a transition (callers record
    /// nothing); a trial moved to another last day is one (it is extended or shortened).
    pub fn check_transition(self, to: Self, today: NaiveDate) -> Result<(), ClientError> {
        use ClientState::{Active, NotForResale, Paused, Suspended, Trial};
        // The table, row by row (the row's state → the states it may move to).
        let allowed = match self {
            Active => !matches!(to, Active),
            Trial { .. } => !matches!(to, Paused),
            NotForResale | Paused => matches!(to, Active | Suspended),
            Suspended => matches!(to, Active),
        };
        if !allowed || self == to {
            return Err(ClientError::StateTransitionRefused { from: self.name(), to: to.name() });
        }
        if let Trial { until } = to {
            let latest = today.checked_add_days(Days::new(MAX_TRIAL_DAYS));
            if until < today || latest.is_some_and(|latest| until > latest) {
                return Err(ClientError::TrialEndInvalid { until, today });
            }
        }
        Ok(())
    }

    /// Days from `today` to the trial's last day (0 on the last day, negative once it is over);
    /// `None` for a state that is not a trial.
    pub fn trial_days_left(self, today: NaiveDate) -> Option<i64> {
        self.trial_until().map(|until| until.signed_duration_since(today).num_days())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn names_round_trip_and_match_the_json_tag() {
        let states = [
            ClientState::Active,
            ClientState::Trial { until: day(15) },
            ClientState::NotForResale,
            ClientState::Paused,
            ClientState::Suspended,
        ];
        for (state, name) in states.into_iter().zip(ClientState::NAMES) {
            assert_eq!(state.name(), name);
            assert_eq!(state.kind().name(), name);
            assert_eq!(serde_json::to_value(state.kind()).unwrap(), name);
            assert_eq!(ClientState::from_name(name, state.trial_until()), Some(state));
            let json = serde_json::to_value(state).unwrap();
            assert_eq!(json["type"], name);
            assert_eq!(serde_json::from_value::<ClientState>(json).unwrap(), state);
        }
        assert_eq!(ClientState::from_name("trial", None), None);
        assert_eq!(ClientState::from_name("active", Some(day(1))), None);
        assert_eq!(ClientState::from_name("Active", None), None);
        assert!(serde_json::from_str::<ClientState>(r#"{"type":"trial"}"#).is_err());
        assert!(serde_json::from_str::<ClientState>(r#"{"type":"paused","until":"2026-12-01"}"#).is_err());
    }

    #[test]
    fn a_trial_ends_between_today_and_ninety_days_later() {
        let today = day(1);
        let trial = |until| ClientState::Trial { until };
        assert!(ClientState::Active.check_transition(trial(today), today).is_ok());
        let latest = today.checked_add_days(Days::new(MAX_TRIAL_DAYS)).unwrap();
        assert!(ClientState::Active.check_transition(trial(latest), today).is_ok());
        let late = latest.succ_opt().unwrap();
        let err = ClientState::Active.check_transition(trial(late), today).unwrap_err();
        assert_eq!(err.code(), "trial_end_invalid");
        let past = today.pred_opt().unwrap();
        assert_eq!(
            ClientState::Active.check_transition(trial(past), today).unwrap_err().code(),
            "trial_end_invalid"
        );
        // Far dates: no overflow, a refusal.
        assert!(ClientState::Active.check_transition(trial(NaiveDate::MAX), today).is_err());
        assert!(ClientState::Active.check_transition(trial(NaiveDate::MIN), NaiveDate::MAX).is_err());
        assert!(ClientState::Active.check_transition(trial(NaiveDate::MAX), NaiveDate::MAX).is_ok());
        // The same trial again is no transition; another last day is.
        assert!(trial(day(15)).check_transition(trial(day(15)), today).is_err());
        assert!(trial(day(15)).check_transition(trial(day(20)), today).is_ok());
    }

    #[test]
    fn days_left_count_to_the_last_day() {
        let trial = ClientState::Trial { until: day(15) };
        assert_eq!(trial.trial_days_left(day(8)), Some(7));
        assert_eq!(trial.trial_days_left(day(15)), Some(0));
        assert_eq!(trial.trial_days_left(day(16)), Some(-1));
        assert_eq!(ClientState::Active.trial_days_left(day(1)), None);
    }
}
