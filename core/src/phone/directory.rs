//! The local directory (phonebook) and the predictive matching of the dial screen: as
//! digits are keyed, contacts whose number starts with them, or whose name spells them on
//! the keypad letters, are offered (Dinstar C60S: "the dialer lists matching saved contacts
//! while typing").

use serde::Serialize;

/// A contact of the local directory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Contact {
    /// The name shown.
    pub name: String,
    /// The number dialled.
    pub number: String,
}

/// The keypad digit carrying a letter (ITU E.161: 2 = ABC ... 9 = WXYZ).
fn keypad_digit(c: char) -> Option<char> {
    Some(match c.to_ascii_lowercase() {
        'a'..='c' => '2',
        'd'..='f' => '3',
        'g'..='i' => '4',
        'j'..='l' => '5',
        'm'..='o' => '6',
        'p'..='s' => '7',
        't'..='v' => '8',
        'w'..='z' => '9',
        d @ '0'..='9' => d,
        _ => return None,
    })
}

impl Contact {
    /// Whether the digits keyed so far match this contact: its number starts with them, or
    /// a word of its name starts with the letters they carry.
    pub fn matches(&self, digits: &str) -> bool {
        if digits.is_empty() {
            return false;
        }
        if self.number.starts_with(digits) {
            return true;
        }
        self.name.split_whitespace().any(|word| {
            let spelled: String = word.chars().filter_map(keypad_digit).collect();
            spelled.starts_with(digits)
        })
    }
}

/// The contacts matching `digits`, in directory order.
pub fn matching<'a>(contacts: &'a [Contact], digits: &'a str) -> impl Iterator<Item = &'a Contact> {
    contacts.iter().filter(move |c| c.matches(digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(name: &str, number: &str) -> Contact {
        Contact {
            name: name.into(),
            number: number.into(),
        }
    }

    #[test]
    fn digits_match_a_number_prefix_or_a_name_spelled_on_the_keypad() {
        let book = [
            c("Bob Smith", "1002"),
            c("Carol", "1003"),
            c("Front Desk", "0"),
        ];
        let names =
            |d: &str| -> Vec<String> { matching(&book, d).map(|c| c.name.clone()).collect() };
        assert_eq!(names("100"), ["Bob Smith", "Carol"]);
        assert_eq!(names("262"), ["Bob Smith"], "B-O-B");
        assert_eq!(names("7"), ["Bob Smith"], "S for Smith");
        assert_eq!(names("3"), ["Front Desk"], "D for Desk");
        assert_eq!(names("2"), ["Bob Smith", "Carol"]);
        assert!(names("").is_empty());
        assert!(names("99").is_empty());
    }
}
