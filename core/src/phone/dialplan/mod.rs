//! Dialling rules, in the manuals' own syntaxes:
//! - the AudioCodes digit map (`voip/signalling/sip/digit_map`, §17.6): patterns separated by
//!   `|` (or `;`), with `x` any digit, `[2-9]` a set, `.` any number of the preceding, and a
//!   trailing `T` (wait the dialling timeout) or `S` (the short timeout); a number that fully
//!   matches and can grow no further is dialled at once;
//! - the Yealink rules (CP860 "Dial Plan"): replace rules (`Prefix` → `Replace`, `x` any
//!   character, `.` any string, `[5-7]` / `[2,5,8]` sets, `(...)` groups referred to as `$1`),
//!   dial-now rules, one area code for numbers of a length range, and block-out numbers
//!   ("Forbidden Number");
//! - the Grandstream dial plan (`{...}`, GHP), in [`grandstream`];
//! - the SayHi prefix table (insert, delete, IP dialling), in [`sayhi`];
//! - the hotline: off-hook with no digit dials a number after a delay.

pub mod grandstream;
pub mod sayhi;

pub use grandstream::GsDialPlan;
pub use sayhi::PrefixRule;

/// One element of a digit-map pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Elem {
    /// A digit or `*`, `#`, `A`-`D`.
    Symbol(char),
    /// `x`: any digit.
    AnyDigit,
    /// `[...]`: one of these.
    Set(Vec<char>),
}

impl Elem {
    fn accepts(&self, c: char) -> bool {
        match self {
            Elem::Symbol(s) => s.eq_ignore_ascii_case(&c),
            Elem::AnyDigit => c.is_ascii_digit(),
            Elem::Set(set) => set.iter().any(|s| s.eq_ignore_ascii_case(&c)),
        }
    }
}

/// A pattern element and whether `.` follows it (any number of it, zero included).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Piece {
    elem: Elem,
    repeat: bool,
}

/// The timer a pattern ends with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Timer {
    /// `T`: the dialling timeout.
    Long,
    /// `S`: the inter-digit short timeout.
    Short,
}

/// One digit-map pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Pattern {
    pieces: Vec<Piece>,
    timer: Option<Timer>,
}

/// How digits stand against one pattern.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Fit {
    /// The digits are the whole of a number the pattern takes.
    full: bool,
    /// More digits could still make (another) match.
    more: bool,
    /// ... and the digits so far were matched by literal digits only: the pattern is a
    /// specific continuation of them (`011xxx.` after `0`), not just a wider one
    /// (`[2-7]xxx` after `211`).
    more_literal: bool,
}

impl Pattern {
    fn parse(text: &str) -> Result<Pattern, String> {
        let mut pieces = Vec::new();
        let mut timer = None;
        let mut chars = text.trim().chars().peekable();
        while let Some(c) = chars.next() {
            let elem = match c {
                '0'..='9' | '*' | '#' | 'A'..='D' | 'a'..='d' => Elem::Symbol(c),
                'x' | 'X' => Elem::AnyDigit,
                'T' | 't' | 'S' | 's' if chars.peek().is_none() => {
                    timer = Some(if c.eq_ignore_ascii_case(&'t') {
                        Timer::Long
                    } else {
                        Timer::Short
                    });
                    break;
                }
                '.' => match pieces.last_mut() {
                    Some(Piece { repeat, .. }) => {
                        *repeat = true;
                        continue;
                    }
                    None => return Err(format!("{text:?}: '.' repeats nothing")),
                },
                '[' => {
                    let mut set = Vec::new();
                    let mut prev: Option<char> = None;
                    loop {
                        match chars.next() {
                            Some(']') => break,
                            Some('-') => {
                                let (Some(from), Some(to)) = (prev, chars.next()) else {
                                    return Err(format!("{text:?}: a range needs two digits"));
                                };
                                if !(from.is_ascii_digit() && to.is_ascii_digit() && from <= to) {
                                    return Err(format!("{text:?}: bad range {from}-{to}"));
                                }
                                set.extend((from as u8 + 1..=to as u8).map(char::from));
                            }
                            Some(d @ ('0'..='9' | '*' | '#' | 'A'..='D' | 'a'..='d')) => {
                                set.push(d);
                                prev = Some(d);
                            }
                            Some(',') => {}
                            Some(other) => return Err(format!("{text:?}: {other:?} in a set")),
                            None => return Err(format!("{text:?}: '[' without ']'")),
                        }
                    }
                    Elem::Set(set)
                }
                other => {
                    return Err(format!(
                        "{text:?}: {other:?} is not in the digit-map syntax"
                    ))
                }
            };
            pieces.push(Piece {
                elem,
                repeat: false,
            });
        }
        if pieces.is_empty() {
            return Err(format!("{text:?}: an empty pattern"));
        }
        Ok(Pattern { pieces, timer })
    }

    /// How `digits` fit: explore every way the repeats can be taken, each (piece, digit,
    /// literal) state once, so that no pattern (`x.x.x.x.x.`) makes it exponential.
    fn fit(&self, digits: &[char]) -> Fit {
        fn walk(
            p: &[Piece],
            d: &[char],
            literal: bool,
            fit: &mut Fit,
            seen: &mut std::collections::HashSet<(usize, usize, bool)>,
        ) {
            if !seen.insert((p.len(), d.len(), literal)) {
                return;
            }
            match (p.first(), d.first()) {
                (None, None) => fit.full = true,
                (None, Some(_)) => {}
                (Some(piece), None) => {
                    // Digits used up with pattern left: more digits could match.
                    fit.more = true;
                    fit.more_literal |= literal;
                    if piece.repeat {
                        walk(&p[1..], d, literal, fit, seen);
                    }
                }
                (Some(piece), Some(&c)) => {
                    let lit = literal && matches!(piece.elem, Elem::Symbol(_));
                    if piece.repeat {
                        walk(&p[1..], d, literal, fit, seen); // zero (more) of it
                        if piece.elem.accepts(c) {
                            walk(p, &d[1..], lit, fit, seen); // one more of it
                        }
                    } else if piece.elem.accepts(c) {
                        walk(&p[1..], &d[1..], lit, fit, seen);
                    }
                }
            }
        }
        let mut fit = Fit::default();
        walk(
            &self.pieces,
            digits,
            true,
            &mut fit,
            &mut Default::default(),
        );
        fit
    }
}

/// What to do with the digits entered so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// A complete number that cannot grow: dial it.
    DialNow,
    /// Complete, but it could grow: dial after the short timeout (an `S` rule).
    WaitShort,
    /// Wait for more digits (the dialling timeout, or the send key).
    Wait,
    /// Nothing in the map takes it: it goes on the timeout or the send key.
    NoMatch,
}

/// An AudioCodes digit map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DigitMap {
    patterns: Vec<Pattern>,
}

impl DigitMap {
    /// Parse a digit map; `|` or `;` separates the patterns. The error names the pattern.
    pub fn parse(text: &str) -> Result<DigitMap, String> {
        let sep = if text.contains('|') { '|' } else { ';' };
        let patterns = text
            .split(sep)
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(Pattern::parse)
            .collect::<Result<Vec<_>, _>>()?;
        if patterns.is_empty() {
            return Err("an empty digit map".into());
        }
        Ok(DigitMap { patterns })
    }

    /// What to do with `digits`. §17.6 says both that `211` is "dialed immediately" while
    /// `[2-7]xxx` could still take `2111`, and that `0` "waits T seconds" because `011xxx.`
    /// may follow: so a full match is dialled at once unless a pattern continues the very
    /// digits entered (literal digits matched so far), and an `S` or `T` rule waits its timer.
    pub fn decide(&self, digits: &str) -> Decision {
        let d: Vec<char> = digits.chars().collect();
        // An open-ended pattern (`011xxx.`) can always take one more digit: it waits T.
        let fits: Vec<(Fit, Option<Timer>)> = self
            .patterns
            .iter()
            .map(|p| {
                let open = p.pieces.last().is_some_and(|l| l.repeat);
                (p.fit(&d), p.timer.or(open.then_some(Timer::Long)))
            })
            .collect();
        let more = fits.iter().any(|(f, _)| f.more);
        let more_literal = fits.iter().any(|(f, _)| f.more_literal);
        let full: Vec<Option<Timer>> = fits
            .iter()
            .filter(|(f, _)| f.full)
            .map(|(_, t)| *t)
            .collect();
        if full.contains(&Some(Timer::Short)) {
            Decision::WaitShort
        } else if !full.is_empty() && !more_literal && !full.contains(&Some(Timer::Long)) {
            Decision::DialNow
        } else if !full.is_empty() || more {
            Decision::Wait
        } else {
            Decision::NoMatch
        }
    }
}

/// A Yealink rule expression, matched against the whole number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    One(Vec<char>),
    AnyOne,
    AnyString,
    Open,
    Close,
    Literal(char),
}

impl Rule {
    /// A rule expression (`001(xxx)45(xx)`, `52[0-6]`, `12.`); the error says what is wrong.
    /// At most 32 characters (the CP860's limit) and four `.`, which keeps matching cheap.
    pub fn parse(text: &str) -> Result<Rule, String> {
        let rule = Rule {
            text: text.trim().to_string(),
        };
        if rule.text.chars().count() > 32 {
            return Err(format!("{:?}: longer than 32 characters", rule.text));
        }
        if rule.text.matches('.').count() > 4 {
            return Err(format!("{:?}: more than four '.'", rule.text));
        }
        rule.tokens()?;
        if rule.text.is_empty() {
            return Err("an empty rule".into());
        }
        Ok(rule)
    }

    fn tokens(&self) -> Result<Vec<Tok>, String> {
        let mut out = Vec::new();
        let mut chars = self.text.chars();
        let mut depth = 0i32;
        while let Some(c) = chars.next() {
            out.push(match c {
                'x' | 'X' => Tok::AnyOne,
                '.' => Tok::AnyString,
                '(' => {
                    depth += 1;
                    Tok::Open
                }
                ')' => {
                    depth -= 1;
                    if depth < 0 {
                        return Err(format!("{:?}: ')' without '('", self.text));
                    }
                    Tok::Close
                }
                '[' => {
                    let mut set = Vec::new();
                    let mut prev = None;
                    loop {
                        match chars.next() {
                            Some(']') => break,
                            Some(',') => {}
                            Some('-') => match (prev, chars.next()) {
                                (Some(a), Some(b)) if a <= b && b.is_ascii() => {
                                    set.extend((a as u8 + 1..=b as u8).map(char::from))
                                }
                                _ => return Err(format!("{:?}: bad range", self.text)),
                            },
                            Some(ch) => {
                                set.push(ch);
                                prev = Some(ch);
                            }
                            None => return Err(format!("{:?}: '[' without ']'", self.text)),
                        }
                    }
                    Tok::One(set)
                }
                c => Tok::Literal(c),
            });
        }
        if depth != 0 {
            return Err(format!("{:?}: '(' without ')'", self.text));
        }
        Ok(out)
    }

    /// The groups of `number` if the whole of it matches, else `None` (and for numbers
    /// longer than a phone keys, 64 characters).
    pub fn captures(&self, number: &str) -> Option<Vec<String>> {
        if number.chars().count() > 64 {
            return None;
        }
        let toks = self.tokens().ok()?;
        let chars: Vec<char> = number.chars().collect();
        fn walk(
            t: &[Tok],
            s: &[char],
            pos: usize,
            open: &mut Vec<usize>,
            groups: &mut Vec<(usize, usize)>,
        ) -> bool {
            let Some(tok) = t.first() else {
                return pos == s.len();
            };
            match tok {
                Tok::Open => {
                    open.push(pos);
                    let ok = walk(&t[1..], s, pos, open, groups);
                    if !ok {
                        open.pop();
                    }
                    ok
                }
                Tok::Close => {
                    let start = open.pop().unwrap_or(pos);
                    groups.push((start, pos));
                    let ok = walk(&t[1..], s, pos, open, groups);
                    if !ok {
                        groups.pop();
                        open.push(start);
                    }
                    ok
                }
                Tok::AnyString => (pos..=s.len())
                    .rev()
                    .any(|end| walk(&t[1..], s, end, open, groups)),
                Tok::AnyOne => pos < s.len() && walk(&t[1..], s, pos + 1, open, groups),
                Tok::One(set) => {
                    pos < s.len()
                        && set.contains(&s[pos])
                        && walk(&t[1..], s, pos + 1, open, groups)
                }
                Tok::Literal(c) => {
                    pos < s.len()
                        && s[pos].eq_ignore_ascii_case(c)
                        && walk(&t[1..], s, pos + 1, open, groups)
                }
            }
        }
        let mut groups = Vec::new();
        walk(&toks, &chars, 0, &mut Vec::new(), &mut groups).then(|| {
            // Groups close in order of their closing parenthesis; number them by opening.
            groups.sort_by_key(|g| g.0);
            groups
                .iter()
                .map(|&(a, b)| chars[a..b].iter().collect())
                .collect()
        })
    }

    /// Whether the whole of `number` matches.
    pub fn matches(&self, number: &str) -> bool {
        self.captures(number).is_some()
    }
}

/// A replace rule: a number matching `prefix` is dialled as `replace`, `$n` standing for
/// the prefix's nth group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replace {
    /// The expression matched.
    pub prefix: Rule,
    /// The number dialled instead.
    pub replace: String,
}

impl Replace {
    fn apply(&self, number: &str) -> Option<String> {
        let groups = self.prefix.captures(number)?;
        let mut out = String::new();
        let mut chars = self.replace.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
                let n = chars.next().and_then(|d| d.to_digit(10)).unwrap_or(0) as usize;
                out.push_str(groups.get(n.wrapping_sub(1)).map_or("", String::as_str));
            } else {
                out.push(c);
            }
        }
        Some(out)
    }
}

/// The area code added to numbers of a length range (Yealink `dialplan.area_code.*`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AreaCode {
    /// The code (`010`).
    pub code: String,
    /// Shortest number it is added to (default 1).
    pub min_len: usize,
    /// Longest (default 15).
    pub max_len: usize,
}

/// Every dialling rule of the phone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DialPlan {
    /// The digit map deciding when a number is complete.
    pub digit_map: Option<DigitMap>,
    /// A Grandstream dial plan: which numbers may be dialled, what is sent for them, and
    /// when a number is complete.
    pub grandstream: Option<GsDialPlan>,
    /// The SayHi prefix table: the first rule whose prefix the number starts with applies.
    pub prefix_rules: Vec<PrefixRule>,
    /// Numbers dialled as soon as they are entered (after `dial_now_delay` seconds).
    pub dial_now: Vec<Rule>,
    /// Seconds a dial-now match waits (Yealink `phone_setting.dialnow_delay`, 1 by default).
    pub dial_now_delay: u32,
    /// Replace rules, the first that matches applies.
    pub replace: Vec<Replace>,
    /// The area code.
    pub area_code: Option<AreaCode>,
    /// Numbers that may not be dialled.
    pub block_out: Vec<Rule>,
    /// Off-hook dials this number after `hotline_delay` seconds without a digit.
    pub hotline: Option<String>,
    /// Seconds before the hotline dials (Yealink and Dinstar: 4).
    pub hotline_delay: u32,
}

/// Why a number is not dialled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Forbidden;

impl DialPlan {
    /// The number to dial for what was entered: block-out first ("Forbidden Number"); with
    /// a Grandstream plan, what it sends (or Forbidden when it does not let the number
    /// through); else
    /// the first matching replace rule, then the area code (the order is not in the guide:
    /// block-out, replace, area code is the CP860's web page order).
    pub fn number_for(&self, entered: &str) -> Result<String, Forbidden> {
        if self.block_out.iter().any(|r| r.matches(entered)) {
            return Err(Forbidden);
        }
        if let Some(plan) = &self.grandstream {
            return plan.number_for(entered).ok_or(Forbidden);
        }
        if let Some(number) = self.prefix_rules.iter().find_map(|r| r.apply(entered)) {
            return Ok(number);
        }
        let number = self
            .replace
            .iter()
            .find_map(|r| r.apply(entered))
            .unwrap_or_else(|| entered.to_string());
        Ok(match &self.area_code {
            Some(a)
                if (a.min_len..=a.max_len).contains(&entered.chars().count())
                    && !a.code.is_empty() =>
            {
                format!("{}{number}", a.code)
            }
            _ => number,
        })
    }

    /// Whether the digits are a dial-now number.
    pub fn dial_now(&self, digits: &str) -> bool {
        self.dial_now.iter().any(|r| r.matches(digits))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// AudioCodes §17.6, verbatim example 1.
    const MAP: &str = "[2-9]11|0|100|101|011xxx.|9011xxx.|1[2-9]xxxxxxxxx|91[2-9]xxxxxxxxx|9[2-9]xxxxxx|*xx|[8]xxxx|[2-7]xxx";

    #[test]
    fn the_audiocodes_example_map_decides_as_its_manual_explains() {
        let map = DigitMap::parse(MAP).unwrap();
        use Decision::*;
        for n in ["211", "311", "911"] {
            assert_eq!(map.decide(n), DialNow, "{n}: dialed immediately");
        }
        assert_eq!(map.decide("0"), Wait, "0 waits T: 011... could follow");
        assert_eq!(map.decide("100"), DialNow);
        assert_eq!(map.decide("011"), Wait, "international: any length");
        assert_eq!(map.decide("0114930"), Wait);
        assert_eq!(
            map.decide("12125551234"),
            DialNow,
            "long distance without prefix"
        );
        assert_eq!(map.decide("*72"), DialNow, "two-digit star code");
        assert_eq!(map.decide("84321"), DialNow, "voicemail of 4321");
        assert_eq!(map.decide("2345"), DialNow, "four-digit extension");
        assert_eq!(map.decide("23"), Wait);
        assert_eq!(map.decide("12"), Wait, "1[2-9]... may follow");
        assert_eq!(map.decide("#5"), NoMatch);
    }

    #[test]
    fn an_s_rule_waits_the_short_timer_and_the_semicolon_form_parses() {
        // §17.2 verbatim example.
        let map = DigitMap::parse("*xx|[2-9]11|0S|[2-9]xxxxxxxxx|1xxx[2-9]xxxxxx").unwrap();
        assert_eq!(map.decide("0"), Decision::WaitShort);
        assert_eq!(map.decide("911"), Decision::DialNow);
        // §17.6 example 3: "A number that starts with 10 is terminated after the third digit".
        let semi = DigitMap::parse("10x;05xxxxxxxx;4xxx").unwrap();
        assert_eq!(semi.decide("105"), Decision::DialNow);
        assert_eq!(semi.decide("4123"), Decision::DialNow);
        assert_eq!(semi.decide("77"), Decision::NoMatch);
        assert_eq!(
            DigitMap::parse("x.T").unwrap().decide("123"),
            Decision::Wait
        );
    }

    #[test]
    fn many_repeats_on_a_long_number_stay_cheap() {
        let map = DigitMap::parse("x.x.x.x.x.x.x.x.x.x.x.x.1").unwrap();
        let digits = "2".repeat(64);
        assert_eq!(map.decide(&digits), Decision::Wait, "could end with a 1");
        assert!(Rule::parse("1.2.3.4.5.6").unwrap_err().contains("four"));
        let r = Rule::parse("x.x.x.x.1").unwrap();
        assert!(!r.matches(&"2".repeat(60)));
    }

    #[test]
    fn bad_digit_maps_are_refused_with_the_pattern() {
        assert!(DigitMap::parse("[2-").unwrap_err().contains("[2-"));
        assert!(DigitMap::parse(".1")
            .unwrap_err()
            .contains("repeats nothing"));
        assert!(DigitMap::parse("12q").unwrap_err().contains("'q'"));
        assert!(DigitMap::parse("").is_err());
        assert!(DigitMap::parse("[9-2]").is_err());
    }

    fn replace(prefix: &str, replace: &str) -> Replace {
        Replace {
            prefix: Rule::parse(prefix).unwrap(),
            replace: replace.into(),
        }
    }

    #[test]
    fn yealink_replace_rules_substitute_groups_as_the_guide_shows() {
        // "Prefix 001(xxx)45(xx), Replace 9001$145$2: dial 0012354599 -> 90012354599".
        assert_eq!(
            replace("001(xxx)45(xx)", "9001$145$2")
                .apply("0012354599")
                .as_deref(),
            Some("90012354599")
        );
        // The guide's template.
        assert_eq!(
            replace("1", "05928665234").apply("1").as_deref(),
            Some("05928665234")
        );
        assert_eq!(
            replace("2(xx)", "002$1").apply("234").as_deref(),
            Some("00234")
        );
        assert_eq!(
            replace("2(xx)", "002$1").apply("2345"),
            None,
            "the whole number must match"
        );
        assert_eq!(
            replace("5([6-9])(.)", "3$2").apply("57123").as_deref(),
            Some("3123")
        );
        assert_eq!(
            replace("0(.)", "9$1").apply("0555").as_deref(),
            Some("9555")
        );
        let r = Rule::parse("12.").unwrap();
        assert!(r.matches("123") && r.matches("12345") && r.matches("12abc"));
        let r = Rule::parse("12x").unwrap();
        assert!(r.matches("121") && r.matches("12a") && !r.matches("1234"));
        let r = Rule::parse("91[5-7]1234").unwrap();
        assert!(r.matches("9161234") && !r.matches("9181234"));
        assert!(Rule::parse("[2,5,8]").unwrap().matches("5"));
        assert!(Rule::parse("(12").is_err());
    }

    #[test]
    fn block_out_replace_and_area_code_make_the_number_dialled() {
        let plan = DialPlan {
            replace: vec![replace("00", "123456")],
            area_code: Some(AreaCode {
                code: "010".into(),
                min_len: 7,
                max_len: 8,
            }),
            block_out: vec![Rule::parse("1234").unwrap(), Rule::parse("1900.").unwrap()],
            dial_now: vec![
                Rule::parse("52[0-6]").unwrap(),
                Rule::parse("xxxxxx").unwrap(),
            ],
            ..DialPlan::default()
        };
        assert_eq!(plan.number_for("1234"), Err(Forbidden));
        assert_eq!(plan.number_for("19005551212"), Err(Forbidden));
        assert_eq!(plan.number_for("00").as_deref(), Ok("123456"));
        assert_eq!(
            plan.number_for("5551234").as_deref(),
            Ok("0105551234"),
            "seven digits get the area code"
        );
        assert_eq!(plan.number_for("1003").as_deref(), Ok("1003"));
        assert!(plan.dial_now("524") && plan.dial_now("123456") && !plan.dial_now("527"));
    }
}
