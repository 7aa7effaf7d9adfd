//! The phone's forms, typed on the keypad: writing a text message (Dinstar Message > New
//! Message: the number, then the text, then Send; RFC 3428 MESSAGE), adding or editing a
//! contact (name, number, group, then Save), and signing in to a line after hot desking
//! (user name and password, then Save; Dinstar §3.18).
//!
//! A form is a list of fields. A number field takes digits and `*`; a text field takes
//! letters with the IME ([`super::ime`]). Up and Down (or OK) move between the fields, Delete
//! takes back a character, Back leaves without sending or saving. On a small screen the
//! fields scroll under the title, the one being typed in always shown.

use super::directory::Contact;
use super::ime::TextEntry;
use super::keys::SoftAction;
use super::menu::Page;
use super::{Key, Phone};
use crate::time::Instant;

/// The longest text (one SMS, as the desk phones' message screens keep to).
const TEXT_MAX: usize = 160;
/// The longest number.
const NUMBER_MAX: usize = 32;
/// The longest contact name, group name, user name or password.
const NAME_MAX: usize = 32;

/// The most contacts the directory keeps (the Dinstar's 1000).
pub(super) const DIRECTORY_MAX: usize = 1000;

/// What the form is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Purpose {
    /// A text message: the number, then the text.
    Message,
    /// A contact: name, number, group; `editing` is its place in the directory (a new
    /// contact when `None`).
    Contact { editing: Option<usize> },
    /// The account of line `line` (0-based): user name and password, after hot desking.
    Account { line: usize },
}

/// What a field holds.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Value {
    /// Digits, `*`.
    Number(String),
    /// Letters typed with the IME.
    Text(TextEntry),
}

/// One field of a form.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Field {
    /// Its name on the screen (`To`, `Name`); empty for a message's text.
    label: &'static str,
    value: Value,
    /// Shown as `*` (a password), but for the letter still being tapped.
    secret: bool,
    /// The form cannot be sent or saved without it.
    required: bool,
}

impl Field {
    fn number(label: &'static str, text: &str) -> Field {
        Field {
            label,
            value: Value::Number(text.to_string()),
            secret: false,
            required: true,
        }
    }

    fn text(label: &'static str, max: usize, text: &str) -> Field {
        Field {
            label,
            value: Value::Text(TextEntry::with_text(max, text)),
            secret: false,
            required: true,
        }
    }

    fn optional(mut self) -> Field {
        self.required = false;
        self
    }

    fn secret(mut self) -> Field {
        self.secret = true;
        self
    }

    fn content(&self) -> &str {
        match &self.value {
            Value::Number(n) => n,
            Value::Text(t) => t.text(),
        }
    }

    /// The field's row: `To: 1002`, `Name (abc): bo`, `abc: hi`, with a cursor if typed in.
    fn row(&self, typing: bool) -> String {
        let cursor = if typing { "_" } else { "" };
        let shown = match (&self.value, self.secret) {
            (Value::Text(t), true) => {
                // The letter still being tapped shows; the rest are stars.
                let n = t.text().chars().count();
                let open = t.deadline().is_some();
                let hidden = if open { n.saturating_sub(1) } else { n };
                let last: String = t.text().chars().skip(hidden).collect();
                format!("{}{last}", "*".repeat(hidden))
            }
            _ => self.content().to_string(),
        };
        match &self.value {
            Value::Text(t) if self.label.is_empty() => {
                format!("{}: {shown}{cursor}", t.mode().label())
            }
            Value::Text(t) => format!("{} ({}): {shown}{cursor}", self.label, t.mode().label()),
            Value::Number(_) => format!("{}: {shown}{cursor}", self.label),
        }
    }
}

/// A form being filled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Form {
    pub purpose: Purpose,
    fields: Vec<Field>,
    /// The field being typed in.
    at: usize,
}

impl Form {
    /// A message to `to` (the text first when the number is known).
    fn message(to: Option<String>) -> Form {
        let at = usize::from(to.is_some());
        Form {
            purpose: Purpose::Message,
            fields: vec![
                Field::number("To", &to.unwrap_or_default()),
                Field::text("", TEXT_MAX, ""),
            ],
            at,
        }
    }

    /// A contact form, filled with `contact` when editing one.
    fn contact(editing: Option<(usize, &Contact)>) -> Form {
        let (name, number, group) = editing.map_or(("", "", ""), |(_, c)| {
            (
                c.name.as_str(),
                c.number.as_str(),
                c.group.as_deref().unwrap_or_default(),
            )
        });
        Form {
            purpose: Purpose::Contact {
                editing: editing.map(|(i, _)| i),
            },
            fields: vec![
                Field::text("Name", NAME_MAX, name),
                Field::number("Number", number),
                Field::text("Group", NAME_MAX, group).optional(),
            ],
            at: 0,
        }
    }

    /// The sign-in form of line `line`.
    fn account(line: usize) -> Form {
        Form {
            purpose: Purpose::Account { line },
            fields: vec![
                Field::text("User", NAME_MAX, ""),
                Field::text("Password", NAME_MAX, "").secret().optional(),
            ],
            at: 0,
        }
    }

    fn value(&self, i: usize) -> &str {
        self.fields.get(i).map_or("", Field::content)
    }

    fn title(&self) -> &'static str {
        match self.purpose {
            Purpose::Message => "New message",
            Purpose::Contact { editing: None } => "New contact",
            Purpose::Contact { editing: Some(_) } => "Edit contact",
            Purpose::Account { .. } => "Sign in",
        }
    }

    /// A keypad key in the field being typed in.
    fn key(&mut self, d: char, now: Instant) {
        match self.fields.get_mut(self.at).map(|f| &mut f.value) {
            Some(Value::Number(n)) if n.len() < NUMBER_MAX && (d.is_ascii_digit() || d == '*') => {
                n.push(d)
            }
            Some(Value::Text(t)) => t.key(d, now),
            _ => {}
        }
    }

    fn delete(&mut self) {
        match self.fields.get_mut(self.at).map(|f| &mut f.value) {
            Some(Value::Number(n)) => {
                n.pop();
            }
            Some(Value::Text(t)) => t.delete(),
            None => {}
        }
    }

    fn typing_text(&self) -> bool {
        matches!(
            self.fields.get(self.at).map(|f| &f.value),
            Some(Value::Text(_))
        )
    }

    fn next_mode(&mut self) {
        if let Some(Value::Text(t)) = self.fields.get_mut(self.at).map(|f| &mut f.value) {
            t.next_mode();
        }
    }

    /// The first required field still empty.
    fn missing(&self) -> Option<usize> {
        (self.fields.iter()).position(|f| f.required && f.content().trim().is_empty())
    }

    /// The open letter closes if its time is up; whether anything changed.
    pub fn expire(&mut self, now: Instant) -> bool {
        let mut changed = false;
        for f in &mut self.fields {
            if let Value::Text(t) = &mut f.value {
                changed |= t.expire(now);
            }
        }
        changed
    }

    /// When an open letter closes.
    pub fn deadline(&self) -> Option<Instant> {
        (self.fields.iter())
            .filter_map(|f| match &f.value {
                Value::Text(t) => t.deadline(),
                Value::Number(_) => None,
            })
            .min()
    }
}

impl Phone {
    /// Open the message writer (from the Messages page), to `to` if it is known.
    pub(super) fn start_compose(&mut self, to: Option<String>) {
        self.open_form(Form::message(to));
    }

    /// Open the contact form (from the directory): a new contact, or directory entry `i`.
    pub(super) fn start_contact_form(&mut self, editing: Option<usize>) {
        let form = Form::contact(editing.and_then(|i| self.directory.get(i).map(|c| (i, c))));
        self.open_form(form);
    }

    /// Open the sign-in form of line `line` (after hot desking cleared the accounts).
    pub(super) fn start_account_form(&mut self, line: usize) {
        self.open_form(Form::account(line));
    }

    fn open_form(&mut self, form: Form) {
        self.menu = None;
        self.form = Some(form);
        self.changed();
    }

    /// A key while a form is open; false for keys it leaves to the phone (the hook, volume
    /// and line keys).
    pub(super) fn on_form_key(&mut self, key: Key) -> bool {
        let now = self.now;
        let action = match key {
            Key::Soft(i) => match self.soft_actions().get(i).copied().flatten() {
                Some(a) => a,
                None => return true,
            },
            Key::Send => match self.form.as_ref().map(|f| f.purpose) {
                Some(Purpose::Message) => SoftAction::Send,
                _ => SoftAction::Save,
            },
            Key::Cancel => SoftAction::Back,
            Key::Digit(d) => {
                if let Some(f) = &mut self.form {
                    f.key(d, now);
                }
                self.changed();
                return true;
            }
            Key::Up | Key::Down | Key::Ok => {
                if let Some(f) = &mut self.form {
                    let last = f.fields.len().saturating_sub(1);
                    f.at = match key {
                        Key::Up => f.at.saturating_sub(1),
                        _ => (f.at + 1).min(last),
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
                if let Some(f) = &mut self.form {
                    f.next_mode();
                }
            }
            SoftAction::Delete => {
                if let Some(f) = &mut self.form {
                    f.delete();
                }
            }
            SoftAction::Send => self.send_message_form(),
            SoftAction::Save => self.save_form(),
            SoftAction::Back => match self.form.take().map(|f| f.purpose) {
                Some(Purpose::Contact { .. }) => self.open_contacts(),
                Some(Purpose::Message) => self.open_menu(Page::Messages),
                _ => {}
            },
            _ => {}
        }
        self.changed();
        true
    }

    /// Send: a missing field is taken up, else the next field; from the text, the message
    /// goes (RFC 3428) from the default line, and the idle screen says how it went.
    fn send_message_form(&mut self) {
        let Some(f) = &mut self.form else {
            return;
        };
        if let Some(i) = f.missing() {
            f.at = i;
            return;
        }
        if f.at + 1 < f.fields.len() {
            f.at += 1;
            return;
        }
        let (to, text) = (f.value(0).to_string(), f.value(1).to_string());
        self.form = None;
        if let Some(ua) = self.lines.get_mut(self.default_line) {
            let target = ua.account().target_uri(&to);
            ua.send_message(&target, &text);
        }
    }

    /// Save: with a required field empty, that field is taken up; else the contact joins
    /// the directory (or replaces the one edited), or the line signs in.
    fn save_form(&mut self) {
        let Some(f) = &mut self.form else {
            return;
        };
        if let Some(i) = f.missing() {
            f.at = i;
            return;
        }
        let f = f.clone();
        match f.purpose {
            Purpose::Message => {}
            Purpose::Contact { editing } => {
                let group = f.value(2).trim();
                let contact = Contact {
                    name: f.value(0).trim().to_string(),
                    number: f.value(1).to_string(),
                    group: (!group.is_empty()).then(|| group.to_string()),
                };
                match editing.filter(|i| *i < self.directory.len()) {
                    Some(i) => self.directory[i] = contact,
                    None if self.directory.len() >= DIRECTORY_MAX => {
                        self.notice =
                            Some(("Directory full".into(), self.now + super::NOTICE_TIME));
                        return;
                    }
                    None => self.directory.push(contact),
                }
                self.form = None;
                self.open_contacts();
            }
            Purpose::Account { line } => {
                self.form = None;
                self.sign_in(line, f.value(0).trim(), f.value(1));
            }
        }
    }

    /// Whether a soft action applies while a form is open.
    pub(super) fn form_action_available(&self, action: SoftAction) -> bool {
        let Some(f) = &self.form else {
            return false;
        };
        match action {
            SoftAction::Ime => f.typing_text(),
            SoftAction::Delete => !f.value(f.at).is_empty(),
            SoftAction::Send => f.purpose == Purpose::Message,
            SoftAction::Save => f.purpose != Purpose::Message,
            SoftAction::Back => true,
            _ => false,
        }
    }

    /// The form's screen: its title, then the fields, scrolled so that the one being typed
    /// in (highlighted, ending in a cursor) shows.
    pub(super) fn form_screen(&self, f: &Form) -> (Vec<String>, Option<usize>) {
        let room = self.profile.display.map_or(usize::MAX, |d| d.rows).max(2) - 1;
        let first = f.at.saturating_sub(room - 1);
        let mut rows = vec![f.title().to_string()];
        rows.extend(
            (f.fields.iter().enumerate())
                .skip(first)
                .take(room)
                .map(|(i, field)| field.row(i == f.at)),
        );
        (rows, Some(1 + f.at - first))
    }
}
