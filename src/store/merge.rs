//! Merging a file's records into the store.
//!
//! A row matches a stored hazard by its 编号 when it has one the store knows,
//! else by unit and hazard text (compacted). What a row states replaces what
//! the store holds; what it leaves blank never erases anything; and a file
//! older than the store's last observation of a hazard changes nothing about
//! it. Every change becomes a history event.

use super::hazards::Hazards;
use super::history::{Change, EventLine, Op};
use super::numbers::Numbers;
use super::table;
use crate::config::Config;
use crate::record::build::approvers;
use crate::record::{Hazard, Text};
use crate::rules::{Identity, identity};
use chrono::Datelike;
use foldhash::HashMap;
use foldhash::fast::RandomState;
use std::collections::hash_map::Entry;

/// What happened to one incoming record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Inserted,
    Updated,
    Unchanged,
    /// The file is older than what the store knows of this hazard.
    Stale,
}

/// The store's hazards being updated by one import.
pub struct Merge<'a> {
    config: &'a Config,
    pub hazards: Hazards,
    /// Ids the tool assigned (`YH-2022-0001`), and the next of each year.
    numbers: Numbers,
    /// Other ids, as written.
    by_id: HashMap<String, usize>,
    /// Unit-and-hazard identities, to the latest hazard with it; a match is
    /// confirmed against the texts. An identity that another hazard's holds
    /// already goes to `collided` by its text, so a collision never merges
    /// two hazards. Holding [`Identity`] rather than texts saves a string
    /// per hazard on a million-hazard store.
    by_identity: HashMap<Identity, usize>,
    collided: HashMap<String, usize>,
    /// History events as JSON lines, written as they happen (a million
    /// inserts held as structs would cost twice the memory), in blocks of
    /// whole lines to be appended one after the other.
    pub history: Vec<Vec<u8>>,
    /// Whether any stored row changed at all (fields or where it was last seen).
    pub dirty: bool,
    at: String,
}

impl<'a> Merge<'a> {
    /// Starts from the stored hazards; `at` timestamps the history events.
    pub fn new(hazards: Vec<Hazard>, config: &'a Config, at: String) -> Merge<'a> {
        let mut m = Merge {
            config,
            numbers: Numbers::default(),
            by_id: HashMap::default(),
            by_identity: HashMap::with_capacity_and_hasher(hazards.len(), RandomState::default()),
            collided: HashMap::default(),
            hazards: Hazards::new(hazards),
            history: Vec::new(),
            dirty: false,
            at,
        };
        for i in 0..m.hazards.len() {
            let key = Identity::of(&m.hazards[i]);
            m.index(i, key);
        }
        m
    }

    /// Makes room in the identity index for about `rows` more hazards, so
    /// that a large import fills it once instead of growing and rehashing it
    /// (with the kernel zeroing every new table) as it goes.
    pub fn reserve(&mut self, rows: usize) {
        // Only a hint: without the room the index grows as it must.
        let _ = self.by_identity.try_reserve(rows);
    }

    /// Adds stored hazard `i` to the indexes; `key` is its identity.
    fn index(&mut self, i: usize, key: Option<Identity>) {
        let id = &self.hazards[i].id;
        match parse_id(id) {
            Some((year, n)) => self.numbers.place(year, n, i),
            None => {
                self.by_id.insert(id.to_string(), i);
            }
        }
        if let Some(key) = key {
            self.remember_identity(key, i);
        }
    }

    /// Makes hazard `i` the latest with identity `key`.
    fn remember_identity(&mut self, key: Identity, i: usize) {
        match self.by_identity.entry(key) {
            Entry::Vacant(latest) => {
                latest.insert(i);
            }
            Entry::Occupied(mut latest) => {
                let j = *latest.get();
                let text = identity(&self.hazards[i]);
                if j == i || identity(&self.hazards[j]) == text {
                    latest.insert(i);
                } else if let Some(text) = text {
                    self.collided.insert(text, i);
                }
            }
        }
    }

    /// The latest stored hazard with the identity of `h`, which is `key`.
    fn find_identity(&self, h: &Hazard, key: Identity) -> Option<usize> {
        let text = || identity(h);
        if !self.collided.is_empty()
            && let Some(&i) = text().and_then(|t| self.collided.get(&t))
        {
            return Some(i);
        }
        let j = *self.by_identity.get(&key)?;
        (identity(&self.hazards[j]) == text()).then_some(j)
    }

    fn find(&self, h: &Hazard, key: Option<Identity>) -> Option<usize> {
        let by_id = match parse_id(crate::text::trim(&h.id)) {
            Some((year, n)) => self.numbers.get(year, n),
            None if h.id.is_empty() => None,
            None => self.by_id.get(h.id.as_str()).copied(),
        };
        by_id.or_else(|| key.and_then(|k| self.find_identity(h, k)))
    }

    /// Merges one record read from a file; `key` is its
    /// [`crate::rules::identity`], worked out where it was built.
    pub fn apply(&mut self, incoming: Hazard, key: Option<Identity>) -> Outcome {
        match self.find(&incoming, key) {
            None => self.insert(incoming, key),
            Some(i) if incoming.observed < self.hazards[i].observed => Outcome::Stale,
            Some(i) => self.update(i, incoming),
        }
    }

    /// Merges one row of a `ledger export` a clerk edited: a correction of
    /// the record, not a new observation of it. Where and when the record was
    /// last seen stay as they were, so an unedited export changes nothing.
    pub fn correct(&mut self, mut incoming: Hazard, key: Option<Identity>) -> Outcome {
        match self.find(&incoming, key) {
            None => self.insert(incoming, key),
            Some(i) => {
                let stored = &self.hazards[i];
                incoming.observed = stored.observed;
                incoming.source = stored.source.clone();
                incoming.seq = stored.seq.clone();
                self.update(i, incoming)
            }
        }
    }

    fn insert(&mut self, mut h: Hazard, key: Option<Identity>) -> Outcome {
        let year = h.found.year();
        let n = self.numbers.take_next(year);
        h.id = assigned_id(year, n);
        self.record(&h, Op::Insert, &[]);
        let i = self.hazards.len();
        self.hazards.push(h);
        self.numbers.place(year, n, i);
        if let Some(key) = key {
            self.remember_identity(key, i);
        }
        self.dirty = true;
        Outcome::Inserted
    }

    fn update(&mut self, i: usize, incoming: Hazard) -> Outcome {
        let stored = &self.hazards[i];
        let merged = merged(stored, incoming, self.config);
        let changes = diff(stored, &merged);
        let seen_anew = stored.observed != merged.observed
            || stored.source != merged.source
            || stored.seq != merged.seq;
        if changes.is_empty() {
            if seen_anew {
                self.dirty = true;
                self.hazards[i] = merged;
            }
            return Outcome::Unchanged;
        }
        self.record(&merged, Op::Update, &changes);
        let key = Identity::of(&merged);
        self.hazards[i] = merged;
        if let Some(key) = key {
            self.remember_identity(key, i);
        }
        self.dirty = true;
        Outcome::Updated
    }

    fn record(&mut self, h: &Hazard, op: Op, changes: &[Change]) {
        // Blocks allocated once and filled, never grown: a million events
        // in one growing buffer were copied again at every doubling.
        const BLOCK: usize = 1 << 20;
        const ROOM: usize = 4096;
        if self
            .history
            .last()
            .is_none_or(|b| b.capacity() - b.len() < ROOM)
        {
            self.history.push(Vec::with_capacity(BLOCK));
        }
        let block = self.history.last_mut().expect("a block with room");
        super::history::write_line(
            block,
            &EventLine {
                at: &self.at,
                id: &h.id,
                op,
                file: &h.source.file,
                sheet: &h.source.sheet,
                row: h.source.row,
                observed: h.observed,
                changes,
            },
        );
    }
}

/// (2022, 1) → `YH-2022-0001`, as `format!("YH-{year}-{n:04}")` writes it,
/// without the formatting machinery and, being short, without an
/// allocation: once per new hazard.
fn assigned_id(year: i32, n: u32) -> Text {
    let mut id = Text::with_capacity(16);
    id.push_str("YH-");
    id.push_str(itoa::Buffer::new().format(year));
    id.push('-');
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(n);
    id.extend(std::iter::repeat_n(
        '0',
        4usize.saturating_sub(digits.len()),
    ));
    id.push_str(digits);
    id
}

impl Drop for Merge<'_> {
    fn drop(&mut self) {
        std::mem::take(&mut self.hazards).release();
    }
}

/// `YH-2022-0001` → (2022, 1).
fn parse_id(id: &str) -> Option<(i32, u32)> {
    let rest = id.strip_prefix("YH-").or_else(|| id.strip_prefix("yh-"))?;
    let (year, n) = rest.split_once('-')?;
    Some((year.parse().ok()?, n.parse().ok()?))
}

/// The stored hazard updated by what a newer row states.
fn merged(stored: &Hazard, mut incoming: Hazard, config: &Config) -> Hazard {
    let mut m = stored.clone();
    // A stated date equal to an assumed one (an export writes the assumed
    // date out) confirms nothing new.
    if !incoming.found_assumed && incoming.found != m.found {
        m.found = incoming.found;
        m.found_assumed = false;
    }
    if incoming.found != m.found || incoming.found_assumed != m.found_assumed {
        incoming.reanchor(m.found, m.found_assumed, config);
    }
    for (to, from) in [
        (&mut m.unit, &mut incoming.unit),
        (&mut m.address, &mut incoming.address),
        (&mut m.unit_head, &mut incoming.unit_head),
        (&mut m.phone, &mut incoming.phone),
        (&mut m.dept, &mut incoming.dept),
        (&mut m.owner, &mut incoming.owner),
        (&mut m.hazard, &mut incoming.hazard),
        (&mut m.measures, &mut incoming.measures),
        (&mut m.sector, &mut incoming.sector),
        (&mut m.remarks, &mut incoming.remarks),
        (&mut m.extension_approval, &mut incoming.extension_approval),
        (&mut m.code, &mut incoming.code),
        (&mut m.location, &mut incoming.location),
        (&mut m.inspector, &mut incoming.inspector),
        (&mut m.reviewer, &mut incoming.reviewer),
    ] {
        if !from.is_empty() {
            std::mem::swap(to, from);
        }
    }
    if !incoming.deadline_text.is_empty() {
        m.deadline_text = std::mem::take(&mut incoming.deadline_text);
        m.deadline = incoming.deadline;
        m.long_term = incoming.long_term;
    }
    if !incoming.extension_text.is_empty() {
        m.extension_text = std::mem::take(&mut incoming.extension_text);
        m.extended_deadline = incoming.extended_deadline;
    }
    m.extension_approved = approvers(&m.extension_approval) >= 2;
    if incoming.stated.level {
        m.level = incoming.level;
    }
    if incoming.stated.status {
        merge_status(&mut m, &incoming);
    }
    if incoming.interview.is_some() {
        m.interview = incoming.interview;
    }
    if incoming.funds.is_some() {
        m.funds = incoming.funds;
    }
    for (key, value) in std::mem::take(&mut incoming.extras) {
        match m.extras.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => *v = value,
            None => m.extras.push((key, value)),
        }
    }
    m.seq = incoming.seq;
    m.source = incoming.source;
    m.observed = incoming.observed;
    m
}

/// A rectification already recorded keeps its date (the first file that said
/// so dates it) unless the row gives a 完成日期; of two "done" states the
/// stronger stays. A newer file saying "not done" re-opens the hazard.
fn merge_status(m: &mut Hazard, incoming: &Hazard) {
    match (m.status.is_done(), incoming.status.is_done()) {
        (true, true) => {
            m.status = m.status.max(incoming.status);
            if incoming.closed_source == Some(crate::record::ClosedSource::Column)
                && incoming.closed != m.closed
            {
                m.closed = incoming.closed;
                m.closed_source = incoming.closed_source;
            }
        }
        (false, true) => {
            m.status = incoming.status;
            m.closed = incoming.closed;
            m.closed_source = incoming.closed_source;
        }
        (_, false) => {
            m.status = incoming.status;
            m.closed = None;
            m.closed_source = None;
        }
    }
}

/// The fields that differ, as history changes. The old version's cells go
/// into one buffer and the new one's are compared as they are produced: most
/// matched rows of a monthly file have not changed, and this is their cost.
fn diff(old: &Hazard, new: &Hazard) -> Vec<Change> {
    let mut buf = Vec::with_capacity(256);
    let mut ends = Vec::with_capacity(table::COLUMNS.len());
    table::each_cell(old, |cell| {
        buf.extend_from_slice(cell);
        ends.push(buf.len());
    });
    let mut changes = Vec::new();
    let (mut i, mut start) = (0, 0);
    table::each_cell(new, |cell| {
        let was = &buf[start..ends[i]];
        let name = table::COLUMNS[i];
        if was != cell && !table::TRANSIENT.contains(&name) {
            changes.push(Change {
                field: name.to_string(),
                from: String::from_utf8_lossy(was).into_owned(),
                to: String::from_utf8_lossy(cell).into_owned(),
            });
        }
        start = ends[i];
        i += 1;
    });
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::status::Status;
    use crate::store::history::Event;

    /// Merges `h` as an import does, its identity worked out first.
    fn apply(m: &mut Merge<'_>, h: Hazard) -> Outcome {
        let key = Identity::of(&h);
        m.apply(h, key)
    }

    #[test]
    fn assigned_ids_read_as_format_writes_them_and_parse_back() {
        for (year, n) in [
            (2022, 1),
            (2022, 42),
            (2023, 9999),
            (2023, 10000),
            (1999, 123456),
            (-5, 7),
        ] {
            let id = assigned_id(year, n);
            assert_eq!(id, format!("YH-{year}-{n:04}"));
            if year > 0 {
                assert_eq!(parse_id(&id), Some((year, n)));
            }
        }
    }
    use crate::store::table::tests::sample;
    use chrono::NaiveDate;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, m, day).unwrap()
    }

    fn incoming() -> Hazard {
        let mut h = sample();
        h.id = Text::default();
        h.status = Status::Open;
        h.closed = None;
        h.closed_source = None;
        h.measures = Text::default();
        h.stated.status = false;
        h
    }

    #[test]
    fn ids_are_numbered_per_discovery_year() {
        let config = Config::builtin();
        let mut m = Merge::new(Vec::new(), &config, "t".into());
        assert_eq!(apply(&mut m, incoming()), Outcome::Inserted);
        let mut other = incoming();
        other.unit = "另一家".into();
        assert_eq!(apply(&mut m, other), Outcome::Inserted);
        let mut next_year = incoming();
        next_year.unit = "第三家".into();
        next_year.found = NaiveDate::from_ymd_opt(2023, 1, 5).unwrap();
        apply(&mut m, next_year);
        let ids: Vec<_> = m.hazards.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["YH-2022-0001", "YH-2022-0002", "YH-2023-0001"]);
    }

    #[test]
    fn hazards_whose_identities_collide_are_never_merged() {
        let config = Config::builtin();
        let mut m = Merge::new(Vec::new(), &config, "t".into());
        let first = incoming();
        let key = Identity::of(&first);
        assert_eq!(apply(&mut m, first.clone()), Outcome::Inserted);
        // A different hazard handed the first one's identity: what a
        // collision of the 128-bit identities would look like.
        let mut other = incoming();
        other.unit = "另一家".into();
        assert_eq!(m.apply(other.clone(), key), Outcome::Inserted);
        assert_eq!(m.hazards.len(), 2);
        // Each is found again by its own text, the colliding one included.
        let mut seen_again = other.clone();
        seen_again.observed = d(8, 1);
        assert_eq!(m.apply(seen_again, key), Outcome::Unchanged);
        assert_eq!(m.hazards[1].observed, d(8, 1));
        let mut first_again = first;
        first_again.observed = d(8, 2);
        assert_eq!(apply(&mut m, first_again), Outcome::Unchanged);
        assert_eq!(m.hazards[0].observed, d(8, 2));
        assert_eq!(m.hazards.len(), 2);
    }

    #[test]
    fn a_blank_cell_erases_nothing_and_an_unstated_status_keeps_the_stored_one() {
        let config = Config::builtin();
        let stored = sample();
        let mut m = Merge::new(vec![stored.clone()], &config, "t".into());
        let mut row = incoming();
        row.phone = Text::default();
        row.observed = d(7, 31);
        assert_eq!(apply(&mut m, row), Outcome::Unchanged);
        assert_eq!(m.hazards[0].phone, stored.phone);
        assert_eq!(m.hazards[0].status, Status::Rectified);
        assert_eq!(m.hazards[0].observed, d(7, 31));
        assert!(m.dirty && m.history.concat().is_empty());
    }

    #[test]
    fn an_older_file_never_rolls_a_field_back() {
        let config = Config::builtin();
        let mut m = Merge::new(vec![sample()], &config, "t".into());
        let mut row = incoming();
        row.phone = "13900000000".into();
        row.observed = d(6, 1);
        assert_eq!(apply(&mut m, row), Outcome::Stale);
        assert_eq!(m.hazards[0].phone, "13812345678");
        assert!(!m.dirty);
    }

    #[test]
    fn a_change_is_recorded_with_old_and_new_values() {
        let config = Config::builtin();
        let mut stored = sample();
        stored.status = Status::InProgress;
        stored.closed = None;
        stored.closed_source = None;
        let mut m = Merge::new(vec![stored], &config, "2022-07-31T10:00:00+08:00".into());
        let mut row = incoming();
        row.measures = "已整改".into();
        row.status = Status::Rectified;
        row.stated.status = true;
        row.closed = Some(d(7, 31));
        row.closed_source = Some(crate::record::ClosedSource::Observed);
        row.observed = d(7, 31);
        assert_eq!(apply(&mut m, row), Outcome::Updated);
        let e: Event =
            serde_json::from_slice(m.history.concat().split(|b| *b == b'\n').next().unwrap())
                .unwrap();
        assert_eq!(e.op, Op::Update);
        assert_eq!(e.id, "YH-2022-0001");
        let fields: Vec<_> = e
            .changes
            .iter()
            .map(|c| (c.field.as_str(), c.from.as_str(), c.to.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("measures", "已于6月12日更换", "已整改"),
                ("status", "整改中", "已整改"),
                ("closed", "", "2022-07-31"),
                ("closed_source", "", "observed"),
            ]
        );
    }
}
