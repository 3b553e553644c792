//! Atomic file replacement for what commands write (reports, exports,
//! templates): write a temporary file beside the target, flush it to disk,
//! then rename it over the target. A crash leaves either the old file or the
//! new one, never a torn mix.

use crate::i18n::Lang;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Prefix of temporary files.
pub const TMP_PREFIX: &str = ".tmp-";

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
        let mut w = io::BufWriter::with_capacity(1 << 20, &file);
        fill(&mut w)?;
        w.flush()?;
        drop(w);
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
    fn a_failed_fill_leaves_the_old_file_and_no_temporary() {
        for written in [4, 3 << 20] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("a.xlsx");
            write(&path, b"old").unwrap();
            let err = write_with(&path, |w| {
                w.write_all(&vec![7; written])?;
                Err(io::Error::other("disk full"))
            });
            assert!(err.is_err());
            assert_eq!(fs::read(&path).unwrap(), b"old");
            assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        }
    }
}
