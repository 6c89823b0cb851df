//! PSA reconciliation (issue 17 item 2): reading each PSA's export, the four findings, the
//! proposals and recording them as events.

use std::fmt::Write as _;

use mspkit::billing::{
    CollectionMethod, Discount, MAX_PSA_COMPANIES, PsaCompany, PsaFindingKind, PsaMatchKind, PsaSystem,
    SeatPrices, normalised_company_name, read_psa_companies,
};
use mspkit::{ClientState, DocumentReader, NewClient, OrganizationId, PlanType, Provider, ProviderType};

use crate::support::{Fixture, code, email, t0};

/// An MSP with a subscription and four clients: Contoso (10 seats, reference CW-1), Fabrikam
/// (5), Tailspin Toys Ltd (7), Litware (3, reference CW-404).
fn msp() -> (Fixture, [OrganizationId; 4]) {
    let mut f = Fixture::billable(ProviderType::Msp);
    let contoso = f.client("Contoso", PlanType::TeamsMonthly, 10);
    let fabrikam = f.client("Fabrikam", PlanType::TeamsMonthly, 5);
    let tailspin = named(&mut f, "Tailspin Toys Ltd", 7);
    let litware = f.client("Litware", PlanType::TeamsMonthly, 3);
    let events = f.provider.start_subscription(
        t0().date_naive(),
        SeatPrices::reference(),
        Discount::NONE,
        CollectionMethod::AutomaticCharge,
        t0(),
    );
    f.record(events);
    for (client, reference) in [(contoso, "CW-1"), (litware, "CW-404")] {
        let events = f.provider.set_client_reference(f.admin, client, Some(reference), t0());
        f.record(events);
    }
    (f, [contoso, fabrikam, tailspin, litware])
}

/// A client whose name is not an email's domain.
fn named(f: &mut Fixture, name: &str, seats: u32) -> OrganizationId {
    let new = NewClient {
        name: name.to_owned(),
        owner_email: email(&format!("owner{seats}@clients.example")),
        plan: PlanType::EnterpriseMonthly,
        seats,
        first_collection: None,
    };
    let created = f.provider.create_client(f.admin, new, t0()).unwrap();
    f.log.extend(created.events);
    created.id
}

fn read(text: &str, system: Option<PsaSystem>) -> Result<Vec<PsaCompany>, &'static str> {
    read_psa_companies(text, system, &DocumentReader::new()).map(|r| r.companies).map_err(|e| e.code())
}

const CONNECTWISE: &str = "Company ID,Company Name,Agreement Name,Quantity,Other\n\
    CW-1,Contoso,Password manager,12,x\n\
    CW-2,\"Fabrikam\",Password manager,5,\n\
    CW-3,\"Tailspin Toys, Inc.\",Password manager,7,\n\
    CW-9,Wide World Importers,Password manager,20,\n";

#[test]
fn each_psa_header_is_detected_and_mapped() {
    let cw = read_psa_companies(CONNECTWISE, None, &DocumentReader::new()).unwrap();
    assert_eq!(cw.system, PsaSystem::Connectwise);
    assert_eq!(cw.companies.len(), 4);
    assert_eq!(cw.companies[2].company_name(), "Tailspin Toys, Inc.");
    assert_eq!(cw.companies[0].agreement(), Some("Password manager"));
    assert_eq!(cw.companies[0].quantity(), Some(12));

    let at = "Units,Contract Name,Company Name,Company Number\n3,PM,Contoso,AT-1\n";
    let at = read_psa_companies(at, None, &DocumentReader::new()).unwrap();
    assert_eq!(at.system, PsaSystem::Autotask);
    assert_eq!((at.companies[0].company_id(), at.companies[0].quantity()), ("AT-1", Some(3)));

    // Header names compared without case and with runs of spaces as one; no agreement column.
    let halo = "  client   id ,CLIENT NAME,Quantity\n17,Contoso,\n";
    let halo = read_psa_companies(halo, None, &DocumentReader::new()).unwrap();
    assert_eq!(halo.system, PsaSystem::Halo);
    assert_eq!(halo.companies[0].company_id(), "17");
    assert_eq!((halo.companies[0].agreement(), halo.companies[0].quantity()), (None, None));

    // Chosen by flag: the header must have that PSA's id and name columns.
    assert_eq!(read(CONNECTWISE, Some(PsaSystem::Halo)).unwrap_err(), "psa_header_invalid");
    assert_eq!(read(CONNECTWISE, Some(PsaSystem::Connectwise)).unwrap().len(), 4);
    // No PSA's columns, or two PSAs' at once, or an empty file.
    assert_eq!(read("Name,Seats\nContoso,3\n", None).unwrap_err(), "psa_header_invalid");
    let both = "Company ID,Company Number,Company Name\n1,2,Contoso\n";
    assert_eq!(read(both, None).unwrap_err(), "psa_header_invalid");
    assert_eq!(read(both, Some(PsaSystem::Autotask)).unwrap()[0].company_id(), "2");
    assert_eq!(read("", None).unwrap_err(), "psa_header_invalid");
    for s in PsaSystem::ALL {
        assert_eq!(PsaSystem::from_name(s.name()), Some(s));
    }
}

#[test]
fn quoted_fields_bom_crlf_and_blank_rows_are_read() {
    // A quoted line break in a column mspkit does not read (`Notes`) is fine.
    let text = "\u{feff}Company ID,Company Name,Agreement Name,Quantity,Notes\r\n\
        \"CW-1\",\"Contoso \"\"East\"\", Inc.\",PM,\"1,200\",\"Line one\nline two\"\r\n\
        ,,,,\r\n\
        CW-2,Fabrikam,PM,35.00,\r\n";
    let rows = read(text, None).unwrap();
    assert_eq!(rows.len(), 2, "the blank row is skipped");
    assert_eq!(rows[0].company_name(), "Contoso \"East\", Inc.");
    assert_eq!(rows[0].quantity(), Some(1200));
    assert_eq!(rows[1].quantity(), Some(35));
    // A BOM before a header is not part of its first column's name.
    assert_eq!(read("\u{feff}Client ID,Client Name\n1,A\n", None).unwrap()[0].company_id(), "1");
}

#[test]
fn hostile_cells_are_refused_with_their_row() {
    let header = "Company ID,Company Name,Agreement Name,Quantity\n";
    for (row, why) in [
        ("CW-1,Con\u{1b}[31mtoso,PM,1", "an escape sequence"),
        ("CW-1,Contoso\u{202e},PM,1", "a bidi override"),
        ("CW\n-1,Contoso,PM,1", "a bare line break splits the record"),
        (",Contoso,PM,1", "a blank id"),
        ("CW-1,  ,PM,1", "a blank name"),
        ("CW-1,Contoso,PM,-3", "a negative quantity"),
        ("CW-1,Contoso,PM,2.5", "a fraction of a seat"),
        ("CW-1,Contoso,PM,1000001", "above a client's seat limit"),
        ("CW-1,Contoso,PM,99999999999", "beyond u32"),
        ("CW-1,Contoso,PM,1,2,3", "more cells than the header is fine, but not this: the quantity"),
    ] {
        let result = read(&format!("{header}{row}\n"), None);
        if why.starts_with("more cells") {
            assert!(result.is_ok(), "{why}");
            continue;
        }
        assert_eq!(result.unwrap_err(), "psa_row_invalid", "{why}");
    }
    let long = format!("{header}CW-1,{},PM,1\n", "x".repeat(257));
    assert_eq!(read(&long, None).unwrap_err(), "psa_row_invalid");
    let err = read_psa_companies(&format!("{header}CW-1,Contoso,PM,x\n"), None, &DocumentReader::new())
        .unwrap_err();
    assert!(err.to_string().contains("row 2"), "{err}");
}

#[test]
fn huge_exports_are_refused_with_a_typed_error() {
    let mut text = String::from("Client ID,Client Name\n");
    for i in 0..=MAX_PSA_COMPANIES {
        writeln!(text, "{i},C{i}").unwrap();
    }
    assert_eq!(read(&text, None).unwrap_err(), "psa_too_many_rows");
    let small = DocumentReader::with_max_bytes(64);
    let err = read_psa_companies(&text, None, &small).unwrap_err();
    assert_eq!(err.code(), "document_too_large");
}

#[test]
fn the_four_findings_and_the_confident_proposals() {
    let (f, [contoso, fabrikam, tailspin, litware]) = msp();
    let companies = read(CONNECTWISE, None).unwrap();
    let r = f.provider.reconcile_psa(&companies).unwrap();
    assert_eq!((r.companies, r.clients, r.matched), (4, 4, 1));
    let kinds: Vec<_> = r.findings.iter().map(|x| (x.kind, x.company_id.as_deref())).collect();
    assert_eq!(
        kinds,
        [
            (PsaFindingKind::ClientWithoutReference, None),
            (PsaFindingKind::ClientWithoutReference, None),
            (PsaFindingKind::ReferenceUnmatched, Some("CW-404")),
            (PsaFindingKind::CompanyWithoutClient, Some("CW-9")),
            (PsaFindingKind::QuantityMismatch, Some("CW-1")),
        ]
    );
    assert_eq!(r.findings[0].clients[0].id, fabrikam);
    assert_eq!(r.findings[2].clients[0].id, litware);
    let mismatch = &r.findings[4];
    assert_eq!((mismatch.billed_seats, mismatch.psa_quantity), (Some(10), Some(12)));
    assert_eq!(mismatch.clients[0].id, contoso);
    // Fabrikam by its exact name, Tailspin Toys Ltd as `Tailspin Toys, Inc.` by the normalised one.
    let proposals: Vec<_> = r.proposals.iter().map(|m| (m.client_id, m.company_id.as_str(), m.by)).collect();
    assert_eq!(
        proposals,
        [(fabrikam, "CW-2", PsaMatchKind::ExactName), (tailspin, "CW-3", PsaMatchKind::NormalisedName)]
    );
    assert!(r.findings[1].detail.contains("CW-3"), "{}", r.findings[1].detail);
}

#[test]
fn billed_seats_follow_the_lifecycle_state() {
    let (mut f, [contoso, ..]) = msp();
    let admin = f.admin;
    let events = f.provider.set_client_state(admin, contoso, ClientState::NotForResale, t0());
    f.record(events);
    let companies = [PsaCompany::new(1, "CW-1", "Contoso", None, Some(0)).unwrap()];
    let r = f.provider.reconcile_psa(&companies).unwrap();
    assert!(!r.findings.iter().any(|x| x.kind == PsaFindingKind::QuantityMismatch), "{r:?}");
}

#[test]
fn duplicate_names_are_never_guessed_and_duplicate_ids_add_up() {
    let (f, [_, fabrikam, ..]) = msp();
    let companies = [
        PsaCompany::new(1, "CW-1", "Contoso", Some("PM"), Some(6)).unwrap(),
        PsaCompany::new(2, "CW-1", "Contoso", Some("PM add-on"), Some(4)).unwrap(),
        PsaCompany::new(3, "CW-2", "Fabrikam", None, None).unwrap(),
        PsaCompany::new(4, "CW-5", "FABRIKAM LLC", None, None).unwrap(),
        PsaCompany::new(5, "CW-7", "Fabrikam", None, None).unwrap(),
    ];
    let r = f.provider.reconcile_psa(&companies).unwrap();
    assert_eq!(r.companies, 4);
    assert!(!r.findings.iter().any(|x| x.kind == PsaFindingKind::QuantityMismatch), "6 + 4 = 10 seats");
    assert!(r.proposals.iter().all(|m| m.client_id != fabrikam), "two companies are named Fabrikam");
    let finding = r.findings.iter().find(|x| x.clients.first().is_some_and(|c| c.id == fabrikam)).unwrap();
    assert!(finding.detail.contains("set the reference by hand"), "{}", finding.detail);
    // Two clients of one name and one company: no guess either.
    let mut g = Fixture::billable(ProviderType::Msp);
    g.client("Adatum", PlanType::TeamsMonthly, 1);
    g.client("Adatum", PlanType::TeamsMonthly, 2);
    let events = g.provider.start_subscription(
        t0().date_naive(),
        SeatPrices::reference(),
        Discount::NONE,
        CollectionMethod::AutomaticCharge,
        t0(),
    );
    g.record(events);
    let r = g.provider.reconcile_psa(&[PsaCompany::new(1, "A-1", "Adatum", None, None).unwrap()]).unwrap();
    assert!(r.proposals.is_empty());
}

#[test]
fn normalised_names() {
    for (a, b) in [
        ("Contoso, Ltd.", "contoso"),
        ("The Phone Company", "phone"),
        ("Fabrikam & Sons GmbH", "fabrikam and sons"),
        ("  Tailspin   Toys, Inc ", "tailspin toys"),
        ("Inc.", "inc"),
        ("Café Ltd", "café"),
    ] {
        assert_eq!(normalised_company_name(a), b, "{a}");
    }
}

#[test]
fn proposals_are_recorded_as_client_reference_events_and_replay() {
    let (mut f, [_, fabrikam, tailspin, _]) = msp();
    let companies = read(CONNECTWISE, None).unwrap();
    let r = f.provider.reconcile_psa(&companies).unwrap();
    let admin = f.admin;
    let events = f.provider.set_client_references(admin, &r.references(), t0());
    let events = f.record(events);
    let names: Vec<_> = events.iter().map(|e| e.change.name()).collect();
    assert_eq!(names, ["client_reference_set", "client_reference_set"]);
    let sub = f.provider.subscription().unwrap();
    assert_eq!(
        (sub.client_reference(fabrikam), sub.client_reference(tailspin)),
        (Some("CW-2"), Some("CW-3"))
    );
    f.replays().unwrap();
    let again = f.provider.reconcile_psa(&companies).unwrap();
    assert!(again.proposals.is_empty());
    assert_eq!(again.matched, 3);
    // The same references again record nothing.
    assert!(f.provider.set_client_references(admin, &r.references(), t0()).unwrap().is_empty());
}

#[test]
fn recording_references_is_all_or_nothing() {
    let (mut f, [_, fabrikam, tailspin, _]) = msp();
    let before = f.provider.clone();
    let stranger = OrganizationId::new(uuid::Uuid::from_u128(77));
    let admin = f.admin;
    let refs = [(fabrikam, "CW-2".to_owned()), (stranger, "CW-3".to_owned())];
    assert_eq!(code(f.provider.set_client_references(admin, &refs, t0())), "client_not_found");
    let refs = [(fabrikam, "CW-2".to_owned()), (tailspin, "x\u{7}".to_owned())];
    assert_eq!(code(f.provider.set_client_references(admin, &refs, t0())), "client_reference_invalid");
    let refs = [(fabrikam, "CW-2".to_owned()), (fabrikam, "CW-3".to_owned())];
    assert_eq!(code(f.provider.set_client_references(admin, &refs, t0())), "client_reference_invalid");
    assert_eq!(f.provider, before);
    // Without a subscription there are no references to reconcile.
    let g = Fixture::billable(ProviderType::Msp);
    assert_eq!(g.provider.reconcile_psa(&[]).unwrap_err().code(), "no_subscription");
    let _: &Provider = &g.provider;
}

#[test]
fn the_findings_csv_neutralises_formulas() {
    let (f, _) = msp();
    let companies = [
        PsaCompany::new(1, "=cmd|' /C calc'!A0", "@SUM(1+1)", None, Some(3)).unwrap(),
        PsaCompany::new(2, "+1", "-2+3", None, None).unwrap(),
    ];
    let csv = f.provider.reconcile_psa(&companies).unwrap().to_csv();
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    for record in reader.records() {
        for cell in &record.unwrap() {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell:?} in {csv}");
        }
    }
    assert!(csv.contains("'=cmd"), "{csv}");
}
