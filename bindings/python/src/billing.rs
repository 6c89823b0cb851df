//! Consolidated billing from Python: the reports as objects with a readable `repr` and
//! `to_dict()`, amounts as `decimal.Decimal`, CSV as `str`. Every report that visits the clients
//! is built without holding the interpreter lock (the invoice, O(plans), holds it); no billing rule
//! lives here.

use chrono::NaiveDate;
use mspkit::billing::{self as core, Money};
use pyo3::create_exception;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDate, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use uuid::Uuid;

use crate::billing_rows as rows;
use crate::convert::{PyDay, Text, json_to_python, to_json};
use crate::errors::MspkitError;
use crate::rows::wrap;

create_exception!(
    mspkit,
    BillingError,
    MspkitError,
    "A billing command, query or document was refused (no_consolidated_billing, no_subscription, period_invalid, …)."
);

/// A `BillingError` with the core error's `.code`.
pub fn billing_err(err: core::BillingError) -> PyErr {
    crate::errors::to_py_err(mspkit::Error::Billing(err))
}

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// `decimal.Decimal` of an exact amount (`Decimal('1234.50')`).
pub fn decimal(py: Python<'_>, money: Money) -> PyResult<Bound<'_, PyAny>> {
    let class = DECIMAL.import(py, "decimal", "Decimal")?;
    class.call1((money.to_decimal_string(),))
}

/// The JSON keys whose values are amounts: `to_dict()` turns them into `Decimal`.
const MONEY_KEYS: &[&str] = &[
    "amount",
    "cost",
    "estimated_total",
    "list_price",
    "next_invoice_difference",
    "prorated_cost",
    "prorated_purchases",
    "recurring_after",
    "recurring_before",
    "saving_per_year",
    "seat_minimum_model",
    "seat_minimum_model_per_year",
    "subtotal",
    "total",
    "unit_price",
    "usage_based",
    "usage_based_per_year",
];

/// Plain Python objects of `value`, with every amount as `Decimal`.
pub(crate) fn to_dict<'py>(py: Python<'py>, value: &impl serde::Serialize) -> PyResult<Bound<'py, PyAny>> {
    let object = json_to_python(py, &to_json(value)?)?;
    decimalize(py, &object)?;
    Ok(object)
}

fn decimalize(py: Python<'_>, object: &Bound<'_, PyAny>) -> PyResult<()> {
    if let Ok(dict) = object.cast::<PyDict>() {
        for (key, value) in dict.iter() {
            let is_money = key.extract::<&str>().is_ok_and(|k| MONEY_KEYS.contains(&k));
            match value.extract::<&str>() {
                Ok(text) if is_money => {
                    let class = DECIMAL.import(py, "decimal", "Decimal")?;
                    dict.set_item(key, class.call1((text,))?)?;
                }
                _ => decimalize(py, &value)?,
            }
        }
    } else if let Ok(list) = object.cast::<PyList>() {
        for item in list.iter() {
            decimalize(py, &item)?;
        }
    }
    Ok(())
}

/// Seat utilisation across every client.
#[pyclass(module = "mspkit", frozen)]
#[derive(Debug)]
pub struct SeatUtilisation {
    inner: core::SeatUtilisation,
}

#[pymethods]
impl SeatUtilisation {
    /// Per client: id, name, plan, assigned, used, free, idle_share (0–1) and full.
    #[getter]
    fn clients(&self) -> Vec<rows::ClientUtilisation> {
        wrap(&self.inner.clients)
    }

    /// Per plan: seat_minimum, assigned, used, free, idle_share, unassigned and purchased.
    #[getter]
    fn plans(&self) -> Vec<rows::PlanUtilisation> {
        wrap(&self.inner.plans)
    }

    /// The clients with no free seat (inviting a member is refused).
    #[getter]
    fn full_clients(&self) -> Vec<Uuid> {
        self.inner.full_clients.iter().map(|id| id.uuid()).collect()
    }

    /// The clients holding more than `idle_threshold` free seats.
    #[getter]
    fn idle_clients(&self) -> Vec<Uuid> {
        self.inner.idle_clients.iter().map(|id| id.uuid()).collect()
    }

    /// The idle-seat threshold.
    #[getter]
    fn idle_threshold(&self) -> u32 {
        self.inner.idle_threshold
    }

    /// The whole report as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "SeatUtilisation(clients={}, plans={}, full_clients={}, idle_clients={}, idle_threshold={})",
            self.inner.clients.len(),
            self.inner.plans.len(),
            self.inner.full_clients.len(),
            self.inner.idle_clients.len(),
            self.inner.idle_threshold
        )
    }
}

/// The provider's invoice for the charge date of a month.
#[pyclass(module = "mspkit", frozen)]
#[derive(Debug)]
pub struct Invoice {
    inner: core::Invoice,
}

#[pymethods]
impl Invoice {
    /// The month, `YYYY-MM`.
    #[getter]
    fn month(&self) -> String {
        self.inner.month.to_string()
    }

    /// The charge date.
    #[getter]
    fn charge_date(&self) -> PyDay {
        PyDay(self.inner.charge_date)
    }

    /// The discount, as text (`12.5%`).
    #[getter]
    fn discount(&self) -> String {
        self.inner.discount.to_string()
    }

    /// One line per plan: plan, seat_minimum, purchased_seats, quantity, unit_price, subtotal, total.
    #[getter]
    fn lines(&self) -> Vec<rows::InvoiceLine> {
        wrap(&self.inner.lines)
    }

    /// The prorated purchases charged on it.
    #[getter]
    fn prorations(&self) -> Vec<rows::ProrationLine> {
        wrap(&self.inner.prorations)
    }

    /// The total before the discount.
    #[getter]
    fn subtotal<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.inner.subtotal)
    }

    /// The total: the sum of every line's and every proration's total.
    #[getter]
    fn total<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.inner.total)
    }

    /// For a billed month, the day its invoice was issued (its lines are the seats and prices
    /// billed then); `None` for an estimate.
    #[getter]
    fn issued_on(&self) -> Option<PyDay> {
        self.inner.issued.map(|i| PyDay(i.issued_on))
    }

    /// For a billed month, the amount invoiced; `None` for an estimate.
    #[getter]
    fn issued_amount<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner.issued.map(|i| decimal(py, i.amount)).transpose()
    }

    /// The invoice as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "Invoice(month={}, charge_date={}, lines={}, prorations={}, total={})",
            self.inner.month,
            self.inner.charge_date,
            self.inner.lines.len(),
            self.inner.prorations.len(),
            self.inner.total
        )
    }
}

/// The client invoice report: a row per client and an `Unassigned seats` row per plan with no
/// purchased seats.
#[pyclass(module = "mspkit", frozen)]
#[derive(Debug)]
pub struct ClientInvoiceReport {
    inner: core::ClientInvoiceReport,
}

#[pymethods]
impl ClientInvoiceReport {
    /// The rows (client, id, assigned, used, remaining, plan, plan_type, estimated_total).
    #[getter]
    fn rows(&self) -> Vec<rows::ClientInvoiceRow> {
        wrap(&self.inner.rows)
    }

    /// The sum of the estimated totals.
    #[getter]
    fn total<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.inner.total)
    }

    /// The not-for-resale clients' share of the total (their rows come after the resold
    /// clients'): what they cost the provider, billed to no client.
    #[getter]
    fn not_for_resale_total<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.inner.not_for_resale_total)
    }

    /// The report as CSV in the reference's columns.
    fn to_csv(&self, py: Python<'_>) -> String {
        let inner = &self.inner;
        py.detach(|| inner.to_csv())
    }

    /// The report as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.inner)
    }

    fn __len__(&self) -> usize {
        self.inner.rows.len()
    }

    fn __repr__(&self) -> String {
        format!("ClientInvoiceReport(rows={}, total={})", self.inner.rows.len(), self.inner.total)
    }
}

/// The PSA export: per client, quantity and unit price, with the provider's own reference.
#[pyclass(module = "mspkit", frozen)]
#[derive(Debug)]
pub struct PsaExport {
    inner: core::PsaExport,
}

#[pymethods]
impl PsaExport {
    /// The rows, one per client.
    #[getter]
    fn rows(&self) -> Vec<rows::PsaRow> {
        wrap(&self.inner.rows)
    }

    /// The export as CSV (amounts as plain decimals).
    fn to_csv(&self, py: Python<'_>) -> String {
        let inner = &self.inner;
        py.detach(|| inner.to_csv())
    }

    /// The export as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.inner)
    }

    fn __len__(&self) -> usize {
        self.inner.rows.len()
    }

    fn __repr__(&self) -> String {
        format!("PsaExport(rows={})", self.inner.rows.len())
    }
}

/// The seat-minimum model against a usage-based one.
#[pyclass(module = "mspkit", frozen)]
#[derive(Debug)]
pub struct ModelComparison {
    inner: core::ModelComparison,
}

#[pymethods]
impl ModelComparison {
    /// Per plan.
    #[getter]
    fn plans(&self) -> Vec<crate::subscription_rows::PlanComparison> {
        wrap(&self.inner.plans)
    }

    /// The seat-minimum model over a year.
    #[getter]
    fn seat_minimum_model_per_year<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.inner.seat_minimum_model_per_year)
    }

    /// The usage-based model over a year.
    #[getter]
    fn usage_based_per_year<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.inner.usage_based_per_year)
    }

    /// `seat_minimum`, `usage_based` or `equal`.
    #[getter]
    fn cheaper(&self) -> PyResult<crate::names::CheaperModel> {
        self.inner.cheaper.try_into()
    }

    /// What the cheaper model saves over a year.
    #[getter]
    fn saving_per_year<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.inner.saving_per_year)
    }

    /// The comparison as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "ModelComparison(cheaper={:?}, seat_minimum_model_per_year={}, usage_based_per_year={})",
            self.inner.cheaper.name(),
            self.inner.seat_minimum_model_per_year,
            self.inner.usage_based_per_year
        )
    }
}

/// What proposed changes would do, tried on a copy.
#[pyclass(module = "mspkit", frozen)]
#[derive(Debug)]
pub struct WhatIfResult {
    inner: core::WhatIfResult,
}

#[pymethods]
impl WhatIfResult {
    /// The day the changes would be made.
    #[getter]
    fn on(&self) -> PyDay {
        PyDay(self.inner.on)
    }

    /// Each change's outcome (purchase, seats_bought, service_user_allowed, refused, …).
    #[getter]
    fn outcomes(&self) -> Vec<crate::subscription_rows::ChangeOutcome> {
        wrap(&self.inner.outcomes)
    }

    /// The next recurring charge now.
    #[getter]
    fn recurring_before<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.inner.recurring_before)
    }

    /// The next recurring charge after the changes.
    #[getter]
    fn recurring_after<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.inner.recurring_after)
    }

    /// The prorated purchases the changes add to the next invoice.
    #[getter]
    fn prorated_purchases<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.inner.prorated_purchases)
    }

    /// How much the next invoice changes.
    #[getter]
    fn next_invoice_difference<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.inner.next_invoice_difference)
    }

    /// Whether a service user could make every change.
    #[getter]
    fn service_user_allowed(&self) -> bool {
        self.inner.service_user_allowed
    }

    /// The two models compared after the changes.
    #[getter]
    fn comparison_after(&self) -> ModelComparison {
        ModelComparison { inner: self.inner.comparison_after.clone() }
    }

    /// The result as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "WhatIfResult(on={}, changes={}, next_invoice_difference={}, service_user_allowed={})",
            self.inner.on,
            self.inner.outcomes.len(),
            self.inner.next_invoice_difference,
            if self.inner.service_user_allowed { "True" } else { "False" }
        )
    }
}

/// A provider's consolidated subscription (read-only: change it through the provider's
/// commands, which record events).
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct Subscription {
    inner: core::Subscription,
}

impl Subscription {
    /// Wraps the core subscription.
    pub fn new(inner: core::Subscription) -> Self {
        Self { inner }
    }
}

#[pymethods]
impl Subscription {
    /// The kind of provider it bills (`msp` or `business_unit`).
    #[getter]
    fn kind(&self) -> PyResult<crate::enums::ProviderType> {
        self.inner.kind().try_into()
    }

    /// The first charge date, from which every period is counted.
    #[getter]
    fn anchor(&self) -> PyDay {
        PyDay(self.inner.anchor())
    }

    /// The discount, as text (`10%`).
    #[getter]
    fn discount(&self) -> String {
        self.inner.discount().to_string()
    }

    /// `automatic_charge` or `send_invoice`.
    #[getter]
    fn collection(&self) -> PyResult<crate::names::CollectionMethod> {
        self.inner.collection().try_into()
    }

    /// The stored lifecycle state (`to_dict()`: `{"state": "invoiced", "invoice": {...}}`).
    #[getter]
    fn lifecycle(&self) -> crate::subscription_rows::SubscriptionLifecycle {
        crate::subscription_rows::SubscriptionLifecycle::from(*self.inner.lifecycle())
    }

    /// The recorded seat purchases.
    #[getter]
    fn purchases(&self) -> Vec<rows::SeatPurchase> {
        wrap(self.inner.purchases())
    }

    /// The price per seat of `plan` (negotiated or the reference's).
    fn price<'py>(&self, py: Python<'py>, plan: crate::enums::PlanType) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.inner.price(plan.into()).map_err(billing_err)?)
    }

    /// The status on `today`: trialing, active, invoiced, overdue, unpaid or cancelled.
    fn status(&self, today: NaiveDate) -> PyResult<crate::names::SubscriptionStatus> {
        self.inner.status(today).try_into()
    }

    /// Whether a suspension warning shows on `today`.
    fn suspension_warning(&self, today: NaiveDate) -> bool {
        self.inner.suspension_warning(today)
    }

    /// Days the open invoice is past due on `today`.
    fn days_overdue(&self, today: NaiveDate) -> i64 {
        self.inner.days_overdue(today)
    }

    /// The next charge date of `plan` on or after `today`.
    fn next_charge_date(&self, plan: crate::enums::PlanType, today: NaiveDate) -> PyResult<PyDay> {
        self.inner.next_charge_date(plan.into(), today).map(PyDay).map_err(billing_err)
    }

    /// The provider's own reference for `client`, if set.
    fn client_reference(&self, client: Uuid) -> Option<String> {
        self.inner.client_reference(mspkit::OrganizationId::new(client)).map(str::to_owned)
    }

    /// The subscription as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        let state = match self.inner.lifecycle() {
            core::Lifecycle::Trialing { .. } => "trialing",
            core::Lifecycle::Active => "active",
            core::Lifecycle::Invoiced { .. } => "invoiced",
            core::Lifecycle::Unpaid { .. } => "unpaid",
            core::Lifecycle::Cancelled { .. } => "cancelled",
        };
        format!(
            "Subscription(kind={}, anchor={}, discount={}, collection={}, lifecycle={state})",
            crate::enums::serde_name(self.inner.kind()),
            self.inner.anchor(),
            self.inner.discount(),
            self.inner.collection().name()
        )
    }
}

/// An amount from a `Decimal`, a `str` or an `int` (whole dollars), exactly.
pub fn money(value: &Bound<'_, PyAny>) -> PyResult<Money> {
    let Text(text) = value.str()?.extract()?;
    text.parse().map_err(billing_err)
}

/// A discount from a `Decimal`, a `str` (`"12.5"`, `"12.5%"`) or an `int`.
pub fn discount(value: &Bound<'_, PyAny>) -> PyResult<core::Discount> {
    let Text(text) = value.str()?.extract()?;
    text.parse().map_err(billing_err)
}

/// Negotiated prices from a dict of `PlanType` to amount.
pub fn prices(value: Option<&Bound<'_, PyDict>>) -> PyResult<core::SeatPrices> {
    let mut prices = core::SeatPrices::reference();
    if let Some(dict) = value {
        for (plan, price) in dict.iter() {
            let plan: crate::enums::PlanType = plan.extract()?;
            prices = prices.with_price(plan.into(), money(&price)?).map_err(billing_err)?;
        }
    }
    Ok(prices)
}

// ---- the operations, called by `Provider` and `Portfolio` ----

/// `Provider.seat_utilisation`.
pub fn seat_utilisation(
    py: Python<'_>,
    p: &crate::provider::Provider,
    idle: u32,
) -> PyResult<SeatUtilisation> {
    p.get_detached(py, |p| p.seat_utilisation(idle))
        .map(|inner| SeatUtilisation { inner })
        .map_err(billing_err)
}

/// `Provider.invoice`. The invoice is built from the per-plan running totals, in O(plans)
/// whatever the clients (well under a microsecond): releasing and re-taking the interpreter lock
/// would cost more than the work, so it is built holding it.
pub fn invoice(_py: Python<'_>, p: &crate::provider::Provider, period: &str) -> PyResult<Invoice> {
    let month: core::BillingMonth = period.parse().map_err(billing_err)?;
    p.get(|p| p.invoice(month)).map(|inner| Invoice { inner }).map_err(billing_err)
}

/// `Provider.client_invoice_report`: of today's seats, or of `period` (a billed month's
/// recorded rows).
pub fn client_invoice_report(
    py: Python<'_>,
    p: &crate::provider::Provider,
    period: Option<&str>,
) -> PyResult<ClientInvoiceReport> {
    let month = period.map(str::parse::<core::BillingMonth>).transpose().map_err(billing_err)?;
    p.get_detached(py, |p| match month {
        Some(month) => p.client_invoice_report_of(month),
        None => p.client_invoice_report(),
    })
    .map(|inner| ClientInvoiceReport { inner })
    .map_err(billing_err)
}

/// `Provider.client_invoice_csv`: the report's CSV in one call, written straight from the
/// provider (no report is built).
pub fn client_invoice_csv(py: Python<'_>, p: &crate::provider::Provider) -> PyResult<String> {
    p.get_detached(py, mspkit::Provider::client_invoice_csv).map_err(billing_err)
}

/// `Provider.psa_export`.
pub fn psa_export(py: Python<'_>, p: &crate::provider::Provider) -> PyResult<PsaExport> {
    p.get_detached(py, mspkit::Provider::psa_export).map(|inner| PsaExport { inner }).map_err(billing_err)
}

/// `Provider.model_comparison`.
pub fn model_comparison(py: Python<'_>, p: &crate::provider::Provider) -> PyResult<ModelComparison> {
    p.get_detached(py, mspkit::Provider::model_comparison)
        .map(|inner| ModelComparison { inner })
        .map_err(billing_err)
}

/// `Provider.what_if`: `changes` is a what-if document as a JSON string (read by the one
/// document reader) or as a dict, converted here without `json.dumps`: `Decimal` and `date`
/// values are accepted, and nesting deeper than a what-if document has is refused
/// (`what_if_invalid`) before it can exhaust the stack.
pub fn what_if(
    py: Python<'_>,
    p: &crate::provider::Provider,
    changes: &Bound<'_, PyAny>,
    today: NaiveDate,
) -> PyResult<WhatIfResult> {
    let what_if = if changes.is_instance_of::<PyString>() {
        let Text(text) = changes.extract()?;
        core::WhatIf::from_json(&text).map_err(billing_err)?
    } else {
        core::WhatIf::from_value(&what_if_value(changes, 0)?).map_err(billing_err)?
    };
    p.get_detached(py, |p| p.what_if(&what_if, today))
        .map(|inner| WhatIfResult { inner })
        .map_err(billing_err)
}

/// How deep a what-if dict may nest (a document is three levels deep: the changes, a change,
/// its fields).
const MAX_WHAT_IF_DEPTH: usize = 8;

/// A refusal of a what-if dict's value.
fn what_if_refused(detail: String) -> PyErr {
    billing_err(core::BillingError::InvalidWhatIf { detail })
}

/// A Python value of a what-if dict as JSON: `None`, `bool`, `int`, `float`, `str`, `Decimal`
/// (a whole one as a number, another as its text, refused by the reader with its field named),
/// `datetime.date` (as `YYYY-MM-DD`), and dicts (with `str` keys), lists and tuples of these.
fn what_if_value(value: &Bound<'_, PyAny>, depth: usize) -> PyResult<serde_json::Value> {
    use serde_json::Value;
    if depth > MAX_WHAT_IF_DEPTH {
        return Err(what_if_refused(format!(
            "the document nests more than {MAX_WHAT_IF_DEPTH} levels deep; a what-if document is `{{\"on\": …, \"changes\": [{{…}}]}}`"
        )));
    }
    let py = value.py();
    if value.is_none() {
        Ok(Value::Null)
    } else if value.is_instance_of::<PyBool>() {
        Ok(Value::Bool(value.extract()?))
    } else if value.is_instance_of::<PyInt>() {
        Ok(match value.extract::<i64>() {
            Ok(n) => Value::from(n),
            Err(_) => Value::String(value.str()?.extract::<Text>()?.0),
        })
    } else if value.is_instance_of::<PyFloat>() {
        let f: f64 = value.extract()?;
        Ok(serde_json::Number::from_f64(f).map_or_else(|| Value::String(f.to_string()), Value::Number))
    } else if value.is_instance_of::<PyString>() {
        Ok(Value::String(value.extract::<Text>()?.0))
    } else if value.is_instance(DECIMAL.import(py, "decimal", "Decimal")?.as_any())? {
        if value.call_method0("is_finite")?.extract::<bool>()? {
            let whole = value.call_method0("to_integral_value")?;
            if value.eq(&whole)?
                && let Ok(n) = whole.call_method0("__int__")?.extract::<i64>()
            {
                return Ok(Value::from(n));
            }
        }
        Ok(Value::String(value.str()?.extract::<Text>()?.0))
    } else if value.is_instance_of::<PyDateTime>() {
        Err(what_if_refused(format!(
            "`{}` is a date and time; give the day as a `datetime.date` or `YYYY-MM-DD`",
            value.str()?.extract::<Text>()?.0
        )))
    } else if value.is_instance_of::<PyDate>() {
        Ok(Value::String(value.call_method0("isoformat")?.extract::<Text>()?.0))
    } else if let Ok(dict) = value.cast::<PyDict>() {
        let mut map = serde_json::Map::new();
        for (key, item) in dict.iter() {
            let Ok(Text(key)) = key.extract::<Text>() else {
                return Err(what_if_refused("every key of a what-if dict is a `str`".to_owned()));
            };
            map.insert(key, what_if_value(&item, depth + 1)?);
        }
        Ok(Value::Object(map))
    } else if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for item in value.try_iter()? {
            items.push(what_if_value(&item?, depth + 1)?);
        }
        Ok(Value::Array(items))
    } else {
        Err(what_if_refused(format!(
            "a value of type `{}` cannot be in a what-if document",
            value.get_type().name()?.extract::<Text>()?.0
        )))
    }
}

/// Registers the classes and the exception on the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("BillingError", m.py().get_type::<BillingError>())?;
    m.add_class::<Subscription>()?;
    m.add_class::<SeatUtilisation>()?;
    m.add_class::<Invoice>()?;
    m.add_class::<ClientInvoiceReport>()?;
    m.add_class::<PsaExport>()?;
    m.add_class::<ModelComparison>()?;
    m.add_class::<WhatIfResult>()?;
    rows::register(m)?;
    Ok(())
}
