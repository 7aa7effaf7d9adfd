//! The SIP user agent of one account: routes received messages to the registration or to
//! a call, answers what belongs to neither, and queues what to send.
//!
//! Sans-IO (see STYLE.md §1): `handle_*` methods take input, [`UserAgent::poll_output`]
//! drains messages to send and events, [`UserAgent::next_timeout`] says when to call
//! [`UserAgent::handle_timeout`].

use std::collections::VecDeque;

use super::account::Account;
use super::builder::Builder;
use super::call::{Call, CallRef, EndReason, Party, ReferTarget, Replaces};
use super::keepalive::{Action as KeepAliveAction, KeepAlive};
use super::message::{Message, ParseError};
use super::pager::{self, MessageRef};
use super::registration::{Registration, RegistrationState};
use super::subscription::{SubRef, Subscription};
use super::transaction::layer::{Layer, Output as TxOutput};
use super::uas;
use crate::ids::IdGen;
use crate::time::Instant;

/// Methods this phone accepts (RFC 3261 §20.5).
pub use super::uas::ALLOW;
/// The User-Agent header value.
pub const USER_AGENT: &str = concat!("Deskphone/", env!("CARGO_PKG_VERSION"));

/// What the user agent reports to the phone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UaEvent {
    /// The registration state changed.
    Registration(RegistrationState),
    /// A new incoming call (100 Trying sent); `sdp` is the caller's offer. Its 180 goes
    /// when the phone rings for it ([`UserAgent::ring`]).
    Incoming {
        /// The call.
        call: CallRef,
        /// The caller.
        from: Party,
        /// The SDP offer of the INVITE.
        sdp: String,
        /// The call this one takes over (an INVITE with Replaces, RFC 3891): answer it at
        /// once and hang the other up.
        replaces: Option<CallRef>,
        /// The caller asks for the call to be answered by itself (intercom).
        auto_answer: bool,
        /// The ring tone the caller's Alert-Info asks for (1 to 5).
        ring_tone: Option<u8>,
    },
    /// The far end accepted (2xx) or refused our REFER (RFC 3515 §2.4.2).
    TransferAccepted {
        /// The call we asked to transfer.
        call: CallRef,
        /// The REFER's final status.
        code: u16,
    },
    /// A NOTIFY about our REFER: the status of the transferee's new call.
    TransferProgress {
        /// The call we asked to transfer.
        call: CallRef,
        /// The new call's status (100, 180, 200, 486...).
        code: u16,
    },
    /// The far end asks us to call `target` (a REFER we accepted, RFC 3515): place the call
    /// with [`UserAgent::call_referred`] and report with [`UserAgent::notify_transfer`].
    Referred {
        /// The call the REFER came in.
        call: CallRef,
        /// Whom to call.
        target: ReferTarget,
    },
    /// An outgoing call got a provisional response (180 ringing, 183 early media).
    Progress {
        /// The call.
        call: CallRef,
        /// Status code.
        code: u16,
        /// Early-media SDP, if the response had a body.
        sdp: Option<String>,
    },
    /// The call is answered. For an outgoing call `sdp` is the far end's answer.
    Answered {
        /// The call.
        call: CallRef,
        /// The SDP answer (outgoing calls).
        sdp: Option<String>,
    },
    /// The far end re-offered a new description (hold, resume): answer it with
    /// [`UserAgent::reanswer`].
    Reoffered {
        /// The call.
        call: CallRef,
        /// The new remote offer.
        offer: String,
    },
    /// Our re-offer got its answer (`None`: it was refused and nothing changed).
    Renegotiated {
        /// The call.
        call: CallRef,
        /// The remote answer.
        answer: Option<String>,
        /// The offer crossed one of the far end's (491, RFC 3261 §14.1): offer again after
        /// this long (a fresh offer: the session may have changed meanwhile).
        retry_after: Option<crate::time::Duration>,
    },
    /// The call is over.
    Ended {
        /// The call.
        call: CallRef,
        /// Why.
        reason: EndReason,
    },
    /// The server answered our recording request ([`UserAgent::record`]).
    Recording {
        /// The call.
        call: CallRef,
        /// What we asked for: start (`true`) or stop.
        on: bool,
        /// The final status: 2xx means done.
        code: u16,
    },
    /// The far end sent a DTMF digit by SIP INFO.
    DtmfReceived {
        /// The call.
        call: CallRef,
        /// `0`-`9`, `*`, `#`, `A`-`D`.
        digit: char,
    },
    /// A text message arrived (RFC 3428).
    MessageReceived(pager::Received),
    /// An outgoing message got its final answer (2xx: delivered).
    MessageResult {
        /// The message.
        message: MessageRef,
        /// The final status code (408 when nobody answered).
        code: u16,
    },
    /// The flow to the server is dead (no keep-alive pong, RFC 5626 §4.4.1): the driver
    /// must close the connection and open a new one.
    FlowFailed,
    /// Use server `n` of the account's list from now on (0 = the primary): failover when
    /// the current one does not answer, fail-back to the primary after a while.
    SwitchServer(usize),
    /// A NOTIFY of a subscription of ours (or an unsolicited message summary, `sub: None`).
    Notified {
        /// The subscription.
        sub: Option<SubRef>,
        /// The event package (`dialog`, `message-summary`).
        event: String,
        /// The body's Content-Type, with its parameters.
        content_type: String,
        /// The body.
        body: String,
    },
    /// The notifier refused a SUBSCRIBE of ours with a final status (another is tried
    /// later, as RFC 6665 §4.1.2.1 allows).
    SubscriptionRefused {
        /// The subscription.
        sub: SubRef,
        /// The final status.
        code: u16,
    },
    /// Something was dropped or refused; for the system log.
    Warning(String),
}

/// Output of the user agent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UaOutput {
    /// Bytes to send to the server over the account's transport.
    Send(Vec<u8>),
    /// An event for the phone.
    Event(UaEvent),
}

/// The local side of the transport: identity, addresses, id generator.
#[derive(Debug)]
pub struct Local {
    /// The account.
    pub account: Account,
    /// Host put in Via (RFC 7118 §5.2: a `.invalid` name on WebSocket).
    pub via_host: String,
    /// Our Contact URI.
    pub contact: String,
    /// Generator of tags and branches.
    pub ids: IdGen,
    /// RFC 5626 §4.1: this device's instance URN, the same in every registration.
    pub instance: String,
    /// The driver's clock, as of the latest input.
    pub now: Instant,
}

impl Local {
    /// A Via header value with `branch` and `rport` (RFC 3581).
    pub fn via(&self, branch: &str) -> String {
        format!(
            "SIP/2.0/{} {};branch={branch};rport",
            self.account.transport.via_token(),
            self.via_host
        )
    }
}

/// The user agent of one account.
#[derive(Debug)]
pub struct UserAgent {
    local: Local,
    registration: Registration,
    calls: Vec<Call>,
    /// The line (account index) this user agent serves, carried in every [`CallRef`].
    line: usize,
    next_call: u32,
    messages: Vec<pager::Outgoing>,
    keepalive: KeepAlive,
    /// The server in use (index into the driver's list; 0 = primary).
    server: usize,
    /// While on a backup: when to try the primary again.
    failback_at: Option<Instant>,
    /// Transport losses since the transport was last up: a server we cannot even connect to
    /// twice in a row is as good as one that does not answer.
    downs_in_a_row: u32,
    /// What the cores (registration, calls) produced, before the transaction layer.
    out: VecDeque<UaOutput>,
    /// What leaves the user agent.
    ready: VecDeque<UaOutput>,
    transactions: Layer,
    now: Instant,
    last_reg_state: RegistrationState,
    /// Subscriptions we hold (BLF, MWI).
    subscriptions: Vec<Subscription>,
    /// Subscriptions ended by the user, dropped at the next subscribe.
    ended_subscriptions: Vec<SubRef>,
    /// The transport is up (subscriptions made now are sent at once).
    connected: bool,
    /// Hot desking cleared the account: no registration until [`UserAgent::sign_in`].
    signed_out: bool,
}

impl UserAgent {
    /// A user agent for `account` on line 1; `seed` feeds the tag/branch generator.
    pub fn new(account: Account, seed: u64) -> UserAgent {
        UserAgent::for_line(account, seed, 0)
    }

    /// A user agent for `account` on line `line` (0-based) of a phone with several accounts.
    pub fn for_line(account: Account, seed: u64, line: usize) -> UserAgent {
        let mut ids = IdGen::new(seed);
        let via_host = format!("{}.invalid", ids.token(12));
        let contact = format!(
            "sip:{}@{via_host};transport={}",
            account.user,
            account.transport.uri_param()
        );
        let registration =
            Registration::new(format!("{}@deskphone", ids.token(20)), account.expires);
        let hex = format!("{:016x}{:016x}", ids.next_u64(), ids.next_u64());
        let instance = format!(
            "<urn:uuid:{}-{}-4{}-8{}-{}>",
            &hex[0..8],
            &hex[8..12],
            &hex[13..16],
            &hex[17..20],
            &hex[20..32]
        );
        let transactions = Layer::new(account.transport.reliability(), account.timers);
        UserAgent {
            local: Local {
                account,
                via_host,
                contact,
                ids,
                instance,
                now: Instant(0),
            },
            registration,
            calls: Vec::new(),
            line,
            next_call: 1,
            messages: Vec::new(),
            keepalive: KeepAlive::default(),
            server: 0,
            failback_at: None,
            downs_in_a_row: 0,
            out: VecDeque::new(),
            ready: VecDeque::new(),
            subscriptions: Vec::new(),
            ended_subscriptions: Vec::new(),
            connected: false,
            signed_out: false,
            transactions,
            now: Instant(0),
            last_reg_state: RegistrationState::Unregistered,
        }
    }

    /// Native transports: the address our socket is bound to, for Via and Contact
    /// (the browser driver keeps the RFC 7118 `.invalid` host).
    pub fn set_local_address(&mut self, host: &str, port: u16) {
        let l = &mut self.local;
        l.via_host = format!("{host}:{port}");
        l.contact = format!(
            "sip:{}@{host}:{port};transport={}",
            l.account.user,
            l.account.transport.uri_param()
        );
    }

    /// RFC 5626 §4.1: the device's instance URN (`<urn:uuid:...>`).
    pub fn instance(&self) -> &str {
        &self.local.instance
    }

    /// Use the device's instance URN: every account of one phone registers with the same
    /// one (RFC 5626 §4.1), so the phone's other lines take line 1's.
    pub fn with_instance(mut self, instance: &str) -> UserAgent {
        self.local.instance = instance.to_string();
        self
    }

    /// The account.
    pub fn account(&self) -> &Account {
        &self.local.account
    }

    /// The account's call waiting, which the phone's Features menu switches (it applies to
    /// the next call that arrives).
    pub fn set_call_waiting(&mut self, on: bool) {
        self.local.account.call_waiting = on;
    }

    /// Answer every call by itself, or not (Features > Auto answer).
    pub fn set_auto_answer(&mut self, on: bool) {
        self.local.account.auto_answer = on;
    }

    /// Answer intercom calls by themselves, or ring them as any call (Features > Intercom).
    pub fn set_allow_intercom(&mut self, on: bool) {
        self.local.account.allow_intercom = on;
    }

    /// The registration state.
    pub fn registration(&self) -> &RegistrationState {
        self.registration.state()
    }

    /// The transport is up: register.
    pub fn transport_up(&mut self, now: Instant) {
        self.advance(now);
        self.downs_in_a_row = 0;
        if !self.signed_out {
            let bytes = self.registration.register(&mut self.local, now);
            self.push_send(bytes);
            self.report_registration();
        }
        self.connected = true;
        // Subscriptions the user ended stay ended: a new flow brings no final NOTIFY for them.
        let ended = std::mem::take(&mut self.ended_subscriptions);
        self.subscriptions.retain(|s| !ended.contains(&s.id()));
        for i in 0..self.subscriptions.len() {
            let bytes = self.subscriptions[i].restart(&mut self.local, now);
            self.push_send(bytes);
        }
        // A new connection is a new flow: calls refresh their route and target through it
        // (RFC 5626 §4.2.1 recovery; the server keeps the dialogs).
        for c in &mut self.calls {
            c.refresh(&mut self.local, &mut self.out);
        }
    }

    /// The transport was lost; the driver reconnects and calls [`UserAgent::transport_up`].
    pub fn transport_lost(&mut self) {
        self.keepalive.stop();
        self.connected = false;
        for s in &mut self.subscriptions {
            s.transport_lost();
        }
        self.downs_in_a_row += 1;
        let servers = self.local.account.servers;
        if servers > 1 && self.downs_in_a_row >= 2 {
            // Failover: the server cannot be reached at all.
            self.downs_in_a_row = 0;
            self.server = (self.server + 1) % servers;
            self.failback_at = None;
            self.out
                .push_back(UaOutput::Event(UaEvent::SwitchServer(self.server)));
        }
        self.registration.transport_lost();
        self.report_registration();
    }

    /// Un-register (on exit).
    pub fn unregister(&mut self, now: Instant) {
        self.advance(now);
        let bytes = self.registration.unregister(&mut self.local, now);
        self.push_send(bytes);
        self.report_registration();
        for i in 0..self.subscriptions.len() {
            let bytes = self.subscriptions[i].unsubscribe(&mut self.local, now);
            self.push_send(bytes);
        }
    }

    /// Hot desking (Dinstar §3.18): take the account off the server (un-register, end every
    /// subscription); the line stays silent until
    /// [`UserAgent::sign_in`].
    pub fn sign_out(&mut self, now: Instant) {
        if self.connected {
            self.unregister(now);
        }
        let ids: Vec<SubRef> = self.subscriptions.iter().map(Subscription::id).collect();
        self.ended_subscriptions.extend(ids);
        if !self.connected {
            self.subscriptions.clear();
        }
        // The account stays until then: the un-REGISTER may be challenged (RFC 3261 §22).
        self.signed_out = true;
        self.report_registration();
    }

    /// Whether hot desking left the line without an account.
    pub fn is_signed_out(&self) -> bool {
        self.signed_out
    }

    /// Take `account` for this line (hot desking: the next user signs in) and register it
    /// now if the transport is up. A new registration (new Call-ID, RFC 3261 §10.2.4).
    pub fn sign_in(&mut self, account: Account, now: Instant) {
        self.advance(now);
        let host = (self.local.contact.split_once('@')).map_or("", |(_, h)| h);
        self.local.contact = format!("sip:{}@{host}", account.user);
        let call_id = format!("{}@deskphone", self.local.ids.token(20));
        self.registration = Registration::new(call_id, account.expires);
        self.local.account = account;
        self.signed_out = false;
        if self.connected {
            let bytes = self.registration.register(&mut self.local, now);
            self.push_send(bytes);
        }
        self.report_registration();
    }

    /// Subscribe to `event` of `target` (a SIP URI) for `accept` bodies (RFC 6665); NOTIFYs
    /// come as [`UaEvent::Notified`]. Sent now if the transport is up, else when it is.
    pub fn subscribe(&mut self, event: &str, accept: &str, target: &str) -> SubRef {
        self.start_subscription(|id, local| {
            Subscription::new(id, event, accept, target, 3600, local)
        })
    }

    /// Subscribe to the resource list `target` (RFC 4662: `Supported: eventlist`), for
    /// `event` of each member; the NOTIFYs' `multipart/related` bodies come as
    /// [`UaEvent::Notified`].
    pub fn subscribe_list(&mut self, event: &str, accept: &str, target: &str) -> SubRef {
        self.start_subscription(|id, local| {
            Subscription::new(id, event, accept, target, 3600, local).for_list()
        })
    }

    /// Subscribe to `event` of `target` for `expires` seconds with a request in every
    /// SUBSCRIBE's body (`content_type`, `body`): the BroadSoft feature-event package asks for
    /// an agent state so. A refusal comes as [`UaEvent::SubscriptionRefused`].
    pub fn subscribe_with_body(
        &mut self,
        event: &str,
        target: &str,
        expires: u32,
        content_type: &str,
        body: &str,
    ) -> SubRef {
        self.start_subscription(|id, local| {
            Subscription::new(id, event, content_type, target, expires, local)
                .with_body(content_type, body)
        })
    }

    /// Ask subscription `sub`'s notifier again, with a new body (see
    /// [`UserAgent::subscribe_with_body`]).
    pub fn resubscribe_with_body(&mut self, sub: SubRef, content_type: &str, body: &str) {
        let now = self.now;
        if let Some(s) = self.subscriptions.iter_mut().find(|s| s.id() == sub) {
            let bytes = s.set_body(content_type, body, &mut self.local, now);
            if self.connected {
                self.push_send(bytes);
            }
        }
    }

    /// Subscription `sub`'s SUBSCRIBEs carry `body` from the next one on; nothing is sent now.
    pub fn keep_subscription_body(&mut self, sub: SubRef, content_type: &str, body: &str) {
        if let Some(s) = self.subscriptions.iter_mut().find(|s| s.id() == sub) {
            s.replace_body(content_type, body);
        }
    }

    /// End subscription `sub` with a last request in its body (Expires: 0).
    pub fn unsubscribe_with_body(&mut self, sub: SubRef, content_type: &str, body: &str) {
        self.keep_subscription_body(sub, content_type, body);
        self.unsubscribe(sub);
    }

    fn start_subscription(
        &mut self,
        make: impl FnOnce(SubRef, &mut Local) -> Subscription,
    ) -> SubRef {
        // Ended subscriptions go, but not while their last request is unanswered: an
        // un-SUBSCRIBE may still have to follow its 2xx.
        let mut ended = std::mem::take(&mut self.ended_subscriptions);
        ended.retain(|id| {
            let waiting = (self.subscriptions.iter()).any(|s| s.id() == *id && s.awaiting_answer());
            if waiting {
                self.ended_subscriptions.push(*id);
            }
            !waiting
        });
        self.subscriptions.retain(|s| !ended.contains(&s.id()));
        let id = SubRef(self.next_call);
        self.next_call += 1;
        let mut s = make(id, &mut self.local);
        if self.connected {
            let bytes = s.restart(&mut self.local, self.now);
            self.push_send(bytes);
        }
        self.subscriptions.push(s);
        id
    }

    /// End subscription `sub` (Expires: 0, RFC 6665 §4.1.2.3). It stays to match the final
    /// NOTIFY, and is dropped by the next [`UserAgent::subscribe`].
    pub fn unsubscribe(&mut self, sub: SubRef) {
        let now = self.now;
        if let Some(s) = self.subscriptions.iter_mut().find(|s| s.id() == sub) {
            let bytes = s.unsubscribe(&mut self.local, now);
            if self.connected {
                self.push_send(bytes);
            }
            self.ended_subscriptions.push(sub);
        }
    }

    /// Tell the user agent the time before calling a method without a `now`.
    pub fn advance(&mut self, now: Instant) {
        self.now = self.now.max(now);
        self.local.now = self.now;
    }

    /// Send a text message to `target` (a SIP URI); the outcome comes as
    /// [`UaEvent::MessageResult`].
    pub fn send_message(&mut self, target: &str, text: &str) -> MessageRef {
        let id = MessageRef(self.next_call);
        self.next_call += 1;
        let (m, bytes) = pager::Outgoing::new(id, target, text, &mut self.local);
        match bytes {
            Some(b) => {
                self.push_send(b);
                self.messages.push(m);
            }
            None => self.out.push_back(UaOutput::Event(UaEvent::MessageResult {
                message: id,
                code: 416,
            })),
        }
        id
    }

    /// Start an outgoing call to `target` (a SIP URI); the INVITE leaves with [`UserAgent::offer_ready`].
    pub fn call(&mut self, target: &str) -> CallRef {
        let handle = self.new_handle();
        let call = Call::outgoing(handle, target, &mut self.local);
        self.calls.push(call);
        handle
    }

    /// Start an outgoing call whose INVITE carries `headers` too (an intercom call's
    /// Alert-Info and Call-Info).
    pub fn call_with_headers(&mut self, target: &str, headers: Vec<(String, String)>) -> CallRef {
        let handle = self.new_handle();
        let call = Call::outgoing_with(handle, target, headers, &mut self.local);
        self.calls.push(call);
        handle
    }

    /// Transferee: call the target of a REFER we accepted (its Replaces and the Referred-By
    /// go in the INVITE, RFC 3891 §5 / RFC 3892); the INVITE leaves with
    /// [`UserAgent::offer_ready`].
    pub fn call_referred(&mut self, target: &ReferTarget) -> CallRef {
        let handle = self.new_handle();
        let mut headers = Vec::new();
        if let Some(r) = &target.replaces {
            headers.push(("Replaces".to_string(), r.clone()));
        }
        if let Some(by) = &target.referred_by {
            headers.push(("Referred-By".to_string(), by.clone()));
        }
        let call = Call::outgoing_with(handle, &target.uri, headers, &mut self.local);
        self.calls.push(call);
        handle
    }

    /// Transferor: ask the far end of `call` to call `target`, taking over `replacing` (a
    /// call of ours to the target, for an attended transfer). `false` if `call` is not
    /// answered or `replacing` has no dialog.
    pub fn refer(&mut self, call: CallRef, target: &str, replacing: Option<CallRef>) -> bool {
        let replaces = match replacing {
            Some(r) => match self.calls.iter().find(|c| c.handle() == r) {
                Some(c) => match c.replaces_for_remote() {
                    Some(rep) => Some(rep),
                    None => return false,
                },
                None => return false,
            },
            None => None,
        };
        let mut sent = false;
        self.with_call(call, |c, local, out| {
            sent = c.refer(target, replaces.as_ref(), local, out)
        });
        sent
    }

    /// The address of record of `call`'s far end (where an attended transfer sends the
    /// transferee).
    pub fn remote_aor(&self, call: CallRef) -> Option<String> {
        self.calls
            .iter()
            .find(|c| c.handle() == call)
            .map(Call::remote_aor)
    }

    /// The Call-ID of `call`.
    pub fn call_id_of(&self, call: CallRef) -> Option<&str> {
        self.calls
            .iter()
            .find(|c| c.handle() == call)
            .map(Call::call_id)
    }

    /// Transferee: report the new call's status `code` to the transferor in `call`.
    pub fn notify_transfer(&mut self, call: CallRef, code: u16) {
        self.with_call(call, |c, local, out| c.notify_transfer(code, local, out));
    }

    /// The local SDP offer for `call` is ready.
    pub fn offer_ready(&mut self, call: CallRef, sdp: &str) {
        self.with_call(call, |c, local, out| c.offer_ready(sdp, local, out));
    }

    /// The user answers `call`; the 200 leaves with [`UserAgent::answer_ready`].
    pub fn answer(&mut self, call: CallRef) -> bool {
        let mut answered = false;
        self.with_call(call, |c, local, out| answered = c.answer(local, out));
        answered
    }

    /// The local SDP answer for `call` is ready.
    pub fn answer_ready(&mut self, call: CallRef, sdp: &str) {
        self.with_call(call, |c, local, out| c.answer_ready(sdp, local, out));
    }

    /// The media side failed to make a description for `call`.
    pub fn media_failed(&mut self, call: CallRef) {
        self.with_call(call, |c, local, out| c.media_failed(local, out));
    }

    /// Ring for incoming `call`: its 180 goes now (see [`UaEvent::Incoming`]).
    pub fn ring(&mut self, call: CallRef) {
        self.with_call(call, |c, local, out| c.ring(local, out));
    }

    /// Forward a ringing call to `target` (a SIP URI) with a 302; `false` if it no longer
    /// rings (answered, or gone).
    pub fn redirect(&mut self, call: CallRef, target: &str) -> bool {
        let mut sent = false;
        self.with_call(call, |c, local, out| sent = c.redirect(target, local, out));
        sent
    }

    /// Refuse a ringing call with `code`.
    pub fn reject(&mut self, call: CallRef, code: u16) {
        self.with_call(call, |c, local, out| c.reject(code, local, out));
    }

    /// Offer a new description on an answered call (hold or resume); `false` if it cannot be
    /// sent now (another re-INVITE in progress).
    pub fn reoffer(&mut self, call: CallRef, sdp: &str) -> bool {
        let mut sent = false;
        self.with_call(call, |c, local, out| sent = c.reoffer(sdp, local, out));
        sent
    }

    /// Refuse a [`UaEvent::Reoffered`] offer (491): ours is being made.
    pub fn refuse_reoffer(&mut self, call: CallRef) {
        self.with_call(call, |c, local, out| c.refuse_reoffer(local, out));
    }

    /// Our answer to a [`UaEvent::Reoffered`] offer.
    pub fn reanswer(&mut self, call: CallRef, sdp: &str) {
        self.with_call(call, |c, local, out| c.reanswer(sdp, local, out));
    }

    /// Send a DTMF digit by SIP INFO on an answered call.
    pub fn send_info_dtmf(&mut self, call: CallRef, digit: char) {
        self.with_call(call, |c, local, out| c.send_info_dtmf(digit, local, out));
    }

    /// Ask the server to start (`on`) or stop recording an answered call (SIP INFO with
    /// `Record: on|off`); the answer comes as [`UaEvent::Recording`]. `false`: the call is
    /// not answered, or an earlier request still waits.
    pub fn record(&mut self, call: CallRef, on: bool) -> bool {
        let mut sent = false;
        self.with_call(call, |c, local, out| {
            sent = c.request_recording(on, local, out)
        });
        sent
    }

    /// Hang up `call` (CANCEL or BYE as the state requires).
    pub fn hangup(&mut self, call: CallRef) {
        self.with_call(call, |c, local, out| c.hangup(local, out));
    }

    fn with_call(
        &mut self,
        call: CallRef,
        f: impl FnOnce(&mut Call, &mut Local, &mut VecDeque<UaOutput>),
    ) {
        if let Some(c) = self.calls.iter_mut().find(|c| c.handle() == call) {
            f(c, &mut self.local, &mut self.out);
        }
        self.calls.retain(|c| !c.is_terminated());
    }

    fn new_handle(&mut self) -> CallRef {
        let h = CallRef {
            line: self.line,
            n: self.next_call,
        };
        self.next_call += 1;
        h
    }

    /// Handle bytes received from the transport. A malformed request gets a 400 when it can
    /// be answered (RFC 3261 §16.3, RFC 4475), otherwise it is dropped with a warning.
    pub fn handle_received(&mut self, bytes: &[u8], now: Instant) {
        self.advance(now);
        self.keepalive.on_received();
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            return; // RFC 5626 §4.4.1 keep-alive (CRLF) or its pong
        }
        let msg = match Message::parse(bytes) {
            Ok(m) => m,
            Err(e) => {
                self.out
                    .push_back(UaOutput::Event(UaEvent::Warning(e.to_string())));
                // RFC 3261 §8.2 / RFC 4475 §3.1.2: a malformed request that can be framed
                // gets its error response (routed by its Via, so only when it has one); a
                // malformed response is dropped.
                if let ParseError::Invalid {
                    message,
                    status,
                    reason,
                } = e
                {
                    let answerable = message.method().is_some_and(|m| m != "ACK")
                        && message.header("via").is_some();
                    if answerable {
                        let phrase = match status {
                            505 => "Version Not Supported".to_string(),
                            _ => format!("Bad Request ({reason})"),
                        };
                        if let Ok(bytes) =
                            Builder::response_to(&message, status, &phrase, None).build()
                        {
                            self.push_send(bytes);
                        }
                    }
                }
                return;
            }
        };
        self.transactions.receive(msg, now);
        self.drain_transactions();
    }

    /// Carry out the transaction layer's outputs: bytes to the wire, messages to the cores.
    fn drain_transactions(&mut self) {
        while let Some(o) = self.transactions.poll_output() {
            self.transactions_up(o);
            self.flush_cores();
        }
    }

    /// A message that came up through the transaction layer.
    fn dispatch(&mut self, msg: Message) {
        let now = self.now;
        if msg.status().is_some() {
            self.on_response(&msg, now);
        } else {
            self.on_request(msg);
        }
        self.calls.retain(|c| !c.is_terminated());
    }

    /// Pass what the cores produced down through the transaction layer.
    fn flush_cores(&mut self) {
        while let Some(o) = self.out.pop_front() {
            match o {
                UaOutput::Send(bytes) => {
                    self.transactions.send(bytes, self.now);
                    while let Some(t) = self.transactions.poll_output() {
                        self.transactions_up(t);
                    }
                }
                event => self.ready.push_back(event),
            }
        }
    }

    fn on_response(&mut self, msg: &Message, now: Instant) {
        if self.registration.matches(msg) {
            if let Some(bytes) = self.registration.on_response(msg, &mut self.local, now) {
                self.push_send(bytes);
            }
            self.report_registration();
            return;
        }
        if let Some(c) = self.calls.iter_mut().find(|c| c.matches_response(msg)) {
            c.on_response(msg, &mut self.local, &mut self.out);
            return;
        }
        if let Some(s) = self
            .subscriptions
            .iter_mut()
            .find(|s| s.matches_response(msg))
        {
            let sub = s.id();
            match s.on_response(msg, &mut self.local, now) {
                Some(bytes) => self.push_send(bytes),
                None => {
                    if let Some(code @ 300..) = msg.status() {
                        self.out
                            .push_back(UaOutput::Event(UaEvent::SubscriptionRefused { sub, code }));
                    }
                }
            }
            return;
        }
        if let Some(i) = self.messages.iter().position(|m| m.matches(msg)) {
            match self.messages[i].on_response(msg, &mut self.local) {
                pager::Step::Pending => {}
                pager::Step::Resend(bytes) => self.push_send(bytes),
                pager::Step::Done(code) => {
                    let m = self.messages.remove(i);
                    self.out.push_back(UaOutput::Event(UaEvent::MessageResult {
                        message: m.id(),
                        code,
                    }));
                }
            }
            return;
        }
        // The answer to the BYE or CANCEL of a call that has already ended needs nothing.
        if msg.cseq().is_some_and(|(_, m)| m == "BYE" || m == "CANCEL") {
            return;
        }
        self.out.push_back(UaOutput::Event(UaEvent::Warning(format!(
            "response {} matches no request",
            msg.status().unwrap_or(0)
        ))));
    }

    fn on_request(&mut self, msg: Message) {
        let method = msg.method().unwrap_or_default();
        if let Some(c) = self.calls.iter_mut().find(|c| c.matches_request(&msg)) {
            c.on_request(&msg, &mut self.local, &mut self.out);
            return;
        }
        let mut supported = self.local.account.option_tags();
        // RFC 4662 §5.2: a list's NOTIFYs carry `Require: eventlist`, which we asked for.
        if method == "NOTIFY"
            && (self.subscriptions.iter()).any(|s| s.is_list() && s.matches_notify(&msg))
        {
            supported.push("eventlist");
        }
        if let Some(refusal) = uas::admit(&msg, &supported) {
            let mut b = Builder::response_to(
                &msg,
                refusal.code,
                refusal.reason,
                Some(&self.local.ids.tag()),
            );
            for (name, value) in &refusal.headers {
                b = b.header(name, value);
            }
            if let Ok(bytes) = b.build() {
                self.push_send(bytes);
            }
            return;
        }
        let in_dialog = msg.to_tag().is_some();
        let reply = |code, reason| {
            Builder::response_to(&msg, code, reason, Some("deskphone"))
                .build()
                .ok()
        };
        let bytes = match method.as_str() {
            "INVITE" if !in_dialog => {
                // RFC 3891 §3: an INVITE with Replaces must name a dialog of ours, else 481.
                let replaces = match msg.header("replaces") {
                    None => None,
                    Some(v) => {
                        let named = Replaces::parse(v).and_then(|r| {
                            self.calls
                                .iter()
                                .find(|c| c.is_replaced_by(&r))
                                .map(|c| (c.handle(), r.early_only && c.is_confirmed()))
                        });
                        match named {
                            // §3: early-only and the dialog was answered meanwhile.
                            Some((_, true)) => {
                                if let Some(bytes) = reply(486, "Busy Here") {
                                    self.push_send(bytes);
                                }
                                return;
                            }
                            Some((h, false)) => Some(h),
                            None => {
                                if let Some(bytes) = reply(481, "Call/Transaction Does Not Exist") {
                                    self.push_send(bytes);
                                }
                                return;
                            }
                        }
                    }
                };
                let handle = self.new_handle();
                let call = Call::incoming(handle, msg, replaces, &mut self.local, &mut self.out);
                self.calls.push(call);
                return;
            }
            "ACK" => return,
            "OPTIONS" if !in_dialog => reply(200, "OK"),
            "MESSAGE" if !in_dialog => match pager::read(&msg) {
                Some(received) => {
                    self.out
                        .push_back(UaOutput::Event(UaEvent::MessageReceived(received)));
                    reply(200, "OK")
                }
                None => {
                    Builder::response_to(&msg, 415, "Unsupported Media Type", Some("deskphone"))
                        .header("Accept", pager::ACCEPT)
                        .build()
                        .ok()
                }
            },
            "NOTIFY" => {
                let now = self.now;
                let event = msg
                    .header("event")
                    .and_then(|e| e.split(';').next())
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase();
                match self
                    .subscriptions
                    .iter_mut()
                    .find(|s| s.matches_notify(&msg))
                {
                    Some(s) => {
                        let n = s.on_notify(&msg, now);
                        self.out.push_back(UaOutput::Event(UaEvent::Notified {
                            sub: Some(s.id()),
                            event,
                            content_type: n.content_type,
                            body: n.body,
                        }));
                        reply(200, "OK")
                    }
                    // RFC 3842 §3: a server may send message summaries without a
                    // subscription; they are taken as they come.
                    None if !in_dialog && event == "message-summary" => {
                        self.out.push_back(UaOutput::Event(UaEvent::Notified {
                            sub: None,
                            event,
                            content_type: msg
                                .header("content-type")
                                .unwrap_or_default()
                                .to_string(),
                            body: String::from_utf8_lossy(msg.body()).into_owned(),
                        }));
                        reply(200, "OK")
                    }
                    None => reply(481, "Subscription Does Not Exist"),
                }
            }
            _ if in_dialog => reply(481, "Call/Transaction Does Not Exist"),
            "CANCEL" => reply(481, "Call/Transaction Does Not Exist"),
            _ => Builder::response_to(&msg, 405, "Method Not Allowed", Some("deskphone"))
                .header("Allow", ALLOW)
                .build()
                .ok(),
        };
        if let Some(bytes) = bytes {
            self.push_send(bytes);
        }
    }

    /// Handle a timer firing at `now`.
    pub fn handle_timeout(&mut self, now: Instant) {
        self.advance(now);
        if self.failback_at.is_some_and(|t| now >= t) {
            // Fail-back: try the primary; if it still does not answer, failover moves on again.
            self.failback_at = None;
            self.server = 0;
            self.out
                .push_back(UaOutput::Event(UaEvent::SwitchServer(0)));
        }
        for c in &mut self.calls {
            if c.next_timeout().is_some_and(|t| now >= t) {
                c.handle_timeout(&mut self.local, &mut self.out);
            }
        }
        for i in 0..self.subscriptions.len() {
            if let Some(bytes) = self.subscriptions[i].on_timeout(&mut self.local, now) {
                self.push_send(bytes);
            }
        }
        self.calls.retain(|c| !c.is_terminated());
        if self.keepalive.next_timeout().is_some_and(|t| now >= t) {
            match self.keepalive.handle_timeout(now) {
                Some(KeepAliveAction::Ping) => {
                    self.ready.push_back(UaOutput::Send(b"\r\n\r\n".to_vec()))
                }
                Some(KeepAliveAction::FlowFailed) => {
                    self.out.push_back(UaOutput::Event(UaEvent::FlowFailed))
                }
                None => {}
            }
        }
        if self.transactions.next_timeout().is_some_and(|t| now >= t) {
            self.transactions.handle_timeout(now);
            self.drain_transactions();
        }
        if self.registration.next_timeout().is_some_and(|t| now >= t) {
            if let Some(bytes) = self.registration.on_timeout(&mut self.local, now) {
                self.push_send(bytes);
            }
            self.report_registration();
        }
    }

    /// When [`UserAgent::handle_timeout`] is next due.
    pub fn next_timeout(&self) -> Option<Instant> {
        [
            self.registration.next_timeout(),
            self.transactions.next_timeout(),
            self.keepalive.next_timeout(),
            self.failback_at,
            self.calls.iter().filter_map(Call::next_timeout).min(),
            self.subscriptions
                .iter()
                .filter_map(Subscription::next_timeout)
                .min(),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// The next output, if any.
    pub fn poll_output(&mut self) -> Option<UaOutput> {
        self.flush_cores();
        self.ready.pop_front()
    }

    /// One output of the transaction layer.
    fn transactions_up(&mut self, o: TxOutput) {
        match o {
            TxOutput::Wire(bytes) => self.ready.push_back(UaOutput::Send(bytes)),
            TxOutput::Up(msg) => self.dispatch(msg),
            TxOutput::AckTimeout(call_id) => {
                if let Some(c) = self.calls.iter_mut().find(|c| c.call_id() == call_id) {
                    c.ack_timeout(&mut self.local, &mut self.out);
                }
                self.calls.retain(|c| !c.is_terminated());
            }
            TxOutput::Timeout(request) => {
                // RFC 3261 §8.1.3.1: a transaction timeout is treated as a 408.
                let timeout = Builder::response_to(&request, 408, "Request Timeout", None)
                    .build()
                    .ok()
                    .and_then(|b| Message::parse(&b).ok());
                if let Some(resp) = timeout {
                    self.dispatch(resp);
                }
            }
        }
    }

    fn push_send(&mut self, bytes: Vec<u8>) {
        if !bytes.is_empty() {
            self.out.push_back(UaOutput::Send(bytes));
        }
    }

    fn report_registration(&mut self) {
        let now = self.registration.state().clone();
        let servers = self.local.account.servers;
        if servers > 1
            && self.registration.failed_without_answer()
            && !matches!(self.last_reg_state, RegistrationState::Failed { .. })
        {
            // Failover: the next server in the list.
            self.server = (self.server + 1) % servers;
            self.failback_at = None;
            self.out
                .push_back(UaOutput::Event(UaEvent::SwitchServer(self.server)));
        }
        if matches!(now, RegistrationState::Registered { .. })
            && self.server != 0
            && self.failback_at.is_none()
        {
            self.failback_at = Some(
                self.now + crate::time::Duration::secs(self.local.account.failback_secs.into()),
            );
        }
        if matches!(now, RegistrationState::Registered { .. })
            && !matches!(self.last_reg_state, RegistrationState::Registered { .. })
        {
            let outbound = self.registration.outbound();
            self.keepalive
                .start(self.now, self.local.account.keepalive_secs, outbound);
        }
        if now != self.last_reg_state {
            self.last_reg_state = now.clone();
            self.out
                .push_back(UaOutput::Event(UaEvent::Registration(now)));
        }
    }
}
