//! A backup of everything the phone keeps: its configuration (a Yealink-style `.cfg`), its
//! phonebook (an XML contact file) and its records (call log and messages,
//! [`super::records`]), in one file to download and restore. Each part is a section with
//! its length in bytes, so a part's text never has to be escaped:
//!
//! ```text
//! #!deskphone-backup:1
//! --- config 52
//! #!version:1.0.0.1
//! account.1.user_name = bob
//! ...
//! --- phonebook 118
//! <?xml ...
//! ```
//!
//! Restoring is all or nothing: every part is read by its own reader first, and a backup
//! with any part wrong is refused with the part and the line.

use super::{phonebook, records, yealink, Config, FileError, Format, MAX_FILE};

/// The first line.
pub const HEADER: &str = "#!deskphone-backup:1";

/// The parts a backup has, each as the text the phone stores (`None`: not kept, so a
/// restore leaves the factory default).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Backup {
    pub config: Option<String>,
    pub phonebook: Option<String>,
    pub records: Option<String>,
}

/// The sections, in the order they are written.
const PARTS: [&str; 3] = ["config", "phonebook", "records"];

impl Backup {
    fn part_mut(&mut self, name: &str) -> Option<&mut Option<String>> {
        match name {
            "config" => Some(&mut self.config),
            "phonebook" => Some(&mut self.phonebook),
            "records" => Some(&mut self.records),
            _ => None,
        }
    }

    fn part(&self, name: &str) -> Option<&str> {
        match name {
            "config" => self.config.as_deref(),
            "phonebook" => self.phonebook.as_deref(),
            "records" => self.records.as_deref(),
            _ => None,
        }
    }
}

/// `backup` as one file.
pub fn write(backup: &Backup) -> String {
    let mut out = format!("{HEADER}\n");
    for name in PARTS {
        if let Some(text) = backup.part(name) {
            out.push_str(&format!("--- {name} {}\n{text}\n", text.len()));
        }
    }
    out
}

/// Read a backup named `file` and check every part with its own reader: the backup, or
/// the first error (naming the part) and nothing.
pub fn read(file: &str, text: &str) -> Result<Backup, FileError> {
    let error = |line: usize, reason: String| FileError {
        file: file.to_string(),
        line,
        reason,
    };
    if text.len() > 3 * MAX_FILE {
        return Err(error(0, format!("larger than {} bytes", 3 * MAX_FILE)));
    }
    let rest = text
        .strip_prefix(HEADER)
        .and_then(|r| r.strip_prefix('\n').or_else(|| r.strip_prefix("\r\n")))
        .ok_or_else(|| error(1, format!("the first line must be {HEADER}")))?;
    let mut backup = Backup::default();
    let mut rest = rest;
    let mut line = 2;
    while !rest.trim().is_empty() {
        let (head, body) = rest.split_once('\n').unwrap_or((rest, ""));
        let head = head.trim_end_matches('\r');
        let bad = |why: String| error(line, why);
        let (name, len) = head
            .strip_prefix("--- ")
            .and_then(|h| h.split_once(' '))
            .ok_or_else(|| {
                bad(format!(
                    "expected a section (--- NAME LENGTH), found {head:?}"
                ))
            })?;
        let len: usize = len
            .parse()
            .map_err(|_| bad(format!("{len:?} is not a length")))?;
        let slot = backup.part_mut(name).ok_or_else(|| {
            bad(format!(
                "{name:?} is not a part of a backup (config, phonebook, records)"
            ))
        })?;
        if slot.is_some() {
            return Err(bad(format!("{name} is given twice")));
        }
        let part = body
            .get(..len)
            .filter(|_| body[len..].starts_with('\n') || body.len() == len)
            .ok_or_else(|| bad(format!("{name}: the file ends before its {len} bytes")))?;
        check(file, name, part).map_err(|e| FileError {
            file: format!("{file} ({name})"),
            ..e
        })?;
        *slot = Some(part.to_string());
        line += 1 + part.matches('\n').count() + 1;
        rest = body.get(len + 1..).unwrap_or("");
    }
    Ok(backup)
}

/// Check one part's text with the reader of what it is.
fn check(file: &str, name: &str, text: &str) -> Result<(), FileError> {
    match name {
        "config" => {
            let cfg = yealink::read(file, text)?;
            Config::new()
                .apply(Format::Yealink, file, &cfg.assignments)
                .map(|_| ())
                .map_err(|errors| FileError {
                    file: file.to_string(),
                    line: errors[0].line,
                    reason: errors[0].to_string(),
                })
        }
        "phonebook" => phonebook::read(file, text)
            .map(|_| ())
            .map_err(|reason| FileError {
                file: file.to_string(),
                line: 0,
                reason,
            }),
        _ => records::read(file, text).map(|_| ()),
    }
}
