//! The bundled example is generated, not written by hand: `examples/events.jsonl` is the log of
//! the generator's commands, and `examples/portfolio.json` is exactly what replaying it gives.
//! Regenerate both with `cargo run -p mspkit-tests --example regenerate`.

use mspkit::deployment::DeploymentCatalog;
use mspkit::{EventLog, Portfolio};
use mspkit_tests::example_log;

fn example(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples").join(name);
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn the_committed_log_is_what_the_generator_writes() {
    let log = example_log::generate().unwrap();
    assert_eq!(
        log.to_jsonl(),
        example("events.jsonl"),
        "examples/events.jsonl is stale: run `cargo run -p mspkit-tests --example regenerate`"
    );
}

#[test]
fn the_committed_portfolio_is_the_replay_of_the_committed_log_byte_for_byte() {
    let log = EventLog::from_jsonl(&example("events.jsonl")).unwrap();
    let portfolio = log.replay_portfolio(&DeploymentCatalog::builtin().unwrap()).unwrap();
    assert_eq!(
        portfolio.to_json().unwrap() + "\n",
        example("portfolio.json"),
        "examples/portfolio.json is stale: run `cargo run -p mspkit-tests --example regenerate`"
    );
    // And the document reads back to the same portfolio.
    assert_eq!(Portfolio::from_json(&example("portfolio.json")).unwrap(), portfolio);
    assert_eq!(portfolio.provider().last_sequence(), u64::try_from(log.events().len()).unwrap());
}

#[test]
fn the_example_log_names_each_line() {
    let text = example("events.jsonl");
    let mut lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], r#"{"schema_version":2}"#);
    // A line of the wrong shape is reported with its number.
    lines[5] = r#"{"provider": 1}"#;
    let err = EventLog::from_jsonl(&lines.join("\n")).unwrap_err();
    assert_eq!((err.line(), err.code()), (6, "event_line_unchained"));
    // A line removed breaks the chain on the line after it.
    let mut gap: Vec<&str> = text.lines().collect();
    gap.remove(3);
    let err = EventLog::from_jsonl(&gap.join("\n")).unwrap_err();
    assert_eq!((err.line(), err.code()), (4, "event_chain_broken"));
    // In the version 1 form, a line that does not fit the provider is reported with its number.
    let v1 = mspkit_tests::example_log::unchained(&text);
    let mut gap: Vec<&str> = v1.lines().collect();
    gap.remove(3);
    let log = EventLog::from_jsonl(&gap.join("\n")).unwrap();
    let err = log.replay_provider().unwrap_err();
    assert_eq!((err.line(), err.code()), (4, "event_out_of_sequence"));
    // Another schema version is refused on its header line.
    let err = EventLog::from_jsonl("\n{\"schema_version\":3}\n").unwrap_err();
    assert_eq!((err.line(), err.code()), (2, "event_log_schema_unsupported"));
    assert_eq!(EventLog::from_jsonl("").unwrap_err().code(), "event_log_empty");
}
