//! What every command needs from the global flags, resolved once by
//! [`super::main`]: the language, the day, and the workspace, found only
//! when a command asks for it (`check`, `init`, `template`, `completions`
//! and `man` can run without one).

use crate::i18n::Lang;
use crate::store::Store;
use crate::workspace::{Workspace, WorkspaceError};
use chrono::NaiveDate;
use std::cell::OnceCell;
use std::path::{Path, PathBuf};

pub struct Context {
    /// The language messages are said in.
    pub lang: Lang,
    /// The day the run takes as today.
    pub today: NaiveDate,
    /// `--workspace` or `LEDGER_DIR`, as given.
    dir: Option<PathBuf>,
    workspace: OnceCell<Workspace>,
}

impl Context {
    pub fn new(lang: Lang, dir: Option<PathBuf>) -> Self {
        Context {
            lang,
            today: super::today(),
            dir,
            workspace: OnceCell::new(),
        }
    }

    /// The folder `--workspace` or `LEDGER_DIR` names, if any.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// The workspace the command works in, or an error saying how to make one.
    pub fn workspace(&self) -> Result<&Workspace, WorkspaceError> {
        if let Some(ws) = self.workspace.get() {
            return Ok(ws);
        }
        let ws = Workspace::require(self.dir())?;
        Ok(self.workspace.get_or_init(|| ws))
    }

    /// The workspace when the command runs inside one; its rules then apply.
    pub fn workspace_if_any(&self) -> Result<Option<&Workspace>, WorkspaceError> {
        match Workspace::locate(self.dir()) {
            Some(_) => self.workspace().map(Some),
            None => Ok(None),
        }
    }

    /// The workspace's store, to read.
    pub fn store(&self) -> anyhow::Result<Store> {
        Store::open(&self.workspace()?.root, self.lang)
    }

    /// The workspace's store, locked to write.
    pub fn store_for_write(&self) -> anyhow::Result<Store> {
        Store::open_for_write(&self.workspace()?.root, self.lang)
    }

    /// The moment a command that writes history records its change at.
    pub fn now(&self) -> String {
        chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_folder_without_ledger_toml_is_no_workspace_even_if_asked_twice() {
        let dir = std::env::temp_dir().join(format!("ledger-context-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let ctx = Context::new(Lang::En, Some(dir.clone()));
        for _ in 0..2 {
            assert!(matches!(
                ctx.workspace(),
                Err(WorkspaceError::NotAWorkspace(d)) if d == dir
            ));
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_workspace_is_opened_once_and_shared_by_every_ask() {
        let dir = std::env::temp_dir().join(format!("ledger-context-ws-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join(crate::workspace::CONFIG_FILE),
            crate::config::TEMPLATE,
        )
        .unwrap();
        let ctx = Context::new(Lang::Zh, Some(dir.clone()));
        let first: *const Workspace = ctx.workspace().unwrap();
        let second: *const Workspace = ctx.workspace().unwrap();
        assert_eq!(first, second);
        assert!(ctx.workspace_if_any().unwrap().is_some());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
