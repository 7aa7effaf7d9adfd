//! AudioCodes 400HD `.cfg` files (manual §4; grammar in `spec/seeds-audiocodes.md` §3): one
//! `key/path=value` per line, or `include TARGET` (a file name or an http, https, tftp or
//! ftp URL, `<MAC>` allowed), blank lines. Keys are `/`-separated segments of letters,
//! digits and `_`; a leading `/` (as the manual sometimes prints them) is dropped. The value
//! is the rest of the line after the first `=` and may hold `=` itself (number rules). The
//! manual documents no comments; `#` lines are taken as comments, as tolerant readers do.
//! Includes are listed, not followed: the provisioning driver fetches them.

use super::{lines, Assignment, FileError, Warning};

/// One line that does something.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Statement {
    /// `key=value`.
    Set(Assignment),
    /// `include TARGET`, on this line.
    Include { line: usize, target: String },
}

/// What a file holds, in order, and warnings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AcFile {
    pub statements: Vec<Statement>,
    pub warnings: Vec<Warning>,
}

impl AcFile {
    /// The `system/type` the file names (`420HD`): the phone checks it against its model.
    pub fn model(&self) -> Option<&str> {
        self.statements.iter().find_map(|s| match s {
            Statement::Set(a) if a.name == "system/type" => Some(a.value.as_str()),
            _ => None,
        })
    }

    /// The file's `key=value` lines, in order.
    pub fn assignments(&self) -> Vec<Assignment> {
        (self.statements.iter())
            .filter_map(|s| match s {
                Statement::Set(a) => Some(a.clone()),
                Statement::Include { .. } => None,
            })
            .collect()
    }

    /// The file's `include` lines: the line and the target.
    pub fn includes(&self) -> impl Iterator<Item = (usize, &str)> {
        self.statements.iter().filter_map(|s| match s {
            Statement::Include { line, target } => Some((*line, target.as_str())),
            Statement::Set(_) => None,
        })
    }
}

/// Read `text` (named `file` in errors): all of it, or an error and nothing.
pub fn read(file: &str, text: &str) -> Result<AcFile, FileError> {
    let error = |line, reason: String| FileError {
        file: file.to_string(),
        line,
        reason,
    };
    let mut out = AcFile::default();
    for (n, line) in lines(file, text)? {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if let Some(target) = t.strip_prefix("include ") {
            let target = target.trim();
            if target.is_empty() || target.contains(char::is_whitespace) {
                return Err(error(
                    n,
                    format!("include needs one file name or URL: {t:?}"),
                ));
            }
            out.statements.push(Statement::Include {
                line: n,
                target: target.to_string(),
            });
            continue;
        }
        let Some((key, value)) = t.split_once('=') else {
            return Err(error(
                n,
                format!("not \"key/path=value\" nor \"include FILE\": {t:?}"),
            ));
        };
        let key = key.trim();
        let key = key.strip_prefix('/').unwrap_or(key);
        let valid = !key.is_empty()
            && key.split('/').all(|s| {
                !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            });
        if !valid {
            return Err(error(
                n,
                format!("{key:?} is not a key (segments of letters, digits and _ split by /)"),
            ));
        }
        let first = out.statements.iter().find_map(|s| match s {
            Statement::Set(a) if a.name == key => Some(a.line),
            _ => None,
        });
        if let Some(first) = first {
            out.warnings.push(Warning {
                line: n,
                text: format!("{key} is set again (first on line {first}): the last value is used"),
            });
        }
        out.statements.push(Statement::Set(Assignment {
            line: n,
            name: key.to_string(),
            value: value.trim().to_string(),
        }));
    }
    Ok(out)
}

/// Write assignments back as a file [`read`] takes (see [`super::yealink::write`] for
/// what is refused).
pub fn write(assignments: &[(String, String)]) -> Result<String, String> {
    super::write_lines("", "=", assignments)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANUAL: &str = "system/type=420HD\r\n\
        voip/line/0/enabled=1\r\n\
        voip/line/0/auth_name=1001\r\n\
        \r\n\
        /voip/services/conference/mode=LOCAL\r\n\
        voip/signalling/sip/number_rules=4xxx=Line_\\\\\\@10.1.2.3\r\n\
        security/ca_certificate/1/uri=\r\n\
        include http://10.0.0.1/common_<MAC>.cfg\r\n";

    #[test]
    fn the_manuals_examples_read_with_their_lines() {
        let f = read("001122334455.cfg", MANUAL).unwrap();
        assert_eq!(f.model(), Some("420HD"));
        let sets: Vec<(usize, &str, &str)> = (f.statements.iter())
            .filter_map(|s| match s {
                Statement::Set(a) => Some((a.line, a.name.as_str(), a.value.as_str())),
                _ => None,
            })
            .collect();
        assert_eq!(
            sets[3],
            (5, "voip/services/conference/mode", "LOCAL"),
            "leading / dropped"
        );
        assert_eq!(
            sets[4],
            (
                6,
                "voip/signalling/sip/number_rules",
                "4xxx=Line_\\\\\\@10.1.2.3"
            ),
            "split on the first ="
        );
        assert_eq!(sets[5], (7, "security/ca_certificate/1/uri", ""));
        assert_eq!(
            f.statements.last(),
            Some(&Statement::Include {
                line: 8,
                target: "http://10.0.0.1/common_<MAC>.cfg".into()
            })
        );
    }

    #[test]
    fn a_bad_line_refuses_the_whole_file_naming_it() {
        let e = read("a.cfg", "system/type=420HD\nvoip/line/0/enabled 1\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "a.cfg:2: not \"key/path=value\" nor \"include FILE\": \"voip/line/0/enabled 1\""
        );
        let e = read("a.cfg", "voip//line=1\n").unwrap_err();
        assert_eq!(e.line, 1);
        let e = read("a.cfg", "voip/li-ne=1\n").unwrap_err();
        assert_eq!(e.line, 1);
        let e = read("a.cfg", "include a.cfg b.cfg\n").unwrap_err();
        assert_eq!(e.line, 1);
        let e = read("a.cfg", "a/b=\u{1b}[2J\n").unwrap_err();
        assert!(e.reason.contains("control"), "{e}");
    }

    #[test]
    fn written_assignments_read_back_the_same() {
        let pairs = vec![
            ("system/type".to_string(), "430HD".to_string()),
            (
                "voip/line/0/description".to_string(),
                "Front desk".to_string(),
            ),
            (
                "voip/signalling/sip/digit_map".to_string(),
                "*xx|[2-9]11|0S".to_string(),
            ),
        ];
        let back: Vec<(String, String)> =
            (read("w.cfg", &write(&pairs).unwrap()).unwrap().statements)
                .into_iter()
                .filter_map(|s| match s {
                    Statement::Set(a) => Some((a.name, a.value)),
                    _ => None,
                })
                .collect();
        assert_eq!(back, pairs);
    }

    #[test]
    fn a_key_set_twice_warns() {
        let f = read("a.cfg", "a/b=1\na/b=2\n").unwrap();
        assert_eq!(f.warnings.len(), 1);
        assert_eq!(f.warnings[0].line, 2);
    }
}
