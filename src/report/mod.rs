//! Reports: figures computed from the store as plain data. Renderers lay them
//! out as tables, CSV, JSON or xlsx without recomputing anything.

pub mod duties;
pub mod filter;
pub mod monthly;
pub mod overdue;
pub mod period;
pub mod statistics;
pub mod submissions;
pub mod tasks;
