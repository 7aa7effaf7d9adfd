//! Yealink `.cfg` files (CP860 Admin Guide, "Configuration Files"; grammar in
//! `spec/seeds-yealink.md` §3): the first line is `#!version:1.0.0.1`, then one
//! `name = value` per line, `#` comments on lines of their own, blank lines. Names are
//! dotted segments (`account.1.codec.6.priority`); an empty value is the parameter's blank
//! default. The common file (`y000000000037.cfg`) is read first and the per-device file
//! overrides it ([`overlay`]).

use super::{lines, Assignment, FileError, Warning};

/// The header the first line must be.
pub const HEADER: &str = "#!version:1.0.0.1";

/// What a file holds: its assignments in order, and warnings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CfgFile {
    pub assignments: Vec<Assignment>,
    pub warnings: Vec<Warning>,
}

/// Read `text` (named `file` in errors): all of it, or an error and nothing.
pub fn read(file: &str, text: &str) -> Result<CfgFile, FileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text); // a byte-order mark
    let all = lines(file, text)?;
    let error = |line, reason: String| FileError {
        file: file.to_string(),
        line,
        reason,
    };
    match all.first() {
        Some((_, first)) if first.trim() == HEADER => {}
        _ => return Err(error(1, format!("the first line must be {HEADER:?}"))),
    }
    let mut out = CfgFile::default();
    for &(n, line) in &all[1..] {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let Some((name, value)) = t.split_once('=') else {
            return Err(error(n, format!("not \"name = value\": {t:?}")));
        };
        let name = name.trim();
        if !valid_name(name) {
            return Err(error(
                n,
                format!("{name:?} is not a parameter name (dotted letters, digits, _ and -)"),
            ));
        }
        if let Some(first) = out.assignments.iter().find(|a| a.name == name) {
            out.warnings.push(Warning {
                line: n,
                text: format!(
                    "{name} is set again (first on line {}): the last value is used",
                    first.line
                ),
            });
        }
        out.assignments.push(Assignment {
            line: n,
            name: name.to_string(),
            value: value.trim().to_string(),
        });
    }
    Ok(out)
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.split('.').all(|s| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        })
}

/// The values of `files` read in order, a later file's value of a name overriding an
/// earlier one's (common file first, then the device's own): each name once, in the order
/// first seen, with the file and assignment that won.
pub fn overlay<'a>(files: &'a [(&'a str, CfgFile)]) -> Vec<(&'a str, &'a Assignment)> {
    let mut out: Vec<(&str, &Assignment)> = Vec::new();
    for (file, cfg) in files {
        for a in &cfg.assignments {
            match out.iter_mut().find(|(_, b)| b.name == a.name) {
                Some(slot) => *slot = (file, a),
                None => out.push((file, a)),
            }
        }
    }
    out
}

/// Write assignments back as a file [`read`] takes; a value that cannot be written on
/// one line (a control character) or that would not read back (space around it) is an
/// error naming it.
pub fn write(assignments: &[(String, String)]) -> Result<String, String> {
    super::write_lines(&format!("{HEADER}\n"), " = ", assignments)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUIDE: &str = "#!version:1.0.0.1\r\n\
        # Comment the variable on a separated line\r\n\
        \r\n\
        account.1.codec.6.priority = 2\r\n\
        features.key_as_send=1\r\n\
        forward.always.target =\r\n\
        dialplan.replace.prefix.1 = 0592\r\n";

    #[test]
    fn a_file_in_the_guides_form_reads_into_assignments_with_their_lines() {
        let cfg = read("y000000000037.cfg", GUIDE).unwrap();
        let got: Vec<(usize, &str, &str)> = (cfg.assignments.iter())
            .map(|a| (a.line, a.name.as_str(), a.value.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (4, "account.1.codec.6.priority", "2"),
                (5, "features.key_as_send", "1"),
                (6, "forward.always.target", ""),
                (7, "dialplan.replace.prefix.1", "0592"),
            ]
        );
        assert!(cfg.warnings.is_empty());
    }

    #[test]
    fn a_value_keeps_its_own_equals_signs() {
        let cfg = read(
            "a.cfg",
            "#!version:1.0.0.1\nauto_provision.server.url = http://h/p?a=b\n",
        )
        .unwrap();
        assert_eq!(cfg.assignments[0].value, "http://h/p?a=b");
    }

    #[test]
    fn a_bad_file_is_refused_with_its_line_and_nothing_of_it_is_used() {
        let no_header = read("x.cfg", "features.key_as_send = 1\n").unwrap_err();
        assert_eq!((no_header.line, no_header.file.as_str()), (1, "x.cfg"));
        assert!(
            no_header.reason.contains("#!version:1.0.0.1"),
            "{no_header}"
        );

        let no_equals = read("x.cfg", "#!version:1.0.0.1\nfeatures.key_as_send 1\n").unwrap_err();
        assert_eq!(no_equals.line, 2);
        let bad_name = read("x.cfg", "#!version:1.0.0.1\n\nfeat ures = 1\n").unwrap_err();
        assert_eq!(bad_name.line, 3);
        assert!(bad_name.to_string().starts_with("x.cfg:3: "), "{bad_name}");
        let empty_segment = read("x.cfg", "#!version:1.0.0.1\naccount..label = a\n").unwrap_err();
        assert_eq!(empty_segment.line, 2);
        let control = read("x.cfg", "#!version:1.0.0.1\na = b\u{0}\n").unwrap_err();
        assert!(control.reason.contains("control"), "{control}");
        let long = format!(
            "#!version:1.0.0.1\na = {}\n",
            "x".repeat(super::super::MAX_LINE)
        );
        assert_eq!(read("x.cfg", &long).unwrap_err().line, 2);
        let huge = "#".repeat(super::super::MAX_FILE + 1);
        assert_eq!(read("x.cfg", &huge).unwrap_err().line, 0);
    }

    #[test]
    fn a_name_set_twice_warns_and_the_last_value_wins() {
        let text = "#!version:1.0.0.1\nlang.gui = English\nlang.gui = French\n";
        let cfg = read("a.cfg", text).unwrap();
        assert_eq!(cfg.warnings.len(), 1);
        assert_eq!(cfg.warnings[0].line, 3);
        let files = [("a.cfg", cfg)];
        let merged = overlay(&files);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].1.value, "French");
    }

    #[test]
    fn the_device_file_overrides_the_common_file() {
        let common = read(
            "y000000000037.cfg",
            "#!version:1.0.0.1\nlang.gui = English\nfeatures.key_as_send = 1\n",
        )
        .unwrap();
        let device = read("001565113af8.cfg", "#!version:1.0.0.1\nlang.gui = German\n").unwrap();
        let files = [("y000000000037.cfg", common), ("001565113af8.cfg", device)];
        let merged: Vec<(&str, &str, &str)> = overlay(&files)
            .into_iter()
            .map(|(f, a)| (f, a.name.as_str(), a.value.as_str()))
            .collect();
        assert_eq!(
            merged,
            [
                ("001565113af8.cfg", "lang.gui", "German"),
                ("y000000000037.cfg", "features.key_as_send", "1"),
            ]
        );
    }

    #[test]
    fn written_assignments_read_back_the_same() {
        let pairs = vec![
            ("account.1.label".to_string(), "Front desk".to_string()),
            ("forward.always.target".to_string(), String::new()),
            (
                "auto_provision.server.url".to_string(),
                "http://h/a?b=c".to_string(),
            ),
        ];
        let back: Vec<(String, String)> = read("w.cfg", &write(&pairs).unwrap())
            .unwrap()
            .assignments
            .into_iter()
            .map(|a| (a.name, a.value))
            .collect();
        assert_eq!(back, pairs);
        let bad = [("a.b".to_string(), "x\ny = 1".to_string())];
        assert!(write(&bad).unwrap_err().contains("a.b"));
    }
}
