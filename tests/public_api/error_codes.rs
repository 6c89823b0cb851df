//! A snapshot of every error code: codes are public interface and must not change silently.
//! Adding a variant means adding it here, and a changed code fails this test.

use mspkit::billing::{BillingError, Money};
use mspkit::deployment::DeploymentError;
use mspkit::interop::InteropError;
use mspkit::password::PasswordError;
use mspkit::policy::{BaselineError, Location, PlanFeature, PolicyError, PolicyKind};
use mspkit::portfolio::PortfolioError;
use mspkit::{
    Action, ClientError, Denial, DenialReason, DocumentError, Email, EmailError, Error, EventError,
    OrganizationId, PlanType, ProviderError, ProviderId, ProviderStatus, ProviderType, ProviderUserId,
    ProviderUserStatus, Target, TeamError, TokenError, Warning,
};
use uuid::Uuid;

#[allow(clippy::too_many_lines, reason = "one literal per error variant")]
pub(crate) fn every_error() -> Vec<Error> {
    let member = ProviderUserId::new(Uuid::from_u128(1));
    let client = OrganizationId::new(Uuid::from_u128(2));
    let email = Email::new("a@b.example").unwrap();
    let provider = [
        ProviderError::NameBlank,
        ProviderError::NameTooLong { length: 51 },
        ProviderError::SettingTooLong { field: "business_name", max: 256 },
        ProviderError::AlreadySetUp,
        ProviderError::SetupEmailMismatch { issued_to: email.clone(), given: email.clone() },
        ProviderError::IssuedToUnknown,
        ProviderError::NotSetUp,
        ProviderError::NotBillable { status: ProviderStatus::Created },
        ProviderError::PlanChangeNotSupported { kind: ProviderType::Msp },
        ProviderError::NoConsolidatedBilling,
        ProviderError::NoBillingEmail,
        ProviderError::HasClients { clients: 1 },
        ProviderError::DeleteNeedsAdmin,
        ProviderError::Deleted,
        ProviderError::ForeignEvent { sequence: 1, provider: ProviderId::new(Uuid::from_u128(5)) },
        ProviderError::InvalidRecord { detail: "x".to_owned() },
        ProviderError::VersionConflict { expected: 1, actual: 2 },
        ProviderError::AccessAlreadySuspended,
        ProviderError::AccessNotSuspended,
        ProviderError::SuspensionReasonInvalid { length: 0 },
    ];
    let team = [
        TeamError::EmptyBatch,
        TeamError::BatchTooLarge { count: 21 },
        TeamError::DuplicateInBatch { email: email.clone() },
        TeamError::AlreadyMember { email: email.clone(), emails: vec![email.clone()] },
        TeamError::AccountAlreadyMember { user: mspkit::UserId::new(Uuid::from_u128(9)) },
        TeamError::MemberNotFound { member },
        TeamError::NotInvited { member, status: ProviderUserStatus::Accepted },
        TeamError::InvitationExpired { email: email.clone() },
        TeamError::EmailMismatch { invited: email.clone(), given: email.clone() },
        TeamError::NotAccepted { member, status: ProviderUserStatus::Invited },
        TeamError::FingerprintMismatch { member },
        TeamError::AlreadyRevoked { member },
        TeamError::NotRevoked { member },
        TeamError::LastConfirmedAdmin,
        TeamError::ScopeNeedsServiceUser { member },
        TeamError::CannotRemoveSelf { member },
        TeamError::InvalidMember { member, detail: "x".to_owned() },
    ];
    let clients = [
        ClientError::NotFound { client },
        ClientError::InvalidName { name: String::new() },
        ClientError::PlanNotAllowed { plan: PlanType::Free, kind: ProviderType::Msp },
        ClientError::SeatsZero,
        ClientError::SeatsAboveLimit { requested: 4_000_000_000, limit: 1_000_000 },
        ClientError::SeatsBelowOccupied { client, requested: 1, occupied: 2 },
        ClientError::NotOwner { organization: client },
        ClientError::AlreadyLinked { organization: client },
        ClientError::SubscriptionInactive { organization: client },
        ClientError::NoConfirmedOwner { client },
        ClientError::NoFreeSeats { client, seats: 1 },
        ClientError::MemberExists { client, email: email.clone() },
        ClientError::MemberNotFound { client, email },
        ClientError::StateTransitionRefused { from: "suspended", to: "paused" },
        ClientError::TrialEndInvalid {
            until: chrono::NaiveDate::MIN,
            today: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        },
        ClientError::Suspended { client },
        ClientError::TagInvalid { tag: "x y".to_owned() },
        ClientError::TooManyTags { count: 17, limit: 16 },
        ClientError::UsesSecretsManager { organization: client },
        ClientError::ConversionRefused {
            organization: client,
            problems: vec!["it must be on an Enterprise plan".to_owned()],
        },
    ];
    let emails =
        [EmailError::Empty, EmailError::TooLong("x".to_owned()), EmailError::Malformed("x".to_owned())];
    let reasons = [
        DenialReason::NotAMember,
        DenialReason::MemberRevoked,
        DenialReason::MemberNotConfirmed,
        DenialReason::ProviderDisabled,
        DenialReason::VaultItemsNever,
        DenialReason::ProviderAdminOnly,
        DenialReason::PurchaseRequiresAdmin,
        DenialReason::ClientNotManaged,
        DenialReason::ClientOutOfScope,
        DenialReason::WrongTarget,
        DenialReason::ClientSuspended,
        DenialReason::ProviderAccessSuspended,
    ];
    let id = "not-a-uuid".parse::<ProviderId>().unwrap_err();
    let mut all: Vec<Error> = vec![Error::Id(id)];
    all.extend(emails.into_iter().map(Error::Email));
    all.extend(provider.into_iter().map(Error::Provider));
    all.extend(team.into_iter().map(Error::Team));
    all.extend(clients.into_iter().map(Error::Client));
    let provider_id = ProviderId::new(Uuid::from_u128(5));
    let events = [
        EventError::WrongProvider { sequence: 2, expected: provider_id, found: provider_id },
        EventError::OutOfSequence { last: 1, expected: 2, found: 4 },
        EventError::NotIssuing { found: "member_invited", sequence: 1 },
        EventError::EmptyLog,
        EventError::UnsupportedSchema { found: 2 },
        EventError::AlreadyIssued { sequence: 2 },
        EventError::Mismatch { sequence: 2, change: "client_seats_changed", detail: "x".to_owned() },
        EventError::LineTooLong { limit: 1024 },
        EventError::LineUnchained,
        EventError::HashMismatch,
        EventError::ChainBroken { previous: "line 2".to_owned() },
        EventError::Unchained { found: 1 },
        EventError::CheckpointMismatch { detail: "x".to_owned() },
        EventError::CheckpointSignatureInvalid,
        EventError::CheckpointKeyMismatch { found: "ab".to_owned() },
        EventError::Truncated { sealed: 9, ends: 7 },
        EventError::CheckpointMissing { sequence: 9 },
        EventError::Unsealed,
        EventError::SealKeyInvalid { what: "secret key", detail: "x" },
        EventError::ReceiptUnsigned,
        EventError::ReceiptKeyMismatch { found: "ab".to_owned() },
        EventError::ReceiptSignatureInvalid,
    ];
    all.extend(events.into_iter().map(Error::Event));
    all.push(Error::Document(DocumentError::Invalid {
        what: "provider",
        message: "x".to_owned(),
        line: 1,
        column: 2,
    }));
    all.push(Error::Document(DocumentError::TooLarge { what: "portfolio", limit: 10 }));
    all.push(Error::Document(DocumentError::DuplicateKey {
        what: "portfolio",
        key: "a".to_owned(),
        line: 1,
        column: 2,
    }));
    all.push(Error::Document(DocumentError::ReadFailed { what: "portfolio", message: "x".to_owned() }));
    all.extend(reasons.into_iter().map(|reason| {
        Error::Denied(Denial { reason, action: Action::ManageTeam, actor: member, target: Target::Provider })
    }));
    let interop = [
        InteropError::Malformed { document: "provider", detail: "x".to_owned() },
        InteropError::UnknownCode { field: "type", value: 9 },
        InteropError::WrongProvider {
            client,
            expected: ProviderId::new(Uuid::from_u128(3)),
            found: ProviderId::new(Uuid::from_u128(4)),
        },
        InteropError::MissingPlan { client },
        InteropError::MissingBillingEmail,
        // The name is the stored text, quoted as it is (a real one is capitalised: `Teams (Monthly)`).
        InteropError::AmbiguousPlan { client, name: "families".to_owned(), candidates: "1, 22".to_owned() },
        InteropError::MissingFact { what: "the provider's status", hint: "supply it" },
    ];
    all.extend(interop.into_iter().map(Error::Interop));
    let portfolio = [PortfolioError::UnsupportedSchema { found: 9 }];
    all.extend(portfolio.into_iter().map(Error::Portfolio));
    let out_of_range = |field| PasswordError::OutOfRange { field, value: 0, range: 1..=2 };
    let password = [
        out_of_range("iterations"),
        out_of_range("memory_mib"),
        out_of_range("parallelism"),
        out_of_range("min_length"),
        out_of_range("min_complexity"),
        out_of_range("something_else"),
        PasswordError::UnknownKdfType(7),
        PasswordError::EmptyPassword,
        PasswordError::EmptyEmail,
        PasswordError::TooShort { minimum: 12 },
        PasswordError::PolicyNotMet { codes: vec!["too_short"] },
        PasswordError::Weak { score: 1 },
        PasswordError::Derivation("x".to_owned()),
    ];
    all.extend(password.into_iter().map(Error::Password));
    let deployment = [
        DeploymentError::InvalidDocument { what: "catalogue", message: String::new() },
        DeploymentError::WriteFailed { what: "plan", message: String::new() },
        DeploymentError::EmptyCatalog { what: "steps" },
        DeploymentError::DuplicatePhaseNumber { phase: 1 },
        DeploymentError::DuplicateStepNumber { step: 1 },
        DeploymentError::EmptyPhase { phase: 1 },
        DeploymentError::UnknownPhase { step: 1, phase: 9 },
        DeploymentError::ZeroPhaseNumber,
        DeploymentError::ZeroStepNumber,
        DeploymentError::PhaseNotInCatalog { phase: 9 },
        DeploymentError::StepsOutOfPhaseOrder { step: 1, phase: 2 },
        DeploymentError::InvalidDuration { context: String::new(), input: String::new() },
        DeploymentError::TrustedDevicesWithoutSso,
        DeploymentError::UnknownStep { step: 99 },
        DeploymentError::StepNotApplicable { step: 20 },
        DeploymentError::InvalidTransition { step: 1, from: "done", action: "started" },
        DeploymentError::IncompleteEvent { kind: "step_started", missing: "step" },
        DeploymentError::EventForAnotherClient { client: String::new() },
        DeploymentError::MissingReason { step: 1 },
        DeploymentError::PhaseHasOpenSteps { phase: 1, steps: vec![1] },
        DeploymentError::PhaseComplete { phase: 1 },
        DeploymentError::PhaseNotComplete { phase: 1 },
        DeploymentError::ProfileUnchanged,
        DeploymentError::ProfileOpensCompletePhase { phase: 2, steps: vec![20, 21] },
        DeploymentError::NoWorkingDays,
        DeploymentError::InvalidWeekday { input: String::new() },
        DeploymentError::ScheduleOutOfRange,
        DeploymentError::DateOutOfRange { what: "due date", date: String::new() },
        DeploymentError::DuplicateClient { client: String::new() },
        DeploymentError::UnknownClient { client: String::new() },
        DeploymentError::NotAClient { client: String::new() },
    ];
    all.extend(deployment.into_iter().map(Error::Deployment));
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let billing = [
        BillingError::Overflow,
        BillingError::InvalidAmount { input: "x".to_owned() },
        BillingError::InvalidDiscount { input: "x".to_owned() },
        BillingError::PlanNotBilled { plan: PlanType::Free },
        BillingError::NegativePrice { plan: PlanType::TeamsMonthly, price: Money::from_cents(-1) },
        BillingError::DateOutOfRange,
        BillingError::DateBeforeSubscription { date: day, start: day },
        BillingError::DateOutsidePeriod { date: day, start: day, end: day },
        BillingError::InvalidMonth { input: "x".to_owned() },
        BillingError::NoConsolidatedBilling,
        BillingError::AlreadyStarted,
        BillingError::StartInFuture { started_on: day },
        BillingError::NoSubscription,
        BillingError::TrialNotOver { trial_ends_on: day },
        BillingError::InvoiceAlreadyOpen { issued_on: day },
        BillingError::NoOpenInvoice,
        BillingError::NotOverdue { due_on: day },
        BillingError::NotUnpaid,
        BillingError::CancelTooEarly { cancels_on: day },
        BillingError::Cancelled { on: day },
        BillingError::OutOfOrder { change: "subscription_paid" },
        BillingError::ChangeMismatch { change: "subscription_paid", detail: "x".to_owned() },
        BillingError::InvalidClientReference { reference: String::new() },
        BillingError::UnknownClient { client: "x".to_owned() },
        BillingError::InvalidWhatIf { detail: "x".to_owned() },
        BillingError::PsaHeaderInvalid { detail: "x".to_owned() },
        BillingError::PsaRowInvalid { row: 2, detail: "x".to_owned() },
        BillingError::PsaTooManyRows { limit: 1 },
        BillingError::Document(DocumentError::TooLarge { what: "what-if changes", limit: 10 }),
    ];
    all.extend(billing.into_iter().map(Error::Billing));
    let kind = PolicyKind::SingleOrg;
    let policy = [
        PolicyError::NotOnPlan { kind, plan: PlanType::TeamsAnnually, feature: PlanFeature::Policies },
        PolicyError::RequirementsNotEnabled { kind: PolicyKind::RequireSso, missing: vec![kind] },
        PolicyError::RequiredByEnabled { kind, dependents: vec![PolicyKind::RequireSso] },
        PolicyError::AlreadyEnabled { kind },
        PolicyError::NotEnabled { kind },
        PolicyError::NotConfigured { kind },
        PolicyError::MembersWouldLoseAccess { emails: vec!["a@x.example".to_owned()] },
        PolicyError::UnknownSetting { kind, setting: "x".to_owned() },
        PolicyError::SettingOutOfRange { kind, setting: "x", value: 0, min: 1, max: 2 },
        PolicyError::SettingTooLong { kind, setting: "x", max_chars: 1 },
        PolicyError::InvalidSetting { kind, setting: "x", expected: "y", found: String::new() },
        PolicyError::MissingSetting { kind, setting: "x" },
        PolicyError::UnknownPolicy(String::new()),
        PolicyError::UnknownPolicyCode(99),
        PolicyError::Duplicate { kind },
        PolicyError::InvalidReference(String::new()),
        PolicyError::Document(DocumentError::TooLarge { what: "reference policy list", limit: 10 }),
        PolicyError::ChangeDoesNotFit { kind, reason: "x" },
        PolicyError::WriteFailed { what: "compliance report", message: String::new() },
    ];
    all.extend(policy.into_iter().map(Error::Policy));
    let at = || Location { key: String::new(), line: None };
    let baseline = [
        BaselineError::Malformed { format: "TOML", at: at(), message: String::new() },
        BaselineError::UnknownFormat(String::new()),
        BaselineError::UnknownKey { at: at() },
        BaselineError::UnknownPolicy { at: at(), name: String::new() },
        BaselineError::UnknownSetting { at: at(), kind, setting: String::new(), known: String::new() },
        BaselineError::InvalidValue { at: at(), message: String::new() },
        BaselineError::MissingSetting { at: at(), kind, setting: "x" },
        BaselineError::InvalidException { at: at(), message: String::new() },
        BaselineError::Document(DocumentError::DuplicateKey {
            what: "baseline",
            key: "min_length".to_owned(),
            line: 1,
            column: 2,
        }),
        BaselineError::TooLarge { what: "exceptions", limit: 10_000 },
        BaselineError::Conflict {
            baselines: "a, b".to_owned(),
            subject: "x.y".to_owned(),
            first: "true".to_owned(),
            second: "false".to_owned(),
        },
    ];
    all.extend(baseline.into_iter().map(Error::from));
    let token = [
        TokenError::InvitationInvalid,
        TokenError::InvitationExpired,
        TokenError::SetupInvalid,
        TokenError::SetupExpired,
        TokenError::DeleteInvalid,
        TokenError::DeleteExpired,
        TokenError::KeyTooShort { length: 0 },
    ];
    all.extend(token.into_iter().map(Error::Token));
    all
}

/// Every error code, sorted.
const EXPECTED_CODES: [&str; 217] = [
    "access_already_suspended",
    "access_not_suspended",
    "account_already_member",
    "already_member",
    "amount_invalid",
    "amount_overflow",
    "baseline_conflict",
    "baseline_invalid_exception",
    "baseline_invalid_value",
    "baseline_malformed",
    "baseline_missing_setting",
    "baseline_too_large",
    "baseline_unknown_format",
    "baseline_unknown_key",
    "baseline_unknown_policy",
    "baseline_unknown_setting",
    "billing_change_mismatch",
    "billing_change_out_of_order",
    "billing_date_out_of_range",
    "billing_email_missing",
    "business_unit_conversion_refused",
    "cancel_too_early",
    "cannot_remove_self",
    "checkpoint_key_mismatch",
    "checkpoint_mismatch",
    "checkpoint_missing",
    "checkpoint_signature_invalid",
    "client_member_exists",
    "client_member_not_found",
    "client_name_invalid",
    "client_not_found",
    "client_not_managed",
    "client_out_of_scope",
    "client_reference_invalid",
    "client_state_transition_refused",
    "client_suspended",
    "client_suspended",
    "client_tag_invalid",
    "client_tags_too_many",
    "date_before_subscription",
    "date_out_of_range",
    "date_outside_period",
    "delete_needs_admin",
    "delete_token_expired",
    "delete_token_invalid",
    "deployment_not_a_client",
    "derivation_failed",
    "discount_invalid",
    "document_too_large",
    "document_too_large",
    "document_too_large",
    "duplicate_client",
    "duplicate_invite",
    "duplicate_key",
    "duplicate_key",
    "duplicate_phase_number",
    "duplicate_policy",
    "duplicate_step_number",
    "email_empty",
    "email_invalid",
    "email_too_long",
    "empty_batch",
    "empty_catalog",
    "empty_phase",
    "event_chain_broken",
    "event_for_another_client",
    "event_hash_mismatch",
    "event_line_too_long",
    "event_line_unchained",
    "event_log_empty",
    "event_log_not_issuing",
    "event_log_schema_unsupported",
    "event_log_truncated",
    "event_log_unchained",
    "event_log_unsealed",
    "event_mismatch",
    "event_out_of_sequence",
    "event_wrong_provider",
    "fingerprint_mismatch",
    "foreign_event",
    "incomplete_event",
    "invalid_document",
    "invalid_document",
    "invalid_duration",
    "invalid_id",
    "invalid_member_record",
    "invalid_policy_setting",
    "invalid_provider_record",
    "invalid_reference_policy",
    "invalid_transition",
    "invalid_weekday",
    "invitation_email_mismatch",
    "invitation_expired",
    "invitation_token_expired",
    "invitation_token_invalid",
    "invite_batch_too_large",
    "invoice_already_open",
    "invoice_not_overdue",
    "kdf_iterations_out_of_range",
    "kdf_memory_out_of_range",
    "kdf_parallelism_out_of_range",
    "last_confirmed_admin",
    "member_already_revoked",
    "member_not_accepted",
    "member_not_confirmed",
    "member_not_found",
    "member_not_invited",
    "member_not_revoked",
    "member_revoked",
    "members_would_lose_access",
    "missing_reason",
    "no_confirmed_owner",
    "no_consolidated_billing",
    "no_consolidated_billing",
    "no_free_seats",
    "no_open_invoice",
    "no_subscription",
    "no_working_days",
    "not_a_member",
    "not_organization_owner",
    "organization_already_linked",
    "organization_uses_secrets_manager",
    "password_empty",
    "password_too_short",
    "password_weak",
    "period_invalid",
    "phase_complete",
    "phase_has_open_steps",
    "phase_not_complete",
    "phase_not_in_catalog",
    "plan_change_not_supported",
    "plan_not_allowed",
    "plan_not_billed",
    "policy_already_enabled",
    "policy_change_does_not_fit",
    "policy_min_complexity_out_of_range",
    "policy_min_length_out_of_range",
    "policy_not_configured",
    "policy_not_enabled",
    "policy_not_met",
    "policy_not_on_plan",
    "policy_required_by_enabled_policies",
    "policy_requirements_not_enabled",
    "policy_setting_out_of_range",
    "policy_setting_required",
    "policy_setting_too_long",
    "portfolio_schema_unsupported",
    "price_negative",
    "profile_opens_complete_phase",
    "profile_unchanged",
    "provider_access_suspended",
    "provider_admin_only",
    "provider_already_issued",
    "provider_already_set_up",
    "provider_deleted",
    "provider_disabled",
    "provider_has_clients",
    "provider_issued_to_unknown",
    "provider_name_blank",
    "provider_name_too_long",
    "provider_not_billable",
    "provider_not_set_up",
    "psa_header_invalid",
    "psa_row_invalid",
    "psa_too_many_rows",
    "purchase_requires_admin",
    "read_failed",
    "receipt_key_mismatch",
    "receipt_signature_invalid",
    "receipt_unsigned",
    "reference_ambiguous_plan",
    "reference_malformed",
    "reference_missing_billing_email",
    "reference_missing_fact",
    "reference_missing_plan",
    "reference_unknown_code",
    "reference_wrong_provider",
    "salt_email_empty",
    "schedule_out_of_range",
    "scope_needs_service_user",
    "seal_key_invalid",
    "seats_above_limit",
    "seats_below_occupied",
    "seats_zero",
    "setting_out_of_range",
    "setting_too_long",
    "setup_email_mismatch",
    "setup_token_expired",
    "setup_token_invalid",
    "step_not_applicable",
    "steps_out_of_phase_order",
    "subscription_already_started",
    "subscription_cancelled",
    "subscription_inactive",
    "subscription_not_unpaid",
    "subscription_start_in_future",
    "suspension_reason_invalid",
    "token_key_too_short",
    "trial_end_invalid",
    "trial_not_over",
    "trusted_devices_without_sso",
    "unknown_client",
    "unknown_kdf_type",
    "unknown_phase",
    "unknown_policy",
    "unknown_policy_code",
    "unknown_policy_setting",
    "unknown_step",
    "vault_items_never",
    "version_conflict",
    "what_if_client_unknown",
    "what_if_invalid",
    "write_failed",
    "write_failed",
    "wrong_target",
    "zero_phase_number",
    "zero_step_number",
];

#[test]
fn every_error_code_is_listed_and_unique() {
    let errors = every_error();
    let mut codes: Vec<&str> = errors.iter().map(Error::code).collect();
    codes.sort_unstable();
    assert_eq!(codes, EXPECTED_CODES);
    // Two codes are shared on purpose: JSON of the wrong shape is `invalid_document` wherever a
    // document is read (the deployment documents and mspkit's JSON documents), and a reseller
    // asking for consolidated billing is `no_consolidated_billing` whether it asks the provider
    // (seat minimums) or its billing (subscription, invoices, reports). The document reader's
    // own codes come back from every area that reads a document through it (the reader, the
    // billing what-if, the policy list, the baseline), with the reader's code; a document that
    // cannot be written is `write_failed` (a deployment document, the compliance report). A
    // suspended client is `client_suspended` whether a command (the permission check) or the
    // log (`apply`) asks to administer it.
    for (shared, times) in [
        ("invalid_document", 2),
        ("no_consolidated_billing", 2),
        ("document_too_large", 3),
        ("duplicate_key", 2),
        ("write_failed", 2),
        ("client_suspended", 2),
    ] {
        assert_eq!(codes.iter().filter(|c| **c == shared).count(), times, "{shared}");
    }
    let unique: std::collections::BTreeSet<&str> = codes.iter().copied().collect();
    assert_eq!(unique.len(), codes.len() - 7, "only the listed codes are shared");
    // The library's own list is exactly the codes of every error.
    assert_eq!(mspkit::error::all_codes().to_vec(), unique.into_iter().collect::<Vec<_>>());
}

#[test]
fn codes_are_snake_case_and_messages_are_lower_case_sentences_without_a_final_period() {
    for error in every_error() {
        let code = error.code();
        assert!(code.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{code}");
        assert!(!code.starts_with('_') && !code.ends_with('_'), "{code}");
        let message = error.to_string();
        let first = message.chars().next().unwrap();
        assert!(!first.is_uppercase(), "{code}: {message}");
        assert!(!message.ends_with('.'), "{code}: {message}");
    }
}

#[test]
fn every_warning_code_is_listed() {
    let member = ProviderUserId::new(Uuid::from_u128(1));
    let email = Email::new("a@b.example").unwrap();
    let warnings = [
        Warning::FewConfirmedAdmins { confirmed_admins: 1 },
        Warning::InvitationExpired { member, email: email.clone() },
        Warning::AwaitingConfirmation { member, email },
        Warning::ClientFull { client: OrganizationId::new(Uuid::from_u128(2)), name: "C".to_owned() },
        Warning::ProviderDisabled,
        Warning::NotSetUp,
        Warning::TrialEnding {
            client: OrganizationId::new(Uuid::from_u128(2)),
            name: "C".to_owned(),
            until: chrono::NaiveDate::from_ymd_opt(2026, 12, 15).unwrap(),
            days_left: 7,
        },
        Warning::TrialEnded {
            client: OrganizationId::new(Uuid::from_u128(2)),
            name: "C".to_owned(),
            until: chrono::NaiveDate::from_ymd_opt(2026, 12, 15).unwrap(),
        },
    ];
    let codes: Vec<&str> = warnings.iter().map(Warning::code).collect();
    assert_eq!(
        codes,
        [
            "few_confirmed_admins",
            "invitation_expired",
            "awaiting_confirmation",
            "client_full",
            "provider_disabled",
            "not_set_up",
            "trial_ending",
            "trial_ended"
        ]
    );
    for w in &warnings {
        assert!(!w.message().is_empty());
        // The JSON form is tagged with the code.
        let json = serde_json::to_value(w).unwrap();
        assert_eq!(json["type"], w.code());
        assert_eq!(&serde_json::from_value::<Warning>(json).unwrap(), w);
    }
}

#[test]
fn messages_name_values_in_snake_case_not_as_rust_variants() {
    for error in every_error() {
        let message = error.to_string();
        for quoted in message.split('`').skip(1).step_by(2) {
            assert!(
                !quoted.chars().next().is_some_and(char::is_uppercase),
                "{}: `{quoted}` looks like a Rust name in {message}",
                error.code()
            );
        }
    }
    let status = Error::Provider(ProviderError::NotBillable { status: ProviderStatus::Created });
    assert!(status.to_string().starts_with("the provider is `created`, not billable"), "{status}");
    let member = ProviderUserId::new(Uuid::from_u128(1));
    let not_invited = Error::Team(TeamError::NotInvited { member, status: ProviderUserStatus::Accepted });
    assert!(not_invited.to_string().ends_with("is `accepted`, not invited"), "{not_invited}");
    let plan = Error::Client(ClientError::PlanNotAllowed {
        plan: PlanType::TeamsAnnually,
        kind: ProviderType::BusinessUnit,
    });
    assert_eq!(
        plan.to_string(),
        "plan `teams_annually` is not allowed for the clients of a provider of kind `business_unit`"
    );
}

/// The category of every error, by category: a snapshot, so a category cannot change silently.
/// A service maps categories to HTTP statuses without a table of codes of its own.
const EXPECTED_CATEGORIES: [(&str, &[&str]); 5] = [
    (
        "not_found",
        &[
            "client_member_not_found",
            "client_not_found",
            "client_not_managed",
            "deployment_not_a_client",
            "member_not_found",
            "unknown_client",
            "unknown_step",
            "what_if_client_unknown",
        ],
    ),
    (
        "forbidden",
        &[
            "client_out_of_scope",
            "client_suspended",
            "delete_needs_admin",
            "delete_token_expired",
            "delete_token_invalid",
            "invitation_email_mismatch",
            "invitation_token_expired",
            "invitation_token_invalid",
            "member_not_confirmed",
            "member_revoked",
            "not_a_member",
            "not_organization_owner",
            "provider_access_suspended",
            "provider_admin_only",
            "provider_disabled",
            "purchase_requires_admin",
            "setup_email_mismatch",
            "setup_token_expired",
            "setup_token_invalid",
            "vault_items_never",
            "wrong_target",
        ],
    ),
    (
        "invalid_input",
        &[
            "amount_invalid",
            "amount_overflow",
            "baseline_conflict",
            "baseline_invalid_exception",
            "baseline_invalid_value",
            "baseline_malformed",
            "baseline_missing_setting",
            "baseline_too_large",
            "baseline_unknown_format",
            "baseline_unknown_key",
            "baseline_unknown_policy",
            "baseline_unknown_setting",
            "billing_date_out_of_range",
            "cannot_remove_self",
            "client_name_invalid",
            "client_reference_invalid",
            "client_tag_invalid",
            "client_tags_too_many",
            "date_before_subscription",
            "date_out_of_range",
            "date_outside_period",
            "derivation_failed",
            "discount_invalid",
            "duplicate_invite",
            "email_empty",
            "email_invalid",
            "email_too_long",
            "empty_batch",
            "event_for_another_client",
            "event_log_unchained",
            "fingerprint_mismatch",
            "foreign_event",
            "incomplete_event",
            "invalid_duration",
            "invalid_id",
            "invalid_policy_setting",
            "invalid_weekday",
            "invite_batch_too_large",
            "kdf_iterations_out_of_range",
            "kdf_memory_out_of_range",
            "kdf_parallelism_out_of_range",
            "missing_reason",
            "no_working_days",
            "password_empty",
            "password_too_short",
            "password_weak",
            "period_invalid",
            "plan_not_allowed",
            "policy_min_complexity_out_of_range",
            "policy_min_length_out_of_range",
            "policy_not_met",
            "policy_setting_out_of_range",
            "policy_setting_required",
            "policy_setting_too_long",
            "price_negative",
            "provider_name_blank",
            "provider_name_too_long",
            "psa_header_invalid",
            "psa_row_invalid",
            "psa_too_many_rows",
            "salt_email_empty",
            "schedule_out_of_range",
            "seal_key_invalid",
            "seats_above_limit",
            "seats_zero",
            "setting_out_of_range",
            "setting_too_long",
            "subscription_start_in_future",
            "suspension_reason_invalid",
            "token_key_too_short",
            "trial_end_invalid",
            "trusted_devices_without_sso",
            "unknown_kdf_type",
            "unknown_policy",
            "unknown_policy_code",
            "unknown_policy_setting",
            "what_if_invalid",
        ],
    ),
    (
        "conflict",
        &[
            "access_already_suspended",
            "access_not_suspended",
            "account_already_member",
            "already_member",
            "billing_email_missing",
            "business_unit_conversion_refused",
            "cancel_too_early",
            "client_member_exists",
            "client_state_transition_refused",
            "duplicate_client",
            "event_out_of_sequence",
            "invalid_transition",
            "invitation_expired",
            "invoice_already_open",
            "invoice_not_overdue",
            "last_confirmed_admin",
            "member_already_revoked",
            "member_not_accepted",
            "member_not_invited",
            "member_not_revoked",
            "members_would_lose_access",
            "no_confirmed_owner",
            "no_consolidated_billing",
            "no_free_seats",
            "no_open_invoice",
            "no_subscription",
            "organization_already_linked",
            "organization_uses_secrets_manager",
            "phase_complete",
            "phase_has_open_steps",
            "phase_not_complete",
            "plan_change_not_supported",
            "plan_not_billed",
            "policy_already_enabled",
            "policy_not_configured",
            "policy_not_enabled",
            "policy_not_on_plan",
            "policy_required_by_enabled_policies",
            "policy_requirements_not_enabled",
            "profile_opens_complete_phase",
            "profile_unchanged",
            "provider_already_set_up",
            "provider_deleted",
            "provider_has_clients",
            "provider_issued_to_unknown",
            "provider_not_billable",
            "provider_not_set_up",
            "scope_needs_service_user",
            "seats_below_occupied",
            "step_not_applicable",
            "subscription_already_started",
            "subscription_cancelled",
            "subscription_inactive",
            "subscription_not_unpaid",
            "trial_not_over",
            "version_conflict",
        ],
    ),
    (
        "corrupt_document",
        &[
            "billing_change_mismatch",
            "billing_change_out_of_order",
            "checkpoint_key_mismatch",
            "checkpoint_mismatch",
            "checkpoint_missing",
            "checkpoint_signature_invalid",
            "document_too_large",
            "duplicate_key",
            "duplicate_phase_number",
            "duplicate_policy",
            "duplicate_step_number",
            "empty_catalog",
            "empty_phase",
            "event_chain_broken",
            "event_hash_mismatch",
            "event_line_too_long",
            "event_line_unchained",
            "event_log_empty",
            "event_log_not_issuing",
            "event_log_schema_unsupported",
            "event_log_truncated",
            "event_log_unsealed",
            "event_mismatch",
            "event_wrong_provider",
            "invalid_document",
            "invalid_member_record",
            "invalid_provider_record",
            "invalid_reference_policy",
            "phase_not_in_catalog",
            "policy_change_does_not_fit",
            "portfolio_schema_unsupported",
            "provider_already_issued",
            "read_failed",
            "receipt_key_mismatch",
            "receipt_signature_invalid",
            "receipt_unsigned",
            "reference_ambiguous_plan",
            "reference_malformed",
            "reference_missing_billing_email",
            "reference_missing_fact",
            "reference_missing_plan",
            "reference_unknown_code",
            "reference_wrong_provider",
            "steps_out_of_phase_order",
            "unknown_phase",
            "write_failed",
            "zero_phase_number",
            "zero_step_number",
        ],
    ),
];

#[test]
fn every_error_has_its_category() {
    let mut by_category: std::collections::BTreeMap<&str, std::collections::BTreeSet<&str>> =
        mspkit::ErrorCategory::ALL.iter().map(|c| (c.name(), std::collections::BTreeSet::new())).collect();
    for error in every_error() {
        by_category.entry(error.category().name()).or_default().insert(error.code());
    }
    for (category, expected) in EXPECTED_CATEGORIES {
        let actual: Vec<&str> =
            by_category.get(category).map(|s| s.iter().copied().collect()).unwrap_or_default();
        assert_eq!(actual, expected, "the codes of category `{category}`");
    }
    // every category suggests its HTTP status
    let statuses: Vec<u16> = mspkit::ErrorCategory::ALL.iter().map(|c| c.http_status()).collect();
    assert_eq!(statuses, [404, 403, 400, 409, 422]);
}

#[test]
fn the_list_of_codes_and_categories_is_the_areas_tables() {
    // `all_code_categories` is assembled from every area's error table: exactly the (code,
    // category) pairs of every error, sorted, once each; its codes are `all_codes`.
    let pairs: std::collections::BTreeSet<(&str, &str)> =
        every_error().iter().map(|e| (e.code(), e.category().name())).collect();
    let listed: Vec<(&str, &str)> = mspkit::error::all_code_categories()
        .iter()
        .map(|(code, category)| (*code, category.name()))
        .collect();
    assert!(listed.windows(2).all(|w| w[0] != w[1] && w[0].0 <= w[1].0), "sorted by code, once each");
    assert_eq!(listed.iter().copied().collect::<std::collections::BTreeSet<_>>(), pairs);
    let mut codes: Vec<&str> = mspkit::error::all_code_categories().iter().map(|(code, _)| *code).collect();
    codes.dedup();
    assert_eq!(codes, mspkit::error::all_codes());
}
