//! A client's exit (issue 20, item 3): the pre-flight, the unlink that refuses its blocking
//! findings, and the receipt — the same from a replayed log as from the live provider.

use chrono::Duration;
use mspkit::deployment::DeploymentCatalog;
use mspkit::event_log::{ChainOptions, SealKey, verify_chain};
use mspkit::exit::{ExitCheck, ExitReceipt, ExitSeverity, SignedReceipt};
use mspkit::{EventLog, OrganizationId, Provider, Sensitive, Subject};

fn log_text() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/events.jsonl");
    std::fs::read_to_string(path).unwrap()
}

fn fabrikam() -> OrganizationId {
    "4f675534-8d07-592f-9292-f914019a3e33".parse().unwrap()
}

fn codes(check: &ExitCheck) -> Vec<(&str, ExitSeverity)> {
    check.findings.iter().map(|f| (f.code.as_str(), f.severity)).collect()
}

/// The receipt of unlinking `client` from `provider`, as the CLI makes it.
fn receipt(mut provider: Provider, log: &EventLog, head: mspkit::event_log::ChainHash) -> ExitReceipt {
    let catalog = DeploymentCatalog::builtin().unwrap();
    let check = ExitCheck::new(&provider, fabrikam(), &catalog).unwrap();
    let count = log.events().iter().filter(|e| e.subject() == Subject::Client(fabrikam())).count() as u64;
    let admin = provider.members().iter().find(|m| m.is_confirmed_admin()).unwrap().id();
    let before = provider.clone();
    let now = provider.revised_at() + Duration::hours(1);
    let (leaving, events) = provider.unlink_client(admin, fabrikam(), now).unwrap();
    ExitReceipt::new(&before, &leaving, &events[0], count + 1, Some(head), check.findings).unwrap()
}

#[test]
fn the_exit_check_lists_what_should_precede_the_unlink() {
    let text = log_text();
    let provider = EventLog::from_jsonl(&text).unwrap().replay_provider().unwrap();
    let catalog = DeploymentCatalog::builtin().unwrap();
    let check = ExitCheck::new(&provider, fabrikam(), &catalog).unwrap();
    assert!(!check.is_blocked());
    assert_eq!(
        codes(&check),
        [
            ("exit_open_invoice", ExitSeverity::Advisory),
            ("exit_psa_reference", ExitSeverity::Advisory),
            ("exit_scoped_members", ExitSeverity::Advisory),
            ("exit_deployment_unfinished", ExitSeverity::Advisory),
        ]
    );
    let stranger = OrganizationId::new(mspkit::uuid::Uuid::from_u128(9));
    assert_eq!(ExitCheck::new(&provider, stranger, &catalog).unwrap_err().code(), "client_not_found");
    // A client whose only confirmed owner is a provider member: blocked, and the unlink refused.
    let mut p = provider;
    let admin = p.members().iter().find(|m| m.is_confirmed_admin()).unwrap().id();
    let admin_email = p.member(admin).unwrap().email().clone();
    let now = p.revised_at() + Duration::hours(1);
    let owner = mspkit::ClientMember::new(
        admin_email.clone(),
        mspkit::OrganizationUserType::Owner,
        mspkit::OrganizationUserStatus::Confirmed,
    );
    p.add_client_member(admin, fabrikam(), owner, now).unwrap();
    let own: Vec<_> = p
        .client(fabrikam())
        .unwrap()
        .confirmed_owner_emails()
        .into_iter()
        .filter(|e| **e != admin_email)
        .cloned()
        .collect();
    for email in &own {
        p.remove_client_member(admin, fabrikam(), email, now).unwrap();
    }
    let check = ExitCheck::new(&p, fabrikam(), &catalog).unwrap();
    assert!(check.is_blocked());
    assert_eq!(check.findings[0].code, "exit_no_own_owner");
    assert!(codes(&check).contains(&("exit_provider_members_inside", ExitSeverity::Advisory)));
    assert_eq!(p.unlink_client(admin, fabrikam(), now).unwrap_err().code(), "no_confirmed_owner");
}

#[test]
fn the_receipt_of_a_replayed_log_is_the_live_one_and_its_signature_holds() {
    let text = log_text();
    let log = EventLog::from_jsonl(&text).unwrap();
    let head = verify_chain(text.as_bytes(), &ChainOptions::new()).unwrap().head;
    // The live provider: the example's commands, run again.
    let live = Provider::replay(log.events()).unwrap();
    let replayed = log.replay_provider().unwrap();
    let from_live = receipt(live, &log, head);
    let from_replay = receipt(replayed, &log, head);
    assert_eq!(from_live, from_replay);
    assert_eq!(from_live.final_state["billing_email"], "co-owner@fabrikam-dental.example");
    assert!(from_live.last_period.is_some());
    assert!(from_live.findings.iter().all(|f| f.severity == ExitSeverity::Advisory));
    let key = SealKey::from_seed(&Sensitive::new([3u8; 32]));
    let signed = from_live.clone().sign(Some(&key));
    let read = SignedReceipt::from_json(&signed.to_json()).unwrap();
    assert_eq!(read, signed);
    read.verify(&key.public_key()).unwrap();
    let other = SealKey::from_seed(&Sensitive::new([4u8; 32])).public_key();
    assert_eq!(read.verify(&other).unwrap_err().code(), "receipt_key_mismatch");
    let changed =
        signed.to_json().replace("\"provider_name\": \"Northwind Managed IT\"", "\"provider_name\": \"x\"");
    let changed = SignedReceipt::from_json(&changed).unwrap();
    assert_eq!(changed.verify(&key.public_key()).unwrap_err().code(), "receipt_signature_invalid");
    let unsigned = SignedReceipt::from_json(&from_live.sign(None).to_json()).unwrap();
    assert_eq!(unsigned.verify(&key.public_key()).unwrap_err().code(), "receipt_unsigned");
}
