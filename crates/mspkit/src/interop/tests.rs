use super::*;

const PROVIDER: &str = r#"{
        "id": "0b9d3c52-6a57-4f1e-9d1a-2c3b4d5e6f70", "name": "Contoso MSP",
        "businessName": "Contoso Ltd", "billingEmail": "billing@contoso.example",
        "status": 2, "type": 1, "enabled": true, "useEvents": true,
        "creationDate": "2026-01-05T10:00:00Z", "revisionDate": "2026-06-01T10:00:00Z",
        "gateway": 1, "gatewayCustomerId": "cus_123"
    }"#;
const MEMBERS: &str = r#"{"data": [
        {"id": "1a000000-0000-4000-8000-000000000001", "userId": "2a000000-0000-4000-8000-000000000001",
         "type": 0, "status": 2, "email": "Admin@Contoso.example", "name": "Ada",
         "creationDate": "2026-01-05T10:00:00Z"},
        {"id": "1a000000-0000-4000-8000-000000000002", "userId": null, "type": 1, "status": 0,
         "email": "new@contoso.example", "creationDate": "2026-06-01T10:00:00Z"}
    ], "object": "list"}"#;
const CLIENTS: &str = r#"[
        {"id": "3a000000-0000-4000-8000-000000000001", "providerId": "0b9d3c52-6a57-4f1e-9d1a-2c3b4d5e6f70",
         "organizationId": "4a000000-0000-4000-8000-000000000001", "organizationName": "Fabrikam",
         "seats": 25, "occupiedSeats": 20, "remainingSeats": 5, "userCount": 20, "plan": "Teams (Monthly) 2020",
         "creationDate": "2026-02-01T10:00:00Z"}
    ]"#;

#[test]
fn reads_and_writes_the_reference_format() {
    let provider = read_reference(PROVIDER, MEMBERS, CLIENTS).unwrap();
    assert_eq!(provider.kind(), ProviderType::Reseller);
    assert_eq!(provider.status(), ProviderStatus::Billable);
    assert_eq!(provider.members().len(), 2);
    assert_eq!(provider.members()[0].email().as_str(), "admin@contoso.example");
    let client = &provider.clients()[0];
    assert_eq!(client.plan(), PlanType::TeamsMonthly2020);
    assert_eq!((client.seats(), client.occupied_seats()), (25, 20));
    let docs = write_reference(&provider);
    assert_eq!(docs.provider.kind, 1);
    assert_eq!(docs.clients[0].plan_type, Some(8));
    let again = from_reference(&docs.provider, &docs.members, &docs.clients).unwrap();
    assert_eq!(again.clients(), provider.clients());
    assert_eq!(again.members()[0], provider.members()[0]);
}

#[test]
fn unknown_codes_and_foreign_clients_are_refused() {
    let bad = PROVIDER.replace("\"type\": 1", "\"type\": 7");
    assert_eq!(read_reference(&bad, MEMBERS, CLIENTS).unwrap_err().code(), "reference_unknown_code");
    let foreign = CLIENTS.replace("\"providerId\": \"0b9d3c52", "\"providerId\": \"0c9d3c52");
    assert_eq!(read_reference(PROVIDER, MEMBERS, &foreign).unwrap_err().code(), "reference_wrong_provider");
    assert_eq!(read_reference("{", MEMBERS, CLIENTS).unwrap_err().code(), "reference_malformed");
}

#[test]
fn invariants_hold_for_reference_input_too() {
    let no_admin = MEMBERS.replace("\"type\": 0, \"status\": 2", "\"type\": 1, \"status\": 2");
    assert_eq!(read_reference(PROVIDER, &no_admin, CLIENTS).unwrap_err().code(), "invalid_provider_record");
    let over = CLIENTS.replace("\"seats\": 25", "\"seats\": 10");
    assert_eq!(read_reference(PROVIDER, MEMBERS, &over).unwrap_err().code(), "seats_below_occupied");
}

#[test]
fn an_ambiguous_plan_name_is_refused_unless_the_caller_chooses() {
    let ambiguous = CLIENTS.replace("\"Teams (Monthly) 2020\"", "\"Teams (Monthly)\"");
    let err = read_reference(PROVIDER, MEMBERS, &ambiguous).unwrap_err();
    assert_eq!(err.code(), "reference_ambiguous_plan");
    assert!(err.to_string().contains("`Teams (Monthly)`, which is any of 2, 8, 12, 17"), "{err}");
    let client: OrganizationId = "4a000000-0000-4000-8000-000000000001".parse().unwrap();
    // The caller's code (from `GET /organizations/{id}`) wins.
    let facts = ReferenceFacts::new().with_plan(client, PlanType::TeamsMonthly2023);
    let read = read_reference_with(PROVIDER, MEMBERS, &ambiguous, &facts).unwrap();
    assert_eq!(read.provider.clients()[0].plan(), PlanType::TeamsMonthly2023);
    assert_eq!(read.notes, [ReferenceNote::ManagementUnknown { client }]);
    // Or the current edition, said to be a guess.
    let facts = ReferenceFacts::new().with_ambiguous_plans(AmbiguousPlans::Current);
    let read = read_reference_with(PROVIDER, MEMBERS, &ambiguous, &facts).unwrap();
    assert_eq!(read.provider.clients()[0].plan(), PlanType::TeamsMonthly);
    let guessed = ReferenceNote::PlanGuessed {
        client,
        name: "Teams (Monthly)".to_owned(),
        chosen: PlanType::TeamsMonthly,
    };
    assert_eq!(read.notes, [ReferenceNote::ManagementUnknown { client }, guessed]);
    assert_eq!(read.notes[1].code(), "plan_guessed");
    // At an MSP, which sells only the current editions, the name says which plan it is.
    let msp = PROVIDER.replace("\"type\": 1", "\"type\": 0");
    let read = read_reference(&msp, MEMBERS, &ambiguous).unwrap();
    assert_eq!(read.clients()[0].plan(), PlanType::TeamsMonthly);
    // Text the reference does not write is not a plan.
    let free_text = CLIENTS.replace("\"Teams (Monthly) 2020\"", "\"teams monthly\"");
    assert_eq!(read_reference(PROVIDER, MEMBERS, &free_text).unwrap_err().code(), "reference_missing_plan");
}
