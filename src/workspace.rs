//! Finding the workspace: `--workspace DIR`, else `LEDGER_DIR` (both through
//! the global flag), else the nearest parent of the current directory that
//! holds a `ledger.toml`.

use crate::config::Config;
use crate::division::Division;
use crate::i18n::Lang;
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "ledger.toml";
pub const TASKS_FILE: &str = "tasks.toml";

/// An opened workspace: its folder, its configuration and, when it has a
/// `tasks.toml`, its task division.
pub struct Workspace {
    pub root: PathBuf,
    pub config: Config,
    pub division: Option<Division>,
}

impl Workspace {
    /// Opens the workspace at `root`.
    pub fn open(root: &Path, lang: Lang) -> anyhow::Result<Workspace> {
        let file = root.join(CONFIG_FILE);
        if !file.is_file() {
            anyhow::bail!(
                "{}",
                lang.pick(
                    format!("{} 不是工作区（没有 {CONFIG_FILE}）；用 `ledger init {}` 建立", root.display(), root.display()),
                    format!("{} is not a workspace (no {CONFIG_FILE}); create one with `ledger init {}`", root.display(), root.display()),
                )
            );
        }
        let config = Config::load(&file, lang)?;
        let tasks = root.join(TASKS_FILE);
        let division = if tasks.is_file() {
            Some(Division::load(&tasks, &config, lang)?)
        } else {
            None
        };
        Ok(Workspace {
            root: root.to_path_buf(),
            config,
            division,
        })
    }

    /// The workspace named by the flag, else found above the current directory.
    pub fn locate(explicit: Option<&Path>) -> Option<PathBuf> {
        if let Some(dir) = explicit {
            return Some(dir.to_path_buf());
        }
        let cwd = std::env::current_dir().ok()?;
        cwd.ancestors()
            .find(|d| d.join(CONFIG_FILE).is_file())
            .map(Path::to_path_buf)
    }

    /// The workspace a command needs, or an error saying how to make one.
    pub fn require(explicit: Option<&Path>, lang: Lang) -> anyhow::Result<Workspace> {
        match Workspace::locate(explicit) {
            Some(root) => Workspace::open(&root, lang),
            None => anyhow::bail!(
                "{}",
                lang.pick(
                    "找不到工作区：当前目录及其上级都没有 ledger.toml。用 `ledger init 目录` 建立，或用 --workspace 目录 / 环境变量 LEDGER_DIR 指定".to_string(),
                    "no workspace: no ledger.toml here or in any parent folder. Create one with `ledger init DIR`, or name one with --workspace DIR or LEDGER_DIR".to_string(),
                )
            ),
        }
    }
}
