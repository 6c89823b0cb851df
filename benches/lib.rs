//! Benchmarks of mspkit live in `benches/`; this library is empty on purpose.
