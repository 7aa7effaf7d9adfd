//! Configuration files as the seed phones are provisioned with them, read into plain
//! assignments before any of them is applied (issue 5 builds the typed schema on top):
//!
//! - [`yealink`]: `.cfg` files with a `#!version:1.0.0.1` first line and `name = value`
//!   lines (CP860 Admin Guide, "Configuration Files");
//! - [`audiocodes`]: `key/path=value` files with `include` lines (400HD manual §4).
//!
//! A file is hostile: anything wrong is an error naming the file, the line and what is
//! wrong, and nothing of the file is used then; sizes are bounded.

pub mod access;
pub mod audiocodes;
pub mod backup;
pub mod phonebook;
pub mod provision;
pub mod records;
pub mod schema;
pub mod settings;
pub mod store;
pub mod tones;
pub mod url;
pub mod yealink;

pub use settings::{Environment, Settings};
pub use store::{Config, Format, ImportError};

use std::fmt;

/// The most bytes a configuration file may have.
pub const MAX_FILE: usize = 1 << 20;
/// The most bytes a line may have.
pub const MAX_LINE: usize = 4096;

/// One `name = value` of a file, with its line (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub line: usize,
    pub name: String,
    pub value: String,
}

/// Why a file was refused: its name, the line (0 for the whole file) and the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.reason)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.reason)
        }
    }
}

impl std::error::Error for FileError {}

/// Something in a file that is used, but looks like a mistake (a name given twice).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub line: usize,
    pub text: String,
}

/// A configuration file read without knowing its kind beforehand: its format, its values
/// in order, and its warnings as lines naming the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnyFile {
    pub format: Format,
    pub assignments: Vec<Assignment>,
    pub warnings: Vec<String>,
}

/// Read a configuration file given by hand (not fetched by provisioning): one whose first
/// line is `#!version:` is Yealink's, any other AudioCodes' (its `include`s are not followed,
/// and say so).
pub fn read_any(file: &str, text: &str) -> Result<AnyFile, FileError> {
    let (format, assignments, warnings) = if text
        .trim_start_matches('\u{feff}')
        .starts_with("#!version:")
    {
        let f = yealink::read(file, text)?;
        (Format::Yealink, f.assignments, f.warnings)
    } else {
        let f = audiocodes::read(file, text)?;
        let mut warnings = f.warnings.clone();
        warnings.extend(f.includes().map(|(line, target)| Warning {
            line,
            text: format!("include {target}: not followed for a file given by hand"),
        }));
        (Format::AudioCodes, f.assignments(), warnings)
    };
    Ok(AnyFile {
        format,
        assignments,
        warnings: (warnings.iter())
            .map(|w| format!("{file}:{}: {}", w.line, w.text))
            .collect(),
    })
}

/// The lines of `text`, numbered from 1, once the file's size, its lines' lengths and its
/// characters are checked (no control characters but tabs; CRLF or LF line ends).
fn lines<'a>(file: &str, text: &'a str) -> Result<Vec<(usize, &'a str)>, FileError> {
    let error = |line, reason: String| FileError {
        file: file.to_string(),
        line,
        reason,
    };
    if text.len() > MAX_FILE {
        return Err(error(0, format!("larger than {MAX_FILE} bytes")));
    }
    let mut out = Vec::new();
    for (n, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.len() > MAX_LINE {
            return Err(error(n + 1, format!("longer than {MAX_LINE} bytes")));
        }
        if let Some(c) = line.chars().find(|c| c.is_control() && *c != '\t') {
            return Err(error(
                n + 1,
                format!("a control character ({:#04x})", c as u32),
            ));
        }
        out.push((n + 1, line));
    }
    Ok(out)
}

/// `header`, then one `name{sep}value` line per assignment; refused (naming it) for a value
/// that cannot be written on one line or would not read back.
fn write_lines(
    header: &str,
    sep: &str,
    assignments: &[(String, String)],
) -> Result<String, String> {
    let mut text = header.to_string();
    for (name, value) in assignments {
        writable(name, value)?;
        text.push_str(&format!("{name}{sep}{value}\n"));
    }
    Ok(text)
}

/// Whether `value` of `name` can be written on one line and read back as it is.
fn writable(name: &str, value: &str) -> Result<(), String> {
    if value.chars().any(char::is_control) {
        return Err(format!(
            "{name}: a value with a control character cannot be written"
        ));
    }
    if value.trim() != value {
        return Err(format!(
            "{name}: a value with space around it would not read back"
        ));
    }
    Ok(())
}
