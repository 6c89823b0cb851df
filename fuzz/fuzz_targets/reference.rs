//! The reference server's JSON (`read_reference`): three documents (provider, members,
//! clients) separated by NUL bytes in the input.
//! Properties: no panic; a provider that reads is written in the reference format and reads
//! back to an equal provider.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mspkit::{read_reference, write_reference};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut parts = text.splitn(3, '\0');
    let provider = parts.next().unwrap_or_default();
    let members = parts.next().unwrap_or("[]");
    let clients = parts.next().unwrap_or("[]");
    let Ok(read) = read_reference(provider, members, clients) else { return };
    let docs = write_reference(&read);
    let provider_json = serde_json::to_string(&docs.provider).expect("a provider writes");
    let members_json = serde_json::to_string(&docs.members).expect("members write");
    let clients_json = serde_json::to_string(&docs.clients).expect("clients write");
    let again = read_reference(&provider_json, &members_json, &clients_json)
        .expect("a written reference document reads back");
    let docs_again = write_reference(&again);
    assert_eq!(docs_again, docs, "reference documents change on a read and write");
});
