//! The integration tests, in one test binary: each module is one area (its own doc comment
//! says what it checks). One binary rather than one per file, because every test binary links
//! the whole engine, and nineteen of them filled the CI machine's disk.
//!
//! Run one area with `cargo test --profile ci --test suite calibration::` (add `-- --nocapture` to see
//! the figures the calibration and embargo modules print).

mod common;

mod adaptation;
mod ai;
mod architecture;
mod authoring_guide;
mod batch;
mod calibration;
mod counterfactual;
mod determinism;
mod embargo;
mod fuzz_validate;
mod invariants;
mod levers;
mod licensing_2025;
mod new_scenario;
mod orders;
mod reference;
mod report;
mod save;
mod scenarios;
mod summits;
mod truce;
mod validate;
