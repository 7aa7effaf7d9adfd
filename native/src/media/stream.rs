//! One call's RTP stream, sans-IO: the caller paces it (one [`RtpStream::next_packet`]
//! per packet time) and hands it every datagram received; it encodes the microphone with
//! the negotiated G.711 law, plays RFC 4733 telephone events instead of audio while a
//! digit is sent, and decodes and meters what arrives.

use std::collections::VecDeque;

use deskphone_core::sdp::Direction;
use deskphone_worklet::codec::g711::Law;
use deskphone_worklet::meter::Meter;

use super::audio::{Microphone, Speaker};
use super::rtp::{dtmf_digit, dtmf_event, RtpError, RtpPacket, TelephoneEvent};

/// Samples per second of G.711 (and of telephone events, RFC 4733 §2.1).
pub const RATE: u32 = 8000;
/// A sent digit lasts this long (RFC 4733 §2.5.1.3 leaves it to the sender; 100 ms is common).
const EVENT_MS: u32 = 100;
/// The final packet of an event is sent three times (RFC 4733 §2.5.1.4).
const END_REPEATS: u32 = 3;
/// Audio between two queued digits.
const INTER_DIGIT_MS: u32 = 60;
/// Volume of sent events, in -dBm0 (RFC 4733 §2.3.4).
const EVENT_VOLUME: u8 = 10;

/// What the offer/answer agreed for the stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamParams {
    /// The codec.
    pub law: Law,
    /// Its payload type.
    pub payload_type: u8,
    /// The telephone-event payload type, when both sides have one.
    pub telephone_event: Option<u8>,
    /// Packet time in milliseconds.
    pub ptime: u32,
    /// Our direction: whether we send and whether we play what arrives.
    pub direction: Direction,
    /// Send silence instead of the microphone (we hold the call).
    pub silenced: bool,
}

impl StreamParams {
    fn samples_per_packet(&self) -> usize {
        (RATE / 1000 * self.ptime.clamp(10, 60)) as usize
    }
    fn sends(&self) -> bool {
        matches!(self.direction, Direction::SendRecv | Direction::SendOnly)
    }
    fn plays(&self) -> bool {
        matches!(self.direction, Direction::SendRecv | Direction::RecvOnly)
    }
}

/// A digit being sent.
#[derive(Clone, Copy, Debug)]
struct Event {
    code: u8,
    timestamp: u32,
    /// Packets of the event sent so far.
    sent: u32,
}

/// What the far end sent us so far.
#[derive(Clone, Debug, Default)]
pub struct Received {
    /// Audio packets decoded.
    pub packets: u64,
    /// Datagrams that were not usable RTP.
    pub rejected: u64,
    /// Telephone events received, as digits, in order.
    pub digits: String,
}

/// One call's stream.
pub struct RtpStream {
    params: StreamParams,
    ssrc: u32,
    sequence: u16,
    timestamp: u32,
    talkspurt: bool,
    queue: VecDeque<char>,
    event: Option<Event>,
    gap: u32,
    last_event: Option<u32>,
    received: Received,
    rx_meter: Meter,
    pcm: Vec<i16>,
    frame: Vec<f32>,
    coded: Vec<u8>,
    /// The phone's Mute: silence instead of the microphone (digits still go).
    muted: bool,
}

impl RtpStream {
    /// A stream with a random SSRC, sequence number and timestamp origin (RFC 3550 §5.1).
    pub fn new(params: StreamParams, random: u64) -> RtpStream {
        RtpStream {
            params,
            ssrc: random as u32,
            sequence: (random >> 32) as u16,
            timestamp: (random >> 16) as u32 ^ (random >> 40) as u32,
            talkspurt: true,
            queue: VecDeque::new(),
            event: None,
            gap: 0,
            last_event: None,
            received: Received::default(),
            rx_meter: Meter::new(RATE as f32, 250),
            pcm: Vec::new(),
            frame: Vec::new(),
            coded: Vec::new(),
            muted: false,
        }
    }

    /// The phone's Mute on (`true`) or off.
    pub fn set_muted(&mut self, muted: bool) {
        self.muted = muted;
    }

    /// A new offer/answer exchange changed the stream (hold, resume, codec).
    pub fn update(&mut self, params: StreamParams) {
        if !self.params.sends() && params.sends() {
            self.talkspurt = true;
        }
        self.params = params;
    }

    /// The negotiated parameters in use.
    pub fn params(&self) -> StreamParams {
        self.params
    }

    /// Queue a digit to send as a telephone event; false when it cannot be sent that way.
    pub fn queue_dtmf(&mut self, digit: char) -> bool {
        if self.params.telephone_event.is_none() || dtmf_event(digit).is_none() {
            return false;
        }
        self.queue.push_back(digit);
        true
    }

    /// The next packet time: write the packet to send into `out` (cleared first) and return
    /// whether there is one. Time advances by one packet either way.
    pub fn next_packet(&mut self, mic: &mut dyn Microphone, out: &mut Vec<u8>) -> bool {
        out.clear();
        let samples = self.params.samples_per_packet();
        self.frame.resize(samples, 0.0);
        mic.capture(&mut self.frame);
        let sends = self.params.sends();
        let written = if !sends {
            false
        } else if let Some(te) = self.next_event_payload(samples as u32) {
            self.write(out, te.0, te.1, te.2, &te.3);
            true
        } else {
            if self.params.silenced || self.muted {
                self.frame.fill(0.0);
            }
            self.pcm.clear();
            self.pcm.extend(
                self.frame
                    .iter()
                    .map(|&s| (s.clamp(-1.0, 1.0) * 32767.0) as i16),
            );
            self.coded.resize(samples, 0);
            self.params.law.encode(&self.pcm, &mut self.coded);
            let marker = std::mem::take(&mut self.talkspurt);
            let coded = std::mem::take(&mut self.coded);
            self.write(
                out,
                marker,
                self.params.payload_type,
                self.timestamp,
                &coded,
            );
            self.coded = coded;
            true
        };
        if !sends {
            self.talkspurt = true;
        }
        self.timestamp = self.timestamp.wrapping_add(samples as u32);
        written
    }

    /// The telephone-event packet for this packet time, if a digit is being sent:
    /// (marker, payload type, timestamp, payload).
    fn next_event_payload(&mut self, samples: u32) -> Option<(bool, u8, u32, [u8; 4])> {
        let pt = self.params.telephone_event?;
        if self.event.is_none() {
            if self.gap > 0 {
                self.gap -= 1;
                return None;
            }
            let code = self.queue.pop_front().and_then(dtmf_event)?;
            self.event = Some(Event {
                code,
                timestamp: self.timestamp,
                sent: 0,
            });
        }
        let ev = self.event.as_mut().expect("set above");
        let tone_packets = (EVENT_MS * RATE / 1000).div_ceil(samples);
        ev.sent += 1;
        let end = ev.sent > tone_packets;
        let duration = samples * ev.sent.min(tone_packets);
        let payload = TelephoneEvent {
            event: ev.code,
            end,
            volume: EVENT_VOLUME,
            duration: duration.min(u16::MAX as u32) as u16,
        }
        .to_bytes();
        let packet = (ev.sent == 1, pt, ev.timestamp, payload);
        if ev.sent >= tone_packets + END_REPEATS {
            self.event = None;
            self.gap = (INTER_DIGIT_MS * RATE / 1000).div_ceil(samples);
            self.talkspurt = true;
        }
        Some(packet)
    }

    fn write(
        &mut self,
        out: &mut Vec<u8>,
        marker: bool,
        payload_type: u8,
        timestamp: u32,
        payload: &[u8],
    ) {
        RtpPacket {
            marker,
            payload_type,
            sequence: self.sequence,
            timestamp,
            ssrc: self.ssrc,
            payload,
        }
        .write(out);
        self.sequence = self.sequence.wrapping_add(1);
    }

    /// A datagram arrived on the stream's port.
    pub fn receive(&mut self, datagram: &[u8], speaker: &mut dyn Speaker) -> Result<(), RtpError> {
        let packet = match RtpPacket::parse(datagram) {
            Ok(p) => p,
            Err(e) => {
                self.received.rejected += 1;
                return Err(e);
            }
        };
        if Some(packet.payload_type) == self.params.telephone_event {
            let event = TelephoneEvent::parse(packet.payload)?;
            // One event is one timestamp (RFC 4733 §2.5.2.1); its packets repeat it.
            if self.last_event != Some(packet.timestamp) {
                self.last_event = Some(packet.timestamp);
                if let Some(d) = dtmf_digit(event.event) {
                    self.received.digits.push(d);
                }
            }
            return Ok(());
        }
        let law = match packet.payload_type {
            pt if pt == self.params.payload_type => self.params.law,
            0 => Law::MuLaw,
            8 => Law::ALaw,
            _ => {
                self.received.rejected += 1;
                return Err(RtpError("a payload type that was not negotiated"));
            }
        };
        self.received.packets += 1;
        self.pcm.resize(packet.payload.len(), 0);
        law.decode(packet.payload, &mut self.pcm);
        self.frame.clear();
        self.frame
            .extend(self.pcm.iter().map(|&s| s as f32 / 32768.0));
        self.rx_meter.feed(&self.frame);
        if self.params.plays() {
            speaker.play(&self.frame);
        }
        Ok(())
    }

    /// What has been received so far.
    pub fn received(&self) -> &Received {
        &self.received
    }

    /// The meter on received audio.
    pub fn rx_meter(&self) -> &Meter {
        &self.rx_meter
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::audio::{Discard, ToneMicrophone};

    fn params() -> StreamParams {
        StreamParams {
            law: Law::MuLaw,
            payload_type: 0,
            telephone_event: Some(101),
            ptime: 20,
            direction: Direction::SendRecv,
            silenced: false,
        }
    }

    /// Run `packets` packet times from `a` into `b`; returns the sent datagrams.
    fn flow(
        a: &mut RtpStream,
        b: &mut RtpStream,
        mic: &mut dyn Microphone,
        packets: usize,
    ) -> Vec<Vec<u8>> {
        let mut sent = Vec::new();
        let mut buf = Vec::new();
        for _ in 0..packets {
            if a.next_packet(mic, &mut buf) {
                b.receive(&buf, &mut Discard).unwrap();
                sent.push(buf.clone());
            }
        }
        sent
    }

    #[test]
    fn a_tone_sent_in_mu_law_arrives_at_its_frequency() {
        let mut a = RtpStream::new(params(), 1);
        let mut b = RtpStream::new(params(), 2);
        let sent = flow(&mut a, &mut b, &mut ToneMicrophone::new(440.0, 0.5), 50);
        assert_eq!(sent.len(), 50);
        let first = RtpPacket::parse(&sent[0]).unwrap();
        let second = RtpPacket::parse(&sent[1]).unwrap();
        assert!(
            first.marker && !second.marker,
            "the first packet starts a talkspurt"
        );
        assert_eq!(first.payload.len(), 160);
        assert_eq!(second.sequence, first.sequence.wrapping_add(1));
        assert_eq!(second.timestamp, first.timestamp.wrapping_add(160));
        assert_eq!(b.received().packets, 50);
        let hz = b.rx_meter().frequency();
        assert!((hz - 440.0).abs() < 10.0, "{hz} Hz");
    }

    #[test]
    fn a_digit_is_sent_as_telephone_events_that_end_three_times() {
        let mut a = RtpStream::new(params(), 1);
        let mut b = RtpStream::new(params(), 2);
        assert!(a.queue_dtmf('5') && a.queue_dtmf('#'));
        let sent = flow(&mut a, &mut b, &mut ToneMicrophone::new(440.0, 0.5), 30);
        let packets: Vec<_> = sent.iter().map(|d| RtpPacket::parse(d).unwrap()).collect();
        let events: Vec<_> = packets
            .iter()
            .filter(|p| p.payload_type == 101)
            .map(|p| {
                (
                    p.marker,
                    p.timestamp,
                    TelephoneEvent::parse(p.payload).unwrap(),
                )
            })
            .collect();
        // 100 ms of tone in 20 ms packets, then three end packets: 8 per digit.
        assert_eq!(events.len(), 16);
        let five: Vec<_> = events.iter().filter(|e| e.2.event == 5).collect();
        assert!(
            five[0].0 && five[1..].iter().all(|e| !e.0),
            "marker only on the first"
        );
        assert!(
            five.iter().all(|e| e.1 == five[0].1),
            "one timestamp per event"
        );
        assert_eq!(
            five.iter().map(|e| e.2.duration).collect::<Vec<_>>(),
            [160, 320, 480, 640, 800, 800, 800, 800]
        );
        assert_eq!(five.iter().filter(|e| e.2.end).count(), 3);
        assert_eq!(b.received().digits, "5#");
        // Audio resumes after each digit, with a new talkspurt.
        let after = packets.iter().position(|p| p.payload_type == 101).unwrap() + 8;
        assert!(packets[after].payload_type == 0 && packets[after].marker);
    }

    #[test]
    fn on_hold_we_send_silence_and_held_by_the_far_end_we_send_nothing() {
        let mut a = RtpStream::new(params(), 1);
        let mut b = RtpStream::new(params(), 2);
        let mut mic = ToneMicrophone::new(440.0, 0.5);
        a.update(StreamParams {
            direction: Direction::SendOnly,
            silenced: true,
            ..params()
        });
        flow(&mut a, &mut b, &mut mic, 20);
        assert_eq!(b.received().packets, 20);
        assert_eq!(b.rx_meter().rms(), 0.0, "silence while we hold");
        a.update(StreamParams {
            direction: Direction::RecvOnly,
            ..params()
        });
        assert!(
            flow(&mut a, &mut b, &mut mic, 20).is_empty(),
            "nothing while held"
        );
        a.update(params());
        let back = flow(&mut a, &mut b, &mut mic, 20);
        assert!(
            RtpPacket::parse(&back[0]).unwrap().marker,
            "resuming starts a talkspurt"
        );
        assert!((b.rx_meter().frequency() - 440.0).abs() < 10.0);
    }

    #[test]
    fn junk_and_unknown_payload_types_are_counted_and_not_played() {
        let mut b = RtpStream::new(params(), 2);
        assert!(b.receive(&[1, 2, 3], &mut Discard).is_err());
        let mut g729 = Vec::new();
        RtpPacket {
            marker: false,
            payload_type: 18,
            sequence: 1,
            timestamp: 1,
            ssrc: 1,
            payload: &[0; 20],
        }
        .write(&mut g729);
        assert!(b.receive(&g729, &mut Discard).is_err());
        assert_eq!((b.received().packets, b.received().rejected), (0, 2));
    }
}
