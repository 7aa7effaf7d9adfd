//! Page-mode instant messages (RFC 3428): sending a MESSAGE with digest authentication,
//! and reading a received one. Each MESSAGE is its own non-INVITE transaction outside any
//! dialog; the transaction layer below handles retransmission and timeouts.

use super::builder::Builder;
use super::call::Party;
use super::digest::Challenge;
use super::message::Message;
use super::ua::Local;

/// Identifies an outgoing message in events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MessageRef(pub u32);

/// A received message for the phone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Received {
    /// Who sent it.
    pub from: Party,
    /// The text (bodies that are not text are refused with 415 before this point).
    pub text: String,
}

/// The body types a phone shows (RFC 3428 §5: text/plain must be supported).
pub const ACCEPT: &str = "text/plain";

/// Read a received MESSAGE; `None` when its body is no text (the caller answers 415).
pub fn read(req: &Message) -> Option<Received> {
    let ctype = req.header("content-type").unwrap_or("text/plain");
    let mime = ctype.split(';').next().unwrap_or_default().trim();
    if !mime.eq_ignore_ascii_case("text/plain") {
        return None;
    }
    let from = req.header("from").map(Party::from_header)?;
    Some(Received {
        from,
        text: String::from_utf8_lossy(req.body()).into_owned(),
    })
}

/// What became of an outgoing message after a response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Nothing final yet.
    Pending,
    /// Send this again with credentials.
    Resend(Vec<u8>),
    /// Final: the status code (2xx = delivered).
    Done(u16),
}

/// One outgoing MESSAGE.
#[derive(Debug)]
pub struct Outgoing {
    id: MessageRef,
    target: String,
    text: String,
    call_id: String,
    from_tag: String,
    cseq: u32,
    challenge: Option<(Challenge, bool)>,
    auth_tries: u32,
}

impl Outgoing {
    /// A message to `target` (a SIP URI); returns it and the request to send.
    pub fn new(
        id: MessageRef,
        target: &str,
        text: &str,
        local: &mut Local,
    ) -> (Outgoing, Option<Vec<u8>>) {
        let mut m = Outgoing {
            id,
            target: target.to_string(),
            text: text.to_string(),
            call_id: format!("{}@deskphone", local.ids.token(16)),
            from_tag: local.ids.tag(),
            cseq: 0,
            challenge: None,
            auth_tries: 0,
        };
        let bytes = m.build(local);
        (m, bytes)
    }

    /// The id given at creation.
    pub fn id(&self) -> MessageRef {
        self.id
    }

    /// True when `resp` answers this message.
    pub fn matches(&self, resp: &Message) -> bool {
        resp.call_id() == Some(self.call_id.as_str())
            && resp.from_tag().as_deref() == Some(self.from_tag.as_str())
    }

    /// A response (final ones only change anything).
    pub fn on_response(&mut self, resp: &Message, local: &mut Local) -> Step {
        let Some(code) = resp.status() else {
            return Step::Pending;
        };
        match code {
            100..=199 => Step::Pending,
            401 | 407 if self.auth_tries == 0 => {
                let header = if code == 401 {
                    "www-authenticate"
                } else {
                    "proxy-authenticate"
                };
                match Challenge::best(resp.values(header)) {
                    Ok(c) => {
                        self.auth_tries += 1;
                        self.challenge = Some((c, code == 407));
                        self.build(local).map_or(Step::Done(code), Step::Resend)
                    }
                    Err(_) => Step::Done(code),
                }
            }
            _ => Step::Done(code),
        }
    }

    fn build(&mut self, local: &mut Local) -> Option<Vec<u8>> {
        self.cseq += 1;
        let branch = local.ids.branch();
        let cnonce = local.ids.token(12);
        let account = &local.account;
        let mut b = Builder::request("MESSAGE", &self.target)
            .header("Via", &local.via(&branch))
            .header("Max-Forwards", "70")
            .header(
                "From",
                &format!("{};tag={}", account.from_addr(), self.from_tag),
            )
            .header("To", &format!("<{}>", self.target))
            .header("Call-ID", &self.call_id)
            .header("CSeq", &format!("{} MESSAGE", self.cseq))
            .header("User-Agent", super::ua::USER_AGENT);
        // RFC 3261 §8.1.2: the outbound proxy as a preloaded loose route.
        if let Some(proxy) = &local.account.outbound_proxy {
            b = b.header("Route", &format!("<{proxy}>"));
        }
        if let Some((c, proxy)) = &self.challenge {
            let value = c.answer(
                account.auth_name(),
                &account.password,
                "MESSAGE",
                &self.target,
                1,
                &cnonce,
            );
            b = b.header(Challenge::header_name(*proxy), &value);
        }
        b.body("text/plain;charset=UTF-8", self.text.as_bytes())
            .build()
            .ok()
    }
}
