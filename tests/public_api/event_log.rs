//! One log, one replay (issue 14, item 3) and logs that stream (issue 16, items 9, 10, 13): the
//! deployments are the provider's, judged by `Provider::apply`; the log is read line by line.

use mspkit::deployment::{DeploymentCatalog, DeploymentEvent, DeploymentEventKind};
use mspkit::event_log::{EventLogReader, MAX_LINE_BYTES};
use mspkit::{Change, Event, EventLog, OrganizationId, Portfolio, Provider};

fn example(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples").join(name);
    std::fs::read_to_string(path).unwrap()
}

const FABRIKAM: &str = "4f675534-8d07-592f-9292-f914019a3e33"; // planned
const LITWARE: &str = "4746f316-11d0-50d9-973a-c8fecdd5a8c2"; // a client with no plan
const ADMIN: &str = "f70ea0f0-de18-5fe5-b2ad-3b3ff0dc341c";

fn client(id: &str) -> OrganizationId {
    id.parse().unwrap()
}

/// The committed log with one more line: event 346, by `actor` (JSON), of `change` (JSON).
fn with_line(actor: &str, change: &str) -> String {
    let text = example("events.jsonl");
    let provider = text.lines().nth(1).unwrap().split('"').nth(3).unwrap().to_owned();
    format!(
        "{text}{{\"provider\":\"{provider}\",\"sequence\":346,\"at\":\"2026-11-25T09:00:00Z\",\"actor\":{actor},\"change\":{change}}}\n"
    )
}

/// A confirmed provider admin of the provider.
fn admin(provider: &Provider) -> mspkit::ProviderUserId {
    provider.members().iter().find(|m| m.is_confirmed_admin()).unwrap().id()
}

fn member() -> String {
    format!(r#"{{"type":"member","id":"{ADMIN}"}}"#)
}

/// The verdict on a log: the code and line of its refusal, through every replay there is.
fn verdict(text: &str) -> Result<(), (usize, &'static str)> {
    let catalog = DeploymentCatalog::builtin().unwrap();
    let log = EventLog::from_jsonl(text).map_err(|e| (e.line(), e.code()))?;
    let provider = log.replay_provider().map(|_| ()).map_err(|e| (e.line(), e.code()));
    let portfolio = log.replay_portfolio(&catalog).map(|_| ()).map_err(|e| (e.line(), e.code()));
    let streamed =
        EventLogReader::new(text.as_bytes()).replay().map(|_| ()).map_err(|e| (e.line(), e.code()));
    let applied = Provider::replay(log.events()).map(|_| ()).map_err(|e| (0, e.code()));
    assert_eq!(provider, portfolio, "replay_provider and replay_portfolio agree");
    assert_eq!(provider, streamed, "the streaming replay agrees");
    assert_eq!(provider.map_err(|(_, code)| (0, code)), applied, "Provider::replay agrees");
    provider
}

#[test]
fn a_second_plan_for_one_client_is_refused_by_apply() {
    let planned = example("events.jsonl")
        .lines()
        .find(|l| l.contains("deployment_planned") && l.contains(FABRIKAM))
        .unwrap()
        .to_owned();
    let change = &planned[planned.find("\"change\":").unwrap() + 9..planned.len() - 1];
    assert_eq!(verdict(&with_line(&member(), change)), Err((347, "duplicate_client")));

    // And by the command, which changes nothing.
    let mut provider = EventLog::from_jsonl(&example("events.jsonl")).unwrap().replay_provider().unwrap();
    let before = provider.clone();
    let Change::DeploymentPlanned { profile, schedule, due, .. } =
        serde_json::from_str::<Event>(&planned).unwrap().change
    else {
        panic!("not a plan")
    };
    let err = provider
        .plan_deployment(admin(&before), client(FABRIKAM), profile, schedule, due, before.revised_at())
        .unwrap_err();
    assert_eq!(err.code(), "duplicate_client");
    assert_eq!(provider, before);
}

#[test]
fn a_checklist_item_before_a_plan_is_refused_by_apply() {
    let change = format!(
        r#"{{"type":"deployment_checklist_recorded","client":"{LITWARE}","task":"import_data","done":true}}"#
    );
    assert_eq!(verdict(&with_line(&member(), &change)), Err((347, "unknown_client")));

    let mut provider = EventLog::from_jsonl(&example("events.jsonl")).unwrap().replay_provider().unwrap();
    let before = provider.clone();
    let task = serde_json::from_str("\"import_data\"").unwrap();
    let err = provider
        .record_checklist(admin(&before), client(LITWARE), task, true, before.revised_at())
        .unwrap_err();
    assert_eq!(err.code(), "unknown_client");
    assert_eq!(provider, before);
}

#[test]
fn a_step_of_a_client_with_no_plan_is_refused_by_apply() {
    for change in [
        format!(r#"{{"type":"deployment_step_started","client":"{LITWARE}","step":1}}"#),
        format!(r#"{{"type":"deployment_phase_completed","client":"{LITWARE}","phase":1}}"#),
    ] {
        assert_eq!(verdict(&with_line(&member(), &change)), Err((347, "unknown_client")), "{change}");
    }

    let mut provider = EventLog::from_jsonl(&example("events.jsonl")).unwrap().replay_provider().unwrap();
    let before = provider.clone();
    let event = DeploymentEvent {
        kind: DeploymentEventKind::StepStarted,
        client: client(LITWARE),
        step: Some(serde_json::from_str("1").unwrap()),
        phase: None,
        actor: admin(&before),
        at: before.revised_at(),
        reason: None,
        profile: None,
    };
    assert_eq!(provider.record_deployment(&event).unwrap_err().code(), "unknown_client");
    assert_eq!(provider, before);
}

#[test]
fn deployment_events_are_judged_by_the_plan_and_recorded_by_members() {
    // A step the catalogue does not know, a step of a planned client done twice, work recorded
    // by the system, a plan for an organization that is not a client.
    let fabrikam_step =
        |step: u32| format!(r#"{{"type":"deployment_step_completed","client":"{FABRIKAM}","step":{step}}}"#);
    assert_eq!(verdict(&with_line(&member(), &fabrikam_step(99))), Err((347, "unknown_step")));
    assert_eq!(verdict(&with_line(r#"{"type":"system"}"#, &fabrikam_step(1))), Err((347, "event_mismatch")));
    let stranger = "00000000-0000-0000-0000-0000000000aa";
    let change = format!(r#"{{"type":"deployment_step_started","client":"{stranger}","step":1}}"#);
    assert_eq!(verdict(&with_line(&member(), &change)), Err((347, "client_not_found")));
    // The committed log itself passes every replay.
    assert_eq!(verdict(&example("events.jsonl")), Ok(()));
}

#[test]
fn provider_replay_rebuilds_the_deployments_with_everything_else() {
    let log = EventLog::from_jsonl(&example("events.jsonl")).unwrap();
    let provider = Provider::replay(log.events()).unwrap();
    let document = Portfolio::from_json(&example("portfolio.json")).unwrap();
    assert_eq!(provider.deployments(), document.deployments());
    assert_eq!(provider.deployments().len(), 5);
    assert!(provider.deployment(client(LITWARE)).is_none());
    assert_eq!(provider.deployment(client(FABRIKAM)).unwrap().client(), client(FABRIKAM));
    // The portfolio of the replay is the document, byte for byte.
    assert_eq!(Portfolio::new(provider.clone()).to_json().unwrap() + "\n", example("portfolio.json"));
    let mut written = Vec::new();
    Portfolio::new(provider.clone()).write_json(&mut written).unwrap();
    assert_eq!(String::from_utf8(written).unwrap() + "\n", example("portfolio.json"));
    // The provider's own JSON keeps its deployments.
    let json = provider.to_json().unwrap();
    assert_eq!(Provider::from_json(&json).unwrap(), provider);
}

#[test]
fn a_client_that_leaves_takes_its_deployment_with_it() {
    let log = EventLog::from_jsonl(&example("events.jsonl")).unwrap();
    let mut portfolio = Portfolio::new(Provider::replay(log.events()).unwrap());
    let by = admin(portfolio.provider());
    let now = portfolio.provider().revised_at();
    portfolio.update_provider(|p| p.unlink_client(by, client(FABRIKAM), now)).unwrap();
    assert!(portfolio.deployments().iter().all(|d| d.client() != client(FABRIKAM)));
    assert_eq!(portfolio.deployments().len(), 4);
    // And the document reads back.
    assert_eq!(Portfolio::from_json(&portfolio.to_json().unwrap()).unwrap(), portfolio);
}

#[test]
fn the_streaming_reader_reads_what_the_whole_log_reader_reads() {
    let text = example("events.jsonl");
    let whole = EventLog::from_jsonl(&text).unwrap();
    let streamed: Vec<(usize, Event)> = EventLogReader::new(text.as_bytes()).map(Result::unwrap).collect();
    assert_eq!(streamed.len(), whole.events().len());
    for (i, (line, event)) in streamed.iter().enumerate() {
        assert_eq!((*line, event), (whole.line(i), &whole.events()[i]));
    }
    let provider = EventLogReader::new(text.as_bytes()).replay().unwrap();
    assert_eq!(provider, whole.replay_provider().unwrap());
    // Blank lines and CRLF line breaks are read as before.
    let crlf = format!("\r\n{}", text.replace('\n', "\r\n\r\n"));
    let err_or = EventLogReader::new(crlf.as_bytes()).replay().unwrap();
    assert_eq!(err_or, provider);
}

#[test]
fn every_log_error_names_its_line_a_byte_that_is_not_utf8_too() {
    let text = example("events.jsonl");
    let mut bytes: Vec<u8> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        bytes.extend_from_slice(line.as_bytes());
        if i == 6 {
            bytes.extend_from_slice(b"\xff\xfe");
        }
        bytes.push(b'\n');
    }
    let err = EventLogReader::new(bytes.as_slice()).replay().unwrap_err();
    assert_eq!((err.line(), err.code()), (7, "read_failed"));
    assert!(err.to_string().starts_with("line 7: "), "{err}");
    assert!(err.to_string().contains("not UTF-8"), "{err}");
    // The reader ends after an error.
    let mut reader = EventLogReader::new(bytes.as_slice());
    let results: Vec<_> = reader.by_ref().collect();
    assert_eq!(results.len(), 6);
    assert!(results.last().unwrap().is_err());
    assert!(reader.next().is_none());
}

#[test]
fn the_size_limit_of_a_log_is_per_line() {
    let text = example("events.jsonl");
    // A long line is refused once the limit is read, with its line and its own code.
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines.insert(3, format!("{{\"pad\":\"{}\"}}", "x".repeat(MAX_LINE_BYTES)));
    let long = lines.join("\n");
    let err = EventLog::from_jsonl(&long).unwrap_err();
    assert_eq!((err.line(), err.code()), (4, "event_line_too_long"));
    // An endless line stops at the limit, not at the end of memory.
    let endless = std::io::BufReader::new(std::io::Read::chain(
        &b"{\"schema_version\":1}\n"[..],
        std::io::repeat(b'x'),
    ));
    let err = EventLogReader::new(endless).replay().unwrap_err();
    assert_eq!((err.line(), err.code()), (2, "event_line_too_long"));
    // A line at the limit is read (and refused for what it holds, not for its length).
    let at_limit = format!("{{\"schema_version\":1}}\n{}\n", " ".repeat(MAX_LINE_BYTES - 2) + "{}");
    let err = EventLog::from_jsonl(&at_limit).unwrap_err();
    assert_eq!((err.line(), err.code()), (2, "invalid_document"));
    // The whole log has no size limit: a log larger than a small reader's limit still reads.
    let reader = mspkit::DocumentReader::with_max_bytes(4096);
    assert_eq!(EventLog::from_jsonl_with(&text, &reader).unwrap().events().len(), 345);
}
