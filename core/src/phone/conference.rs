//! Local conference: Conference with two calls joins them (and up to the profile's parties,
//! five on the CP860), taking the held ones back; with one call it holds it and opens the
//! dial screen for the next party, and Conference again joins them. The media side mixes
//! (each member is sent the microphone and the others, `View::conference`). Split takes the
//! calls apart again (the others held), Hold and Resume act on every member, End hangs them
//! all up, and a conference left with one call is an ordinary call again.

use super::calls::Appearance;
use super::Phone;
use crate::sip::call::CallRef;

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
        let focused = self.calls.focused().map(|a| a.call);
        for call in self.conference_members() {
            if let Some(a) = self.calls.get_mut(call) {
                a.conference = false;
            }
            if Some(call) != focused {
                self.renegotiate(call, true);
            }
        }
        self.changed();
    }

    /// A member ended: a conference of one is an ordinary call.
    pub(super) fn dissolve_lone_conference(&mut self) {
        let members = self.conference_members();
        if members.len() == 1 {
            if let Some(a) = self.calls.get_mut(members[0]) {
                a.conference = false;
            }
            self.calls.focus(members[0]);
        }
    }
}
