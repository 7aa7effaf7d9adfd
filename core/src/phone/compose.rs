//! The phone's two-field forms: writing a text message (Dinstar Message > New Message: the
//! number, then the text, then Send; RFC 3428 MESSAGE) and adding a contact to the directory
//! (its name, then its number, then Save). The number is keyed as digits, the text or name
//! with the IME ([`super::ime`]); Up and Down (or OK) move between the two, Delete takes back
//! a character, Back leaves without sending or saving.

use super::ime::TextEntry;
use super::keys::SoftAction;
use super::menu::Page;
use super::{Key, Phone};

/// The longest text (one SMS, as the desk phones' message screens keep to).
const TEXT_MAX: usize = 160;
/// The longest number.
const TO_MAX: usize = 32;

/// The field being typed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Field {
    To,
    Text,
}

/// What the form is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Purpose {
    /// A text message: `to` is the number, `text` the message.
    Message,
    /// A new contact: `text` is the name, `to` the number.
    Contact,
}

/// A message being written, or a contact being added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Compose {
    pub purpose: Purpose,
    pub to: String,
    pub text: TextEntry,
    pub field: Field,
}

/// The longest contact name.
const NAME_MAX: usize = 32;

/// The most contacts the directory keeps (the Dinstar's 1000).
pub(super) const DIRECTORY_MAX: usize = 1000;

impl Phone {
    /// Open the message writer (from the Messages page), to `to` if it is known.
    pub(super) fn start_compose(&mut self, to: Option<String>) {
        self.menu = None;
        self.compose = Some(Compose {
            purpose: Purpose::Message,
            field: if to.is_some() { Field::Text } else { Field::To },
            to: to.unwrap_or_default(),
            text: TextEntry::new(TEXT_MAX),
        });
        self.changed();
    }

    /// Open the contact form (from the directory): the name first.
    pub(super) fn start_contact_form(&mut self) {
        self.menu = None;
        self.compose = Some(Compose {
            purpose: Purpose::Contact,
            field: Field::Text,
            to: String::new(),
            text: TextEntry::new(NAME_MAX),
        });
        self.changed();
    }

    /// A key while a form is open; false for keys it leaves to the phone (the hook, volume
    /// and line keys).
    pub(super) fn on_compose_key(&mut self, key: Key) -> bool {
        let now = self.now;
        let action = match key {
            Key::Soft(i) => match self.soft_actions().get(i).copied().flatten() {
                Some(a) => a,
                None => return true,
            },
            Key::Send => SoftAction::Send,
            Key::Cancel => SoftAction::Back,
            Key::Digit(d) => {
                if let Some(c) = &mut self.compose {
                    match c.field {
                        Field::To if c.to.len() < TO_MAX && (d.is_ascii_digit() || d == '*') => {
                            c.to.push(d)
                        }
                        Field::To => {}
                        Field::Text => c.text.key(d, now),
                    }
                }
                self.changed();
                return true;
            }
            Key::Up | Key::Down | Key::Ok => {
                if let Some(c) = &mut self.compose {
                    // The message has the number above the text, the contact the name above
                    // the number.
                    let (upper, lower) = match c.purpose {
                        Purpose::Message => (Field::To, Field::Text),
                        Purpose::Contact => (Field::Text, Field::To),
                    };
                    c.field = if key == Key::Up { upper } else { lower };
                }
                self.changed();
                return true;
            }
            Key::Left | Key::Right | Key::Menu | Key::Directory | Key::History => return true,
            _ => return false,
        };
        match action {
            SoftAction::Ime => {
                if let Some(c) = self.compose.as_mut().filter(|c| c.field == Field::Text) {
                    c.text.next_mode();
                }
            }
            SoftAction::Delete => {
                if let Some(c) = &mut self.compose {
                    match c.field {
                        Field::To => {
                            c.to.pop();
                        }
                        Field::Text => c.text.delete(),
                    }
                }
            }
            SoftAction::Send => self.send_composed(),
            SoftAction::Save => self.save_contact(),
            SoftAction::Back => {
                let back = match self.compose.take().map(|c| c.purpose) {
                    Some(Purpose::Contact) => Page::Contacts(None),
                    _ => Page::Messages,
                };
                self.open_menu(back);
            }
            _ => {}
        }
        self.changed();
        true
    }

    /// Send: from the number, on to the text; with both, the message goes (RFC 3428) from
    /// the default line, and the idle screen says how it went.
    fn send_composed(&mut self) {
        let Some(c) = &mut self.compose else {
            return;
        };
        if c.to.is_empty() {
            c.field = Field::To;
            return;
        }
        if c.field == Field::To || c.text.text().is_empty() {
            c.field = Field::Text;
            return;
        }
        let (to, text) = (c.to.clone(), c.text.text().to_string());
        self.compose = None;
        if let Some(ua) = self.lines.get_mut(self.default_line) {
            let target = ua.account().target_uri(&to);
            ua.send_message(&target, &text);
        }
    }

    /// Save: a contact with a name and a number joins the directory (All contacts shows it);
    /// without one of them, the field that is missing is taken up.
    fn save_contact(&mut self) {
        let Some(c) = &mut self.compose else {
            return;
        };
        if c.text.text().trim().is_empty() {
            c.field = Field::Text;
            return;
        }
        if c.to.is_empty() {
            c.field = Field::To;
            return;
        }
        if self.directory.len() >= DIRECTORY_MAX {
            self.notice = Some(("Directory full".into(), self.now + super::NOTICE_TIME));
            return;
        }
        let contact = super::directory::Contact {
            name: c.text.text().trim().to_string(),
            number: c.to.clone(),
            group: None,
        };
        self.compose = None;
        self.directory.push(contact);
        self.open_menu(Page::Contacts(None));
    }

    /// Whether a soft action applies while writing.
    pub(super) fn compose_action_available(&self, action: SoftAction) -> bool {
        let Some(c) = &self.compose else {
            return false;
        };
        match action {
            SoftAction::Ime => c.field == Field::Text,
            SoftAction::Delete => match c.field {
                Field::To => !c.to.is_empty(),
                Field::Text => !c.text.text().is_empty(),
            },
            SoftAction::Send => c.purpose == Purpose::Message,
            SoftAction::Save => c.purpose == Purpose::Contact,
            SoftAction::Back => true,
            _ => false,
        }
    }

    /// The writer's screen: title, the number, the text (with the IME mode), the field
    /// being typed in highlighted and ending in a cursor.
    pub(super) fn compose_screen(&self, c: &Compose) -> (Vec<String>, Option<usize>) {
        let cursor = |on: bool| if on { "_" } else { "" };
        let text = format!(
            "{}: {}{}",
            c.text.mode().label(),
            c.text.text(),
            cursor(c.field == Field::Text)
        );
        let (rows, lit) = match c.purpose {
            Purpose::Message => (
                vec![
                    "New message".to_string(),
                    format!("To: {}{}", c.to, cursor(c.field == Field::To)),
                    text,
                ],
                if c.field == Field::To { 1 } else { 2 },
            ),
            Purpose::Contact => (
                vec![
                    "New contact".to_string(),
                    format!(
                        "Name ({}): {}{}",
                        c.text.mode().label(),
                        c.text.text(),
                        cursor(c.field == Field::Text)
                    ),
                    format!("Number: {}{}", c.to, cursor(c.field == Field::To)),
                ],
                if c.field == Field::Text { 1 } else { 2 },
            ),
        };
        (rows, Some(lit))
    }
}
