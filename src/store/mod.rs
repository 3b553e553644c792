//! The on-disk store of a workspace: every hazard ever reported and its history.
//!
//! ```text
//! store/HEAD                 which table is current, and how much of the logs counts
//! store/hazards-000042.tbl   the current state of every hazard (see packed.rs;
//!                            stores of format 1 hold it as CSV, see table.rs)
//! store/history.jsonl        append-only change history (see history.rs)
//! store/imports.jsonl        append-only list of imported files
//! .ledger.lock               the writer lock (see lock.rs), outside the store
//!                            so that only data lives there
//! ```
//!
//! A commit writes a new table under a new generation number and appends to
//! the logs, then replaces `HEAD` atomically; `HEAD` is the commit point. A
//! crash before it leaves the old `HEAD`, naming the old table and the old log
//! lengths, so log bytes past those lengths are ignored and cut by the next
//! commit. Readers hold a shared lock, writers an exclusive one.

pub mod atomic;
pub mod hazards;
pub mod history;
pub mod imports;
pub mod lock;
pub mod merge;
mod numbers;
pub mod packed;
pub mod table;

use crate::i18n::Lang;
use crate::record::Hazard;
use anyhow::Context;
use history::Event;
use lock::{Lock, Mode};
use serde::{Deserialize, Serialize};
use std::fs::{self, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

pub const DIR: &str = "store";
const HEAD: &str = "HEAD";
const HISTORY: &str = "history.jsonl";
const IMPORTS: &str = "imports.jsonl";
const LOCK: &str = ".ledger.lock";

/// The store format this version writes: 2, the packed table. Format 1 (a
/// CSV table) still loads and becomes format 2 on the next commit.
const FORMAT: u32 = 2;

/// The commit record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Head {
    format: u32,
    generation: u64,
    hazards: String,
    history_bytes: u64,
    imports_bytes: u64,
}

impl Head {
    fn table_name(generation: u64) -> String {
        format!("hazards-{generation:06}.tbl")
    }
}

/// A loaded store and the lock that keeps it consistent while in use.
pub struct Store {
    dir: PathBuf,
    head: Head,
    pub hazards: Vec<Hazard>,
    lang: Lang,
    _lock: Lock,
}

/// A write into the workspace failed: say where and why in words a clerk
/// acts on (disk full, no permission), and that nothing was changed.
pub fn write_error(path: &Path, e: &std::io::Error, lang: Lang) -> anyhow::Error {
    let path = atomic::failed_write(e).map_or(path, |f| &f.path);
    let why = atomic::reason(e, lang);
    anyhow::anyhow!(
        "{}",
        lang.pick(
            format!(
                "无法写入 {}：{why}；台账库保持原样，未做任何改动",
                path.display()
            ),
            format!(
                "cannot write {}: {why}; the store is unchanged",
                path.display()
            ),
        )
    )
}

impl Store {
    /// Creates an empty store in `workspace/store`.
    pub fn create(workspace: &Path) -> anyhow::Result<()> {
        let dir = workspace.join(DIR);
        fs::create_dir_all(&dir)?;
        let head = Head {
            format: FORMAT,
            generation: 0,
            hazards: Head::table_name(0),
            history_bytes: 0,
            imports_bytes: 0,
        };
        let mut table = Vec::new();
        packed::write(&mut table, &[])?;
        atomic::write(&dir.join(&head.hazards), &table)?;
        for log in [HISTORY, IMPORTS] {
            atomic::write(&dir.join(log), b"")?;
        }
        atomic::write(&dir.join(HEAD), &serde_json::to_vec_pretty(&head)?)?;
        Ok(())
    }

    /// Loads the store for reading (shared lock).
    pub fn open(workspace: &Path, lang: Lang) -> anyhow::Result<Store> {
        Store::load(workspace, Mode::Shared, lang)
    }

    /// Loads the store for writing (exclusive lock, held until dropped).
    pub fn open_for_write(workspace: &Path, lang: Lang) -> anyhow::Result<Store> {
        Store::load(workspace, Mode::Exclusive, lang)
    }

    fn load(workspace: &Path, mode: Mode, lang: Lang) -> anyhow::Result<Store> {
        let dir = workspace.join(DIR);
        let head_path = dir.join(HEAD);
        if !head_path.is_file() {
            anyhow::bail!(
                "{}",
                lang.pick(
                    format!(
                        "{} 没有台账库（{}）；请用 `ledger init` 建立工作区",
                        workspace.display(),
                        head_path.display()
                    ),
                    format!(
                        "{} has no store ({}); create the workspace with `ledger init`",
                        workspace.display(),
                        head_path.display()
                    ),
                )
            );
        }
        let lock = lock::acquire(&workspace.join(LOCK), mode, lang)?;
        let head: Head = serde_json::from_slice(&fs::read(&head_path)?)
            .with_context(|| damaged(&head_path, lang))?;
        if !(1..=FORMAT).contains(&head.format) {
            anyhow::bail!(
                "{}",
                lang.pick(
                    format!(
                        "{} 由更新版本的 ledger 写入（格式 {}），请升级 ledger",
                        dir.display(),
                        head.format
                    ),
                    format!(
                        "{} was written by a newer ledger (format {}); upgrade ledger",
                        dir.display(),
                        head.format
                    ),
                )
            );
        }
        let table_path = dir.join(&head.hazards);
        let bytes = map(&table_path).with_context(|| {
            lang.pick(
                format!("无法打开台账库文件 {}", table_path.display()),
                format!("cannot open {}", table_path.display()),
            )
        })?;
        let hazards = if head.format == 1 {
            table::read_bytes(&bytes)
        } else {
            packed::read(&bytes)
        }
        .with_context(|| damaged(&table_path, lang))?;
        // Unmapped at once: Windows refuses to delete a mapped file, and the
        // next commit deletes this table.
        drop(bytes);
        let store = Store {
            dir,
            head,
            hazards,
            lang,
            _lock: lock,
        };
        if mode == Mode::Exclusive {
            // A writer killed between its commit and its tidying up left the
            // old table; a write that then finds nothing to change never
            // commits, so the tidying is done here. Failing it loses nothing.
            let _ = atomic::sweep(&store.dir);
            let _ = store.remove_orphan_tables();
        }
        Ok(store)
    }

    /// The history of one hazard, oldest first.
    pub fn history(&self, id: &str) -> anyhow::Result<Vec<Event>> {
        let text = read_prefix(&self.dir.join(HISTORY), self.head.history_bytes)?;
        history::of_hazard(&text, id)
    }

    /// The committed lines of the import log.
    pub fn imports_log(&self) -> anyhow::Result<String> {
        read_prefix(&self.dir.join(IMPORTS), self.head.imports_bytes)
    }

    /// Commits a new state: the full table (its hazards as consecutive parts), history lines (JSON, see
    /// history.rs) and import-log lines to append. Needs the store opened for writing. On any failure
    /// the committed state is untouched (see the module's commit protocol).
    pub fn commit(
        &mut self,
        hazards: &[&[Hazard]],
        history: &[Vec<u8>],
        imports: &[String],
    ) -> anyhow::Result<()> {
        self.write(hazards, history, imports)
            .map_err(|e| match e.downcast::<std::io::Error>() {
                Ok(io) => write_error(&self.dir, &io, self.lang),
                Err(other) => other,
            })
    }

    fn write(
        &mut self,
        hazards: &[&[Hazard]],
        history: &[Vec<u8>],
        imports: &[String],
    ) -> anyhow::Result<()> {
        atomic::sweep(&self.dir)?;
        let generation = self.head.generation + 1;
        let name = Head::table_name(generation);
        // Neither counts before HEAD names both, so the table and the
        // history are written side by side: one syncs while the other's
        // bytes are copied.
        let (table, history_bytes) = std::thread::scope(|scope| {
            let history =
                scope.spawn(|| append(&self.dir.join(HISTORY), self.head.history_bytes, history));
            let table = atomic::write_with(&self.dir.join(&name), |w| packed::write(w, hazards));
            (table, history.join())
        });
        let history_bytes = history_bytes.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        if table.is_err() || history_bytes.is_err() {
            // Neither counts, but the store is left as it was found: a
            // failed commit changes no byte (the next would tidy up anyway).
            let _ = fs::remove_file(self.dir.join(&name));
            let _ = cut(&self.dir.join(HISTORY), self.head.history_bytes);
        }
        table?;
        let history_bytes = history_bytes?;
        let log: String = imports.iter().map(|l| format!("{l}\n")).collect();
        let head = append(
            &self.dir.join(IMPORTS),
            self.head.imports_bytes,
            &[log.as_bytes()],
        )
        .and_then(|imports_bytes| {
            let head = Head {
                format: FORMAT,
                generation,
                hazards: name.clone(),
                history_bytes,
                imports_bytes,
            };
            atomic::write(&self.dir.join(HEAD), &serde_json::to_vec_pretty(&head)?)?;
            Ok(head)
        });
        let head = match head {
            Ok(head) => head,
            Err(e) => {
                // Not committed: what was written for it goes at once.
                let _ = fs::remove_file(self.dir.join(&name));
                let _ = cut(&self.dir.join(HISTORY), self.head.history_bytes);
                let _ = cut(&self.dir.join(IMPORTS), self.head.imports_bytes);
                return Err(e);
            }
        };
        let old = std::mem::replace(&mut self.head, head);
        // Committed: failing to tidy up now loses nothing, the next commit retries.
        let _ = fs::remove_file(self.dir.join(&old.hazards));
        let _ = self.remove_orphan_tables();
        Ok(())
    }

    /// Tables a crashed commit wrote but never made current.
    fn remove_orphan_tables(&self) -> anyhow::Result<()> {
        for entry in fs::read_dir(&self.dir)? {
            let name = entry?.file_name().to_string_lossy().into_owned();
            if name.starts_with("hazards-") && name != self.head.hazards {
                fs::remove_file(self.dir.join(name))?;
            }
        }
        Ok(())
    }
}

/// Says that a store file cannot be read as written; the detail that follows
/// it (from the parser) names the place.
fn damaged(path: &Path, lang: Lang) -> String {
    lang.pick(
        format!(
            "台账库文件 {} 已损坏，未做任何改动（可从备份恢复 store 目录）",
            path.display()
        ),
        format!(
            "{} is damaged; nothing was changed (restore the store folder from a backup)",
            path.display()
        ),
    )
}

/// The table's bytes, mapped rather than read: a large table is then decoded
/// from the page cache instead of first being copied into fresh memory (a
/// million hazards are a quarter of a gigabyte).
fn map(path: &Path) -> std::io::Result<memmap2::Mmap> {
    let file = fs::File::open(path)?;
    // SAFETY: the mapping is only read while the store's lock is held, and
    // no writer modifies a table in place: a commit writes a new table and
    // renames it, so the mapped bytes cannot change under the reader.
    unsafe { memmap2::Mmap::map(&file) }
}

impl Drop for Store {
    fn drop(&mut self) {
        let hazards = std::mem::take(&mut self.hazards);
        let count = hazards.len();
        release(hazards, count);
    }
}

/// Frees `hazards`, which hold `count` hazards. A million take a third of a
/// second that no one waits for (more when other threads built them): a
/// large set is freed on another thread, which the process exiting may cut
/// short.
pub fn release(hazards: impl Send + 'static, count: usize) {
    const LARGE: usize = 100_000;
    if count >= LARGE {
        std::thread::spawn(move || drop(hazards));
    }
}

/// Cuts `path` to its committed length, appends `parts` one after the
/// other, syncs, and returns the new length.
fn append(path: &Path, committed: u64, parts: &[impl AsRef<[u8]>]) -> anyhow::Result<u64> {
    append_io(path, committed, parts).map_err(|source| {
        let kind = source.kind();
        let path = path.to_path_buf();
        std::io::Error::new(kind, atomic::WriteFailed { path, source }).into()
    })
}

fn append_io(path: &Path, committed: u64, parts: &[impl AsRef<[u8]>]) -> std::io::Result<u64> {
    let mut f = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)?;
    f.set_len(committed)?;
    f.seek(SeekFrom::Start(committed))?;
    let mut length = committed;
    for part in parts {
        f.write_all(part.as_ref())?;
        length += part.as_ref().len() as u64;
    }
    f.sync_all()?;
    Ok(length)
}

/// Cuts a log back to its committed length.
fn cut(path: &Path, committed: u64) -> std::io::Result<()> {
    OpenOptions::new()
        .write(true)
        .open(path)?
        .set_len(committed)
}

/// The first `len` bytes of a log: what the current `HEAD` committed.
fn read_prefix(path: &Path, len: u64) -> anyhow::Result<String> {
    let mut text = String::new();
    fs::File::open(path)?.take(len).read_to_string(&mut text)?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_writer_removes_what_a_killed_writer_left_behind() {
        let ws = tempfile::tempdir().unwrap();
        Store::create(ws.path()).unwrap();
        let dir = ws.path().join(DIR);
        let leftovers = ["hazards-000007.tbl", ".tmp-99-hazards-000008.tbl"];
        for name in leftovers {
            fs::write(dir.join(name), b"half").unwrap();
        }
        drop(Store::open(ws.path(), Lang::En).unwrap());
        assert!(
            leftovers.iter().all(|n| dir.join(n).exists()),
            "readers leave them"
        );
        let store = Store::open_for_write(ws.path(), Lang::En).unwrap();
        assert!(leftovers.iter().all(|n| !dir.join(n).exists()));
        assert!(dir.join(&store.head.hazards).is_file());
    }
}
