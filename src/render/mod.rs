//! Rendering: computed results → text, CSV, JSON or xlsx. Renderers never
//! compute; they lay out what the report layer produced.

pub mod columns;
pub mod csv;
pub mod export;
pub mod large_table;
pub mod record;
pub mod redact;
pub mod report;
pub mod table;
pub mod tables;
pub mod tabular;
pub mod time;
pub mod xlsx;

use std::io::IsTerminal;

use serde::Serialize;

/// Pretty JSON followed by a newline, for stdout.
pub fn json<T: Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("JSON of plain data");
    s.push('\n');
    s
}

/// Colour for terminals: only when the stream is a TTY and `NO_COLOR` is not set.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    /// The style for standard output.
    pub fn stdout() -> Style {
        Style {
            color: std::io::stdout().is_terminal() && no_color_unset(),
        }
    }

    /// The style for standard error.
    pub fn stderr() -> Style {
        Style {
            color: std::io::stderr().is_terminal() && no_color_unset(),
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

    fn paint(self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// <https://no-color.org>: any non-empty value turns colour off.
fn no_color_unset() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
