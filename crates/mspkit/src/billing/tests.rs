//! Billing reports on a real provider.

use chrono::{NaiveDate, TimeZone, Utc};
use uuid::Uuid;

use super::*;
use crate::{
    ClientMember, Email, NewClient, OrganizationId, OrganizationUserStatus, OrganizationUserType, PlanType,
    Provider, ProviderId, ProviderSettings, ProviderType, ProviderUserId, UserId,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// An MSP with a Teams minimum of 20 and an Enterprise minimum of 10, and three clients:
/// `Contoso, Ltd` (Teams, 12 seats, 3 used), `"Fabrikam"` (Teams, 5 seats, 5 used: full)
/// and `Tailspin` (Enterprise, 15 seats, 2 used).
fn provider() -> (Provider, ProviderUserId, Vec<OrganizationId>) {
    let now = Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap();
    let settings = ProviderSettings::new("Northwind IT")
        .unwrap()
        .with_billing_email(Some(Email::new("billing@northwind.example").unwrap()));
    let ada = Email::new("ada@northwind.example").unwrap();
    let (mut p, _) =
        Provider::issue(ProviderId::new(Uuid::from_u128(1)), ProviderType::Msp, settings, ada.clone(), now);
    p.set_up(UserId::new(Uuid::from_u128(2)), &ada, now).unwrap();
    p.mark_billable(now).unwrap();
    let admin = p.members()[0].id();
    p.set_seat_minimum(None, PlanType::TeamsMonthly, 20, now).unwrap();
    p.set_seat_minimum(None, PlanType::EnterpriseMonthly, 10, now).unwrap();
    let mut ids = Vec::new();
    for (name, plan, seats, used) in [
        ("Contoso, Ltd", PlanType::TeamsMonthly, 12, 3),
        ("\"Fabrikam\"", PlanType::TeamsMonthly, 5, 5),
        ("Tailspin", PlanType::EnterpriseMonthly, 15, 2),
    ] {
        let new = NewClient {
            name: name.to_owned(),
            owner_email: Email::new("owner@client.example").unwrap(),
            plan,
            seats,
            first_collection: None,
        };
        p.create_client(admin, new, now).unwrap();
        let id = p.clients().last().unwrap().id();
        for i in 1..used {
            let member = ClientMember::new(
                Email::new(&format!("m{i}@client.example")).unwrap(),
                OrganizationUserType::User,
                OrganizationUserStatus::Confirmed,
            );
            p.add_client_member(admin, id, member, now).unwrap();
        }
        ids.push(id);
    }
    (p, admin, ids)
}

fn subscription(discount: &str) -> Subscription {
    let (mut s, _) = Subscription::start(
        ProviderType::Msp,
        SeatPrices::reference(),
        discount.parse().unwrap(),
        CollectionMethod::AutomaticCharge,
        d(2026, 11, 1),
    )
    .unwrap();
    s.issue_invoice(d(2026, 11, 15), Money::ZERO).unwrap();
    s.pay(d(2026, 11, 15)).unwrap();
    s
}

#[test]
fn the_invoice_has_a_line_per_plan_and_the_prorations_of_the_period() {
    let (p, _, ids) = provider();
    let mut s = subscription("0");
    // Teams: 17 assigned of 20 → 20 billed × $4 = $80. Enterprise: 15 of 10 → 10 + 5 × $6 = $90.
    let inv = Invoice::build(&p, &s, "2026-12".parse().unwrap()).unwrap();
    assert_eq!(inv.charge_date, d(2026, 12, 15));
    let teams = &inv.lines[0];
    assert_eq!(
        (teams.plan, teams.seat_minimum, teams.purchased_seats, teams.quantity, teams.total.cents()),
        (PlanType::TeamsMonthly, 20, 0, 20, 8_000)
    );
    let ent = &inv.lines[1];
    assert_eq!(
        (ent.seat_minimum, ent.purchased_seats, ent.quantity, ent.unit_price.cents()),
        (10, 5, 15, 600)
    );
    assert_eq!(inv.total.cents(), 17_000);
    // A purchase of 2 Enterprise seats on 20 November (25 of 30 days left): 2 × $6 × 25/30 = $10.
    let purchase = s.purchase(*ids.last().unwrap(), PlanType::EnterpriseMonthly, 2, d(2026, 11, 20)).unwrap();
    s.apply(&purchase).unwrap();
    let inv = Invoice::build(&p, &s, "2026-12".parse().unwrap()).unwrap();
    assert_eq!(inv.prorations.len(), 1);
    assert_eq!(inv.prorations[0].total.cents(), 1_000);
    assert_eq!(inv.total.cents(), 18_000);
    let sum: i64 =
        inv.lines.iter().map(|l| l.total.cents()).chain(inv.prorations.iter().map(|l| l.total.cents())).sum();
    assert_eq!(inv.total.cents(), sum);
    // Not on the following month's invoice.
    let jan = Invoice::build(&p, &s, "2027-01".parse().unwrap()).unwrap();
    assert!(jan.prorations.is_empty());
    assert_eq!(jan.total.cents(), 17_000);
    // Before the first charge.
    let err = Invoice::build(&p, &s, "2026-10".parse().unwrap()).unwrap_err();
    assert_eq!(err.code(), "date_before_subscription");
}

#[test]
fn a_discount_applies_to_every_line_rounded_once() {
    let (p, _, _) = provider();
    let s = subscription("12.5");
    let inv = Invoice::build(&p, &s, "2026-12".parse().unwrap()).unwrap();
    // $80 × 0.875 = $70; $90 × 0.875 = $78.75.
    assert_eq!(inv.lines[0].total.cents(), 7_000);
    assert_eq!(inv.lines[1].total.cents(), 7_875);
    assert_eq!(inv.subtotal.cents(), 17_000);
    assert_eq!(inv.total.cents(), 14_875);
}

#[test]
fn the_client_invoice_report_has_the_reference_columns_and_quotes_names() {
    let (p, _, ids) = provider();
    let s = subscription("12.5");
    let report = ClientInvoiceReport::build(&p, &s).unwrap();
    let csv = report.to_csv();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "Client,Id,Assigned,Used,Remaining,Plan,Estimated total");
    // 12 × $4 × 0.875 = $42.00.
    assert_eq!(lines[1], format!("\"Contoso, Ltd\",{},12,3,9,Teams (Monthly),$42.00", ids[0]));
    assert_eq!(lines[2], format!("\"\"\"Fabrikam\"\"\",{},5,5,0,Teams (Monthly),$17.50", ids[1]));
    // 15 × $6 × 0.875 = $78.75.
    assert_eq!(lines[3], format!("Tailspin,{},15,2,13,Enterprise (Monthly),$78.75", ids[2]));
    // Teams has no purchased seats: 20 − 17 = 3 unassigned × $3.50 = $10.50. Enterprise has
    // purchased seats: no row.
    assert_eq!(lines[4], "Unassigned seats,,3,0,3,Teams (Monthly),$10.50");
    assert_eq!(lines.len(), 5);
    // Every record ends with CRLF, as the reference's report does (ProviderBillingService's
    // GenerateClientInvoiceReport writes with CsvHelper, whose records end with "\r\n"; its
    // GenerateClientInvoiceReport_Succeeds test reads the bytes back as CSV).
    assert_eq!(csv.matches("\r\n").count(), 5);
    assert_eq!(csv.matches('\n').count(), 5, "no bare LF: {csv:?}");
    assert!(csv.ends_with("$10.50\r\n"));
    assert_eq!(report.total.cents(), 4_200 + 1_750 + 7_875 + 1_050);
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["rows"][0]["estimated_total"], "42.00");
    assert_eq!(json["rows"][3]["id"], serde_json::Value::Null);
}

#[test]
fn thousands_in_the_report_are_grouped() {
    let (p, _, _) = provider();
    let mut s = subscription("0");
    s.set_prices(
        SeatPrices::reference().with_price(PlanType::EnterpriseMonthly, Money::from_cents(10_000)).unwrap(),
    )
    .unwrap();
    let csv = ClientInvoiceReport::build(&p, &s).unwrap().to_csv();
    assert!(csv.contains("Enterprise (Monthly),\"$1,500.00\""), "{csv}");
}

#[test]
fn utilisation_per_client_and_plan_with_full_and_idle_clients() {
    let (p, _, ids) = provider();
    let u = SeatUtilisation::build(&p, 8);
    assert_eq!(u.clients.len(), 3);
    assert_eq!((u.clients[0].assigned, u.clients[0].used, u.clients[0].free), (12, 3, 9));
    assert_eq!(u.clients[0].idle_share.ten_thousandths(), 7_500);
    assert_eq!(u.full_clients, [ids[1]]);
    assert_eq!(u.idle_clients, [ids[0], ids[2]]);
    let teams = &u.plans[0];
    assert_eq!((teams.assigned, teams.used, teams.free, teams.unassigned, teams.purchased), (17, 8, 9, 3, 0));
    let u = SeatUtilisation::build(&p, 9);
    assert_eq!(u.idle_clients, [ids[2]], "more than 9, not 9 or more");
}

#[test]
fn the_psa_export_carries_quantity_unit_price_and_reference() {
    let (p, _, ids) = provider();
    let mut s = subscription("10");
    s.set_client_reference(ids[0], Some("CW-0042")).unwrap();
    let psa = PsaExport::build(&p, &s).unwrap();
    assert_eq!(psa.rows[0].reference.as_deref(), Some("CW-0042"));
    assert_eq!(psa.rows[0].unit_price.cents(), 360);
    assert_eq!(psa.rows[0].total.cents(), 4_320);
    assert_eq!(psa.rows[1].reference, None);
    let csv = psa.to_csv();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "Client,Client Id,Reference,Product,Quantity,Unit Price,Total,Billing Cycle");
    assert_eq!(
        lines[1],
        format!("\"Contoso, Ltd\",{},CW-0042,Teams (Monthly),12,3.60,43.20,monthly", ids[0])
    );
    assert_eq!(lines[3], format!("Tailspin,{},,Enterprise (Monthly),15,5.40,81.00,monthly", ids[2]));
}

#[test]
fn what_if_reports_purchases_refusals_and_costs_without_touching_the_provider() {
    let (p, _, ids) = provider();
    let s = subscription("0");
    let before = p.clone();
    let what_if = WhatIf::from_json(&format!(
        r#"{{"on": "2026-11-20", "changes": [
            {{"client": "Contoso, Ltd", "seats": 14}},
            {{"client": "{}", "seats": 8}},
            {{"client": "Tailspin", "seats": 1}},
            {{"plan": "enterprise_monthly", "seat_minimum": 20}},
            {{"plan": "teams_annually", "seat_minimum": 5}}
        ]}}"#,
        ids[1]
    ))
    .unwrap();
    let r = WhatIfResult::build(&p, &s, &what_if, d(2026, 11, 1)).unwrap();
    assert_eq!(p, before, "the provider is untouched");
    let o = &r.outcomes;
    // Teams 17 → 19 of 20: no purchase, a service user could do it.
    assert_eq!((o[0].from, o[0].to, o[0].purchase, o[0].service_user_allowed), (12, 14, false, true));
    // Teams 19 → 22: a purchase of 2 (over 20); 2 × $4 × 25/30 = $6.67.
    assert_eq!((o[1].purchase, o[1].seats_bought, o[1].service_user_allowed), (true, 2, false));
    assert_eq!(o[1].prorated_cost.cents(), 667);
    // Tailspin uses 2 seats: 1 is refused with the command's own code.
    assert_eq!(o[2].refused.as_ref().unwrap().code, "seats_below_occupied");
    assert!(!o[2].service_user_allowed);
    // Minimums are an admin's change.
    assert!(!o[3].service_user_allowed);
    assert_eq!(o[4].refused.as_ref().unwrap().code, "plan_not_allowed");
    // Before: Teams 20 × 4 + Enterprise 15 × 6 = $170. After: Teams 22 × 4 = 88, Enterprise
    // 20 × 6 = 120: $208; plus $6.67 prorated.
    assert_eq!(r.recurring_before.cents(), 17_000);
    assert_eq!(r.recurring_after.cents(), 20_800);
    assert_eq!(r.next_invoice_difference.cents(), 3_800 + 667);
    assert!(!r.service_user_allowed);
    let err = WhatIfResult::build(
        &p,
        &s,
        &WhatIf::from_json(r#"{"changes":[{"client":"Nobody","seats":3}]}"#).unwrap(),
        d(2026, 11, 20),
    )
    .unwrap_err();
    assert_eq!(err.code(), "what_if_client_unknown");
    assert_eq!(WhatIf::from_json(r#"{"changes":[{"seats":3}]}"#).unwrap_err().code(), "what_if_invalid");
    // A what-if before the subscription started is refused, as `invoice --period` is; a day
    // of the trial is a real what-if (its purchases are free until the first charge).
    let early = WhatIf::from_json(r#"{"changes":[{"client":"Tailspin","seats":3}]}"#).unwrap();
    let started = s.anchor() - chrono::Days::new(MSP_TRIAL_DAYS);
    let err = WhatIfResult::build(&p, &s, &early, started.pred_opt().unwrap()).unwrap_err();
    assert_eq!(err.code(), "date_before_subscription");
    assert!(err.to_string().contains(&started.to_string()), "{err}");
    let in_trial = WhatIfResult::build(&p, &s, &early, started).unwrap();
    assert_eq!(in_trial.prorated_purchases, Money::ZERO);
    let far = WhatIf::from_json(r#"{"on": "-262143-01-01", "changes": []}"#).unwrap_err();
    assert_eq!(far.code(), "what_if_invalid");
    assert!(far.to_string().contains("`on`"), "{far}");
    // A seat count above the ceiling is refused as the real command refuses it.
    let huge = WhatIf::from_json(r#"{"changes":[{"client":"Tailspin","seats":4000000000}]}"#).unwrap();
    let r = WhatIfResult::build(&p, &s, &huge, d(2026, 11, 20)).unwrap();
    assert_eq!(r.outcomes[0].refused.as_ref().unwrap().code, "seats_above_limit");
    assert_eq!(r.prorated_purchases, Money::ZERO);
}

#[test]
fn what_if_errors_name_the_field_and_the_reason() {
    for (json, field, reason) in [
        (
            r#"{"changes":[{"client":"A","seats":-3}]}"#,
            "`changes[0].seats`",
            "is not a whole number of seats",
        ),
        (
            r#"{"changes":[{"client":"A","seats":3},{"plan":"gold","seat_minimum":1}]}"#,
            "`changes[1].plan`",
            "is not a plan",
        ),
        (r#"{"changes":[{"client":"A","seats":3,"extra":1}]}"#, "`changes[0].extra`", "unknown field"),
        (r#"{"changes":[{"client":"A"}]}"#, "`changes[0].seats`", "missing"),
        (r#"{"changes":[{"plan":"teams_monthly"}]}"#, "`changes[0].seat_minimum`", "missing"),
        (r#"{"changes":[{"client":"A","plan":"teams_monthly"}]}"#, "`changes[0]`", "not both"),
        (r#"{"changes":[7]}"#, "`changes[0]`", "is not a change"),
        (r#"{"changes":{}}"#, "`changes`", "is not a list"),
        (r#"{"on":"2026-13-01","changes":[]}"#, "`on`", "is not a date"),
        (r#"{"when":"x","changes":[]}"#, "`when`", "unknown field"),
        ("{}", "`changes`", "missing"),
    ] {
        let err = WhatIf::from_json(json).unwrap_err();
        assert_eq!(err.code(), "what_if_invalid", "{json}");
        let message = err.to_string();
        assert!(message.contains(field) && message.contains(reason), "{json}: {message}");
        assert!(!message.contains("untagged"), "{message}");
    }
    // The document reader's refusals keep their own codes.
    for (json, code) in [
        (r#"{"changes":[{"client":"A","seats":3,"seats":4}]}"#, "duplicate_key"),
        (r#"{"changes":[{"client":"A","seats":3}]"#, "invalid_document"),
    ] {
        assert_eq!(WhatIf::from_json(json).unwrap_err().code(), code, "{json}");
    }
    let small = crate::DocumentReader::with_max_bytes(8);
    assert_eq!(WhatIf::from_json_with(r#"{"changes":[]}"#, &small).unwrap_err().code(), "document_too_large");
    // Seats and minimums as text of a whole number are read (a Python Decimal arrives so).
    let read = WhatIf::from_json(r#"{"changes":[{"client":"A","seats":"30"}]}"#).unwrap();
    assert_eq!(read.changes, vec![ProposedChange::Seats(SeatChange { client: "A".into(), seats: 30 })]);
}

#[test]
fn usage_based_comparison_per_plan_and_per_year() {
    let (p, _, _) = provider();
    let s = subscription("0");
    let c = ModelComparison::build(&p, &s).unwrap();
    // Teams: 8 used × $5 = $40 vs $80; Enterprise: 2 used × $7 = $14 vs $90.
    assert_eq!((c.plans[0].usage_based.cents(), c.plans[0].seat_minimum_model.cents()), (4_000, 8_000));
    assert_eq!((c.plans[1].usage_based.cents(), c.plans[1].seat_minimum_model.cents()), (1_400, 9_000));
    assert_eq!(c.usage_based_per_year.cents(), 12 * 5_400);
    assert_eq!(c.seat_minimum_model_per_year.cents(), 12 * 17_000);
    assert_eq!(c.cheaper, super::CheaperModel::UsageBased);
    assert_eq!(c.saving_per_year.cents(), 12 * (17_000 - 5_400));
}

/// The CSV as the `csv` crate's writer (default settings) writes the same rows: the report
/// writes its text directly, and must quote exactly as that writer does.
fn csv_crate_reference(report: &ClientInvoiceReport) -> String {
    // CRLF record ends, as the reference's CSV writer (CsvHelper's default) ends them.
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    w.write_record(CLIENT_INVOICE_COLUMNS).unwrap();
    for r in &report.rows {
        let cells = [
            r.client.clone(),
            r.id.map(|id| id.to_string()).unwrap_or_default(),
            r.assigned.to_string(),
            r.used.to_string(),
            r.remaining.to_string(),
            r.plan.to_owned(),
            r.estimated_total.to_string(),
        ];
        w.write_record(cells.iter().map(|c| crate::text::csv_cell(c).into_owned())).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

#[test]
fn the_client_invoice_csv_quotes_as_the_csv_crate_does() {
    let (p, _, _) = provider();
    let s = subscription("12.5");
    let mut report = ClientInvoiceReport::build(&p, &s).unwrap();
    assert_eq!(report.to_csv(), csv_crate_reference(&report));
    // Written straight from the provider: the same text.
    assert_eq!(ClientInvoiceReport::csv_of(&p, &s).unwrap(), report.to_csv());
    let template = report.rows[0].clone();
    let names = [
        "plain",
        "a,b",
        "\"quoted\"",
        "say \"hi\", then",
        "line\nbreak",
        "carriage\rreturn",
        "tab\there",
        "Zoë & Søn",
        "東京, 株式会社",
        ",",
        "\"",
        "''",
        " padded ",
        "x",
        "semi;colon",
        "#hash",
        "=1+2",
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1",
        "\r=1",
        "\n=1",
        "＝1+2",
        "=\"quoted\",1",
    ];
    let amounts = [0, 1, -1, 99_999, 100_000, -123_456_789, i64::MAX, i64::MIN];
    report.rows = names
        .iter()
        .zip(amounts.iter().cycle())
        .enumerate()
        .map(|(i, (name, cents))| ClientInvoiceRow {
            client: (*name).to_owned(),
            id: if i % 3 == 0 { None } else { template.id },
            assigned: u64::MAX - i as u64,
            used: i as u64,
            remaining: 10u64.saturating_pow(u32::try_from(i).unwrap()),
            estimated_total: Money::from_cents(*cents),
            ..template.clone()
        })
        .collect();
    assert_eq!(report.to_csv(), csv_crate_reference(&report));
    report.rows.clear();
    assert_eq!(report.to_csv(), "Client,Id,Assigned,Used,Remaining,Plan,Estimated total\r\n");
}

#[test]
fn the_seat_summary_agrees_with_each_plan_s_seats() {
    let (mut p, admin, ids) = provider();
    let now = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
    // A client added after the Enterprise one, on the first plan: the plans still come in order.
    let new = NewClient {
        name: "Late Teams".to_owned(),
        owner_email: Email::new("owner@late.example").unwrap(),
        plan: PlanType::TeamsMonthly,
        seats: 4,
        first_collection: None,
    };
    p.create_client(admin, new, now).unwrap();
    let summary = p.seat_summary();
    let plans: Vec<PlanType> = summary.iter().map(|s| s.plan).collect();
    assert_eq!(plans, [PlanType::TeamsMonthly, PlanType::EnterpriseMonthly]);
    assert_eq!(p.billed_plans(), plans, "the invoice's plans, from the running totals");
    for s in &summary {
        assert_eq!(*s, p.plan_seats(s.plan));
    }
    assert_eq!((summary[0].assigned_seats, summary[0].occupied_seats), (21, 9));
    // The Enterprise client leaves, then its minimum goes: the running totals still give the
    // plans the pass over the clients gives.
    let p_plans = |p: &Provider| p.seat_summary().iter().map(|s| s.plan).collect::<Vec<_>>();
    p.delete_client(admin, ids[2], now).unwrap();
    assert_eq!(p.billed_plans(), p_plans(&p));
    p.set_seat_minimum(None, PlanType::EnterpriseMonthly, 0, now).unwrap();
    assert_eq!(p.billed_plans(), p_plans(&p));
    for s in p.seat_summary() {
        assert_eq!(s, p.plan_seats(s.plan));
    }
}

#[test]
fn the_client_invoice_rows_add_up_to_each_plan_s_invoice_line() {
    let (mut p, admin, _) = provider();
    let now = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
    // Three Enterprise clients of one seat more, so the plan is past its minimum.
    for name in ["One", "Two", "Three"] {
        let new = NewClient {
            name: name.to_owned(),
            owner_email: Email::new("owner@client.example").unwrap(),
            plan: PlanType::EnterpriseMonthly,
            seats: 1,
            first_collection: None,
        };
        p.create_client(admin, new, now).unwrap();
    }
    for discount in ["33.33", "12.5", "0", "99.99", "66.67", "1.01"] {
        let s = subscription(discount);
        let report = ClientInvoiceReport::build(&p, &s).unwrap();
        let invoice = Invoice::build(&p, &s, "2026-12".parse().unwrap()).unwrap();
        assert!(invoice.prorations.is_empty());
        for line in &invoice.lines {
            let rows: Vec<&ClientInvoiceRow> =
                report.rows.iter().filter(|r| r.plan_type == line.plan).collect();
            let sum = Money::sum(rows.iter().map(|r| r.estimated_total)).unwrap();
            assert_eq!(sum, line.total, "{discount}% {:?}", line.plan);
            assert_eq!(rows.iter().map(|r| r.assigned).sum::<u64>(), line.quantity);
            // Each row is its exact share rounded down or up: never more than a cent off.
            for r in rows {
                let price = s.price(line.plan).unwrap().cents();
                let exact = i128::from(price)
                    * i128::from(r.assigned)
                    * (10_000 - i128::from(s.discount().basis_points()));
                let cents = i128::from(r.estimated_total.cents()) * 10_000;
                assert!(cents > exact - 10_000, "{discount}%: {r:?}");
                assert!(cents < exact + 10_000, "{discount}%: {r:?}");
            }
        }
        assert_eq!(report.total, invoice.total, "{discount}%");
        assert_eq!(ClientInvoiceReport::csv_of(&p, &s).unwrap(), report.to_csv());
    }
    // Rounding each row on its own would not add up at 33.33 % (what the report did before).
    let s = subscription("33.33");
    let report = ClientInvoiceReport::build(&p, &s).unwrap();
    let invoice = Invoice::build(&p, &s, "2026-12".parse().unwrap()).unwrap();
    let each_rounded = Money::sum(report.rows.iter().map(|r| {
        s.discount()
            .apply(s.price(r.plan_type).unwrap().checked_mul(i64::try_from(r.assigned).unwrap()).unwrap())
            .unwrap()
    }))
    .unwrap();
    assert_ne!(each_rounded, invoice.total, "the case shows the old rounding's gap");
}
