//! The keys of the phone and what each does in each state: keypad, soft keys, Send and
//! Cancel, line keys, Hold, Redial.

use serde::{Deserialize, Serialize};

use super::audio_path::AudioPath;
use super::calls::{Appearance, Phase, Renegotiation};
use super::dss::DssKind;
use super::history::HistoryKind;
use super::menu::{Feature, Nav, Page};
use super::view::CallState;
use super::{Dialing, MediaCommand, Output, Phone};
use crate::sip::account::DtmfMode;
use crate::sip::call::{CallRef, Party};
use crate::sip::ua::UserAgent;
use crate::time::{Duration, Instant};

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
    /// Hold the call on the screen, or take it back.
    Hold,
    /// The hands-free key: off-hook on the speaker when idle (dialling on the default line),
    /// answers a ringing call on it, moves a call on the handset or a headset to it, and
    /// hangs up a call already on it.
    Speaker,
    /// The headset key: as [`Key::Speaker`], for the headset.
    Headset,
    /// The handset is lifted: dial on the default line, answer the ringing call, or take
    /// the call from the speaker or headset.
    OffHook,
    /// The handset is put down: stop dialling or end the call, when they are on the handset.
    OnHook,
    /// Mute the microphone during calls, or unmute it.
    Mute,
    /// Menu: the main menu at idle.
    Menu,
    /// Navigation up.
    Up,
    /// Navigation down.
    Down,
    /// Navigation left.
    Left,
    /// Navigation right.
    Right,
    /// OK: choose in a menu; at idle the main menu; dials while dialling, answers a ringing call.
    Ok,
    /// The directory.
    Directory,
    /// The call history.
    History,
    /// Do not disturb on or off.
    Dnd,
    /// Transfer the call (press again to complete).
    Transfer,
    /// Programmable key `n` (0-based, in the order the face shows them).
    Dss(usize),
    /// Conference: join the calls (or, with one, dial the next party).
    Conference,
    /// Volume up: the ringer's while ringing or idle, the call's during a call.
    VolumeUp,
    /// Volume down.
    VolumeDown,
    /// The Message key: call the voicemail.
    Message,
    /// A keypad key held down (about a second): its speed dial, or on the CP860 `#` locks
    /// the keypad. The face sends this instead of [`Key::Digit`] for a long press.
    LongPress(char),
    /// The Services key (SayHi SERVICE): opens the phone's services page in the XML
    /// browser, or closes it.
    Service,
    /// Flash (the GHP hotel phones' hook flash): in a call, answer the call waiting, or
    /// swap to the held one, or hold this one for a new call; a held call alone comes back.
    Flash,
}

/// What a soft key does; profiles name these in their layouts (`new-call`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SoftAction {
    /// Dial the number entered.
    Send,
    /// Delete the last digit.
    Delete,
    /// Stop dialling.
    Cancel,
    /// Answer the ringing (or waiting) call.
    Answer,
    /// Refuse the ringing (or waiting) call.
    Reject,
    /// Hang up.
    End,
    /// Dial the last number again.
    Redial,
    /// Hold the call.
    Hold,
    /// Take the held call back.
    Resume,
    /// Hold this call and take the next held one back.
    Swap,
    /// Hold this call and dial another.
    NewCall,
    /// Show the next page of soft keys (added by the phone, not listed in layouts).
    More,
    /// A key left blank in a layout, to keep the others in their places.
    Empty,
    /// Open the main menu.
    Menu,
    /// Open the call history.
    History,
    /// Open the directory.
    Directory,
    /// Open the missed calls.
    Missed,
    /// Do not disturb on or off.
    Dnd,
    /// Open or switch the menu item under the cursor.
    Enter,
    /// Back to the previous page.
    Back,
    /// Call the entry under the cursor.
    Dial,
    /// Transfer: start, or complete (blind, semi-attended or attended).
    Transfer,
    /// Join the calls in a local conference.
    Conference,
    /// Take the conference apart.
    Split,
    /// Put the number under the cursor on the blacklist (Dinstar "Move to Blacklist").
    Block,
    /// Take the number under the cursor off the blacklist.
    Unblock,
    /// Text entry: the next input mode (abc, ABC, 123).
    Ime,
    /// Write a text message back to the sender under the cursor.
    Reply,
    /// Keep what the form holds (a contact, an account).
    Save,
    /// Change the contact under the cursor.
    Edit,
    /// Hot desking: clear every account and sign in anew.
    Clear,
    /// ACD: log in to the call distributor (AudioCodes App. B idle soft keys).
    AcdLogin,
    /// ACD: log out.
    AcdLogout,
    /// ACD: ready for calls.
    AcdReady,
    /// ACD: not ready (with a reason, when the phone has reasons).
    AcdNotReady,
    /// ACD: after-call work.
    AcdWrapUp,
    /// Send the ringing call elsewhere: key in a number, and Send redirects the call
    /// there (CP860 CallIn "Forward"; a 302, RFC 3261 §21.3.3).
    Forward,
    /// Stop the ringer; the call rings on, to be answered or refused (CP860 "Silence").
    Silence,
    /// Open the conference's party list (CP860 "Manager"): mute or drop one party.
    Manager,
    /// In the Manager: the other parties stop hearing the one under the cursor.
    FarMute,
    /// In the Manager: the party under the cursor is heard again.
    FarUnmute,
    /// In the Manager: hang up on the party under the cursor.
    Remove,
    /// Record the calls on the phone (CP860 "Start Record", AudioCodes `Rec_call`).
    StartRecord,
    /// Leave the next moments out of the recording.
    PauseRecord,
    /// Record again after a pause.
    ResumeRecord,
    /// End the recording and keep the file.
    StopRecord,
}

impl SoftAction {
    /// The label under the screen.
    pub fn label(self) -> &'static str {
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
            SoftAction::Swap => "Swap",
            SoftAction::NewCall => "New Call",
            SoftAction::More => "More",
            SoftAction::Empty => "",
            SoftAction::Menu => "Menu",
            SoftAction::History => "History",
            SoftAction::Directory => "Directory",
            SoftAction::Missed => "Missed",
            SoftAction::Dnd => "DND",
            SoftAction::Enter => "Enter",
            SoftAction::Back => "Back",
            SoftAction::Dial => "Dial",
            SoftAction::Transfer => "Transfer",
            SoftAction::Conference => "Conference",
            SoftAction::Split => "Split",
            SoftAction::Block => "Block",
            SoftAction::Unblock => "Unblock",
            SoftAction::Ime => "IME",
            SoftAction::Reply => "Reply",
            SoftAction::Save => "Save",
            SoftAction::Edit => "Edit",
            SoftAction::Clear => "Clear",
            SoftAction::AcdLogin => "Login",
            SoftAction::AcdLogout => "Logout",
            SoftAction::AcdReady => "Ready",
            SoftAction::AcdNotReady => "Not Ready",
            SoftAction::AcdWrapUp => "ACW",
            SoftAction::Forward => "Forward",
            SoftAction::Silence => "Silence",
            SoftAction::Manager => "Manager",
            SoftAction::FarMute => "Far Mute",
            SoftAction::FarUnmute => "Unmute",
            SoftAction::Remove => "Remove",
            SoftAction::StartRecord => "Start REC",
            SoftAction::PauseRecord => "Pause REC",
            SoftAction::ResumeRecord => "Resume REC",
            SoftAction::StopRecord => "Stop REC",
        }
    }
}

impl Phone {
    pub(super) fn on_key(&mut self, key: Key) {
        if self.on_locked_key(key) {
            return;
        }
        if key == Key::Service {
            self.on_service_key();
            return;
        }
        if self.menu.is_some() && self.on_menu_key(key) {
            return;
        }
        if self.manager.is_some() && self.on_manager_key(key) {
            return;
        }
        if self.form.is_some() && self.calls.is_empty() && self.on_form_key(key) {
            return;
        }
        if self.calls.is_empty() && self.dialing.is_none() {
            let page = match key {
                Key::Menu | Key::Ok => Some(Page::Main),
                Key::Directory | Key::Up => Some(Page::Directory),
                Key::History => Some(Page::HistoryLists),
                // SayHi 6XX idle shortcuts: Down missed, Left received, Right dialled calls.
                Key::Down => Some(Page::History(HistoryKind::Missed)),
                Key::Left => Some(Page::History(HistoryKind::Received)),
                Key::Right => Some(Page::History(HistoryKind::Dialed)),
                _ => None,
            };
            if let Some(page) = page {
                self.open_menu(page);
                return;
            }
            if key == Key::Dnd {
                self.toggle(Feature::Dnd);
                return;
            }
        }
        let action = match key {
            Key::Soft(i) => match self.soft_actions().get(i).copied().flatten() {
                Some(a) => a,
                None => return,
            },
            Key::Send | Key::Ok => match self.focused_state() {
                CallState::Dialing | CallState::TransferDialing => SoftAction::Send,
                CallState::Ringing => SoftAction::Answer,
                _ => return,
            },
            Key::Menu
            | Key::Up
            | Key::Down
            | Key::Left
            | Key::Right
            | Key::Directory
            | Key::History
            | Key::Dnd
            | Key::Service => return,
            Key::Cancel => match self.focused_state() {
                CallState::Idle => return,
                CallState::Dialing | CallState::TransferDialing => SoftAction::Cancel,
                CallState::Ringing => SoftAction::Reject,
                _ => SoftAction::End,
            },
            Key::Redial => SoftAction::Redial,
            Key::Flash => {
                let waiting = self.calls.waiting().is_some();
                let tried = [
                    SoftAction::Answer,
                    SoftAction::Swap,
                    SoftAction::Resume,
                    SoftAction::NewCall,
                ];
                match (tried.into_iter())
                    .filter(|a| *a != SoftAction::Answer || waiting)
                    .find(|a| self.available(*a))
                {
                    Some(a) => a,
                    None => return,
                }
            }
            Key::Transfer => SoftAction::Transfer,
            Key::Conference => SoftAction::Conference,
            Key::Dss(n) => {
                self.on_dss(n);
                return;
            }
            Key::LongPress(d) => {
                self.on_long_press(d);
                return;
            }
            Key::VolumeUp | Key::VolumeDown => {
                self.on_volume(key == Key::VolumeUp);
                return;
            }
            Key::Message => {
                let line = self
                    .calls
                    .focused()
                    .map_or(self.default_line, |a| a.call.line);
                // Voicemail when it is set; else the Messages page (at idle).
                match self.account(line).and_then(|a| a.voicemail.clone()) {
                    Some(vm) => self.dial_from_key(line, &vm),
                    None => self.open_menu(Page::Messages),
                }
                return;
            }
            Key::Hold => match self.focused_state() {
                CallState::Held => SoftAction::Resume,
                _ => SoftAction::Hold,
            },
            Key::Speaker | Key::Headset | Key::OffHook => {
                let to = match key {
                    Key::Speaker => AudioPath::Speaker,
                    Key::Headset => AudioPath::Headset,
                    _ => AudioPath::Handset,
                };
                match self.on_audio_key(to) {
                    Ok(action) => action,
                    Err(()) => return,
                }
            }
            Key::OnHook => match self.on_hook() {
                Ok(action) => action,
                Err(()) => {
                    self.changed();
                    return;
                }
            },
            Key::Mute => {
                // Mute belongs to the calls: it does nothing without one, and ends with them.
                if self.calls.iter().any(|a| !a.is_ringing()) {
                    self.muted = !self.muted;
                    self.changed();
                }
                return;
            }
            Key::Line(n) => {
                self.on_line_key(n);
                return;
            }
            Key::Digit(d) => {
                self.on_digit(d);
                return;
            }
        };
        if self.available(action) {
            self.on_action(action);
        }
    }

    /// A key while a menu page shows; `false` when the key leaves the menu and then does
    /// what it does at idle (a digit starts a number, a line key or off-hook dials).
    fn on_menu_key(&mut self, key: Key) -> bool {
        let nav = match key {
            Key::Up => Nav::Up,
            Key::Down => Nav::Down,
            Key::Ok | Key::Right => Nav::Choose,
            Key::Left | Key::Cancel => Nav::Back,
            Key::Send => Nav::Dial,
            Key::Soft(_) => return false,
            Key::Menu => {
                self.menu = None;
                self.changed();
                return true;
            }
            _ => {
                self.menu = None;
                self.changed();
                return false;
            }
        };
        self.on_nav(nav);
        true
    }

    /// A volume key: during a call the call's volume on the device in use (each device
    /// keeps its own), else the ringer's; the screen shows the level for a moment.
    fn on_volume(&mut self, up: bool) {
        let steps = self.volume_steps();
        let in_call = self.calls.iter().any(|a| a.is_connected() && a.is_active());
        let level = if in_call {
            self.call_volume_mut()
        } else {
            &mut self.ringer_volume
        };
        *level = if up {
            (*level + 1).min(steps)
        } else {
            level.saturating_sub(1)
        };
        self.volume_shown_until = Some(self.now + super::NOTICE_TIME);
        self.changed();
    }

    /// A programmable key.
    fn on_dss(&mut self, n: usize) {
        let Some(key) = self.dss.get(n).map(|s| s.key.clone()) else {
            return;
        };
        match key.kind {
            DssKind::SpeedDial => self.dial_from_key(key.line, &key.value),
            DssKind::Blf => self.on_blf_key(n),
            DssKind::Park => self.park(&key),
            DssKind::Pickup => {
                // Digits keyed first are the extension (Yealink's DPickup).
                let keyed = (self.dialing.as_ref())
                    .filter(|d| d.transfer_of.is_none())
                    .map(|d| d.digits.clone())
                    .unwrap_or_default();
                self.dial_from_key(key.line, &format!("{}{keyed}", key.value));
            }
            DssKind::GroupPickup => self.dial_from_key(key.line, &key.value),
            DssKind::Conference => self.on_key(Key::Conference),
            DssKind::Line => {
                // Checked when read: 1 to 16; a line the phone does not have does nothing.
                if let Some(line) = key
                    .value
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| n.checked_sub(1))
                {
                    if line < self.lines.len() {
                        self.on_line_key(line);
                    }
                }
            }
            DssKind::Prefix => key.value.chars().for_each(|d| self.on_digit(d)),
            DssKind::Dtmf => {
                let call = (self.calls.focused())
                    .filter(|a| matches!(a.state(), CallState::Talking | CallState::HeldByRemote))
                    .map(|a| a.call);
                if let Some(call) = call {
                    key.value.chars().for_each(|d| self.send_dtmf(call, d));
                }
            }
            DssKind::Record => self.toggle_recording(),
            DssKind::HotDesking => self.hot_desk(),
            DssKind::Acd => self.on_acd_key(key.line),
            DssKind::XmlBrowser => self.browse(&key.label, &key.value),
            DssKind::XmlPhonebook => {
                let book = (key.value.trim().parse::<usize>().ok())
                    .and_then(|n| n.checked_sub(1))
                    .and_then(|n| self.remote_books().get(n).cloned());
                match book {
                    Some(b) => self.browse(&b.name, &b.url),
                    None => self.open_menu(super::menu::Page::Directory),
                }
            }
            // The list key picks up whichever member rings (its members' keys do the rest).
            DssKind::BlfList => {
                let ringing = (self.dss.iter()).position(|s| {
                    s.member_of == Some(n) && s.blf == super::presence::BlfState::Ringing
                });
                if let Some(member) = ringing {
                    self.on_blf_key(member);
                }
            }
            DssKind::Dnd => self.toggle(Feature::Dnd),
            DssKind::Redial => {
                if let Some((line, number)) = self.last_dialled.clone() {
                    self.dial_from_key(line, &number);
                }
            }
            DssKind::CallReturn => {
                let last = [HistoryKind::Received, HistoryKind::Missed]
                    .into_iter()
                    .filter_map(|k| self.history.list(k).front().cloned())
                    .max_by_key(|e| e.at.map(|t| t.unix_secs));
                if let Some(e) = last {
                    self.dial_from_key(e.line, &e.number);
                }
            }
            DssKind::Voicemail => {
                if let Some(vm) = self.account(key.line).and_then(|a| a.voicemail.clone()) {
                    self.dial_from_key(key.line, &vm);
                }
            }
            DssKind::Hold => self.on_key(Key::Hold),
            DssKind::KeypadLock => self.lock_keypad(),
            DssKind::Intercom => {
                // RFC 5373-style answer-after and the Alert-Info the desk phones send.
                let domain = self
                    .account(key.line)
                    .map(|a| a.domain.clone())
                    .unwrap_or_default();
                let headers = vec![
                    (
                        "Alert-Info".to_string(),
                        "<http://127.0.0.1>;info=alert-autoanswer".to_string(),
                    ),
                    (
                        "Call-Info".to_string(),
                        format!("<sip:{domain}>;answer-after=0"),
                    ),
                ];
                if self.calls.is_empty() {
                    self.menu = None;
                    self.dialing = None;
                    self.dial_with(key.line, &key.value, headers);
                }
            }
            DssKind::Forward => {
                let on = !(self.forward.always_on
                    && self.forward.always.as_deref() == Some(key.value.as_str()));
                self.forward.always = Some(key.value.clone());
                self.forward.always_on = on;
                self.changed();
            }
            DssKind::Transfer if key.value.is_empty() => self.on_transfer(),
            DssKind::Transfer => {
                // One-touch transfer of the call on the screen to the key's number.
                self.transfer_focused_to(&key.value);
            }
        }
    }

    /// A key that calls a number (speed dial, BLF, voicemail): from any screen, holding the
    /// call that has the audio; nothing while a call is still being placed or when the
    /// phone holds all the calls it can.
    pub(super) fn dial_from_key(&mut self, line: usize, number: &str) {
        if self.calls.len() >= self.profile.max_calls {
            return;
        }
        if let Some(active) = self.calls.active() {
            if !active.is_connected() {
                return;
            }
            let call = active.call;
            self.renegotiate(call, true);
            for member in self.conference_members() {
                self.renegotiate(member, true);
            }
        }
        self.menu = None;
        self.dialing = None;
        self.dial(line, number);
    }

    /// Off-hook at idle: the dial screen on the default line (with a call waiting or held,
    /// the screen's own rules apply instead).
    pub(super) fn off_hook(&mut self) {
        if self.calls.is_empty() {
            self.start_dialing(self.default_line, String::new());
        }
    }

    /// The state of what the screen is on: a menu, the number being dialled, else the
    /// focused call.
    pub(super) fn focused_state(&self) -> CallState {
        if self.form.is_some() && self.calls.is_empty() {
            CallState::TextEntry
        } else if self.menu.is_some() {
            CallState::Menu
        } else if let Some(d) = &self.dialing {
            if d.transfer_of.is_some() {
                CallState::TransferDialing
            } else {
                CallState::Dialing
            }
        } else {
            self.calls
                .focused()
                .map_or(CallState::Idle, Appearance::state)
        }
    }

    /// A line key: go to the call on that line (answer it if it rings, take it back if it
    /// is held, holding the active call first), or, with no call on it, hold the active
    /// call and start dialling on that line's account. While dialling with no call on the
    /// line, the number moves to that account.
    fn on_line_key(&mut self, line: usize) {
        if line >= self.lines.len() {
            return;
        }
        let on_line = self.calls.on_line(line).map(|a| a.call);
        match (on_line, &mut self.dialing) {
            (Some(call), _) => {
                self.dialing = None;
                self.switch_to(call);
            }
            (None, Some(dialing)) => {
                dialing.line = line;
                self.changed();
            }
            (None, None) => self.start_dialing(line, String::new()),
        }
    }

    /// Put `call` on the screen with the audio: answer it if it rings, take it back if we
    /// hold it; the call that had the audio is held first.
    fn switch_to(&mut self, call: CallRef) {
        let Some(a) = self.calls.get(call) else {
            return;
        };
        if a.is_ringing() {
            self.answer(call);
            return;
        }
        let held = a.is_held();
        let member = a.conference;
        // Taken back: a hold of it still waiting to be offered again is off.
        if let Some(a) = self.calls.get_mut(call) {
            a.reoffer_at = None;
        }
        self.hold_active_except(call);
        self.calls.focus(call);
        if held {
            self.renegotiate(call, false);
        }
        if member {
            // Taking a conference back takes back all of it.
            for other in self.conference_members() {
                self.renegotiate(other, false);
            }
        }
        self.changed();
    }

    /// Hold the call with the audio, unless it is `keep`; a call still being placed is
    /// given up. The held call stays on the screen's list.
    fn hold_active_except(&mut self, keep: CallRef) {
        // A conference has several calls with the audio: all are held.
        let active: Vec<(CallRef, bool)> = self
            .calls
            .iter()
            .filter(|a| a.is_active() && a.call != keep)
            .filter(|a| !(a.conference && self.calls.get(keep).is_some_and(|k| k.conference)))
            .map(|a| (a.call, a.is_connected()))
            .collect();
        for (call, connected) in active {
            if connected {
                self.renegotiate(call, true);
            } else if let Some(ua) = self.lines.get_mut(call.line) {
                ua.hangup(call);
            }
        }
    }

    /// [`Phone::hold_active_except`], also leaving `besides` alone (the call being replaced).
    pub(super) fn hold_active_except_for(&mut self, keep: CallRef, besides: CallRef) {
        let active: Vec<CallRef> = self
            .calls
            .iter()
            .filter(|a| a.is_active() && a.is_connected() && a.call != keep && a.call != besides)
            .map(|a| a.call)
            .collect();
        for call in active {
            self.renegotiate(call, true);
        }
    }

    /// Hold the call (or the conference) with the audio and open the dial screen on `line`.
    pub(super) fn new_call_on(&mut self, line: usize) {
        self.start_dialing(line, String::new());
    }

    /// Start entering a number on `line`, holding the active call. Refused (silently, as a
    /// phone ignores the key) when the phone already has as many calls as it can hold.
    fn start_dialing(&mut self, line: usize, digits: String) {
        if self.calls.len() >= self.profile.max_calls {
            return;
        }
        // Dialling takes the screen from a message being written (the draft is dropped).
        self.form = None;
        if let Some(active) = self.calls.active() {
            if !active.is_connected() {
                return; // still placing a call: finish or end that one first
            }
            let call = active.call;
            self.renegotiate(call, true);
            for member in self.conference_members() {
                self.renegotiate(member, true);
            }
        }
        self.notice = None;
        self.calls.unfocus();
        let deadline = self.digit_deadline(&digits);
        self.dialing = Some(Dialing {
            line,
            digits,
            deadline,
            transfer_of: None,
            forward_of: None,
        });
        self.changed();
    }

    fn on_digit(&mut self, d: char) {
        if !matches!(d, '0'..='9' | '*' | '#') {
            return;
        }
        if let Some(dialing) = &mut self.dialing {
            if Some(d) == self.profile.defaults.send_key && !dialing.digits.is_empty() {
                self.on_action(SoftAction::Send);
            } else if dialing.digits.len() < 64 {
                dialing.digits.push(d);
                let digits = dialing.digits.clone();
                let deadline = self.digit_deadline(&digits);
                if let Some(dialing) = &mut self.dialing {
                    dialing.deadline = deadline;
                }
                self.sound_key(d);
                self.changed();
            }
            return;
        }
        let Some(a) = self.calls.focused() else {
            self.sound_key(d);
            self.start_dialing(self.default_line, d.to_string());
            return;
        };
        let call = a.call;
        match a.state() {
            CallState::Talking | CallState::HeldByRemote => self.send_dtmf(call, d),
            // Digits while the only call is held dial a new one, as on the desk phones.
            CallState::Held => {
                self.sound_key(d);
                self.start_dialing(call.line, d.to_string());
            }
            _ => {}
        }
    }

    /// When a number of `digits` is dialled by itself: at once when the digit map says it
    /// is complete, after the short timeout for an `S` rule, after the dial-now delay for a
    /// dial-now number, else the profile's inter-digit timeout after the last key (SayHi
    /// 6XX: "or wait 5 s"; none when it is 0). No digit yet: the hotline's delay, if any.
    fn digit_deadline(&self, digits: &str) -> Option<Instant> {
        use super::dialplan::Decision;
        let plan = &self.dial_plan;
        if digits.is_empty() {
            return plan
                .hotline
                .as_ref()
                .map(|_| self.now + Duration::secs(plan.hotline_delay as u64));
        }
        if plan.dial_now(digits) {
            return Some(self.now + Duration::secs(plan.dial_now_delay.max(1) as u64));
        }
        let secs = self.profile.defaults.inter_digit_timeout;
        let timeout = (secs > 0).then(|| self.now + Duration::secs(secs as u64));
        let decision = (plan.digit_map.as_ref().map(|m| m.decide(digits)))
            .or_else(|| plan.grandstream.as_ref().map(|g| g.decide(digits)));
        match decision {
            Some(Decision::DialNow) => Some(self.now),
            // AudioCodes `interdigit_short_timeout`: 3 s.
            Some(Decision::WaitShort) => Some(self.now + Duration::secs(3)),
            _ => timeout,
        }
    }

    /// The loudest volume level (the profile's scale).
    pub(super) fn volume_steps(&self) -> u8 {
        self.profile.defaults.volume_steps.max(1)
    }

    /// Keypad presses sound their DTMF tone to the user (`features.key_tone`), or not.
    pub fn set_key_tone(&mut self, on: bool) {
        self.key_tone = on;
    }

    /// A keypad digit's tone to the user, when key tones are on (`features.key_tone`).
    fn sound_key(&mut self, digit: char) {
        if self.key_tone {
            self.out.push_back(Output::KeyTone {
                digit,
                in_band: false,
            });
        }
    }

    /// Keypad during a call: DTMF the way the call's account says, and on the screen.
    fn send_dtmf(&mut self, call: CallRef, d: char) {
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
        // In-band digits are heard as they are sent; the others, with the key tone.
        let in_band = mode == DtmfMode::Inband;
        if in_band || self.key_tone {
            self.out.push_back(Output::KeyTone { digit: d, in_band });
        }
        if let Some(a) = self.calls.get_mut(call) {
            if a.dtmf_shown.len() < 24 {
                a.dtmf_shown.push(d);
            }
        }
        self.changed();
    }

    /// Whether `action` applies now (a soft key is shown only then).
    pub(super) fn available(&self, action: SoftAction) -> bool {
        let focused = self.calls.focused().filter(|_| self.dialing.is_none());
        let has_room = self.calls.len() < self.profile.max_calls;
        if self.form.is_some() && self.calls.is_empty() {
            return self.form_action_available(action);
        }
        match action {
            SoftAction::Send | SoftAction::Cancel => self.dialing.is_some(),
            // Delete takes back a digit, or deletes the contact under the cursor.
            SoftAction::Delete => self.dialing.is_some() || self.menu_action_available(action),
            SoftAction::Ime | SoftAction::Save => false,
            SoftAction::Redial => {
                self.last_dialled.is_some()
                    && self.forward_entry().is_none()
                    && (self.dialing.is_some() || self.calls.is_empty())
            }
            SoftAction::Answer | SoftAction::Reject => {
                focused.is_some_and(Appearance::is_ringing) || self.calls.waiting().is_some()
            }
            SoftAction::End => focused.is_some_and(|a| !a.is_ringing()),
            SoftAction::Hold => focused.is_some_and(|a| a.is_connected() && !a.is_held()),
            SoftAction::Resume => focused.is_some_and(Appearance::is_held),
            SoftAction::Swap => {
                focused.is_some_and(Appearance::is_connected)
                    && self.calls.next_connected_after_focus().is_some()
            }
            SoftAction::NewCall => focused.is_some_and(Appearance::is_connected) && has_room,
            SoftAction::More => true,
            SoftAction::Empty => false,
            SoftAction::Menu
            | SoftAction::History
            | SoftAction::Directory
            | SoftAction::Missed
            | SoftAction::Dnd => {
                self.calls.is_empty() && self.dialing.is_none() && self.menu.is_none()
            }
            SoftAction::Back if self.manager.is_some() => true,
            SoftAction::Enter
            | SoftAction::Back
            | SoftAction::Dial
            | SoftAction::Block
            | SoftAction::Unblock
            | SoftAction::Reply
            | SoftAction::Edit
            | SoftAction::Clear => self.menu_action_available(action),
            SoftAction::Transfer => self.transfer_available(),
            SoftAction::Conference => self.conference_available(),
            SoftAction::Split => focused.is_some_and(|a| a.conference),
            SoftAction::Forward => focused.is_some_and(Appearance::is_ringing),
            SoftAction::Silence => focused.is_some_and(|a| a.is_ringing() && !a.silenced),
            SoftAction::StartRecord => {
                focused.is_some_and(Appearance::is_connected) && self.local_recording().is_none()
            }
            SoftAction::Manager => focused.is_some_and(|a| a.conference) && self.manager.is_none(),
            SoftAction::FarMute => self.managed().is_some_and(|a| !a.far_muted),
            SoftAction::FarUnmute => self.managed().is_some_and(|a| a.far_muted),
            SoftAction::Remove => self.managed().is_some(),
            SoftAction::PauseRecord => self.local_recording().is_some_and(|r| !r.paused),
            SoftAction::ResumeRecord => self.local_recording().is_some_and(|r| r.paused),
            SoftAction::StopRecord => self.local_recording().is_some(),
            SoftAction::AcdLogin
            | SoftAction::AcdLogout
            | SoftAction::AcdReady
            | SoftAction::AcdNotReady
            | SoftAction::AcdWrapUp => {
                self.calls.is_empty()
                    && self.dialing.is_none()
                    && self.menu.is_none()
                    && self.acd_action_available(action)
            }
        }
    }

    fn on_action(&mut self, action: SoftAction) {
        if action == SoftAction::Back && self.manager.is_some() {
            self.close_manager();
            return;
        }
        let focused = self.calls.focused().map(|a| a.call);
        match action {
            SoftAction::Send => {
                if let Some(Dialing { line, digits, .. }) = self.dialing.clone() {
                    if !digits.is_empty() {
                        self.dial_keyed(line, &digits);
                    }
                }
            }
            SoftAction::Redial => {
                let forwarding = self.forward_entry().is_some();
                if let Some((last_line, n)) = self.last_dialled.clone().filter(|_| !forwarding) {
                    let line = self.dialing.as_ref().map_or(last_line, |d| d.line);
                    self.dial(line, &n);
                }
            }
            SoftAction::Delete => {
                if let Some(mut d) = self.dialing.take() {
                    d.digits.pop();
                    // Emptied by hand: no timeout, and no hotline either.
                    d.deadline = if d.digits.is_empty() {
                        None
                    } else {
                        self.digit_deadline(&d.digits)
                    };
                    self.dialing = Some(d);
                    self.changed();
                } else if self.menu.is_some() {
                    self.edit_chosen(true);
                }
            }
            SoftAction::Cancel => {
                self.dialing = None;
                if let Some(next) = self.calls.next_focus() {
                    self.calls.focus(next);
                }
                self.changed();
            }
            SoftAction::Answer => {
                let ringing = focused
                    .filter(|c| self.calls.get(*c).is_some_and(Appearance::is_ringing))
                    .or_else(|| self.calls.waiting().map(|a| a.call));
                if let Some(call) = ringing {
                    self.answer(call);
                }
            }
            SoftAction::Reject => {
                let ringing = focused
                    .filter(|c| self.calls.get(*c).is_some_and(Appearance::is_ringing))
                    .or_else(|| self.calls.waiting().map(|a| a.call));
                if let Some(call) = ringing {
                    self.reject(call);
                }
            }
            SoftAction::Hold => {
                if let Some(call) = focused {
                    self.renegotiate(call, true);
                    if self.calls.get(call).is_some_and(|a| a.conference) {
                        for member in self.conference_members() {
                            self.renegotiate(member, true);
                        }
                    }
                }
            }
            SoftAction::Resume => {
                if let Some(call) = focused {
                    self.switch_to(call);
                }
            }
            SoftAction::Swap => {
                if let Some(next) = self.calls.next_connected_after_focus() {
                    self.switch_to(next);
                }
            }
            SoftAction::NewCall => {
                if let Some(call) = focused {
                    self.start_dialing(call.line, String::new());
                }
            }
            SoftAction::End => {
                if let Some(call) = focused {
                    // Ending a conference hangs up every member (the CP860's Cancel).
                    let mut ending = vec![call];
                    if self.calls.get(call).is_some_and(|a| a.conference) {
                        ending = self.conference_members();
                    }
                    for call in ending {
                        if let Some(ua) = self.lines.get_mut(call.line) {
                            ua.hangup(call)
                        }
                    }
                }
            }
            SoftAction::More => {
                let (layout, _) = self.soft_layout();
                let page = if self.soft_page.0 == layout {
                    self.soft_page.1 + 1
                } else {
                    1
                };
                self.soft_page = (layout, page);
                self.changed();
            }
            SoftAction::Empty => {}
            SoftAction::Menu => self.open_menu(Page::Main),
            SoftAction::History => self.open_menu(Page::HistoryLists),
            SoftAction::Directory => self.open_menu(Page::Directory),
            SoftAction::Missed => self.open_menu(Page::History(HistoryKind::Missed)),
            SoftAction::Dnd => self.toggle(Feature::Dnd),
            SoftAction::Enter => self.on_nav(Nav::Choose),
            SoftAction::Back => self.on_nav(Nav::Back),
            SoftAction::Dial => self.on_nav(Nav::Dial),
            SoftAction::Block => self.block_chosen(true),
            SoftAction::Unblock => self.block_chosen(false),
            SoftAction::Reply => self.reply_chosen(),
            SoftAction::Edit => self.edit_chosen(false),
            SoftAction::Clear => self.clear_accounts(),
            SoftAction::AcdLogin
            | SoftAction::AcdLogout
            | SoftAction::AcdReady
            | SoftAction::AcdNotReady
            | SoftAction::AcdWrapUp => self.on_acd_soft_key(action),
            SoftAction::Forward => {
                if let Some(call) =
                    focused.filter(|c| self.calls.get(*c).is_some_and(Appearance::is_ringing))
                {
                    self.dialing = Some(Dialing {
                        line: call.line,
                        digits: String::new(),
                        deadline: None,
                        transfer_of: None,
                        forward_of: Some(call),
                    });
                    self.changed();
                }
            }
            SoftAction::Silence => {
                if let Some(a) = focused.and_then(|c| self.calls.get_mut(c)) {
                    a.silenced = true;
                    self.changed();
                }
            }
            // The forms take their keys first.
            SoftAction::Ime | SoftAction::Save => {}
            SoftAction::Transfer => self.on_transfer(),
            SoftAction::Conference => self.on_conference(),
            SoftAction::Split => self.split_conference(),
            SoftAction::Manager => self.open_manager(),
            SoftAction::FarMute => self.far_mute(true),
            SoftAction::FarUnmute => self.far_mute(false),
            SoftAction::Remove => self.remove_managed(),
            SoftAction::StartRecord => self.start_recording(),
            SoftAction::PauseRecord => self.pause_recording(true),
            SoftAction::ResumeRecord => self.pause_recording(false),
            SoftAction::StopRecord => self.stop_recording(),
        }
    }

    /// The ringing call whose forward number is being keyed ("Forward to:"), if any.
    pub(super) fn forward_entry(&self) -> Option<CallRef> {
        self.dialing.as_ref().and_then(|d| d.forward_of)
    }

    /// Answer `call`, holding the call that has the audio first.
    fn answer(&mut self, call: CallRef) {
        // A number being keyed to forward this call goes: the call is taken instead.
        if self.forward_entry() == Some(call) {
            self.dialing = None;
        }
        self.hold_active_except(call);
        self.calls.focus(call);
        // The offer was given to the media side when the call arrived.
        if let Some(ua) = self.lines.get_mut(call.line) {
            ua.answer(call);
        }
        self.changed();
    }

    /// Refuse a ringing call with the code its account is configured with (default 486).
    pub(super) fn reject(&mut self, call: CallRef) {
        if let Some(a) = self.calls.get_mut(call) {
            a.rejected = true;
        }
        self.rejections += 1;
        if let Some(ua) = self.lines.get_mut(call.line) {
            let code = ua.account().reject_code;
            ua.reject(call, code);
        }
    }

    pub(super) fn dial(&mut self, line: usize, entered: &str) {
        self.dial_with(line, entered, Vec::new());
    }

    /// Dial what the user keyed on the keypad (Send, the send key or the timeout). A phone
    /// with a voice menu answers its star codes itself; numbers from keys, lists and codes
    /// the phone adds (a pickup code) never reach the voice menu.
    pub(super) fn dial_keyed(&mut self, line: usize, digits: &str) {
        if let Some(call) = self.forward_entry() {
            // The number a ringing call is forwarded to.
            self.dialing = None;
            let from = self.calls.get(call).map(|a| a.peer.clone());
            if let Some(from) = from {
                self.forward_call(call, from, digits);
            }
            return;
        }
        if self.calls.is_empty() && self.voice_menu(digits) {
            return;
        }
        self.dial(line, digits);
    }

    /// [`Phone::dial`] with headers for the INVITE (an intercom call's).
    pub(super) fn dial_with(&mut self, line: usize, entered: &str, headers: Vec<(String, String)>) {
        self.form = None;
        if self.lines.get(line).is_some_and(UserAgent::is_signed_out) {
            // Hot desking cleared the account: nobody to call as.
            self.dialing = None;
            self.notice = Some(("No account".into(), self.now + super::NOTICE_TIME));
            self.changed();
            return;
        }
        // The rules are for what a user keys: a SIP URI (a caller called back) goes as it is.
        let keyed = !entered.contains(':') && !entered.contains('@');
        let planned = if keyed {
            self.dial_plan.number_for(entered)
        } else {
            Ok(entered.to_string())
        };
        let number = match planned {
            Ok(n) => n,
            Err(_) => {
                // Yealink block-out: the number is not dialled and the screen says why.
                self.dialing = None;
                self.notice = Some(("Forbidden Number".into(), self.now + super::NOTICE_TIME));
                self.changed();
                return;
            }
        };
        let number = number.as_str();
        let Some(ua) = self.lines.get_mut(line) else {
            return;
        };
        let target = ua.account().target_uri(number);
        let call = if headers.is_empty() {
            ua.call(&target)
        } else {
            ua.call_with_headers(&target, headers)
        };
        // Redial and the history keep what was keyed: the rules apply again when it is.
        self.last_dialled = Some((line, entered.to_string()));
        // A number entered after Transfer: this call is the consultation.
        let consult_for = self.dialing.take().and_then(|d| d.transfer_of);
        let peer = Party {
            uri: number.to_string(),
            display: Some(number.to_string()),
        };
        self.log_call(
            HistoryKind::Dialed,
            line,
            Party {
                uri: entered.to_string(),
                display: Some(entered.to_string()),
            },
        );
        let mut a = Appearance::new(call, peer, Phase::Outgoing(CallState::Calling));
        a.consult_for = consult_for;
        self.calls.add(a);
        self.calls.focus(call);
        self.changed();
        self.out
            .push_back(Output::Media(MediaCommand::CreateOffer { call }));
    }

    /// Hold or resume (RFC 3264 §8.4): ask the media side for the new offer. One
    /// renegotiation per call at a time; a call already in the asked state is left alone.
    pub(super) fn renegotiate(&mut self, call: CallRef, hold: bool) {
        let Some(a) = self.calls.get_mut(call) else {
            return;
        };
        // What is asked now replaces a retry still waiting (RFC 3261 §14.1) for an older ask.
        a.reoffer_at = None;
        if a.renegotiation.is_some() || a.is_held() == hold || !a.is_connected() {
            return;
        }
        a.renegotiation = Some(Renegotiation::Offering { hold });
        self.out
            .push_back(Output::Media(MediaCommand::Renegotiate { call, hold }));
    }

    /// The soft-key layout for now: the focused call state's, or at idle the ACD's.
    fn soft_layout(&self) -> (SoftLayoutId, std::borrow::Cow<'_, [SoftAction]>) {
        let state = self.focused_state();
        let acd = self.acd_idle_layout().filter(|_| state == CallState::Idle);
        let waiting = acd.is_none() && self.call_waiting_layout_applies(state);
        let id = SoftLayoutId {
            state,
            acd_logged_in: acd.as_ref().map(|_| self.acd.login.is_some()),
            waiting,
        };
        if self.manager.is_some() {
            return (id, super::conference::MANAGER_KEYS.as_slice().into());
        }
        let layout = match acd {
            Some(acd) => acd.into(),
            None if waiting => self.profile.soft_keys.call_waiting.as_slice().into(),
            None => self.profile.soft_keys.of(state).into(),
        };
        (id, self.with_optional_keys(state, layout))
    }

    /// Whether a call waits behind the focused connected call (its layout then answers or
    /// refuses the one waiting).
    fn call_waiting_layout_applies(&self, state: CallState) -> bool {
        let connected = matches!(
            state,
            CallState::Talking | CallState::Held | CallState::HeldByRemote | CallState::Conference
        );
        connected
            && self.calls.waiting().is_some()
            && !self.profile.soft_keys.call_waiting.is_empty()
    }

    /// The soft keys shown now, by position: the profile's layout for the state. A layout
    /// that fits the keys keeps its places (a key that does not apply now is blank); a longer
    /// one closes up over the keys that do not apply and pages with "More" if still too long.
    pub(super) fn soft_actions(&self) -> Vec<Option<SoftAction>> {
        let keys = self.profile.keys.soft;
        if self.lock.locked {
            return vec![None; keys]; // the soft keys are locked too
        }
        let (layout_id, layout) = self.soft_layout();
        let applies = |a: SoftAction| a != SoftAction::More && self.available(a);
        if layout.len() <= keys {
            let mut shown: Vec<Option<SoftAction>> = layout
                .iter()
                .map(|a| Some(*a).filter(|a| applies(*a)))
                .collect();
            shown.resize(keys, None);
            return shown;
        }
        let offered: Vec<Option<SoftAction>> = layout
            .iter()
            .filter_map(|a| match a {
                SoftAction::Empty => Some(None),
                a if applies(*a) => Some(Some(*a)),
                _ => None,
            })
            .collect();
        let mut shown: Vec<Option<SoftAction>> = if offered.len() <= keys || keys < 2 {
            offered
        } else {
            let per_page = keys.saturating_sub(1).max(1);
            let pages = offered.len().div_ceil(per_page);
            let page = if self.soft_page.0 == layout_id {
                self.soft_page.1 % pages
            } else {
                0
            };
            let mut page_keys: Vec<Option<SoftAction>> = offered
                .iter()
                .skip(page * per_page)
                .take(per_page)
                .copied()
                .collect();
            page_keys.resize(per_page, None);
            page_keys.push(Some(SoftAction::More));
            page_keys
        };
        shown.resize(keys, None);
        shown
    }
}

/// Which soft-key layout is shown, for "More" paging: a call state's, or the idle ACD
/// layout for an agent logged out or in. A page number belongs to one layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct SoftLayoutId {
    pub state: CallState,
    pub acd_logged_in: Option<bool>,
    pub waiting: bool,
}

impl SoftLayoutId {
    /// The idle layout's first page.
    pub const IDLE: SoftLayoutId = SoftLayoutId {
        state: CallState::Idle,
        acd_logged_in: None,
        waiting: false,
    };
}
