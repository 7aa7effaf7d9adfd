//! The keys of the phone and what each does in each state: keypad, soft keys, Send and
//! Cancel, line keys, Redial.

use super::view::CallState;
use super::{MediaCommand, Mode, Output, Phone, Renegotiation};
use crate::sip::account::DtmfMode;
use crate::sip::call::CallRef;

/// A key of the phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// Keypad: `0`-`9`, `*`, `#`.
    Digit(char),
    /// The soft key at this position under the screen (0 = leftmost).
    Soft(usize),
    /// Send / dial (the green key; Enter on a computer keyboard).
    Send,
    /// Cancel / end (the red key; Escape on a computer keyboard).
    Cancel,
    /// Line key `n` (0-based): the account of line `n + 1`.
    Line(usize),
    /// Redial the last dialled number.
    Redial,
}

/// What a soft key does, so labels and actions stay together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SoftAction {
    Send,
    Delete,
    Cancel,
    Answer,
    Reject,
    End,
    Redial,
    Hold,
    Resume,
}

impl SoftAction {
    pub(super) fn label(self) -> &'static str {
        match self {
            SoftAction::Send => "Send",
            SoftAction::Delete => "Delete",
            SoftAction::Cancel => "Cancel",
            SoftAction::Answer => "Answer",
            SoftAction::Reject => "Reject",
            SoftAction::End => "End",
            SoftAction::Redial => "Redial",
            SoftAction::Hold => "Hold",
            SoftAction::Resume => "Resume",
        }
    }
}

impl Phone {
    pub(super) fn on_key(&mut self, key: Key) {
        let action = match key {
            Key::Soft(i) => match self.soft_actions().get(i).copied().flatten() {
                Some(a) => a,
                None => return,
            },
            Key::Send => SoftAction::Send,
            Key::Cancel => match self.mode {
                Mode::Idle => return,
                Mode::Dialing { .. } => SoftAction::Cancel,
                Mode::Incoming { .. } => SoftAction::Reject,
                _ => SoftAction::End,
            },
            Key::Redial => SoftAction::Redial,
            Key::Line(n) => {
                self.on_line_key(n);
                return;
            }
            Key::Digit(d) => {
                self.on_digit(d);
                return;
            }
        };
        self.on_action(action);
    }

    /// A line key: off-hook on that line's account when idle, move the number being dialled
    /// to it, or answer the call ringing on it.
    fn on_line_key(&mut self, line: usize) {
        if line >= self.lines.len() {
            return;
        }
        match &mut self.mode {
            Mode::Idle => {
                self.notice = None;
                self.set_mode(Mode::Dialing {
                    line,
                    digits: String::new(),
                });
            }
            Mode::Dialing { line: l, .. } => {
                *l = line;
                self.out.push_back(Output::ViewChanged);
            }
            Mode::Incoming { call, .. } if call.line == line => self.on_action(SoftAction::Answer),
            _ => {}
        }
    }

    fn on_digit(&mut self, d: char) {
        if !matches!(d, '0'..='9' | '*' | '#') {
            return;
        }
        match &mut self.mode {
            Mode::Idle => {
                self.notice = None;
                self.set_mode(Mode::Dialing {
                    line: self.default_line,
                    digits: d.to_string(),
                });
            }
            Mode::Talking { call, .. } => {
                // Keypad during a call: DTMF, the way the call's account says, and on the screen.
                let call = *call;
                let Some(ua) = self.lines.get_mut(call.line) else {
                    return;
                };
                let mode = ua.account().dtmf;
                if matches!(mode, DtmfMode::Info | DtmfMode::Both) {
                    ua.send_info_dtmf(call, d);
                }
                if matches!(mode, DtmfMode::Rfc4733 | DtmfMode::Both) {
                    self.out
                        .push_back(Output::Media(MediaCommand::SendDtmf { call, digit: d }));
                }
                if self.dtmf_shown.len() < 24 {
                    self.dtmf_shown.push(d);
                }
                self.out.push_back(Output::ViewChanged);
            }
            Mode::Dialing { digits, .. } => {
                // SayHi 6XX: `#` is the send key by default.
                if d == '#' && !digits.is_empty() {
                    self.on_action(SoftAction::Send);
                } else if digits.len() < 64 {
                    digits.push(d);
                    self.out.push_back(Output::ViewChanged);
                }
            }
            _ => {}
        }
    }

    fn on_action(&mut self, action: SoftAction) {
        match (action, self.mode.clone()) {
            (SoftAction::Send, Mode::Dialing { line, digits }) if !digits.is_empty() => {
                self.dial(line, &digits)
            }
            (SoftAction::Redial, Mode::Idle) => {
                if let Some((line, n)) = self.last_dialled.clone() {
                    self.dial(line, &n);
                }
            }
            (SoftAction::Redial, Mode::Dialing { line, .. }) => {
                if let Some((_, n)) = self.last_dialled.clone() {
                    self.dial(line, &n);
                }
            }
            (SoftAction::Delete, Mode::Dialing { line, mut digits }) => {
                digits.pop();
                self.set_mode(Mode::Dialing { line, digits });
            }
            (SoftAction::Cancel, Mode::Dialing { .. }) => self.set_mode(Mode::Idle),
            (SoftAction::Answer, Mode::Incoming { call, .. }) => {
                // The offer was given to the media side when the call arrived.
                let answering = self
                    .lines
                    .get_mut(call.line)
                    .is_some_and(|ua| ua.answer(call));
                if answering {
                    self.out.push_back(Output::ViewChanged);
                }
            }
            (SoftAction::Reject, Mode::Incoming { call, .. }) => self.reject(call),
            (
                SoftAction::Hold,
                Mode::Talking {
                    call, held: false, ..
                },
            ) => self.renegotiate(call, true),
            (
                SoftAction::Resume,
                Mode::Talking {
                    call, held: true, ..
                },
            ) => self.renegotiate(call, false),
            (SoftAction::End, Mode::Outgoing { call, .. } | Mode::Talking { call, .. }) => {
                if let Some(ua) = self.lines.get_mut(call.line) {
                    ua.hangup(call)
                }
            }
            _ => {}
        }
    }

    /// Refuse a ringing call with the code its account is configured with (default 486).
    pub(super) fn reject(&mut self, call: CallRef) {
        if let Some(ua) = self.lines.get_mut(call.line) {
            let code = ua.account().reject_code;
            ua.reject(call, code);
        }
    }

    fn dial(&mut self, line: usize, number: &str) {
        let Some(ua) = self.lines.get_mut(line) else {
            return;
        };
        let target = ua.account().target_uri(number);
        let call = ua.call(&target);
        self.last_dialled = Some((line, number.to_string()));
        self.set_mode(Mode::Outgoing {
            call,
            number: number.to_string(),
            state: CallState::Calling,
        });
        self.out
            .push_back(Output::Media(MediaCommand::CreateOffer { call }));
    }

    /// Hold or resume (RFC 3264 §8.4): ask the media side for the new offer.
    fn renegotiate(&mut self, call: CallRef, hold: bool) {
        if self.renegotiation.is_some() {
            return; // one at a time
        }
        self.renegotiation = Some(Renegotiation::Offering { call, hold });
        self.out
            .push_back(Output::Media(MediaCommand::Renegotiate { call, hold }));
    }

    /// Soft keys of the current state, by position.
    pub(super) fn soft_actions(&self) -> [Option<SoftAction>; 4] {
        use SoftAction::*;
        match &self.mode {
            Mode::Idle => [
                Some(Redial).filter(|_| self.last_dialled.is_some()),
                None,
                None,
                None,
            ],
            Mode::Dialing { .. } => [Some(Send), Some(Delete), None, Some(Cancel)],
            Mode::Outgoing { .. } => [None, None, None, Some(End)],
            Mode::Incoming { .. } => [Some(Answer), None, None, Some(Reject)],
            Mode::Talking { held: false, .. } => [Some(Hold), None, None, Some(End)],
            Mode::Talking { held: true, .. } => [Some(Resume), None, None, Some(End)],
        }
    }
}
