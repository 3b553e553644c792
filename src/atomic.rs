//! Atomic file replacement for what commands write (reports, exports,
//! templates): write a temporary file beside the target, flush it to disk,
//! then rename it over the target. A crash leaves either the old file or the
//! new one, never a torn mix.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;

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
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
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
