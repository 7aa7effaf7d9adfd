//! RFC 3261 §17.1.1: the INVITE client transaction, with RFC 6026 §8.4's Accepted state
//! (2xx responses after the first still reach the TU, which acknowledges them itself).
//!
//! ```text
//! Calling --1xx--> Proceeding --2xx--> Accepted --Timer M--> Terminated
//!    |  (Timer A: resend INVITE, UDP)  \--300-699--> Completed (send ACK) --Timer D--> Terminated
//!    \--Timer B--> Terminated (Timeout)
//! ```

use std::collections::VecDeque;

use super::{earliest, Event, Reliability, Retransmit, Timers};
use crate::sip::builder::Builder;
use crate::sip::message::Message;
use crate::time::{Duration, Instant};

/// Where the transaction is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// INVITE sent, nothing heard.
    Calling,
    /// A provisional response arrived.
    Proceeding,
    /// A 2xx arrived (RFC 6026).
    Accepted,
    /// A final non-2xx arrived and was acknowledged.
    Completed,
    /// Over.
    Terminated,
}

/// An INVITE client transaction.
#[derive(Debug)]
pub struct ClientInvite {
    state: State,
    timers: Timers,
    reliability: Reliability,
    invite: Message,
    invite_bytes: Vec<u8>,
    ack: Option<Vec<u8>>,
    timer_a: Option<Retransmit>,
    timer_b: Option<Instant>,
    timer_d: Option<Instant>,
    timer_m: Option<Instant>,
    events: VecDeque<Event>,
}

impl ClientInvite {
    /// Start the transaction: `invite` is sent at once (an [`Event::Send`] is queued).
    pub fn start(
        invite: Message,
        invite_bytes: Vec<u8>,
        reliability: Reliability,
        timers: Timers,
        now: Instant,
    ) -> ClientInvite {
        let mut t = ClientInvite {
            state: State::Calling,
            timers,
            reliability,
            invite,
            invite_bytes: invite_bytes.clone(),
            ack: None,
            timer_a: (reliability == Reliability::Unreliable)
                .then(|| Retransmit::start(now, timers.t1)),
            timer_b: Some(now + timers.t1x64()),
            timer_d: None,
            timer_m: None,
            events: VecDeque::new(),
        };
        t.events.push_back(Event::Send(invite_bytes));
        t
    }

    /// The state.
    pub fn state(&self) -> State {
        self.state
    }

    /// A response matched to this transaction (RFC 3261 §17.1.3).
    pub fn on_response(&mut self, resp: Message, now: Instant) {
        let Some(code) = resp.status() else { return };
        match (self.state, code) {
            (State::Calling | State::Proceeding, 100..=199) => {
                self.state = State::Proceeding;
                self.timer_a = None;
                self.events.push_back(Event::Response(resp));
            }
            (State::Calling | State::Proceeding, 200..=299) => {
                self.enter_accepted(now);
                self.events.push_back(Event::Response(resp));
            }
            (State::Accepted, 200..=299) => self.events.push_back(Event::Response(resp)),
            (State::Calling | State::Proceeding, _) => {
                // §17.1.1.3: acknowledge a final non-2xx within the transaction.
                let ack = self.ack_for(&resp);
                self.state = State::Completed;
                self.timer_a = None;
                self.timer_b = None;
                let wait = match self.reliability {
                    Reliability::Unreliable => Duration::secs(32).max(self.timers.t1x64()),
                    Reliability::Reliable => Duration(0),
                };
                self.timer_d = Some(now + wait);
                if let Some(ack) = &ack {
                    self.events.push_back(Event::Send(ack.clone()));
                }
                self.ack = ack;
                self.events.push_back(Event::Response(resp));
                if wait.0 == 0 {
                    self.terminate();
                }
            }
            (State::Completed, 300..) => {
                // A retransmitted final response: send the ACK again, tell nobody.
                if let Some(ack) = &self.ack {
                    self.events.push_back(Event::Send(ack.clone()));
                }
            }
            _ => {}
        }
    }

    /// Timers A, B, D and M.
    pub fn handle_timeout(&mut self, now: Instant) {
        if let Some(a) = self.timer_a.as_mut().filter(|a| now >= a.at) {
            a.backoff(now, None);
            self.events
                .push_back(Event::Send(self.invite_bytes.clone()));
        }
        if self.timer_b.is_some_and(|b| now >= b) && matches!(self.state, State::Calling) {
            self.events.push_back(Event::Timeout);
            self.terminate();
        }
        if self.timer_d.is_some_and(|d| now >= d) || self.timer_m.is_some_and(|m| now >= m) {
            self.terminate();
        }
    }

    /// When [`ClientInvite::handle_timeout`] is next due.
    pub fn next_timeout(&self) -> Option<Instant> {
        if self.state == State::Terminated {
            return None;
        }
        let b = self.timer_b.filter(|_| self.state == State::Calling);
        earliest(&[self.timer_a.map(|a| a.at), b, self.timer_d, self.timer_m])
    }

    /// The next event, if any.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    fn enter_accepted(&mut self, now: Instant) {
        self.state = State::Accepted;
        self.timer_a = None;
        self.timer_b = None;
        self.timer_m = Some(now + self.timers.t1x64());
    }

    fn terminate(&mut self) {
        if self.state != State::Terminated {
            self.state = State::Terminated;
            self.timer_a = None;
            self.events.push_back(Event::Terminated);
        }
    }

    /// RFC 3261 §17.1.1.3: the ACK for a non-2xx final response.
    fn ack_for(&self, resp: &Message) -> Option<Vec<u8>> {
        let inv = &self.invite;
        let mut b = Builder::request("ACK", &inv.request_uri()?);
        b = b.header("Via", inv.values("via").next()?);
        for route in inv.values("route") {
            b = b.header("Route", route);
        }
        let cseq = inv.cseq()?.0;
        b.header("Max-Forwards", "70")
            .header("From", inv.header("from")?)
            .header("To", resp.header("to")?)
            .header("Call-ID", inv.call_id()?)
            .header("CSeq", &format!("{cseq} ACK"))
            .build()
            .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INVITE: &str = "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKinv1\r\n\
        Route: <sip:proxy.example.com;lr>\r\nMax-Forwards: 70\r\nFrom: <sip:alice@example.com>;tag=a1\r\n\
        To: <sip:bob@example.com>\r\nCall-ID: c1\r\nCSeq: 7 INVITE\r\nContent-Length: 0\r\n\r\n";

    fn response(code: u16) -> Message {
        let text = format!(
            "SIP/2.0 {code} X\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKinv1\r\nFrom: <sip:alice@example.com>;tag=a1\r\n\
             To: <sip:bob@example.com>;tag=b1\r\nCall-ID: c1\r\nCSeq: 7 INVITE\r\nContent-Length: 0\r\n\r\n"
        );
        Message::parse(text.as_bytes()).unwrap()
    }

    fn start(rel: Reliability) -> ClientInvite {
        let inv = Message::parse(INVITE.as_bytes()).unwrap();
        ClientInvite::start(
            inv,
            INVITE.as_bytes().to_vec(),
            rel,
            Timers::default(),
            Instant(0),
        )
    }

    /// Run timers until `until`, returning the instants at which the INVITE was re-sent.
    fn run(t: &mut ClientInvite, until: u64) -> (Vec<u64>, Vec<Event>) {
        let (mut sends, mut others) = (Vec::new(), Vec::new());
        while let Some(at) = t.next_timeout().filter(|at| at.0 <= until) {
            t.handle_timeout(at);
            while let Some(e) = t.poll_event() {
                match e {
                    Event::Send(_) => sends.push(at.0),
                    e => others.push(e),
                }
            }
        }
        (sends, others)
    }

    #[test]
    fn over_udp_the_invite_is_resent_at_doubling_intervals_until_timer_b() {
        let mut t = start(Reliability::Unreliable);
        assert!(matches!(t.poll_event(), Some(Event::Send(_))));
        let (sends, others) = run(&mut t, 40_000);
        // Timer A: T1, 2T1, 4T1, ... after each send; Timer B at 64*T1 = 32 s.
        assert_eq!(sends, [500, 1500, 3500, 7500, 15500, 31500]);
        assert_eq!(others, [Event::Timeout, Event::Terminated]);
        assert_eq!(t.state(), State::Terminated);
    }

    #[test]
    fn over_a_reliable_transport_nothing_is_resent() {
        let mut t = start(Reliability::Reliable);
        t.poll_event();
        let (sends, others) = run(&mut t, 40_000);
        assert!(sends.is_empty());
        assert_eq!(others, [Event::Timeout, Event::Terminated]);
    }

    #[test]
    fn a_provisional_response_stops_retransmission_and_timer_b() {
        let mut t = start(Reliability::Unreliable);
        t.poll_event();
        t.on_response(response(180), Instant(100));
        assert!(matches!(t.poll_event(), Some(Event::Response(r)) if r.status() == Some(180)));
        assert_eq!(t.next_timeout(), None);
        assert_eq!(t.state(), State::Proceeding);
    }

    #[test]
    fn a_rejection_is_acknowledged_in_the_transaction_and_again_on_retransmission() {
        let mut t = start(Reliability::Unreliable);
        t.poll_event();
        t.on_response(response(486), Instant(100));
        let Some(Event::Send(ack)) = t.poll_event() else {
            panic!("ACK first")
        };
        let ack = Message::parse(&ack).unwrap();
        assert_eq!(ack.method().as_deref(), Some("ACK"));
        assert_eq!(ack.request_uri().as_deref(), Some("sip:bob@example.com"));
        assert_eq!(ack.cseq(), Some((7, "ACK".into())));
        assert_eq!(ack.top_branch().as_deref(), Some("z9hG4bKinv1"));
        assert_eq!(ack.to_tag().as_deref(), Some("b1"));
        assert_eq!(ack.header("route"), Some("<sip:proxy.example.com;lr>"));
        assert!(matches!(t.poll_event(), Some(Event::Response(r)) if r.status() == Some(486)));
        t.on_response(response(486), Instant(600));
        assert!(
            matches!(t.poll_event(), Some(Event::Send(_))),
            "ACK re-sent"
        );
        assert_eq!(
            t.poll_event(),
            None,
            "the TU does not see the retransmission"
        );
        // Timer D: 32 s over UDP.
        assert_eq!(t.next_timeout(), Some(Instant(32_100)));
        t.handle_timeout(Instant(32_100));
        assert_eq!(t.poll_event(), Some(Event::Terminated));
    }

    #[test]
    fn every_2xx_reaches_the_tu_until_timer_m() {
        let mut t = start(Reliability::Reliable);
        t.poll_event();
        t.on_response(response(200), Instant(100));
        t.on_response(response(200), Instant(600));
        assert!(matches!(t.poll_event(), Some(Event::Response(_))));
        assert!(matches!(t.poll_event(), Some(Event::Response(_))));
        assert_eq!(t.state(), State::Accepted);
        assert_eq!(t.next_timeout(), Some(Instant(32_100)));
        t.handle_timeout(Instant(32_100));
        assert_eq!(t.poll_event(), Some(Event::Terminated));
    }
}
