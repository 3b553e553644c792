//! `ledger`: the hazard rectification ledger (安全生产大检查问题整改台账) of a
//! Chinese sub-district work-safety office.
//!
//! Data flows one way: [`read`] (files → raw rows) → [`record`] (rows → hazard
//! records) → [`rules`] (records → findings) → store → report → [`render`].
//! [`ingest`] runs the first three for one file; the [`cli`] commands are thin
//! glue over the layers.

pub mod atomic;
pub mod calendar;
pub mod cli;
pub mod columns;
pub mod config;
pub mod division;
pub mod field;
pub mod finding;
pub mod i18n;
pub mod ingest;
pub mod level;
pub mod ooxml;
pub mod pipeline;
pub mod progress;
pub mod read;
pub mod record;
pub mod render;
pub mod report;
pub mod rules;
pub mod status;
pub mod store;
pub mod text;
pub mod workspace;
