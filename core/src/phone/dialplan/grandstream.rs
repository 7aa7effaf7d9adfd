//! The Grandstream dial plan (GHP "Dial Plan", Account > Call Settings): rules in braces,
//! separated by `|`, each matched against the whole number:
//! - `x` any digit, `X` any digit or letter, `[3-5]` / `[147]` one of a set, other
//!   characters themselves (`*x+`, `test`);
//! - `+` one or more of the preceding, `.` any number of it (`011[2-9]x.`);
//! - `^` at a rule's start excludes the numbers it matches (`^1900x.`);
//! - `<2=011>` takes `2` and dials `011` in its place; `<=1617>` puts `1617` in front.
//!
//! A number is dialled when a rule takes it and no exclusion does; the first rule that
//! takes it gives the number sent. Matching walks the states of each rule together (no
//! backtracking), so a hostile plan costs its length times the number's.

use super::Decision;

/// What one position of a rule takes.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Class {
    Char(char),
    Digit,
    Alnum,
    Set(Vec<char>),
}

impl Class {
    fn takes(&self, c: char) -> bool {
        match self {
            Class::Char(s) => s.eq_ignore_ascii_case(&c),
            Class::Digit => c.is_ascii_digit(),
            Class::Alnum => c.is_ascii_alphanumeric(),
            Class::Set(set) => set.contains(&c),
        }
    }
}

/// One step of a rule's program.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    /// Take a character of this class (`repeat`: any number of them); `sent` says whether it
    /// is part of the number dialled (not when a replacement takes it).
    Take {
        class: Class,
        repeat: bool,
        sent: bool,
    },
    /// Put this in the number dialled, taking nothing.
    Put(String),
}

/// One rule: its steps, and whether it excludes.
#[derive(Clone, Debug, PartialEq, Eq)]
struct GsRule {
    exclude: bool,
    steps: Vec<Step>,
}

/// How a rule stands after some characters: the number it would send if it ended here
/// (`None`: it cannot end here), and whether it can take more.
struct Walk {
    done: Option<String>,
    more: bool,
}

impl GsRule {
    fn parse(text: &str) -> Result<GsRule, String> {
        let (exclude, body) = match text.strip_prefix('^') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let mut steps: Vec<Step> = Vec::new();
        let mut chars = body.chars().peekable();
        let bad = |why: &str| format!("dial plan rule {text:?}: {why}");
        while let Some(c) = chars.next() {
            let class = match c {
                'x' => Class::Digit,
                'X' => Class::Alnum,
                '[' => {
                    let mut set = Vec::new();
                    loop {
                        match chars.next() {
                            Some(']') => break,
                            Some('-') if !set.is_empty() && chars.peek() != Some(&']') => {
                                let from = *set.last().expect("not empty");
                                let to = chars.next().ok_or_else(|| bad("an unclosed '['"))?;
                                if !to.is_ascii_alphanumeric() {
                                    return Err(bad(&format!("{to:?} ends a range")));
                                }
                                if to < from {
                                    return Err(bad("a range runs backwards"));
                                }
                                set.extend((from..=to).skip(1));
                            }
                            Some(d) if d.is_ascii_alphanumeric() || d == '*' || d == '#' => {
                                set.push(d)
                            }
                            Some(d) => return Err(bad(&format!("{d:?} in a set"))),
                            None => return Err(bad("an unclosed '['")),
                        }
                    }
                    if set.is_empty() {
                        return Err(bad("an empty set"));
                    }
                    Class::Set(set)
                }
                '<' => {
                    let mut inside = String::new();
                    loop {
                        match chars.next() {
                            Some('>') => break,
                            Some(d) => inside.push(d),
                            None => return Err(bad("an unclosed '<'")),
                        }
                    }
                    let (from, to) = inside
                        .split_once('=')
                        .ok_or_else(|| bad("a replacement without '='"))?;
                    let ok = |s: &str| {
                        s.chars()
                            .all(|d| d.is_ascii_alphanumeric() || "*#".contains(d))
                    };
                    if !ok(from) || !ok(to) {
                        return Err(bad("a replacement of other than digits and letters"));
                    }
                    steps.push(Step::Put(to.to_string()));
                    steps.extend(from.chars().map(|d| Step::Take {
                        class: Class::Char(d),
                        repeat: false,
                        sent: false,
                    }));
                    continue;
                }
                '+' | '.' => {
                    let Some(Step::Take {
                        class,
                        repeat: false,
                        sent,
                    }) = steps.last().cloned()
                    else {
                        return Err(bad(&format!("{c:?} follows nothing it can repeat")));
                    };
                    if c == '.' {
                        // Any number: the one before becomes a repeat.
                        if let Some(Step::Take { repeat, .. }) = steps.last_mut() {
                            *repeat = true;
                        }
                    } else {
                        // One or more: the one before, then any number more.
                        steps.push(Step::Take {
                            class,
                            repeat: true,
                            sent,
                        });
                    }
                    continue;
                }
                c if c.is_ascii_alphanumeric() || c == '*' || c == '#' => Class::Char(c),
                c => return Err(bad(&format!("{c:?} is not in the grammar"))),
            };
            steps.push(Step::Take {
                class,
                repeat: false,
                sent: true,
            });
        }
        if !steps.iter().any(|s| matches!(s, Step::Take { .. })) {
            return Err(bad("it takes nothing"));
        }
        Ok(GsRule { exclude, steps })
    }

    /// Walk `number` through the rule: every state reached, each with the first number
    /// built on the way to it.
    fn walk(&self, number: &str) -> Walk {
        let n = self.steps.len();
        // states[i] = the output so far for a walk standing before step i (i == n: the end).
        let mut states: Vec<Option<String>> = vec![None; n + 1];
        states[0] = Some(String::new());
        self.close(&mut states);
        for c in number.chars() {
            let mut next: Vec<Option<String>> = vec![None; n + 1];
            for (i, out) in states.iter().enumerate() {
                let (
                    Some(out),
                    Some(Step::Take {
                        class,
                        repeat,
                        sent,
                    }),
                ) = (out, self.steps.get(i))
                else {
                    continue;
                };
                if class.takes(c) {
                    let mut o = out.clone();
                    if *sent {
                        o.push(c);
                    }
                    let to = if *repeat { i } else { i + 1 };
                    if next[to].is_none() {
                        next[to] = Some(o);
                    }
                }
            }
            self.close(&mut next);
            states = next;
        }
        Walk {
            done: states[n].clone(),
            more: (states.iter().take(n).enumerate())
                .any(|(i, s)| s.is_some() && matches!(self.steps[i], Step::Take { .. })),
        }
    }

    /// Follow the steps that take nothing: a `Put`, and skipping a repeat.
    fn close(&self, states: &mut [Option<String>]) {
        for i in 0..self.steps.len() {
            let Some(out) = states[i].clone() else {
                continue;
            };
            let skipped = match &self.steps[i] {
                Step::Put(s) => Some(out + s),
                Step::Take { repeat: true, .. } => Some(out),
                Step::Take { .. } => None,
            };
            if let Some(o) = skipped {
                if states[i + 1].is_none() {
                    states[i + 1] = Some(o);
                }
            }
        }
    }
}

/// A Grandstream dial plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GsDialPlan {
    rules: Vec<GsRule>,
}

impl GsDialPlan {
    /// The plan's most characters (the GHP's "Max length of dial plan is up to 1024").
    pub const MAX_LEN: usize = 1024;

    /// Parse `{ rule | rule ... }` (the braces may be left out); the error names the rule.
    pub fn parse(text: &str) -> Result<GsDialPlan, String> {
        if text.len() > Self::MAX_LEN {
            return Err(format!(
                "a dial plan of {} characters: at most {}",
                text.len(),
                Self::MAX_LEN
            ));
        }
        let t = text.trim();
        let inner = match (t.strip_prefix('{'), t.ends_with('}')) {
            (Some(rest), true) => &rest[..rest.len() - 1],
            (None, false) => t,
            _ => return Err("a dial plan with unbalanced braces".into()),
        };
        let rules = inner
            .split('|')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(GsRule::parse)
            .collect::<Result<Vec<_>, _>>()?;
        if !rules.iter().any(|r| !r.exclude) {
            return Err("a dial plan that allows nothing".into());
        }
        Ok(GsDialPlan { rules })
    }

    /// The number to send for `entered`, or `None` when the plan does not let it through.
    pub fn number_for(&self, entered: &str) -> Option<String> {
        if (self.rules.iter().filter(|r| r.exclude)).any(|r| r.walk(entered).done.is_some()) {
            return None;
        }
        (self.rules.iter().filter(|r| !r.exclude)).find_map(|r| r.walk(entered).done)
    }

    /// What to do with the digits so far: dial at once when a rule is complete and none can
    /// take more, wait while one can, and no match when the plan lets nothing through.
    pub fn decide(&self, digits: &str) -> Decision {
        if self.number_for(digits).is_some() {
            let more = (self.rules.iter().filter(|r| !r.exclude)).any(|r| r.walk(digits).more);
            return if more {
                Decision::Wait
            } else {
                Decision::DialNow
            };
        }
        let more = (self.rules.iter().filter(|r| !r.exclude)).any(|r| r.walk(digits).more);
        if more {
            Decision::Wait
        } else {
            Decision::NoMatch
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(text: &str) -> GsDialPlan {
        GsDialPlan::parse(text).unwrap()
    }

    #[test]
    fn example_1_allows_x11_and_eleven_digits_from_1617() {
        let p = plan("{[369]11 | 1617xxxxxxx}");
        for n in ["311", "611", "911", "16171234567"] {
            assert_eq!(p.number_for(n).as_deref(), Some(n), "{n}");
        }
        for n in ["411", "1617123456", "161712345678", "16181234567"] {
            assert_eq!(p.number_for(n), None, "{n}");
        }
        assert_eq!(p.decide("911"), Decision::DialNow);
        assert_eq!(p.decide("1617"), Decision::Wait);
        assert_eq!(p.decide("5"), Decision::NoMatch);
    }

    #[test]
    fn example_2_blocks_1900_and_prefixes_seven_digit_numbers() {
        let p = plan("{^1900x+ | <=1617>xxxxxxx}");
        assert_eq!(p.number_for("5551234").as_deref(), Some("16175551234"));
        assert_eq!(p.number_for("19005"), None, "blocked");
        assert_eq!(p.decide("5551234"), Decision::DialNow);
    }

    #[test]
    fn example_3_replaces_a_leading_2_with_011() {
        let p = plan("{1xxx[2-9]xxxxxx | <2=011>x+}");
        assert_eq!(p.number_for("18005551234").as_deref(), Some("18005551234"));
        assert_eq!(p.number_for("24930123").as_deref(), Some("0114930123"));
        assert_eq!(p.number_for("2"), None, "x+ needs a digit after the 2");
        assert_eq!(p.number_for("18001551234"), None, "the fifth digit is 2-9");
    }

    #[test]
    fn the_us_home_office_example_reads_as_its_explanation() {
        let p =
            plan("{ ^1900x. | <=1617>[2-9]xxxxxx | 1[2-9]xx[2-9]xxxxxx | 011[2-9]x. | [3469]11 }");
        assert_eq!(p.number_for("19005551234"), None, "no 1900 numbers");
        assert_eq!(p.number_for("1900"), None, "x. takes none too");
        assert_eq!(p.number_for("5551234").as_deref(), Some("16175551234"));
        assert_eq!(p.number_for("1555"), None, "local numbers start 2-9");
        assert_eq!(p.number_for("12125551234").as_deref(), Some("12125551234"));
        assert_eq!(p.number_for("0114930123").as_deref(), Some("0114930123"));
        assert_eq!(p.number_for("411").as_deref(), Some("411"));
        assert_eq!(p.decide("011"), Decision::Wait, "international: any length");
        assert_eq!(p.decide("0114930"), Decision::Wait);
    }

    #[test]
    fn letters_stars_and_literal_strings() {
        let p = plan("{ *x+ | test | XX }");
        assert_eq!(p.number_for("*123").as_deref(), Some("*123"));
        assert_eq!(p.number_for("test").as_deref(), Some("test"));
        assert_eq!(p.number_for("Ab").as_deref(), Some("Ab"));
        assert_eq!(p.number_for("tes"), None);
        assert_eq!(p.decide("*"), Decision::Wait);
    }

    #[test]
    fn bad_plans_are_refused_with_the_rule_named() {
        for (text, why) in [
            ("{[2-9}", "unclosed"),
            ("{<2011>x}", "without '='"),
            ("{+1}", "follows nothing"),
            ("{1%}", "not in the grammar"),
            ("{^1900x.}", "allows nothing"),
            ("{x", "braces"),
            ("{[9-2]}", "backwards"),
            ("{<=1>}", "takes nothing"),
            ("{[0-\u{10FFFF}]}", "ends a range"),
        ] {
            let e = GsDialPlan::parse(text).unwrap_err();
            assert!(e.contains(why), "{text}: {e}");
        }
        assert!(GsDialPlan::parse(&"x".repeat(1025)).is_err());
    }

    #[test]
    fn a_plan_of_many_repeats_walks_a_long_number_in_linear_time() {
        let p = plan(&format!("{{{}}}", "x.".repeat(200)));
        let long = "5".repeat(64);
        assert_eq!(p.number_for(&long).as_deref(), Some(long.as_str()));
    }
}
