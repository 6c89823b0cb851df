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

/// One random command of the receipt property (indexes pick clients and members modulo their
/// number; a refused command changes nothing and is skipped).
#[derive(Debug, Clone)]
enum Step {
    CreateClient { seats: u32 },
    OwnOwner { client: usize, confirmed: bool },
    Seats { client: usize, seats: u32 },
    Invite { n: u8, admin: bool },
    Confirm { member: usize },
    Scope { member: usize, clients: Vec<usize> },
    Vault { client: usize },
    Tags { client: usize, tag: u8 },
    Reference { client: usize },
    Delete { client: usize },
}

fn step() -> impl proptest::strategy::Strategy<Value = Step> {
    use proptest::prelude::*;
    prop_oneof![
        2 => (1u32..8).prop_map(|seats| Step::CreateClient { seats }),
        3 => (0usize..6, any::<bool>()).prop_map(|(client, confirmed)| Step::OwnOwner { client, confirmed }),
        2 => (0usize..6, 1u32..12).prop_map(|(client, seats)| Step::Seats { client, seats }),
        2 => (0u8..6, any::<bool>()).prop_map(|(n, admin)| Step::Invite { n, admin }),
        2 => (0usize..8).prop_map(|member| Step::Confirm { member }),
        1 => (0usize..8, proptest::collection::vec(0usize..6, 0..3)).prop_map(|(member, clients)| Step::Scope { member, clients }),
        2 => (0usize..6).prop_map(|client| Step::Vault { client }),
        1 => (0usize..6, 0u8..4).prop_map(|(client, tag)| Step::Tags { client, tag }),
        1 => (0usize..6).prop_map(|client| Step::Reference { client }),
        1 => (0usize..6).prop_map(|client| Step::Delete { client }),
    ]
}

/// Runs `step` on the fixture's provider at `now`, recording its events; a refusal is skipped.
fn run_step(f: &mut crate::support::Fixture, step: &Step, now: chrono::DateTime<chrono::Utc>) {
    use mspkit::{ClientMember, OrganizationUserStatus, OrganizationUserType, PlanType, ProviderUserType};
    let clients: Vec<OrganizationId> =
        f.provider.clients().iter().map(mspkit::ClientOrganization::id).collect();
    let members: Vec<mspkit::ProviderUserId> =
        f.provider.members().iter().map(mspkit::ProviderUser::id).collect();
    let client = |i: &usize| clients.get(i % clients.len().max(1)).copied();
    let member = |i: &usize| members.get(i % members.len().max(1)).copied();
    let admin = f.admin;
    let p = &mut f.provider;
    let result = match step {
        Step::CreateClient { seats } => {
            let n = p.clients().len();
            let new = mspkit::NewClient {
                name: format!("Client {n}"),
                owner_email: crate::support::email(&format!("owner{n}@client{n}.example")),
                plan: PlanType::TeamsMonthly,
                seats: *seats,
                first_collection: None,
            };
            p.create_client(admin, new, now).map(|created| created.events)
        }
        Step::OwnOwner { client: c, confirmed } => {
            let Some(id) = client(c) else { return };
            let n = p.client(id).map_or(0, |c| c.members().len());
            let status =
                if *confirmed { OrganizationUserStatus::Confirmed } else { OrganizationUserStatus::Invited };
            let owner = ClientMember::new(
                crate::support::email(&format!("own{n}@{id}.example")),
                OrganizationUserType::Owner,
                status,
            );
            p.add_client_member(admin, id, owner, now)
        }
        Step::Seats { client: c, seats } => match client(c) {
            Some(id) => p.set_client_seats(admin, id, *seats, now),
            None => return,
        },
        Step::Invite { n, admin: as_admin } => {
            let role =
                if *as_admin { ProviderUserType::ProviderAdmin } else { ProviderUserType::ServiceUser };
            p.invite(admin, &[&format!("tech{n}@northwind.example")], role, now)
        }
        Step::Confirm { member: m } => {
            let Some(id) = member(m) else { return };
            let Some(address) = p.member(id).map(|m| m.email().clone()) else { return };
            let user = mspkit::UserId::new(mspkit::uuid::Uuid::from_u128(9000 + id.uuid().as_u128() % 1000));
            match p.accept(id, user, &address, None, now) {
                Ok(events) => {
                    f.log.extend(events);
                    let p = &mut f.provider;
                    p.confirm(admin, id, None, now)
                }
                Err(e) => Err(e),
            }
        }
        Step::Scope { member: m, clients: list } => {
            let Some(id) = member(m) else { return };
            let scope = list.iter().filter_map(&client).collect();
            p.set_client_scope(admin, id, Some(scope), now)
        }
        Step::Vault { client: c } => match client(c) {
            Some(id) => p.record_vault_access(admin, id, now),
            None => return,
        },
        Step::Tags { client: c, tag } => match client(c) {
            Some(id) => p.set_client_tags(
                admin,
                id,
                [mspkit::client::ClientTag::new(&format!("t{tag}")).unwrap()],
                now,
            ),
            None => return,
        },
        Step::Reference { client: c } => match client(c) {
            Some(id) => p.set_client_reference(admin, id, Some("CW-1"), now),
            None => return,
        },
        Step::Delete { client: c } => match client(c) {
            Some(id) => p.delete_client(admin, id, now),
            None => return,
        },
    };
    if let Ok(events) = result {
        f.log.extend(events);
    }
}

/// The receipt of unlinking `client` from `provider` whose log is `log` (its chain head from
/// the written log): `None` when the unlink is refused (with its code).
fn receipt_of(
    mut provider: Provider,
    log: &[mspkit::Event],
    client: OrganizationId,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<ExitReceipt, &'static str> {
    let catalog = DeploymentCatalog::builtin().unwrap();
    let head =
        verify_chain(mspkit::event_log::write_jsonl(log).as_bytes(), &ChainOptions::new()).unwrap().head;
    let check = ExitCheck::new(&provider, client, &catalog).map_err(|e| e.code())?;
    let count = log.iter().filter(|e| e.subject() == Subject::Client(client)).count() as u64;
    let admin = provider.members().iter().find(|m| m.is_confirmed_admin()).unwrap().id();
    let before = provider.clone();
    let (leaving, events) = provider.unlink_client(admin, client, now).map_err(|e| e.code())?;
    Ok(ExitReceipt::new(&before, &leaving, &events[0], count + 1, Some(head), check.findings).unwrap())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: crate::support::cases(64),
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// Random command sequences, then an unlink: the receipt from the provider the commands
    /// built equals the receipt from the provider its log replays to (through its written
    /// JSON Lines), field for field and signed byte for byte.
    #[test]
    fn the_receipt_of_a_replayed_log_equals_the_live_one(
        steps in proptest::collection::vec((0i64..3, step()), 1..25),
        leaving in 0usize..6,
    ) {
        let mut f = crate::support::Fixture::billable(mspkit::ProviderType::Msp);
        f.client("First", mspkit::PlanType::TeamsMonthly, 3);
        let mut now = crate::support::t0();
        for (hours, step) in &steps {
            now += Duration::hours(*hours);
            run_step(&mut f, step, now);
        }
        let clients: Vec<OrganizationId> = f.provider.clients().iter().map(mspkit::ClientOrganization::id).collect();
        let Some(client) = clients.get(leaving % clients.len().max(1)).copied() else { return Ok(()) };
        let text = mspkit::event_log::write_jsonl(&f.log);
        let replayed = EventLog::from_jsonl(&text).unwrap().replay_provider().unwrap();
        proptest::prop_assert_eq!(&replayed, &f.provider);
        let at = now + Duration::hours(1);
        let live = receipt_of(f.provider.clone(), &f.log, client, at);
        let again = receipt_of(replayed, &f.log, client, at);
        proptest::prop_assert_eq!(&live, &again);
        if let Ok(receipt) = live {
            let key = SealKey::from_seed(&Sensitive::new([5u8; 32]));
            let (a, b) = (receipt.sign(Some(&key)), again.unwrap().sign(Some(&key)));
            proptest::prop_assert_eq!(a.to_json(), b.to_json());
            proptest::prop_assert!(SignedReceipt::from_json(&a.to_json()).unwrap().verify(&key.public_key()).is_ok());
        }
    }
}
