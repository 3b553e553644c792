//! Merging a file's records into the store, inside one transaction.
//!
//! A row matches a stored hazard by its 编号 when it has one the store knows,
//! else by unit and hazard text (compacted). What a row states replaces what
//! the store holds; what it leaves blank never erases anything; and a file
//! older than the store's last observation of a hazard changes nothing about
//! it. Every change becomes a history event.
//!
//! Only the hazards a file inserts or changes are written, each as it is
//! merged; the transaction commits when the import finishes and rolls back
//! if it stops, so nothing is half written.

use super::history::{self, Change, Event, Op};
use super::imports::{self, ImportLine};
use super::{Store, schema, seal, table};
use crate::config::Config;
use crate::record::build::approvers;
use crate::record::{Hazard, Text};
use crate::rules::{Identity, identity, identity_column, org_identity};
use chrono::Datelike;
use foldhash::HashMap;
use rusqlite::{Connection, OptionalExtension, Statement};

/// What happened to one incoming record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Inserted,
    Updated,
    Unchanged,
    /// The file is older than what the store knows of this hazard.
    Stale,
}

/// One import's transaction on the store.
pub struct Merge<'a> {
    config: &'a Config,
    store: &'a Store,
    rows: Rows<'a>,
    /// The latest stored row of an `ident`: what a re-import asks of most rows.
    latest: Statement<'a>,
    at: String,
    /// Rows at or past this position were inserted by this import.
    first_new: i64,
    next_pos: i64,
    /// This import's inserted and changed hazards by identity and by id: a
    /// store that was empty is never searched, since its indexes are built
    /// only when the bulk load ends.
    by_identity: HashMap<Identity, i64>,
    by_id: HashMap<Text, i64>,
    /// Hazards whose identity another hazard's text took over, by their text:
    /// a collision of identities never merges two hazards.
    collided: HashMap<String, i64>,
    /// The next number of each year's ids, as read or taken.
    numbers: HashMap<i32, u32>,
    /// This import's number in the `runs` table, which `ledger undo` reads.
    run: i64,
    chain: Chain,
    /// Whether the import dropped the indexes to load an empty store.
    bulk: bool,
    /// A district's import: ids are `镇街/编号`, kept as they come, and
    /// identities are qualified by the 镇街.
    district: bool,
    /// The hazards the current file listed, for a district's corrected
    /// submission to withdraw the rest of its month.
    seen: foldhash::HashSet<i64>,
    /// Whether any row was written.
    pub dirty: bool,
    done: bool,
}

/// The statements that insert and rewrite a hazard row, with the same
/// parameters: pos, ident, the columns, the checksum.
fn row_statements() -> (String, String) {
    let n = table::COLUMNS.len();
    let marks: Vec<String> = (3..n + 4).map(|i| format!("?{i}")).collect();
    let insert = format!(
        "INSERT INTO hazards (pos, ident, {}, checksum) VALUES (?1, ?2, {})",
        schema::column_list(),
        marks.join(", ")
    );
    let sets: Vec<String> = table::COLUMNS
        .iter()
        .chain(["checksum"].iter())
        .zip(&marks)
        .map(|(c, m)| format!("{c} = {m}"))
        .collect();
    let update = format!(
        "UPDATE hazards SET ident = ?2, {} WHERE pos = ?1",
        sets.join(", ")
    );
    (insert, update)
}

/// The history chain's head and length, as `meta` records them once committed.
#[derive(Debug, Default)]
pub struct Chain {
    pub head: String,
    pub length: i64,
}

/// The statements that write hazard and history rows, prepared once for a
/// whole import: taking them from the connection's cache for every row
/// hashed their SQL and cleared their bindings each time.
pub struct Rows<'c> {
    insert: Statement<'c>,
    update: Statement<'c>,
    event: Statement<'c>,
}

impl<'c> Rows<'c> {
    pub fn new(conn: &'c Connection) -> rusqlite::Result<Rows<'c>> {
        let (insert, update) = row_statements();
        Ok(Rows {
            insert: conn.prepare(&insert)?,
            update: conn.prepare(&update)?,
            event: conn.prepare(history::INSERT)?,
        })
    }

    /// Inserts (`new`) or rewrites the row of `h` at `pos`, with its
    /// checksum; `ident` is its `ident` column ([`ident_of`]).
    pub fn put_hazard(
        &mut self,
        new: bool,
        pos: i64,
        h: &Hazard,
        ident: Option<i64>,
    ) -> rusqlite::Result<()> {
        let stmt = if new {
            &mut self.insert
        } else {
            &mut self.update
        };
        stmt.raw_bind_parameter(1, pos)?;
        stmt.raw_bind_parameter(2, ident)?;
        let mut sealer = seal::Sealer::default();
        let mut index = 3;
        let mut bound = Ok(());
        table::each_cell(h, |cell| {
            sealer.field(cell.as_bytes());
            if bound.is_ok() {
                bound = stmt.raw_bind_parameter(index, cell);
            }
            index += 1;
        });
        bound?;
        stmt.raw_bind_parameter(index, sealer.finish())?;
        stmt.raw_execute()?;
        Ok(())
    }

    /// Appends `event` to the history, chained to `chain`'s head.
    pub fn put_event(&mut self, chain: &mut Chain, event: &Event) -> rusqlite::Result<()> {
        let seq = chain.length + 1;
        let cell = history::changes_cell(&event.changes);
        let hash = history::hash(&chain.head, seq, event, &cell);
        self.event.execute(rusqlite::params![
            seq,
            event.at,
            event.id,
            event.op.key(),
            event.file,
            event.sheet,
            event.row,
            event.observed.to_string(),
            cell,
            hash,
        ])?;
        chain.length = seq;
        chain.head = hash;
        Ok(())
    }
}

/// The `ident` column of `h`, for a writer that has no [`Identity`] of it.
pub fn ident_of(h: &Hazard) -> Option<i64> {
    org_identity(h).map(|t| identity_column(&t))
}

/// Records the chain, and the next number of each year, in the open transaction.
pub fn put_meta(
    conn: &Connection,
    chain: &Chain,
    numbers: impl IntoIterator<Item = (i32, u32)>,
) -> rusqlite::Result<()> {
    for (year, next) in numbers {
        conn.prepare_cached("INSERT OR REPLACE INTO numbers (year, next) VALUES (?1, ?2)")?
            .execute(rusqlite::params![year, next])?;
    }
    let mut set = conn.prepare_cached("UPDATE meta SET value = ?2 WHERE key = ?1")?;
    set.execute(["chain_head", &chain.head])?;
    set.execute(["chain_length", &chain.length.to_string()])?;
    Ok(())
}

/// The checksum `h`'s row would carry were its id `id`.
fn checksum_as(h: &Hazard, id: &str) -> String {
    let mut sealer = seal::Sealer::default();
    let mut first = true;
    table::each_cell(h, |cell| {
        sealer.field(if std::mem::take(&mut first) { id } else { cell }.as_bytes());
    });
    sealer.finish()
}

fn meta(conn: &Connection, key: &str) -> rusqlite::Result<String> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
}

impl<'a> Merge<'a> {
    /// Starts the import's transaction, waiting for another writer up to the
    /// lock timeout, and refuses a store whose history chain is broken; `at`
    /// timestamps the history events.
    pub fn new(store: &'a mut Store, config: &'a Config, at: String) -> anyhow::Result<Merge<'a>> {
        // Taken mutably so that one import at a time holds the store; the
        // statements held for the import share it.
        let store: &'a Store = store;
        let conn = &store.conn;
        // A large load spills fewer half-built pages with room for 64 MB.
        conn.execute_batch("PRAGMA cache_size = -65536")
            .map_err(|e| store.error(e))?;
        let rows = Rows::new(conn).map_err(|e| store.error(e))?;
        let latest = conn
            .prepare(
                "SELECT pos, id, checksum FROM hazards WHERE ident = ?1 AND pos < ?2 \
                 ORDER BY pos DESC LIMIT 1",
            )
            .map_err(|e| store.error(e))?;
        conn.execute_batch("BEGIN IMMEDIATE")
            .map_err(|e| store.error(e))?;
        let mut m = Merge {
            config,
            store,
            rows,
            latest,
            at,
            first_new: 0,
            next_pos: 0,
            by_identity: HashMap::default(),
            by_id: HashMap::default(),
            collided: HashMap::default(),
            numbers: HashMap::default(),
            run: 0,
            chain: Chain::default(),
            bulk: false,
            district: false,
            seen: foldhash::HashSet::default(),
            dirty: false,
            done: false,
        };
        m.begin().map_err(|e| m.store.error(e))?;
        if !super::verify::head_holds(&m.store.conn).map_err(|e| m.store.error(e))? {
            return Err(super::damaged(&m.store.path, m.store.lang));
        }
        Ok(m)
    }

    fn begin(&mut self) -> rusqlite::Result<()> {
        let conn = &self.store.conn;
        self.chain = Chain {
            head: meta(conn, "chain_head")?,
            length: meta(conn, "chain_length")?.parse().unwrap_or(0),
        };
        // Positions, like ids, are never reused: the rows an undone import
        // inserted left a gap that `runs` remembers.
        (self.run, self.next_pos) = conn.query_row(
            "SELECT (SELECT COALESCE(MAX(run), 0) + 1 FROM runs), \
             MAX((SELECT COALESCE(MAX(pos), 0) + 1 FROM hazards), \
                 (SELECT COALESCE(MAX(end_pos), 1) FROM runs))",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        self.first_new = self.next_pos;
        if self.first_new == 1 {
            for name in schema::INDEX_NAMES {
                conn.execute_batch(&format!("DROP INDEX IF EXISTS {name}"))?;
            }
            self.bulk = true;
        }
        Ok(())
    }

    /// Makes this a district's import: each incoming hazard's id is
    /// `镇街/编号` (`镇街/` when its file has none, to be numbered here).
    pub fn for_district(&mut self) {
        self.district = true;
    }

    /// The identity text the merge compares: qualified by the 镇街 in a
    /// district, where every stored hazard has one.
    fn identity_of(&self, h: &Hazard) -> Option<String> {
        if self.district {
            org_identity(h)
        } else {
            identity(h)
        }
    }

    /// The identity the merge indexes `incoming` by: `key` as the record
    /// was built, qualified by its 镇街 in a district.
    fn key_of(&self, incoming: &Hazard, key: Option<Identity>) -> Option<Identity> {
        if self.district {
            org_identity(incoming).map(|t| Identity::of_key(&t))
        } else {
            key
        }
    }

    /// Makes room in the identity index for about `rows` more hazards.
    pub fn reserve(&mut self, rows: usize) {
        // Only a hint: without the room the index grows as it must.
        let _ = self.by_identity.try_reserve(rows);
    }

    /// The stored hazard at `pos`, refused when its row fails its checksum:
    /// an import never builds on a hazard changed outside `ledger`.
    fn load(&self, pos: i64) -> anyhow::Result<Hazard> {
        let sql = format!(
            "SELECT checksum, {} FROM hazards WHERE pos = ?1",
            schema::column_list()
        );
        let mut stmt = self.store.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query([pos])?;
        let row = rows
            .next()?
            .ok_or_else(|| anyhow::anyhow!("hazard row {pos} vanished"))?;
        let h = self.store.decode(row, 1)?;
        let cells = (1..=table::COLUMNS.len())
            .map(|i| row.get_ref(i).map(|v| v.as_bytes().unwrap_or_default()))
            .collect::<rusqlite::Result<Vec<&[u8]>>>()?;
        if row.get_ref(0)?.as_str().ok() != Some(seal::checksum(cells).as_str()) {
            return Err(super::damaged(&self.store.path, self.store.lang)
                .context(format!("hazard {} (row {pos})", h.id)));
        }
        Ok(h)
    }

    /// The position of the hazard with id `id`.
    fn find_id(&self, id: &str) -> anyhow::Result<Option<i64>> {
        if let Some(&pos) = self.by_id.get(id) {
            return Ok(Some(pos));
        }
        if self.bulk {
            return Ok(None);
        }
        let mut stmt = self.store.conn.prepare_cached(
            "SELECT pos FROM hazards WHERE id = ?1 COLLATE NOCASE ORDER BY pos DESC LIMIT 1",
        )?;
        Ok(stmt.query_row([id], |r| r.get(0)).optional()?)
    }

    /// The latest hazard with the identity of `h`, loaded.
    fn find_identity(&self, h: &Hazard, key: Identity) -> anyhow::Result<Option<(i64, Hazard)>> {
        let text = self.identity_of(h);
        if let Some(&pos) = text.as_ref().and_then(|t| self.collided.get(t)) {
            return Ok(Some((pos, self.load(pos)?)));
        }
        if let Some(&pos) = self.by_identity.get(&key) {
            let stored = self.load(pos)?;
            if self.identity_of(&stored) == text {
                return Ok(Some((pos, stored)));
            }
        }
        let Some(text) = text.filter(|_| !self.bulk) else {
            return Ok(None);
        };
        let mut stmt = self.store.conn.prepare_cached(
            "SELECT pos FROM hazards WHERE ident = ?1 AND pos < ?2 ORDER BY pos DESC",
        )?;
        let candidates: Vec<i64> = stmt
            .query_map(rusqlite::params![key.column(), self.first_new], |r| {
                r.get(0)
            })?
            .collect::<rusqlite::Result<_>>()?;
        for pos in candidates {
            let stored = self.load(pos)?;
            if self.identity_of(&stored).as_deref() == Some(text.as_str()) {
                return Ok(Some((pos, stored)));
            }
        }
        Ok(None)
    }

    /// The position of the stored hazard `incoming` would find and leave
    /// exactly as it is, told by the row's checksum without loading the row:
    /// a monthly file repeats most of what the store holds. `None` sends the
    /// record down the full merge, which finds the same row whenever this does.
    fn stored_as_is(
        &mut self,
        incoming: &Hazard,
        key: Option<Identity>,
    ) -> anyhow::Result<Option<i64>> {
        if self.bulk || self.district || !incoming.id.is_empty() {
            return Ok(None);
        }
        let Some(key) = key else {
            return Ok(None);
        };
        if self.by_identity.contains_key(&key) {
            return Ok(None);
        }
        // Only a collision, which is rare, needs the text itself.
        if !self.collided.is_empty()
            && self
                .identity_of(incoming)
                .is_some_and(|text| self.collided.contains_key(&text))
        {
            return Ok(None);
        }
        let latest = self
            .latest
            .query_row(rusqlite::params![key.column(), self.first_new], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .optional()?;
        Ok(latest
            .filter(|(_, id, checksum)| checksum_as(incoming, id) == *checksum)
            .map(|(pos, _, _)| pos))
    }

    fn find(&self, h: &Hazard, key: Option<Identity>) -> anyhow::Result<Option<(i64, Hazard)>> {
        let by_id = match parse_id(crate::text::trim(&h.id)) {
            _ if self.district && h.own_id().is_empty() => None,
            Some((year, n)) => self.find_id(&assigned_id(year, n))?,
            None if h.id.is_empty() => None,
            None => self.find_id(&h.id)?,
        };
        if let Some(pos) = by_id {
            return Ok(Some((pos, self.load(pos)?)));
        }
        match key {
            Some(k) => self.find_identity(h, k),
            None => Ok(None),
        }
    }

    /// Merges one record read from a file; `key` is its
    /// [`crate::rules::identity`], worked out where it was built.
    pub fn apply(&mut self, incoming: Hazard, key: Option<Identity>) -> anyhow::Result<Outcome> {
        let key = self.key_of(&incoming, key);
        if let Some(pos) = self.stored_as_is(&incoming, key)? {
            self.saw(pos);
            return Ok(Outcome::Unchanged);
        }
        let found = self.find(&incoming, key)?;
        if let Some((pos, _)) = &found {
            self.saw(*pos);
        }
        match found {
            None => self.insert(incoming, key),
            Some((_, stored)) if incoming.observed < stored.observed => Ok(Outcome::Stale),
            Some((pos, stored)) => self.update(pos, &stored, incoming),
        }
    }

    /// Merges one row of a `ledger export` a clerk edited: a correction of
    /// the record, not a new observation of it. Where and when the record was
    /// last seen stay as they were, so an unedited export changes nothing.
    pub fn correct(
        &mut self,
        mut incoming: Hazard,
        key: Option<Identity>,
    ) -> anyhow::Result<Outcome> {
        let key = self.key_of(&incoming, key);
        match self.find(&incoming, key)? {
            None => self.insert(incoming, key),
            Some((pos, stored)) => {
                self.saw(pos);
                incoming.observed = stored.observed;
                incoming.source = stored.source.clone();
                incoming.seq = stored.seq.clone();
                self.update(pos, &stored, incoming)
            }
        }
    }

    /// The number the next new hazard of `year` gets, which it then takes.
    fn take_next(&mut self, year: i32) -> anyhow::Result<u32> {
        let n = match self.numbers.get(&year) {
            Some(&n) => n,
            None => self
                .store
                .conn
                .prepare_cached("SELECT next FROM numbers WHERE year = ?1")?
                .query_row([year], |r| r.get(0))
                .optional()?
                .unwrap_or(1),
        };
        self.numbers.insert(year, n.saturating_add(1));
        Ok(n)
    }

    fn insert(&mut self, mut h: Hazard, key: Option<Identity>) -> anyhow::Result<Outcome> {
        match h.id.split_once(crate::record::ORG_SEPARATOR) {
            Some((_, own)) if self.district && !own.is_empty() => {}
            Some((org, _)) if self.district => {
                let mut id = Text::from(org);
                id.push(crate::record::ORG_SEPARATOR);
                let year = h.found.year();
                let n = self.take_next(year)?;
                id.push_str(&assigned_id(year, n));
                h.id = id;
            }
            _ => {
                let year = h.found.year();
                let n = self.take_next(year)?;
                h.id = assigned_id(year, n);
            }
        }
        let pos = self.next_pos;
        self.next_pos += 1;
        self.saw(pos);
        self.write_row(true, pos, &h, key.map(|k| k.column()))?;
        self.record(&h, Op::Insert, &[])?;
        self.by_id.insert(h.id.clone(), pos);
        if let Some(key) = key
            && let Some(taken) = self.by_identity.insert(key, pos)
            && let Some(text) = self.identity_of(&self.load(taken)?)
        {
            // Not found under its own identity, yet the identity is held:
            // by another text, which keeps its hazard under that text.
            self.collided.insert(text, taken);
        }
        Ok(Outcome::Inserted)
    }

    fn update(&mut self, pos: i64, stored: &Hazard, incoming: Hazard) -> anyhow::Result<Outcome> {
        let merged = merged(stored, incoming, self.config);
        let changes = diff(stored, &merged);
        let seen_anew = stored.observed != merged.observed
            || stored.source != merged.source
            || stored.seq != merged.seq;
        if changes.is_empty() {
            if seen_anew {
                self.keep(pos, stored, &merged)?;
                self.write_row(false, pos, &merged, ident_of(&merged))?;
            }
            return Ok(Outcome::Unchanged);
        }
        self.keep(pos, stored, &merged)?;
        self.write_row(false, pos, &merged, ident_of(&merged))?;
        self.record(&merged, Op::Update, &changes)?;
        if let Some(key) = self.identity_of(&merged).map(|t| Identity::of_key(&t)) {
            self.by_identity.insert(key, pos);
        }
        self.by_id.insert(merged.id.clone(), pos);
        Ok(Outcome::Updated)
    }

    /// Keeps the cells of an earlier import's row that a rewrite replaces,
    /// for `ledger undo` to put back; only those, since a monthly file reads
    /// most rows again with little changed.
    fn keep(&mut self, pos: i64, stored: &Hazard, merged: &Hazard) -> anyhow::Result<()> {
        if pos >= self.first_new {
            return Ok(());
        }
        let old = table::cells(stored);
        let mut replaced: Vec<(usize, &str)> = Vec::new();
        let mut i = 0;
        table::each_cell(merged, |cell| {
            if old[i] != cell {
                replaced.push((i, &old[i]));
            }
            i += 1;
        });
        self.put_prior(pos, stored, &replaced)
    }

    /// Keeps every cell of a row about to be withdrawn, so that `ledger
    /// undo` sees this import touched it: an earlier import of the hazard
    /// can then no longer be undone over it.
    fn keep_whole(&mut self, pos: i64, stored: &Hazard) -> anyhow::Result<()> {
        let cells: Vec<(usize, String)> = table::cells(stored).into_iter().enumerate().collect();
        self.put_prior(pos, stored, &cells)
    }

    /// Writes the `(column, old value)` cells this run replaced in a row.
    fn put_prior(
        &self,
        pos: i64,
        stored: &Hazard,
        cells: &[(usize, impl serde::Serialize)],
    ) -> anyhow::Result<()> {
        self.store
            .conn
            .prepare_cached("INSERT INTO prior (run, pos, id, cells) VALUES (?1, ?2, ?3, ?4)")?
            .execute(rusqlite::params![
                self.run,
                pos,
                stored.id.as_str(),
                serde_json::to_string(cells)?,
            ])?;
        Ok(())
    }

    /// Notes that the current file lists the hazard at `pos` (in a district
    /// only: a sub-district's import has no use for it).
    fn saw(&mut self, pos: i64) {
        if self.district {
            self.seen.insert(pos);
        }
    }

    /// Starts counting the hazards the next file lists.
    pub fn start_file(&mut self) {
        self.seen.clear();
    }

    /// Ends a district's submission of `org` for the days `first..=last`
    /// that read from `file`: the hazards an earlier submission of `org`
    /// for those days listed and this one does not are withdrawn from the
    /// store, each with a history event; returns how many.
    pub fn withdraw_unlisted(
        &mut self,
        org: &str,
        first: chrono::NaiveDate,
        last: chrono::NaiveDate,
        file: &str,
    ) -> anyhow::Result<usize> {
        let seen = &self.seen;
        let mut prefix = String::from(org);
        prefix.push(crate::record::ORG_SEPARATOR);
        let candidates: Vec<i64> = self
            .store
            .conn
            .prepare_cached(
                "SELECT pos FROM hazards WHERE substr(id, 1, length(?1)) = ?1 \
                 AND observed BETWEEN ?2 AND ?3 ORDER BY pos",
            )?
            .query_map(
                rusqlite::params![prefix, first.to_string(), last.to_string()],
                |r| r.get(0),
            )?
            .collect::<rusqlite::Result<_>>()?;
        let mut withdrawn = 0;
        let unlisted: Vec<i64> = candidates
            .into_iter()
            .filter(|p| !seen.contains(p))
            .collect();
        for pos in unlisted {
            let mut h = self.load(pos)?;
            self.keep_whole(pos, &h)?;
            self.store
                .conn
                .prepare_cached("DELETE FROM hazards WHERE pos = ?1")?
                .execute([pos])?;
            self.by_id.remove(&h.id);
            if let Some(key) = self.identity_of(&h).map(|t| Identity::of_key(&t))
                && self.by_identity.get(&key) == Some(&pos)
            {
                self.by_identity.remove(&key);
            }
            h.source.file = file.into();
            h.source.sheet = Text::default();
            h.source.row = 0;
            self.record(&h, Op::Withdraw, &[])?;
            self.dirty = true;
            withdrawn += 1;
        }
        Ok(withdrawn)
    }

    /// Writes `h` at `pos`; `ident` is its `ident` column, already known
    /// for a new row from the key it was built with.
    fn write_row(
        &mut self,
        new: bool,
        pos: i64,
        h: &Hazard,
        ident: Option<i64>,
    ) -> anyhow::Result<()> {
        debug_assert_eq!(ident, ident_of(h), "{}", h.id);
        self.rows.put_hazard(new, pos, h, ident)?;
        self.dirty = true;
        Ok(())
    }

    fn record(&mut self, h: &Hazard, op: Op, changes: &[Change]) -> anyhow::Result<()> {
        let event = Event::of(h, op, &self.at, changes.to_vec());
        Ok(self.rows.put_event(&mut self.chain, &event)?)
    }

    /// Commits what was merged and `log`'s files; writes nothing when nothing
    /// changed, so the database file keeps its bytes.
    pub fn commit(mut self, log: &[ImportLine]) -> anyhow::Result<()> {
        if !self.dirty && log.is_empty() {
            return Ok(());
        }
        self.finish(log)
            .map_err(|e| match e.downcast::<rusqlite::Error>() {
                Ok(db) => self.store.error(db),
                Err(other) => other,
            })
    }

    fn finish(&mut self, log: &[ImportLine]) -> anyhow::Result<()> {
        let conn = &self.store.conn;
        for line in log {
            imports::insert(conn, line, Some(self.run))?;
        }
        conn.prepare_cached(
            "INSERT INTO runs (run, at, first_pos, end_pos) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(rusqlite::params![
            self.run,
            self.at,
            self.first_new,
            self.next_pos
        ])?;
        put_meta(
            conn,
            &self.chain,
            self.numbers.iter().map(|(y, n)| (*y, *n)),
        )?;
        if self.bulk {
            conn.execute_batch(&schema::INDEXES.join(";\n"))?;
        }
        conn.execute_batch("COMMIT")?;
        self.done = true;
        Ok(())
    }
}

impl Drop for Merge<'_> {
    fn drop(&mut self) {
        if !self.done {
            // Nothing to undo when the rollback fails: the transaction then
            // never committed, and SQLite discards it when the file is closed.
            let _ = self.store.conn.execute_batch("ROLLBACK");
        }
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

/// `YH-2022-0001` → (2022, 1).
pub(super) fn parse_id(id: &str) -> Option<(i32, u32)> {
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
pub(super) fn diff(old: &Hazard, new: &Hazard) -> Vec<Change> {
    let mut buf = String::with_capacity(256);
    let mut ends = Vec::with_capacity(table::COLUMNS.len());
    table::each_cell(old, |cell| {
        buf.push_str(cell);
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
                from: was.to_owned(),
                to: cell.to_owned(),
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
    use crate::i18n::Lang;
    use crate::status::Status;
    use crate::store::Query;
    use crate::store::table::tests::sample;
    use chrono::NaiveDate;

    /// Merges `h` as an import does, its identity worked out first.
    fn apply(m: &mut Merge<'_>, h: Hazard) -> Outcome {
        let key = Identity::of(&h);
        m.apply(h, key).unwrap()
    }

    /// A workspace whose store holds `hazards`, committed by an import.
    fn store_with(hazards: &[Hazard]) -> (tempfile::TempDir, Store) {
        let ws = tempfile::tempdir().unwrap();
        Store::create(ws.path()).unwrap();
        let mut store = Store::open_for_write(ws.path(), Lang::En).unwrap();
        let config = Config::builtin();
        let mut m = Merge::new(&mut store, &config, "t0".into()).unwrap();
        for h in hazards {
            apply(&mut m, h.clone());
        }
        m.commit(&[]).unwrap();
        (ws, store)
    }

    fn stored(store: &Store) -> Vec<Hazard> {
        store.hazards(&Query::default()).unwrap()
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
    fn ids_are_numbered_per_discovery_year_and_go_on_in_the_next_import() {
        let mut other = incoming();
        other.unit = "另一家".into();
        let mut next_year = incoming();
        next_year.unit = "第三家".into();
        next_year.found = NaiveDate::from_ymd_opt(2023, 1, 5).unwrap();
        let (_ws, mut store) = store_with(&[incoming(), other, next_year]);
        let ids: Vec<_> = stored(&store).into_iter().map(|h| h.id).collect();
        assert_eq!(ids, ["YH-2022-0001", "YH-2022-0002", "YH-2023-0001"]);
        let config = Config::builtin();
        let mut m = Merge::new(&mut store, &config, "t".into()).unwrap();
        let mut fourth = incoming();
        fourth.unit = "第四家".into();
        assert_eq!(apply(&mut m, fourth), Outcome::Inserted);
        m.commit(&[]).unwrap();
        assert_eq!(stored(&store)[3].id, "YH-2022-0003");
    }

    #[test]
    fn hazards_whose_identities_collide_are_never_merged() {
        let ws = tempfile::tempdir().unwrap();
        Store::create(ws.path()).unwrap();
        let mut store = Store::open_for_write(ws.path(), Lang::En).unwrap();
        let config = Config::builtin();
        let mut m = Merge::new(&mut store, &config, "t".into()).unwrap();
        let first = incoming();
        let key = Identity::of(&first);
        assert_eq!(apply(&mut m, first.clone()), Outcome::Inserted);
        // A different hazard handed the first one's identity: what a
        // collision of the 128-bit identities would look like.
        let mut other = incoming();
        other.unit = "另一家".into();
        let collision = Identity::of(&other)
            .zip(key)
            .map(|(o, k)| o.colliding_with(k));
        assert_eq!(
            m.apply(other.clone(), collision).unwrap(),
            Outcome::Inserted
        );
        let mut first_again = first;
        first_again.observed = d(8, 2);
        assert_eq!(apply(&mut m, first_again), Outcome::Unchanged);
        m.commit(&[]).unwrap();
        let hazards = stored(&store);
        assert_eq!(hazards.len(), 2);
        assert_eq!(hazards[0].observed, d(8, 2));
    }

    #[test]
    fn a_blank_cell_erases_nothing_and_an_unstated_status_keeps_the_stored_one() {
        let original = sample();
        let (_ws, mut store) = store_with(std::slice::from_ref(&original));
        let config = Config::builtin();
        let mut m = Merge::new(&mut store, &config, "t".into()).unwrap();
        let mut row = incoming();
        row.phone = Text::default();
        row.observed = d(7, 31);
        assert_eq!(apply(&mut m, row), Outcome::Unchanged);
        assert!(m.dirty, "where it was last seen changed");
        m.commit(&[]).unwrap();
        let h = &stored(&store)[0];
        assert_eq!(h.phone, original.phone);
        assert_eq!(h.status, Status::Rectified);
        assert_eq!(h.observed, d(7, 31));
        assert_eq!(store.history(&h.id).unwrap().len(), 1, "the insert only");
    }

    #[test]
    fn an_older_file_never_rolls_a_field_back() {
        let (_ws, mut store) = store_with(&[sample()]);
        let config = Config::builtin();
        let mut m = Merge::new(&mut store, &config, "t".into()).unwrap();
        let mut row = incoming();
        row.phone = "13900000000".into();
        row.observed = d(6, 1);
        assert_eq!(apply(&mut m, row), Outcome::Stale);
        assert!(!m.dirty);
    }

    #[test]
    fn a_change_is_recorded_with_old_and_new_values_and_a_dropped_merge_writes_nothing() {
        let mut original = sample();
        original.status = Status::InProgress;
        original.closed = None;
        original.closed_source = None;
        let (_ws, mut store) = store_with(&[original]);
        let config = Config::builtin();
        let mut row = incoming();
        row.measures = "已整改".into();
        row.status = Status::Rectified;
        row.stated.status = true;
        row.closed = Some(d(7, 31));
        row.closed_source = Some(crate::record::ClosedSource::Observed);
        row.observed = d(7, 31);
        let mut m = Merge::new(&mut store, &config, "t".into()).unwrap();
        assert_eq!(apply(&mut m, row.clone()), Outcome::Updated);
        drop(m);
        assert_eq!(stored(&store)[0].status, Status::InProgress, "rolled back");
        let mut m = Merge::new(&mut store, &config, "2022-07-31T10:00:00+08:00".into()).unwrap();
        assert_eq!(apply(&mut m, row), Outcome::Updated);
        m.commit(&[]).unwrap();
        let history = store.history("YH-2022-0001").unwrap();
        assert_eq!(history.len(), 2);
        let e = &history[1];
        assert_eq!(e.op, Op::Update);
        assert_eq!(e.at, "2022-07-31T10:00:00+08:00");
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

    #[test]
    fn a_row_read_again_as_stored_is_unchanged_and_any_difference_is_merged() {
        let (ws, mut store) = store_with(&[incoming()]);
        let config = Config::builtin();
        let mut m = Merge::new(&mut store, &config, "t".into()).unwrap();
        assert_eq!(
            m.stored_as_is(&incoming(), Identity::of(&incoming()))
                .unwrap(),
            Some(1)
        );
        assert_eq!(apply(&mut m, incoming()), Outcome::Unchanged);
        assert!(!m.dirty, "nothing written");
        let mut seen_later = incoming();
        seen_later.observed = d(7, 31);
        let key = Identity::of(&seen_later);
        assert_eq!(m.stored_as_is(&seen_later, key).unwrap(), None);
        let mut moved = incoming();
        moved.owner = "李四".into();
        assert_eq!(apply(&mut m, moved), Outcome::Updated);
        m.commit(&[]).unwrap();
        assert_eq!(stored(&store)[0].owner, "李四");
        drop(ws);
    }

    #[test]
    fn a_hazard_is_found_by_its_id_in_any_spelling_of_the_number() {
        let (_ws, mut store) = store_with(&[sample()]);
        let config = Config::builtin();
        let mut m = Merge::new(&mut store, &config, "t".into()).unwrap();
        let mut row = incoming();
        row.id = "yh-2022-1".into();
        row.unit = "改了名字的店".into();
        row.observed = d(7, 31);
        assert_eq!(apply(&mut m, row), Outcome::Updated);
        m.commit(&[]).unwrap();
        let hazards = stored(&store);
        assert_eq!(hazards.len(), 1);
        assert_eq!(hazards[0].unit, "改了名字的店");
    }
}
