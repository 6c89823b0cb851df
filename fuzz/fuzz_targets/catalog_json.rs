//! Deployment editions in JSON (`DeploymentCatalog::from_json`).
//! Properties: no panic; an edition that reads is written and reads back equal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mspkit::DeploymentCatalog;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(catalog) = DeploymentCatalog::from_json(text) else { return };
    let json = catalog.to_json().expect("a catalogue writes");
    let again = DeploymentCatalog::from_json(&json).expect("a written catalogue reads back");
    assert_eq!(again, catalog, "a catalogue changes on a write and read");
    let _ = catalog.total();
});
