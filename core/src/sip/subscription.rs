//! A subscription we hold, as the subscriber of RFC 6665 §4.1: SUBSCRIBE (answering a
//! digest challenge), a refresh before the granted expiry, NOTIFYs in the subscription's
//! dialog passed up, and a fresh subscription a while after one ends or fails. It carries
//! the dialog event package for BLF (RFC 4235) and message summaries for MWI (RFC 3842).

use super::builder::Builder;
use super::digest::Challenge;
use super::message::{addr_uri, Message};
use super::ua::Local;
use crate::time::{Duration, Instant};

/// A subscription's handle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SubRef(pub u32);

/// How long to wait before subscribing again after a failure or a termination.
const RETRY_AFTER: Duration = Duration::secs(30);

/// What a NOTIFY brought.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notified {
    /// The body's Content-Type, parameters and all (a list's `multipart/related` names
    /// its boundary there).
    pub content_type: String,
    /// The body (a dialog-info document, a message summary).
    pub body: String,
    /// The subscription ended with this NOTIFY (`Subscription-State: terminated`).
    pub terminated: bool,
}

/// One subscription.
#[derive(Debug)]
pub struct Subscription {
    id: SubRef,
    event: String,
    accept: String,
    /// The resource: the Request-URI of the first SUBSCRIBE and the To.
    target: String,
    expires: u32,
    call_id: String,
    local_tag: String,
    remote_tag: Option<String>,
    remote_target: Option<String>,
    route_set: Vec<String>,
    cseq: u32,
    pending_branch: Option<String>,
    challenge: Option<(Challenge, bool)>,
    auth_failures: u32,
    nonce_count: u32,
    /// When to refresh (active) or try again (failed, ended).
    due: Option<Instant>,
    /// Un-subscribed: nothing more is sent.
    ended: bool,
    /// Un-subscribed while the first SUBSCRIBE was unanswered: its 2xx makes the
    /// dialog, and then the Expires: 0 request goes.
    unsubscribe_on_answer: bool,
    /// The target is a resource list: say we take its aggregated NOTIFYs (RFC 4662 §4).
    eventlist: bool,
    /// A body every SUBSCRIBE carries (its Content-Type and text): a request to the
    /// notifier, as the BroadSoft feature-event package sends the state it asks for.
    body: Option<(String, String)>,
}

impl Subscription {
    /// A subscription to `event` of `target` (a SIP URI), asking for `accept` bodies for
    /// `expires` seconds; nothing is sent until [`Subscription::send`].
    pub fn new(
        id: SubRef,
        event: &str,
        accept: &str,
        target: &str,
        expires: u32,
        local: &mut Local,
    ) -> Subscription {
        Subscription {
            id,
            event: event.to_string(),
            accept: accept.to_string(),
            target: target.to_string(),
            expires,
            call_id: format!("{}@deskphone", local.ids.token(20)),
            local_tag: local.ids.tag(),
            remote_tag: None,
            remote_target: None,
            route_set: Vec::new(),
            cseq: 0,
            pending_branch: None,
            challenge: None,
            auth_failures: 0,
            nonce_count: 0,
            due: None,
            ended: false,
            unsubscribe_on_answer: false,
            eventlist: false,
            body: None,
        }
    }

    /// Every SUBSCRIBE carries `body` (of type `content_type`).
    pub fn with_body(mut self, content_type: &str, body: &str) -> Subscription {
        self.body = Some((content_type.to_string(), body.to_string()));
        self
    }

    /// Carry `body` from the next SUBSCRIBE on, without sending one now.
    pub fn replace_body(&mut self, content_type: &str, body: &str) {
        self.body = Some((content_type.to_string(), body.to_string()));
    }

    /// Ask again with a new body: a refresh in the dialog if there is one, else a fresh
    /// subscription.
    pub fn set_body(
        &mut self,
        content_type: &str,
        body: &str,
        local: &mut Local,
        now: Instant,
    ) -> Vec<u8> {
        self.body = Some((content_type.to_string(), body.to_string()));
        if self.remote_tag.is_some() {
            self.send(local, now, self.expires)
        } else {
            self.restart(local, now)
        }
    }

    /// The target is a resource list (RFC 4662): SUBSCRIBEs carry `Supported: eventlist`.
    pub fn for_list(mut self) -> Subscription {
        self.eventlist = true;
        self
    }

    /// Whether the target is a resource list (RFC 4662).
    pub fn is_list(&self) -> bool {
        self.eventlist
    }

    /// The handle.
    pub fn id(&self) -> SubRef {
        self.id
    }

    /// The event package (`dialog`, `message-summary`).
    pub fn event(&self) -> &str {
        &self.event
    }

    /// Start afresh: a new dialog (RFC 6665 §4.1.2.1: an initial SUBSCRIBE outside one).
    pub fn restart(&mut self, local: &mut Local, now: Instant) -> Vec<u8> {
        self.call_id = format!("{}@deskphone", local.ids.token(20));
        self.local_tag = local.ids.tag();
        self.remote_tag = None;
        self.remote_target = None;
        self.route_set.clear();
        self.challenge = None;
        self.auth_failures = 0;
        self.ended = false;
        self.unsubscribe_on_answer = false;
        self.send(local, now, self.expires)
    }

    /// End the subscription (Expires: 0, RFC 6665 §4.1.2.3). Before the first SUBSCRIBE
    /// is answered there is no dialog to send it in yet: it goes once the 2xx comes.
    pub fn unsubscribe(&mut self, local: &mut Local, now: Instant) -> Vec<u8> {
        let bytes = if self.remote_tag.is_some() {
            self.send(local, now, 0)
        } else {
            self.unsubscribe_on_answer = self.pending_branch.is_some();
            Vec::new()
        };
        self.ended = true;
        self.due = None;
        bytes
    }

    fn send(&mut self, local: &mut Local, now: Instant, expires: u32) -> Vec<u8> {
        let _ = now;
        self.cseq += 1;
        let branch = local.ids.branch();
        let uri = self
            .remote_target
            .clone()
            .unwrap_or_else(|| self.target.clone());
        let to = match &self.remote_tag {
            Some(t) => format!("<{}>;tag={t}", self.target),
            None => format!("<{}>", self.target),
        };
        let mut b = Builder::request("SUBSCRIBE", &uri)
            .header("Via", &local.via(&branch))
            .header("Max-Forwards", "70");
        if self.route_set.is_empty() {
            if let Some(proxy) = &local.account.outbound_proxy {
                b = b.header("Route", &format!("<{proxy}>"));
            }
        }
        for r in &self.route_set {
            b = b.header("Route", r);
        }
        b = b
            .header(
                "From",
                &format!("{};tag={}", local.account.from_addr(), self.local_tag),
            )
            .header("To", &to)
            .header("Call-ID", &self.call_id)
            .header("CSeq", &format!("{} SUBSCRIBE", self.cseq))
            .header("Contact", &format!("<{}>", local.contact))
            .header("Event", &self.event)
            .header("Accept", &self.accept)
            .header("Expires", &expires.to_string())
            .header("User-Agent", super::ua::USER_AGENT);
        if self.eventlist {
            b = b.header("Supported", "eventlist");
        }
        if let Some((content_type, body)) = &self.body {
            b = b.body(content_type, body.as_bytes());
        }
        if let Some((c, proxy)) = &self.challenge {
            self.nonce_count += 1;
            let answer = c.answer(
                local.account.auth_name(),
                &local.account.password,
                "SUBSCRIBE",
                &uri,
                self.nonce_count,
                &local.ids.token(12),
            );
            b = b.header(Challenge::header_name(*proxy), &answer);
        }
        self.pending_branch = Some(branch);
        self.due = None;
        b.build().unwrap_or_default()
    }

    /// Whether `msg` answers our pending SUBSCRIBE.
    pub fn matches_response(&self, msg: &Message) -> bool {
        msg.call_id() == Some(self.call_id.as_str())
            && self.pending_branch.is_some()
            && msg.top_branch() == self.pending_branch
    }

    /// A response to our SUBSCRIBE; may return one to send (the challenge answered).
    pub fn on_response(
        &mut self,
        msg: &Message,
        local: &mut Local,
        now: Instant,
    ) -> Option<Vec<u8>> {
        let code = msg.status()?;
        if code < 200 {
            return None;
        }
        self.pending_branch = None;
        if self.ended {
            if std::mem::take(&mut self.unsubscribe_on_answer) && (200..300).contains(&code) {
                self.take_dialog(msg);
                return Some(self.send(local, now, 0));
            }
            return None;
        }
        match code {
            200..=299 => {
                self.auth_failures = 0;
                self.take_dialog(msg);
                let granted = msg
                    .header("expires")
                    .and_then(|e| e.trim().parse::<u32>().ok())
                    .unwrap_or(self.expires);
                if granted == 0 {
                    // Accepted and ended at once: try again later, not in a loop.
                    self.remote_tag = None;
                    self.remote_target = None;
                    self.route_set.clear();
                    self.due = Some(now + RETRY_AFTER);
                    return None;
                }
                // Refresh at 85 % of the grant, as the registration does, and not more
                // often than every 10 s whatever the server grants.
                let refresh = (u64::from(granted) * 850).max(10_000);
                self.due = Some(now + Duration(refresh));
                None
            }
            401 | 407 if self.auth_failures == 0 => {
                let header = if code == 401 {
                    "www-authenticate"
                } else {
                    "proxy-authenticate"
                };
                match Challenge::best(msg.values(header)) {
                    Ok(c) => {
                        self.auth_failures += 1;
                        self.challenge = Some((c, code == 407));
                        self.nonce_count = 0;
                        Some(self.send(local, now, self.expires))
                    }
                    Err(_) => {
                        self.due = Some(now + RETRY_AFTER);
                        None
                    }
                }
            }
            423 => {
                let min = msg
                    .header("min-expires")
                    .and_then(|v| v.trim().parse::<u32>().ok());
                match min {
                    Some(m) if m > self.expires => {
                        self.expires = m;
                        Some(self.send(local, now, m))
                    }
                    _ => {
                        self.due = Some(now + RETRY_AFTER);
                        None
                    }
                }
            }
            _ => {
                // Refused or failed: a fresh subscription later (RFC 6665 §4.1.2.1).
                self.remote_tag = None;
                self.remote_target = None;
                self.route_set.clear();
                self.due = Some(now + RETRY_AFTER);
                None
            }
        }
    }

    /// The dialog a 2xx makes: the remote tag, target and route set.
    fn take_dialog(&mut self, msg: &Message) {
        if self.remote_tag.is_none() {
            self.remote_tag = msg.to_tag();
        }
        if let Some(c) = msg.header("contact") {
            self.remote_target = Some(addr_uri(c).to_string());
        }
        if self.route_set.is_empty() {
            // RFC 3261 §12.1.2: the UAC's route set is the Record-Route reversed.
            self.route_set = msg.header_list("record-route").into_iter().rev().collect();
        }
    }

    /// Whether a request of ours is still waiting for its answer.
    pub fn awaiting_answer(&self) -> bool {
        self.pending_branch.is_some()
    }

    /// Whether `msg` (a NOTIFY) belongs to this subscription: our Call-ID and our tag.
    pub fn matches_notify(&self, msg: &Message) -> bool {
        msg.call_id() == Some(self.call_id.as_str())
            && msg.to_tag().as_deref() == Some(self.local_tag.as_str())
            && msg
                .header("event")
                .and_then(|e| e.split(';').next())
                .is_some_and(|e| e.trim().eq_ignore_ascii_case(&self.event))
    }

    /// A NOTIFY of this subscription (RFC 6665 §4.1.3): it may come before the 200 and then
    /// sets up the dialog; a terminated one ends it and a new subscription follows later.
    pub fn on_notify(&mut self, msg: &Message, now: Instant) -> Notified {
        if self.remote_tag.is_none() {
            self.remote_tag = msg.from_tag();
        }
        if let Some(c) = msg.header("contact") {
            self.remote_target = Some(addr_uri(c).to_string());
        }
        if self.route_set.is_empty() {
            // RFC 6665 §4.1.2.4: from a NOTIFY the route set is the Record-Route in order.
            self.route_set = msg.header_list("record-route");
        }
        let terminated = msg
            .header("subscription-state")
            .and_then(|s| s.split(';').next())
            .is_some_and(|s| s.trim().eq_ignore_ascii_case("terminated"));
        if terminated && !self.ended {
            self.remote_tag = None;
            self.remote_target = None;
            self.route_set.clear();
            self.due = Some(now + RETRY_AFTER);
        }
        Notified {
            content_type: msg.header("content-type").unwrap_or_default().to_string(),
            body: String::from_utf8_lossy(msg.body()).into_owned(),
            terminated,
        }
    }

    /// When the subscription needs [`Subscription::on_timeout`].
    pub fn next_timeout(&self) -> Option<Instant> {
        self.due
    }

    /// A refresh or a retry that is due.
    pub fn on_timeout(&mut self, local: &mut Local, now: Instant) -> Option<Vec<u8>> {
        if self.ended || self.due.is_none_or(|d| now < d) {
            return None;
        }
        self.auth_failures = 0;
        Some(if self.remote_tag.is_some() {
            self.send(local, now, self.expires)
        } else {
            self.restart(local, now)
        })
    }

    /// The transport was lost: subscribe afresh when it is back.
    pub fn transport_lost(&mut self) {
        self.pending_branch = None;
        self.due = None;
    }
}
