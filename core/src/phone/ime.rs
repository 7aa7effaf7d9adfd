//! Text entry on a phone keypad (multi-tap, the IME of the Yealink and Dinstar screens): each
//! key carries its letters (ITU E.161, `2` = `abc`); pressing it again within a second takes
//! the next letter, another key or the pause keeps the letter. The IME key steps through the
//! modes lower case, upper case and digits.

use crate::time::{Duration, Instant};

/// How long a letter stays open to the next press of its key.
pub const TAP_TIME: Duration = Duration::millis(1000);

/// What the keys type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ImeMode {
    /// `abc`.
    #[default]
    Lower,
    /// `ABC`.
    Upper,
    /// `123`.
    Digits,
}

impl ImeMode {
    /// The mode's name, as the screen shows it.
    pub fn label(self) -> &'static str {
        match self {
            ImeMode::Lower => "abc",
            ImeMode::Upper => "ABC",
            ImeMode::Digits => "123",
        }
    }
}

/// The characters key `key` types, in tap order (its digit last).
fn letters(key: char) -> &'static str {
    match key {
        '1' => ".,?!'-@1",
        '2' => "abc2",
        '3' => "def3",
        '4' => "ghi4",
        '5' => "jkl5",
        '6' => "mno6",
        '7' => "pqrs7",
        '8' => "tuv8",
        '9' => "wxyz9",
        '0' => " 0",
        '*' => "*",
        '#' => "#",
        _ => "",
    }
}

/// A letter still open to its key's next press.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Open {
    key: char,
    index: usize,
    until: Instant,
}

/// Text being typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEntry {
    text: String,
    mode: ImeMode,
    open: Option<Open>,
    max: usize,
}

impl TextEntry {
    /// Empty text of at most `max` characters.
    pub fn new(max: usize) -> TextEntry {
        TextEntry {
            text: String::new(),
            mode: ImeMode::default(),
            open: None,
            max,
        }
    }

    /// `text` to go on with (a form editing what is there), of at most `max` characters.
    pub fn with_text(max: usize, text: &str) -> TextEntry {
        let mut t = TextEntry::new(max);
        t.text = text.chars().take(max).collect();
        t
    }

    /// The text so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The mode.
    pub fn mode(&self) -> ImeMode {
        self.mode
    }

    /// The IME key: the next mode (the open letter is kept).
    pub fn next_mode(&mut self) {
        self.open = None;
        self.mode = match self.mode {
            ImeMode::Lower => ImeMode::Upper,
            ImeMode::Upper => ImeMode::Digits,
            ImeMode::Digits => ImeMode::Lower,
        };
    }

    /// Key `key` pressed at `now`.
    pub fn key(&mut self, key: char, now: Instant) {
        let set = letters(key);
        if set.is_empty() {
            return;
        }
        if self.mode == ImeMode::Digits {
            self.open = None;
            self.push(key);
            return;
        }
        let again = self.open.filter(|o| o.key == key && now < o.until);
        let index = match again {
            Some(o) => {
                self.text.pop();
                (o.index + 1) % set.chars().count()
            }
            None => {
                if self.text.chars().count() >= self.max {
                    return;
                }
                0
            }
        };
        let c = set.chars().nth(index).unwrap_or(key);
        let c = if self.mode == ImeMode::Upper {
            c.to_ascii_uppercase()
        } else {
            c
        };
        self.text.push(c);
        self.open = Some(Open {
            key,
            index,
            until: now + TAP_TIME,
        });
    }

    fn push(&mut self, c: char) {
        if self.text.chars().count() < self.max {
            self.text.push(c);
        }
    }

    /// Delete the last character.
    pub fn delete(&mut self) {
        self.open = None;
        self.text.pop();
    }

    /// The open letter closes at `now` if its time is up; whether anything changed.
    pub fn expire(&mut self, now: Instant) -> bool {
        match self.open {
            Some(o) if now >= o.until => {
                self.open = None;
                true
            }
            _ => false,
        }
    }

    /// When the open letter closes, if one is open.
    pub fn deadline(&self) -> Option<Instant> {
        self.open.map(|o| o.until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ms: u64) -> Instant {
        Instant(ms)
    }

    #[test]
    fn taps_within_a_second_step_through_a_keys_letters() {
        let mut t = TextEntry::new(160);
        for (key, ms) in [('4', 0), ('4', 300), ('3', 600), ('3', 700), ('5', 900)] {
            t.key(key, at(ms));
        }
        assert_eq!(t.text(), "hej");
        // The same key after the pause starts a new letter.
        t.key('5', at(5_000));
        assert_eq!(t.text(), "hejj");
        t.key('5', at(5_100));
        t.key('5', at(5_200));
        t.key('5', at(5_300));
        t.key('5', at(5_400));
        assert_eq!(t.text(), "hejj", "j k l 5 and round to j");
    }

    #[test]
    fn the_ime_key_steps_lower_upper_digits() {
        let mut t = TextEntry::new(160);
        t.next_mode();
        assert_eq!(t.mode().label(), "ABC");
        t.key('2', at(0));
        t.key('2', at(100));
        t.next_mode();
        t.key('2', at(200));
        t.key('2', at(300));
        t.key('0', at(400));
        t.next_mode();
        t.key('0', at(500));
        assert_eq!(t.text(), "B220 ", "B, then 2 2 0 as digits, then a space");
        t.delete();
        assert_eq!(t.text(), "B220");
    }

    #[test]
    fn text_stops_at_its_length_and_other_keys_type_nothing() {
        let mut t = TextEntry::new(3);
        for (i, k) in "2345".chars().enumerate() {
            t.key(k, at(i as u64 * 2_000));
        }
        assert_eq!(t.text(), "adg");
        t.key('x', at(9_000));
        assert_eq!(t.text(), "adg");
        assert!(t.expire(at(10_000)), "the open g closes");
        assert_eq!(t.deadline(), None);
    }
}
