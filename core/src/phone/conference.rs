//! Local conference: Conference with two calls joins them (and up to the profile's parties,
//! five on the CP860), taking the held ones back; with one call it holds it and opens the
//! dial screen for the next party, and Conference again joins them. The media side mixes
//! (each member is sent the microphone and the others, `View::conference`). Split takes the
//! calls apart again (the others held), Hold and Resume act on every member, End hangs them
//! all up, and a conference left with one call is an ordinary call again.
//!
//! The Manager (the CP860's optional conference key) lists the parties: Up and Down move the
//! cursor, Far Mute stops the others (and the user) hearing the party under it, Unmute lets
//! them hear it again, Remove hangs up on it, Back (or Cancel) closes the list.

use super::calls::Appearance;
use super::keys::{Key, SoftAction};
use super::Phone;
use crate::sip::call::CallRef;

/// The Manager's soft keys (one of Far Mute and Unmute shows).
pub(super) const MANAGER_KEYS: [SoftAction; 4] = [
    SoftAction::FarMute,
    SoftAction::FarUnmute,
    SoftAction::Remove,
    SoftAction::Back,
];

impl Phone {
    /// The members of the conference (none: no conference).
    pub(super) fn conference_members(&self) -> Vec<CallRef> {
        self.calls
            .iter()
            .filter(|a| a.conference)
            .map(|a| a.call)
            .collect()
    }

    /// Whether Conference does something now.
    pub(super) fn conference_available(&self) -> bool {
        self.dialing.is_none()
            && self
                .calls
                .focused()
                .is_some_and(|a| a.is_connected() && !a.transferring && a.consult_for.is_none())
    }

    /// The Conference key or soft key.
    pub(super) fn on_conference(&mut self) {
        if !self.conference_available() {
            return;
        }
        let Some(focused) = self.calls.focused().map(|a| a.call) else {
            return;
        };
        let others: Vec<CallRef> = self
            .calls
            .iter()
            .filter(|a| a.call != focused && a.is_connected() && !a.transferring)
            .map(|a| a.call)
            .collect();
        if others.is_empty() {
            // One call: hold it and dial the next party.
            let line = focused.line;
            self.new_call_on(line);
            return;
        }
        let room = self.profile.conference_parties.saturating_sub(1);
        let members: Vec<CallRef> = std::iter::once(focused).chain(others).take(room).collect();
        // The conference is exactly these calls (no more than the profile's parties).
        for call in self.conference_members() {
            if let Some(a) = self.calls.get_mut(call) {
                a.conference = false;
            }
        }
        for call in members {
            let held = self.calls.get(call).is_some_and(Appearance::is_held);
            if let Some(a) = self.calls.get_mut(call) {
                a.conference = true;
            }
            if held {
                self.renegotiate(call, false);
            }
        }
        self.changed();
    }

    /// Split: the conference's calls are separate again; the one on the screen keeps the
    /// audio, the others are held.
    pub(super) fn split_conference(&mut self) {
        self.manager = None;
        let focused = self.calls.focused().map(|a| a.call);
        for call in self.conference_members() {
            if let Some(a) = self.calls.get_mut(call) {
                a.conference = false;
                a.far_muted = false;
            }
            if Some(call) != focused {
                self.renegotiate(call, true);
            }
        }
        self.changed();
    }

    /// Members the others do not hear (the media side leaves them out of the mix).
    pub(super) fn far_muted_members(&self) -> Vec<CallRef> {
        self.calls
            .iter()
            .filter(|a| a.conference && a.far_muted)
            .map(|a| a.call)
            .collect()
    }

    /// The member under the Manager's cursor.
    pub(super) fn managed(&self) -> Option<&Appearance> {
        let i = self.manager?;
        let call = *self.conference_members().get(i)?;
        self.calls.get(call)
    }

    pub(super) fn open_manager(&mut self) {
        if self.conference_members().len() > 1 {
            self.manager = Some(0);
            self.changed();
        }
    }

    pub(super) fn close_manager(&mut self) {
        self.manager = None;
        self.changed();
    }

    /// Up and Down move the cursor; Cancel closes the list. Other keys act as usual.
    pub(super) fn on_manager_key(&mut self, key: Key) -> bool {
        let n = self.conference_members().len();
        let Some(i) = self.manager else {
            return false;
        };
        match key {
            Key::Up => self.manager = Some((i + n - 1) % n.max(1)),
            Key::Down => self.manager = Some((i + 1) % n.max(1)),
            Key::Cancel => self.manager = None,
            _ => return false,
        }
        self.changed();
        true
    }

    pub(super) fn far_mute(&mut self, muted: bool) {
        let Some(call) = self.managed().map(|a| a.call) else {
            return;
        };
        if let Some(a) = self.calls.get_mut(call) {
            a.far_muted = muted;
        }
        self.changed();
    }

    /// Hang up on the member under the cursor.
    pub(super) fn remove_managed(&mut self) {
        let Some(call) = self.managed().map(|a| a.call) else {
            return;
        };
        if let Some(ua) = self.lines.get_mut(call.line) {
            ua.hangup(call);
        }
    }

    /// The Manager's screen: a title, then each member (muted ones marked); the cursor row.
    pub(super) fn manager_screen(&self) -> Option<(Vec<String>, usize)> {
        let i = self.manager?;
        let mut rows = vec!["Manager".to_string()];
        for call in self.conference_members() {
            let a = self.calls.get(call)?;
            let muted = if a.far_muted { " (muted)" } else { "" };
            rows.push(format!("{}. {}{muted}", rows.len(), a.peer.label()));
        }
        Some((rows, 1 + i))
    }

    /// A member ended: a conference of one is an ordinary call.
    pub(super) fn dissolve_lone_conference(&mut self) {
        let members = self.conference_members();
        if let Some(i) = self.manager {
            self.manager = (members.len() > 1).then(|| i.min(members.len() - 1));
        }
        if members.len() == 1 {
            if let Some(a) = self.calls.get_mut(members[0]) {
                a.conference = false;
                a.far_muted = false;
            }
            self.calls.focus(members[0]);
        }
    }
}
