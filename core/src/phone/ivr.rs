//! The voice menu of a phone without a screen (the GHP hotel phone's IVR, §2.17 of its
//! guide): star codes keyed and sent with `#` (or left to the timeout) are answered by a
//! voice prompt instead of a call.
//!
//! | code | does |
//! |---|---|
//! | `**47` | reads out the phone's IP address |
//! | `**766` | reads out the room number |
//! | `**766*<room>` | sets the room number; once set, `**766*<keypad password><room>` changes it |
//! | `**37*<keypad password>` | factory reset |
//! | `**82` | UCM zero config: needs a Grandstream UCM, so "not available" |
//!
//! The prompt is a list of [`Word`]s; the driver plays the recording of each.

use super::{Output, Phone};

/// One recorded word of a prompt; its recording is `prompts/<name>.wav`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Word {
    /// A digit.
    Digit(u8),
    /// "dot", between the parts of an address.
    Dot,
    /// "IP address".
    IpAddress,
    /// "room number".
    RoomNumber,
    /// "is saved".
    Saved,
    /// "not set".
    NotSet,
    /// "unknown".
    Unknown,
    /// "is already set" (changing it needs the keypad password).
    AlreadySet,
    /// "factory reset".
    FactoryReset,
    /// "password error".
    PasswordError,
    /// "not available".
    NotAvailable,
}

impl Word {
    /// Every word, for the recordings' generator and its tests.
    pub const ALL: [Word; 20] = [
        Word::Digit(0),
        Word::Digit(1),
        Word::Digit(2),
        Word::Digit(3),
        Word::Digit(4),
        Word::Digit(5),
        Word::Digit(6),
        Word::Digit(7),
        Word::Digit(8),
        Word::Digit(9),
        Word::Dot,
        Word::IpAddress,
        Word::RoomNumber,
        Word::Saved,
        Word::NotSet,
        Word::Unknown,
        Word::AlreadySet,
        Word::FactoryReset,
        Word::PasswordError,
        Word::NotAvailable,
    ];

    /// The recording's name (`prompts/<name>.wav`).
    pub fn name(self) -> &'static str {
        const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
        match self {
            Word::Digit(d) => DIGITS[d as usize % 10],
            Word::Dot => "dot",
            Word::IpAddress => "ip-address",
            Word::RoomNumber => "room-number",
            Word::Saved => "saved",
            Word::NotSet => "not-set",
            Word::Unknown => "unknown",
            Word::AlreadySet => "already-set",
            Word::FactoryReset => "factory-reset",
            Word::PasswordError => "password-error",
            Word::NotAvailable => "not-available",
        }
    }

    /// What the recording says.
    pub fn text(self) -> &'static str {
        const DIGITS: [&str; 10] = [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        ];
        match self {
            Word::Digit(d) => DIGITS[d as usize % 10],
            Word::Dot => "dot",
            Word::IpAddress => "I P address",
            Word::RoomNumber => "room number",
            Word::Saved => "is saved",
            Word::NotSet => "not set",
            Word::Unknown => "unknown",
            Word::AlreadySet => "is already set",
            Word::FactoryReset => "factory reset",
            Word::PasswordError => "password error",
            Word::NotAvailable => "not available",
        }
    }
}

/// The words that read out `text` digit by digit (`.` as "dot"; other characters skipped).
fn spelled(text: &str) -> Vec<Word> {
    text.chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(Word::Digit(c as u8 - b'0')),
            '.' => Some(Word::Dot),
            _ => None,
        })
        .collect()
}

/// The longest room number kept.
const ROOM_DIGITS: usize = 16;

impl Phone {
    /// If the phone has a voice menu and `entered` is one of its codes, answer it with a
    /// prompt and return true (the number is not dialled).
    pub(super) fn voice_menu(&mut self, entered: &str) -> bool {
        if !self.profile.defaults.ivr {
            return false;
        }
        let code = entered.trim_end_matches('#');
        let words = if code == "**47" {
            let mut w = vec![Word::IpAddress];
            match &self.device_address {
                Some(ip) => w.extend(spelled(ip)),
                None => w.push(Word::Unknown),
            }
            w
        } else if code == "**766" {
            let mut w = vec![Word::RoomNumber];
            match &self.room {
                Some(room) => w.extend(spelled(room)),
                None => w.push(Word::NotSet),
            }
            w
        } else if let Some(rest) = code.strip_prefix("**766*") {
            self.set_room(rest)
        } else if let Some(password) = code.strip_prefix("**37*") {
            if password == self.keypad_password {
                self.factory_reset();
                vec![Word::FactoryReset]
            } else {
                vec![Word::PasswordError]
            }
        } else if code == "**82" {
            vec![Word::NotAvailable]
        } else {
            return false;
        };
        self.dialing = None;
        self.say(words);
        true
    }

    /// `**766*...`: the room number (digits), the first time; later only after the
    /// keypad password.
    fn set_room(&mut self, rest: &str) -> Vec<Word> {
        let room = match (&self.room, rest.strip_prefix(self.keypad_password.as_str())) {
            (None, _) => rest,
            (Some(_), Some(room)) => room,
            (Some(_), None) => return vec![Word::RoomNumber, Word::AlreadySet],
        };
        if room.is_empty() || room.len() > ROOM_DIGITS || !room.chars().all(|c| c.is_ascii_digit())
        {
            return vec![Word::RoomNumber, Word::NotSet];
        }
        self.room = Some(room.to_string());
        let mut w = vec![Word::RoomNumber];
        w.extend(spelled(room));
        w.push(Word::Saved);
        w
    }

    /// Play `words` to the user.
    fn say(&mut self, words: Vec<Word>) {
        let text: Vec<&str> = words.iter().map(|w| w.text()).collect();
        self.out
            .push_back(Output::Log(format!("voice prompt: {}", text.join(" "))));
        self.out.push_back(Output::Prompt(words));
        self.changed();
    }

    /// What the user set on the phone goes back to how it came: history, blacklist, DND,
    /// forwarding, volumes, tones, clock formats and the room number.
    fn factory_reset(&mut self) {
        self.history = Default::default();
        self.blacklist = Default::default();
        self.inbox = Default::default();
        self.dnd = false;
        self.forward = Default::default();
        self.room = None;
        self.ringer_volume = self.profile.defaults.default_volume;
        self.call_volumes = [self.profile.defaults.default_volume; 3];
        self.ring_tone = 1;
        self.clock_24h = true;
        self.date_format = Default::default();
    }

    /// The room number the phone was given (`**766*<room>`).
    pub fn room(&self) -> Option<&str> {
        self.room.as_deref()
    }

    /// The address the phone is reached at, for `**47` (the native driver's local address;
    /// a browser knows none).
    pub fn set_device_address(&mut self, address: Option<String>) {
        self.action_urls
            .device
            .insert("ip", address.clone().unwrap_or_default());
        self.device_address = address;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_spelled_digit_by_digit_with_dots() {
        assert_eq!(
            spelled("10.0.2"),
            [
                Word::Digit(1),
                Word::Digit(0),
                Word::Dot,
                Word::Digit(0),
                Word::Dot,
                Word::Digit(2)
            ]
        );
        let names: std::collections::BTreeSet<&str> = Word::ALL.iter().map(|w| w.name()).collect();
        assert_eq!(names.len(), Word::ALL.len(), "one recording per word");
    }
}
