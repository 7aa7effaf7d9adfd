//! RFC 3261 §17.2.1: the INVITE server transaction, with RFC 6026 §7.1's Accepted state
//! (after a 2xx the transaction absorbs INVITE retransmissions and hands ACKs to the TU).
//! Over UDP it also resends the 2xx until the ACK comes (T1 doubling up to T2), the UAS
//! core's duty in RFC 3261 §13.3.1.4, kept here because the transaction holds the bytes.
//!
//! ```text
//! Proceeding --2xx--> Accepted --Timer L--> Terminated
//!     \--300-699--> Completed --ACK--> Confirmed --Timer I--> Terminated
//!                     (Timer G: resend response, UDP)  \--Timer H--> Terminated (Timeout)
//! ```

use std::collections::VecDeque;

use super::{earliest, Event, Reliability, Retransmit, Timers};
use crate::sip::message::Message;
use crate::time::{Duration, Instant};

/// Where the transaction is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// The INVITE arrived; provisional responses may have been sent.
    Proceeding,
    /// A 2xx was sent (RFC 6026).
    Accepted,
    /// A final non-2xx was sent; waiting for the ACK.
    Completed,
    /// The ACK arrived; absorbing its retransmissions.
    Confirmed,
    /// Over.
    Terminated,
}

/// An INVITE server transaction.
#[derive(Debug)]
pub struct ServerInvite {
    state: State,
    timers: Timers,
    reliability: Reliability,
    last_response: Option<Vec<u8>>,
    timer_g: Option<Retransmit>,
    timer_h: Option<Instant>,
    timer_i: Option<Instant>,
    timer_l: Option<Instant>,
    sent_2xx: bool,
    events: VecDeque<Event>,
}

impl ServerInvite {
    /// A transaction for a newly received INVITE (the TU is given the request separately).
    pub fn new(reliability: Reliability, timers: Timers) -> ServerInvite {
        ServerInvite {
            state: State::Proceeding,
            timers,
            reliability,
            last_response: None,
            timer_g: None,
            timer_h: None,
            timer_i: None,
            timer_l: None,
            sent_2xx: false,
            events: VecDeque::new(),
        }
    }

    /// The state.
    pub fn state(&self) -> State {
        self.state
    }

    /// True when the final response sent was a 2xx (so a timeout means "no ACK to our 2xx").
    pub fn accepted(&self) -> bool {
        self.sent_2xx
    }

    /// The TU sends a response with status `code`.
    pub fn send_response(&mut self, code: u16, bytes: Vec<u8>, now: Instant) {
        if self.state != State::Proceeding {
            return;
        }
        self.events.push_back(Event::Send(bytes.clone()));
        self.last_response = Some(bytes);
        match code {
            100..=199 => {}
            200..=299 => {
                self.state = State::Accepted;
                self.sent_2xx = true;
                self.timer_l = Some(now + self.timers.t1x64());
                if self.reliability == Reliability::Unreliable {
                    self.timer_g = Some(Retransmit::start(now, self.timers.t1));
                }
            }
            _ => {
                self.state = State::Completed;
                if self.reliability == Reliability::Unreliable {
                    self.timer_g = Some(Retransmit::start(now, self.timers.t1));
                }
                self.timer_h = Some(now + self.timers.t1x64());
            }
        }
    }

    /// A request matched to this transaction: a retransmitted INVITE or an ACK.
    pub fn on_request(&mut self, req: Message, now: Instant) {
        let is_ack = req.method().as_deref() == Some("ACK");
        match (self.state, is_ack) {
            // Retransmitted INVITE: repeat the last response (a provisional or the final).
            (State::Proceeding | State::Completed, false) => {
                if let Some(r) = &self.last_response {
                    self.events.push_back(Event::Send(r.clone()));
                }
            }
            (State::Completed, true) => {
                self.state = State::Confirmed;
                self.timer_g = None;
                self.timer_h = None;
                let wait = match self.reliability {
                    Reliability::Unreliable => self.timers.t4,
                    Reliability::Reliable => Duration(0),
                };
                self.timer_i = Some(now + wait);
                if wait.0 == 0 {
                    self.terminate();
                }
            }
            (State::Accepted, true) => {
                self.timer_g = None; // the 2xx arrived
                self.events.push_back(Event::Ack(req));
            }
            _ => {} // absorbed: INVITE retransmissions after a 2xx, ACK repeats
        }
    }

    /// Timers G, H, I and L.
    pub fn handle_timeout(&mut self, now: Instant) {
        let t2 = self.timers.t2;
        if let Some(g) = self.timer_g.as_mut().filter(|g| now >= g.at) {
            g.backoff(now, Some(t2));
            if let Some(r) = &self.last_response {
                self.events.push_back(Event::Send(r.clone()));
            }
        }
        if self.timer_h.is_some_and(|h| now >= h) {
            self.events.push_back(Event::Timeout);
            self.terminate();
        }
        if self.timer_l.is_some_and(|l| now >= l) && self.timer_g.is_some() {
            // RFC 3261 §13.3.1.4: the 2xx was resent for 64*T1 and no ACK came.
            self.events.push_back(Event::Timeout);
        }
        if self.timer_i.is_some_and(|i| now >= i) || self.timer_l.is_some_and(|l| now >= l) {
            self.terminate();
        }
    }

    /// When [`ServerInvite::handle_timeout`] is next due.
    pub fn next_timeout(&self) -> Option<Instant> {
        if self.state == State::Terminated {
            return None;
        }
        earliest(&[
            self.timer_g.map(|g| g.at),
            self.timer_h,
            self.timer_i,
            self.timer_l,
        ])
    }

    /// The next event, if any.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    fn terminate(&mut self) {
        if self.state != State::Terminated {
            self.state = State::Terminated;
            self.timer_g = None;
            self.timer_h = None;
            self.timer_i = None;
            self.timer_l = None;
            self.events.push_back(Event::Terminated);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: &str) -> Message {
        let text = format!(
            "{method} sip:bob@h SIP/2.0\r\nVia: SIP/2.0/UDP a;branch=z9hG4bKi1\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:bob@h>\r\n\
             Call-ID: i1\r\nCSeq: 1 {method}\r\nContent-Length: 0\r\n\r\n"
        );
        Message::parse(text.as_bytes()).unwrap()
    }

    fn drain(t: &mut ServerInvite) -> Vec<Event> {
        std::iter::from_fn(|| t.poll_event()).collect()
    }

    #[test]
    fn a_retransmitted_invite_gets_the_last_provisional_again() {
        let mut t = ServerInvite::new(Reliability::Unreliable, Timers::default());
        t.send_response(180, b"180".to_vec(), Instant(0));
        t.on_request(request("INVITE"), Instant(500));
        assert_eq!(
            drain(&mut t),
            [Event::Send(b"180".to_vec()), Event::Send(b"180".to_vec())]
        );
    }

    #[test]
    fn a_rejection_is_resent_until_the_ack_then_acks_are_absorbed() {
        let mut t = ServerInvite::new(Reliability::Unreliable, Timers::default());
        t.send_response(486, b"486".to_vec(), Instant(0));
        drain(&mut t);
        // Timer G: 500, 1000, 2000 ms apart.
        for at in [500, 1500, 3500] {
            assert_eq!(t.next_timeout(), Some(Instant(at)));
            t.handle_timeout(Instant(at));
            assert_eq!(drain(&mut t), [Event::Send(b"486".to_vec())]);
        }
        t.on_request(request("ACK"), Instant(4000));
        assert_eq!(t.state(), State::Confirmed);
        t.on_request(request("ACK"), Instant(4100));
        assert!(drain(&mut t).is_empty(), "the ACK is not for the TU");
        assert_eq!(t.next_timeout(), Some(Instant(9000))); // Timer I = T4
        t.handle_timeout(Instant(9000));
        assert_eq!(drain(&mut t), [Event::Terminated]);
    }

    #[test]
    fn without_an_ack_timer_h_ends_it_with_a_timeout() {
        let mut t = ServerInvite::new(Reliability::Reliable, Timers::default());
        t.send_response(603, b"603".to_vec(), Instant(0));
        drain(&mut t);
        assert_eq!(
            t.next_timeout(),
            Some(Instant(32_000)),
            "no Timer G over a reliable transport"
        );
        t.handle_timeout(Instant(32_000));
        assert_eq!(drain(&mut t), [Event::Timeout, Event::Terminated]);
    }

    #[test]
    fn over_udp_the_2xx_is_resent_until_the_ack_arrives() {
        let mut t = ServerInvite::new(Reliability::Unreliable, Timers::default());
        t.send_response(200, b"200".to_vec(), Instant(0));
        drain(&mut t);
        for at in [500, 1500, 3500, 7500, 11500] {
            assert_eq!(t.next_timeout(), Some(Instant(at)));
            t.handle_timeout(Instant(at));
            assert_eq!(drain(&mut t), [Event::Send(b"200".to_vec())]);
        }
        t.on_request(request("ACK"), Instant(12000));
        assert!(matches!(drain(&mut t).as_slice(), [Event::Ack(_)]));
        assert_eq!(
            t.next_timeout(),
            Some(Instant(32_000)),
            "only Timer L is left"
        );
    }

    #[test]
    fn after_a_2xx_invites_are_absorbed_and_acks_go_to_the_tu() {
        let mut t = ServerInvite::new(Reliability::Unreliable, Timers::default());
        t.send_response(200, b"200".to_vec(), Instant(0));
        drain(&mut t);
        t.on_request(request("INVITE"), Instant(100));
        assert!(drain(&mut t).is_empty());
        t.on_request(request("ACK"), Instant(200));
        assert!(matches!(drain(&mut t).as_slice(), [Event::Ack(_)]));
        t.handle_timeout(Instant(32_000)); // Timer L
        assert_eq!(drain(&mut t), [Event::Terminated]);
    }
}
