//! What-if: proposed seat and minimum changes tried on a copy of the provider's seat figures,
//! and the comparison of the seat-minimum model with a usage-based one.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{
    BUSINESS_UNIT_TRIAL_DAYS, BillingError, CheaperModel, MSP_TRIAL_DAYS, Money, Subscription,
    SubscriptionChange, billing_cadence, list_price, rules,
};
use crate::ClientError;
use crate::document::{DocumentReader, MAX_QUOTED_CHARS, quote_cut};
use crate::ids::OrganizationId;
use crate::plan::{Cadence, PlanType};
use crate::provider::SeatCount;
use crate::{Provider, ProviderType};

/// A proposed change of one client's seats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatChange {
    /// The client: its id, or its exact name.
    pub client: String,
    /// The seats it would have.
    pub seats: u32,
}

/// A proposed change of one plan's seat minimum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MinimumChange {
    /// The plan.
    pub plan: PlanType,
    /// The minimum it would have.
    pub seat_minimum: u32,
}

/// One proposed change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ProposedChange {
    /// A client's seats.
    Seats(SeatChange),
    /// A plan's minimum.
    Minimum(MinimumChange),
}

/// A what-if document: changes tried in order, and optionally the day they would be made (for
/// the proration of purchases).
///
/// ```json
/// {"on": "2026-11-20", "changes": [
///   {"client": "Contoso", "seats": 30},
///   {"plan": "teams_monthly", "seat_minimum": 40}
/// ]}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhatIf {
    /// The day the changes would be made (the caller's today when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<NaiveDate>,
    /// The changes, tried in order.
    pub changes: Vec<ProposedChange>,
}

impl WhatIf {
    /// Reads a what-if document (`what_if_invalid` when it is not one) through the default
    /// [`DocumentReader`]: see [`Self::from_json_with`].
    pub fn from_json(json: &str) -> Result<Self, BillingError> {
        Self::from_json_with(json, &DocumentReader::new())
    }

    /// Reads a what-if document through `reader`, the one document reader: its size limit
    /// (`document_too_large`), no repeated key (`duplicate_key`, with the line and column), JSON
    /// syntax (`invalid_document`); then the shape, each refusal naming the field and why
    /// (`what_if_invalid`: ``changes[1].seats: `-3` is not a whole number of seats …``).
    pub fn from_json_with(json: &str, reader: &DocumentReader) -> Result<Self, BillingError> {
        let value: Value = reader.parse(json, "what-if changes").map_err(BillingError::Document)?;
        Self::from_value(&value)
    }

    /// Reads a what-if document already parsed into a JSON value (the Python binding's dict),
    /// with the field-naming refusals of [`Self::from_json_with`]. A date may be given as
    /// `YYYY-MM-DD`; a seat count or minimum as a whole number (or a text of one).
    pub fn from_value(value: &Value) -> Result<Self, BillingError> {
        let Value::Object(top) = value else {
            return Err(invalid_what_if(
                "",
                "a what-if document is an object with `changes` (and optionally `on`)",
            ));
        };
        for key in top.keys() {
            if key != "on" && key != "changes" {
                return Err(invalid_what_if(
                    &quoted_key(key),
                    "unknown field; a what-if document has `on` and `changes`",
                ));
            }
        }
        let on = match top.get("on") {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(what_if_date(text)?),
            Some(other) => {
                return Err(invalid_what_if("on", &format!("{} is not a date (YYYY-MM-DD)", shown(other))));
            }
        };
        let Some(changes) = top.get("changes") else {
            return Err(invalid_what_if("changes", "missing; give the list of proposed changes"));
        };
        let Value::Array(items) = changes else {
            return Err(invalid_what_if("changes", &format!("{} is not a list of changes", shown(changes))));
        };
        let changes =
            items.iter().enumerate().map(|(i, item)| change_from_value(i, item)).collect::<Result<_, _>>()?;
        Ok(Self { on, changes })
    }
}

/// `what_if_invalid` at `field` (a path such as `changes[1].seats`), saying why.
fn invalid_what_if(field: &str, reason: &str) -> BillingError {
    BillingError::InvalidWhatIf {
        detail: if field.is_empty() { reason.to_owned() } else { format!("`{field}`: {reason}") },
    }
}

/// A key of the document, as a path part: escaped and cut.
fn quoted_key(key: &str) -> String {
    quote_cut(key, MAX_QUOTED_CHARS)
}

/// A value of the document in a message: its JSON, escaped and cut.
fn shown(value: &Value) -> String {
    format!("`{}`", quote_cut(&value.to_string(), MAX_QUOTED_CHARS))
}

/// The what-if day, `YYYY-MM-DD` with a year from 1 to 9999.
fn what_if_date(text: &str) -> Result<NaiveDate, BillingError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|d| (1..=9999).contains(&d.year()) && text.len() == 10)
        .ok_or_else(|| {
            invalid_what_if(
                "on",
                &format!(
                    "`{}` is not a date written YYYY-MM-DD (years 1 to 9999)",
                    quote_cut(text, MAX_QUOTED_CHARS)
                ),
            )
        })
}

/// A whole number of seats (`u32`) at `field`: a JSON integer, or a text of one.
fn seat_number(field: &str, value: &Value) -> Result<u32, BillingError> {
    let n = match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse::<u64>().ok(),
        _ => None,
    };
    n.and_then(|n| u32::try_from(n).ok()).ok_or_else(|| {
        invalid_what_if(
            field,
            &format!("{} is not a whole number of seats from 0 to {}", shown(value), u32::MAX),
        )
    })
}

/// One proposed change, item `i` of `changes`.
fn change_from_value(i: usize, item: &Value) -> Result<ProposedChange, BillingError> {
    let at = |key: &str| if key.is_empty() { format!("changes[{i}]") } else { format!("changes[{i}].{key}") };
    let Value::Object(fields) = item else {
        return Err(invalid_what_if(
            &at(""),
            &format!(
                "{} is not a change: give `client` and `seats`, or `plan` and `seat_minimum`",
                shown(item)
            ),
        ));
    };
    let (kind, keys): (&str, [&str; 2]) = match (fields.contains_key("client"), fields.contains_key("plan")) {
        (true, false) => ("seats", ["client", "seats"]),
        (false, true) => ("minimum", ["plan", "seat_minimum"]),
        (true, true) => {
            return Err(invalid_what_if(
                &at(""),
                "a change gives either `client` (a seat change) or `plan` (a minimum change), not both",
            ));
        }
        (false, false) => {
            return Err(invalid_what_if(
                &at(""),
                "a change gives `client` and `seats`, or `plan` and `seat_minimum`",
            ));
        }
    };
    if let Some(key) = fields.keys().find(|k| !keys.contains(&k.as_str())) {
        return Err(invalid_what_if(
            &at(&quoted_key(key)),
            &format!("unknown field; a {kind} change has `{}` and `{}`", keys[0], keys[1]),
        ));
    }
    let need = |key: &str| {
        fields
            .get(key)
            .ok_or_else(|| invalid_what_if(&at(key), &format!("missing; a {kind} change needs it")))
    };
    if kind == "seats" {
        let client = match need("client")? {
            Value::String(s) if !s.trim().is_empty() => s.clone(),
            other => {
                return Err(invalid_what_if(
                    &at("client"),
                    &format!("{} is not a client's id or name", shown(other)),
                ));
            }
        };
        let seats = seat_number(&at("seats"), need("seats")?)?;
        Ok(ProposedChange::Seats(SeatChange { client, seats }))
    } else {
        let plan = match need("plan")? {
            Value::String(s) => PlanType::from_name(s),
            _ => None,
        }
        .ok_or_else(|| {
            invalid_what_if(
                &at("plan"),
                &format!(
                    "{} is not a plan; use `teams_monthly`, `enterprise_monthly` or `enterprise_annually`",
                    shown(fields.get("plan").unwrap_or(&Value::Null))
                ),
            )
        })?;
        let seat_minimum = seat_number(&at("seat_minimum"), need("seat_minimum")?)?;
        Ok(ProposedChange::Minimum(MinimumChange { plan, seat_minimum }))
    }
}

/// A refusal: the code and message the real command would give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    /// The stable code (`seats_below_occupied`, …).
    pub code: &'static str,
    /// The message.
    pub message: String,
}

/// What one proposed change would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeOutcome {
    /// `seats` or `seat_minimum`.
    pub kind: &'static str,
    /// The client (seat changes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client: Option<OrganizationId>,
    /// The client's name (seat changes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    /// The plan.
    pub plan: PlanType,
    /// Seats or minimum before.
    pub from: u32,
    /// Seats or minimum after.
    pub to: u32,
    /// Whether it results in a purchase.
    pub purchase: bool,
    /// Seats it buys beyond the minimum.
    pub seats_bought: u32,
    /// Whether a service user could make it (a seat change without purchase).
    pub service_user_allowed: bool,
    /// Its prorated cost on the next invoice (before the discount).
    pub prorated_cost: Money,
    /// Why the change would be refused (it is then left out of the copy).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused: Option<Refusal>,
}

/// Seat figures of one plan, as the comparison reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Figures {
    minimum: u32,
    assigned: u64,
    used: u64,
}

/// The next recurring charge of one plan, after the discount.
fn recurring(sub: &Subscription, plan: PlanType, f: Figures) -> Result<Money, BillingError> {
    let quantity = billed_seats(f);
    sub.discount()
        .apply(sub.price(plan)?.checked_mul(i64::try_from(quantity).map_err(|_| BillingError::Overflow)?)?)
}

/// Seats billed in the seat-minimum model: minimum + purchased.
fn billed_seats(f: Figures) -> u64 {
    u64::from(f.minimum).saturating_add(rules::purchased_seats(f.assigned, f.minimum))
}

/// One plan of the model comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanComparison {
    /// The plan.
    pub plan: PlanType,
    /// `monthly` or `annually`: the period of the two amounts.
    pub cadence: &'static str,
    /// Seats used.
    pub used: u64,
    /// Seats billed in the seat-minimum model (minimum + purchased).
    pub billed_seats: u64,
    /// The seat-minimum model's charge per period (discounted provider price).
    pub seat_minimum_model: Money,
    /// The list price per seat.
    pub list_price: Money,
    /// The usage-based charge per period: used seats × list price.
    pub usage_based: Money,
}

/// The seat-minimum model against a usage-based one (billed on used seats at list prices, as
/// Keeper, 1Password and NordPass bill MSPs), per plan and in total over a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelComparison {
    /// Per plan, per period of its cadence.
    pub plans: Vec<PlanComparison>,
    /// The seat-minimum model over a year (12 monthly charges, or 1 annual one).
    pub seat_minimum_model_per_year: Money,
    /// The usage-based model over a year.
    pub usage_based_per_year: Money,
    /// `seat_minimum`, `usage_based` or `equal`.
    pub cheaper: CheaperModel,
    /// How much the cheaper model saves over a year.
    pub saving_per_year: Money,
}

impl ModelComparison {
    /// Compares the two models on the provider as it is.
    pub fn build(provider: &Provider, sub: &Subscription) -> Result<Self, BillingError> {
        let figures = provider
            .seat_summary()
            .into_iter()
            .map(|s| {
                (
                    s.plan,
                    Figures { minimum: s.seat_minimum, assigned: s.assigned_seats, used: s.occupied_seats },
                )
            })
            .collect();
        Self::from_figures(sub, &figures)
    }

    fn from_figures(sub: &Subscription, figures: &BTreeMap<PlanType, Figures>) -> Result<Self, BillingError> {
        let mut plans = Vec::with_capacity(figures.len());
        let (mut minimum_year, mut usage_year) = (Money::ZERO, Money::ZERO);
        for (plan, f) in figures {
            let cadence = billing_cadence(*plan);
            let periods = if cadence == Cadence::Annually { 1 } else { 12 };
            let list = list_price(*plan).ok_or(BillingError::PlanNotBilled { plan: *plan })?;
            let seat_minimum_model = recurring(sub, *plan, *f)?;
            let usage_based = list.checked_mul(i64::try_from(f.used).map_err(|_| BillingError::Overflow)?)?;
            minimum_year = minimum_year.checked_add(seat_minimum_model.checked_mul(periods)?)?;
            usage_year = usage_year.checked_add(usage_based.checked_mul(periods)?)?;
            plans.push(PlanComparison {
                plan: *plan,
                cadence: if cadence == Cadence::Annually { "annually" } else { "monthly" },
                used: f.used,
                billed_seats: billed_seats(*f),
                seat_minimum_model,
                list_price: list,
                usage_based,
            });
        }
        let (cheaper, saving) = match minimum_year.cmp(&usage_year) {
            std::cmp::Ordering::Less => (CheaperModel::SeatMinimum, usage_year.checked_sub(minimum_year)?),
            std::cmp::Ordering::Greater => (CheaperModel::UsageBased, minimum_year.checked_sub(usage_year)?),
            std::cmp::Ordering::Equal => (CheaperModel::Equal, Money::ZERO),
        };
        Ok(Self {
            plans,
            seat_minimum_model_per_year: minimum_year,
            usage_based_per_year: usage_year,
            cheaper,
            saving_per_year: saving,
        })
    }
}

/// What a set of proposed changes would do, computed on a copy: the provider is untouched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WhatIfResult {
    /// The day the changes would be made.
    pub on: NaiveDate,
    /// Each change's outcome, in order.
    pub outcomes: Vec<ChangeOutcome>,
    /// The next recurring charge now (all plans, discounted).
    pub recurring_before: Money,
    /// The next recurring charge after the changes.
    pub recurring_after: Money,
    /// The prorated purchases the changes add to the next invoice (discounted).
    pub prorated_purchases: Money,
    /// The next invoice's difference: recurring after − before + prorated purchases.
    pub next_invoice_difference: Money,
    /// Whether a service user could make every change.
    pub service_user_allowed: bool,
    /// The seat-minimum and usage-based models compared after the changes.
    pub comparison_after: ModelComparison,
}

struct ClientCopy {
    id: OrganizationId,
    name: String,
    plan: PlanType,
    seats: u32,
    occupied: u32,
}

impl WhatIfResult {
    /// Tries `what_if`'s changes in order on a copy of the provider's seat figures, on
    /// `what_if.on` or else `today`. A change the real command would refuse is reported with
    /// its code and left out; the following changes see the copy without it.
    pub fn build(
        provider: &Provider,
        sub: &Subscription,
        what_if: &WhatIf,
        today: NaiveDate,
    ) -> Result<Self, BillingError> {
        let on = what_if.on.unwrap_or(today);
        // As `invoice --period` refuses a month before the subscription: nothing to prorate.
        // A day in the trial is a real what-if (seats bought then are free until the first
        // charge), so the bound is the day the subscription started.
        let started_on = started_on(sub);
        if on < started_on {
            return Err(BillingError::DateBeforeSubscription { date: on, start: started_on });
        }
        let mut clients: Vec<ClientCopy> = provider
            .clients()
            .iter()
            .map(|c| ClientCopy {
                id: c.id(),
                name: c.name().to_owned(),
                plan: c.plan(),
                seats: c.seats(),
                occupied: c.occupied_seats(),
            })
            .collect();
        let mut figures: BTreeMap<PlanType, Figures> = provider
            .seat_summary()
            .into_iter()
            .map(|s| {
                (
                    s.plan,
                    Figures { minimum: s.seat_minimum, assigned: s.assigned_seats, used: s.occupied_seats },
                )
            })
            .collect();
        let before = figures.clone();
        let mut outcomes = Vec::with_capacity(what_if.changes.len());
        let mut prorated = Money::ZERO;
        for change in &what_if.changes {
            let outcome = match change {
                ProposedChange::Seats(change) => {
                    let (outcome, cost) = try_seat_change(sub, &mut clients, &mut figures, change, on)?;
                    prorated = prorated.checked_add(cost)?;
                    outcome
                }
                ProposedChange::Minimum(change) => try_minimum_change(provider, &mut figures, change),
            };
            outcomes.push(outcome);
        }
        figures.retain(|plan, f| {
            provider.kind().allows_plan(*plan)
                && (f.minimum > 0 || f.assigned > 0 || before.contains_key(plan))
        });
        let total = |figures: &BTreeMap<PlanType, Figures>| {
            figures.iter().try_fold(Money::ZERO, |sum, (plan, f)| sum.checked_add(recurring(sub, *plan, *f)?))
        };
        let recurring_before = total(&before)?;
        let recurring_after = total(&figures)?;
        let next_invoice_difference = recurring_after.checked_sub(recurring_before)?.checked_add(prorated)?;
        let service_user_allowed = outcomes.iter().all(|o| o.service_user_allowed);
        Ok(Self {
            on,
            outcomes,
            recurring_before,
            recurring_after,
            prorated_purchases: prorated,
            next_invoice_difference,
            service_user_allowed,
            comparison_after: ModelComparison::from_figures(sub, &figures)?,
        })
    }
}

/// The day `sub` started: its first charge date less the trial of its kind (every
/// subscription starts in a trial, [`Subscription::start`]).
fn started_on(sub: &Subscription) -> NaiveDate {
    let trial = match sub.kind() {
        ProviderType::BusinessUnit => BUSINESS_UNIT_TRIAL_DAYS,
        _ => MSP_TRIAL_DAYS,
    };
    sub.anchor().checked_sub_days(Days::new(trial)).unwrap_or(NaiveDate::MIN)
}

/// Tries one seat change on the copy: its outcome and the discounted prorated cost it adds.
fn try_seat_change(
    sub: &Subscription,
    clients: &mut [ClientCopy],
    figures: &mut BTreeMap<PlanType, Figures>,
    change: &SeatChange,
    on: NaiveDate,
) -> Result<(ChangeOutcome, Money), BillingError> {
    let client = find_client(clients, &change.client)?;
    let c = clients
        .get_mut(client)
        .ok_or_else(|| BillingError::UnknownClient { client: change.client.clone() })?;
    let f = figures.entry(c.plan).or_insert(Figures { minimum: 0, assigned: 0, used: 0 });
    // The seat rule of the real command, called: zero, above the ceiling, below occupied.
    let refusal = SeatCount::new(c.id, change.seats, c.occupied).err();
    let accepted = refusal.is_none();
    let purchase = accepted && rules::is_purchase(f.assigned, f.minimum, c.seats, change.seats);
    let bought = if accepted { rules::seats_bought(f.assigned, f.minimum, c.seats, change.seats) } else { 0 };
    // The cost comes from the subscription's own purchase rule, as the real command records it.
    let cost = match (bought, sub.purchase(c.id, c.plan, bought, on)?) {
        (1.., SubscriptionChange::SeatsPurchased { purchase }) => purchase.cost,
        _ => Money::ZERO,
    };
    let from = c.seats;
    let mut discounted = Money::ZERO;
    if accepted {
        f.assigned = f.assigned.saturating_sub(u64::from(c.seats)).saturating_add(u64::from(change.seats));
        c.seats = change.seats;
        discounted = sub.discount().apply(cost)?;
    }
    let outcome = ChangeOutcome {
        kind: "seats",
        client: Some(c.id),
        client_name: Some(c.name.clone()),
        plan: c.plan,
        from,
        to: change.seats,
        purchase,
        seats_bought: bought,
        service_user_allowed: accepted && !purchase,
        prorated_cost: cost,
        refused: refusal.map(|e| Refusal { code: e.code(), message: e.to_string() }),
    };
    Ok((outcome, discounted))
}

/// Tries one minimum change on the copy (a provider admin's change: never a service user's).
fn try_minimum_change(
    provider: &Provider,
    figures: &mut BTreeMap<PlanType, Figures>,
    change: &MinimumChange,
) -> ChangeOutcome {
    let refusal = if provider.kind().allows_plan(change.plan) {
        None
    } else {
        Some(ClientError::PlanNotAllowed { plan: change.plan, kind: provider.kind() })
    };
    let mut from = 0;
    if refusal.is_none() {
        let f = figures.entry(change.plan).or_insert(Figures { minimum: 0, assigned: 0, used: 0 });
        from = f.minimum;
        f.minimum = change.seat_minimum;
    }
    ChangeOutcome {
        kind: "seat_minimum",
        client: None,
        client_name: None,
        plan: change.plan,
        from,
        to: change.seat_minimum,
        purchase: false,
        seats_bought: 0,
        service_user_allowed: false,
        prorated_cost: Money::ZERO,
        refused: refusal.map(|e| Refusal { code: e.code(), message: e.to_string() }),
    }
}

/// The index of the client named by `key`: its id, or else its exact name (trimmed).
fn find_client(clients: &[ClientCopy], key: &str) -> Result<usize, BillingError> {
    let by_id = key.parse::<OrganizationId>().ok();
    clients
        .iter()
        .position(|c| Some(c.id) == by_id)
        .or_else(|| clients.iter().position(|c| c.name == key.trim()))
        .ok_or_else(|| BillingError::UnknownClient { client: key.chars().take(60).collect() })
}
