//! SIP messages (RFC 3261 §7): parsing received bytes and building messages to send.
//!
//! The wire format is handled by the `rsip` crate; this module is the only place that
//! knows about it, so the rest of the core deals with [`Message`] and [`Builder`] only.
//! Every accessor returns an `Option`: a received message is hostile input and a missing
//! or malformed header is an ordinary outcome, never a panic.

use std::fmt;

use rsip::headers::UntypedHeader;

/// A received SIP message (request or response), parsed.
#[derive(Clone, Debug)]
pub struct Message {
    inner: rsip::SipMessage,
    /// Header names (canonical, lower case) and values, in order of appearance.
    headers: Vec<(String, String)>,
}

/// Why a received message could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError(pub String);

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed SIP message: {}", self.0)
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
        _ => return lower,
    };
    long.to_string()
}

impl Message {
    /// RFC 3261 §7: parse one message. The mandatory headers for matching (Via, From, To,
    /// Call-ID, CSeq) must be present, otherwise the message is refused.
    pub fn parse(bytes: &[u8]) -> Result<Message, ParseError> {
        let inner = rsip::SipMessage::try_from(bytes).map_err(|e| ParseError(e.to_string()))?;
        let list = match &inner {
            rsip::SipMessage::Request(r) => &r.headers,
            rsip::SipMessage::Response(r) => &r.headers,
        };
        let headers = list
            .iter()
            .filter_map(|h| {
                let text = h.to_string();
                let (name, value) = text.split_once(':')?;
                Some((canonical_name(name), value.trim().to_string()))
            })
            .collect();
        let msg = Message { inner, headers };
        for required in ["via", "from", "to", "call-id", "cseq"] {
            if msg.header(required).is_none() {
                return Err(ParseError(format!("missing {required} header")));
            }
        }
        if msg.cseq().is_none() {
            return Err(ParseError("bad CSeq header".into()));
        }
        Ok(msg)
    }

    /// The request method, for a request.
    pub fn method(&self) -> Option<String> {
        match &self.inner {
            rsip::SipMessage::Request(r) => Some(r.method.to_string()),
            rsip::SipMessage::Response(_) => None,
        }
    }

    /// The status code, for a response.
    pub fn status(&self) -> Option<u16> {
        match &self.inner {
            rsip::SipMessage::Response(r) => Some(r.status_code.code()),
            rsip::SipMessage::Request(_) => None,
        }
    }

    /// The Request-URI, for a request.
    pub fn request_uri(&self) -> Option<String> {
        match &self.inner {
            rsip::SipMessage::Request(r) => Some(r.uri.to_string()),
            rsip::SipMessage::Response(_) => None,
        }
    }

    /// The first value of a header (name in any case, compact forms understood).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = canonical_name(name);
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a header, in order, with comma-separated lists split (RFC 3261 §7.3.1).
    pub fn header_list(&self, name: &str) -> Vec<String> {
        let name = canonical_name(name);
        self.headers
            .iter()
            .filter(|(n, _)| *n == name)
            .flat_map(|(_, v)| split_list(v))
            .collect()
    }

    /// All headers as (canonical name, value), in order.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The message body.
    pub fn body(&self) -> &[u8] {
        match &self.inner {
            rsip::SipMessage::Request(r) => &r.body,
            rsip::SipMessage::Response(r) => &r.body,
        }
    }

    /// The Call-ID.
    pub fn call_id(&self) -> Option<&str> {
        self.header("call-id")
    }

    /// CSeq sequence number and method.
    pub fn cseq(&self) -> Option<(u32, String)> {
        let v = self.header("cseq")?;
        let mut parts = v.split_whitespace();
        let n = parts.next()?.parse().ok()?;
        let m = parts.next()?.to_string();
        Some((n, m))
    }

    /// The tag parameter of the From header.
    pub fn from_tag(&self) -> Option<String> {
        self.header("from").and_then(param_tag)
    }

    /// The tag parameter of the To header.
    pub fn to_tag(&self) -> Option<String> {
        self.header("to").and_then(param_tag)
    }

    /// The branch parameter of the top Via (RFC 3261 §8.1.1.7).
    pub fn top_branch(&self) -> Option<String> {
        let via = self.header_list("via").into_iter().next()?;
        header_param(&via, "branch")
    }
}

/// Split a header value on commas that are not inside quotes or angle brackets.
fn split_list(v: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut quoted, mut angle, mut start) = (false, false, 0);
    for (i, c) in v.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '<' if !quoted => angle = true,
            '>' if !quoted => angle = false,
            ',' if !quoted && !angle => {
                out.push(v[start..i].trim().to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    let last = v[start..].trim();
    if !last.is_empty() {
        out.push(last.to_string());
    }
    out
}

/// A header parameter (`;name=value`) outside the `<...>` URI part.
pub fn header_param(value: &str, name: &str) -> Option<String> {
    let params = match value.rfind('>') {
        Some(i) => &value[i + 1..],
        None => value,
    };
    params
        .split(';')
        .skip(usize::from(!value.contains('>')))
        .find_map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k.trim().eq_ignore_ascii_case(name)).then(|| v.trim().trim_matches('"').to_string())
        })
}

fn param_tag(v: &str) -> Option<String> {
    header_param(v, "tag").filter(|t| !t.is_empty())
}

/// The URI inside a name-addr (`"Bob" <sip:bob@host>;tag=x` gives `sip:bob@host`),
/// or the addr-spec itself when there are no angle brackets.
pub fn addr_uri(value: &str) -> &str {
    match (value.find('<'), value.find('>')) {
        (Some(a), Some(b)) if a < b => &value[a + 1..b],
        _ => value.split(';').next().unwrap_or(value).trim(),
    }
}

/// The display name of a name-addr, if any.
pub fn display_name(value: &str) -> Option<String> {
    let before = &value[..value.find('<')?];
    let name = before.trim().trim_matches('"').trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// The user part of a SIP URI (`sip:bob@host` gives `bob`).
pub fn uri_user(uri: &str) -> Option<&str> {
    let rest = uri.split_once(':')?.1;
    let (user, _) = rest.split_once('@')?;
    Some(user.split(';').next().unwrap_or(user))
}

/// Builds a request or a response to send; serialised with a correct Content-Length.
#[derive(Clone, Debug)]
pub struct Builder {
    start: Start,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

#[derive(Clone, Debug)]
enum Start {
    Request { method: String, uri: String },
    Response { code: u16, reason: String },
}

/// Why an outgoing message could not be built (for example a hostile Contact URI).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError(pub String);

impl Builder {
    /// A request line: method and Request-URI.
    pub fn request(method: &str, uri: &str) -> Builder {
        Builder {
            start: Start::Request {
                method: method.into(),
                uri: uri.into(),
            },
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// A response status line.
    pub fn response(code: u16, reason: &str) -> Builder {
        Builder {
            start: Start::Response {
                code,
                reason: reason.into(),
            },
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// A response to `req` (RFC 3261 §8.2.6.2): Via, From, To, Call-ID and CSeq copied,
    /// and a To tag added when `to_tag` is given and the request had none.
    pub fn response_to(req: &Message, code: u16, reason: &str, to_tag: Option<&str>) -> Builder {
        let mut b = Builder::response(code, reason);
        for via in req.header_list("via") {
            b = b.header("Via", &via);
        }
        for rr in req.header_list("record-route") {
            if (101..300).contains(&code) {
                b = b.header("Record-Route", &rr);
            }
        }
        let to = req.header("to").unwrap_or_default();
        let to = match (to_tag, req.to_tag()) {
            (Some(tag), None) => format!("{to};tag={tag}"),
            _ => to.to_string(),
        };
        b.header("From", req.header("from").unwrap_or_default())
            .header("To", &to)
            .header("Call-ID", req.call_id().unwrap_or_default())
            .header("CSeq", req.header("cseq").unwrap_or_default())
    }

    /// Append a header.
    pub fn header(mut self, name: &str, value: &str) -> Builder {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Set the body and its Content-Type.
    pub fn body(mut self, content_type: &str, body: &[u8]) -> Builder {
        self.headers
            .push(("Content-Type".into(), content_type.into()));
        self.body = body.to_vec();
        self
    }

    /// Serialise through `rsip`; fails if the Request-URI is not a valid SIP URI.
    pub fn build(self) -> Result<Vec<u8>, BuildError> {
        let mut headers = rsip::Headers::default();
        for (name, value) in &self.headers {
            headers.push(typed_header(name, value));
        }
        headers.push(rsip::Header::ContentLength(
            rsip::headers::ContentLength::new(self.body.len().to_string()),
        ));
        let text = match self.start {
            Start::Request { method, uri } => {
                let method = method
                    .parse::<rsip::Method>()
                    .map_err(|e| BuildError(format!("method {method}: {e}")))?;
                let uri = rsip::Uri::try_from(uri.as_str())
                    .map_err(|e| BuildError(format!("Request-URI {uri}: {e}")))?;
                let req = rsip::Request {
                    method,
                    uri,
                    version: rsip::Version::V2,
                    headers,
                    body: Vec::new(),
                };
                req.to_string()
            }
            Start::Response { code, reason } => {
                // rsip writes its own reason phrase for known codes; ours are the RFC's.
                let _ = reason;
                let resp = rsip::Response {
                    status_code: rsip::StatusCode::from(code),
                    version: rsip::Version::V2,
                    headers,
                    body: Vec::new(),
                };
                resp.to_string()
            }
        };
        let mut bytes = text.into_bytes();
        bytes.extend_from_slice(&self.body);
        Ok(bytes)
    }
}

fn typed_header(name: &str, value: &str) -> rsip::Header {
    use rsip::headers as h;
    match name {
        "Via" => rsip::Header::Via(h::Via::new(value)),
        "From" => rsip::Header::From(h::From::new(value)),
        "To" => rsip::Header::To(h::To::new(value)),
        "Call-ID" => rsip::Header::CallId(h::CallId::new(value)),
        "CSeq" => rsip::Header::CSeq(h::CSeq::new(value)),
        "Contact" => rsip::Header::Contact(h::Contact::new(value)),
        "Max-Forwards" => rsip::Header::MaxForwards(h::MaxForwards::new(value)),
        "Route" => rsip::Header::Route(h::Route::new(value)),
        "Record-Route" => rsip::Header::RecordRoute(h::RecordRoute::new(value)),
        "Content-Type" => rsip::Header::ContentType(h::ContentType::new(value)),
        "Expires" => rsip::Header::Expires(h::Expires::new(value)),
        "Authorization" => rsip::Header::Authorization(h::Authorization::new(value)),
        "Proxy-Authorization" => {
            rsip::Header::ProxyAuthorization(h::ProxyAuthorization::new(value))
        }
        "User-Agent" => rsip::Header::UserAgent(h::UserAgent::new(value)),
        "Allow" => rsip::Header::Allow(h::Allow::new(value)),
        "Supported" => rsip::Header::Supported(h::Supported::new(value)),
        _ => rsip::Header::Other(name.into(), value.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(Message::parse(bad.as_bytes()).is_err());
        assert!(Message::parse(b"\x00\xffgarbage").is_err());
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
            header_param("SIP/2.0/WS h;branch=z9;rport", "branch").as_deref(),
            Some("z9")
        );
    }
}
