//! Finding the workspace: `--workspace DIR`, else `LEDGER_DIR` (both through
//! the global flag), else the nearest parent of the current directory that
//! holds a `ledger.toml`.

use crate::config::{Config, ConfigError};
use crate::division::{Division, DivisionError};
use crate::i18n::{Lang, Localized};
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "ledger.toml";
pub const TASKS_FILE: &str = "tasks.toml";
/// The blank Annex 3 workbook's name in a new workspace.
pub const TEMPLATE_FILE: &str = "台账模板.xlsx";

/// An opened workspace: its folder, its configuration and, when it has a
/// `tasks.toml`, its task division.
pub struct Workspace {
    pub root: PathBuf,
    pub config: Config,
    pub division: Option<Division>,
}

/// Why there is no workspace to work in.
#[derive(Debug)]
pub enum WorkspaceError {
    /// No `ledger.toml` here or in any parent folder, and none named.
    NotFound,
    /// The folder named holds no `ledger.toml`.
    NotAWorkspace(PathBuf),
    Config(ConfigError),
    Division(DivisionError),
}

impl Localized for WorkspaceError {
    fn message(&self, lang: Lang) -> String {
        match self {
            WorkspaceError::NotFound => lang.pick(
                "找不到工作区：当前目录及其上级都没有 ledger.toml。用 `ledger init 目录` 建立，或用 --workspace 目录 / 环境变量 LEDGER_DIR 指定".to_string(),
                "no workspace: no ledger.toml here or in any parent folder. Create one with `ledger init DIR`, or name one with --workspace DIR or LEDGER_DIR".to_string(),
            ),
            WorkspaceError::NotAWorkspace(root) => lang.pick(
                format!("{} 不是工作区（没有 {CONFIG_FILE}）；用 `ledger init {}` 建立", root.display(), root.display()),
                format!("{} is not a workspace (no {CONFIG_FILE}); create one with `ledger init {}`", root.display(), root.display()),
            ),
            WorkspaceError::Config(e) => e.message(lang),
            WorkspaceError::Division(e) => e.message(lang),
        }
    }
}

crate::i18n::localized_error!(WorkspaceError);

impl Workspace {
    /// Opens the workspace at `root`.
    pub fn open(root: &Path) -> Result<Workspace, WorkspaceError> {
        let file = root.join(CONFIG_FILE);
        if !file.is_file() {
            return Err(WorkspaceError::NotAWorkspace(root.to_path_buf()));
        }
        let config = Config::load(&file).map_err(WorkspaceError::Config)?;
        let tasks = root.join(TASKS_FILE);
        let division = if tasks.is_file() {
            Some(Division::load(&tasks, &config).map_err(WorkspaceError::Division)?)
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
    pub fn require(explicit: Option<&Path>) -> Result<Workspace, WorkspaceError> {
        let root = Workspace::locate(explicit).ok_or(WorkspaceError::NotFound)?;
        Workspace::open(&root)
    }
}
