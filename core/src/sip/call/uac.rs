//! The caller's side of a call: responses to our INVITE (RFC 3261 §13.2.2): provisional
//! responses and early media, 2xx and its ACK, redirects, failures and digest challenges.

use std::collections::VecDeque;

use super::{session_expires, Call, EndReason, Party, SessionTimer, State, MAX_REDIRECTS};
use crate::sip::digest::Challenge;
use crate::sip::message::{addr_uri, Message};
use crate::sip::ua::{Local, UaEvent, UaOutput};

impl Call {
    /// Handle a response to one of our requests.
    pub fn on_response(&mut self, msg: &Message, local: &mut Local, out: &mut VecDeque<UaOutput>) {
        let (Some(code), Some((cseq, method))) = (msg.status(), msg.cseq()) else {
            return;
        };
        if method == "REFER" && Some(cseq) == self.refer_cseq {
            self.on_refer_response(code, out);
            return;
        }
        if method == "INFO" && self.record_cseq.is_some_and(|(c, _)| c == cseq) {
            self.on_record_response(code, out);
            return;
        }
        if method == "INVITE" && Some(cseq) == self.sdp.reinvite_cseq {
            self.on_reinvite_response(msg, code, local, out);
            return;
        }
        if method != "INVITE" || cseq != self.invite_cseq {
            // Responses to BYE/CANCEL need no action here (the 487 ends a cancelled INVITE).
            return;
        }
        if (200..300).contains(&code) {
            self.on_invite_success(msg, local, out);
            return;
        }
        match (self.state, code) {
            (State::Calling | State::Early, 100..=199) => {
                self.provisional_seen = true;
                if self.hangup_pending {
                    self.hangup_pending = false;
                    self.send_cancel(local, out);
                    return;
                }
                if code > 100 {
                    // RFC 3262 §4: a reliable provisional is acknowledged with PRACK, once;
                    // its retransmissions (same RSeq) are dropped.
                    let reliable = msg
                        .values("require")
                        .flat_map(crate::sip::syntax::split_commas)
                        .any(|t| t.eq_ignore_ascii_case("100rel"));
                    let rseq = msg
                        .header("rseq")
                        .and_then(|r| r.trim().parse::<u32>().ok());
                    if reliable && local.account.prack {
                        match rseq {
                            Some(r) if self.last_rseq.is_none_or(|last| r > last) => {
                                self.last_rseq = Some(r);
                                self.remote_tag = msg.to_tag();
                                if let Some(contact) = msg.header("contact") {
                                    self.remote_target = addr_uri(contact).to_string();
                                }
                                self.route_set =
                                    msg.header_list("record-route").into_iter().rev().collect();
                                self.local_cseq += 1;
                                let cseq = self.local_cseq;
                                let rack = format!("{r} {} INVITE", self.invite_cseq);
                                self.send_request_headers(
                                    "PRACK",
                                    cseq,
                                    &[("RAck", &rack)],
                                    local,
                                    out,
                                );
                            }
                            _ => return,
                        }
                    }
                    self.state = State::Early;
                    if self.remote_tag.is_none() {
                        self.remote_tag = msg.to_tag();
                    }
                    let sdp = (!msg.body().is_empty())
                        .then(|| String::from_utf8_lossy(msg.body()).into_owned());
                    out.push_back(UaOutput::Event(UaEvent::Progress {
                        call: self.handle,
                        code,
                        sdp,
                    }));
                }
            }
            (State::Calling | State::Early, 401 | 407) if self.auth_tries == 0 => {
                let header = if code == 401 {
                    "www-authenticate"
                } else {
                    "proxy-authenticate"
                };
                match msg
                    .header(header)
                    .map(|_| Challenge::best(msg.values(header)))
                {
                    Some(Ok(c)) => {
                        self.auth_tries += 1;
                        self.challenge = Some((c, code == 407));
                        self.send_invite(local, out);
                    }
                    _ => self.end(EndReason::Rejected { code }, out),
                }
            }
            (State::Cancelling, 300..=699) => self.end(EndReason::LocalHangup, out),
            // RFC 4028 §7.2: Session Interval Too Small: try once more with the Min-SE asked for.
            (State::Calling | State::Early, 422)
                if self.min_se.is_none() && local.account.session_expires.is_some() =>
            {
                match msg
                    .header("min-se")
                    .and_then(|v| v.split(';').next()?.trim().parse::<u32>().ok())
                {
                    Some(min) => {
                        self.min_se = Some(min);
                        self.remote_tag = None;
                        self.send_invite(local, out);
                    }
                    None => self.end(EndReason::Rejected { code }, out),
                }
            }
            // RFC 3261 §8.1.3.4: follow a redirect to its first Contact (a few times at most).
            (State::Calling | State::Early, 300..=399) if self.redirects < MAX_REDIRECTS => {
                let target = msg
                    .header_list("contact")
                    .first()
                    .map(|c| addr_uri(c).to_string())
                    .filter(|t| crate::sip::uri::Uri::parse(t).is_ok_and(|u| u.sip().is_some()));
                match target {
                    Some(t) => {
                        self.redirects += 1;
                        self.request_uri = t.clone();
                        self.remote_target = t;
                        self.remote_tag = None;
                        self.challenge = None;
                        self.auth_tries = 0;
                        self.send_invite(local, out);
                    }
                    None => self.end(EndReason::Rejected { code }, out),
                }
            }
            (State::Calling | State::Early, 300..=699) => {
                self.end(EndReason::Rejected { code }, out)
            }
            _ => {}
        }
    }

    fn on_invite_success(
        &mut self,
        msg: &Message,
        local: &mut Local,
        out: &mut VecDeque<UaOutput>,
    ) {
        let first = matches!(
            self.state,
            State::Calling | State::Early | State::Cancelling
        );
        if first {
            // RFC 3261 §12.1.2: the UAC route set is the Record-Route list reversed.
            self.remote_tag = msg.to_tag();
            self.route_set = msg.header_list("record-route").into_iter().rev().collect();
            if let Some(contact) = msg.header("contact") {
                self.remote_target = addr_uri(contact).to_string();
            }
            if let Some(to) = msg.header("to") {
                self.remote = Party::from_header(to);
                if self.remote.display.is_none() {
                    self.remote.uri = addr_uri(to).to_string();
                }
            }
        }
        // RFC 3261 §13.2.2.4: ACK every 2xx (retransmissions too), new branch, same CSeq number.
        let cseq = self.invite_cseq;
        self.send_request("ACK", cseq, local, out);
        if self.state == State::Cancelling || self.hangup_pending {
            // The 200 crossed our CANCEL: the call was answered, so end it with a BYE.
            self.state = State::Confirmed;
            self.send_in_dialog("BYE", local, out);
            self.end(EndReason::LocalHangup, out);
            return;
        }
        if first {
            self.state = State::Confirmed;
            // RFC 4028 §7.2: the 2xx says whether a session timer runs and who refreshes.
            if let Some((interval, refresher)) = session_expires(msg) {
                let we_refresh = refresher.as_deref() != Some("uas");
                self.session_timer = Some(SessionTimer::start(interval, we_refresh, local.now));
            }
            let sdp = String::from_utf8_lossy(msg.body()).into_owned();
            self.sdp.remote_sdp = sdp.clone();
            out.push_back(UaOutput::Event(UaEvent::Answered {
                call: self.handle,
                sdp: Some(sdp),
            }));
        }
    }
}
