//! The two languages of every message: Chinese for the clerk (the default) and
//! English for `--lang en` or `LEDGER_LANG=en`.
//!
//! Each message is written where it is used, both languages side by side,
//! through [`Lang::pick`]; a match on the language keeps the pair impossible to
//! forget, which a keyed catalogue would not.

use std::str::FromStr;

/// An error that can say itself in either language. The layer that raises
/// it holds only what went wrong; the command that prints it picks the
/// language.
pub trait Localized: std::error::Error + Send + Sync + 'static {
    fn message(&self, lang: Lang) -> String;
}

/// Makes a [`Localized`] type an error whose `Display` is its English
/// message, for logs and `{e}`; what the clerk reads goes through `message`.
macro_rules! localized_error {
    ($($error:ty),+ $(,)?) => {$(
        impl std::fmt::Display for $error {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&$crate::i18n::Localized::message(self, $crate::i18n::Lang::En))
            }
        }

        impl std::error::Error for $error {}
    )+};
}
pub(crate) use localized_error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The message in this language.
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "cn" | "chinese" => Ok(Lang::Zh),
            "en" | "en-us" | "en-gb" | "english" => Ok(Lang::En),
            _ => Err(format!("unknown language '{s}' (zh or en)")),
        }
    }
}
