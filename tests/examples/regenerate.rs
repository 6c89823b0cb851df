//! Writes the bundled example: `examples/events.jsonl` (the log of the example's commands) and
//! `examples/portfolio.json` (the replay of that log).
//!
//! ```text
//! cargo run -p mspkit-tests --example regenerate
//! ```

use std::path::Path;

fn main() -> Result<(), mspkit_tests::example_log::GenError> {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let log = mspkit_tests::example_log::generate()?;
    let portfolio = mspkit_tests::example_log::portfolio(&log)?;
    std::fs::write(examples.join("events.jsonl"), log.to_jsonl())?;
    std::fs::write(examples.join("portfolio.json"), portfolio.to_json()? + "\n")?;
    println!("wrote examples/events.jsonl ({} events) and examples/portfolio.json", log.events().len());
    Ok(())
}
