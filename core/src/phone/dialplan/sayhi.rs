//! The SayHi 6XX dial-plan table (web Advanced > Dial Plan, "add rule"): a rule takes the
//! numbers that start with its prefix, may insert digits at a position, then delete some
//! ("add code first, after that base on the number you add, decide the position and length of
//! the delete code"), and may send the call straight to a phone's IP address.
//!
//! Positions count digits from the start, 0 being in front. A rule is written
//! `prefix=9,insert=0:00,delete=0:1,ip=192.0.2.7` (every part but the prefix optional).

/// One rule of the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrefixRule {
    /// The digits the number starts with.
    pub prefix: String,
    /// Insert these digits after this many.
    pub insert: Option<(usize, String)>,
    /// Then delete this many digits after this many.
    pub delete: Option<(usize, usize)>,
    /// Call this address directly (IP dialling) instead of through the server.
    pub ip: Option<String>,
}

/// The longest number a rule builds.
const MAX_NUMBER: usize = 64;

fn digits(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_digit() || c == '*' || c == '#')
}

impl PrefixRule {
    /// Read a rule; the error names the part that is wrong.
    pub fn parse(text: &str) -> Result<PrefixRule, String> {
        let mut rule = PrefixRule {
            prefix: String::new(),
            insert: None,
            delete: None,
            ip: None,
        };
        let bad = |why: String| format!("dial plan rule {text:?}: {why}");
        let number = |v: &str, what: &str| {
            v.trim()
                .parse::<usize>()
                .ok()
                .filter(|n| *n <= MAX_NUMBER)
                .ok_or_else(|| bad(format!("{what} {v:?} is not a number up to {MAX_NUMBER}")))
        };
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) = part
                .split_once('=')
                .ok_or_else(|| bad(format!("{part:?} is not NAME=VALUE")))?;
            let value = value.trim();
            match name.trim() {
                "prefix" if digits(value) => rule.prefix = value.to_string(),
                "insert" => {
                    let (at, what) = value
                        .split_once(':')
                        .ok_or_else(|| bad("insert is POSITION:DIGITS".into()))?;
                    if !digits(what) || what.len() > MAX_NUMBER {
                        return Err(bad(format!("insert {what:?} is not digits")));
                    }
                    rule.insert = Some((number(at, "position")?, what.to_string()));
                }
                "delete" => {
                    let (at, len) = value
                        .split_once(':')
                        .ok_or_else(|| bad("delete is POSITION:LENGTH".into()))?;
                    rule.delete = Some((number(at, "position")?, number(len, "length")?));
                }
                "ip" => {
                    let ok = !value.is_empty()
                        && value
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || ".:-[]".contains(c));
                    if !ok {
                        return Err(bad(format!("{value:?} is not an address")));
                    }
                    rule.ip = Some(value.to_string());
                }
                other => return Err(bad(format!("{other:?} with {value:?}"))),
            }
        }
        if rule.prefix.is_empty() {
            return Err(bad("a rule needs prefix=DIGITS".into()));
        }
        Ok(rule)
    }

    /// The number (or `number@ip`) to call for `entered`, if the rule takes it.
    pub fn apply(&self, entered: &str) -> Option<String> {
        if !entered.starts_with(&self.prefix) || !entered.is_ascii() {
            return None;
        }
        let mut number = entered.to_string();
        if let Some((at, what)) = &self.insert {
            number.insert_str((*at).min(number.len()), what);
        }
        if let Some((at, len)) = self.delete {
            let from = at.min(number.len());
            let to = (from + len).min(number.len());
            number.replace_range(from..to, "");
        }
        number.truncate(MAX_NUMBER);
        Some(match &self.ip {
            Some(ip) => format!("{number}@{ip}"),
            None => number,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_comes_before_delete_as_the_tips_say() {
        let r = PrefixRule::parse("prefix=9, insert=1:00, delete=0:1").unwrap();
        // 9 1002 -> 9 00 1002 -> 00 1002
        assert_eq!(r.apply("91002").as_deref(), Some("001002"));
        assert_eq!(r.apply("81002"), None, "another prefix");
    }

    #[test]
    fn a_rule_with_an_ip_calls_the_phone_directly() {
        let r = PrefixRule::parse("prefix=88,delete=0:2,ip=192.0.2.7").unwrap();
        assert_eq!(r.apply("881003").as_deref(), Some("1003@192.0.2.7"));
    }

    #[test]
    fn positions_past_the_end_are_the_end_and_bad_rules_are_named() {
        let r = PrefixRule::parse("prefix=1,insert=40:5,delete=30:9").unwrap();
        assert_eq!(r.apply("12").as_deref(), Some("125"));
        for (text, why) in [
            ("insert=0:1", "needs prefix"),
            ("prefix=9,insert=x:1", "position"),
            ("prefix=9,delete=1", "POSITION:LENGTH"),
            ("prefix=9,ip=a b", "not an address"),
            ("prefix=9,colour=red", "colour"),
            ("prefix=9a", "\"prefix\""),
        ] {
            let e = PrefixRule::parse(text).map(|_| ()).unwrap_err();
            assert!(e.contains(why), "{text}: {e}");
        }
        assert!(PrefixRule::parse(
            "prefix=9,insert=0:99999999999999999999999999999999999999999999999999999999999999999"
        )
        .is_err());
    }
}
