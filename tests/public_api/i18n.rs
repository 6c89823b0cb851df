//! Simplified Chinese (issue 18, item 3): the English message file reproduces the core's text
//! of every error variant exactly, and turns each into Chinese; every denial of every action,
//! and every portfolio warning, too.

use mspkit::{Action, Denial, DenialReason, Email, Error, OrganizationId, ProviderUserId, Target, Warning};
use mspkit_i18n::{Lang, english_matches, error_message, warning_message};
use uuid::Uuid;

use crate::error_codes::every_error;

fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

fn check(error: &Error) {
    let english = error.to_string();
    let id = format!("error-{}", error.code());
    assert!(english_matches(&id, &english), "`{id}` does not read back {english:?}: update en.ftl");
    assert_eq!(error_message(Lang::En, error.code(), &english), english);
    let chinese = error_message(Lang::ZhCn, error.code(), &english);
    assert!(has_chinese(&chinese), "`{id}` stays English: {english:?}");
}

#[test]
fn every_error_variant_reads_back_in_english_and_speaks_chinese() {
    for error in every_error() {
        check(&error);
    }
}

#[test]
fn every_denial_of_every_action_speaks_chinese() {
    let actor = ProviderUserId::new(Uuid::from_u128(1));
    let client = OrganizationId::new(Uuid::from_u128(2));
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
    for reason in reasons {
        for action in Action::all() {
            for target in [Target::Provider, Target::Client(client)] {
                let error = Error::Denied(Denial { reason, action, actor, target });
                check(&error);
                // The action's description is translated inside the sentence.
                let chinese = error_message(Lang::ZhCn, error.code(), &error.to_string());
                assert!(!chinese.contains("organization") && !chinese.contains("provider's"), "{chinese}");
            }
        }
    }
}

#[test]
fn every_portfolio_warning_speaks_chinese() {
    let member = ProviderUserId::new(Uuid::from_u128(1));
    let client = OrganizationId::new(Uuid::from_u128(2));
    let email = Email::new("a@b.example").unwrap();
    let until = chrono::NaiveDate::from_ymd_opt(2026, 12, 15).unwrap();
    let warnings = [
        Warning::FewConfirmedAdmins { confirmed_admins: 1 },
        Warning::InvitationExpired { member, email: email.clone() },
        Warning::AwaitingConfirmation { member, email },
        Warning::ClientFull { client, name: "C".to_owned() },
        Warning::ProviderDisabled,
        Warning::NotSetUp,
        Warning::TrialEnding { client, name: "C".to_owned(), until, days_left: 7 },
        Warning::TrialEnded { client, name: "C".to_owned(), until },
    ];
    for w in &warnings {
        let id = format!("warning-{}", w.code());
        assert!(english_matches(&id, &w.message()), "`{id}` does not read back {:?}", w.message());
        assert!(has_chinese(&warning_message(Lang::ZhCn, w.code(), &w.message())), "{id}");
    }
}
