//! One call: an INVITE session and its dialog (RFC 3261 §12, §13, §15), as caller or callee.
//!
//! Offer/answer (RFC 3264) is carried, not made, here: the SDP comes from the media driver
//! (WebRTC in the browser), so an outgoing call waits for the local offer before the INVITE
//! leaves, and an answered call waits for the local answer before the 200 leaves.

use std::collections::VecDeque;

use super::account::CallerIdSource;
use super::builder::Builder;
use super::digest::Challenge;
use super::message::{addr_uri, display_name, Message};
use super::reliable::{self, Reliable, Retransmit};
use super::ua::{Local, UaEvent, UaOutput};
use crate::time::Instant;

mod record;
mod reinvite;
mod transfer;
mod uac;

pub use transfer::{ReferTarget, Replaces};

/// The phone's handle on a call (not the SIP Call-ID): the line (account) it belongs to,
/// and its number on that line. Unique across the phone's lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct CallRef {
    /// The line's index (0 = line 1).
    pub line: usize,
    /// The call's number on its line, from 1.
    pub n: u32,
}

impl std::fmt::Display for CallRef {
    /// `2.5`: line 2 (counted from 1, as on the device), call 5.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.line + 1, self.n)
    }
}

/// Who is on the other end, as the messages name them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Party {
    /// The SIP URI.
    pub uri: String,
    /// The display name, when one was sent.
    pub display: Option<String>,
}

impl Party {
    /// The party named by a From, To or P-Asserted-Identity value.
    pub fn from_header(value: &str) -> Party {
        Party {
            uri: addr_uri(value).to_string(),
            display: display_name(value),
        }
    }

    /// What a screen shows: the display name, else the user part, else the URI.
    pub fn label(&self) -> String {
        self.display
            .clone()
            .or_else(|| super::message::uri_user(&self.uri).map(str::to_string))
            .unwrap_or_else(|| self.uri.clone())
    }
}

/// Why a call ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EndReason {
    /// We hung up.
    LocalHangup,
    /// The other party hung up.
    RemoteHangup,
    /// The caller gave up before we answered (CANCEL, RFC 3261 §9.2).
    Cancelled,
    /// The call was refused or failed with this final response.
    Rejected {
        /// Status code.
        code: u16,
    },
    /// The media side could not produce a session description.
    MediaFailed,
    /// We forwarded the ringing call elsewhere (302).
    Forwarded,
}

/// A running session timer (RFC 4028 §10): we refresh at half the interval when we are the
/// refresher; otherwise we end the session when no refresh came before it expires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct SessionTimer {
    interval: u32,
    we_refresh: bool,
    /// When to refresh (refresher) or give up (the other side refreshes).
    due: Instant,
}

impl SessionTimer {
    fn start(interval: u32, we_refresh: bool, now: Instant) -> SessionTimer {
        let secs = if we_refresh {
            interval / 2
        } else {
            // §10: BYE "at the expiration time minus the smaller of 32 s and a third of it".
            interval - (interval / 3).min(32)
        };
        SessionTimer {
            interval,
            we_refresh,
            due: now + crate::time::Duration::secs(secs.into()),
        }
    }
}

/// Read `Session-Expires: N;refresher=uac|uas` (RFC 4028 §4).
fn session_expires(msg: &Message) -> Option<(u32, Option<String>)> {
    use super::syntax;
    let v = msg.header("session-expires")?;
    let (n, rest) = syntax::take_token(syntax::skip_ws(v));
    let n = n.parse().ok()?;
    let params = syntax::params(rest).ok()?;
    let refresher = syntax::param(&params, "refresher").map(str::to_ascii_lowercase);
    Some((n, refresher))
}

/// How many 3xx redirects one call follows before giving up.
const MAX_REDIRECTS: u32 = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Outgoing: waiting for the local SDP offer.
    AwaitingOffer,
    /// Outgoing: INVITE sent.
    Calling,
    /// Outgoing: a provisional response with a To tag (early dialog).
    Early,
    /// Outgoing: CANCEL sent, waiting for the 487.
    Cancelling,
    /// Incoming: ringing, waiting for the user.
    Ringing,
    /// Incoming: answered by the user, waiting for the local SDP answer.
    Answering,
    /// Dialog confirmed.
    Confirmed,
    /// Over.
    Terminated,
}

/// An INVITE session.
#[derive(Debug)]
pub struct Call {
    handle: CallRef,
    outgoing: bool,
    state: State,
    call_id: String,
    local_tag: String,
    remote_tag: Option<String>,
    /// From (outgoing) or To (incoming) value without tag.
    local_addr: String,
    /// To (outgoing) or From (incoming) value without tag.
    remote_addr: String,
    request_uri: String,
    remote_target: String,
    route_set: Vec<String>,
    local_cseq: u32,
    invite_branch: String,
    invite_cseq: u32,
    invite_sdp: String,
    challenge: Option<(Challenge, bool)>,
    auth_tries: u32,
    provisional_seen: bool,
    hangup_pending: bool,
    incoming_invite: Option<Message>,
    /// Incoming: the local SDP answer, prepared while ringing so answering is instant.
    local_answer: Option<String>,
    /// Redirects followed so far.
    redirects: u32,
    /// RSeq of the last reliable provisional response acknowledged (RFC 3262).
    last_rseq: Option<u32>,
    /// Incoming: our reliable 180 and its PRACK (RFC 3262 §3).
    reliable: Option<Reliable>,
    /// The negotiated session timer (RFC 4028), once the dialog is confirmed.
    session_timer: Option<SessionTimer>,
    /// The Min-SE a 422 asked for (RFC 4028 §7.2).
    min_se: Option<u32>,
    remote: Party,
    /// Where the offer/answer exchanges of this dialog stand (RFC 3264).
    sdp: OfferAnswer,
    /// CSeq of our REFER while it waits for its answer (RFC 3515).
    refer_cseq: Option<u32>,
    /// CSeq of our recording INFO while it waits for its answer, and whether it asked for on.
    record_cseq: Option<(u32, bool)>,
    /// Headers the initial INVITE carries besides the usual (Replaces, Referred-By).
    extra_headers: Vec<(String, String)>,
    /// An incoming call's 180 has gone (the phone rings for it).
    rung: bool,
}

/// The offer/answer state of a dialog: the current descriptions and any renegotiation in
/// progress (RFC 3264 §8, RFC 3261 §14).
#[derive(Debug, Default)]
struct OfferAnswer {
    /// Our current session description (the offer we sent or the answer we gave).
    local_sdp: String,
    /// The far end's current session description.
    remote_sdp: String,
    /// CSeq of our pending re-INVITE (RFC 3261 §14.1), if one is in progress.
    reinvite_cseq: Option<u32>,
    /// A refresh was asked for while a re-INVITE was in progress.
    refresh_pending: bool,
    /// The description offered in our pending re-INVITE, until it is answered.
    pending_offer: Option<String>,
    /// A re-INVITE with a new offer, waiting for our answer from the media side.
    pending_reoffer: Option<Message>,
}

impl Call {
    /// A new outgoing call to `target` (a SIP URI); the INVITE waits for [`Call::offer_ready`].
    pub fn outgoing(handle: CallRef, target: &str, local: &mut Local) -> Call {
        let call_id = format!("{}@deskphone", local.ids.token(20));
        Call {
            handle,
            outgoing: true,
            state: State::AwaitingOffer,
            call_id,
            local_tag: local.ids.tag(),
            remote_tag: None,
            // RFC 3323 §4.1.1.3: an anonymous caller's From names nobody.
            local_addr: if local.account.anonymous {
                "\"Anonymous\" <sip:anonymous@anonymous.invalid>".to_string()
            } else {
                local.account.from_addr()
            },
            remote_addr: format!("<{target}>"),
            request_uri: target.to_string(),
            remote_target: target.to_string(),
            route_set: Vec::new(),
            local_cseq: 0,
            invite_branch: String::new(),
            invite_cseq: 0,
            invite_sdp: String::new(),
            challenge: None,
            auth_tries: 0,
            provisional_seen: false,
            hangup_pending: false,
            incoming_invite: None,
            local_answer: None,
            sdp: OfferAnswer::default(),
            redirects: 0,
            last_rseq: None,
            reliable: None,
            session_timer: None,
            min_se: None,
            remote: Party {
                uri: target.to_string(),
                display: None,
            },
            refer_cseq: None,
            record_cseq: None,
            extra_headers: Vec::new(),
            rung: false,
        }
    }

    /// A new outgoing call whose INVITE carries `headers` too (a transferee's Replaces and
    /// Referred-By, RFC 3891 / RFC 3892).
    pub fn outgoing_with(
        handle: CallRef,
        target: &str,
        headers: Vec<(String, String)>,
        local: &mut Local,
    ) -> Call {
        let mut call = Call::outgoing(handle, target, local);
        call.extra_headers = headers;
        call
    }

    /// A new incoming call from an initial INVITE: answers 100 and 180 (RFC 3261 §13.3.1.1).
    pub fn incoming(
        handle: CallRef,
        invite: Message,
        replaces: Option<CallRef>,
        local: &mut Local,
        out: &mut VecDeque<UaOutput>,
    ) -> Call {
        let from = invite.header("from").unwrap_or_default().to_string();
        let identity =
            caller_identity(&invite, local.account.caller_id).unwrap_or_else(|| from.clone());
        let mut call = Call {
            handle,
            outgoing: false,
            state: State::Ringing,
            call_id: invite.call_id().unwrap_or_default().to_string(),
            local_tag: local.ids.tag(),
            remote_tag: invite.from_tag(),
            local_addr: strip_tag(invite.header("to").unwrap_or_default()),
            remote_addr: strip_tag(&from),
            request_uri: invite.request_uri().unwrap_or_default(),
            remote_target: invite
                .header("contact")
                .map(addr_uri)
                .unwrap_or_default()
                .to_string(),
            // RFC 3261 §12.1.1: the UAS route set is the Record-Route list in order.
            route_set: invite.header_list("record-route"),
            local_cseq: 0,
            invite_branch: invite.top_branch().unwrap_or_default(),
            invite_cseq: invite.cseq().map(|c| c.0).unwrap_or(0),
            invite_sdp: String::new(),
            challenge: None,
            auth_tries: 0,
            provisional_seen: true,
            hangup_pending: false,
            remote: Party::from_header(&identity),
            incoming_invite: None,
            local_answer: None,
            sdp: OfferAnswer {
                remote_sdp: String::from_utf8_lossy(invite.body()).into_owned(),
                ..OfferAnswer::default()
            },
            redirects: 0,
            last_rseq: None,
            reliable: None,
            session_timer: None,
            min_se: None,
            refer_cseq: None,
            record_cseq: None,
            extra_headers: Vec::new(),
            rung: false,
        };
        // 180 Ringing waits for the phone: a call it refuses (DND, the blacklist) or
        // forwards at once never rang.
        call.respond(&invite, 100, "Trying", local, out, None);
        let sdp = String::from_utf8_lossy(invite.body()).into_owned();
        let auto_answer = asks_auto_answer(&invite);
        let ring_tone = asked_ring_tone(&invite);
        call.incoming_invite = Some(invite);
        out.push_back(UaOutput::Event(UaEvent::Incoming {
            call: handle,
            from: call.remote.clone(),
            sdp,
            replaces,
            auto_answer,
            ring_tone,
        }));
        call
    }

    /// The phone rings for this incoming call: 180 Ringing, reliable (RFC 3262) when both
    /// sides take 100rel. Once only, and only while it rings.
    pub fn ring(&mut self, local: &mut Local, out: &mut VecDeque<UaOutput>) {
        if self.state != State::Ringing || std::mem::replace(&mut self.rung, true) {
            return;
        }
        let Some(invite) = self.incoming_invite.clone() else {
            return;
        };
        if local.account.prack && reliable::caller_supports(&invite) {
            self.ring_reliably(&invite, local, out);
        } else {
            self.respond(&invite, 180, "Ringing", local, out, None);
        }
    }

    /// RFC 3262 §3: a 180 with `Require: 100rel` and a fresh RSeq (1 to 2^31-1), kept for
    /// retransmission until its PRACK.
    fn ring_reliably(&mut self, invite: &Message, local: &mut Local, out: &mut VecDeque<UaOutput>) {
        let rseq = (local.ids.next_u64() % 0x7FFF_FFFF) as u32 + 1;
        let Ok(bytes) = self
            .response(invite, 180, "Ringing", local, None)
            .header("Require", "100rel")
            .header("RSeq", &rseq.to_string())
            .build()
        else {
            return;
        };
        self.reliable = Some(Reliable::sent(
            rseq,
            self.invite_cseq,
            bytes.clone(),
            local.account.timers.t1,
            local.now,
        ));
        out.push_back(UaOutput::Send(bytes));
    }

    /// The phone's handle.
    pub fn handle(&self) -> CallRef {
        self.handle
    }

    /// The SIP Call-ID.
    pub fn call_id(&self) -> &str {
        &self.call_id
    }

    /// The other party.
    pub fn remote(&self) -> &Party {
        &self.remote
    }

    /// True once the call is over.
    pub fn is_terminated(&self) -> bool {
        self.state == State::Terminated
    }

    /// The local SDP offer is ready: send the INVITE (RFC 3261 §13.2.1).
    pub fn offer_ready(&mut self, sdp: &str, local: &mut Local, out: &mut VecDeque<UaOutput>) {
        if self.state != State::AwaitingOffer {
            return;
        }
        if self.hangup_pending {
            self.end(EndReason::LocalHangup, out);
            return;
        }
        self.invite_sdp = sdp.to_string();
        self.sdp.local_sdp = sdp.to_string();
        self.send_invite(local, out);
    }

    fn send_invite(&mut self, local: &mut Local, out: &mut VecDeque<UaOutput>) {
        self.local_cseq += 1;
        self.invite_cseq = self.local_cseq;
        self.invite_branch = local.ids.branch();
        let mut b = Builder::request("INVITE", &self.request_uri)
            .header("Via", &local.via(&self.invite_branch))
            .header("Max-Forwards", "70");
        // RFC 3261 §8.1.2: the outbound proxy as a preloaded loose route.
        if let Some(proxy) = &local.account.outbound_proxy {
            b = b.header("Route", &format!("<{proxy}>"));
        }
        b = b
            .header(
                "From",
                &format!("{};tag={}", self.local_addr, self.local_tag),
            )
            .header("To", &self.remote_addr)
            .header("Call-ID", &self.call_id)
            .header("CSeq", &format!("{} INVITE", self.invite_cseq))
            .header("Contact", &format!("<{}>", local.contact))
            .header("Allow", super::ua::ALLOW)
            .header("User-Agent", super::ua::USER_AGENT);
        for (name, value) in &self.extra_headers {
            b = b.header(name, value);
        }
        match (local.account.prack, local.account.session_expires) {
            (true, Some(_)) => b = b.header("Supported", "100rel, timer"),
            (true, None) => b = b.header("Supported", "100rel"),
            (false, Some(_)) => b = b.header("Supported", "timer"),
            (false, None) => {}
        }
        if let Some(se) = local.account.session_expires {
            // RFC 4028 §7.1: ask for a session timer; we offer to refresh it ourselves. After a
            // 422 the interval is raised to the proxy's Min-SE (§7.2), which is sent along.
            let se = self.min_se.map_or(se, |m| se.max(m));
            b = b.header("Session-Expires", &format!("{se};refresher=uac"));
            if let Some(m) = self.min_se {
                b = b.header("Min-SE", &m.to_string());
            }
        }
        if local.account.anonymous {
            // RFC 3323 §4.2 and RFC 3325 §9.3: ask the network to withhold our identity,
            // and tell the trusted proxy who we are.
            b = b.header("Privacy", "id").header(
                "P-Preferred-Identity",
                &format!("<{}>", local.account.aor()),
            );
        }
        if let Some((c, proxy)) = &self.challenge {
            let answer = c.answer(
                local.account.auth_name(),
                &local.account.password,
                "INVITE",
                &self.request_uri,
                1,
                &local.ids.token(12),
            );
            b = b.header(Challenge::header_name(*proxy), &answer);
        }
        b = b.body("application/sdp", self.invite_sdp.as_bytes());
        self.state = State::Calling;
        self.provisional_seen = false;
        match b.build() {
            Ok(bytes) => out.push_back(UaOutput::Send(bytes)),
            Err(_) => self.end(EndReason::Rejected { code: 416 }, out),
        }
    }

    /// The media side could not make a session description.
    pub fn media_failed(&mut self, local: &mut Local, out: &mut VecDeque<UaOutput>) {
        match self.state {
            State::AwaitingOffer => self.end(EndReason::MediaFailed, out),
            State::Ringing | State::Answering => {
                if let Some(inv) = self.incoming_invite.take() {
                    self.respond(&inv, 488, "Not Acceptable Here", local, out, None);
                }
                self.end(EndReason::MediaFailed, out);
            }
            // A re-offer of theirs we could not answer: 488, and the session stays as it was.
            State::Confirmed => {
                if let Some(req) = self.sdp.pending_reoffer.take() {
                    self.respond(&req, 488, "Not Acceptable Here", local, out, None);
                }
            }
            _ => {}
        }
    }

    /// The user answers a ringing incoming call: the 200 leaves now if the local answer is
    /// ready, else when [`Call::answer_ready`] brings it.
    pub fn answer(&mut self, local: &mut Local, out: &mut VecDeque<UaOutput>) -> bool {
        if self.state != State::Ringing {
            return false;
        }
        self.state = State::Answering;
        if let Some(sdp) = self.local_answer.take() {
            self.answer_ready(&sdp, local, out);
        }
        true
    }

    /// The local SDP answer is ready: kept while ringing, sent in the 200 once answered
    /// (RFC 3261 §13.3.1.4).
    pub fn answer_ready(&mut self, sdp: &str, local: &mut Local, out: &mut VecDeque<UaOutput>) {
        match self.state {
            State::Ringing => self.local_answer = Some(sdp.to_string()),
            State::Answering => {
                if let Some(inv) = self.incoming_invite.clone() {
                    self.sdp.local_sdp = sdp.to_string();
                    // RFC 4028 §9: a caller asking for a session timer gets one; it refreshes
                    // unless it said we should.
                    if let Some((interval, refresher)) = session_expires(&inv) {
                        let we_refresh = refresher.as_deref() == Some("uas");
                        self.session_timer =
                            Some(SessionTimer::start(interval, we_refresh, local.now));
                    }
                    self.respond(&inv, 200, "OK", local, out, Some(sdp));
                    self.state = State::Confirmed;
                    out.push_back(UaOutput::Event(UaEvent::Answered {
                        call: self.handle,
                        sdp: None,
                    }));
                }
            }
            _ => {}
        }
    }

    /// Refuse a ringing incoming call with `code` (486 Busy Here by default on the phones).
    pub fn reject(&mut self, code: u16, local: &mut Local, out: &mut VecDeque<UaOutput>) {
        if matches!(self.state, State::Ringing | State::Answering) {
            if let Some(inv) = self.incoming_invite.take() {
                self.respond(&inv, code, reason_phrase(code), local, out, None);
            }
            self.end(EndReason::LocalHangup, out);
        }
    }

    /// Forward a ringing call: 302 Moved Temporarily with `target` as the Contact (RFC 3261
    /// §8.3, §21.3.3), how desk phones forward (the caller's side follows the redirect).
    pub fn redirect(
        &mut self,
        target: &str,
        local: &mut Local,
        out: &mut VecDeque<UaOutput>,
    ) -> bool {
        if !matches!(self.state, State::Ringing | State::Answering) {
            return false;
        }
        if let Some(inv) = self.incoming_invite.take() {
            if let Ok(bytes) = self
                .response(&inv, 302, "Moved Temporarily", local, None)
                .header("Contact", &format!("<{target}>"))
                .build()
            {
                if let Some(r) = &mut self.reliable {
                    r.stop();
                }
                out.push_back(UaOutput::Send(bytes));
            }
        }
        self.end(EndReason::Forwarded, out);
        true
    }

    /// The user hangs up, whatever the state: CANCEL before an answer, BYE after.
    pub fn hangup(&mut self, local: &mut Local, out: &mut VecDeque<UaOutput>) {
        match self.state {
            State::AwaitingOffer => self.hangup_pending = true,
            State::Calling | State::Early if !self.provisional_seen => {
                // RFC 3261 §9.1: no CANCEL before a provisional response; send it when one comes.
                self.hangup_pending = true;
            }
            State::Calling | State::Early => self.send_cancel(local, out),
            State::Ringing | State::Answering => self.reject(486, local, out),
            State::Confirmed => {
                self.send_in_dialog("BYE", local, out);
                self.end(EndReason::LocalHangup, out);
            }
            State::Cancelling | State::Terminated => {}
        }
    }

    fn send_cancel(&mut self, local: &mut Local, out: &mut VecDeque<UaOutput>) {
        // RFC 3261 §9.1: same Request-URI, Call-ID, From, To, CSeq number and top Via branch.
        let mut b = Builder::request("CANCEL", &self.request_uri)
            .header("Via", &local.via(&self.invite_branch))
            .header("Max-Forwards", "70")
            .header(
                "From",
                &format!("{};tag={}", self.local_addr, self.local_tag),
            )
            .header("To", &self.remote_addr)
            .header("Call-ID", &self.call_id)
            .header("CSeq", &format!("{} CANCEL", self.invite_cseq));
        if let Some((c, proxy)) = &self.challenge {
            let answer = c.answer(
                local.account.auth_name(),
                &local.account.password,
                "CANCEL",
                &self.request_uri,
                1,
                &local.ids.token(12),
            );
            b = b.header(Challenge::header_name(*proxy), &answer);
        }
        if let Ok(bytes) = b.build() {
            out.push_back(UaOutput::Send(bytes));
        }
        self.state = State::Cancelling;
    }

    fn end(&mut self, reason: EndReason, out: &mut VecDeque<UaOutput>) {
        if self.state != State::Terminated {
            self.state = State::Terminated;
            out.push_back(UaOutput::Event(UaEvent::Ended {
                call: self.handle,
                reason,
            }));
        }
    }

    /// True when `msg` (a response) belongs to this call's INVITE, CANCEL or BYE.
    pub fn matches_response(&self, msg: &Message) -> bool {
        self.outgoing_or_dialog()
            && msg.call_id() == Some(self.call_id.as_str())
            && msg.from_tag().as_deref() == Some(self.local_tag.as_str())
    }

    fn outgoing_or_dialog(&self) -> bool {
        self.outgoing || self.state == State::Confirmed || self.state == State::Terminated
    }

    /// True when `msg` (a request) belongs to this call: same Call-ID and remote tag,
    /// or a CANCEL/ACK of the pending INVITE.
    pub fn matches_request(&self, msg: &Message) -> bool {
        if msg.call_id() != Some(self.call_id.as_str()) {
            return false;
        }
        match self.remote_tag.as_deref() {
            Some(tag) => msg.from_tag().as_deref() == Some(tag),
            None => false,
        }
    }

    fn send_in_dialog(&mut self, method: &str, local: &mut Local, out: &mut VecDeque<UaOutput>) {
        self.local_cseq += 1;
        let cseq = self.local_cseq;
        self.send_request(method, cseq, local, out);
    }

    /// RFC 3261 §12.2.1.1: a request within the dialog, loose-routed through the route set.
    fn send_request(
        &mut self,
        method: &str,
        cseq: u32,
        local: &mut Local,
        out: &mut VecDeque<UaOutput>,
    ) {
        self.send_request_with(method, cseq, None, local, out);
    }

    fn send_request_with(
        &mut self,
        method: &str,
        cseq: u32,
        sdp: Option<&str>,
        local: &mut Local,
        out: &mut VecDeque<UaOutput>,
    ) {
        self.send_request_body(
            method,
            cseq,
            sdp.map(|s| ("application/sdp", s)),
            local,
            out,
        );
    }

    fn send_request_headers(
        &mut self,
        method: &str,
        cseq: u32,
        headers: &[(&str, &str)],
        local: &mut Local,
        out: &mut VecDeque<UaOutput>,
    ) {
        self.send_request_full(method, cseq, headers, None, local, out);
    }

    fn send_request_body(
        &mut self,
        method: &str,
        cseq: u32,
        body: Option<(&str, &str)>,
        local: &mut Local,
        out: &mut VecDeque<UaOutput>,
    ) {
        self.send_request_full(method, cseq, &[], body, local, out);
    }

    fn send_request_full(
        &mut self,
        method: &str,
        cseq: u32,
        headers: &[(&str, &str)],
        body: Option<(&str, &str)>,
        local: &mut Local,
        out: &mut VecDeque<UaOutput>,
    ) {
        let remote_tag = self.remote_tag.clone().unwrap_or_default();
        let to = format!("{};tag={remote_tag}", self.remote_addr);
        let from = format!("{};tag={}", self.local_addr, self.local_tag);
        let target = if self.remote_target.is_empty() {
            self.request_uri.clone()
        } else {
            self.remote_target.clone()
        };
        let branch = local.ids.branch();
        let mut b = Builder::request(method, &target)
            .header("Via", &local.via(&branch))
            .header("Max-Forwards", "70");
        for r in &self.route_set {
            b = b.header("Route", r);
        }
        b = b
            .header("From", &from)
            .header("To", &to)
            .header("Call-ID", &self.call_id)
            .header("CSeq", &format!("{cseq} {method}"))
            .header("User-Agent", super::ua::USER_AGENT);
        if method == "INVITE" {
            b = b
                .header("Contact", &format!("<{}>", local.contact))
                .header("Allow", super::ua::ALLOW);
        }
        for (name, value) in headers {
            b = b.header(name, value);
        }
        if let (true, Some(t)) = (method == "INVITE", self.session_timer) {
            // RFC 4028 §7.4: a refresh repeats the interval, with us as the refresher.
            b = b
                .header("Session-Expires", &format!("{};refresher=uac", t.interval))
                .header("Supported", "timer");
        }
        if let Some((ctype, body)) = body {
            b = b.body(ctype, body.as_bytes());
        }
        match b.build() {
            Ok(bytes) => out.push_back(UaOutput::Send(bytes)),
            Err(e) => out.push_back(UaOutput::Event(UaEvent::Warning(format!(
                "cannot send {method}: {}",
                e.0
            )))),
        }
    }

    /// Handle a request for this call (in-dialog request, CANCEL or ACK).
    pub fn on_request(&mut self, msg: &Message, local: &mut Local, out: &mut VecDeque<UaOutput>) {
        let method = msg.method().unwrap_or_default();
        match method.as_str() {
            "ACK" => {}
            "CANCEL" => {
                self.respond(msg, 200, "OK", local, out, None);
                if matches!(self.state, State::Ringing | State::Answering) {
                    if let Some(inv) = self.incoming_invite.take() {
                        self.respond(&inv, 487, "Request Terminated", local, out, None);
                    }
                    self.end(EndReason::Cancelled, out);
                }
            }
            "BYE" => {
                self.respond(msg, 200, "OK", local, out, None);
                self.end(EndReason::RemoteHangup, out);
            }
            "INVITE" => self.on_reinvite(msg, local, out),
            "REFER" => self.on_refer(msg, local, out),
            "NOTIFY" => self.on_notify(msg, local, out),
            "OPTIONS" => self.respond(msg, 200, "OK", local, out, None),
            // RFC 3262 §3: a PRACK for our reliable 180 gets 200; any other gets 481.
            "PRACK" => {
                let rack = msg.header("rack");
                if self.reliable.as_mut().is_some_and(|r| r.acknowledge(rack)) {
                    self.respond(msg, 200, "OK", local, out, None);
                } else {
                    self.respond(
                        msg,
                        481,
                        "Call/Transaction Does Not Exist",
                        local,
                        out,
                        None,
                    );
                }
            }
            "INFO" => match dtmf_relay_digit(msg) {
                Some(digit) => {
                    self.respond(msg, 200, "OK", local, out, None);
                    out.push_back(UaOutput::Event(UaEvent::DtmfReceived {
                        call: self.handle,
                        digit,
                    }));
                }
                // Other INFO packages are not understood (RFC 6086 §4.2.2).
                None => self.respond(msg, 415, "Unsupported Media Type", local, out, None),
            },
            _ => self.respond(msg, 501, "Not Implemented", local, out, None),
        }
    }

    /// Send a DTMF digit as a SIP INFO (`application/dtmf-relay`, the de-facto format the
    /// phones' "SIP INFO" DTMF mode uses).
    pub fn send_info_dtmf(&mut self, digit: char, local: &mut Local, out: &mut VecDeque<UaOutput>) {
        if self.state != State::Confirmed {
            return;
        }
        self.local_cseq += 1;
        let cseq = self.local_cseq;
        let body = format!("Signal={digit}\r\nDuration=160\r\n");
        self.send_request_body(
            "INFO",
            cseq,
            Some(("application/dtmf-relay", &body)),
            local,
            out,
        );
    }

    /// RFC 3261 §13.3.1.4: our 2xx was never acknowledged: end the session with a BYE.
    pub fn ack_timeout(&mut self, local: &mut Local, out: &mut VecDeque<UaOutput>) {
        if self.state == State::Confirmed {
            self.send_in_dialog("BYE", local, out);
            self.end(EndReason::Rejected { code: 408 }, out);
        }
    }

    /// When [`Call::handle_timeout`] is next due (the reliable 180's retransmission, or the
    /// session timer).
    pub fn next_timeout(&self) -> Option<Instant> {
        let session = self
            .session_timer
            .filter(|_| self.state == State::Confirmed)
            .map(|t| t.due);
        let reliable = self.reliable.as_ref().and_then(Reliable::due);
        session.into_iter().chain(reliable).min()
    }

    /// A timer fired: retransmit the reliable 180 (RFC 3262 §3), or refresh the session or
    /// end one nobody refreshed (RFC 4028 §10).
    pub fn handle_timeout(&mut self, local: &mut Local, out: &mut VecDeque<UaOutput>) {
        match self.reliable.as_mut().and_then(|r| r.on_timeout(local.now)) {
            Some(Retransmit::Resend(bytes)) => out.push_back(UaOutput::Send(bytes)),
            Some(Retransmit::GiveUp) => {
                if let Some(inv) = self.incoming_invite.take() {
                    self.respond(&inv, 504, "Server Time-out", local, out, None);
                }
                self.end(EndReason::Rejected { code: 504 }, out);
            }
            None => {}
        }
        let Some(timer) = self
            .session_timer
            .filter(|t| self.state == State::Confirmed && local.now >= t.due)
        else {
            return;
        };
        if timer.we_refresh {
            // Restarted by the refresh's 2xx (RFC 4028 §10); until then, nothing is due.
            self.session_timer = Some(SessionTimer {
                due: Instant(u64::MAX),
                ..timer
            });
            self.refresh(local, out);
        } else {
            self.session_timer = None;
            self.send_in_dialog("BYE", local, out);
            self.end(EndReason::Rejected { code: 408 }, out);
        }
    }

    /// A response to `req`, with what RFC 3261 (Contact, Allow) and RFC 4028 (the session
    /// timer) put in it.
    fn response(
        &self,
        req: &Message,
        code: u16,
        reason: &str,
        local: &Local,
        sdp: Option<&str>,
    ) -> Builder {
        let tag = (code > 100).then_some(self.local_tag.as_str());
        let mut b = Builder::response_to(req, code, reason, tag);
        let is_invite = req.method().as_deref() == Some("INVITE");
        if is_invite && (101..300).contains(&code) {
            b = b
                .header("Contact", &format!("<{}>", local.contact))
                .header("Allow", super::ua::ALLOW);
        }
        if let (true, 200..=299, Some(t)) = (is_invite, code, self.session_timer) {
            let refresher = if t.we_refresh { "uas" } else { "uac" };
            b = b
                .header(
                    "Session-Expires",
                    &format!("{};refresher={refresher}", t.interval),
                )
                .header("Require", "timer");
        }
        if let Some(sdp) = sdp {
            b = b.body("application/sdp", sdp.as_bytes());
        }
        b
    }

    fn respond(
        &mut self,
        req: &Message,
        code: u16,
        reason: &str,
        local: &mut Local,
        out: &mut VecDeque<UaOutput>,
        sdp: Option<&str>,
    ) {
        // A final response to the INVITE ends the retransmission of our reliable 180.
        if code >= 200 && req.method().as_deref() == Some("INVITE") {
            if let Some(r) = &mut self.reliable {
                r.stop();
            }
        }
        let b = self.response(req, code, reason, local, sdp);
        if let Ok(bytes) = b.build() {
            out.push_back(UaOutput::Send(bytes));
        }
    }
}

/// Whether the caller asks us to answer by ourselves (an intercom call): `Call-Info: ...;
/// answer-after=0` (the AudioCodes manual's Call-Info answer-after), or an Alert-Info of
/// `info=alert-autoanswer` or "Auto Answer" (the forms Yealink and Broadsoft send).
fn asks_auto_answer(invite: &Message) -> bool {
    let call_info = invite.values("call-info").any(|v| {
        v.split(';').any(|p| {
            let p = p.trim().to_ascii_lowercase();
            p == "answer-after=0"
        })
    });
    let alert_info = invite.values("alert-info").any(|v| {
        let v = v.to_ascii_lowercase();
        v.contains("info=alert-autoanswer")
            || v.contains("auto answer")
            || v.contains("info=intercom")
    });
    call_info || alert_info
}

/// The ring tone an Alert-Info asks for (the CP860's distinctive ring): `ringtone-N`,
/// `MyMelodyN` or `Bellcore-drN` plays Ring N; an N outside 1 to 5 plays Ring 1.
fn asked_ring_tone(invite: &Message) -> Option<u8> {
    invite.values("alert-info").find_map(|v| {
        let v = v.to_ascii_lowercase();
        ["ringtone-", "mymelody", "bellcore-dr"]
            .iter()
            .find_map(|name| {
                let at = v.find(name)? + name.len();
                let digits: String = v[at..].chars().take_while(char::is_ascii_digit).collect();
                let n: u8 = digits
                    .parse()
                    .ok()
                    .filter(|n| (1..=5).contains(n))
                    .unwrap_or(1);
                Some(n)
            })
    })
}

/// The digit of an INFO carrying `application/dtmf-relay` (`Signal=5`).
fn dtmf_relay_digit(msg: &Message) -> Option<char> {
    let ctype = msg.header("content-type")?;
    if !ctype
        .trim()
        .to_ascii_lowercase()
        .starts_with("application/dtmf-relay")
    {
        return None;
    }
    let body = String::from_utf8_lossy(msg.body());
    let signal = body.lines().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("signal")
            .then(|| v.trim().to_string())
    })?;
    let mut chars = signal.chars();
    let c = chars.next()?.to_ascii_uppercase();
    (chars.next().is_none() && matches!(c, '0'..='9' | '*' | '#' | 'A'..='D')).then_some(c)
}

/// The caller's identity per the account's setting: P-Asserted-Identity (RFC 3325 §9.1),
/// Remote-Party-ID (draft-ietf-sip-privacy-04, `party=calling`), or From.
fn caller_identity(invite: &Message, source: CallerIdSource) -> Option<String> {
    let pai = || {
        invite
            .header_list("p-asserted-identity")
            .into_iter()
            .find(|v| addr_uri(v).starts_with("sip"))
    };
    let rpid = || {
        invite.header_list("remote-party-id").into_iter().find(|v| {
            super::message::header_param(v, "party")
                .is_none_or(|p| p.eq_ignore_ascii_case("calling"))
        })
    };
    match source {
        CallerIdSource::PaiRpidFrom => pai().or_else(rpid),
        CallerIdSource::RpidPaiFrom => rpid().or_else(pai),
        CallerIdSource::From => None,
    }
}

/// The RFC 3261 §21 reason phrase of the rejection codes a phone sends.
fn reason_phrase(code: u16) -> &'static str {
    match code {
        403 => "Forbidden",
        404 => "Not Found",
        480 => "Temporarily Unavailable",
        486 => "Busy Here",
        488 => "Not Acceptable Here",
        600 => "Busy Everywhere",
        603 => "Decline",
        _ => "Rejected",
    }
}

fn strip_tag(value: &str) -> String {
    // Remove ";tag=..." that follows the address.
    let cut = match value.rfind('>') {
        Some(i) => i + 1,
        None => value.find(';').unwrap_or(value.len()),
    };
    let (addr, params) = value.split_at(cut);
    let kept: Vec<&str> = params
        .split(';')
        .filter(|p| !p.is_empty() && !p.trim().to_ascii_lowercase().starts_with("tag="))
        .collect();
    if kept.is_empty() {
        addr.to_string()
    } else {
        format!("{addr};{}", kept.join(";"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_alert_info(value: &str) -> Message {
        let text = format!(
            "INVITE sip:a@h SIP/2.0\r\nVia: SIP/2.0/WSS h;branch=z9hG4bK1\r\nFrom: <sip:b@h>;tag=1\r\n\
             To: <sip:a@h>\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\nAlert-Info: {value}\r\nContent-Length: 0\r\n\r\n"
        );
        Message::parse(text.as_bytes()).unwrap()
    }

    #[test]
    fn an_alert_info_picks_one_of_the_five_ring_tones() {
        let tone = |v: &str| asked_ring_tone(&with_alert_info(v));
        assert_eq!(tone("<http://x>;info=ringtone-3"), Some(3));
        assert_eq!(tone("MyMelody5"), Some(5));
        assert_eq!(tone("<urn:x>;info=Bellcore-dr2"), Some(2));
        assert_eq!(tone("ringtone-9"), Some(1), "out of range: Ring 1");
        assert_eq!(tone("<http://x>;info=alert-autoanswer"), None);
    }
}
