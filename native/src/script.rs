//! What the person at the phone does, given on the command line: dial a number once the
//! line is registered, answer when it rings, key digits during the call, hang up after a
//! while. Everything goes through key presses, as on the device.

use deskphone_core::phone::view::{CallState, LineStatus, View};
use deskphone_core::phone::Key;

/// The plan, and how far it got.
#[derive(Debug, Default)]
pub struct Script {
    /// Dial this number once its line is registered.
    pub call: Option<String>,
    /// Dial from this line (0-based) by pressing its line key first; else the default line.
    pub from_line: Option<usize>,
    /// Answer incoming calls.
    pub answer: bool,
    /// Key these digits one second into the call.
    pub dtmf: Option<String>,
    /// Hang up this long (ms) into the call.
    pub hangup_after: Option<u64>,
    /// Press Hold this long (ms) into the call.
    pub hold_after: Option<u64>,
    /// Press Resume this long (ms) into the call.
    pub resume_after: Option<u64>,
    dialled: bool,
    talking_since: Option<u64>,
    dtmf_sent: bool,
    held: bool,
    resumed: bool,
    hung_up: bool,
    had_call: bool,
}

impl Script {
    /// Whether the script has anything to do with calls.
    pub fn involves_calls(&self) -> bool {
        self.call.is_some() || self.answer
    }

    /// Whether a call got to talking.
    pub fn talked(&self) -> bool {
        self.talking_since.is_some()
    }

    /// A call was placed or rang, and the phone is idle again (answered or not).
    pub fn call_over(&self, view: &View) -> bool {
        self.had_call && view.state == CallState::Idle
    }

    /// The keys to press now, given what the phone shows.
    pub fn keys(&mut self, view: &View, now_ms: u64) -> Vec<Key> {
        if view.state != CallState::Idle {
            self.had_call = true;
        }
        match view.state {
            CallState::Idle if !self.dialled && self.dial_line_registered(view) => {
                let Some(number) = &self.call else {
                    return Vec::new();
                };
                self.dialled = true;
                let mut keys: Vec<Key> = self.from_line.map(Key::Line).into_iter().collect();
                keys.extend(number.chars().map(Key::Digit));
                keys.push(Key::Send);
                keys
            }
            CallState::Ringing if self.answer => soft_key(view, "Answer").into_iter().collect(),
            CallState::Talking | CallState::Held | CallState::HeldByRemote => {
                let since = *self.talking_since.get_or_insert(now_ms);
                let mut keys = Vec::new();
                if let (Some(digits), false) = (&self.dtmf, self.dtmf_sent) {
                    if now_ms >= since + 1000 {
                        self.dtmf_sent = true;
                        keys.extend(digits.chars().map(Key::Digit));
                    }
                }
                if let (Some(after), false) = (self.hold_after, self.held) {
                    if now_ms >= since + after {
                        self.held = true;
                        keys.extend(soft_key(view, "Hold"));
                    }
                }
                if let (Some(after), false) = (self.resume_after, self.resumed) {
                    if now_ms >= since + after {
                        self.resumed = true;
                        keys.extend(soft_key(view, "Resume"));
                    }
                }
                if let (Some(after), false) = (self.hangup_after, self.hung_up) {
                    if now_ms >= since + after {
                        self.hung_up = true;
                        keys.push(Key::Cancel);
                    }
                }
                keys
            }
            _ => Vec::new(),
        }
    }
}

impl Script {
    fn dial_line_registered(&self, view: &View) -> bool {
        let line = self.from_line.unwrap_or(view.focus);
        view.lines
            .get(line)
            .is_some_and(|l| l.status == LineStatus::Registered)
    }
}

/// The soft key labelled `label`, as a user finds it under the screen.
fn soft_key(view: &View, label: &str) -> Option<Key> {
    view.soft_keys
        .iter()
        .position(|l| l == label)
        .map(Key::Soft)
}
