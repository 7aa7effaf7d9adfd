//! Keeping the flow to the server alive (RFC 5626 §3.5.1, §4.4.1): a CRLF "ping" every
//! interval on the connection (or UDP "NAT keep-alive", as the phones call it). When the
//! registrar said it supports outbound, it answers each ping with a CRLF "pong"; no pong
//! within 10 s means the flow is dead and the driver must reconnect.

use crate::time::{Duration, Instant};

/// RFC 5626 §4.4.1: how long to wait for a pong.
const PONG_WAIT: Duration = Duration::secs(10);

/// The keep-alive of one flow.
#[derive(Debug, Default)]
pub struct KeepAlive {
    interval: Option<Duration>,
    next_ping: Option<Instant>,
    pong_deadline: Option<Instant>,
    expect_pong: bool,
}

/// What the keep-alive asks for when its timer fires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Send a CRLF ping (`\r\n\r\n`).
    Ping,
    /// No pong came: the flow is dead.
    FlowFailed,
}

impl KeepAlive {
    /// Start (or restart) after a successful registration; `interval` 0 disables pings.
    /// `outbound` is true when the registrar supports RFC 5626 (then pongs are expected).
    pub fn start(&mut self, now: Instant, interval_secs: u32, outbound: bool) {
        self.interval = (interval_secs > 0).then(|| Duration::secs(interval_secs.into()));
        self.next_ping = self.interval.map(|i| now + i);
        self.pong_deadline = None;
        self.expect_pong = outbound;
    }

    /// The flow is gone; nothing to keep alive until the next registration.
    pub fn stop(&mut self) {
        *self = KeepAlive::default();
    }

    /// Something arrived on the flow (a pong or any message): it is alive.
    pub fn on_received(&mut self) {
        self.pong_deadline = None;
    }

    /// When [`KeepAlive::handle_timeout`] is next due.
    pub fn next_timeout(&self) -> Option<Instant> {
        [self.next_ping, self.pong_deadline]
            .into_iter()
            .flatten()
            .min()
    }

    /// Fire what is due at `now`.
    pub fn handle_timeout(&mut self, now: Instant) -> Option<Action> {
        if self.pong_deadline.is_some_and(|d| now >= d) {
            self.stop();
            return Some(Action::FlowFailed);
        }
        if self.next_ping.is_some_and(|p| now >= p) {
            self.next_ping = self.interval.map(|i| now + i);
            if self.expect_pong && self.pong_deadline.is_none() {
                self.pong_deadline = Some(now + PONG_WAIT);
            }
            return Some(Action::Ping);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pings_every_interval_and_without_outbound_never_gives_up() {
        let mut k = KeepAlive::default();
        k.start(Instant(0), 30, false);
        assert_eq!(k.next_timeout(), Some(Instant(30_000)));
        assert_eq!(k.handle_timeout(Instant(30_000)), Some(Action::Ping));
        assert_eq!(k.next_timeout(), Some(Instant(60_000)));
        assert_eq!(k.handle_timeout(Instant(60_000)), Some(Action::Ping));
    }

    #[test]
    fn with_outbound_a_missing_pong_fails_the_flow_and_a_pong_saves_it() {
        let mut k = KeepAlive::default();
        k.start(Instant(0), 30, true);
        assert_eq!(k.handle_timeout(Instant(30_000)), Some(Action::Ping));
        k.on_received();
        assert_eq!(k.next_timeout(), Some(Instant(60_000)));
        assert_eq!(k.handle_timeout(Instant(60_000)), Some(Action::Ping));
        assert_eq!(k.next_timeout(), Some(Instant(70_000)));
        assert_eq!(k.handle_timeout(Instant(70_000)), Some(Action::FlowFailed));
        assert_eq!(k.next_timeout(), None);
    }

    #[test]
    fn an_interval_of_zero_disables_it() {
        let mut k = KeepAlive::default();
        k.start(Instant(0), 0, true);
        assert_eq!(k.next_timeout(), None);
    }
}
