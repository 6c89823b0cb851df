//! JSON baselines (`Baseline::from_json`), and the same text as a what-if document
//! (`WhatIf::from_json`): the documents of issue 16's one reader.
//! Properties: no panic; a baseline that reads repeats no key in any object (the document
//! reader's check accepts it), documents at most `MAX_BASELINE_EXCEPTIONS` exceptions and
//! requires each policy once; every refusal carries a code of the list of every code, and a
//! refusal that is the reader's (`duplicate_key`, `document_too_large`) agrees with the reader's
//! own check.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mspkit::DocumentReader;
use mspkit::billing::WhatIf;
use mspkit::policy::{Baseline, MAX_BASELINE_EXCEPTIONS};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let reader_check = DocumentReader::new().check(text, "baseline");
    match Baseline::from_json(text) {
        Ok(baseline) => {
            assert!(reader_check.is_ok(), "a baseline read although the reader refuses it: {reader_check:?}");
            assert!(baseline.exceptions.len() <= MAX_BASELINE_EXCEPTIONS);
            let mut kinds: Vec<_> = baseline.requirements.iter().map(|r| r.kind).collect();
            kinds.dedup();
            assert_eq!(kinds.len(), baseline.requirements.len(), "a policy required twice");
        }
        Err(e) => {
            assert!(mspkit::error::all_codes().contains(&e.code()), "unlisted code {}", e.code());
            if e.code() == "duplicate_key" {
                assert_eq!(reader_check.as_ref().map_err(|e| e.code()), Err("duplicate_key"));
            }
        }
    }
    match WhatIf::from_json(text) {
        Ok(_) => assert!(reader_check.is_ok(), "a what-if read although the reader refuses it"),
        Err(e) => assert!(mspkit::error::all_codes().contains(&e.code()), "unlisted code {}", e.code()),
    }
});
