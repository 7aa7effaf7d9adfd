//! Taking calls that ring elsewhere, and parking calls: the BLF key of a ringing extension
//! (call pickup), and the park key in the Dinstar's transfer mode (§3.13.1).
//!
//! Pickup goes through the server's pickup code when the line has one (AudioCodes `**` and
//! the extension, §22.9). Without one the phone takes the call over itself, as RFC 3891 §3
//! allows: the dialog event package named the ringing call (RFC 4235 §4.1), so an INVITE to
//! the caller with `Replaces: ...;early-only` replaces the caller's early dialog with ours,
//! and the caller cancels the call to the watched extension.

use super::calls::{Appearance, Phase};
use super::dss::DssKey;
use super::presence::BlfState;
use super::view::CallState;
use super::{MediaCommand, Output, Phone};
use crate::sip::call::Party;

impl Phone {
    /// A BLF key: a ringing extension's call is picked up; otherwise the extension is called.
    pub(super) fn on_blf_key(&mut self, n: usize) {
        let Some(slot) = self.dss.get(n) else {
            return;
        };
        let (key, ringing) = (slot.key.clone(), slot.blf == BlfState::Ringing);
        let dialog = slot.ringing.clone().filter(|_| ringing);
        let code = self.account(key.line).and_then(|a| a.pickup_code.clone());
        match (ringing, code, dialog) {
            // The server's code, not keyed: never the voice menu's (`**` + 47 is not `**47`).
            (true, Some(code), _) => self.dial_from_key(key.line, &format!("{code}{}", key.value)),
            (true, None, Some(dialog)) => self.pick_up(&key, &dialog),
            _ => self.dial_from_key(key.line, &key.value),
        }
    }

    /// Directed pickup without a server code: an INVITE to the caller replacing the early
    /// dialog the watched extension has with it. The caller answers it at once.
    fn pick_up(&mut self, key: &DssKey, dialog: &super::presence::RingingDialog) {
        if !self.calls.is_empty() || self.lines.get(key.line).is_none() {
            return; // a pickup is for a phone that is free
        }
        self.menu = None;
        self.dialing = None;
        let headers = vec![("Replaces".to_string(), dialog.replaces())];
        let call = self.lines[key.line].call_with_headers(&dialog.caller, headers);
        let caller = Party {
            uri: dialog.caller.clone(),
            display: None,
        };
        let mut a = Appearance::new(call, caller, Phase::Outgoing(CallState::Calling));
        a.picked_up = true;
        self.calls.add(a);
        self.calls.focus(call);
        self.changed();
        self.out
            .push_back(Output::Media(MediaCommand::CreateOffer { call }));
    }

    /// A park key (transfer mode): the call on the screen is transferred to the key's park
    /// code and extension; with no call up, the key dials it (the server's retrieve).
    pub(super) fn park(&mut self, key: &DssKey) {
        let focused = self.calls.focused().map(|a| a.call);
        if self.transfer_focused_to(&key.value) {
            if let Some(a) = focused.and_then(|c| self.calls.get_mut(c)) {
                a.parking_at = Some(key.value.clone());
            }
        } else if self.calls.is_empty() {
            self.dial_from_key(key.line, &key.value);
        }
    }

    /// Blind transfer of the focused connected call to `number` (REFER, RFC 3515); whether
    /// one was sent.
    pub(super) fn transfer_focused_to(&mut self, number: &str) -> bool {
        let call = self
            .calls
            .focused()
            .filter(|a| a.is_connected() && !a.transferring)
            .map(|a| a.call);
        let Some(call) = call else {
            return false;
        };
        let target = self.lines[call.line].account().target_uri(number);
        self.refer(call, &target, None);
        true
    }
}
