//! The offer/answer model (RFC 3264) for one audio stream: offers list the configured
//! codecs in preference order with telephone-event (RFC 4733); answers pick the first of
//! our codecs the offer has, keep the offer's payload type numbers, and reject other
//! media with port 0. Hold is a re-offer with `sendonly` (or `inactive` when the other
//! side holds us too), optionally with the RFC 2543 `c=0.0.0.0` form (RFC 3264 §8.4).

use super::description::{Direction, Media, SdpError, SessionDescription};

/// An audio codec we can use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Codec {
    /// Encoding name as in `a=rtpmap` (`PCMU`, `PCMA`, `G722`, `opus`).
    pub name: String,
    /// RTP clock rate.
    pub rate: u32,
    /// Channels (opus is always 2 in SDP).
    pub channels: u8,
    /// The static payload type (RFC 3551), if it has one.
    pub static_pt: Option<u8>,
}

impl Codec {
    fn new(name: &str, rate: u32, channels: u8, static_pt: Option<u8>) -> Codec {
        Codec {
            name: name.into(),
            rate,
            channels,
            static_pt,
        }
    }

    /// G.711 u-law.
    pub fn pcmu() -> Codec {
        Codec::new("PCMU", 8000, 1, Some(0))
    }
    /// G.711 A-law.
    pub fn pcma() -> Codec {
        Codec::new("PCMA", 8000, 1, Some(8))
    }
    /// G.722 (clock rate 8000 in SDP by RFC 3551's mistake).
    pub fn g722() -> Codec {
        Codec::new("G722", 8000, 1, Some(9))
    }
    /// Opus (RFC 7587).
    pub fn opus() -> Codec {
        Codec::new("opus", 48000, 2, None)
    }

    fn matches(&self, m: &Media, pt: &str) -> bool {
        match m.rtpmap(pt) {
            Some((name, rate, _)) => name.eq_ignore_ascii_case(&self.name) && rate == self.rate,
            None => self.static_pt.is_some_and(|s| s.to_string() == pt),
        }
    }
}

/// The account's media settings for negotiation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaConfig {
    /// Codecs in preference order.
    pub codecs: Vec<Codec>,
    /// Packet time in milliseconds.
    pub ptime: u32,
    /// Payload type offered for telephone-event (default 101); `None` disables RFC 4733.
    pub telephone_event: Option<u8>,
    /// Offer hold as `c=0.0.0.0` (RFC 2543) in addition to `sendonly`.
    pub hold_with_zero_address: bool,
}

impl Default for MediaConfig {
    fn default() -> MediaConfig {
        MediaConfig {
            codecs: vec![Codec::pcmu(), Codec::pcma(), Codec::g722()],
            ptime: 20,
            telephone_event: Some(101),
            hold_with_zero_address: false,
        }
    }
}

/// Our side of a session: where we receive, and the o= line's identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalSession {
    /// Our RTP address.
    pub address: String,
    /// Our RTP port.
    pub port: u16,
    /// The o= session id.
    pub session_id: u64,
    /// The o= version, incremented with every new offer or answer (RFC 3264 §8).
    pub version: u64,
}

/// What an exchange agreed on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Negotiated {
    /// Where to send RTP.
    pub remote_address: String,
    /// The remote RTP port.
    pub remote_port: u16,
    /// The payload type and codec to send.
    pub payload_type: u8,
    /// The codec.
    pub codec: Codec,
    /// The telephone-event payload type both sides have, if any.
    pub telephone_event: Option<u8>,
    /// Packet time.
    pub ptime: u32,
    /// Our direction on the stream (`RecvOnly`/`Inactive` when the other side holds us).
    pub direction: Direction,
}

/// Why an offer cannot be accepted: answer with 488 Not Acceptable Here (RFC 3261 §13.3.1.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotAcceptable(pub String);

fn base(local: &mut LocalSession) -> SessionDescription {
    local.version += 1;
    SessionDescription {
        origin: [
            "-".into(),
            local.session_id.to_string(),
            local.version.to_string(),
            "IN".into(),
            "IP4".into(),
            local.address.clone(),
        ],
        name: "-".into(),
        connection: Some(format!("IN IP4 {}", local.address)),
        lines: vec![('t', "0 0".into())],
        media: Vec::new(),
    }
}

/// An offer with every configured codec; `direction` is `SendOnly` to hold.
pub fn offer(
    cfg: &MediaConfig,
    local: &mut LocalSession,
    direction: Direction,
) -> SessionDescription {
    let mut sd = base(local);
    if cfg.hold_with_zero_address && matches!(direction, Direction::SendOnly | Direction::Inactive)
    {
        sd.connection = Some("IN IP4 0.0.0.0".into());
    }
    let mut media = Media {
        kind: "audio".into(),
        port: local.port,
        proto: "RTP/AVP".into(),
        formats: Vec::new(),
        connection: None,
        lines: Vec::new(),
    };
    let mut next_dynamic = 96u8;
    for c in &cfg.codecs {
        let pt = c.static_pt.unwrap_or_else(|| {
            while Some(next_dynamic) == cfg.telephone_event {
                next_dynamic += 1;
            }
            next_dynamic += 1;
            next_dynamic - 1
        });
        media.formats.push(pt.to_string());
        let channels = if c.channels > 1 {
            format!("/{}", c.channels)
        } else {
            String::new()
        };
        media
            .lines
            .push(('a', format!("rtpmap:{pt} {}/{}{channels}", c.name, c.rate)));
    }
    if let Some(te) = cfg.telephone_event {
        media.formats.push(te.to_string());
        media
            .lines
            .push(('a', format!("rtpmap:{te} telephone-event/8000")));
        media.lines.push(('a', format!("fmtp:{te} 0-16")));
    }
    media.lines.push(('a', format!("ptime:{}", cfg.ptime)));
    media.lines.push(('a', direction.as_str().into()));
    sd.media.push(media);
    sd
}

/// The RFC 2543 form of a hold offer (RFC 3264 §8.4): every connection address becomes
/// `0.0.0.0`, the direction attributes stay as they are.
pub fn with_zero_address(offer: &str) -> Result<String, SdpError> {
    let mut sd = SessionDescription::parse(offer)?;
    sd.connection = Some("IN IP4 0.0.0.0".into());
    for m in &mut sd.media {
        if m.connection.is_some() {
            m.connection = Some("IN IP4 0.0.0.0".into());
        }
    }
    Ok(sd.to_string())
}

/// Answer `offer`: accept the first audio stream with a codec we have, reject the rest.
/// `we_hold` answers a re-offer while we hold the call.
pub fn answer(
    offer: &SessionDescription,
    cfg: &MediaConfig,
    local: &mut LocalSession,
    we_hold: bool,
) -> Result<(SessionDescription, Negotiated), NotAcceptable> {
    let mut sd = base(local);
    let mut agreed = None;
    for m in &offer.media {
        let usable =
            agreed.is_none() && m.kind == "audio" && m.port != 0 && m.proto.starts_with("RTP/AVP");
        let choice = usable
            .then(|| {
                cfg.codecs.iter().find_map(|c| {
                    m.formats
                        .iter()
                        .find(|pt| c.matches(m, pt))
                        .map(|pt| (c, pt))
                })
            })
            .flatten();
        let Some((codec, pt)) = choice else {
            // RFC 3264 §6: a stream we do not take is answered with port 0.
            sd.media.push(Media {
                kind: m.kind.clone(),
                port: 0,
                proto: m.proto.clone(),
                formats: m.formats.clone(),
                connection: None,
                lines: Vec::new(),
            });
            continue;
        };
        let te = m
            .formats
            .iter()
            .find(|p| {
                m.rtpmap(p)
                    .is_some_and(|(n, r, _)| n.eq_ignore_ascii_case("telephone-event") && r == 8000)
            })
            .filter(|_| cfg.telephone_event.is_some());
        // RFC 2543 hold (c=0.0.0.0): the holder will not receive, as if it offered sendonly.
        let zero = offer.address_of(m).is_some_and(|a| a == "0.0.0.0");
        let offered = if zero {
            Direction::SendOnly
        } else {
            offer.direction_of(m)
        };
        // While we hold, we send (music or silence) but do not want to receive.
        let direction = offered.answer(true, !we_hold);
        let mut media = Media {
            kind: "audio".into(),
            port: local.port,
            proto: m.proto.clone(),
            formats: vec![pt.clone()],
            connection: None,
            lines: Vec::new(),
        };
        let channels = if codec.channels > 1 {
            format!("/{}", codec.channels)
        } else {
            String::new()
        };
        media.lines.push((
            'a',
            format!("rtpmap:{pt} {}/{}{channels}", codec.name, codec.rate),
        ));
        if let Some(te) = te {
            media.formats.push(te.clone());
            media
                .lines
                .push(('a', format!("rtpmap:{te} telephone-event/8000")));
            media
                .lines
                .push(('a', format!("fmtp:{te} {}", m.fmtp(te).unwrap_or("0-16"))));
        }
        let ptime = m.ptime().unwrap_or(cfg.ptime);
        media.lines.push(('a', format!("ptime:{ptime}")));
        media.lines.push(('a', direction.as_str().into()));
        agreed = Some(Negotiated {
            remote_address: offer.address_of(m).unwrap_or_default(),
            remote_port: m.port,
            payload_type: pt
                .parse()
                .map_err(|_| NotAcceptable(format!("payload type {pt}")))?,
            codec: codec.clone(),
            telephone_event: te.and_then(|t| t.parse().ok()),
            ptime,
            direction,
        });
        sd.media.push(media);
    }
    match agreed {
        Some(n) => Ok((sd, n)),
        None => Err(NotAcceptable(
            "no audio stream with a codec in common".into(),
        )),
    }
}

/// Apply the answer to an offer we made: what we send, and where.
pub fn apply_answer(
    our_offer: &SessionDescription,
    answer: &SessionDescription,
    cfg: &MediaConfig,
) -> Result<Negotiated, SdpError> {
    let (Some(ours), Some(theirs)) = (our_offer.media.first(), answer.media.first()) else {
        return Err(SdpError("the answer has no media section".into()));
    };
    if theirs.port == 0 {
        return Err(SdpError("the audio stream was rejected".into()));
    }
    let pt = theirs
        .formats
        .iter()
        .find(|pt| {
            ours.formats.contains(pt)
                && cfg
                    .codecs
                    .iter()
                    .any(|c| c.matches(theirs, pt) || c.matches(ours, pt))
        })
        .ok_or_else(|| SdpError("no codec of the answer was offered".into()))?;
    let codec = cfg
        .codecs
        .iter()
        .find(|c| c.matches(theirs, pt) || c.matches(ours, pt))
        .cloned()
        .expect("checked above");
    let te = theirs.formats.iter().find(|p| {
        theirs
            .rtpmap(p)
            .is_some_and(|(n, _, _)| n.eq_ignore_ascii_case("telephone-event"))
    });
    Ok(Negotiated {
        remote_address: answer.address_of(theirs).unwrap_or_default(),
        remote_port: theirs.port,
        payload_type: pt
            .parse()
            .map_err(|_| SdpError(format!("payload type {pt}")))?,
        codec,
        telephone_event: te.and_then(|t| t.parse().ok()),
        ptime: theirs.ptime().unwrap_or(cfg.ptime),
        // Our direction mirrors the answerer's (its sendonly means we only receive).
        direction: answer.direction_of(theirs).answer(true, true),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local() -> LocalSession {
        LocalSession {
            address: "192.0.2.10".into(),
            port: 40000,
            session_id: 77,
            version: 0,
        }
    }

    const OFFER: &str = "v=0\r\no=- 5 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n\
        m=audio 30548 RTP/AVP 111 9 0 8 126\r\na=rtpmap:111 opus/48000/2\r\na=rtpmap:9 G722/8000\r\n\
        a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:126 telephone-event/8000\r\na=sendrecv\r\n\
        m=video 30550 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n";

    #[test]
    fn an_offer_lists_the_codecs_in_preference_order_with_telephone_event() {
        let cfg = MediaConfig {
            codecs: vec![Codec::opus(), Codec::pcma(), Codec::pcmu()],
            ..MediaConfig::default()
        };
        let sd = offer(&cfg, &mut local(), Direction::SendRecv);
        let m = &sd.media[0];
        assert_eq!(m.formats, ["96", "8", "0", "101"]);
        assert_eq!(m.rtpmap("96"), Some(("opus".into(), 48000, 2)));
        assert_eq!(m.fmtp("101"), Some("0-16"));
        assert_eq!(m.ptime(), Some(20));
        assert_eq!(m.direction(), Some(Direction::SendRecv));
        assert_eq!(sd.origin[2], "1");
        SessionDescription::parse(&sd.to_string()).unwrap();
    }

    #[test]
    fn the_answer_takes_our_first_codec_the_offer_has_and_refuses_video() {
        let offer_sd = SessionDescription::parse(OFFER).unwrap();
        let (sd, n) = answer(&offer_sd, &MediaConfig::default(), &mut local(), false).unwrap();
        assert_eq!(
            sd.media[0].formats,
            ["0", "126"],
            "PCMU is our first choice; the offer's telephone-event PT is kept"
        );
        assert_eq!(sd.media[1].port, 0, "video refused with port 0");
        assert_eq!(
            (n.remote_address.as_str(), n.remote_port, n.payload_type),
            ("127.0.0.1", 30548, 0)
        );
        assert_eq!(n.telephone_event, Some(126));
        assert_eq!(n.direction, Direction::SendRecv);
    }

    #[test]
    fn no_common_codec_is_not_acceptable() {
        let offer_sd = SessionDescription::parse(OFFER).unwrap();
        let cfg = MediaConfig {
            codecs: vec![Codec::new("GSM", 8000, 1, Some(3))],
            ..MediaConfig::default()
        };
        assert!(answer(&offer_sd, &cfg, &mut local(), false).is_err());
    }

    #[test]
    fn hold_offers_sendonly_and_the_held_side_answers_recvonly() {
        let mut ours = local();
        let hold = offer(&MediaConfig::default(), &mut ours, Direction::SendOnly);
        let mut theirs = LocalSession {
            address: "192.0.2.20".into(),
            port: 50000,
            session_id: 9,
            version: 0,
        };
        let (ans, n) = answer(&hold, &MediaConfig::default(), &mut theirs, false).unwrap();
        assert_eq!(ans.media[0].direction(), Some(Direction::RecvOnly));
        assert_eq!(
            n.direction,
            Direction::RecvOnly,
            "the far end knows it is held"
        );
        let cfg = MediaConfig {
            hold_with_zero_address: true,
            ..MediaConfig::default()
        };
        let hold0 = offer(&cfg, &mut ours, Direction::SendOnly);
        assert_eq!(hold0.connection.as_deref(), Some("IN IP4 0.0.0.0"));
        assert_eq!(ours.version, 2, "each new offer bumps the o= version");
        let (_, n) = answer(&hold0, &MediaConfig::default(), &mut theirs, false).unwrap();
        assert_eq!(n.direction, Direction::RecvOnly);
        // Both sides hold: the answer is inactive.
        let (ans, _) = answer(&hold, &MediaConfig::default(), &mut theirs, true).unwrap();
        assert_eq!(ans.media[0].direction(), Some(Direction::Inactive));
    }

    #[test]
    fn applying_an_answer_gives_the_codec_and_address() {
        let mut ours = local();
        let cfg = MediaConfig::default();
        let our_offer = offer(&cfg, &mut ours, Direction::SendRecv);
        let ans = SessionDescription::parse(
            "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 20118 RTP/AVP 8 101\r\n\
             a=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=ptime:30\r\n",
        )
        .unwrap();
        let n = apply_answer(&our_offer, &ans, &cfg).unwrap();
        assert_eq!(
            (
                n.payload_type,
                n.codec.name.as_str(),
                n.remote_port,
                n.ptime
            ),
            (8, "PCMA", 20118, 30)
        );
        assert_eq!(n.telephone_event, Some(101));
    }

    #[test]
    fn the_rfc_2543_hold_form_zeroes_every_connection_address() {
        let held = with_zero_address(
            "v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n\
             m=audio 4000 RTP/AVP 0\r\nc=IN IP4 192.0.2.1\r\na=sendonly\r\n",
        )
        .unwrap();
        let sd = SessionDescription::parse(&held).unwrap();
        assert_eq!(sd.address_of(&sd.media[0]).as_deref(), Some("0.0.0.0"));
        assert_eq!(held.matches("c=IN IP4 0.0.0.0").count(), 2);
        assert!(
            held.contains("o=- 1 2 IN IP4 192.0.2.1"),
            "the origin is not a connection"
        );
        assert!(held.contains("a=sendonly"));
        assert!(with_zero_address("not sdp").is_err());
    }
}
