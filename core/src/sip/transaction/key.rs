//! Transaction matching (RFC 3261 §17.1.3 for responses, §17.2.3 for requests).

use crate::sip::message::Message;

/// The RFC 3261 branch prefix: a branch starting with it is unique per transaction.
pub const MAGIC_COOKIE: &str = "z9hG4bK";

/// What identifies a transaction.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    /// RFC 3261 §17.2.3: branch, sent-by and method (ACK and CANCEL aside, see below).
    Branch {
        /// The top Via branch.
        branch: String,
        /// The top Via sent-by (host and port, lower case).
        sent_by: String,
        /// The method; an ACK is looked up as INVITE.
        method: String,
    },
    /// RFC 3261 §17.2.3 for RFC 2543 peers (no magic cookie): Request-URI, From tag,
    /// Call-ID, CSeq number and top Via.
    Rfc2543 {
        /// Request-URI.
        uri: String,
        /// From tag.
        from_tag: String,
        /// Call-ID.
        call_id: String,
        /// CSeq number.
        cseq: u32,
        /// Top Via, as received.
        via: String,
    },
}

impl Key {
    /// The key of a received request; an ACK maps to its INVITE's key (for a non-2xx ACK,
    /// which shares the INVITE's branch). `None` when the request has no usable Via/CSeq.
    pub fn of_request(req: &Message) -> Option<Key> {
        let via = req.vias().into_iter().next()?;
        let (cseq, cseq_method) = req.cseq()?;
        let method = if cseq_method == "ACK" {
            "INVITE".to_string()
        } else {
            cseq_method
        };
        match via.branch() {
            Some(b) if b.starts_with(MAGIC_COOKIE) => Some(Key::Branch {
                branch: b.to_string(),
                sent_by: format!(
                    "{}:{}",
                    via.host.to_ascii_lowercase(),
                    via.port.unwrap_or(0)
                ),
                method,
            }),
            _ => Some(Key::Rfc2543 {
                uri: req.request_uri().unwrap_or_default(),
                from_tag: req.from_tag().unwrap_or_default(),
                call_id: req.call_id().unwrap_or_default().to_string(),
                cseq,
                via: req.values("via").next().unwrap_or_default().to_string(),
            }),
        }
    }

    /// The key of a response for client-side matching (RFC 3261 §17.1.3): top Via branch
    /// and CSeq method. The sent-by is ours and left out.
    pub fn of_response(resp: &Message) -> Option<(String, String)> {
        let branch = resp.vias().into_iter().next()?.branch()?.to_string();
        Some((branch, resp.cseq()?.1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(method: &str, cseq_method: &str, branch: &str) -> Message {
        let text = format!(
            "{method} sip:bob@h SIP/2.0\r\nVia: SIP/2.0/UDP Host.Example:5060;branch={branch}\r\nFrom: <sip:a@h>;tag=1\r\n\
             To: <sip:bob@h>\r\nCall-ID: k1\r\nCSeq: 4 {cseq_method}\r\nContent-Length: 0\r\n\r\n"
        );
        Message::parse(text.as_bytes()).unwrap()
    }

    #[test]
    fn an_ack_finds_its_invite_and_a_bye_does_not() {
        let invite = Key::of_request(&req("INVITE", "INVITE", "z9hG4bKx")).unwrap();
        assert_eq!(
            Key::of_request(&req("ACK", "ACK", "z9hG4bKx")),
            Some(invite.clone())
        );
        assert_ne!(
            Key::of_request(&req("BYE", "BYE", "z9hG4bKx")),
            Some(invite)
        );
        assert!(
            matches!(Key::of_request(&req("INVITE", "INVITE", "z9hG4bKx")), Some(Key::Branch { sent_by, .. }) if sent_by == "host.example:5060")
        );
    }

    #[test]
    fn branches_without_the_magic_cookie_match_the_rfc_2543_way() {
        assert!(matches!(
            Key::of_request(&req("INVITE", "INVITE", "old1")),
            Some(Key::Rfc2543 { cseq: 4, .. })
        ));
    }
}
