//! RTP packets (RFC 3550 §5.1) and telephone-event payloads (RFC 4733 §2.3).
//!
//! Parsing takes hostile bytes: every length is checked against the datagram, and a
//! packet that lies about its CSRC count, header extension or padding is an error.

use std::fmt;

/// Why a datagram is not an RTP packet we can use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RtpError(pub &'static str);

impl fmt::Display for RtpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// One RTP packet, borrowing its payload from the datagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RtpPacket<'a> {
    /// Marker bit: the first packet of a talkspurt or of a telephone event.
    pub marker: bool,
    /// Payload type (RFC 3551 §6, or dynamic from the SDP).
    pub payload_type: u8,
    /// Sequence number.
    pub sequence: u16,
    /// Media timestamp in the codec's clock.
    pub timestamp: u32,
    /// Synchronisation source.
    pub ssrc: u32,
    /// The payload, without padding.
    pub payload: &'a [u8],
}

const FIXED_HEADER: usize = 12;

impl<'a> RtpPacket<'a> {
    /// Parse a datagram (RFC 3550 §5.1, §5.3.1).
    pub fn parse(bytes: &'a [u8]) -> Result<RtpPacket<'a>, RtpError> {
        if bytes.len() < FIXED_HEADER {
            return Err(RtpError("shorter than the RTP header"));
        }
        if bytes[0] >> 6 != 2 {
            return Err(RtpError("not RTP version 2"));
        }
        let padding = bytes[0] & 0x20 != 0;
        let extension = bytes[0] & 0x10 != 0;
        let csrc_count = (bytes[0] & 0x0F) as usize;
        let payload_type = bytes[1] & 0x7F;
        // RFC 5761 §4: 72-76 with the marker bit are RTCP (SR/RR/SDES/BYE/APP) on a muxed port.
        if (72..=76).contains(&payload_type) {
            return Err(RtpError("an RTCP packet"));
        }
        let mut start = FIXED_HEADER + 4 * csrc_count;
        if extension {
            let words = bytes
                .get(start + 2..start + 4)
                .ok_or(RtpError("truncated header extension"))?;
            start += 4 + 4 * u16::from_be_bytes([words[0], words[1]]) as usize;
        }
        let mut end = bytes.len();
        if padding {
            let pad = bytes[end - 1] as usize;
            if pad == 0 || pad > end - start.min(end) {
                return Err(RtpError("padding longer than the payload"));
            }
            end -= pad;
        }
        if start > end {
            return Err(RtpError("header longer than the packet"));
        }
        Ok(RtpPacket {
            marker: bytes[1] & 0x80 != 0,
            payload_type,
            sequence: u16::from_be_bytes([bytes[2], bytes[3]]),
            timestamp: u32::from_be_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]),
            ssrc: u32::from_be_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]),
            payload: &bytes[start..end],
        })
    }

    /// Append the packet (no CSRCs, no extension, no padding) to `out`.
    pub fn write(&self, out: &mut Vec<u8>) {
        out.push(0x80);
        out.push(((self.marker as u8) << 7) | (self.payload_type & 0x7F));
        out.extend_from_slice(&self.sequence.to_be_bytes());
        out.extend_from_slice(&self.timestamp.to_be_bytes());
        out.extend_from_slice(&self.ssrc.to_be_bytes());
        out.extend_from_slice(self.payload);
    }
}

/// A telephone-event payload (RFC 4733 §2.3): which event, whether it ended, its volume
/// and its duration so far in timestamp units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TelephoneEvent {
    /// Event code (RFC 4733 §3.2: 0-9, 10 = `*`, 11 = `#`, 12-15 = A-D).
    pub event: u8,
    /// The E bit: this is (a retransmission of) the event's last packet.
    pub end: bool,
    /// Volume in -dBm0 (0 to 63).
    pub volume: u8,
    /// Duration since the event began.
    pub duration: u16,
}

impl TelephoneEvent {
    /// Parse the 4-byte payload.
    pub fn parse(payload: &[u8]) -> Result<TelephoneEvent, RtpError> {
        let b = payload
            .get(..4)
            .ok_or(RtpError("telephone-event payload shorter than 4 bytes"))?;
        Ok(TelephoneEvent {
            event: b[0],
            end: b[1] & 0x80 != 0,
            volume: b[1] & 0x3F,
            duration: u16::from_be_bytes([b[2], b[3]]),
        })
    }

    /// The 4-byte payload.
    pub fn to_bytes(self) -> [u8; 4] {
        let d = self.duration.to_be_bytes();
        [
            self.event,
            ((self.end as u8) << 7) | (self.volume & 0x3F),
            d[0],
            d[1],
        ]
    }
}

/// The RFC 4733 §3.2 event code of a DTMF digit.
pub fn dtmf_event(digit: char) -> Option<u8> {
    match digit.to_ascii_uppercase() {
        d @ '0'..='9' => Some(d as u8 - b'0'),
        '*' => Some(10),
        '#' => Some(11),
        d @ 'A'..='D' => Some(12 + (d as u8 - b'A')),
        _ => None,
    }
}

/// The digit of an RFC 4733 event code.
pub fn dtmf_digit(event: u8) -> Option<char> {
    "0123456789*#ABCD".chars().nth(event as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_packet_parses_back() {
        let p = RtpPacket {
            marker: true,
            payload_type: 0,
            sequence: 65535,
            timestamp: 0xDEAD_BEEF,
            ssrc: 0x1234_5678,
            payload: &[1, 2, 3],
        };
        let mut bytes = Vec::new();
        p.write(&mut bytes);
        assert_eq!(bytes.len(), 15);
        assert_eq!(RtpPacket::parse(&bytes), Ok(p));
    }

    #[test]
    fn csrcs_extension_and_padding_are_skipped() {
        let mut b = vec![0xB1, 8, 0, 1, 0, 0, 0, 160, 0, 0, 0, 7];
        b.extend_from_slice(&[9, 9, 9, 9]); // one CSRC
        b.extend_from_slice(&[0xBE, 0xDE, 0, 1, 5, 5, 5, 5]); // a one-word extension
        b.extend_from_slice(&[0xAA, 0xBB]); // payload
        b.extend_from_slice(&[0, 0, 3]); // three bytes of padding
        let p = RtpPacket::parse(&b).unwrap();
        assert_eq!((p.payload_type, p.timestamp, p.ssrc), (8, 160, 7));
        assert_eq!(p.payload, &[0xAA, 0xBB]);
    }

    #[test]
    fn lying_lengths_are_errors_not_panics() {
        let header = [0x80u8, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1];
        assert!(RtpPacket::parse(&header[..11]).is_err());
        let mut csrc = header;
        csrc[0] = 0x8F; // 15 CSRCs in a 12-byte packet
        assert!(RtpPacket::parse(&csrc).is_err());
        let mut ext = header.to_vec();
        ext[0] = 0x90;
        ext.extend_from_slice(&[0xBE, 0xDE, 0xFF, 0xFF]);
        assert!(RtpPacket::parse(&ext).is_err());
        let mut pad = header.to_vec();
        pad[0] = 0xA0;
        pad.push(200);
        assert!(RtpPacket::parse(&pad).is_err());
        let mut version = header;
        version[0] = 0x40;
        assert!(RtpPacket::parse(&version).is_err());
        // Every prefix of a valid packet, and arbitrary bytes, are handled.
        for n in 0..header.len() {
            let _ = RtpPacket::parse(&header[..n]);
        }
        for seed in 0..2000u32 {
            let junk: Vec<u8> = (0..(seed % 40))
                .map(|i| (seed.wrapping_mul(2654435761).rotate_left(i)) as u8)
                .collect();
            let _ = RtpPacket::parse(&junk);
        }
    }

    #[test]
    fn rtcp_on_a_muxed_port_is_not_taken_for_audio() {
        let rr = [0x81u8, 201, 0, 7, 0, 0, 0, 1, 0, 0, 0, 0];
        assert!(RtpPacket::parse(&rr).is_err());
    }

    #[test]
    fn telephone_events_round_trip_and_map_to_digits() {
        let e = TelephoneEvent {
            event: 11,
            end: true,
            volume: 10,
            duration: 800,
        };
        assert_eq!(TelephoneEvent::parse(&e.to_bytes()), Ok(e));
        assert!(TelephoneEvent::parse(&[1, 2, 3]).is_err());
        for (i, d) in "0123456789*#ABCD".chars().enumerate() {
            assert_eq!(dtmf_event(d), Some(i as u8));
            assert_eq!(dtmf_digit(i as u8), Some(d));
        }
        assert_eq!(dtmf_event('x'), None);
        assert_eq!(dtmf_digit(16), None);
    }
}
