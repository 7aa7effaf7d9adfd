//! Reliable provisional responses, the answering side (RFC 3262 §3): a provisional
//! response sent with `Require: 100rel` and an `RSeq` is retransmitted, at T1 and then at
//! doubling intervals, until a PRACK with the matching `RAck` arrives; after 64*T1 without
//! one the INVITE is refused with a 5xx.

use super::message::Message;
use super::syntax::split_commas;
use crate::time::{Duration, Instant};

/// Whether the caller can take reliable provisional responses (`100rel` in its Supported
/// or Require header).
pub fn caller_supports(invite: &Message) -> bool {
    ["supported", "require"].iter().any(|h| {
        invite
            .values(h)
            .flat_map(split_commas)
            .any(|t| t.eq_ignore_ascii_case("100rel"))
    })
}

/// Read `RAck: rseq cseq method` (RFC 3262 §7.2).
pub fn parse_rack(value: &str) -> Option<(u32, u32, String)> {
    let mut parts = value.split_whitespace();
    let rseq = parts.next()?.parse().ok()?;
    let cseq = parts.next()?.parse().ok()?;
    let method = parts.next()?.to_string();
    parts.next().is_none().then_some((rseq, cseq, method))
}

/// What the retransmission timer asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Retransmit {
    /// Send the response again.
    Resend(Vec<u8>),
    /// No PRACK came in 64*T1: refuse the INVITE (RFC 3262 §3 asks for a 5xx).
    GiveUp,
}

/// A reliable provisional response waiting for its PRACK.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reliable {
    rseq: u32,
    invite_cseq: u32,
    bytes: Vec<u8>,
    interval: Duration,
    next: Instant,
    give_up: Instant,
    acknowledged: bool,
}

impl Reliable {
    /// `bytes` (a provisional with `RSeq: rseq`) to INVITE `invite_cseq` just left at `now`.
    pub fn sent(
        rseq: u32,
        invite_cseq: u32,
        bytes: Vec<u8>,
        t1: Duration,
        now: Instant,
    ) -> Reliable {
        Reliable {
            rseq,
            invite_cseq,
            bytes,
            interval: t1,
            next: now + t1,
            give_up: now + Duration(t1.0 * 64),
            acknowledged: false,
        }
    }

    /// When the next retransmission is due, while unacknowledged.
    pub fn due(&self) -> Option<Instant> {
        (!self.acknowledged).then_some(self.next)
    }

    /// The timer fired at `now`.
    pub fn on_timeout(&mut self, now: Instant) -> Option<Retransmit> {
        if self.acknowledged || now < self.next {
            return None;
        }
        if now >= self.give_up {
            self.acknowledged = true;
            return Some(Retransmit::GiveUp);
        }
        self.interval = Duration(self.interval.0 * 2);
        self.next = (now + self.interval).min(self.give_up);
        Some(Retransmit::Resend(self.bytes.clone()))
    }

    /// A PRACK with `rack` arrived: true when it acknowledges this response (a repeated
    /// PRACK for it too, RFC 3262 §3 answers both with 200); false means 481.
    pub fn acknowledge(&mut self, rack: Option<&str>) -> bool {
        let ok = rack
            .and_then(parse_rack)
            .is_some_and(|(rseq, cseq, method)| {
                rseq == self.rseq
                    && cseq == self.invite_cseq
                    && method.eq_ignore_ascii_case("INVITE")
            });
        if ok {
            self.acknowledged = true;
        }
        ok
    }

    /// The final response went out: nothing more to retransmit.
    pub fn stop(&mut self) {
        self.acknowledged = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retransmits_at_doubling_intervals_then_gives_up_at_64_t1() {
        let t1 = Duration::millis(500);
        let mut r = Reliable::sent(7, 1, b"180".to_vec(), t1, Instant(0));
        let mut at = Vec::new();
        while let Some(due) = r.due() {
            match r.on_timeout(due) {
                Some(Retransmit::Resend(_)) => at.push(due.0),
                Some(Retransmit::GiveUp) => {
                    at.push(due.0);
                    break;
                }
                None => unreachable!("due means something happens"),
            }
        }
        // The last entry is the give-up, 64*T1 after the first send.
        assert_eq!(at, [500, 1500, 3500, 7500, 15500, 31500, 32000]);
    }

    #[test]
    fn only_the_matching_rack_acknowledges() {
        let mut r = Reliable::sent(7, 3, Vec::new(), Duration::millis(500), Instant(0));
        assert!(!r.acknowledge(Some("8 3 INVITE")));
        assert!(!r.acknowledge(Some("7 2 INVITE")));
        assert!(!r.acknowledge(Some("7 3 BYE")));
        assert!(!r.acknowledge(Some("7 3")));
        assert!(!r.acknowledge(None));
        assert!(r.due().is_some());
        assert!(r.acknowledge(Some("7 3 INVITE")));
        assert_eq!(r.due(), None);
        assert!(
            r.acknowledge(Some("7  3 invite")),
            "a repeated PRACK is answered too"
        );
    }

    #[test]
    fn rack_values_are_read_strictly() {
        assert_eq!(
            parse_rack("776656 1 INVITE"),
            Some((776656, 1, "INVITE".into()))
        );
        assert_eq!(parse_rack("x 1 INVITE"), None);
        assert_eq!(parse_rack("1 1 INVITE extra"), None);
        assert_eq!(parse_rack("99999999999 1 INVITE"), None);
    }
}
