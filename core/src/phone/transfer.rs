//! Transfer on the phone (RFC 5589 roles). As the transferor: Transfer holds the call and
//! asks for a number; Transfer again sends the held call there (blind), Send calls the
//! number first (consultation), and Transfer during the consultation hands the held call
//! over: while it still rings by REFER to the number (semi-attended), once answered by
//! REFER with Replaces (attended). As the transferee: a REFER places the new call and
//! reports its progress back; as the target: an INVITE with Replaces takes over the call
//! it names, answered at once.

use super::calls::{Appearance, Phase};
use super::{Dialing, MediaCommand, Output, Phone};
use crate::sip::call::{CallRef, EndReason, Party, ReferTarget};

impl Phone {
    /// The Transfer key or soft key.
    pub(super) fn on_transfer(&mut self) {
        if !self.transfer_available() {
            return;
        }
        if let Some(d) = self.dialing.clone() {
            if let (Some(held), false) = (d.transfer_of, d.digits.is_empty()) {
                self.dialing = None;
                let target = self.lines[held.line].account().target_uri(&d.digits);
                self.refer(held, &target, None);
            }
            return;
        }
        let Some(a) = self.calls.focused() else {
            return;
        };
        let call = a.call;
        match (a.consult_for, &a.phase) {
            // Consultation answered: attended transfer, the held call takes this one over.
            (Some(held), Phase::Connected { .. }) => {
                let target = self.lines[call.line].remote_aor(call);
                match target {
                    Some(t) if call.line == held.line => self.refer(held, &t, Some(call)),
                    // On another line the dialog cannot be named to the transferee's
                    // server: send it to the consulted number instead.
                    _ => {
                        let number = a.peer.uri.clone();
                        let t = self.lines[held.line].account().target_uri(&number);
                        self.refer(held, &t, None)
                    }
                }
            }
            // Consultation still ringing: semi-attended, the held call is sent to the number
            // and our ringing call is given up.
            (Some(held), Phase::Outgoing(_)) => {
                let number = a.peer.uri.clone();
                if let Some(ua) = self.lines.get_mut(call.line) {
                    ua.hangup(call);
                }
                let target = self.lines[held.line].account().target_uri(&number);
                self.refer(held, &target, None);
            }
            // A call: hold it and ask for the number to transfer to.
            (None, Phase::Connected { .. }) if !a.transferring => {
                self.renegotiate(call, true);
                self.calls.unfocus();
                self.dialing = Some(Dialing {
                    line: call.line,
                    digits: String::new(),
                    deadline: None,
                    transfer_of: Some(call),
                    forward_of: None,
                });
                self.changed();
            }
            _ => {}
        }
    }

    /// Whether Transfer does something now.
    pub(super) fn transfer_available(&self) -> bool {
        if let Some(d) = &self.dialing {
            return d.transfer_of.is_some() && !d.digits.is_empty();
        }
        // Not from a conference: Split it first.
        self.calls.focused().is_some_and(|a| {
            !a.conference && (a.consult_for.is_some() || (a.is_connected() && !a.transferring))
        })
    }

    /// Send `held` a REFER to `target`, taking over `replacing` if given.
    pub(super) fn refer(&mut self, held: CallRef, target: &str, replacing: Option<CallRef>) {
        let sent = self
            .lines
            .get_mut(held.line)
            .is_some_and(|ua| ua.refer(held, target, replacing));
        if let Some(a) = self.calls.get_mut(held) {
            a.transferring = sent;
        }
        if sent {
            self.calls.focus(held);
        } else {
            self.out
                .push_back(Output::Log(format!("transfer of {held}: no REFER sent")));
            self.call_notice(held, "Transfer failed".into());
            if self.calls.focused().is_none() {
                if let Some(next) = self.calls.next_focus() {
                    self.calls.focus(next);
                }
            }
        }
        self.changed();
    }

    /// The transferee accepted (2xx) or refused our REFER. Accepted: our part is done, the
    /// call is hung up (RFC 5589 §6: the transferor may end it once the REFER is accepted).
    pub(super) fn on_transfer_accepted(&mut self, call: CallRef, code: u16) {
        self.out.push_back(Output::Log(format!(
            "transfer of {call}: REFER answered {code}"
        )));
        if (200..300).contains(&code) {
            if let Some(ua) = self.lines.get_mut(call.line) {
                ua.hangup(call);
            }
        } else if let Some(a) = self.calls.get_mut(call) {
            a.transferring = false;
            a.parking_at = None;
            self.call_notice(call, format!("Transfer failed ({code})"));
            self.changed();
        }
    }

    /// Transferee: the far end of `call` asks us to call `target`.
    pub(super) fn on_referred(&mut self, call: CallRef, target: ReferTarget) {
        let line = call.line;
        // Refused (a final 603 NOTIFY) when the phone has no room, a REFER of this call is
        // already being followed, or the number is blocked by the dial plan.
        let user = crate::sip::message::uri_user(&target.uri)
            .unwrap_or_default()
            .to_string();
        let busy = self.calls.len() >= self.profile.max_calls
            || self.calls.iter().any(|a| a.notify_to == Some(call));
        if busy || self.dial_plan.number_for(&user).is_err() {
            if let Some(ua) = self.lines.get_mut(line) {
                ua.notify_transfer(call, 603);
            }
            return;
        }
        // The call that asked is held while we call (RFC 5589 §6).
        if self
            .calls
            .get(call)
            .is_some_and(|a| a.is_connected() && !a.is_held())
        {
            self.renegotiate(call, true);
        }
        let Some(ua) = self.lines.get_mut(line) else {
            return;
        };
        let new = ua.call_referred(&target);
        let peer = Party {
            uri: target.uri.clone(),
            display: None,
        };
        let mut a = Appearance::new(new, peer, Phase::Outgoing(super::view::CallState::Calling));
        a.notify_to = Some(call);
        self.calls.add(a);
        self.calls.focus(new);
        self.out
            .push_back(Output::Media(MediaCommand::CreateOffer { call: new }));
        self.changed();
    }

    /// Transferee: tell the transferor how the call it asked for went.
    pub(super) fn report_transfer(&mut self, call: CallRef, code: u16) {
        let Some(to) = self.calls.get(call).and_then(|a| a.notify_to) else {
            return;
        };
        if code >= 200 {
            if let Some(a) = self.calls.get_mut(call) {
                a.notify_to = None;
            }
        }
        if let Some(ua) = self.lines.get_mut(to.line) {
            ua.notify_transfer(to, code);
        }
    }

    /// The final status a transferee reports for a new call that ended before an answer.
    pub(super) fn transfer_code(reason: &EndReason) -> u16 {
        match reason {
            EndReason::Rejected { code } => *code,
            EndReason::Cancelled | EndReason::LocalHangup => 487,
            EndReason::RemoteHangup => 200,
            EndReason::MediaFailed => 488,
            EndReason::Forwarded => 302,
        }
    }
}
