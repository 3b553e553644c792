//! Rendering: computed results → text, CSV, JSON or xlsx. Renderers never
//! compute; they lay out what the report layer produced.

pub mod check;
pub mod columns;
pub mod csv;
pub mod duties;
pub mod export;
pub mod import;
pub mod large_table;
pub mod list;
pub mod overdue;
pub mod record;
pub mod redact;
pub mod report;
pub mod show;
pub mod status;
pub mod submit;
pub mod summary;
pub mod table;
pub mod tables;
pub mod tabular;
pub mod tasks;
pub mod time;
pub mod undo;
pub mod xlsx;

use std::ffi::OsString;
use std::io::IsTerminal;
use std::sync::OnceLock;

use serde::Serialize;

/// Pretty JSON followed by a newline, for stdout.
pub fn json<T: Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("JSON of plain data");
    s.push('\n');
    s
}

/// When to colour: `--color auto|always|never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    /// Only on a terminal, and not when `NO_COLOR` is set or `TERM=dumb`.
    #[default]
    Auto,
    Always,
    Never,
}

/// The run's choice, set once by the command line before anything is written.
static COLOR: OnceLock<ColorChoice> = OnceLock::new();

pub fn set_color(choice: ColorChoice) {
    // Set once per run; a second call (tests in one process) keeps the first.
    let _ = COLOR.set(choice);
}

/// Colour for terminals, as [`ColorChoice`] decides for a stream.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    /// The style for standard output.
    pub fn stdout() -> Style {
        Style::of(std::io::stdout().is_terminal())
    }

    /// The style for standard error.
    pub fn stderr() -> Style {
        Style::of(std::io::stderr().is_terminal())
    }

    fn of(tty: bool) -> Style {
        let choice = COLOR.get().copied().unwrap_or_default();
        let env = |name| std::env::var_os(name);
        Style {
            color: colors(choice, tty, env("NO_COLOR"), env("TERM")),
        }
    }

    pub fn red(self, s: &str) -> String {
        self.paint("31", s)
    }

    pub fn yellow(self, s: &str) -> String {
        self.paint("33", s)
    }

    pub fn green(self, s: &str) -> String {
        self.paint("32", s)
    }

    pub fn bold(self, s: &str) -> String {
        self.paint("1", s)
    }

    /// A table cell in `color`: comfy-table adds the escape codes after it
    /// has measured the text, so the columns stay aligned.
    pub fn cell(self, s: &str, color: comfy_table::Color) -> comfy_table::Cell {
        let cell = comfy_table::Cell::new(s);
        if self.color { cell.fg(color) } else { cell }
    }

    fn paint(self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// Whether to colour: `always` and `never` say so; `auto` colours a
/// terminal unless <https://no-color.org> (any non-empty `NO_COLOR`) or a
/// dumb terminal says not to.
fn colors(
    choice: ColorChoice,
    tty: bool,
    no_color: Option<OsString>,
    term: Option<OsString>,
) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            tty && no_color.is_none_or(|v| v.is_empty()) && term.is_none_or(|t| t != "dumb")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_colours_only_a_terminal_without_no_color_or_term_dumb() {
        let auto = |tty, no_color: Option<&str>, term: Option<&str>| {
            colors(
                ColorChoice::Auto,
                tty,
                no_color.map(Into::into),
                term.map(Into::into),
            )
        };
        assert!(auto(true, None, Some("xterm-256color")));
        assert!(
            auto(true, Some(""), None),
            "an empty NO_COLOR does not count"
        );
        assert!(!auto(false, None, Some("xterm")));
        assert!(!auto(true, Some("1"), Some("xterm")));
        assert!(!auto(true, None, Some("dumb")));
        assert!(colors(
            ColorChoice::Always,
            false,
            Some("1".into()),
            Some("dumb".into())
        ));
        assert!(!colors(ColorChoice::Never, true, None, None));
    }
}
