//! Framing SIP on a byte stream (RFC 3261 §18.3, TCP and TLS): a message ends after the
//! blank line plus Content-Length octets (mandatory on streams). CRLF keep-alives between
//! messages (RFC 5626 §3.5.1) are skipped; a stream that cannot be framed is an error after
//! which the connection must be closed.

/// Splits a received byte stream into SIP messages.
#[derive(Debug, Default)]
pub struct StreamFramer {
    buf: Vec<u8>,
}

/// Why the stream cannot be framed any more.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FramingError(pub String);

/// Largest header block accepted before the stream is declared broken.
const MAX_HEADERS: usize = 64 * 1024;
/// Largest body accepted.
const MAX_BODY: usize = 1024 * 1024;

impl StreamFramer {
    /// An empty framer.
    pub fn new() -> StreamFramer {
        StreamFramer::default()
    }

    /// Add received bytes.
    pub fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// The next complete message, if one has arrived.
    pub fn next_message(&mut self) -> Result<Option<Vec<u8>>, FramingError> {
        let skip = self
            .buf
            .iter()
            .position(|&b| b != b'\r' && b != b'\n')
            .unwrap_or(self.buf.len());
        self.buf.drain(..skip);
        let Some(end) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") else {
            if self.buf.len() > MAX_HEADERS {
                return Err(FramingError("header block too long".into()));
            }
            return Ok(None);
        };
        let head = String::from_utf8_lossy(&self.buf[..end]);
        let length = head.split("\r\n").skip(1).find_map(|line| {
            let (name, value) = line.split_once(':')?;
            let name = name.trim();
            (name.eq_ignore_ascii_case("content-length") || name.eq_ignore_ascii_case("l"))
                .then(|| value.trim().to_string())
        });
        let length = match length {
            Some(v) => v
                .parse::<usize>()
                .map_err(|_| FramingError(format!("bad Content-Length {v:?}")))?,
            None => {
                return Err(FramingError(
                    "no Content-Length on a stream transport".into(),
                ))
            }
        };
        if length > MAX_BODY {
            return Err(FramingError(format!(
                "body of {length} octets is too large"
            )));
        }
        let total = end + 4 + length;
        if self.buf.len() < total {
            return Ok(None);
        }
        Ok(Some(self.buf.drain(..total).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MSG: &[u8] = b"OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 3\r\n\r\nabc";

    #[test]
    fn messages_split_at_content_length_across_reads() {
        let mut f = StreamFramer::new();
        let mut two = MSG.to_vec();
        two.extend_from_slice(b"\r\n\r\n"); // keep-alive between messages
        two.extend_from_slice(MSG);
        f.push(&two[..10]);
        assert_eq!(f.next_message(), Ok(None));
        f.push(&two[10..]);
        assert_eq!(f.next_message().unwrap().as_deref(), Some(MSG));
        assert_eq!(f.next_message().unwrap().as_deref(), Some(MSG));
        assert_eq!(f.next_message(), Ok(None));
    }

    #[test]
    fn a_stream_without_content_length_is_broken() {
        let mut f = StreamFramer::new();
        f.push(b"OPTIONS sip:a@b SIP/2.0\r\nVia: x\r\n\r\n");
        assert!(f.next_message().is_err());
        let mut f = StreamFramer::new();
        f.push(b"OPTIONS sip:a@b SIP/2.0\r\nl: -1\r\n\r\n");
        assert!(f.next_message().is_err());
    }
}
