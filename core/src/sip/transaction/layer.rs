//! The transaction layer between the user agent's cores (registration, calls) and the
//! transport (RFC 3261 §17 and the layering of §5): every message the cores send passes
//! down through it and every message received passes up through it.
//!
//! - A request sent creates a client transaction (an ACK does not: the ACK of a 2xx is the
//!   core's, the ACK of a non-2xx the INVITE transaction's own).
//! - A response received goes to its client transaction, which passes it up or absorbs
//!   a retransmission; one matching no transaction goes up as is (a 2xx retransmission).
//! - A request received creates a server transaction and goes up; a retransmission is
//!   answered by the transaction with its last response and goes no further.
//! - A response the core sends goes through its server transaction.

use std::collections::VecDeque;

use super::client_invite::ClientInvite;
use super::client_non_invite::ClientNonInvite;
use super::key::Key;
use super::server_invite::ServerInvite;
use super::server_non_invite::ServerNonInvite;
use super::{Event, Reliability, Timers};
use crate::sip::message::Message;
use crate::time::Instant;

/// What the layer hands on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    /// Bytes for the transport.
    Wire(Vec<u8>),
    /// A message for the cores.
    Up(Message),
    /// The request sent in a client transaction got no answer (Timer B or F): the cores
    /// treat it as a 408 (RFC 3261 §8.1.3.1).
    Timeout(Message),
    /// Our 2xx to this INVITE (by Call-ID) was never acknowledged: the session must end
    /// with a BYE (RFC 3261 §13.3.1.4).
    AckTimeout(String),
}

#[derive(Debug)]
enum Client {
    Invite(ClientInvite),
    NonInvite(ClientNonInvite),
}

#[derive(Debug)]
enum Server {
    Invite(ServerInvite),
    NonInvite(ServerNonInvite),
}

// The timer and event side every machine shares, dispatched once per kind.
impl Client {
    fn next_timeout(&self) -> Option<Instant> {
        match self {
            Client::Invite(t) => t.next_timeout(),
            Client::NonInvite(t) => t.next_timeout(),
        }
    }
    fn handle_timeout(&mut self, now: Instant) {
        match self {
            Client::Invite(t) => t.handle_timeout(now),
            Client::NonInvite(t) => t.handle_timeout(now),
        }
    }
    fn poll_event(&mut self) -> Option<Event> {
        match self {
            Client::Invite(t) => t.poll_event(),
            Client::NonInvite(t) => t.poll_event(),
        }
    }
}

impl Server {
    fn next_timeout(&self) -> Option<Instant> {
        match self {
            Server::Invite(t) => t.next_timeout(),
            Server::NonInvite(t) => t.next_timeout(),
        }
    }
    fn handle_timeout(&mut self, now: Instant) {
        match self {
            Server::Invite(t) => t.handle_timeout(now),
            Server::NonInvite(t) => t.handle_timeout(now),
        }
    }
    fn poll_event(&mut self) -> Option<Event> {
        match self {
            Server::Invite(t) => t.poll_event(),
            Server::NonInvite(t) => t.poll_event(),
        }
    }
}

/// How a response the core sends finds its server transaction: the Via, CSeq and Call-ID
/// that `Builder::response_to` copies verbatim from the request.
#[derive(Debug, PartialEq, Eq)]
struct ResponseKey {
    via: String,
    cseq: String,
    call_id: String,
}

impl ResponseKey {
    fn of(m: &Message) -> Option<ResponseKey> {
        Some(ResponseKey {
            via: m.values("via").next()?.to_string(),
            cseq: m.header("cseq")?.to_string(),
            call_id: m.call_id()?.to_string(),
        })
    }
}

/// The transactions of one user agent.
#[derive(Debug)]
pub struct Layer {
    reliability: Reliability,
    timers: Timers,
    clients: Vec<((String, String), Message, Client)>,
    servers: Vec<(Key, ResponseKey, Server)>,
    out: VecDeque<Output>,
}

impl Layer {
    /// A layer for a transport of the given reliability.
    pub fn new(reliability: Reliability, timers: Timers) -> Layer {
        Layer {
            reliability,
            timers,
            clients: Vec::new(),
            servers: Vec::new(),
            out: VecDeque::new(),
        }
    }

    /// The transport changed (for example after a failover to another server).
    pub fn set_reliability(&mut self, reliability: Reliability) {
        self.reliability = reliability;
    }

    /// The cores send `bytes` (a request or a response they built).
    pub fn send(&mut self, bytes: Vec<u8>, now: Instant) {
        let Ok(msg) = Message::parse(&bytes) else {
            self.out.push_back(Output::Wire(bytes));
            return;
        };
        match msg.method() {
            Some(method) if method != "ACK" => {
                let Some(branch) = msg.top_branch() else {
                    self.out.push_back(Output::Wire(bytes));
                    return;
                };
                let client = if method == "INVITE" {
                    Client::Invite(ClientInvite::start(
                        msg.clone(),
                        bytes,
                        self.reliability,
                        self.timers,
                        now,
                    ))
                } else {
                    Client::NonInvite(ClientNonInvite::start(
                        bytes,
                        self.reliability,
                        self.timers,
                        now,
                    ))
                };
                self.clients.push(((branch, method), msg, client));
            }
            Some(_) => self.out.push_back(Output::Wire(bytes)),
            None => {
                let code = msg.status().unwrap_or(0);
                let key = ResponseKey::of(&msg);
                let taken = match self
                    .servers
                    .iter_mut()
                    .find(|(_, k, _)| Some(k) == key.as_ref())
                {
                    Some((_, _, Server::Invite(t)))
                        if t.state() == super::server_invite::State::Proceeding =>
                    {
                        t.send_response(code, bytes.clone(), now);
                        true
                    }
                    Some((_, _, Server::NonInvite(t)))
                        if matches!(
                            t.state(),
                            super::server_non_invite::State::Trying
                                | super::server_non_invite::State::Proceeding
                        ) =>
                    {
                        t.send_response(code, bytes.clone(), now);
                        true
                    }
                    // 2xx retransmissions of the core (RFC 3261 §13.3.1.4), or no transaction.
                    _ => false,
                };
                if !taken {
                    self.out.push_back(Output::Wire(bytes));
                }
            }
        }
        self.collect();
    }

    /// A message from the transport.
    pub fn receive(&mut self, msg: Message, now: Instant) {
        if msg.status().is_some() {
            let key = msg.top_branch().zip(msg.cseq().map(|c| c.1));
            match self
                .clients
                .iter_mut()
                .find(|(k, _, _)| Some(k) == key.as_ref())
            {
                Some((_, _, Client::Invite(t))) => t.on_response(msg, now),
                Some((_, _, Client::NonInvite(t))) => t.on_response(msg, now),
                None => self.out.push_back(Output::Up(msg)),
            }
            self.collect();
            return;
        }
        let Some(key) = Key::of_request(&msg) else {
            self.out.push_back(Output::Up(msg));
            return;
        };
        let is_ack = msg.method().as_deref() == Some("ACK");
        match self.servers.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, _, Server::Invite(t))) => t.on_request(msg, now),
            Some((_, _, Server::NonInvite(t))) => t.on_retransmission(),
            // The ACK of a 2xx has its own branch: it finds the INVITE's transaction by
            // Call-ID and CSeq number (to stop the 2xx retransmissions), then goes to the core.
            None if is_ack => {
                let number = msg.cseq().map(|c| c.0);
                let invite = self.servers.iter_mut().find(|(_, k, s)| {
                    matches!(s, Server::Invite(_))
                        && Some(k.call_id.as_str()) == msg.call_id()
                        && k.cseq
                            .split_whitespace()
                            .next()
                            .and_then(|n| n.parse::<u32>().ok())
                            == number
                });
                match invite {
                    Some((_, _, Server::Invite(t)))
                        if t.state() == super::server_invite::State::Accepted =>
                    {
                        t.on_request(msg, now)
                    }
                    _ => self.out.push_back(Output::Up(msg)),
                }
            }
            None => {
                let server = if msg.method().as_deref() == Some("INVITE") {
                    Server::Invite(ServerInvite::new(self.reliability, self.timers))
                } else {
                    Server::NonInvite(ServerNonInvite::new(self.reliability, self.timers))
                };
                if let Some(rk) = ResponseKey::of(&msg) {
                    self.servers.push((key, rk, server));
                }
                self.out.push_back(Output::Up(msg));
            }
        }
        self.collect();
    }

    /// Fire the timers due at `now`.
    pub fn handle_timeout(&mut self, now: Instant) {
        for (_, _, c) in &mut self.clients {
            if c.next_timeout().is_some_and(|at| at <= now) {
                c.handle_timeout(now);
            }
        }
        for (_, _, s) in &mut self.servers {
            if s.next_timeout().is_some_and(|at| at <= now) {
                s.handle_timeout(now);
            }
        }
        self.collect();
    }

    /// When [`Layer::handle_timeout`] is next due.
    pub fn next_timeout(&self) -> Option<Instant> {
        let clients = self.clients.iter().filter_map(|(_, _, c)| c.next_timeout());
        let servers = self.servers.iter().filter_map(|(_, _, s)| s.next_timeout());
        clients.chain(servers).min()
    }

    /// The next output, if any.
    pub fn poll_output(&mut self) -> Option<Output> {
        self.out.pop_front()
    }

    /// The number of live transactions (client, server).
    pub fn len(&self) -> (usize, usize) {
        (self.clients.len(), self.servers.len())
    }

    /// Move the machines' events to the output and forget terminated transactions.
    fn collect(&mut self) {
        let out = &mut self.out;
        self.clients.retain_mut(|(_, request, c)| {
            let mut alive = true;
            while let Some(e) = c.poll_event() {
                match e {
                    Event::Send(b) => out.push_back(Output::Wire(b)),
                    Event::Response(m) | Event::Ack(m) => out.push_back(Output::Up(m)),
                    Event::Timeout => out.push_back(Output::Timeout(request.clone())),
                    Event::Terminated => alive = false,
                }
            }
            alive
        });
        self.servers.retain_mut(|(_, key, s)| {
            let mut alive = true;
            while let Some(e) = s.poll_event() {
                match e {
                    Event::Send(b) => out.push_back(Output::Wire(b)),
                    Event::Response(m) | Event::Ack(m) => out.push_back(Output::Up(m)),
                    // Timer L with the 2xx unacknowledged; Timer H (non-2xx) needs nothing.
                    Event::Timeout if matches!(s, Server::Invite(t) if t.accepted()) => {
                        out.push_back(Output::AckTimeout(key.call_id.clone()))
                    }
                    Event::Timeout => {}
                    Event::Terminated => alive = false,
                }
            }
            alive
        });
    }
}
