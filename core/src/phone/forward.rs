//! Call forwarding (Dinstar §3.10 Always / Busy / No Answer with its ring time, CP860 "Call
//! Forward"): the ringing call is redirected with a 302 to the target (RFC 3261 §21.3.3),
//! and logged as forwarded.

use super::calls::Phase;
use super::history::HistoryKind;
use super::Phone;
use crate::sip::call::{CallRef, Party};
use crate::time::Duration;

/// The forwarding settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Forward {
    /// Every call goes here while `always_on`.
    pub always: Option<String>,
    /// Always-forward is switched on (Features, or a forward key).
    pub always_on: bool,
    /// Calls that find the phone busy go here.
    pub busy: Option<String>,
    /// Calls not answered within `no_answer_after` seconds go here.
    pub no_answer: Option<String>,
    /// The Dinstar's "No Answer Ring Time".
    pub no_answer_after: u32,
}

impl Phone {
    /// Set the forwarding.
    pub fn set_forward(&mut self, forward: Forward) {
        self.forward = forward;
        self.changed();
    }

    /// The always-forward target while it is on.
    pub(super) fn forward_always(&self) -> Option<String> {
        self.forward
            .always
            .clone()
            .filter(|_| self.forward.always_on)
    }

    /// Redirect ringing `call` to `number` and log it.
    pub(super) fn forward_call(&mut self, call: CallRef, from: Party, number: &str) {
        let Some(ua) = self.lines.get_mut(call.line) else {
            return;
        };
        let target = ua.account().target_uri(number);
        if ua.redirect(call, &target) {
            self.log_call(HistoryKind::Forwarded, call.line, from);
        }
        self.changed();
    }

    /// When an unanswered call is forwarded (the no-answer target and its ring time).
    pub(super) fn no_answer_deadline(&self) -> Option<crate::time::Instant> {
        self.forward
            .no_answer
            .as_ref()
            .map(|_| self.now + Duration::secs(self.forward.no_answer_after.max(1) as u64))
    }

    /// Forward the calls that rang past their time.
    pub(super) fn forward_unanswered(&mut self) {
        let Some(number) = self.forward.no_answer.clone() else {
            return;
        };
        let due: Vec<(CallRef, Party)> = self
            .calls
            .iter()
            .filter(|a| a.phase == Phase::Incoming && a.forward_at.is_some_and(|t| self.now >= t))
            .map(|a| (a.call, a.peer.clone()))
            .collect();
        for (call, from) in due {
            if let Some(a) = self.calls.get_mut(call) {
                a.forward_at = None;
            }
            self.forward_call(call, from, &number);
        }
    }
}
