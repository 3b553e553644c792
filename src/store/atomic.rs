//! Atomic file replacement: write a temporary file beside the target, flush it
//! to disk, then rename it over the target. A crash leaves either the old file
//! or the new one, never a torn mix; a stray temporary file is all that can
//! remain, and the store sweeps those on its next write.

use crate::i18n::Lang;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;

/// Prefix of temporary files, so a later write can sweep leftovers.
pub const TMP_PREFIX: &str = ".tmp-";

/// Bytes written between background flushes of a large file (see [`Syncing`]).
const SYNC_EVERY: u64 = 32 << 20;

/// Replaces `path` with `bytes`, atomically and durably.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with(path, |f| f.write_all(bytes))
}

/// Replaces `path` with what `fill` writes, atomically and durably. On any
/// error the temporary file is removed and `path` is untouched.
pub fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    write_syncing_every(path, SYNC_EVERY, fill)
}

/// A file that could not be replaced, and why. It is left as it was, and the
/// temporary file beside it is already removed. Carried inside the
/// [`io::Error`] the writers return, so the words can be chosen where the
/// language is known ([`failed_write`]).
#[derive(Debug)]
pub struct WriteFailed {
    pub path: PathBuf,
    pub source: io::Error,
}

impl std::fmt::Display for WriteFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.source)
    }
}

impl std::error::Error for WriteFailed {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// The [`WriteFailed`] an error carries, if any.
pub fn failed_write(e: &io::Error) -> Option<&WriteFailed> {
    e.get_ref()?.downcast_ref()
}

/// Why a write failed, in words a clerk acts on (disk full, no permission),
/// then in the system's.
pub fn reason(e: &io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    let e = failed_write(e).map_or(e, |f| &f.source);
    let why = match e.kind() {
        K::StorageFull | K::FileTooLarge | K::QuotaExceeded => {
            lang.pick("磁盘空间不足", "the disk is full")
        }
        K::PermissionDenied | K::ReadOnlyFilesystem => {
            lang.pick("没有写入权限（只读）", "no permission to write (read-only)")
        }
        _ => return e.to_string(),
    };
    format!("{why}: {e}")
}

/// [`write_with`], flushing to disk in the background every `every` bytes.
fn write_syncing_every(
    path: &Path,
    every: u64,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    // A bare file name's parent is "", which cannot be opened to sync.
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!("{TMP_PREFIX}{}-{name}", std::process::id()));
    let result = (|| {
        let file = File::create(&tmp)?;
        // The background flushes end with the writer, inside the scope.
        thread::scope(|scope| {
            let mut w = io::BufWriter::with_capacity(1 << 20, Syncing::new(&file, scope, every));
            fill(&mut w)?;
            w.flush()
        })?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)?;
        sync_dir(dir)
    })();
    result.map_err(|source| {
        let _ = fs::remove_file(&tmp);
        let kind = source.kind();
        let path = path.to_path_buf();
        io::Error::new(kind, WriteFailed { path, source })
    })
}

/// Writes to a file and, each time another `every` bytes are written, has
/// a thread of its own flush what is written so far. The disk then works
/// while the rest is still being encoded, and the final sync waits only for
/// the last part: a million-hazard table is 290 MB, which took this
/// machine's disk a tenth of a second to confirm at the end, and takes an
/// office PC's hard disk seconds. A small file never starts the thread.
struct Syncing<'scope, 'env> {
    file: &'env File,
    scope: &'scope thread::Scope<'scope, 'env>,
    every: u64,
    written: u64,
    /// Wakes the flushing thread, once started; dropped with the writer,
    /// which ends the thread.
    wake: Option<mpsc::SyncSender<()>>,
}

impl<'scope, 'env> Syncing<'scope, 'env> {
    fn new(file: &'env File, scope: &'scope thread::Scope<'scope, 'env>, every: u64) -> Self {
        Syncing {
            file,
            scope,
            every,
            written: 0,
            wake: None,
        }
    }

    fn flush_in_background(&mut self) {
        let (file, scope) = (self.file, self.scope);
        let wake = self.wake.get_or_insert_with(|| {
            let (wake, woken) = mpsc::sync_channel::<()>(1);
            scope.spawn(move || {
                // A failure here fails the final sync too, which reports it.
                for () in woken {
                    let _ = file.sync_data();
                }
            });
            wake
        });
        // When a flush is already waiting, it will cover these bytes too.
        let _ = wake.try_send(());
    }
}

impl Write for Syncing<'_, '_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut file = self.file;
        let n = file.write(buf)?;
        let before = self.written;
        self.written += n as u64;
        if self.written / self.every > before / self.every {
            self.flush_in_background();
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Makes a rename durable. Directories cannot be opened for syncing on
/// Windows, where the rename itself is durable once it returns.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
    }
    Ok(())
}

/// Removes temporary files a crashed writer left in `dir`.
pub fn sweep(dir: &Path) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with(TMP_PREFIX) {
            fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        write(&path, b"one").unwrap();
        write(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_file_flushed_as_it_is_written_holds_every_byte_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.tbl");
        // 8 MB, more than the writer's buffer holds: many writes reach the file.
        let chunks: Vec<Vec<u8>> = (0..300u32)
            .map(|i| (0..(i % 7) * 9000 + 1).map(|j| (i + j) as u8).collect())
            .collect();
        // Flushed every 64 KB: a flush asked for at every write.
        write_syncing_every(&path, 64 << 10, |w| {
            chunks.iter().try_for_each(|c| w.write_all(c))
        })
        .unwrap();
        assert_eq!(fs::read(&path).unwrap(), chunks.concat());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_fill_leaves_the_old_file_and_no_temporary() {
        // A few bytes, and more than the writer's buffer: background flushes started.
        for written in [4, 3 << 20] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("a.tbl");
            write(&path, b"old").unwrap();
            let err = write_syncing_every(&path, 1024, |w| {
                w.write_all(&vec![7; written])?;
                Err(io::Error::other("disk full"))
            });
            assert!(err.is_err());
            assert_eq!(fs::read(&path).unwrap(), b"old");
            assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        }
    }
}
