//! Writing a text message on the phone (Dinstar Message > New Message: the number, then the
//! text, then Send; RFC 3428 MESSAGE). The number is keyed as digits, the text with the IME
//! ([`super::ime`]); Up and Down (or OK) move between the two, Delete takes back a character,
//! Back leaves without sending.

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

/// A message being written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Compose {
    pub to: String,
    pub text: TextEntry,
    pub field: Field,
}

impl Phone {
    /// Open the message writer (from the Messages page), to `to` if it is known.
    pub(super) fn start_compose(&mut self, to: Option<String>) {
        self.menu = None;
        self.compose = Some(Compose {
            field: if to.is_some() { Field::Text } else { Field::To },
            to: to.unwrap_or_default(),
            text: TextEntry::new(TEXT_MAX),
        });
        self.changed();
    }

    /// A key while a message is being written; false for keys it leaves to the phone (the
    /// hook, volume and line keys).
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
                    c.field = match (key, c.field) {
                        (Key::Up, _) => Field::To,
                        _ => Field::Text,
                    };
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
            SoftAction::Back => {
                self.compose = None;
                self.open_menu(Page::Messages);
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
            SoftAction::Send | SoftAction::Back => true,
            _ => false,
        }
    }

    /// The writer's screen: title, the number, the text (with the IME mode), the field
    /// being typed in highlighted and ending in a cursor.
    pub(super) fn compose_screen(&self, c: &Compose) -> (Vec<String>, Option<usize>) {
        let cursor = |on: bool| if on { "_" } else { "" };
        let rows = vec![
            "New message".to_string(),
            format!("To: {}{}", c.to, cursor(c.field == Field::To)),
            format!(
                "{}: {}{}",
                c.text.mode().label(),
                c.text.text(),
                cursor(c.field == Field::Text)
            ),
        ];
        let lit = match c.field {
            Field::To => 1,
            Field::Text => 2,
        };
        (rows, Some(lit))
    }
}
