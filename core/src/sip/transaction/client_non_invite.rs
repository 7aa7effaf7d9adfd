//! RFC 3261 §17.1.2: the non-INVITE client transaction (REGISTER, BYE, OPTIONS, MESSAGE, ...).
//!
//! ```text
//! Trying --1xx--> Proceeding --200-699--> Completed --Timer K--> Terminated
//!   (Timer E: resend, T1 doubling up to T2; in Proceeding every T2)
//!   \--Timer F--> Terminated (Timeout)
//! ```

use std::collections::VecDeque;

use super::{earliest, Event, Reliability, Retransmit, Timers};
use crate::sip::message::Message;
use crate::time::{Duration, Instant};

/// Where the transaction is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Request sent, nothing heard.
    Trying,
    /// A provisional response arrived.
    Proceeding,
    /// A final response arrived; absorbing retransmissions.
    Completed,
    /// Over.
    Terminated,
}

/// A non-INVITE client transaction.
#[derive(Debug)]
pub struct ClientNonInvite {
    state: State,
    timers: Timers,
    reliability: Reliability,
    request: Vec<u8>,
    timer_e: Option<Retransmit>,
    timer_f: Option<Instant>,
    timer_k: Option<Instant>,
    events: VecDeque<Event>,
}

impl ClientNonInvite {
    /// Start the transaction: `request` is sent at once.
    pub fn start(
        request: Vec<u8>,
        reliability: Reliability,
        timers: Timers,
        now: Instant,
    ) -> ClientNonInvite {
        let mut t = ClientNonInvite {
            state: State::Trying,
            timers,
            reliability,
            request: request.clone(),
            timer_e: (reliability == Reliability::Unreliable)
                .then(|| Retransmit::start(now, timers.t1)),
            timer_f: Some(now + timers.t1x64()),
            timer_k: None,
            events: VecDeque::new(),
        };
        t.events.push_back(Event::Send(request));
        t
    }

    /// The state.
    pub fn state(&self) -> State {
        self.state
    }

    /// A response matched to this transaction.
    pub fn on_response(&mut self, resp: Message, now: Instant) {
        let Some(code) = resp.status() else { return };
        match (self.state, code) {
            (State::Trying | State::Proceeding, 100..=199) => {
                self.state = State::Proceeding;
                self.events.push_back(Event::Response(resp));
            }
            (State::Trying | State::Proceeding, _) => {
                self.state = State::Completed;
                self.timer_e = None;
                self.timer_f = None;
                self.events.push_back(Event::Response(resp));
                let wait = match self.reliability {
                    Reliability::Unreliable => self.timers.t4,
                    Reliability::Reliable => Duration(0),
                };
                self.timer_k = Some(now + wait);
                if wait.0 == 0 {
                    self.terminate();
                }
            }
            _ => {} // retransmissions in Completed are absorbed
        }
    }

    /// Timers E, F and K.
    pub fn handle_timeout(&mut self, now: Instant) {
        let proceeding = self.state == State::Proceeding;
        let t2 = self.timers.t2;
        if let Some(e) = self.timer_e.as_mut().filter(|e| now >= e.at) {
            // §17.1.2.2: in Proceeding the interval is T2.
            if proceeding {
                e.interval = t2;
                e.at = now + t2;
            } else {
                e.backoff(now, Some(t2));
            }
            self.events.push_back(Event::Send(self.request.clone()));
        }
        if self.timer_f.is_some_and(|f| now >= f) {
            self.events.push_back(Event::Timeout);
            self.terminate();
        }
        if self.timer_k.is_some_and(|k| now >= k) {
            self.terminate();
        }
    }

    /// When [`ClientNonInvite::handle_timeout`] is next due.
    pub fn next_timeout(&self) -> Option<Instant> {
        if self.state == State::Terminated {
            return None;
        }
        earliest(&[self.timer_e.map(|e| e.at), self.timer_f, self.timer_k])
    }

    /// The next event, if any.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    fn terminate(&mut self) {
        if self.state != State::Terminated {
            self.state = State::Terminated;
            self.timer_e = None;
            self.timer_f = None;
            self.timer_k = None;
            self.events.push_back(Event::Terminated);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(code: u16) -> Message {
        let text = format!(
            "SIP/2.0 {code} X\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKr1\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:a@h>\r\n\
             Call-ID: r1\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n"
        );
        Message::parse(text.as_bytes()).unwrap()
    }

    fn sends_until(t: &mut ClientNonInvite, until: u64) -> (Vec<u64>, Vec<Event>) {
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
    fn timer_e_doubles_up_to_t2_then_timer_f_gives_up() {
        let mut t = ClientNonInvite::start(
            b"REGISTER".to_vec(),
            Reliability::Unreliable,
            Timers::default(),
            Instant(0),
        );
        t.poll_event();
        let (sends, others) = sends_until(&mut t, 40_000);
        assert_eq!(&sends[..5], [500, 1500, 3500, 7500, 11500]); // 0.5, 1, 2, 4, 4 s apart
        assert!(sends.iter().all(|&s| s < 32_000));
        assert_eq!(others, [Event::Timeout, Event::Terminated]);
    }

    #[test]
    fn in_proceeding_retransmissions_come_every_t2() {
        let mut t = ClientNonInvite::start(
            b"BYE".to_vec(),
            Reliability::Unreliable,
            Timers::default(),
            Instant(0),
        );
        t.poll_event();
        t.on_response(response(100), Instant(100));
        let (sends, _) = sends_until(&mut t, 9_000);
        assert_eq!(sends, [500, 4500, 8500]);
    }

    #[test]
    fn a_final_response_waits_timer_k_over_udp_and_absorbs_repeats() {
        let mut t = ClientNonInvite::start(
            b"OPTIONS".to_vec(),
            Reliability::Unreliable,
            Timers::default(),
            Instant(0),
        );
        t.poll_event();
        t.on_response(response(200), Instant(100));
        t.on_response(response(200), Instant(200));
        assert!(matches!(t.poll_event(), Some(Event::Response(_))));
        assert_eq!(t.poll_event(), None);
        assert_eq!(t.next_timeout(), Some(Instant(5_100)));
        t.handle_timeout(Instant(5_100));
        assert_eq!(t.poll_event(), Some(Event::Terminated));
    }

    #[test]
    fn over_a_reliable_transport_a_final_response_ends_it_at_once() {
        let mut t = ClientNonInvite::start(
            b"OPTIONS".to_vec(),
            Reliability::Reliable,
            Timers::default(),
            Instant(0),
        );
        t.poll_event();
        assert_eq!(t.next_timeout(), Some(Instant(32_000)), "only timer F");
        t.on_response(response(401), Instant(100));
        assert!(matches!(t.poll_event(), Some(Event::Response(_))));
        assert_eq!(t.poll_event(), Some(Event::Terminated));
    }
}
