//! Integration tests over mspkit's public API, one module per area.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod client_state_machine;
mod clients;
mod deployment;
mod email;
mod error_codes;
mod events;
mod example_log;
mod interop;
mod password;
mod permissions;
mod policy;
mod provider;
mod serde;
mod support;
mod team;
mod team_state_machine;
