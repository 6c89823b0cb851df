//! The reference server's JSON: `read_reference_with` over up to four documents separated by
//! NUL bytes in the input (provider, members, clients, the caller's profile), with no facts
//! and with ambiguous plan names read as the current edition; the whole input as a page of the
//! provider event log (`read_reference_events`).
//! Properties: no panic; a provider that reads is written in the reference format and reads
//! back, with no facts, to the same documents; reading with more facts never refuses what
//! reading with fewer accepted.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mspkit::interop::{AmbiguousPlans, ReferenceFacts, read_reference_events, read_reference_with};
use mspkit::write_reference;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = read_reference_events(text);
    let mut parts = text.splitn(4, '\0');
    let provider = parts.next().unwrap_or_default();
    let members = parts.next().unwrap_or("[]");
    let clients = parts.next().unwrap_or("[]");
    let mut facts = ReferenceFacts::new();
    if let Some(profile) = parts.next() {
        match facts.clone().with_profile_json(profile) {
            Ok(with_profile) => facts = with_profile,
            // A profile is read like every reference document: limit, repeated keys, shape.
            Err(e) => assert!(
                ["reference_malformed", "duplicate_key", "document_too_large"].contains(&e.code()),
                "a profile refused with {}",
                e.code()
            ),
        }
    }
    let plain = read_reference_with(provider, members, clients, &facts);
    let guessing = facts.with_ambiguous_plans(AmbiguousPlans::Current);
    let guessed = read_reference_with(provider, members, clients, &guessing);
    let Ok(read) = guessed else {
        assert!(plain.is_err(), "choosing the current edition refused what reading without it accepted");
        return;
    };
    if let Ok(plain) = plain {
        assert_eq!(plain.provider, read.provider, "the choice changed a document without ambiguity");
    }
    let docs = write_reference(&read.provider);
    let provider_json = serde_json::to_string(&docs.provider).expect("a provider writes");
    let members_json = serde_json::to_string(&docs.members).expect("members write");
    let clients_json = serde_json::to_string(&docs.clients).expect("clients write");
    let again = read_reference_with(&provider_json, &members_json, &clients_json, &ReferenceFacts::new())
        .expect("a written reference document reads back with no facts");
    assert_eq!(write_reference(&again.provider), docs, "reference documents change on a read and write");
});
