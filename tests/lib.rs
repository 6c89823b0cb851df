//! Integration tests of mspkit live in `public_api/`. This library runs the Rust examples of the
//! repository's README and of every chapter of the guide (`docs/src/`) as doc tests, so neither
//! can drift from the API.
#![doc = include_str!("../README.md")]

/// Runs the guide's chapters' Rust blocks as doc tests (one module per chapter).
macro_rules! guide_chapters {
    ($($module:ident => $file:literal,)*) => {
        $(
            #[doc = include_str!(concat!("../docs/src/", $file))]
            mod $module {}
        )*
        /// The chapters whose Rust blocks run as doc tests, by file name: `tests/docs.rs` checks
        /// that this list is every chapter of `docs/src/SUMMARY.md`.
        pub const GUIDE_CHAPTERS: &[&str] = &[$($file),*];
    };
}

guide_chapters! {
    introduction => "introduction.md",
    getting_started => "getting-started.md",
    providers_and_team => "providers-and-team.md",
    clients_and_seats => "clients-and-seats.md",
    billing => "billing.md",
    policies => "policies.md",
    events_and_log => "events-and-log.md",
    deployment_guide => "deployment-guide.md",
    master_password => "master-password.md",
    interop => "interop.md",
    embedding => "embedding.md",
    hostile_input => "hostile-input.md",
    languages => "languages.md",
    development => "development.md",
}

pub mod example_log;
pub mod hostile;
