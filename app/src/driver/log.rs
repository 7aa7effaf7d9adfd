//! The system log: what the phone did, each entry with its time and level, the newest
//! [`KEPT`] kept at or above the configured level (`syslog.log_level`) for the admin
//! pages. Every entry also goes to the browser's console, whatever its level.

use deskphone_core::config::settings::LogLevel;

/// Entries kept.
pub const KEPT: usize = 500;

/// One entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The local time of day (`20:15:03`).
    pub time: String,
    pub level: LogLevel,
    pub text: String,
}

impl Entry {
    /// An entry stamped now.
    pub fn now(level: LogLevel, text: String) -> Entry {
        let time = js_sys::Date::new_0()
            .to_locale_time_string("en-GB")
            .as_string()
            .unwrap_or_default();
        Entry { time, level, text }
    }

    /// The entry as a line of a downloaded log.
    pub fn line(&self) -> String {
        format!("{} {:<7} {}", self.time, self.level.name(), self.text)
    }
}

/// Write `entry` to the console at its level.
pub fn to_console(entry: &Entry) {
    let text = entry.text.as_str().into();
    match entry.level {
        LogLevel::Error => web_sys::console::error_1(&text),
        LogLevel::Warning => web_sys::console::warn_1(&text),
        LogLevel::Info | LogLevel::Debug => web_sys::console::log_1(&text),
    }
}
