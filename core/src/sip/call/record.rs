//! Recording on the server: the Dinstar C60S's Record key (§3.20) asks the server to record
//! the call with a SIP INFO (RFC 6086) carrying `Record: on` or `Record: off` and no body,
//! and shows the recording only once the server says yes (2xx).

use std::collections::VecDeque;

use super::{Call, State};
use crate::sip::ua::{Local, UaEvent, UaOutput};

impl Call {
    /// Send the INFO asking for recording to start (`on`) or stop. A request sent while an
    /// earlier one still waits takes its place: only the latest answer counts. `false`: the
    /// call is not answered.
    pub fn request_recording(
        &mut self,
        on: bool,
        local: &mut Local,
        out: &mut VecDeque<UaOutput>,
    ) -> bool {
        if self.state != State::Confirmed {
            return false;
        }
        self.local_cseq += 1;
        let cseq = self.local_cseq;
        self.record_cseq = Some((cseq, on));
        let value = if on { "on" } else { "off" };
        self.send_request_headers("INFO", cseq, &[("Record", value)], local, out);
        true
    }

    /// The final answer to our recording INFO.
    pub(super) fn on_record_response(&mut self, code: u16, out: &mut VecDeque<UaOutput>) {
        if code < 200 {
            return;
        }
        let Some((_, on)) = self.record_cseq.take() else {
            return;
        };
        out.push_back(UaOutput::Event(UaEvent::Recording {
            call: self.handle,
            on,
            code,
        }));
    }
}
