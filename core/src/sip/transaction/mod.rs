//! SIP transactions (RFC 3261 §17, with the corrections of RFC 6026): the four state
//! machines, their timers A-M computed from T1/T2/T4, and transaction matching.
//!
//! Each machine is sans-IO like the rest of the core: feed it messages and timer
//! firings with the current [`Instant`], then drain [`Event`]s and ask
//! `next_timeout()`. Retransmission timers run only on unreliable transports (UDP);
//! over TCP, TLS and WebSocket the transport is trusted and those timers never start.

pub mod client_invite;
pub mod client_non_invite;
pub mod key;
pub mod layer;
pub mod server_invite;
pub mod server_non_invite;

use crate::sip::message::Message;
use crate::time::{Duration, Instant};

/// RFC 3261 §17.1.1.1 / Table 4: the base timer values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timers {
    /// Round-trip time estimate (default 500 ms).
    pub t1: Duration,
    /// Maximum retransmission interval for non-INVITE requests and INVITE responses (4 s).
    pub t2: Duration,
    /// Maximum time a message stays in the network (5 s).
    pub t4: Duration,
}

impl Default for Timers {
    fn default() -> Timers {
        Timers {
            t1: Duration::millis(500),
            t2: Duration::secs(4),
            t4: Duration::secs(5),
        }
    }
}

impl Timers {
    /// 64*T1: timers B, F, H, J (unreliable) and L, M (RFC 6026).
    pub fn t1x64(&self) -> Duration {
        Duration(self.t1.0.saturating_mul(64))
    }
}

/// Whether the transport delivers reliably (TCP, TLS, WS, WSS) or not (UDP).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reliability {
    /// UDP: retransmit.
    Unreliable,
    /// Stream or WebSocket transports: never retransmit.
    Reliable,
}

/// What a transaction asks of its user (the transaction user, TU) and transport.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// Send these bytes to the peer (a request, a retransmission, an ACK or a response).
    Send(Vec<u8>),
    /// A response for the TU (client transactions).
    Response(Message),
    /// An ACK the TU must see: the ACK to a 2xx (server INVITE, RFC 6026 Accepted state).
    Ack(Message),
    /// Timer B, F or H fired: the peer never answered (the TU treats it as a 408).
    Timeout,
    /// The transaction is over and can be forgotten.
    Terminated,
}

/// A retransmission timer (A, E or G): the next firing and the interval after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Retransmit {
    at: Instant,
    interval: Duration,
}

impl Retransmit {
    fn start(now: Instant, t1: Duration) -> Retransmit {
        Retransmit {
            at: now + t1,
            interval: t1,
        }
    }

    /// After a firing: double the interval, capped at `cap` when one is given.
    fn backoff(&mut self, now: Instant, cap: Option<Duration>) {
        let doubled = Duration(self.interval.0.saturating_mul(2));
        self.interval = cap.map_or(doubled, |c| doubled.min(c));
        self.at = now + self.interval;
    }
}

/// The earliest of several optional instants.
fn earliest(times: &[Option<Instant>]) -> Option<Instant> {
    times.iter().flatten().min().copied()
}
