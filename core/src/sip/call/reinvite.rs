//! Changing an established call's session (RFC 3261 §14, RFC 3264 §8): our re-offers for
//! hold and resume, the far end's re-INVITEs, and refreshes (RFC 4028 session timers, a
//! route refresh after a reconnect).

use std::collections::VecDeque;

use super::{Call, EndReason, SessionTimer, State};
use crate::sdp::SessionDescription;
use crate::sip::message::{addr_uri, Message};
use crate::sip::ua::{Local, UaEvent, UaOutput};

impl Call {
    /// RFC 3261 §14.1 / RFC 3264 §8: offer a new description (hold with `sendonly`, resume
    /// with `sendrecv`) in a re-INVITE. `false` when the call is not in a state to do so.
    pub fn reoffer(&mut self, sdp: &str, local: &mut Local, out: &mut VecDeque<UaOutput>) -> bool {
        if self.state != State::Confirmed
            || self.sdp.reinvite_cseq.is_some()
            || self.sdp.pending_reoffer.is_some()
        {
            return false;
        }
        self.local_cseq += 1;
        let cseq = self.local_cseq;
        self.sdp.reinvite_cseq = Some(cseq);
        self.sdp.pending_offer = Some(sdp.to_string());
        self.send_request_with("INVITE", cseq, Some(sdp), local, out);
        true
    }

    /// Our answer to the far end's new offer is ready: the 200 leaves with it.
    pub fn reanswer(&mut self, sdp: &str, local: &mut Local, out: &mut VecDeque<UaOutput>) {
        if let Some(req) = self.sdp.pending_reoffer.take() {
            self.sdp.remote_sdp = String::from_utf8_lossy(req.body()).into_owned();
            self.sdp.local_sdp = sdp.to_string();
            self.respond(&req, 200, "OK", local, out, Some(sdp));
        }
    }

    /// Refuse the far end's new offer with 491 Request Pending (RFC 3261 §14.2): we are
    /// making an offer of our own (RFC 3264 §4: one offer at a time).
    pub fn refuse_reoffer(&mut self, local: &mut Local, out: &mut VecDeque<UaOutput>) {
        if let Some(req) = self.sdp.pending_reoffer.take() {
            self.respond(&req, 491, "Request Pending", local, out, None);
        }
    }

    /// RFC 3261 §14.1: send a re-INVITE with our current session description, unchanged
    /// (RFC 3264 §8: same o= version), to refresh the remote target and the route the
    /// server keeps for us, for instance after the connection to it was re-established.
    pub fn refresh(&mut self, local: &mut Local, out: &mut VecDeque<UaOutput>) {
        if self.state != State::Confirmed {
            return;
        }
        if self.sdp.reinvite_cseq.is_some() {
            self.sdp.refresh_pending = true;
            return;
        }
        self.local_cseq += 1;
        let cseq = self.local_cseq;
        self.sdp.reinvite_cseq = Some(cseq);
        let sdp = self.sdp.local_sdp.clone();
        self.send_request_with("INVITE", cseq, Some(&sdp), local, out);
    }

    pub(super) fn on_reinvite_response(
        &mut self,
        msg: &Message,
        code: u16,
        local: &mut Local,
        out: &mut VecDeque<UaOutput>,
    ) {
        if code < 200 {
            return;
        }
        let cseq = self.sdp.reinvite_cseq.take().unwrap_or(0);
        let offered = self.sdp.pending_offer.take();
        match code {
            200..=299 => {
                // §12.2.1.2: a 2xx to a re-INVITE refreshes the remote target.
                if let Some(contact) = msg.header("contact") {
                    self.remote_target = addr_uri(contact).to_string();
                }
                self.send_request("ACK", cseq, local, out);
                if let Some(t) = self.session_timer {
                    // RFC 4028 §10: each successful refresh restarts the session timer.
                    self.session_timer =
                        Some(SessionTimer::start(t.interval, t.we_refresh, local.now));
                }
                if let Some(offer) = offered {
                    self.sdp.local_sdp = offer;
                    let answer = String::from_utf8_lossy(msg.body()).into_owned();
                    self.sdp.remote_sdp = answer.clone();
                    out.push_back(UaOutput::Event(UaEvent::Renegotiated {
                        call: self.handle,
                        answer: Some(answer),
                        retry_after: None,
                    }));
                }
            }
            // §14.1: the dialog is gone (or unreachable): the call ends.
            408 | 481 => {
                self.send_in_dialog("BYE", local, out);
                self.end(EndReason::Rejected { code }, out);
                return;
            }
            _ => {
                // Failures leave the session as it was (RFC 3261 §14.1). A 491 means our offer
                // crossed the far end's: try again after a random wait, 2.1 to 4 s when we
                // own the Call-ID (we placed the call), else up to 2 s, in 10 ms steps.
                if offered.is_some() {
                    let retry_after = (code == 491).then(|| {
                        let steps = local.ids.next_u64();
                        let ms = if self.outgoing {
                            2100 + steps % 191 * 10
                        } else {
                            steps % 201 * 10
                        };
                        crate::time::Duration::millis(ms)
                    });
                    out.push_back(UaOutput::Event(UaEvent::Renegotiated {
                        call: self.handle,
                        answer: None,
                        retry_after,
                    }));
                }
            }
        }
        if std::mem::take(&mut self.sdp.refresh_pending) {
            self.refresh(local, out);
        }
    }

    /// RFC 3261 §14.2: a re-INVITE from the far end. An unchanged offer (same o= session
    /// version, RFC 3264 §8) is a target refresh: answer with our current description. A
    /// changed offer goes to the media side ([`UaEvent::Reoffered`]); the 200 leaves with
    /// [`Call::reanswer`].
    pub(super) fn on_reinvite(
        &mut self,
        msg: &Message,
        local: &mut Local,
        out: &mut VecDeque<UaOutput>,
    ) {
        if self.state != State::Confirmed {
            self.respond(msg, 491, "Request Pending", local, out, None);
            return;
        }
        if self.sdp.reinvite_cseq.is_some() || self.sdp.pending_reoffer.is_some() {
            // §14.2: a re-INVITE is already in progress (glare).
            self.respond(msg, 491, "Request Pending", local, out, None);
            return;
        }
        let offer = String::from_utf8_lossy(msg.body()).into_owned();
        if let Some(contact) = msg.header("contact") {
            self.remote_target = addr_uri(contact).to_string();
        }
        if !offer.is_empty() && !same_session_version(&offer, &self.sdp.remote_sdp) {
            // A new offer (hold, resume, codec change): the media side answers it.
            self.sdp.pending_reoffer = Some(msg.clone());
            out.push_back(UaOutput::Event(UaEvent::Reoffered {
                call: self.handle,
                offer,
            }));
            return;
        }
        if let Some(t) = self.session_timer {
            // RFC 4028 §10: a refresh restarts the timer.
            self.session_timer = Some(SessionTimer::start(t.interval, t.we_refresh, local.now));
        }
        let sdp = self.sdp.local_sdp.clone();
        self.respond(msg, 200, "OK", local, out, Some(&sdp));
    }
}

/// RFC 3264 §8: an offer whose o= line has the same session id and version as the last
/// one describes the same session.
fn same_session_version(a: &str, b: &str) -> bool {
    let origin = |sdp: &str| {
        SessionDescription::parse(sdp)
            .ok()
            .map(|d| (d.origin[1].clone(), d.origin[2].clone()))
    };
    origin(a).is_some() && origin(a) == origin(b)
}

#[cfg(test)]
mod tests {
    use super::same_session_version;

    const V1: &str = "v=0\r\no=- 42 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";

    #[test]
    fn an_offer_with_the_same_origin_version_is_the_same_session() {
        let again = V1.replace("m=audio 4000", "m=audio 4002");
        assert!(same_session_version(V1, &again));
    }

    #[test]
    fn a_new_version_or_another_session_id_is_a_change() {
        assert!(!same_session_version(
            V1,
            &V1.replace("o=- 42 1", "o=- 42 2")
        ));
        assert!(!same_session_version(
            V1,
            &V1.replace("o=- 42 1", "o=- 43 1")
        ));
    }

    #[test]
    fn descriptions_without_an_origin_are_never_the_same() {
        assert!(!same_session_version("garbage", "garbage"));
        assert!(!same_session_version("", V1));
    }
}
