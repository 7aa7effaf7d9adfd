//! RFC 3261 §17.2.2: the non-INVITE server transaction.
//!
//! ```text
//! Trying --1xx--> Proceeding --200-699--> Completed --Timer J--> Terminated
//! ```
//! A retransmitted request is answered with the last response sent (nothing in Trying).

use std::collections::VecDeque;

use super::{Event, Reliability, Timers};
use crate::time::{Duration, Instant};

/// Where the transaction is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// The request arrived; nothing sent yet.
    Trying,
    /// A provisional response was sent.
    Proceeding,
    /// A final response was sent.
    Completed,
    /// Over.
    Terminated,
}

/// A non-INVITE server transaction.
#[derive(Debug)]
pub struct ServerNonInvite {
    state: State,
    timers: Timers,
    reliability: Reliability,
    last_response: Option<Vec<u8>>,
    timer_j: Option<Instant>,
    events: VecDeque<Event>,
}

impl ServerNonInvite {
    /// A transaction for a newly received request.
    pub fn new(reliability: Reliability, timers: Timers) -> ServerNonInvite {
        ServerNonInvite {
            state: State::Trying,
            timers,
            reliability,
            last_response: None,
            timer_j: None,
            events: VecDeque::new(),
        }
    }

    /// The state.
    pub fn state(&self) -> State {
        self.state
    }

    /// The TU sends a response with status `code`.
    pub fn send_response(&mut self, code: u16, bytes: Vec<u8>, now: Instant) {
        if matches!(self.state, State::Completed | State::Terminated) {
            return;
        }
        self.events.push_back(Event::Send(bytes.clone()));
        self.last_response = Some(bytes);
        if code < 200 {
            self.state = State::Proceeding;
            return;
        }
        self.state = State::Completed;
        let wait = match self.reliability {
            Reliability::Unreliable => self.timers.t1x64(),
            Reliability::Reliable => Duration(0),
        };
        self.timer_j = Some(now + wait);
        if wait.0 == 0 {
            self.terminate();
        }
    }

    /// A retransmission of the request.
    pub fn on_retransmission(&mut self) {
        if matches!(self.state, State::Proceeding | State::Completed) {
            if let Some(r) = &self.last_response {
                self.events.push_back(Event::Send(r.clone()));
            }
        }
    }

    /// Timer J.
    pub fn handle_timeout(&mut self, now: Instant) {
        if self.timer_j.is_some_and(|j| now >= j) {
            self.terminate();
        }
    }

    /// When [`ServerNonInvite::handle_timeout`] is next due.
    pub fn next_timeout(&self) -> Option<Instant> {
        self.timer_j.filter(|_| self.state != State::Terminated)
    }

    /// The next event, if any.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    fn terminate(&mut self) {
        if self.state != State::Terminated {
            self.state = State::Terminated;
            self.timer_j = None;
            self.events.push_back(Event::Terminated);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retransmitted_requests_get_the_final_response_until_timer_j() {
        let mut t = ServerNonInvite::new(Reliability::Unreliable, Timers::default());
        t.on_retransmission();
        assert_eq!(t.poll_event(), None, "nothing to repeat yet");
        t.send_response(200, b"200".to_vec(), Instant(0));
        t.on_retransmission();
        assert_eq!(t.poll_event(), Some(Event::Send(b"200".to_vec())));
        assert_eq!(t.poll_event(), Some(Event::Send(b"200".to_vec())));
        assert_eq!(t.next_timeout(), Some(Instant(32_000)));
        t.handle_timeout(Instant(32_000));
        assert_eq!(t.poll_event(), Some(Event::Terminated));
    }

    #[test]
    fn over_a_reliable_transport_the_final_response_ends_it() {
        let mut t = ServerNonInvite::new(Reliability::Reliable, Timers::default());
        t.send_response(100, b"100".to_vec(), Instant(0));
        assert_eq!(t.state(), State::Proceeding);
        t.send_response(200, b"200".to_vec(), Instant(10));
        let events: Vec<Event> = std::iter::from_fn(|| t.poll_event()).collect();
        assert_eq!(
            events,
            [
                Event::Send(b"100".to_vec()),
                Event::Send(b"200".to_vec()),
                Event::Terminated
            ]
        );
    }
}
