//! The PSA export reader (`mspkit::billing::read_psa_companies`, issue 17): any text as a
//! company export, with every PSA's columns and with the header detected.
//! Properties: no panic; every refusal carries a billing code; every company read has a
//! trimmed, non-blank id and name, no cell holding a control or format character, a quantity
//! within the limit, at most the row limit; reading by the detected PSA's columns gives the
//! same companies as detecting it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mspkit::billing::{MAX_PSA_COMPANIES, MAX_PSA_QUANTITY, PsaSystem, read_psa_companies};
use mspkit::document::DocumentReader;
use mspkit::text::is_unsafe;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let reader = DocumentReader::new();
    let detected = read_psa_companies(text, None, &reader);
    for system in [None, Some(PsaSystem::Connectwise), Some(PsaSystem::Autotask), Some(PsaSystem::Halo)] {
        match read_psa_companies(text, system, &reader) {
            Ok(read) => {
                assert!(read.companies.len() <= MAX_PSA_COMPANIES, "more rows than the limit");
                for c in &read.companies {
                    for cell in
                        [Some(c.company_id()), Some(c.company_name()), c.agreement()].into_iter().flatten()
                    {
                        assert_eq!(cell, cell.trim(), "a cell read untrimmed");
                        assert!(!cell.chars().any(is_unsafe), "a hostile cell was read: {cell:?}");
                    }
                    assert!(!c.company_id().is_empty() && !c.company_name().is_empty());
                    assert!(c.quantity().is_none_or(|q| q <= MAX_PSA_QUANTITY));
                }
                if let Ok(found) = &detected
                    && system == Some(found.system)
                {
                    assert_eq!(read.companies, found.companies, "detected and named columns read otherwise");
                }
            }
            Err(e) => assert!(!e.code().is_empty()),
        }
    }
});
