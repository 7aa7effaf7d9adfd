//! The local directory (phonebook) with its groups, the blacklist, and the predictive
//! matching of the dial screen: as digits are keyed, contacts whose number starts with them,
//! or whose name spells them on the keypad letters, are offered (Dinstar C60S: "the dialer
//! lists matching saved contacts while typing").

use serde::Serialize;

/// A contact of the local directory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Contact {
    /// The name shown.
    pub name: String,
    /// The number dialled.
    pub number: String,
    /// The group it is filed under (SayHi and Dinstar phonebooks), if any.
    pub group: Option<String>,
}

/// The groups of `contacts`, in the order they first appear.
pub fn groups(contacts: &[Contact]) -> Vec<&str> {
    let mut seen: Vec<&str> = Vec::new();
    for g in contacts.iter().filter_map(|c| c.group.as_deref()) {
        if !seen.contains(&g) {
            seen.push(g);
        }
    }
    seen
}

/// The number of a SIP URI or a dialled string: its user part (`sip:1003@h` is `1003`).
pub fn number_of(uri: &str) -> &str {
    let rest = uri
        .strip_prefix("sips:")
        .or_else(|| uri.strip_prefix("sip:"))
        .unwrap_or(uri);
    rest.split(['@', ';']).next().unwrap_or(rest).trim()
}

/// Numbers whose calls are refused (Dinstar "Black List", 100 entries; SayHi "BanList").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Blacklist {
    entries: Vec<Contact>,
}

impl Blacklist {
    /// As many entries as the Dinstar keeps.
    pub const MAX: usize = 100;

    /// A blacklist of `entries`; more than [`Blacklist::MAX`] is an error, naming the count.
    pub fn new(entries: Vec<Contact>) -> Result<Blacklist, String> {
        if entries.len() > Self::MAX {
            return Err(format!(
                "{} blacklist entries: at most {} are kept",
                entries.len(),
                Self::MAX
            ));
        }
        Ok(Blacklist { entries })
    }

    /// The entries, oldest first.
    pub fn entries(&self) -> &[Contact] {
        &self.entries
    }

    /// Whether calls from `uri` (a SIP URI or a number) are refused.
    pub fn blocks(&self, uri: &str) -> bool {
        let number = number_of(uri);
        !number.is_empty() && self.entries.iter().any(|e| number_of(&e.number) == number)
    }

    /// Add `name`'s `number`; false when it is there already or the list is full.
    pub fn add(&mut self, name: &str, number: &str) -> bool {
        if self.blocks(number) || self.entries.len() >= Self::MAX || number_of(number).is_empty() {
            return false;
        }
        self.entries.push(Contact {
            name: name.to_string(),
            number: number_of(number).to_string(),
            group: None,
        });
        true
    }

    /// Take `number` off the list.
    pub fn remove(&mut self, number: &str) {
        let number = number_of(number).to_string();
        self.entries.retain(|e| number_of(&e.number) != number);
    }
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
            group: None,
        }
    }

    #[test]
    fn the_blacklist_matches_the_user_part_and_keeps_a_hundred() {
        let mut list = Blacklist::new(vec![c("Spam", "1005")]).unwrap();
        assert!(list.blocks("sip:1005@127.0.0.1;transport=ws"));
        assert!(list.blocks("1005"));
        assert!(!list.blocks("sip:10050@h"));
        assert!(!list.add("Again", "sip:1005@h"), "there already");
        assert!(list.add("Eve", "sip:eve@h"));
        assert!(list.blocks("sip:eve@other"));
        list.remove("eve");
        assert!(!list.blocks("sip:eve@h"));
        for n in 0..99 {
            assert!(list.add("x", &format!("2{n:03}")));
        }
        assert!(!list.add("x", "3000"), "full at 100");
        assert!(Blacklist::new(vec![c("x", "1"); 101]).is_err());
    }

    #[test]
    fn groups_come_in_the_order_they_first_appear() {
        let mut book = vec![c("A", "1"), c("B", "2"), c("C", "3"), c("D", "4")];
        book[0].group = Some("Sales".into());
        book[1].group = Some("Front desk".into());
        book[3].group = Some("Sales".into());
        assert_eq!(groups(&book), ["Sales", "Front desk"]);
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
