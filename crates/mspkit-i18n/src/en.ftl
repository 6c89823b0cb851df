# mspkit's messages in English (the source language).
#
# One message per error code (`error-<code>`), whose text is exactly the error's Display: a
# test checks it for an instance of every error variant. Attributes (`.batch`, `.provider`, …)
# hold the other forms one code takes. Then warnings (`warning-<code>`), phrases that appear
# inside other messages (`phrase-…`), values shown in tables (`value-<snake_case name>`) and
# the command line's labels, grouped by command. Arguments are named (`{ $client }`).

### Errors

## billing

error-amount_invalid = `{ $input }` is not an amount of dollars and cents, such as `1234.50`
error-amount_overflow = the amount does not fit in the range of exact amounts
error-billing_change_mismatch = the change `{ $change }` does not match the subscription: { $detail }
error-billing_change_out_of_order = the change `{ $change }` does not follow from the subscription's current state
error-billing_date_out_of_range = the date is out of the supported range
error-cancel_too_early = an unpaid subscription cancels on `{ $cancels_on }`, not before
error-client_reference_invalid = the client reference `{ $reference }` must have 1 to 64 characters and no control characters
error-date_before_subscription = `{ $date }` is before `{ $start }`, the first day the subscription covers
error-date_outside_period = `{ $date }` is outside the billing period from `{ $start }` to `{ $end }`
error-discount_invalid = `{ $input }` is not a discount from 0 to 100 percent with at most two decimals, such as `12.5`
error-invoice_already_open = the invoice issued on `{ $issued_on }` is still open; it must be paid first
error-invoice_not_overdue = the open invoice is due on `{ $due_on }`; it is not overdue before the day after
error-no_consolidated_billing = a reseller has no consolidated provider billing; its clients are billed per organization
error-no_open_invoice = the subscription has no open invoice
error-no_subscription = the provider has no subscription yet; start one first
error-period_invalid = `{ $input }` is not a month; write it as the year and the month, for example `2026-11`
error-plan_not_billed = plan `{ $plan }` is not billed in consolidated provider billing; use `teams_monthly`, `enterprise_monthly` or `enterprise_annually`
error-price_negative = the price of plan `{ $plan }` cannot be negative (`{ $price }`)
error-psa_header_invalid = the PSA export's header is not understood: { $detail }
error-psa_row_invalid = row { $row } of the PSA export is not valid: { $detail }
error-psa_too_many_rows = the PSA export has more than { $limit } rows; split it or filter it to the password manager's agreements
error-subscription_already_started = the provider's subscription has already started; a new one starts only after a cancellation
error-subscription_cancelled = the subscription was cancelled on `{ $on }`; start a new one
error-subscription_not_unpaid = the subscription is not unpaid; only an unpaid subscription is cancelled
error-subscription_start_in_future = a subscription cannot start on `{ $started_on }`, after today; record it on or after its start
error-trial_not_over = the subscription is in its trial until `{ $trial_ends_on }`; the first invoice comes then
error-what_if_client_unknown = `{ $client }` is neither the id nor the name of one of the provider's clients
error-what_if_invalid = the what-if changes are invalid: { $detail }

## deployment

error-date_out_of_range = the { $what } `{ $date }` is outside 1900-01-01 to 2200-12-31
error-deployment_not_a_client = the deployment of `{ $client }` names no client of this provider; add the client first
error-duplicate_client = client `{ $client }` has two deployments
error-duplicate_phase_number = phase number `{ $phase }` is used twice
error-duplicate_step_number = step number `{ $step }` is used twice
error-empty_catalog = the catalogue has no { $what }
error-empty_phase = phase `{ $phase }` has no step
error-event_for_another_client = the event is for client `{ $client }`, not for this plan's client
error-incomplete_event = a `{ $kind }` event must name its { $missing }
error-invalid_document = cannot read the { $what } at line { $line }, column { $column }: { $message }
    .alt1 = cannot read the { $what }: { $message }
error-invalid_duration = { $context }: `{ $input }` is not a positive whole number of minutes
error-invalid_transition = step `{ $step }` cannot be { $action } when it is { $from }
error-invalid_weekday = `{ $input }` is not a weekday (mon, tue, wed, thu, fri, sat, sun)
error-missing_reason = step `{ $step }` needs a reason to be skipped or blocked
error-no_working_days = the schedule has no working day
error-phase_complete = phase `{ $phase }` is complete; reopen it first
error-phase_has_open_steps = phase `{ $phase }` still has open steps: { $steps }
error-phase_not_complete = phase `{ $phase }` is not complete
error-phase_not_in_catalog = there is no phase `{ $phase }` in the catalogue
error-profile_opens_complete_phase = the new profile adds open steps { $steps } to complete phase `{ $phase }`; reopen the phase first
error-profile_unchanged = the client's profile is already this one
error-schedule_out_of_range = the schedule runs past the last representable date
error-step_not_applicable = step `{ $step }` does not apply to this client
error-steps_out_of_phase_order = step `{ $step }` of phase `{ $phase }` comes after a step of a later phase
error-trusted_devices_without_sso = trusted-device decryption requires SSO
error-unknown_client = no deployment for client `{ $client }`
error-unknown_phase = step `{ $step }` belongs to unknown phase `{ $phase }`
error-unknown_step = there is no step `{ $step }` in the catalogue
error-write_failed = cannot write the { $what }: { $message }
error-zero_phase_number = phase number `0` is not allowed; phases are numbered from 1
error-zero_step_number = step number `0` is not allowed; steps are numbered from 1

## document

error-document_too_large = the { $what } is larger than { $limit } bytes; raise the limit (`--max-bytes`) if it is genuine
error-duplicate_key = the { $what } repeats the key `{ $key }` in one object at line { $line }, column { $column }
error-read_failed = cannot read the { $what }: { $message }

## email

error-email_empty = the email address is empty
error-email_invalid = `{ $value }` is not a valid email address
error-email_too_long = the email address `{ $value }` is longer than 256 characters

## event

error-checkpoint_key_mismatch = the checkpoint was signed by key `{ $found }`, not by the public key given
error-checkpoint_mismatch = the checkpoint does not match the log before it: { $detail }
error-checkpoint_missing = the checkpoint of sequence { $sequence } is not in the log, which reaches that sequence: the log was rewritten after it was sealed
error-checkpoint_signature_invalid = the checkpoint's signature does not verify with its public key: the checkpoint was forged or changed
error-event_chain_broken = the line does not follow { $previous }: its prev is not that line's hash (a line was removed, inserted or moved here)
error-event_hash_mismatch = the line was changed after it was written: its hash is not the SHA-256 of its content
error-event_line_too_long = the line is longer than { $limit } bytes, the limit of one event log line; no event is that long
error-event_line_unchained = the line is not a line of a version 2 event log: it must read {"{"}"hash":"<64 hex>","prev":"<64 hex>","event":…{"}"} (or "checkpoint"), as mspkit writes it
error-event_log_empty = the event log is empty; it needs at least the `provider_issued` event
error-event_log_not_issuing = a provider's log starts with its `provider_issued` event at sequence 1, not with `{ $found }` at { $sequence }
error-event_log_schema_unsupported = event log schema version { $found } is not supported; this mspkit reads versions 1 and 2
error-event_log_truncated = the log was cut: a checkpoint sealed it at sequence { $sealed }, but it ends at sequence { $ends }
error-event_log_unchained = the event log is of schema version { $found }, whose lines carry no hashes; write it again as version 2 (`mspkit chain LOG`) to verify or seal it
error-event_log_unsealed = the log has no checkpoint to check with the public key: seal it with `mspkit seal LOG --key FILE`
error-event_mismatch = event { $sequence } (`{ $change }`) does not match the provider: { $detail }
error-event_out_of_sequence = event { $found } does not follow event { $last }; expected event { $expected } next (a gap or a repeat in the log)
error-event_wrong_provider = event { $sequence } belongs to provider `{ $found }`, not to `{ $expected }`; apply only this provider's events
error-provider_already_issued = event { $sequence } issues the provider again; a provider is issued once, by the first event of its log
error-receipt_key_mismatch = the exit receipt was signed by key `{ $found }`, not by the public key given
error-receipt_signature_invalid = the exit receipt's signature does not verify: the receipt was changed after it was signed, or forged
error-receipt_unsigned = the exit receipt is not signed; the provider signs it with `--key` when it unlinks the client
error-seal_key_invalid = the { $what } is not an mspkit seal key: { $detail }

## ids

error-invalid_id = `{ $input }` is not a valid UUID

## interop

error-reference_ambiguous_plan = client `{ $client }` has the plan name `{ $name }`, which is any of { $candidates }; supply its plan code (the organization's own response has `planType`) or choose the current edition for ambiguous names
error-reference_malformed = the { $document } document is not valid reference JSON: { $detail }
error-reference_missing_billing_email = the provider has no billing email, which its clients take; add `billingEmail`
error-reference_missing_fact = the reference documents do not say { $what }; { $hint }
error-reference_missing_plan = client `{ $client }` has no recognisable plan (`planType`, or a `plan` name the reference writes); supply its plan code
error-reference_unknown_code = `{ $value }` is not a known { $field } code
error-reference_wrong_provider = client `{ $client }` belongs to provider `{ $found }`, not `{ $expected }`

## password

error-derivation_failed = key derivation failed: { $value }
error-kdf_iterations_out_of_range = `{ $field }` is { $value }; it must be between { $min } and { $max }
error-kdf_memory_out_of_range = `{ $field }` is { $value }; it must be between { $min } and { $max }
error-kdf_parallelism_out_of_range = `{ $field }` is { $value }; it must be between { $min } and { $max }
error-password_empty = the password is empty
error-password_too_short = the master password is too short; it needs at least { $minimum } characters
error-password_weak = the master password is weak (score { $score } of 4); choose a stronger one or accept the warning
error-policy_min_complexity_out_of_range = `{ $field }` is { $value }; it must be between { $min } and { $max }
error-policy_min_length_out_of_range = `{ $field }` is { $value }; it must be between { $min } and { $max }
error-policy_not_met = the master password does not meet the organization's policy: { $codes }
error-salt_email_empty = the email is empty; the master key is salted with it
error-setting_out_of_range = `{ $field }` is { $value }; it must be between { $min } and { $max }
error-unknown_kdf_type = `{ $value }` is not a KDF type code (0 is PBKDF2-SHA256, 1 is Argon2id)

## permissions

error-client_not_managed = organization `{ $client }` is not a client of this provider
    .provider = the organization is not a client of this provider
error-client_out_of_scope = service user `{ $actor }` is not assigned to client `{ $client }` and may not { $what }
    .provider = service user `{ $actor }` may not { $what }
error-member_not_confirmed = member `{ $actor }` is not confirmed yet and may not { $what }; a provider admin must confirm the member first
error-member_revoked = member `{ $actor }` is revoked and may not { $what }; a provider admin can restore the membership
error-not_a_member = `{ $actor }` is not a member of this provider and may not { $what }
error-provider_access_suspended = the provider's access is suspended, so member `{ $actor }` may not { $what }; the admin who suspended it can resume it
error-provider_admin_only = only a provider admin may { $what }
error-provider_disabled = the provider is disabled, so no member may { $what }; re-enable it first
error-purchase_requires_admin = this seat change needs seats beyond the provider's unassigned seats; only a provider admin may purchase seats
error-vault_items_never = provider members may never { $what }; ask a member of the client organization
error-wrong_target = to { $what }, name the client organization, not the provider
    .provider = to { $what }, name the provider, not a client organization

## policy

error-baseline_conflict = baselines { $baselines } both apply to a client and ask `{ $subject }` to be { $first } and { $second }; no value is both
error-baseline_invalid_exception = { $at }: { $message }
error-baseline_invalid_value = { $at }: { $message }
error-baseline_malformed = { $at }: the baseline is not valid { $format }: { $message }
error-baseline_missing_setting = { $at }: `{ $kind }` cannot be enabled without `{ $setting }`; the baseline must give it
error-baseline_too_large = the baseline holds more than { $limit } { $what }; a baseline is a short standard and a reviewed list of exceptions, split it
error-baseline_unknown_format = `{ $value }` is neither a `.toml` nor a `.json` baseline
error-baseline_unknown_key = { $at }: unknown key; a baseline has `name`, `description`, `applies_to`, `policies` and `exceptions`
error-baseline_unknown_policy = { $at }: `{ $name }` is not a policy
error-baseline_unknown_setting = { $at }: `{ $setting }` is not a setting of `{ $kind }`; it has { $known }
error-duplicate_policy = `{ $kind }` is listed twice; an organization has at most one policy of each kind
error-invalid_policy_setting = `{ $kind }.{ $setting }` is `{ $found }`; it must be { $expected }
error-invalid_reference_policy = the reference policy list is not valid: { $value }
error-members_would_lose_access = enabling two-step login would revoke { $emails } without a master password, who would lose access for good; have them turn on two-step login first
error-policy_already_enabled = `{ $kind }` is already enabled; change its settings instead
error-policy_change_does_not_fit = the `{ $kind }` change does not fit the organization's policies: { $reason }
error-policy_not_configured = `{ $kind }` is not configured for the organization; enable it first
error-policy_not_enabled = `{ $kind }` is not enabled
error-policy_not_on_plan = `{ $kind }` needs { $feature } on the plan, and `{ $plan }` does not have it; upgrade the organization to an enterprise plan
error-policy_required_by_enabled_policies = `{ $kind }` is required by { $dependents }; disable them first
error-policy_requirements_not_enabled = `{ $kind }` requires { $missing } to be enabled first
error-policy_setting_out_of_range = `{ $kind }.{ $setting }` is { $value }; it must be between { $min } and { $max }
error-policy_setting_required = `{ $kind }` cannot be enabled without `{ $setting }`
error-policy_setting_too_long = `{ $kind }.{ $setting }` is longer than { $max_chars } characters
error-unknown_policy = `{ $value }` is not a policy
error-unknown_policy_code = `{ $value }` is not a policy type code (0 to 22)
error-unknown_policy_setting = `{ $setting }` is not a setting of `{ $kind }`

## portfolio

error-portfolio_schema_unsupported = portfolio schema version { $found } is not supported; this mspkit reads versions { $oldest } to { $newest }
    .newer = portfolio schema version { $found } is not supported; this mspkit reads versions { $oldest } to { $newest } (the document was written by a newer mspkit: upgrade mspkit)

## provider

error-access_already_suspended = the provider's access is suspended already; resume it (`resume_access`) before suspending again
error-access_not_suspended = the provider's access is not suspended; there is nothing to resume
error-account_already_member = account `{ $user }` already holds a membership in the provider's team
error-already_member = `{ $email }` is already a member of the provider's team
    .batch = { $emails } are already members of the provider's team; invite the others without them
error-billing_email_missing = the provider has no billing email, which a new client takes; a provider admin must set one in the settings first
error-business_unit_conversion_refused = organization `{ $organization }` cannot become a business unit: { $problems }
error-cannot_remove_self = member `{ $member }` cannot remove themselves from the team; leave the provider instead
error-client_member_exists = `{ $email }` is already a member of client `{ $client }`
error-client_member_not_found = `{ $email }` is not a member of client `{ $client }`
error-client_name_invalid = the organization name `{ $name }` must have 1 to 50 characters, none a control or invisible format character
error-client_not_found = organization `{ $client }` is not a client of this provider
error-client_state_transition_refused = a client cannot go from `{ $from }` to `{ $to }`; make it `active` first (see the client lifecycle table)
error-client_suspended = client `{ $client }` is suspended, so no member may { $what }; a provider admin must make it active first
    .provider = a suspended client takes no administration
    .command = client `{ $client }` is suspended; a provider admin must make it active first
error-client_tag_invalid = the tag `{ $tag }` must have 1 to 32 characters, each a letter, a digit, `-` or `_`
error-client_tags_too_many = a client may carry at most { $limit } tags, not { $count }
error-delete_needs_admin = only a pending provider may be deleted by the vendor; a set-up provider is deleted by a provider admin
error-duplicate_invite = `{ $email }` appears twice in the batch
error-empty_batch = the batch is empty; give at least one email or member
error-fingerprint_mismatch = the fingerprint given does not match member `{ $member }`'s public key; do not confirm this member
error-foreign_event = event { $sequence } belongs to provider `{ $provider }`, not to this one; export only this provider's events
error-invalid_member_record = member record `{ $member }` is invalid: { $detail }
error-invalid_provider_record = the provider record is invalid: { $detail }
error-invitation_email_mismatch = the invitation was sent to `{ $invited }`, not to `{ $given }`; log in with the invited address
error-invitation_expired = the invitation of `{ $email }` has expired; ask a provider admin to resend it
error-invite_batch_too_large = { $count } emails in one batch; invite at most { $max } at a time
error-last_confirmed_admin = the provider must keep at least one confirmed provider admin; confirm or promote another admin first
error-member_already_revoked = member `{ $member }` is already revoked
error-member_not_accepted = member `{ $member }` is `{ $status }`; only accepted members can be confirmed
error-member_not_found = member `{ $member }` is not in the provider's team
error-member_not_invited = member `{ $member }` is `{ $status }`, not invited
error-member_not_revoked = member `{ $member }` is not revoked
error-no_confirmed_owner = client `{ $client }` has no confirmed owner outside the provider; confirm one before unlinking
error-no_free_seats = client `{ $client }` has no free seat (all { $seats } are occupied); add seats first
error-not_organization_owner = you must be a confirmed owner of organization `{ $organization }` to add it
error-organization_already_linked = organization `{ $organization }` is already linked to a provider
error-organization_uses_secrets_manager = organization `{ $organization }` is subscribed to Secrets Manager; contact Customer Support to manage its subscription before adding it
error-plan_change_not_supported = only a business unit changes its plan this way, not a provider of kind `{ $kind }`
error-plan_not_allowed = plan `{ $plan }` is not allowed for the clients of a provider of kind `{ $kind }`
error-provider_already_set_up = the provider is already set up
error-provider_deleted = the provider was deleted; it takes no more commands or events
error-provider_has_clients = the provider still has { $clients } client organization(s); unlink or delete them first
error-provider_issued_to_unknown = the provider does not record whom it was issued to, so nobody can set it up; the vendor must issue it again
error-provider_name_blank = the provider name is blank; give it a name of 1 to 50 characters
error-provider_name_too_long = the provider name has { $length } characters; the limit is 50
error-provider_not_billable = the provider is `{ $status }`, not billable: its subscription must run before clients or seats change
error-provider_not_set_up = the provider has not been set up yet; its first admin must set it up first
error-scope_needs_service_user = member `{ $member }` is a provider admin; only service users can be scoped to clients
error-seats_above_limit = a client may have at most { $limit } seats; { $requested } is above the ceiling
error-seats_below_occupied = client `{ $client }` has { $occupied } occupied seats; it cannot have { $requested }
error-seats_zero = a client needs at least 1 seat
error-setting_too_long = `{ $field }` is longer than { $max } characters
error-setup_email_mismatch = the provider was issued to `{ $issued_to }`, not to `{ $given }`; it is set up by the person it was issued to
error-subscription_inactive = organization `{ $organization }` has no active subscription
error-suspension_reason_invalid = the reason for suspending access has { $length } characters; give 1 to 500, on one line
error-trial_end_invalid = a trial given on `{ $today }` ends on a day from then to 90 days later, not on `{ $until }`
error-version_conflict = the provider is at version { $actual }, not { $expected }: it changed since it was read; load it again and retry

## token

error-delete_token_expired = the deletion token expired one hour after it was issued; initiate the deletion again
error-delete_token_invalid = the deletion token is not valid for this provider and admin; initiate the deletion again
error-invitation_token_expired = the invitation token expired 120 hours after it was sent; ask for the invitation to be sent again
error-invitation_token_invalid = the invitation token is not valid for this invitation; ask for the invitation to be sent again
error-setup_token_expired = the provider set-up token expired 120 hours after it was issued; ask the vendor for a new one
error-setup_token_invalid = the provider set-up token is not valid for this provider and address; ask the vendor for a new one
error-token_key_too_short = a token key needs at least 32 bytes, got { $length }; generate 32 random bytes and keep them

### Warnings of the portfolio report

warning-few_confirmed_admins = only { $count } confirmed provider admin(s): confirm a second admin so that one lost account cannot lock the provider
warning-invitation_expired = the invitation of `{ $email }` has expired: resend it or remove the member
warning-awaiting_confirmation = `{ $email }` accepted the invitation and waits for a provider admin to confirm them
warning-client_full = client `{ $name }` has no free seat: new members will be refused until seats are added
warning-provider_disabled = the provider is disabled: no member can act until it is enabled
warning-not_set_up = the provider has not been set up by its first admin
warning-trial_ending = the trial of client `{ $name }` ends on { $until } ({ $days } day(s) left): make it active or suspend it
warning-trial_ended = the trial of client `{ $name }` ended on { $until } and it is still not billed: make it active or suspend it

### Phrases inside other messages (an argument equal to one is translated too)

phrase-administer-client = administer a client organization
phrase-access-client-vault = access a client's vault items
phrase-create-client = create a client organization
phrase-add-existing-client = add an existing organization
phrase-change-client-seats = change a client's seats
phrase-purchase-client-seats = purchase seats for a client
phrase-unlink-client = unlink a client organization
phrase-delete-client = delete a client organization
phrase-manage-team = manage the provider's team
phrase-view-provider-events = view the provider's event log
phrase-export-provider-events = export the provider's event log
phrase-edit-provider-settings = edit the provider's settings
phrase-delete-provider = delete the provider
phrase-manage-billing = manage the provider's billing
phrase-portfolio = portfolio
phrase-baseline = baseline
phrase-catalogue = catalogue
phrase-tax-facts = tax facts
phrase-event-log = event log
phrase-deployment-portfolio = deployment portfolio
phrase-client-plan = client plan

### Shapes of arguments inside other messages (a baseline's location)

phrase-exact-name = exact name
phrase-normalised-name = normalised name
phrase-what-if-changes = what-if changes
phrase-checkpoint = checkpoint
phrase-steps = steps
phrase-phases = phases
phrase-secret-key = secret key
phrase-public-key = public key
phrase-compliance-report = compliance report
phrase-tiered-compliance-report = tiered compliance report
phrase-not-started = not started
phrase-in-progress = in progress
phrase-done = done
phrase-skipped = skipped
phrase-blocked = blocked
phrase-started = started
phrase-completed = completed
phrase-reopened = reopened
phrase-the-document = the document
arg-line = line { $line }
arg-line-key = line { $line }, `{ $key }`

### Values shown in tables (snake_case names; a name without a message shows as it is)

value-provider_admin = provider_admin
value-service_user = service_user
value-invited = invited
value-accepted = accepted
value-confirmed = confirmed
value-revoked = revoked
value-msp = msp
value-reseller = reseller
value-business_unit = business_unit
value-pending = pending
value-created = created
value-billable = billable
value-critical = critical
value-high = high
value-medium = medium
value-low = low
value-trial = trial
value-not_for_resale = not for resale
value-paused = paused
value-suspended = suspended
value-monthly = monthly
value-annually = annually
value-active = active

### The command line: shared

cli-error-read = cannot read `{ $path }`: { $reason }
cli-error-write = cannot write `{ $path }`: { $reason }
cli-error-stdout = cannot write to standard output: { $reason }
cli-io-not_found = No such file or directory (os error 2)
cli-io-permission_denied = Permission denied (os error 13)
cli-io-is_a_directory = Is a directory (os error 21)
cli-io-already_exists = File exists (os error 17)
# Between the items of a list ({" "} keeps the space Fluent would trim).
list-separator = ,{" "}
cli-line = line { $line }
cli-usage = `{ $email }` is not a member of the provider
    .two-clients = two clients are named `{ $name }`: give the client's id
    .no-client = `{ $client }` is neither the id nor the name of one of the provider's clients
    .no-member = --member: no member of the provider has the email `{ $email }`
    .tax-facts = `{ $path }`: not tax facts: { $reason }
    .member-facts = `{ $path }`: not member facts: { $reason }
    .apply-as = `--apply` records events: say who records them with `--as EMAIL`
    .no-event = the unlink recorded no event

### mspkit report

report-header = { $name } ({ $kind }, { $status }{ $disabled })
report-disabled = , DISABLED
report-id = id { $id }  billing { $billing }
report-team = Team: { $members } members — { $confirmed } confirmed ({ $admins } admins), { $accepted } accepted, { $invited } invited, { $revoked } revoked
report-col-email = EMAIL
report-col-role = ROLE
report-col-status = STATUS
report-col-clients = CLIENTS
report-invited-expired = invited (expired)
report-scope-all = all
report-clients = Clients: { $count }
report-col-name = NAME
report-col-plan = PLAN
report-col-seats = SEATS
report-col-used = USED
report-col-free = FREE
report-col-note = NOTE
report-note-disabled = disabled
report-note-full = full
report-note-trial = trial until { $until }
report-note-bills = bills { $count }
report-seats-by-plan = Seats by plan:
report-col-minimum = MINIMUM
report-col-assigned = ASSIGNED
report-col-occupied = OCCUPIED
report-col-purchased = PURCHASED
report-col-unassigned = UNASSIGNED
report-billing = Billing:
report-no-warnings = No warnings.
report-warnings = Warnings: { $count }
report-suspended = [suspended: { $resolution }] the provider is suspended: { $what }
report-suspended-until = [suspended: { $resolution }] the provider is suspended: { $what } before { $date }, when the subscription cancels
report-resolution-add_payment_method = add a payment method and pay the open invoice
report-resolution-contact_administrator = ask a provider admin to pay the open invoice
report-resolution-contact_support = contact support
report-tax-tax_id_missing = add the provider's tax id
report-tax-tax_id_pending_verification = the tax id waits for verification
report-tax-tax_id_failed_verification = the tax id failed verification: correct it

### mspkit check

check-title = Policy compliance against { $baseline }
check-baseline = baseline
check-col-severity = SEVERITY
check-col-client = CLIENT
check-col-finding = FINDING
check-col-subject = POLICY / SETTING
check-col-expected = EXPECTED
check-col-actual = ACTUAL
check-exception-expired = { $actual } (exception expired { $day })
check-accepted = Accepted by exception:
check-accepted-line = { $client } { $subject }: { $code } until { $expires } ({ $reason })
check-summary = { $compliant } of { $clients } clients compliant; { $findings } finding(s){ $severities }; { $accepted } accepted by exception
check-severity-count = { $count } { $severity }

### mspkit check: findings' values and tiers

phrase-enabled = enabled
phrase-disabled = disabled
phrase-not-configured = not configured
phrase-unset = unset
finding-not-offered = not offered on the { $plan } plan
check-tier = == Tier: { $baselines } ({ $clients } client(s))
check-all-selected = Every client is selected by a baseline.
check-unselected = == Selected by no baseline: { $count } client(s) (a finding each)
check-no-tags = no tags
check-tags = tags: { $tags }

### mspkit deploy

deploy-none = Deployments on { $today }: no deployments in this portfolio
deploy-title = Deployments on { $today } ({ $edition }): { $clients } clients, { $overdue } overdue
deploy-custom-edition = custom edition
deploy-col-client = CLIENT
deploy-col-phase = PHASE
deploy-col-status = STATUS
deploy-col-done = DONE
deploy-col-remaining = REMAINING
deploy-col-end = END
deploy-col-due = DUE
deploy-col-overdue = OVERDUE
deploy-col-blocked = BLOCKED
deploy-finished = finished
deploy-yes = yes
deploy-hours = { $hours } h
deploy-phase-not_started = not started
deploy-phase-in_progress = in progress
deploy-phase-blocked = blocked
deploy-phase-done = done
deploy-phase-complete = complete
deploy-step-not_started = not started
deploy-step-in_progress = in progress
deploy-step-done = done
deploy-step-skipped = skipped
deploy-step-blocked = blocked
deploy-not-applicable = not applicable
deploy-not-applicable-was = not applicable (was { $status })
deploy-hosting-cloud = cloud
deploy-hosting-self_hosted = self-hosted
deploy-provisioning-manual = manual invitations
deploy-provisioning-scim = SCIM
deploy-provisioning-directory_connector = Directory Connector
deploy-sso = SSO
deploy-no-sso = no SSO
deploy-siem = SIEM
deploy-no-siem = no SIEM
deploy-profile = profile: { $profile }
deploy-progress = progress: { $done } of { $planned } h done ({ $percent }%), { $remaining } h remaining; projected end { $end }, due { $due }{ $overdue }
deploy-progress-overdue = (overdue)
deploy-phase = Phase { $number } { $name } — { $status } ({ $done } of { $planned } h; { $start } to { $end })
deploy-col-number = #
deploy-col-topic = TOPIC
deploy-col-hours = HOURS
deploy-col-by = BY
deploy-col-at = AT
deploy-col-note = NOTE
deploy-setup = Initial setup
deploy-setup-item = { $mark } { $task } ({ $source })
deploy-task-create_collections = create collections
deploy-task-import_data = import data
deploy-task-configure_policies = configure enterprise policies
deploy-task-set_up_sso = set up SSO
deploy-task-create_groups = create groups
deploy-task-invite_users = invite users
deploy-source-organization = organization
deploy-source-plan = plan
deploy-source-manual = manual
deploy-source-unknown = unknown

### mspkit seats, invoice, what-if

seats-title = Seat utilisation of { $provider }
seats-col-idle = IDLE
seats-full-mark = FULL
seats-none = none
seats-full = Full (new members refused, no autoscale): { $clients }
seats-idle = More than { $threshold } idle seats: { $clients }
invoice-title = Invoice of { $provider } for { $month } (charged { $charged })
invoice-issued = Issued { $on } for { $amount }: the seats and prices below are those billed then
invoice-estimate = Not issued yet: an estimate from the seats as they are now
invoice-col-price = PRICE
invoice-col-subtotal = SUBTOTAL
invoice-col-total = TOTAL
invoice-prorations-none = Prorated purchases: none
invoice-prorations = Prorated purchases:
invoice-proration = { $on } { $client } +{ $seats } seat(s) of { $plan } × { $remaining }/{ $days } days = { $cost } → { $total }
invoice-subtotal = Subtotal { $amount }
invoice-discount = Discount { $amount }
invoice-total = Total    { $amount }
what-if-title = What if, on { $on } ({ $provider } — nothing is changed)
what-if-item = { $n }. { $what }: { $verdict }
what-if-seats = { $client }: seats { $from } → { $to }
what-if-minimum = { $plan } minimum { $from } → { $to }
what-if-refused = REFUSED [{ $code }] { $message }
what-if-purchase = purchase of { $seats } seat(s), { $cost } prorated; a service user could not make it
what-if-no-purchase = no purchase; a service user could make it
what-if-admin = a provider admin's change
what-if-recurring = Next recurring charge: { $before } → { $after }
what-if-prorated = Prorated purchases:    { $amount }
what-if-next-invoice = Next invoice changes by { $amount }
what-if-service-user-all = A service user could make every change.
what-if-service-user-not-all = A service user could not make every change: purchases and minimums need a provider admin.
compare-title = Seat-minimum model against usage-based billing (used seats at list prices):
compare-col-period = PERIOD
compare-col-billed = BILLED
compare-col-seat-minimum = SEAT MINIMUM
compare-col-list-price = LIST PRICE
compare-col-usage-based = USAGE-BASED
compare-per-year = Per year: seat minimum { $seat_minimum }, usage-based { $usage_based }
compare-equal = Both models cost the same.
compare-seat-minimum-cheaper = The seat-minimum model is cheaper by { $amount } a year.
compare-usage-based-cheaper = Usage-based billing would be cheaper by { $amount } a year.

### mspkit blast-radius, exit-check, exit-receipt, verify

blast-member = member { $email } ({ $role })
blast-everyone = suspending every member's access
blast-suspended-now = {" "}(access is suspended now: this is what resuming gives back)
blast-title = Blast radius of { $whose }{ $suspended }: { $clients } clients lose provider access; { $locked } would be locked out (no confirmed owner of their own)
blast-locked-out = LOCKED OUT: call these clients first
blast-col-member = MEMBER
blast-col-can = CAN
blast-col-members = MEMBERS
blast-col-own-owners = OWN OWNERS
blast-no-owner = none: locked out
exit-title = Exit check of { $name } ({ $client }): { $verdict }
exit-blocked = blocked
exit-clear = nothing stands in the way
exit-advisory = not blocked; advisory findings
exit-blocking = BLOCKING
exit-advisory-mark = advisory
exit-finding-exit_no_own_owner = it has no confirmed owner outside the provider, so it would leave with nobody to run it; invite and confirm an owner of its own first
exit-finding-exit_no_billing_email = it has no billing email; it leaves with its first own owner's
exit-finding-exit_open_invoice = the provider's invoice of { $amount } due { $due } is open; settle it with the client before it leaves
    .row = the provider's invoice of { $amount } due { $due } is open: its row bills { $seats } assigned seats, about { $estimate }; settle it with the client before it leaves
exit-finding-exit_psa_reference = its PSA agreement `{ $reference }` is still referenced; close the agreement in the PSA
exit-finding-exit_scoped_members = { $count } service user(s) are scoped to it ({ $emails }); unlinking takes it out of their scope
exit-finding-exit_deployment_unfinished = its deployment is not finished; it leaves with the plan as it is
exit-finding-exit_provider_members_inside = provider members are still members of the organization ({ $emails }); they keep that access after it leaves: remove them
exit-receipt-ok = { $path }: signed by { $key }; client { $client } left provider { $provider } at { $at }
keygen-wrote = wrote { $secret } (secret: keep it off the machine that holds the log) and { $public }
keygen-public = public key { $key }
verify-holds = { $path }: the chain holds: { $events } events, { $checkpoints } checkpoints; last sequence { $last }; head { $head }
verify-col-line = LINE
verify-col-sequence = SEQUENCE
verify-col-at = AT
verify-col-signed-by = SIGNED BY
verify-key-given = (the key given)
verify-key-unchecked = (not checked against a key)

### mspkit psa reconcile, client policy-preview

psa-title = PSA reconciliation ({ $system }): { $companies } companies, { $clients } clients, { $matched } matched by reference
psa-no-findings = No findings.
psa-col-company = COMPANY
psa-col-psa = PSA
psa-col-detail = DETAIL
psa-detail = the PSA bills { $quantity }, mspkit bills { $seats }
    .unmatched = the reference `{ $reference }` names no company of the export
    .proposed = proposed: company `{ $id }` ({ $name }, { $by })
    .unusable = company `{ $name }` has this name but its id cannot be a reference (1 to 64 characters)
    .ambiguous-clients = not matched: { $n } clients without a reference share the name of one company; set the reference by hand
    .ambiguous-companies = not matched: { $n } companies of the export share this name; set the reference by hand
    .ambiguous-both = not matched: { $n } companies and { $m } clients without a reference share this name; set the reference by hand
    .no-company = no company of the export has this name
    .no-client = no client references this company
psa-recorded = Recorded: { $count } reference(s)
psa-proposed = Proposed (record them with --apply): { $count } reference(s)
psa-by-exact_name = exact name
psa-by-normalised_name = normalised name
psa-nothing = Nothing to record; the portfolio is unchanged.
psa-written = { $count } event(s) recorded; portfolio written to { $path }
preview-nobody = nobody
preview-and = { $first } and { $last }
preview-revokes = enabling { $policy } on client { $client } revokes { $revokes }
preview-refused = refused for now [{ $code }]: { $message }
preview-lose-access = refused: { $members } would lose access (no master password); have them turn on two-step login first
preview-unknown = kept, no facts given: { $first }
preview-unknown-more = kept, no facts given: { $first } and { $more } more

### The deployment timeline (SVG)

svg-title = Deployment timeline
svg-title-on = Deployment timeline on { $today }
svg-overdue = (overdue)
svg-phase-bar = { $client } phase { $phase }: { $start } to { $end }
svg-due = due { $date }
svg-today = today { $date }
svg-due-date = due date
svg-month-format = %b %Y
svg-year-format = %Y
