//! The bulk path of the permission check (`authorize_in_hand`, with `ScopeReach`) answers as
//! `authorize_unsuspended` does, reason included, for every member, client and client action of
//! a provider with every kind of member and a suspended client.

use chrono::{DateTime, TimeZone, Utc};
use uuid::Uuid;

use super::{Action, ScopeReach, Target, authorize_in_hand, authorize_unsuspended};
use crate::{
    ClientState, Email, NewClient, PlanType, Provider, ProviderId, ProviderSettings, ProviderType,
    ProviderUserType, UserId,
};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
}

#[test]
fn the_bulk_path_answers_as_the_one_check() {
    let settings = ProviderSettings::new("Northwind IT")
        .unwrap()
        .with_billing_email(Some(Email::new("billing@northwind.example").unwrap()));
    let ada = Email::new("ada@northwind.example").unwrap();
    let (mut p, _) =
        Provider::issue(ProviderId::new(Uuid::from_u128(1)), ProviderType::Msp, settings, ada.clone(), now());
    let admin = p.set_up(UserId::new(Uuid::from_u128(2)), &ada, now()).unwrap().id;
    p.mark_billable(now()).unwrap();
    let mut clients = Vec::new();
    for i in 0..4 {
        let new = NewClient {
            name: format!("Client {i}"),
            owner_email: Email::new("owner@client.example").unwrap(),
            plan: PlanType::TeamsMonthly,
            seats: 5,
            first_collection: None,
        };
        clients.push(p.create_client(admin, new, now()).unwrap().id);
    }
    p.set_client_state(admin, clients[3], ClientState::Suspended, now()).unwrap();
    let mut user = 10u128;
    let mut join = |p: &mut Provider, address: &str, role: ProviderUserType, confirm: bool| {
        let id = p.invite_members(admin, &[address], role, now()).unwrap().id[0];
        if confirm {
            user += 1;
            let email = Email::new(address).unwrap();
            p.accept(id, UserId::new(Uuid::from_u128(user)), &email, None, now()).unwrap();
            p.confirm(admin, id, None, now()).unwrap();
        }
        id
    };
    join(&mut p, "second@northwind.example", ProviderUserType::ProviderAdmin, true);
    join(&mut p, "all@northwind.example", ProviderUserType::ServiceUser, true);
    let scoped = join(&mut p, "scoped@northwind.example", ProviderUserType::ServiceUser, true);
    p.set_client_scope(admin, scoped, Some([clients[1], clients[3]].into_iter().collect()), now()).unwrap();
    let empty = join(&mut p, "empty@northwind.example", ProviderUserType::ServiceUser, true);
    p.set_client_scope(admin, empty, Some(std::collections::BTreeSet::new()), now()).unwrap();
    join(&mut p, "invited@northwind.example", ProviderUserType::ServiceUser, false);
    let revoked = join(&mut p, "revoked@northwind.example", ProviderUserType::ServiceUser, true);
    p.revoke(admin, revoked, now()).unwrap();

    let mut compared = 0;
    for m in p.members() {
        let reach = ScopeReach::of(&p, m);
        for (position, c) in p.clients().iter().enumerate() {
            for action in Action::all().into_iter().filter(|a| a.targets_client()) {
                let one = authorize_unsuspended(&p, m.id(), action, Target::Client(c.id()));
                let bulk = authorize_in_hand(&p, m, action, c, &reach, position);
                assert_eq!(bulk, one, "{} on {} by {}", action.name(), c.name(), m.email());
                compared += 1;
            }
        }
    }
    assert!(compared >= 8 * 4 * 2, "{compared}");
}
