//! Issue 15's reference features at the Python edge: the provider's billing warnings
//! (`GetProviderWarningsQuery`), the facts of an existing organization and the addable
//! organizations (`GetAddableOrganizations`). No rule lives here; the core decides.

use mspkit::billing::{self as core, TaxFacts, TaxIdVerification};
use pyo3::prelude::*;
use uuid::Uuid;

use crate::convert::{Int, PyDay, Text};
use crate::enums::PlanType;
use crate::errors::{to_py_err, validation_error};
use crate::provider::ClientMember;

/// What the caller knows of an existing organization (to add it, list it as addable, or
/// convert it into a business unit).
#[pyclass(module = "mspkit", frozen, from_py_object)]
#[derive(Debug, Clone)]
pub struct OrganizationFacts {
    pub(crate) inner: mspkit::ExistingOrganization,
}

#[pymethods]
impl OrganizationFacts {
    #[new]
    #[pyo3(signature = (id, name, plan, seats, billing_email, members, *, subscription_active=true, linked_to_provider=false, uses_secrets_manager=false))]
    #[allow(clippy::too_many_arguments, reason = "mirrors the Rust ExistingOrganization fields")]
    fn new(
        id: Uuid,
        name: Text,
        plan: PlanType,
        seats: Int<u32>,
        billing_email: Text,
        members: Vec<ClientMember>,
        subscription_active: bool,
        linked_to_provider: bool,
        uses_secrets_manager: bool,
    ) -> PyResult<Self> {
        Ok(Self {
            inner: mspkit::ExistingOrganization {
                id: mspkit::OrganizationId::new(id),
                name: name.0,
                plan: plan.into(),
                seats: seats.0,
                billing_email: crate::provider::email(&billing_email)?,
                subscription_active,
                linked_to_provider,
                uses_secrets_manager,
                members: members.into_iter().map(|m| m.inner).collect(),
            },
        })
    }

    /// The organization's id.
    #[getter]
    fn id(&self) -> Uuid {
        self.inner.id.uuid()
    }

    fn __repr__(&self) -> String {
        format!("OrganizationFacts({}, {:?}, {})", self.inner.id, self.inner.name, self.inner.plan.name())
    }
}

/// An organization a member may add (the reference's `AddableOrganization`).
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddableOrganization {
    inner: mspkit::AddableOrganization,
}

#[pymethods]
impl AddableOrganization {
    /// The organization.
    #[getter]
    fn id(&self) -> Uuid {
        self.inner.id.uuid()
    }

    /// Its name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    /// `Teams` / `Enterprise` for an MSP, the plan's name for a business unit.
    #[getter]
    fn plan(&self) -> &str {
        &self.inner.plan
    }

    /// Its seats.
    #[getter]
    fn seats(&self) -> u32 {
        self.inner.seats
    }

    /// Whether the member may not add it (a service user, when adding would buy seats).
    #[getter]
    fn disabled(&self) -> bool {
        self.inner.disabled
    }

    fn __repr__(&self) -> String {
        format!(
            "AddableOrganization({:?}, {}, seats={}, disabled={})",
            self.inner.name, self.inner.plan, self.inner.seats, self.inner.disabled
        )
    }
}

/// `Provider.addable_organizations`.
pub fn addable_organizations(
    provider: &crate::provider::Provider,
    viewer: Uuid,
    candidates: &[OrganizationFacts],
) -> PyResult<Vec<AddableOrganization>> {
    let candidates: Vec<mspkit::ExistingOrganization> = candidates.iter().map(|c| c.inner.clone()).collect();
    provider
        .get(|p| p.addable_organizations(mspkit::ProviderUserId::new(viewer), &candidates))
        .map(|list| list.into_iter().map(|inner| AddableOrganization { inner }).collect())
        .map_err(to_py_err)
}

/// The provider is suspended: what the person looking can do and when the subscription cancels.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuspensionWarning {
    inner: core::SuspensionWarning,
}

#[pymethods]
impl SuspensionWarning {
    /// `add_payment_method` (a provider admin, unpaid), `contact_administrator` (anyone else in
    /// the team, unpaid) or `contact_support` (disabled for another reason).
    #[getter]
    fn resolution(&self) -> PyResult<crate::names::SuspensionResolution> {
        self.inner.resolution.try_into()
    }

    /// When the unpaid subscription cancels (given to a provider admin only).
    #[getter]
    fn subscription_cancels_on(&self) -> Option<PyDay> {
        self.inner.subscription_cancels_on.map(PyDay)
    }

    fn __repr__(&self) -> String {
        match self.inner.subscription_cancels_on {
            Some(day) => format!("SuspensionWarning({}, cancels on {day})", self.inner.resolution.name()),
            None => format!("SuspensionWarning({})", self.inner.resolution.name()),
        }
    }
}

/// The provider's billing warnings (the reference's `ProviderWarnings`).
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderWarnings {
    inner: core::ProviderWarnings,
}

impl ProviderWarnings {
    /// Wraps the core's warnings.
    pub(crate) fn new(inner: core::ProviderWarnings) -> Self {
        Self { inner }
    }
}

#[pymethods]
impl ProviderWarnings {
    /// The suspension, while the provider is disabled; `None` otherwise.
    #[getter]
    fn suspension(&self) -> Option<SuspensionWarning> {
        self.inner.suspension.map(|inner| SuspensionWarning { inner })
    }

    /// `tax_id_missing`, `tax_id_pending_verification` or `tax_id_failed_verification` (for
    /// provider admins); `None` otherwise.
    #[getter]
    fn tax_id(&self) -> PyResult<Option<crate::names::TaxIdWarning>> {
        self.inner.tax_id.map(crate::names::TaxIdWarning::try_from).transpose()
    }

    /// Whether there is nothing to warn of.
    #[getter]
    fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }

    /// The JSON: `{"suspension": {"resolution": …, "subscription_cancels_on": …}, "tax_id": …}`,
    /// each key absent when there is nothing to say.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.inner).map_err(|e| validation_error("json_write_failed", &e.to_string()))
    }

    fn __repr__(&self) -> String {
        format!(
            "ProviderWarnings(suspension={}, tax_id={})",
            self.inner.suspension.map_or("None", |s| s.resolution.name()),
            self.inner.tax_id.map_or("None", core::TaxIdWarning::name)
        )
    }
}

/// `Provider.provider_warnings`: the tax facts from keywords (`tax_id` a `TaxIdVerification`, or
/// `None` for no tax id).
pub fn provider_warnings(
    provider: &crate::provider::Provider,
    viewer: Uuid,
    country: Option<String>,
    registered: bool,
    tax_id: Option<crate::names::TaxIdVerification>,
    exempt: bool,
) -> PyResult<ProviderWarnings> {
    let tax_id = tax_id.map(TaxIdVerification::from);
    let facts = TaxFacts { exempt, country, registered, tax_id };
    provider
        .get(|p| p.provider_warnings(mspkit::ProviderUserId::new(viewer), &facts))
        .map(|inner| ProviderWarnings { inner })
        .map_err(to_py_err)
}

/// What enabling a policy on a client would do to its members.
#[pyclass(module = "mspkit", frozen)]
#[derive(Debug, Clone)]
pub struct PolicySideEffects {
    client: String,
    policy: &'static str,
    inner: mspkit::policy::SideEffects,
}

fn emails(list: &[mspkit::Email]) -> Vec<String> {
    list.iter().map(|e| e.as_str().to_owned()).collect()
}

#[pymethods]
impl PolicySideEffects {
    /// The members it revokes, in the client's order.
    #[getter]
    fn revokes(&self) -> Vec<String> {
        emails(&self.inner.revokes)
    }

    /// Revocable members without facts (kept).
    #[getter]
    fn unknown(&self) -> Vec<String> {
        emails(&self.inner.unknown)
    }

    /// Members who would lose access for good (two-step login is then refused).
    #[getter]
    fn would_lose_access(&self) -> Vec<String> {
        emails(&self.inner.would_lose_access)
    }

    /// Why enabling would be refused as things stand, as `(code, message)`; `None` when allowed.
    #[getter]
    fn refused(&self) -> Option<(String, String)> {
        self.inner.refused.as_ref().map(|r| (r.code.clone(), r.message.clone()))
    }

    /// "enabling single_org on client Contoso revokes a@x.example and b@x.example".
    #[getter]
    fn message(&self) -> String {
        let names = emails(&self.inner.revokes);
        let who = match names.split_last() {
            None => "nobody".to_owned(),
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        };
        format!("enabling {} on client {} revokes {who}", self.policy, self.client)
    }

    fn __repr__(&self) -> String {
        format!("PolicySideEffects({})", self.message())
    }
}

/// The members' facts from a Python dict of email → `{"other_organizations", "two_factor",
/// "master_password"}` booleans (`ValidationError` for an unknown key or a bad email).
pub fn compliance_facts(
    facts: std::collections::BTreeMap<Text, std::collections::BTreeMap<Text, bool>>,
) -> PyResult<mspkit::policy::ComplianceFacts> {
    let mut out = mspkit::policy::ComplianceFacts::new();
    for (email, fields) in facts {
        let mut member = mspkit::policy::MemberCompliance::default();
        for (key, value) in fields {
            match &*key {
                "other_organizations" => member.other_organizations = value,
                "two_factor" => member.two_factor = value,
                "master_password" => member.master_password = value,
                other => {
                    return Err(validation_error(
                        "unknown_name",
                        &format!(
                            "`{}` is not a member fact; use `other_organizations`, `two_factor` or `master_password`",
                            mspkit::text::shown(other, 40)
                        ),
                    ));
                }
            }
        }
        out.insert(crate::provider::email(&email)?, member);
    }
    Ok(out)
}

/// `Provider.preview_client_policy`.
pub fn preview_client_policy(
    provider: &crate::provider::Provider,
    actor: Uuid,
    client: Uuid,
    kind: mspkit::policy::PolicyKind,
    facts: std::collections::BTreeMap<Text, std::collections::BTreeMap<Text, bool>>,
) -> PyResult<PolicySideEffects> {
    let facts = compliance_facts(facts)?;
    let client = mspkit::OrganizationId::new(client);
    let (inner, name) = provider.get(|p| {
        let name = p.client(client).map(|c| c.name().to_owned()).unwrap_or_default();
        (p.preview_client_policy(mspkit::ProviderUserId::new(actor), client, kind, &facts), name)
    });
    let inner = inner.map_err(to_py_err)?;
    Ok(PolicySideEffects { client: name, policy: kind.name(), inner })
}

/// Registers the classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<SuspensionWarning>()?;
    m.add_class::<OrganizationFacts>()?;
    m.add_class::<AddableOrganization>()?;
    m.add_class::<PolicySideEffects>()?;
    m.add_class::<ProviderWarnings>()?;
    Ok(())
}
