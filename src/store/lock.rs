//! One writer at a time: an operating-system lock on the workspace's `.ledger.lock`.
//!
//! Writers take it exclusively, readers shared. The lock is the kernel's, so
//! a killed process's lock vanishes with it and can never go stale; the pid
//! written into the file only serves to name the holder in messages. A second
//! writer waits a bounded time (`LEDGER_LOCK_TIMEOUT` seconds, default 10)
//! and then gives up with a clear message.

use crate::i18n::Lang;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// A held lock; released when dropped. A reader of a read-only workspace
/// holds none: nobody can write there.
#[derive(Debug)]
pub struct Lock {
    _file: Option<File>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Shared,
    Exclusive,
}

/// How long to wait for another process's lock.
pub fn timeout() -> Duration {
    let secs = std::env::var("LEDGER_LOCK_TIMEOUT")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .unwrap_or(10.0);
    Duration::from_secs_f64(secs)
}

/// Takes the lock at `path`, waiting up to [`timeout`].
pub fn acquire(path: &Path, mode: Mode, lang: Lang) -> anyhow::Result<Lock> {
    acquire_within(path, mode, timeout(), lang)
}

/// Takes the lock at `path`, waiting up to `wait`.
pub fn acquire_within(path: &Path, mode: Mode, wait: Duration, lang: Lang) -> anyhow::Result<Lock> {
    let opened = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path);
    let mut file = match (opened, mode) {
        (Ok(file), _) => file,
        (Err(_), Mode::Shared) => match File::open(path) {
            Ok(file) => file,
            Err(_) => return Ok(Lock { _file: None }),
        },
        (Err(e), Mode::Exclusive) => return Err(super::write_error(path, &e, lang)),
    };
    let deadline = Instant::now() + wait;
    loop {
        let attempt = match mode {
            Mode::Shared => file.try_lock_shared(),
            Mode::Exclusive => file.try_lock(),
        };
        match attempt {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(TryLockError::WouldBlock) => {
                let holder = holder(&mut file);
                anyhow::bail!(
                    "{}",
                    lang.pick(
                        format!("工作区正被另一个 ledger 进程{holder}使用，等待 {} 秒后放弃；请稍后再试", wait.as_secs_f64()),
                        format!("the workspace is in use by another ledger process{holder}; gave up after {} s, try again later", wait.as_secs_f64()),
                    )
                );
            }
            Err(TryLockError::Error(e)) => return Err(e.into()),
        }
    }
    if mode == Mode::Exclusive {
        file.set_len(0)?;
        file.rewind()?;
        write!(file, "{}", std::process::id())?;
    }
    Ok(Lock { _file: Some(file) })
}

fn holder(file: &mut File) -> String {
    let mut pid = String::new();
    let _ = file.rewind().and_then(|_| file.read_to_string(&mut pid));
    let pid = pid.trim();
    if pid.is_empty() {
        String::new()
    } else {
        format!(" (pid {pid})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_exclusive_lock_waits_then_fails_and_shared_locks_coexist() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lock");
        let a = acquire(&path, Mode::Shared, Lang::En).unwrap();
        let b = acquire(&path, Mode::Shared, Lang::En).unwrap();
        drop((a, b));
        let held = acquire(&path, Mode::Exclusive, Lang::En).unwrap();
        // Locks from the same process on different handles conflict too.
        let err = acquire_within(&path, Mode::Exclusive, Duration::from_millis(200), Lang::En)
            .unwrap_err()
            .to_string();
        assert!(err.contains("in use by another ledger process"), "{err}");
        assert!(err.contains(&std::process::id().to_string()), "{err}");
        drop(held);
        acquire(&path, Mode::Exclusive, Lang::En).unwrap();
    }
}
