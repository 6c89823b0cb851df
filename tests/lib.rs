//! Integration tests of mspkit live in `public_api/`. This library only runs the repository
//! README's Rust examples as doc tests, so the README cannot drift from the API.
#![doc = include_str!("../README.md")]

pub mod example_log;
pub mod hostile;
