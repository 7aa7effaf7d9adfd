//! RFC 8866 session descriptions: `<type>=<value>` lines, session part then media parts.
//! Parsing keeps every attribute in order, so a description serialises back unchanged
//! apart from line endings (always CRLF).

use std::fmt;

/// Why a description cannot be used (the offer/answer layer answers 488 or 400).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SdpError(pub String);

impl fmt::Display for SdpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad SDP: {}", self.0)
    }
}

/// A media direction (RFC 3264 §5.1, §6.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Send and receive (the default).
    SendRecv,
    /// Send only (we hold the other side).
    SendOnly,
    /// Receive only.
    RecvOnly,
    /// Neither.
    Inactive,
}

impl Direction {
    /// The attribute name.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::SendRecv => "sendrecv",
            Direction::SendOnly => "sendonly",
            Direction::RecvOnly => "recvonly",
            Direction::Inactive => "inactive",
        }
    }

    fn from_attr(name: &str) -> Option<Direction> {
        Some(match name {
            "sendrecv" => Direction::SendRecv,
            "sendonly" => Direction::SendOnly,
            "recvonly" => Direction::RecvOnly,
            "inactive" => Direction::Inactive,
            _ => return None,
        })
    }

    /// The answer's direction for an offered one, given whether we want to send and
    /// receive (RFC 3264 §6.1).
    pub fn answer(self, we_send: bool, we_receive: bool) -> Direction {
        let send = we_send && matches!(self, Direction::SendRecv | Direction::RecvOnly);
        let receive = we_receive && matches!(self, Direction::SendRecv | Direction::SendOnly);
        match (send, receive) {
            (true, true) => Direction::SendRecv,
            (true, false) => Direction::SendOnly,
            (false, true) => Direction::RecvOnly,
            (false, false) => Direction::Inactive,
        }
    }
}

/// One `m=` section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Media {
    /// `audio`, `video`, ...
    pub kind: String,
    /// Transport port (0 = rejected or disabled).
    pub port: u16,
    /// `RTP/AVP`, `UDP/TLS/RTP/SAVPF`, ...
    pub proto: String,
    /// Format list (payload types for RTP).
    pub formats: Vec<String>,
    /// `c=` of this section, as its value.
    pub connection: Option<String>,
    /// Other lines of the section (`b=`, `a=`, ...) as (type, value), in order.
    pub lines: Vec<(char, String)>,
}

impl Media {
    /// Values of the `a=name:` attributes (or `a=name` flags, as empty values).
    pub fn attrs<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        attrs(&self.lines, name)
    }

    /// The direction attribute, if any.
    pub fn direction(&self) -> Option<Direction> {
        self.lines
            .iter()
            .filter(|(t, _)| *t == 'a')
            .find_map(|(_, v)| Direction::from_attr(v))
    }

    /// Replace the direction attribute (adding one if there was none).
    pub fn set_direction(&mut self, d: Direction) {
        self.lines
            .retain(|(t, v)| !(*t == 'a' && Direction::from_attr(v).is_some()));
        self.lines.push(('a', d.as_str().to_string()));
    }

    /// `a=rtpmap` of a payload type: (encoding name, clock rate, channels).
    pub fn rtpmap(&self, pt: &str) -> Option<(String, u32, u8)> {
        self.attrs("rtpmap").find_map(|v| {
            let (p, rest) = v.split_once(' ')?;
            if p != pt {
                return None;
            }
            let mut parts = rest.trim().split('/');
            let name = parts.next()?.to_string();
            let rate = parts.next()?.parse().ok()?;
            let channels = parts.next().and_then(|c| c.parse().ok()).unwrap_or(1);
            Some((name, rate, channels))
        })
    }

    /// `a=fmtp` parameters of a payload type.
    pub fn fmtp(&self, pt: &str) -> Option<&str> {
        self.attrs("fmtp").find_map(|v| {
            v.split_once(' ')
                .filter(|(p, _)| *p == pt)
                .map(|(_, f)| f.trim())
        })
    }

    /// `a=ptime` in milliseconds.
    pub fn ptime(&self) -> Option<u32> {
        self.attrs("ptime").next()?.trim().parse().ok()
    }
}

/// A parsed session description.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionDescription {
    /// `o=` as its fields: username, session id, version, network type, address type, address.
    pub origin: [String; 6],
    /// `s=`.
    pub name: String,
    /// Session-level `c=` value.
    pub connection: Option<String>,
    /// Other session-level lines (`t=`, `b=`, `a=`, ...) as (type, value), in order.
    pub lines: Vec<(char, String)>,
    /// The media sections.
    pub media: Vec<Media>,
}

fn attrs<'a>(lines: &'a [(char, String)], name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    lines
        .iter()
        .filter(|(t, _)| *t == 'a')
        .filter_map(move |(_, v)| match v.split_once(':') {
            Some((n, value)) if n == name => Some(value),
            None if v == name => Some(""),
            _ => None,
        })
}

impl SessionDescription {
    /// Parse a description (CRLF or LF line ends).
    pub fn parse(text: &str) -> Result<SessionDescription, SdpError> {
        let err = |s: String| Err(SdpError(s));
        let mut lines = text
            .lines()
            .map(|l| l.trim_end_matches('\r'))
            .filter(|l| !l.is_empty());
        if lines.next() != Some("v=0") {
            return err("the first line must be v=0".into());
        }
        let mut sd = SessionDescription {
            origin: Default::default(),
            name: String::new(),
            connection: None,
            lines: Vec::new(),
            media: Vec::new(),
        };
        let (mut has_origin, mut has_name) = (false, false);
        for line in lines {
            let b = line.as_bytes();
            if b.len() < 2 || b[1] != b'=' || !b[0].is_ascii_lowercase() {
                return err(format!("line {line:?} is not <type>=<value>"));
            }
            // RFC 8866 §9: no CR, LF or NUL inside a line (a stray CR would also change the
            // line structure when the description is written back).
            if b.iter().any(|&c| c < 0x20 && c != b'\t') {
                return err(format!("line {line:?} contains a control character"));
            }
            let (kind, value) = (b[0] as char, line[2..].to_string());
            match (kind, sd.media.last_mut()) {
                ('m', _) => sd.media.push(parse_media(&value)?),
                ('c', Some(m)) => m.connection = Some(value),
                (_, Some(m)) => m.lines.push((kind, value)),
                ('o', None) => {
                    let f: Vec<&str> = value.split(' ').collect();
                    let [u, id, ver, nt, at, addr] = f.as_slice() else {
                        return err(format!("o={value}: six fields expected"));
                    };
                    sd.origin = [u, id, ver, nt, at, addr].map(|s| s.to_string());
                    has_origin = true;
                }
                ('s', None) => {
                    sd.name = value;
                    has_name = true;
                }
                ('c', None) => sd.connection = Some(value),
                (_, None) => sd.lines.push((kind, value)),
            }
        }
        if !has_origin || !has_name {
            return err("o= and s= are required".into());
        }
        for m in &sd.media {
            if m.connection.is_none() && sd.connection.is_none() && m.port != 0 {
                return err(format!("m={} has no c= line", m.kind));
            }
        }
        Ok(sd)
    }

    /// Session-level attribute values.
    pub fn attrs<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        attrs(&self.lines, name)
    }

    /// The connection address of a media section (its own `c=` or the session's).
    pub fn address_of(&self, m: &Media) -> Option<String> {
        let c = m.connection.as_ref().or(self.connection.as_ref())?;
        c.split(' ')
            .nth(2)
            .map(|a| a.split('/').next().unwrap_or(a).to_string())
    }

    /// The direction of a media section, falling back to the session's, then sendrecv.
    pub fn direction_of(&self, m: &Media) -> Direction {
        m.direction()
            .or_else(|| {
                self.lines
                    .iter()
                    .filter(|(t, _)| *t == 'a')
                    .find_map(|(_, v)| Direction::from_attr(v))
            })
            .unwrap_or(Direction::SendRecv)
    }
}

fn parse_media(value: &str) -> Result<Media, SdpError> {
    let mut f = value.split(' ').filter(|s| !s.is_empty());
    let (Some(kind), Some(port), Some(proto)) = (f.next(), f.next(), f.next()) else {
        return Err(SdpError(format!(
            "m={value}: media, port and protocol expected"
        )));
    };
    let port = port.split('/').next().unwrap_or(port);
    let port = port
        .parse()
        .map_err(|_| SdpError(format!("m={value}: bad port")))?;
    Ok(Media {
        kind: kind.into(),
        port,
        proto: proto.into(),
        formats: f.map(str::to_string).collect(),
        connection: None,
        lines: Vec::new(),
    })
}

impl fmt::Display for SessionDescription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "v=0\r\no={}\r\ns={}\r\n",
            self.origin.join(" "),
            if self.name.is_empty() {
                "-"
            } else {
                &self.name
            }
        )?;
        if let Some(c) = &self.connection {
            write!(f, "c={c}\r\n")?;
        }
        for (t, v) in &self.lines {
            write!(f, "{t}={v}\r\n")?;
        }
        for m in &self.media {
            write!(f, "m={} {} {}", m.kind, m.port, m.proto)?;
            for fmt in &m.formats {
                write!(f, " {fmt}")?;
            }
            f.write_str("\r\n")?;
            if let Some(c) = &m.connection {
                write!(f, "c={c}\r\n")?;
            }
            for (t, v) in &m.lines {
                write!(f, "{t}={v}\r\n")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BARESIP_ANSWER: &str = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n\
        m=audio 20118 RTP/AVP 0 8 126\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:126 telephone-event/8000\r\n\
        a=fmtp:126 0-15\r\na=sendrecv\r\na=label:1\r\na=minptime:20\r\na=ptime:20\r\n";

    #[test]
    fn parses_media_codecs_and_attributes_and_round_trips() {
        let sd = SessionDescription::parse(BARESIP_ANSWER).unwrap();
        let m = &sd.media[0];
        assert_eq!(
            (m.kind.as_str(), m.port, m.proto.as_str()),
            ("audio", 20118, "RTP/AVP")
        );
        assert_eq!(m.formats, ["0", "8", "126"]);
        assert_eq!(m.rtpmap("0"), Some(("PCMU".into(), 8000, 1)));
        assert_eq!(m.rtpmap("126").unwrap().0, "telephone-event");
        assert_eq!(m.fmtp("126"), Some("0-15"));
        assert_eq!(m.ptime(), Some(20));
        assert_eq!(sd.direction_of(m), Direction::SendRecv);
        assert_eq!(sd.address_of(m).as_deref(), Some("127.0.0.1"));
        assert_eq!(sd.to_string(), BARESIP_ANSWER);
    }

    #[test]
    fn directions_answer_as_rfc_3264_says() {
        assert_eq!(Direction::SendOnly.answer(true, true), Direction::RecvOnly);
        assert_eq!(Direction::RecvOnly.answer(true, true), Direction::SendOnly);
        assert_eq!(Direction::Inactive.answer(true, true), Direction::Inactive);
        assert_eq!(Direction::SendRecv.answer(true, false), Direction::SendOnly);
    }

    #[test]
    fn malformed_descriptions_are_errors_not_panics() {
        for bad in [
            "",
            "v=1\r\n",
            "v=0\r\no=x\r\ns=-\r\n",
            "v=0\r\no=- 1 1 IN IP4 h\r\n",
            "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nm=audio 1 RTP/AVP 0\r\n",
            "v=0\r\nxx\r\n",
            // Found by fuzzing: a stray CR inside a line would change the lines written back.
            "v=0\r\no=- 5 1 IN IP4 h\r\ns=-\r\nc=IN IP4 h\r\nm=audio 1  \r \r\n",
        ] {
            assert!(SessionDescription::parse(bad).is_err(), "{bad:?}");
        }
    }
}
