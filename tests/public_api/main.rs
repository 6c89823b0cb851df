//! Integration tests over mspkit's public API, one module per area.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly on the first surprise"
)]

mod access_review;
mod apply_judges;
mod billing;
mod billing_state_machine;
mod chain;
mod client_state_machine;
mod clients;
mod concurrency;
mod deployment;
mod differential;
mod email;
mod error_codes;
mod event_accessors;
mod event_log;
mod events;
mod example_log;
mod exit;
mod fuzz_seeds;
mod hostile;
mod hostile_output;
mod i18n;
mod interop;
mod password;
mod permissions;
mod policy;
mod provider;
mod psa;
mod reference;
mod serde;
mod support;
mod suspension;
mod team;
mod team_state_machine;
mod tiers;
mod xml;
