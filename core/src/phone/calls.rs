//! The phone's calls: one appearance per call, on any line, and the rules that decide which
//! call has the screen and the audio.
//!
//! A desk phone juggles several calls: one is active (the user hears it), the others are
//! held by us or still ringing (call waiting). Pressing another line key holds the active
//! call and switches; answering a waiting call holds the active one first (SayHi 6XX and
//! Dinstar C60S manuals, "multiple calls").

use super::view::CallState;
use crate::sip::call::{CallRef, Party};
use crate::time::Instant;

/// How far a call has got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Phase {
    /// We called; no final answer yet. The state is calling, ringback or early media.
    Outgoing(CallState),
    /// The far end calls us: ringing (on the screen) or waiting (behind another call).
    Incoming,
    /// Answered.
    Connected {
        since: Instant,
        /// We hold the call (our re-offer was `sendonly`).
        held: bool,
        /// The far end holds us (its offer was `sendonly`/`inactive`, or `c=0.0.0.0`).
        held_by_remote: bool,
    },
}

/// A renegotiation of a call's session in progress (RFC 3264 §8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Renegotiation {
    /// We asked the media side for an offer putting the call on hold (`true`) or back.
    Offering { hold: bool },
    /// Our offer is out in a re-INVITE.
    Offered { hold: bool },
    /// We asked the media side to answer the far end's new offer.
    Answering,
}

/// One call of the phone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Appearance {
    pub call: CallRef,
    /// Who is at the other end: the caller, or the number dialled.
    pub peer: Party,
    pub phase: Phase,
    pub renegotiation: Option<Renegotiation>,
    /// DTMF digits sent during the call, shown under the timer.
    pub dtmf_shown: String,
    /// The user refused the call while it rang.
    pub rejected: bool,
    /// This call is a consultation for transferring that (held) call.
    pub consult_for: Option<CallRef>,
    /// We asked the far end to go elsewhere (REFER sent).
    pub transferring: bool,
    /// We placed this call for a REFER that came in that call: report its progress there.
    pub notify_to: Option<CallRef>,
    /// The call is in the local conference.
    pub conference: bool,
    /// When a ringing call is forwarded unanswered (no-answer forwarding).
    pub forward_at: Option<Instant>,
    /// The ring tone the caller asked for (Alert-Info), over the phone's own.
    pub ring_tone: Option<u8>,
    /// We placed this call to take over a call ringing elsewhere (a pickup with Replaces):
    /// once answered it is logged as received.
    pub picked_up: bool,
    /// The transfer under way parks the call at this orbit (a park key, transfer mode).
    pub parking_at: Option<String>,
    /// Our hold or resume crossed the far end's re-INVITE: offer again (`hold`) at this time
    /// (RFC 3261 §14.1).
    pub reoffer_at: Option<(bool, Instant)>,
    /// The server records the call (it said yes to our `Record: on`).
    pub recording: bool,
    /// In a conference, the other parties do not hear this one (the Manager's Far Mute).
    pub far_muted: bool,
    /// The user silenced the ringer for this call (it rings on, quietly).
    pub silenced: bool,
}

impl Appearance {
    pub fn new(call: CallRef, peer: Party, phase: Phase) -> Appearance {
        Appearance {
            call,
            peer,
            phase,
            renegotiation: None,
            dtmf_shown: String::new(),
            rejected: false,
            consult_for: None,
            transferring: false,
            notify_to: None,
            conference: false,
            forward_at: None,
            ring_tone: None,
            reoffer_at: None,
            parking_at: None,
            picked_up: false,
            recording: false,
            far_muted: false,
            silenced: false,
        }
    }

    /// The call's state as the screen names it.
    pub fn state(&self) -> CallState {
        if self.transferring {
            return CallState::Transferring;
        }
        if self.consult_for.is_some() && self.is_active() && self.is_connected() {
            return CallState::Consultation;
        }
        if self.conference && self.is_active() && self.is_connected() {
            return CallState::Conference;
        }
        match self.phase {
            Phase::Outgoing(state) => state,
            Phase::Incoming => CallState::Ringing,
            Phase::Connected { held: true, .. } => CallState::Held,
            Phase::Connected {
                held_by_remote: true,
                ..
            } => CallState::HeldByRemote,
            Phase::Connected { .. } => CallState::Talking,
        }
    }

    /// The call has the user's audio: placed and not answered yet, or answered and not held
    /// by us. At most one call is active.
    pub fn is_active(&self) -> bool {
        matches!(
            self.phase,
            Phase::Outgoing(_) | Phase::Connected { held: false, .. }
        )
    }

    pub fn is_ringing(&self) -> bool {
        self.phase == Phase::Incoming
    }

    /// Answered and held by us.
    pub fn is_held(&self) -> bool {
        matches!(self.phase, Phase::Connected { held: true, .. })
    }

    /// Answered, held or not.
    pub fn is_connected(&self) -> bool {
        matches!(self.phase, Phase::Connected { .. })
    }
}

/// The calls of the phone, oldest first, and the one the screen is on.
#[derive(Clone, Debug, Default)]
pub(super) struct Calls {
    list: Vec<Appearance>,
    focus: Option<CallRef>,
}

impl Calls {
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Appearance> {
        self.list.iter()
    }

    pub fn get(&self, call: CallRef) -> Option<&Appearance> {
        self.list.iter().find(|a| a.call == call)
    }

    pub fn get_mut(&mut self, call: CallRef) -> Option<&mut Appearance> {
        self.list.iter_mut().find(|a| a.call == call)
    }

    /// The call the screen is on.
    pub fn focused(&self) -> Option<&Appearance> {
        self.focus.and_then(|c| self.get(c))
    }

    pub fn focus(&mut self, call: CallRef) {
        if self.get(call).is_some() {
            self.focus = Some(call);
        }
    }

    /// Take the screen away from every call (the user is dialling a new one).
    pub fn unfocus(&mut self) {
        self.focus = None;
    }

    /// The call that has the audio, if any.
    pub fn active(&self) -> Option<&Appearance> {
        self.list.iter().find(|a| a.is_active())
    }

    /// A ringing call other than the focused one (call waiting), oldest first.
    pub fn waiting(&self) -> Option<&Appearance> {
        self.list
            .iter()
            .find(|a| a.is_ringing() && Some(a.call) != self.focus)
    }

    /// The first call on line `line` that is ringing, else held, else any.
    pub fn on_line(&self, line: usize) -> Option<&Appearance> {
        let on = || self.list.iter().filter(move |a| a.call.line == line);
        on().find(|a| a.is_ringing())
            .or_else(|| on().find(|a| a.is_held()))
            .or_else(|| on().next())
    }

    /// `held` is gone: calls consulting to transfer it are ordinary calls again.
    pub fn forget_consultations_for(&mut self, held: CallRef) {
        for a in &mut self.list {
            if a.consult_for == Some(held) {
                a.consult_for = None;
            }
        }
    }

    pub fn add(&mut self, appearance: Appearance) {
        self.list.push(appearance);
    }

    /// Forget `call`. When it had the screen, the screen goes to a ringing call, else to the
    /// newest held call, else to nothing (idle).
    pub fn remove(&mut self, call: CallRef) -> Option<Appearance> {
        let i = self.list.iter().position(|a| a.call == call)?;
        let gone = self.list.remove(i);
        if self.focus == Some(call) {
            self.focus = self.next_focus();
        }
        Some(gone)
    }

    /// Where the screen goes when it is on no call.
    pub fn next_focus(&self) -> Option<CallRef> {
        self.list
            .iter()
            .find(|a| a.is_active())
            .or_else(|| self.list.iter().find(|a| a.is_ringing()))
            .or_else(|| self.list.iter().rev().find(|a| a.is_connected()))
            .map(|a| a.call)
    }

    /// The connected call after the focused one, in order, wrapping (for Swap).
    pub fn next_connected_after_focus(&self) -> Option<CallRef> {
        let connected: Vec<CallRef> = self
            .list
            .iter()
            .filter(|a| a.is_connected())
            .map(|a| a.call)
            .collect();
        let at = connected.iter().position(|c| Some(*c) == self.focus)?;
        let next = connected[(at + 1) % connected.len()];
        (next != connected[at]).then_some(next)
    }
}
