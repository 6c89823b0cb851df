//! Issue 15: mspkit agrees with the reference server (bitwarden/server). Each test names the
//! reference file and test it follows (paraphrased, never copied); where mspkit keeps a
//! difference, the test says so and `DESIGN.md` says why.

mod invoices;
mod plans;
mod side_effects;
mod team_and_unlink;
mod vault;
mod warnings;
