//! The closed sets of names without reference integer codes, as Python enums (the `named` form
//! of [`py_enum!`](crate::enums::py_enum)): `.code` and `.value` are the snake_case name mspkit's
//! JSON uses, `.name` the upper-case Python name. Each mirrors a core enum one-to-one.

use pyo3::prelude::*;

use crate::enums::py_enum;

py_enum! {
    /// What happened to a provider: the kind of an event's change (its JSON `type`).
    EventKind as "EventKind" => mspkit::ChangeKind, named {
        ProviderIssued = "PROVIDER_ISSUED",
        ProviderSetUp = "PROVIDER_SET_UP",
        ProviderUpdated = "PROVIDER_UPDATED",
        ProviderStatusChanged = "PROVIDER_STATUS_CHANGED",
        ProviderEnabled = "PROVIDER_ENABLED",
        ProviderDisabled = "PROVIDER_DISABLED",
        ProviderDeleted = "PROVIDER_DELETED",
        ProviderAccessSuspended = "PROVIDER_ACCESS_SUSPENDED",
        ProviderAccessResumed = "PROVIDER_ACCESS_RESUMED",
        AccessReviewSigned = "ACCESS_REVIEW_SIGNED",
        PlanChanged = "PLAN_CHANGED",
        SeatMinimumChanged = "SEAT_MINIMUM_CHANGED",
        MemberInvited = "MEMBER_INVITED",
        MemberReinvited = "MEMBER_REINVITED",
        MemberAccepted = "MEMBER_ACCEPTED",
        MemberConfirmed = "MEMBER_CONFIRMED",
        MemberRoleChanged = "MEMBER_ROLE_CHANGED",
        MemberScopeChanged = "MEMBER_SCOPE_CHANGED",
        MemberRevoked = "MEMBER_REVOKED",
        MemberRestored = "MEMBER_RESTORED",
        MemberRemoved = "MEMBER_REMOVED",
        MemberLeft = "MEMBER_LEFT",
        ClientCreated = "CLIENT_CREATED",
        ClientAdded = "CLIENT_ADDED",
        ClientSeatsChanged = "CLIENT_SEATS_CHANGED",
        ClientMemberAdded = "CLIENT_MEMBER_ADDED",
        ClientMemberRemoved = "CLIENT_MEMBER_REMOVED",
        ClientMemberRevoked = "CLIENT_MEMBER_REVOKED",
        ClientUnlinked = "CLIENT_UNLINKED",
        ClientDeleted = "CLIENT_DELETED",
        ClientVaultAccessed = "CLIENT_VAULT_ACCESSED",
        ClientPolicyChanged = "CLIENT_POLICY_CHANGED",
        SubscriptionStarted = "SUBSCRIPTION_STARTED",
        SubscriptionInvoiced = "SUBSCRIPTION_INVOICED",
        SubscriptionPaid = "SUBSCRIPTION_PAID",
        SubscriptionUnpaid = "SUBSCRIPTION_UNPAID",
        SubscriptionCancelled = "SUBSCRIPTION_CANCELLED",
        SubscriptionPricesChanged = "SUBSCRIPTION_PRICES_CHANGED",
        SubscriptionDiscountChanged = "SUBSCRIPTION_DISCOUNT_CHANGED",
        ClientReferenceSet = "CLIENT_REFERENCE_SET",
        ClientStateChanged = "CLIENT_STATE_CHANGED",
        ClientTagsChanged = "CLIENT_TAGS_CHANGED",
        DeploymentPlanned = "DEPLOYMENT_PLANNED",
        DeploymentChecklistRecorded = "DEPLOYMENT_CHECKLIST_RECORDED",
        DeploymentStepStarted = "DEPLOYMENT_STEP_STARTED",
        DeploymentStepCompleted = "DEPLOYMENT_STEP_COMPLETED",
        DeploymentStepSkipped = "DEPLOYMENT_STEP_SKIPPED",
        DeploymentStepBlocked = "DEPLOYMENT_STEP_BLOCKED",
        DeploymentStepReopened = "DEPLOYMENT_STEP_REOPENED",
        DeploymentPhaseCompleted = "DEPLOYMENT_PHASE_COMPLETED",
        DeploymentPhaseReopened = "DEPLOYMENT_PHASE_REOPENED",
        DeploymentProfileChanged = "DEPLOYMENT_PROFILE_CHANGED",
    }
}

py_enum! {
    /// Who caused an event (`Event.actor`'s first element).
    ActorKind as "ActorKind" => mspkit::ActorKind, named { Member = "MEMBER", User = "USER", System = "SYSTEM" }
}

py_enum! {
    /// What an event is about (`Event.subject`'s first element).
    SubjectKind as "SubjectKind" => mspkit::SubjectKind, named { Provider = "PROVIDER", Member = "MEMBER", Client = "CLIENT" }
}

py_enum! {
    /// Where a client's server runs.
    Hosting as "Hosting" => mspkit::deployment::Hosting, named { Cloud = "CLOUD", SelfHosted = "SELF_HOSTED" }
}

py_enum! {
    /// How a client's members decrypt their vault.
    Decryption as "Decryption" => mspkit::deployment::Decryption, named {
        MasterPassword = "MASTER_PASSWORD", TrustedDevices = "TRUSTED_DEVICES",
    }
}

py_enum! {
    /// How users are brought into a client organization.
    Provisioning as "Provisioning" => mspkit::deployment::Provisioning, named {
        Manual = "MANUAL", Scim = "SCIM", DirectoryConnector = "DIRECTORY_CONNECTOR",
    }
}

py_enum! {
    /// The order of a deployment report's rows.
    SortKey as "SortKey" => mspkit::deployment::SortKey, named {
        Phase = "PHASE", Percent = "PERCENT", Remaining = "REMAINING", End = "END", Name = "NAME",
    }
}

py_enum! {
    /// The status of a deployment step.
    StepStatus as "StepStatus" => mspkit::deployment::StepStatus, named {
        NotStarted = "NOT_STARTED", InProgress = "IN_PROGRESS", Done = "DONE", Skipped = "SKIPPED", Blocked = "BLOCKED",
    }
}

py_enum! {
    /// The status of a deployment phase.
    PhaseStatus as "PhaseStatus" => mspkit::deployment::PhaseStatus, named {
        NotStarted = "NOT_STARTED", InProgress = "IN_PROGRESS", Blocked = "BLOCKED", Done = "DONE", Complete = "COMPLETE",
    }
}

py_enum! {
    /// What happened to a deployment plan.
    DeploymentEventKind as "DeploymentEventKind" => mspkit::deployment::DeploymentEventKind, named {
        StepStarted = "STEP_STARTED",
        StepCompleted = "STEP_COMPLETED",
        StepSkipped = "STEP_SKIPPED",
        StepBlocked = "STEP_BLOCKED",
        StepReopened = "STEP_REOPENED",
        PhaseCompleted = "PHASE_COMPLETED",
        PhaseReopened = "PHASE_REOPENED",
        ProfileChanged = "PROFILE_CHANGED",
    }
}

py_enum! {
    /// A day of the week of a deployment schedule.
    Weekday as "Weekday" => mspkit::deployment::Weekday, named {
        Mon = "MON", Tue = "TUE", Wed = "WED", Thu = "THU", Fri = "FRI", Sat = "SAT", Sun = "SUN",
    }
}

py_enum! {
    /// Where a setup-checklist item's state comes from.
    ChecklistSource as "ChecklistSource" => mspkit::deployment::ChecklistSource, named {
        Organization = "ORGANIZATION", Plan = "PLAN", Manual = "MANUAL", Unknown = "UNKNOWN",
    }
}

py_enum! {
    /// When a deployment step applies only to some clients.
    Condition as "Condition" => mspkit::deployment::Condition, named {
        Sso = "SSO", Siem = "SIEM", AutomatedProvisioning = "AUTOMATED_PROVISIONING",
    }
}

py_enum! {
    /// A task of a new organization's initial setup.
    SetupTask as "SetupTask" => mspkit::deployment::SetupTask, named {
        CreateCollections = "CREATE_COLLECTIONS",
        ImportData = "IMPORT_DATA",
        ConfigurePolicies = "CONFIGURE_POLICIES",
        SetUpSso = "SET_UP_SSO",
        CreateGroups = "CREATE_GROUPS",
        InviteUsers = "INVITE_USERS",
    }
}

py_enum! {
    /// A client's lifecycle state (a trial's last day is `ClientOrganization.trial_until`).
    ClientState as "ClientState" => mspkit::ClientStateKind, named {
        Active = "ACTIVE", Trial = "TRIAL", NotForResale = "NOT_FOR_RESALE", Paused = "PAUSED", Suspended = "SUSPENDED",
    }
}

py_enum! {
    /// How a subscription is paid.
    CollectionMethod as "CollectionMethod" => mspkit::billing::CollectionMethod, named {
        AutomaticCharge = "AUTOMATIC_CHARGE", SendInvoice = "SEND_INVOICE",
    }
}

py_enum! {
    /// The cheaper of the seat-minimum model and a usage-based one (`ModelComparison.cheaper`).
    CheaperModel as "CheaperModel" => mspkit::billing::CheaperModel, named {
        SeatMinimum = "SEAT_MINIMUM", UsageBased = "USAGE_BASED", Equal = "EQUAL",
    }
}

py_enum! {
    /// The professional services automation tool a company export comes from.
    PsaSystem as "PsaSystem" => mspkit::billing::PsaSystem, named {
        Connectwise = "CONNECTWISE", Autotask = "AUTOTASK", Halo = "HALO",
    }
}

py_enum! {
    /// What a PSA reconciliation finding is about.
    PsaFindingKind as "PsaFindingKind" => mspkit::billing::PsaFindingKind, named {
        ClientWithoutReference = "CLIENT_WITHOUT_REFERENCE",
        ReferenceUnmatched = "REFERENCE_UNMATCHED",
        CompanyWithoutClient = "COMPANY_WITHOUT_CLIENT",
        QuantityMismatch = "QUANTITY_MISMATCH",
    }
}

py_enum! {
    /// How a PSA reconciliation proposal was found.
    PsaMatchKind as "PsaMatchKind" => mspkit::billing::PsaMatchKind, named {
        ExactName = "EXACT_NAME", NormalisedName = "NORMALISED_NAME",
    }
}

py_enum! {
    /// Whether a finding of a client's exit check stops the unlink.
    ExitSeverity as "ExitSeverity" => mspkit::exit::ExitSeverity, named { Blocking = "BLOCKING", Advisory = "ADVISORY" }
}

py_enum! {
    /// A subscription's status on a given day.
    SubscriptionStatus as "SubscriptionStatus" => mspkit::billing::SubscriptionStatus, named {
        Trialing = "TRIALING", Active = "ACTIVE", Invoiced = "INVOICED", Overdue = "OVERDUE", Unpaid = "UNPAID",
        Cancelled = "CANCELLED",
    }
}

py_enum! {
    /// What a suspended provider's viewer can do about it.
    SuspensionResolution as "SuspensionResolution" => mspkit::billing::SuspensionResolution, named {
        AddPaymentMethod = "ADD_PAYMENT_METHOD",
        ContactAdministrator = "CONTACT_ADMINISTRATOR",
        ContactSupport = "CONTACT_SUPPORT",
    }
}

py_enum! {
    /// The tax-id warning of a provider.
    TaxIdWarning as "TaxIdWarning" => mspkit::billing::TaxIdWarning, named {
        TaxIdMissing = "TAX_ID_MISSING",
        TaxIdPendingVerification = "TAX_ID_PENDING_VERIFICATION",
        TaxIdFailedVerification = "TAX_ID_FAILED_VERIFICATION",
    }
}

py_enum! {
    /// How the payment processor's verification of a provider's tax id stands.
    TaxIdVerification as "TaxIdVerification" => mspkit::billing::TaxIdVerification, named {
        Unknown = "UNKNOWN", Pending = "PENDING", Verified = "VERIFIED", Unverified = "UNVERIFIED",
    }
}

py_enum! {
    /// The role someone acts in a client with (an access review's entry).
    AccessRole as "AccessRole" => mspkit::access_review::AccessRole, named {
        ProviderAdmin = "PROVIDER_ADMIN", ServiceUser = "SERVICE_USER", Owner = "OWNER", Admin = "ADMIN",
    }
}

py_enum! {
    /// How someone reaches a client (an access review's entry).
    AccessVia as "AccessVia" => mspkit::access_review::AccessVia, named {
        Provider = "PROVIDER", Scope = "SCOPE", Organization = "ORGANIZATION",
    }
}

py_enum! {
    /// The status of the membership someone acts through (an access review's entry).
    AccessStatus as "AccessStatus" => mspkit::access_review::AccessStatus, named {
        Revoked = "REVOKED", Invited = "INVITED", Accepted = "ACCEPTED", Confirmed = "CONFIRMED", Staged = "STAGED",
    }
}

py_enum! {
    /// How serious a compliance finding is.
    Severity as "Severity" => mspkit::policy::Severity, named { Medium = "MEDIUM", High = "HIGH", Critical = "CRITICAL" }
}

py_enum! {
    /// A product tier: what a plan sells, whatever its edition or cadence.
    ProductTier as "ProductTier" => mspkit::ProductTier, named {
        Free = "FREE", Families = "FAMILIES", Teams = "TEAMS", Enterprise = "ENTERPRISE", TeamsStarter = "TEAMS_STARTER",
    }
}

py_enum! {
    /// How often a plan is billed.
    Cadence as "Cadence" => mspkit::Cadence, named { Monthly = "MONTHLY", Annually = "ANNUALLY", None = "NONE" }
}

/// Something a provider member may try to do.
#[pyclass(name = "Action", module = "mspkit", frozen)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Administer a client organization.
    #[pyo3(name = "ADMINISTER_CLIENT")]
    AdministerClient,
    /// Read a client's vault items (never allowed).
    #[pyo3(name = "ACCESS_CLIENT_VAULT")]
    AccessClientVault,
    /// Create a client.
    #[pyo3(name = "CREATE_CLIENT")]
    CreateClient,
    /// Add an existing organization.
    #[pyo3(name = "ADD_EXISTING_CLIENT")]
    AddExistingClient,
    /// Change a client's seats without a purchase.
    #[pyo3(name = "CHANGE_CLIENT_SEATS")]
    ChangeClientSeats,
    /// Change a client's seats with a purchase.
    #[pyo3(name = "PURCHASE_CLIENT_SEATS")]
    PurchaseClientSeats,
    /// Unlink a client.
    #[pyo3(name = "UNLINK_CLIENT")]
    UnlinkClient,
    /// Delete a client.
    #[pyo3(name = "DELETE_CLIENT")]
    DeleteClient,
    /// Manage the team.
    #[pyo3(name = "MANAGE_TEAM")]
    ManageTeam,
    /// View the event log.
    #[pyo3(name = "VIEW_PROVIDER_EVENTS")]
    ViewProviderEvents,
    /// Export the event log.
    #[pyo3(name = "EXPORT_PROVIDER_EVENTS")]
    ExportProviderEvents,
    /// Edit settings.
    #[pyo3(name = "EDIT_PROVIDER_SETTINGS")]
    EditProviderSettings,
    /// Delete the provider.
    #[pyo3(name = "DELETE_PROVIDER")]
    DeleteProvider,
    /// Manage billing.
    #[pyo3(name = "MANAGE_BILLING")]
    ManageBilling,
}

impl From<Action> for mspkit::Action {
    fn from(a: Action) -> Self {
        match a {
            Action::AdministerClient => Self::AdministerClient,
            Action::AccessClientVault => Self::AccessClientVault,
            Action::CreateClient => Self::CreateClient,
            Action::AddExistingClient => Self::AddExistingClient,
            Action::ChangeClientSeats => Self::ChangeClientSeats { purchase: false },
            Action::PurchaseClientSeats => Self::ChangeClientSeats { purchase: true },
            Action::UnlinkClient => Self::UnlinkClient,
            Action::DeleteClient => Self::DeleteClient,
            Action::ManageTeam => Self::ManageTeam,
            Action::ViewProviderEvents => Self::ViewProviderEvents,
            Action::ExportProviderEvents => Self::ExportProviderEvents,
            Action::EditProviderSettings => Self::EditProviderSettings,
            Action::DeleteProvider => Self::DeleteProvider,
            Action::ManageBilling => Self::ManageBilling,
        }
    }
}

impl Action {
    /// The binding's member for a core action; `None` for an action added to the core before
    /// the binding knows it (it is then left out of `members()`).
    fn from_core(a: mspkit::Action) -> Option<Self> {
        Some(match a {
            mspkit::Action::AdministerClient => Self::AdministerClient,
            mspkit::Action::AccessClientVault => Self::AccessClientVault,
            mspkit::Action::CreateClient => Self::CreateClient,
            mspkit::Action::AddExistingClient => Self::AddExistingClient,
            mspkit::Action::ChangeClientSeats { purchase: false } => Self::ChangeClientSeats,
            mspkit::Action::ChangeClientSeats { purchase: true } => Self::PurchaseClientSeats,
            mspkit::Action::UnlinkClient => Self::UnlinkClient,
            mspkit::Action::DeleteClient => Self::DeleteClient,
            mspkit::Action::ManageTeam => Self::ManageTeam,
            mspkit::Action::ViewProviderEvents => Self::ViewProviderEvents,
            mspkit::Action::ExportProviderEvents => Self::ExportProviderEvents,
            mspkit::Action::EditProviderSettings => Self::EditProviderSettings,
            mspkit::Action::DeleteProvider => Self::DeleteProvider,
            mspkit::Action::ManageBilling => Self::ManageBilling,
            _ => return None,
        })
    }
}

#[pymethods]
impl Action {
    /// The action's stable snake_case name.
    #[getter]
    fn value(&self) -> &'static str {
        mspkit::Action::from(*self).name()
    }

    /// Whether the action is done to one client.
    #[getter]
    fn targets_client(&self) -> bool {
        mspkit::Action::from(*self).targets_client()
    }

    /// Every action, in the core's order (`mspkit::Action::all`).
    #[staticmethod]
    fn members() -> Vec<Self> {
        mspkit::Action::all().into_iter().filter_map(Self::from_core).collect()
    }

    /// The snake_case name (actions have no reference codes).
    #[getter]
    fn code(&self) -> &'static str {
        self.value()
    }

    /// The member's Python name (`MANAGE_TEAM`).
    #[getter]
    fn name(&self) -> String {
        self.value().to_uppercase()
    }

    /// The action named `code` (`ValidationError` `unknown_name` when there is none).
    #[staticmethod]
    fn from_code(code: crate::convert::Text) -> PyResult<Self> {
        crate::enums::parse(&code)
    }

    fn __repr__(&self) -> String {
        format!("Action.{}", self.name())
    }

    fn __str__(&self) -> String {
        self.name()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        crate::enums::equals(*self, other)
    }

    fn __ne__(&self, other: &Bound<'_, PyAny>) -> bool {
        !crate::enums::equals(*self, other)
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        crate::enums::hash(py, *self)
    }

    /// Pickles (and copies) as `from_code(code)`.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<crate::enums::Reduced<'py>> {
        crate::enums::reduce(slf.as_any())
    }
}

impl crate::enums::PyEnum for Action {
    const PY_NAME: &'static str = "Action";

    fn all() -> Vec<Self> {
        Self::members()
    }

    fn snake(self) -> String {
        self.value().to_owned()
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Action {
    type Error = PyErr;

    fn extract(ob: Borrowed<'a, 'py, PyAny>) -> Result<Self, Self::Error> {
        crate::enums::extract(ob)
    }
}

/// Registers the enums on the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<EventKind>()?;
    m.add_class::<ActorKind>()?;
    m.add_class::<SubjectKind>()?;
    m.add_class::<Hosting>()?;
    m.add_class::<Decryption>()?;
    m.add_class::<Provisioning>()?;
    m.add_class::<SortKey>()?;
    m.add_class::<StepStatus>()?;
    m.add_class::<PhaseStatus>()?;
    m.add_class::<DeploymentEventKind>()?;
    m.add_class::<Weekday>()?;
    m.add_class::<ChecklistSource>()?;
    m.add_class::<Condition>()?;
    m.add_class::<SetupTask>()?;
    m.add_class::<ClientState>()?;
    m.add_class::<CollectionMethod>()?;
    m.add_class::<CheaperModel>()?;
    m.add_class::<PsaSystem>()?;
    m.add_class::<PsaFindingKind>()?;
    m.add_class::<PsaMatchKind>()?;
    m.add_class::<ExitSeverity>()?;
    m.add_class::<SubscriptionStatus>()?;
    m.add_class::<SuspensionResolution>()?;
    m.add_class::<TaxIdWarning>()?;
    m.add_class::<TaxIdVerification>()?;
    m.add_class::<AccessRole>()?;
    m.add_class::<AccessVia>()?;
    m.add_class::<AccessStatus>()?;
    m.add_class::<Severity>()?;
    m.add_class::<ProductTier>()?;
    m.add_class::<Cadence>()?;
    m.add_class::<Action>()?;
    Ok(())
}
