//! The integration tests, one binary: a module per command or concern, each
//! test a sentence of the specification. `common` builds the environment: a
//! clean `ledger` command, workspaces, and ledgers written as clerks' files look.

mod common;

mod architecture;
mod check;
mod clerk;
mod district;
mod examples;
mod faults;
mod fuzz_regressions;
mod hostile;
mod import;
mod list;
mod output;
mod overdue;
mod real_headers;
mod realworld;
mod report;
mod status;
mod tasks;
mod undo;
mod workspace;
