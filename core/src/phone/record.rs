//! The Record key (Dinstar C60S §3.20): in an answered call it asks the server to record
//! (SIP INFO `Record: on`), and pressed again to stop. The recording icon shows and the
//! key's lamp flashes only once the server has said yes; a refusal says so on the screen.

use super::{Output, Phone};
use crate::sip::call::CallRef;

impl Phone {
    /// The Record key: start or stop recording the call on the screen, if it is answered.
    pub(super) fn toggle_recording(&mut self) {
        let Some(a) = self.calls.focused().filter(|a| a.is_connected()) else {
            return;
        };
        let (call, on) = (a.call, !a.recording);
        if let Some(ua) = self.lines.get_mut(call.line) {
            if ua.record(call, on) {
                self.out.push_back(Output::Log(format!(
                    "call {call}: asked the server to {} recording",
                    if on { "start" } else { "stop" }
                )));
            }
        }
    }

    /// The server's answer to a recording request.
    pub(super) fn on_recording(&mut self, call: CallRef, on: bool, code: u16) {
        let Some(a) = self.calls.get_mut(call) else {
            return;
        };
        if (200..300).contains(&code) {
            a.recording = on;
            self.out.push_back(Output::Log(format!(
                "call {call}: recording {}",
                if on { "on" } else { "off" }
            )));
        } else {
            self.call_notice(call, format!("Record failed ({code})"));
            self.out.push_back(Output::Log(format!(
                "call {call}: the server refused to {} recording ({code})",
                if on { "start" } else { "stop" }
            )));
        }
        self.changed();
    }
}
