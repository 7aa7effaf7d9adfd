//! Building messages to send (RFC 3261 §7): start line, headers, Content-Length, body.
//! Values that would break the framing (CR, LF) are refused, so text from a user or a
//! configuration file cannot inject headers.

use super::message::Message;
use super::syntax::is_token;
use super::uri::Uri;

/// Builds a request or a response; serialised with a correct Content-Length.
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
    /// Record-Route copied for 1xx-2xx, and a To tag added when `to_tag` is given and the
    /// request had none. Works on a request that failed validation too (it copies text).
    pub fn response_to(req: &Message, code: u16, reason: &str, to_tag: Option<&str>) -> Builder {
        let mut b = Builder::response(code, reason);
        for via in req.values("via") {
            b = b.header("Via", via);
        }
        if (101..300).contains(&code) {
            for rr in req.values("record-route") {
                b = b.header("Record-Route", rr);
            }
        }
        let to = req.header("to").unwrap_or_default();
        let to = match (to_tag, req.to_tag()) {
            (Some(tag), None) if !to.is_empty() => format!("{to};tag={tag}"),
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

    /// Serialise. Fails on a bad method or Request-URI, a header name that is not a
    /// token, or CR/LF in any text.
    pub fn build(self) -> Result<Vec<u8>, BuildError> {
        let clean = |what: &str, s: &str| {
            if s.contains(['\r', '\n']) {
                Err(BuildError(format!("{what} contains a line break")))
            } else {
                Ok(())
            }
        };
        let mut text = match &self.start {
            Start::Request { method, uri } => {
                if !is_token(method) {
                    return Err(BuildError(format!("method {method:?} is not a token")));
                }
                Uri::parse(uri).map_err(|e| BuildError(format!("Request-URI: {e}")))?;
                format!("{method} {uri} SIP/2.0\r\n")
            }
            Start::Response { code, reason } => {
                if !(100..700).contains(code) {
                    return Err(BuildError(format!("status code {code} out of range")));
                }
                clean("reason phrase", reason)?;
                format!("SIP/2.0 {code} {reason}\r\n")
            }
        };
        for (name, value) in &self.headers {
            if !is_token(name) {
                return Err(BuildError(format!("header name {name:?} is not a token")));
            }
            clean(name, value)?;
            text.push_str(name);
            text.push_str(": ");
            text.push_str(value);
            text.push_str("\r\n");
        }
        text.push_str(&format!("Content-Length: {}\r\n\r\n", self.body.len()));
        let mut bytes = text.into_bytes();
        bytes.extend_from_slice(&self.body);
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injected_line_breaks_are_refused() {
        let b = Builder::request("MESSAGE", "sip:bob@h").header("Subject", "hi\r\nVia: evil");
        assert!(b.build().is_err());
        assert!(Builder::request("BAD METHOD", "sip:bob@h").build().is_err());
        assert!(Builder::request("OPTIONS", "<sip:bob@h>").build().is_err());
    }

    #[test]
    fn our_reason_phrase_and_content_length_are_written() {
        let bytes = Builder::response(486, "Busy Here")
            .body("text/plain", b"x")
            .build()
            .unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with("SIP/2.0 486 Busy Here\r\n"));
        assert!(text.ends_with("Content-Length: 1\r\n\r\nx"));
    }
}
