//! The billing benchmark's Rust side for pairing and profiling, on the provider of
//! [`mspkit_benches::synthetic_billing_provider`] (the very document `benches/billing.py` reads):
//!
//! - `billing_timing serve SIZE` reads requests `REPORT CALLS` on standard input, one a line, and
//!   answers each with a line of the per-call times in seconds (space-separated). Each call is what
//!   the Python binding's one call does, through the same public function: `seat_utilisation`,
//!   `invoice` or `client_invoice_csv` (and `client_invoice_report_csv`: the report, then its
//!   `to_csv`, for comparison). `benches/billing.py` alternates these
//!   batches with its own, so the Rust and the Python figures come from the same minutes, the
//!   same input and the same (release) profile.
//! - `billing_timing run REPORT SIZE CALLS` makes CALLS calls and prints nothing (for callgrind:
//!   compare instruction counts across sizes).
#![allow(missing_docs, reason = "a benchmark program")]
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "a benchmark fails loudly on bad setup"
)]

use std::hint::black_box;
use std::io::{BufRead, Write};
use std::time::Instant;

use mspkit::Provider;
use mspkit::billing::BillingMonth;

/// One call of `report`, as the binding makes it; returns a size so the work is not optimised out.
/// Never inlined, so callgrind can count it alone (`--toggle-collect=*billing_timing*call*`).
#[inline(never)]
fn call(provider: &Provider, report: &str, month: BillingMonth) -> usize {
    match report {
        "utilisation" => provider.seat_utilisation(10).unwrap().clients.len(),
        "invoice" => provider.invoice(month).unwrap().lines.len(),
        "client_invoice_csv" => provider.client_invoice_csv().unwrap().len(),
        // The two-step path (report, then its CSV), for comparison.
        "client_invoice_report_csv" => provider.client_invoice_report().unwrap().to_csv().len(),
        other => panic!("unknown report `{other}`"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let month: BillingMonth = "2026-11".parse().unwrap();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["run", report, size, calls] => {
            let provider = mspkit_benches::synthetic_billing_provider(size.parse().unwrap()).unwrap();
            for _ in 0..calls.parse::<usize>().unwrap() {
                black_box(call(black_box(&provider), report, month));
            }
        }
        ["serve", size] => {
            let provider = mspkit_benches::synthetic_billing_provider(size.parse().unwrap()).unwrap();
            let stdout = std::io::stdout();
            for line in std::io::stdin().lock().lines() {
                let line = line.unwrap();
                let Some((report, calls)) = line.split_once(' ') else { break };
                let times: Vec<String> = (0..calls.trim().parse::<usize>().unwrap())
                    .map(|_| {
                        let start = Instant::now();
                        black_box(call(black_box(&provider), report, month));
                        format!("{:e}", start.elapsed().as_secs_f64())
                    })
                    .collect();
                let mut out = stdout.lock();
                writeln!(out, "{}", times.join(" ")).unwrap();
                out.flush().unwrap();
            }
        }
        _ => {
            eprintln!("usage: billing_timing serve SIZE | billing_timing run REPORT SIZE CALLS");
            std::process::exit(2);
        }
    }
}
