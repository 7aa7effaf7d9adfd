//! RFC 3261 §8.2: what a user agent server checks before it acts on a request, in the
//! RFC's order: the method (§8.2.1), the Request-URI scheme (§8.2.2.1), required
//! extensions (§8.2.2.3), then the body (§8.2.3) and what the caller accepts back.

use super::message::Message;
use super::syntax::split_commas;
use super::uri::Uri;

/// Methods this user agent knows (RFC 3261 and extensions it may be sent).
const KNOWN: [&str; 14] = [
    "INVITE",
    "ACK",
    "CANCEL",
    "BYE",
    "OPTIONS",
    "REGISTER",
    "PRACK",
    "SUBSCRIBE",
    "NOTIFY",
    "PUBLISH",
    "INFO",
    "REFER",
    "MESSAGE",
    "UPDATE",
];
/// Methods this user agent acts on (the Allow header).
pub const ALLOW: &str = "INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE, PRACK, REFER, NOTIFY";
/// Body types this user agent understands in an INVITE.
pub const ACCEPT: &str = "application/sdp";

/// A refusal: the status, reason phrase and any headers the RFC asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// Status code.
    pub code: u16,
    /// Reason phrase.
    pub reason: &'static str,
    /// Extra headers (Allow, Unsupported, Accept).
    pub headers: Vec<(&'static str, String)>,
}

impl Refusal {
    fn new(code: u16, reason: &'static str) -> Refusal {
        Refusal {
            code,
            reason,
            headers: Vec::new(),
        }
    }

    fn with(mut self, name: &'static str, value: impl Into<String>) -> Refusal {
        self.headers.push((name, value.into()));
        self
    }
}

/// Check a request outside any dialog or transaction of ours; `None` means act on it.
/// `supported` are the option tags the account has switched on (`100rel`, `timer`).
pub fn admit(req: &Message, supported: &[&str]) -> Option<Refusal> {
    let method = req.method()?;
    if method == "ACK" {
        return None; // never answered (RFC 3261 §17.2.1)
    }
    // §8.2.1: an unknown method gets 501, a known one we do not act on 405, both with Allow.
    if !KNOWN.contains(&method.as_str()) {
        return Some(Refusal::new(501, "Not Implemented").with("Allow", ALLOW));
    }
    if !ALLOW.split(", ").any(|m| m == method) {
        return Some(Refusal::new(405, "Method Not Allowed").with("Allow", ALLOW));
    }
    // §8.2.2.1: only sip:, sips: and tel: Request-URIs.
    match Uri::parse(&req.request_uri()?) {
        Ok(Uri::Sip(_)) => {}
        Ok(Uri::Other { scheme, .. }) if scheme == "tel" => {}
        _ => return Some(Refusal::new(416, "Unsupported URI Scheme")),
    }
    if method == "CANCEL" {
        return None; // §8.2.2.3: Require is ignored in CANCEL
    }
    // §8.2.2.3: every option tag in Require must be supported.
    let unsupported: Vec<&str> = req
        .values("require")
        .flat_map(split_commas)
        .filter(|t| !t.is_empty() && !supported.iter().any(|s| s.eq_ignore_ascii_case(t)))
        .collect();
    if !unsupported.is_empty() {
        return Some(
            Refusal::new(420, "Bad Extension").with("Unsupported", unsupported.join(", ")),
        );
    }
    if method == "INVITE" {
        // §8.2.3: a body we cannot read gets 415 with what we accept.
        if !req.body().is_empty() {
            let ctype = req.header("content-type").unwrap_or("application/sdp");
            let mime = ctype.split(';').next().unwrap_or_default().trim();
            if !mime.eq_ignore_ascii_case("application/sdp") {
                return Some(Refusal::new(415, "Unsupported Media Type").with("Accept", ACCEPT));
            }
        }
        // RFC 3261 §20.1: our answer is SDP; a caller that accepts none of it gets 406.
        if req.header("accept").is_some() {
            let ok = req.values("accept").flat_map(split_commas).any(|a| {
                let a = a
                    .split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase();
                a == "application/sdp" || a == "application/*" || a == "*/*" || a.is_empty()
            });
            if !ok {
                return Some(Refusal::new(406, "Not Acceptable"));
            }
        }
    }
    None
}
