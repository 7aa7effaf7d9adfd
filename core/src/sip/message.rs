//! SIP messages (RFC 3261 §7): framing, the start line, headers and body of a received
//! message, and the checks that decide whether it can be used or must be refused.
//!
//! Parsing happens in two steps. Framing (start line, unfolded header lines, body cut at
//! Content-Length) fails only when there is no message to speak of. Validation then checks
//! the headers the core relies on (RFC 3261 §8.2.2, §20, §25: Via, From, To, Call-ID,
//! CSeq, Max-Forwards, Contact, Route, Content-Length) and reports the response a request
//! deserves (400, 505) together with the framed message, so that the reply can still copy
//! its Via, From, To, Call-ID and CSeq. Every accessor returns an `Option`: a received
//! message is hostile input, never a reason to panic.

use std::fmt;

use super::addr::NameAddr;
use super::syntax::{is_token, is_word_char, split_commas, SyntaxError};
use super::uri::Uri;
use super::via::Via;

/// A received SIP message (request or response).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    start: StartLine,
    /// Header names (canonical, lower case) and values (unfolded, trimmed), in order.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// The first line of a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartLine {
    /// `Method SP Request-URI SP SIP-Version`.
    Request {
        /// The method token, case-sensitive (RFC 3261 §7.1).
        method: String,
        /// The Request-URI as received.
        uri: String,
        /// The SIP-Version as received.
        version: String,
    },
    /// `SIP-Version SP Status-Code SP Reason-Phrase`.
    Response {
        /// The status code.
        code: u16,
        /// The reason phrase (may be empty).
        reason: String,
        /// The SIP-Version as received.
        version: String,
    },
}

/// Why a received message cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// Not a SIP message at all (no start line or no end of headers): drop it.
    Unreadable(String),
    /// A framed message that breaks the grammar. A request gets `status` (400 or 505)
    /// with `reason` as its answer; a response is dropped.
    Invalid {
        /// The message as framed, to build the reply from.
        message: Box<Message>,
        /// The status code to answer a request with.
        status: u16,
        /// What is wrong, for the reason phrase and the log.
        reason: String,
    },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Unreadable(r) => write!(f, "unreadable SIP message: {r}"),
            ParseError::Invalid { reason, status, .. } => {
                write!(f, "malformed SIP message ({status}): {reason}")
            }
        }
    }
}

/// RFC 3261 §7.3.3: the compact forms of header names.
fn canonical_name(name: &str) -> String {
    let lower = name.trim().to_ascii_lowercase();
    let long = match lower.as_str() {
        "i" => "call-id",
        "m" => "contact",
        "e" => "content-encoding",
        "l" => "content-length",
        "c" => "content-type",
        "f" => "from",
        "s" => "subject",
        "k" => "supported",
        "t" => "to",
        "v" => "via",
        "o" => "event",
        "u" => "allow-events",
        "r" => "refer-to",
        "x" => "session-expires",
        "y" => "identity",
        "b" => "referred-by",
        "a" => "accept-contact",
        "j" => "reject-contact",
        "d" => "request-disposition",
        _ => return lower,
    };
    long.to_string()
}

/// Headers that may appear once only (RFC 3261 §7.3.1, §20).
const SINGLE: [&str; 7] = [
    "from",
    "to",
    "call-id",
    "cseq",
    "max-forwards",
    "content-length",
    "content-type",
];
/// Headers without which a message cannot be matched or answered (RFC 3261 §8.1.1).
const REQUIRED: [&str; 5] = ["via", "from", "to", "call-id", "cseq"];

impl Message {
    /// RFC 3261 §7: frame and validate one message. Octets after the body that
    /// Content-Length gives are ignored (RFC 3261 §18.3).
    pub fn parse(bytes: &[u8]) -> Result<Message, ParseError> {
        let message = Message::frame(bytes)?;
        match message.validate() {
            Ok(()) => Ok(message),
            Err((status, reason)) => Err(ParseError::Invalid {
                message: Box::new(message),
                status,
                reason,
            }),
        }
    }

    /// Step one: start line, header lines (unfolded) and body.
    fn frame(bytes: &[u8]) -> Result<Message, ParseError> {
        let unreadable = |r: &str| ParseError::Unreadable(r.to_string());
        let (head_end, body_start) = match find(bytes, b"\r\n\r\n") {
            Some(i) => (i, i + 4),
            None => match find(bytes, b"\n\n") {
                Some(i) => (i, i + 2),
                // A datagram or WebSocket message is whole: a last header line without the
                // blank line after it still ends the headers.
                None if bytes.ends_with(b"\n") => (bytes.len(), bytes.len()),
                None => return Err(unreadable("no blank line after the headers")),
            },
        };
        let head = String::from_utf8_lossy(&bytes[..head_end]);
        let mut lines = head.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
        let first = lines.next().unwrap_or_default();
        let start = frame_start_line(first).ok_or_else(|| unreadable("no SIP start line"))?;

        let mut headers: Vec<(String, String)> = Vec::new();
        let mut bad_line = None;
        for line in lines {
            if line.is_empty() {
                continue; // only the end of a message without its blank line
            }
            if line.starts_with([' ', '\t']) {
                // RFC 3261 §7.3.1: a folded line continues the previous header value.
                match headers.last_mut() {
                    Some((_, v)) => {
                        let more = line.trim_matches([' ', '\t']);
                        if !more.is_empty() {
                            if !v.is_empty() {
                                v.push(' ');
                            }
                            v.push_str(more);
                        }
                    }
                    None => bad_line = bad_line.or(Some(line.to_string())),
                }
                continue;
            }
            match line.split_once(':') {
                Some((name, value)) if is_token(name.trim_end_matches([' ', '\t'])) => {
                    headers.push((
                        canonical_name(name),
                        value.trim_matches([' ', '\t']).to_string(),
                    ));
                }
                _ => bad_line = bad_line.or(Some(line.to_string())),
            }
        }

        let rest = &bytes[body_start.min(bytes.len())..];
        let mut message = Message {
            start,
            headers,
            body: Vec::new(),
        };
        let lengths: Vec<&str> = message.values("content-length").collect();
        let invalid = |message: Message, reason: String| ParseError::Invalid {
            message: Box::new(message),
            status: 400,
            reason,
        };
        if let Some(line) = bad_line {
            message.body = rest.to_vec();
            return Err(invalid(
                message,
                format!("malformed header line {:?}", truncate(&line)),
            ));
        }
        match lengths.as_slice() {
            [] => message.body = rest.to_vec(),
            [one] => match one.parse::<usize>() {
                Ok(n) if n <= rest.len() => message.body = rest[..n].to_vec(),
                Ok(n) => {
                    let reason = format!(
                        "Content-Length {n} is larger than the {} octets received",
                        rest.len()
                    );
                    message.body = rest.to_vec();
                    return Err(invalid(message, reason));
                }
                Err(_) => {
                    let reason = format!("bad Content-Length {:?}", truncate(one));
                    return Err(invalid(message, reason));
                }
            },
            _ => {
                return Err(invalid(
                    message,
                    "more than one Content-Length header".into(),
                ))
            }
        }
        Ok(message)
    }

    /// Step two: the grammar of the start line and of the headers the core uses.
    fn validate(&self) -> Result<(), (u16, String)> {
        let bad = |e: SyntaxError| (400, e.0);
        match &self.start {
            StartLine::Request {
                method,
                uri,
                version,
            } => {
                if version.is_empty() || uri.contains(' ') {
                    return Err((
                        400,
                        "malformed Request-Line: Method SP Request-URI SP SIP-Version".into(),
                    ));
                }
                if version != "SIP/2.0" {
                    return Err((
                        505,
                        format!("SIP version {} is not supported", truncate(version)),
                    ));
                }
                if !is_token(method) {
                    return Err((400, format!("bad method {:?}", truncate(method))));
                }
                let parsed = Uri::parse(uri).map_err(|e| (400, format!("bad Request-URI: {e}")))?;
                if parsed.sip().is_some_and(|u| u.headers.is_some()) {
                    return Err((400, "Request-URI carries headers".into()));
                }
            }
            StartLine::Response { version, .. } => {
                if version != "SIP/2.0" {
                    return Err((
                        505,
                        format!("SIP version {} is not supported", truncate(version)),
                    ));
                }
            }
        }
        for name in REQUIRED {
            if self.header(name).is_none() {
                return Err((400, format!("missing {} header", display_header(name))));
            }
        }
        for name in SINGLE {
            if self.values(name).count() > 1 {
                return Err((
                    400,
                    format!("more than one {} header", display_header(name)),
                ));
            }
        }
        for via in self.values("via").flat_map(split_commas) {
            Via::parse(via).map_err(bad)?;
        }
        for name in ["from", "to"] {
            NameAddr::parse(self.header(name).unwrap_or_default())
                .map_err(|e| (400, format!("bad {} header: {e}", display_header(name))))?;
        }
        for name in ["contact", "route", "record-route"] {
            for value in self.values(name).flat_map(split_commas) {
                if name == "contact" && value == "*" {
                    continue;
                }
                NameAddr::parse(value)
                    .map_err(|e| (400, format!("bad {} header: {e}", display_header(name))))?;
            }
        }
        let call_id = self.header("call-id").unwrap_or_default();
        let at_signs = call_id.bytes().filter(|&c| c == b'@').count();
        if call_id.is_empty()
            || at_signs > 1
            || !call_id.bytes().all(|c| c == b'@' || is_word_char(c))
        {
            return Err((400, "bad Call-ID header".into()));
        }
        let (_, cseq_method) = self.cseq().ok_or((
            400,
            "bad CSeq header (number below 2^31 and a method)".to_string(),
        ))?;
        if let Some(method) = self.method() {
            if cseq_method != method {
                return Err((
                    400,
                    format!("CSeq method {cseq_method} does not match the request method {method}"),
                ));
            }
        }
        if let Some(mf) = self.header("max-forwards") {
            if !(mf.bytes().all(|c| c.is_ascii_digit())
                && mf.parse::<u32>().is_ok_and(|n| n <= 255))
            {
                return Err((400, format!("bad Max-Forwards {:?}", truncate(mf))));
            }
        }
        Ok(())
    }

    /// The start line.
    pub fn start_line(&self) -> &StartLine {
        &self.start
    }

    /// The request method, for a request.
    pub fn method(&self) -> Option<String> {
        match &self.start {
            StartLine::Request { method, .. } => Some(method.clone()),
            StartLine::Response { .. } => None,
        }
    }

    /// The status code, for a response.
    pub fn status(&self) -> Option<u16> {
        match &self.start {
            StartLine::Response { code, .. } => Some(*code),
            StartLine::Request { .. } => None,
        }
    }

    /// The reason phrase, for a response.
    pub fn reason(&self) -> Option<&str> {
        match &self.start {
            StartLine::Response { reason, .. } => Some(reason),
            StartLine::Request { .. } => None,
        }
    }

    /// The Request-URI, for a request.
    pub fn request_uri(&self) -> Option<String> {
        match &self.start {
            StartLine::Request { uri, .. } => Some(uri.clone()),
            StartLine::Response { .. } => None,
        }
    }

    /// Every header line's value for `name` (any case, compact forms understood), in order.
    pub fn values<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> + 'a {
        let name = canonical_name(name);
        self.headers
            .iter()
            .filter(move |(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.values(name).next()
    }

    /// Every value of a header, in order, with comma-separated lists split (RFC 3261 §7.3.1).
    pub fn header_list(&self, name: &str) -> Vec<String> {
        self.values(name)
            .flat_map(split_commas)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// All headers as (canonical name, value), in order.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The message body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The Call-ID.
    pub fn call_id(&self) -> Option<&str> {
        self.header("call-id")
    }

    /// CSeq sequence number and method (RFC 3261 §8.1.1.5: the number is below 2^31).
    pub fn cseq(&self) -> Option<(u32, String)> {
        let v = self.header("cseq")?;
        let (n, m) = v.split_once([' ', '\t'])?;
        let m = m.trim_matches([' ', '\t']);
        let n: u32 = n.parse::<u32>().ok().filter(|&n| n < 1 << 31)?;
        is_token(m).then(|| (n, m.to_string()))
    }

    /// The From header, parsed.
    pub fn from(&self) -> Option<NameAddr> {
        NameAddr::parse(self.header("from")?).ok()
    }

    /// The To header, parsed.
    pub fn to(&self) -> Option<NameAddr> {
        NameAddr::parse(self.header("to")?).ok()
    }

    /// The Via headers, parsed, top first.
    pub fn vias(&self) -> Vec<Via> {
        self.values("via")
            .flat_map(split_commas)
            .filter_map(|v| Via::parse(v).ok())
            .collect()
    }

    /// The tag parameter of the From header.
    pub fn from_tag(&self) -> Option<String> {
        self.from()?.tag().map(str::to_string)
    }

    /// The tag parameter of the To header.
    pub fn to_tag(&self) -> Option<String> {
        self.to()?.tag().map(str::to_string)
    }

    /// The branch parameter of the top Via (RFC 3261 §8.1.1.7).
    pub fn top_branch(&self) -> Option<String> {
        self.vias().first()?.branch().map(str::to_string)
    }
}

/// The start line split at single spaces; `None` when it is no SIP start line at all.
fn frame_start_line(line: &str) -> Option<StartLine> {
    if let Some(rest) = line.strip_prefix("SIP/") {
        // SIP-Version SP Status-Code SP Reason-Phrase (the phrase may be empty)
        let (version_tail, rest) = rest.split_once(' ')?;
        let (code, reason) = rest.split_once(' ').unwrap_or((rest, ""));
        if code.len() != 3 || !code.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let code: u16 = code.parse().ok().filter(|c| (100..700).contains(c))?;
        return Some(StartLine::Response {
            code,
            reason: reason.to_string(),
            version: format!("SIP/{version_tail}"),
        });
    }
    let (method, rest) = line.split_once(' ')?;
    let (uri, version) = rest.rsplit_once(' ')?;
    // Single spaces only (RFC 3261 §25 Request-Line): anything else is left in `uri`
    // or `version` and refused by validation.
    let (uri, version) = if uri.is_empty() || version.is_empty() || uri.contains(' ') {
        (format!("{uri} {version}"), "".to_string())
    } else {
        (uri.to_string(), version.to_string())
    };
    Some(StartLine::Request {
        method: method.to_string(),
        uri,
        version,
    })
}

fn display_header(name: &str) -> String {
    match name {
        "call-id" => "Call-ID".into(),
        "cseq" => "CSeq".into(),
        _ => name
            .split('-')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join("-"),
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A header parameter (`;name=value`) of an address header value.
pub fn header_param(value: &str, name: &str) -> Option<String> {
    NameAddr::parse(value).ok()?.param(name).map(str::to_string)
}

/// The URI inside a name-addr (`"Bob" <sip:bob@host>;tag=x` gives `sip:bob@host`),
/// or the addr-spec itself when there are no angle brackets.
pub fn addr_uri(value: &str) -> &str {
    match (value.find('<'), value.find('>')) {
        (Some(a), Some(b)) if a < b => &value[a + 1..b],
        _ => value.split(';').next().unwrap_or(value).trim(),
    }
}

/// The display name of an address header value, if any.
pub fn display_name(value: &str) -> Option<String> {
    NameAddr::parse(value)
        .ok()?
        .display
        .filter(|d| !d.is_empty())
}

/// The user part of a SIP URI (`sip:bob@host` gives `bob`).
pub fn uri_user(uri: &str) -> Option<&str> {
    let rest = uri.split_once(':')?.1;
    let (user, _) = rest.split_once('@')?;
    Some(user.split(';').next().unwrap_or(user))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sip::builder::Builder;

    const INVITE: &str = "INVITE sip:bob@127.0.0.1 SIP/2.0\r\n\
        v: SIP/2.0/WS abc.invalid;branch=z9hG4bK776asdhds, SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKold\r\n\
        Max-Forwards: 70\r\n\
        To: Bob <sip:bob@127.0.0.1>\r\n\
        From: \"Alice\" <sip:alice@127.0.0.1>;tag=1928301774\r\n\
        Call-ID: a84b4c76e66710\r\n\
        CSeq: 314159 INVITE\r\n\
        X-Unknown: kept\r\n\
        Content-Length: 4\r\n\r\nv=0\n";

    #[test]
    fn parses_the_fields_used_for_matching() {
        let m = Message::parse(INVITE.as_bytes()).unwrap();
        assert_eq!(m.method().as_deref(), Some("INVITE"));
        assert_eq!(m.call_id(), Some("a84b4c76e66710"));
        assert_eq!(m.cseq(), Some((314159, "INVITE".into())));
        assert_eq!(m.from_tag().as_deref(), Some("1928301774"));
        assert_eq!(m.to_tag(), None);
        assert_eq!(m.top_branch().as_deref(), Some("z9hG4bK776asdhds"));
        assert_eq!(m.header_list("via").len(), 2);
        assert_eq!(m.header("x-unknown"), Some("kept"));
        assert_eq!(m.body(), b"v=0\n");
        assert_eq!(
            display_name(m.header("from").unwrap()).as_deref(),
            Some("Alice")
        );
    }

    #[test]
    fn a_message_without_call_id_is_refused_not_a_panic() {
        let bad = INVITE.replace("Call-ID: a84b4c76e66710\r\n", "");
        match Message::parse(bad.as_bytes()) {
            Err(ParseError::Invalid {
                status: 400,
                reason,
                ..
            }) => assert_eq!(reason, "missing Call-ID header"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            Message::parse(b"\x00\xffgarbage"),
            Err(ParseError::Unreadable(_))
        ));
    }

    #[test]
    fn response_copies_the_matching_headers_and_adds_a_to_tag() {
        let m = Message::parse(INVITE.as_bytes()).unwrap();
        let bytes = Builder::response_to(&m, 180, "Ringing", Some("xyz"))
            .build()
            .unwrap();
        let r = Message::parse(&bytes).unwrap();
        assert_eq!(r.status(), Some(180));
        assert_eq!(r.to_tag().as_deref(), Some("xyz"));
        assert_eq!(r.header_list("via").len(), 2);
        assert_eq!(r.header("content-length"), Some("0"));
    }

    #[test]
    fn uri_helpers_extract_user_and_uri() {
        assert_eq!(
            addr_uri("\"Bob\" <sip:bob@h;transport=ws>;tag=1"),
            "sip:bob@h;transport=ws"
        );
        assert_eq!(uri_user("sip:bob@h"), Some("bob"));
        assert_eq!(
            header_param("<sip:a@h;transport=ws>;expires=60", "expires").as_deref(),
            Some("60")
        );
    }
}
