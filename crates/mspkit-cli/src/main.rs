//! The `mspkit` command line.

fn main() {}
