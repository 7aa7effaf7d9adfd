//! Call transfer within a dialog: REFER and its NOTIFYs (RFC 3515), the Replaces header that
//! names a dialog to take over (RFC 3891), in the roles of RFC 5589: the transferor sends
//! REFER and reads the NOTIFYs; the transferee answers 202, places the new call and reports
//! its progress in NOTIFYs with a `message/sipfrag` body.

use std::collections::VecDeque;

use super::{Call, State};
use crate::sip::message::{addr_uri, Message};
use crate::sip::syntax;
use crate::sip::ua::{Local, UaEvent, UaOutput};

/// What a Replaces header names (RFC 3891 §6.1): the Call-ID and, seen from the UA that
/// receives the INVITE, its own tag (`to-tag`) and the other end's (`from-tag`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replaces {
    /// The dialog's Call-ID.
    pub call_id: String,
    /// The receiving UA's tag in the dialog.
    pub to_tag: String,
    /// The other end's tag.
    pub from_tag: String,
    /// `early-only`: replace the dialog only while it is early (a call pickup), else 486.
    pub early_only: bool,
}

impl Replaces {
    /// Parse a Replaces header value (`callid;to-tag=a;from-tag=b`); `None` when a part is
    /// missing.
    pub fn parse(value: &str) -> Option<Replaces> {
        let mut parts = value.split(';');
        let call_id = parts.next()?.trim().to_string();
        let (mut to_tag, mut from_tag, mut early_only) = (None, None, false);
        for p in parts {
            let (name, v) = p.split_once('=').map_or((p, ""), |(n, v)| (n, v));
            match name.trim().to_ascii_lowercase().as_str() {
                "to-tag" => to_tag = Some(v.trim().to_string()),
                "from-tag" => from_tag = Some(v.trim().to_string()),
                "early-only" => early_only = true,
                _ => {}
            }
        }
        (!call_id.is_empty()).then_some(())?;
        Some(Replaces {
            call_id,
            to_tag: to_tag?,
            from_tag: from_tag?,
            early_only,
        })
    }

    /// The header value.
    pub fn value(&self) -> String {
        let early = if self.early_only { ";early-only" } else { "" };
        format!(
            "{};to-tag={};from-tag={}{early}",
            self.call_id, self.to_tag, self.from_tag
        )
    }
}

/// What a REFER asks for: the target to call, and the headers the Refer-To URI carries for
/// the new INVITE (Replaces, for an attended transfer).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferTarget {
    /// The URI to call, without its header part.
    pub uri: String,
    /// `Replaces` from the URI's headers (RFC 3891 §5), unescaped.
    pub replaces: Option<String>,
    /// Who asked (the Referred-By value, RFC 3892), for the new INVITE.
    pub referred_by: Option<String>,
}

/// Read a Refer-To value: `<sip:carol@x?Replaces=abc%3Bto-tag%3D1%3Bfrom-tag%3D2>`.
fn refer_target(refer_to: &str, referred_by: Option<&str>) -> Option<ReferTarget> {
    let uri = addr_uri(refer_to).trim();
    if !(uri.starts_with("sip:") || uri.starts_with("sips:")) {
        return None;
    }
    let (base, headers) = uri.split_once('?').map_or((uri, ""), |(b, h)| (b, h));
    let replaces = headers
        .split('&')
        .filter_map(|h| h.split_once('='))
        .find(|(n, _)| n.eq_ignore_ascii_case("replaces"))
        .map(|(_, v)| String::from_utf8_lossy(&syntax::unescape(v)).into_owned());
    Some(ReferTarget {
        uri: base.to_string(),
        replaces,
        referred_by: referred_by.map(str::to_string),
    })
}

/// The status code of a `message/sipfrag` body (`SIP/2.0 200 OK`).
fn sipfrag_code(body: &[u8]) -> Option<u16> {
    let text = std::str::from_utf8(body).ok()?;
    let line = text.lines().next()?;
    let mut words = line.split_whitespace();
    words.next().filter(|v| v.eq_ignore_ascii_case("SIP/2.0"))?;
    words.next()?.parse().ok()
}

/// Escape a Replaces value for a URI header (RFC 3261 §19.1.1: `;`, `=`, `@` and `%`).
fn escape(value: &str) -> String {
    value
        .chars()
        .map(|c| match c {
            ';' => "%3B".to_string(),
            '=' => "%3D".to_string(),
            '@' => "%40".to_string(),
            '%' => "%25".to_string(),
            ' ' => "%20".to_string(),
            c => c.to_string(),
        })
        .collect()
}

impl Call {
    /// Transferor: ask the far end to call `target` (RFC 3515 §2.4.1), `replaces` naming the
    /// dialog it is to take over (attended transfer). `false` if the call is not answered.
    pub fn refer(
        &mut self,
        target: &str,
        replaces: Option<&Replaces>,
        local: &mut Local,
        out: &mut VecDeque<UaOutput>,
    ) -> bool {
        if self.state != State::Confirmed {
            return false;
        }
        let refer_to = match replaces {
            Some(r) => format!("<{target}?Replaces={}>", escape(&r.value())),
            None => format!("<{target}>"),
        };
        let referred_by = format!("<{}>", local.account.aor());
        let contact = format!("<{}>", local.contact);
        self.local_cseq += 1;
        let cseq = self.local_cseq;
        self.refer_cseq = Some(cseq);
        self.send_request_headers(
            "REFER",
            cseq,
            &[
                ("Refer-To", &refer_to),
                ("Referred-By", &referred_by),
                ("Contact", &contact),
            ],
            local,
            out,
        );
        true
    }

    /// The Replaces value that names this dialog to the far end (RFC 3891 §3: the far
    /// end's tag is its `to-tag`), for a transferee's INVITE; `None` before the dialog exists.
    pub fn replaces_for_remote(&self) -> Option<Replaces> {
        Some(Replaces {
            call_id: self.call_id.clone(),
            to_tag: self.remote_tag.clone()?,
            from_tag: self.local_tag.clone(),
            early_only: false,
        })
    }

    /// The far end's address of record (the To of our INVITE or the From of theirs), to
    /// send a transferee to.
    pub fn remote_aor(&self) -> String {
        addr_uri(&self.remote_addr).to_string()
    }

    /// Whether a Replaces header received here names this dialog (RFC 3891 §3): a
    /// confirmed dialog, or an early one this UA started (one it answers is never
    /// replaced).
    pub fn is_replaced_by(&self, r: &Replaces) -> bool {
        self.call_id == r.call_id
            && self.local_tag == r.to_tag
            && self.remote_tag.as_deref() == Some(r.from_tag.as_str())
            && matches!(self.state, State::Confirmed | State::Early)
    }

    /// Whether the dialog is confirmed (a Replaces with `early-only` then gets 486).
    pub fn is_confirmed(&self) -> bool {
        self.state == State::Confirmed
    }

    /// A response to our REFER: 2xx means the far end will try (RFC 3515 §2.4.2).
    pub(super) fn on_refer_response(&mut self, code: u16, out: &mut VecDeque<UaOutput>) {
        if code < 200 {
            return;
        }
        self.refer_cseq = None;
        out.push_back(UaOutput::Event(UaEvent::TransferAccepted {
            call: self.handle,
            code,
        }));
    }

    /// Transferee: a REFER in this dialog (RFC 3515 §2.4.2): 202, the first NOTIFY (100
    /// Trying), and the target for the phone to call; a REFER we cannot follow gets 400.
    pub(super) fn on_refer(
        &mut self,
        msg: &Message,
        local: &mut Local,
        out: &mut VecDeque<UaOutput>,
    ) {
        let target = msg
            .header("refer-to")
            .and_then(|r| refer_target(r, msg.header("referred-by")));
        let (Some(target), State::Confirmed) = (target, self.state) else {
            self.respond(msg, 400, "Bad Request (Refer-To)", local, out, None);
            return;
        };
        self.respond(msg, 202, "Accepted", local, out, None);
        self.notify_transfer(100, local, out);
        out.push_back(UaOutput::Event(UaEvent::Referred {
            call: self.handle,
            target,
        }));
    }

    /// Transferee: tell the transferor how the new call went (RFC 3515 §2.4.4): a
    /// `message/sipfrag` with the status; a final one ends the implicit subscription.
    pub fn notify_transfer(&mut self, code: u16, local: &mut Local, out: &mut VecDeque<UaOutput>) {
        if self.state != State::Confirmed {
            return;
        }
        let state = if code < 200 {
            "active;expires=60".to_string()
        } else {
            "terminated;reason=noresource".to_string()
        };
        let frag = format!("SIP/2.0 {code} {}\r\n", super::reason_phrase(code));
        let contact = format!("<{}>", local.contact);
        self.local_cseq += 1;
        let cseq = self.local_cseq;
        self.send_request_full(
            "NOTIFY",
            cseq,
            &[
                ("Event", "refer"),
                ("Subscription-State", &state),
                ("Contact", &contact),
            ],
            Some(("message/sipfrag;version=2.0", &frag)),
            local,
            out,
        );
    }

    /// Transferor: a NOTIFY about our REFER: 200, and the new call's status to the phone.
    pub(super) fn on_notify(
        &mut self,
        msg: &Message,
        local: &mut Local,
        out: &mut VecDeque<UaOutput>,
    ) {
        let refer = msg.header("event").is_some_and(|e| {
            e.split(';')
                .next()
                .is_some_and(|n| n.trim().eq_ignore_ascii_case("refer"))
        });
        if !refer {
            self.respond(msg, 489, "Bad Event", local, out, None);
            return;
        }
        self.respond(msg, 200, "OK", local, out, None);
        if let Some(code) = sipfrag_code(msg.body()) {
            out.push_back(UaOutput::Event(UaEvent::TransferProgress {
                call: self.handle,
                code,
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_values_parse_and_print() {
        let r = Replaces::parse("abc@h;to-tag=t1;from-tag=f2").unwrap();
        assert_eq!(
            (r.call_id.as_str(), r.to_tag.as_str(), r.from_tag.as_str()),
            ("abc@h", "t1", "f2")
        );
        assert_eq!(r.value(), "abc@h;to-tag=t1;from-tag=f2");
        assert!(
            Replaces::parse("abc;to-tag=t1").is_none(),
            "from-tag missing"
        );
        assert!(Replaces::parse(";to-tag=a;from-tag=b").is_none());
    }

    #[test]
    fn a_refer_to_with_replaces_gives_the_target_and_the_unescaped_header() {
        let t = refer_target(
            "<sip:carol@example.com?Replaces=abc%40h%3Bto-tag%3Dt1%3Bfrom-tag%3Df2>",
            Some("<sip:alice@example.com>"),
        )
        .unwrap();
        assert_eq!(t.uri, "sip:carol@example.com");
        assert_eq!(t.replaces.as_deref(), Some("abc@h;to-tag=t1;from-tag=f2"));
        assert_eq!(t.referred_by.as_deref(), Some("<sip:alice@example.com>"));
        assert_eq!(refer_target("<sip:bob@x>", None).unwrap().replaces, None);
        assert!(refer_target("<tel:+123>", None).is_none());
        assert_eq!(escape("a@b;to-tag=1"), "a%40b%3Bto-tag%3D1");
    }

    #[test]
    fn sipfrag_bodies_give_their_status() {
        assert_eq!(sipfrag_code(b"SIP/2.0 200 OK\r\n"), Some(200));
        assert_eq!(sipfrag_code(b"SIP/2.0 100 Trying"), Some(100));
        assert_eq!(sipfrag_code(b"garbage"), None);
        assert_eq!(sipfrag_code(b""), None);
    }
}
