//! One call's RTP stream, sans-IO: the caller paces it (one [`RtpStream::next_packet`] and
//! one [`RtpStream::play`] per packet time) and hands it every datagram received with its
//! arrival time. It encodes the microphone with the negotiated codec (G.711, G.722 or Opus,
//! `deskphone_worklet::codec`), sends RFC 4733 telephone events instead of audio while a digit
//! is sent, and plays what arrives through an adaptive jitter buffer with loss concealment
//! (`deskphone_worklet::jitter`), resampled between the codec's rate and the devices'
//! [`DEVICE_RATE`]. Digits also go in-band (Q.23 tones mixed into what is sent) when the
//! account says so, and digits heard in what arrives are detected (Q.24).

use std::collections::VecDeque;
use std::time::Duration;

use deskphone_core::sdp::Direction;
use deskphone_worklet::codec::{self, Codec, CodecKind, MAX_FRAME, MAX_PAYLOAD};
use deskphone_worklet::dtmf::{DigitQueue, DtmfDetector};
use deskphone_worklet::engine::{KEY_PAUSE_MS, KEY_TONE_MS};
use deskphone_worklet::jitter::{JitterBuffer, JitterStats, Playout};
use deskphone_worklet::meter::Meter;
use deskphone_worklet::resample::Resampler;

use super::audio::{Microphone, Speaker};
use super::rtp::{dtmf_digit, dtmf_event, RtpError, RtpPacket, TelephoneEvent};

/// Samples per second of the audio devices (microphone and speaker).
pub const DEVICE_RATE: u32 = 48_000;
/// A sent digit lasts this long (RFC 4733 §2.5.1.3 leaves it to the sender; 100 ms is common).
const EVENT_MS: u32 = 100;
/// The final packet of an event is sent three times (RFC 4733 §2.5.1.4).
const END_REPEATS: u32 = 3;
/// Audio between two queued digits.
const INTER_DIGIT_MS: u32 = 60;
/// Volume of sent events, in -dBm0 (RFC 4733 §2.3.4).
const EVENT_VOLUME: u8 = 10;
/// The jitter buffer's delay, in packets: at least one, at most 10 (200 ms of 20 ms packets).
const JITTER_MIN: usize = 1;
const JITTER_MAX: usize = 10;

/// What the offer/answer agreed for the stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamParams {
    /// The codec.
    pub codec: CodecKind,
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
    /// Our packet time: the agreed one, within 10 to 60 ms; for Opus the frame size at or
    /// below it that libopus can code (10, 20, 40 or 60 ms: a far end's `a=ptime:30` gets
    /// 20 ms packets rather than none).
    fn ptime(&self) -> u32 {
        let ptime = self.ptime.clamp(10, 60);
        match self.codec {
            CodecKind::Opus => [60, 40, 20, 10]
                .into_iter()
                .find(|&p| p <= ptime)
                .unwrap_or(10),
            _ => ptime,
        }
    }
    /// RTP timestamp ticks in one packet.
    fn ticks_per_packet(&self) -> u32 {
        self.codec.clock_rate() / 1000 * self.ptime()
    }
    /// Codec samples in one packet.
    fn codec_samples(&self) -> usize {
        (self.codec.rate() / 1000 * self.ptime()) as usize
    }
    /// Device samples in one packet.
    fn device_samples(&self) -> usize {
        (DEVICE_RATE / 1000 * self.ptime()) as usize
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
    /// Audio packets taken in.
    pub packets: u64,
    /// Datagrams that were not usable RTP.
    pub rejected: u64,
    /// Payloads the codec could not decode (concealed instead).
    pub undecodable: u64,
    /// Telephone events received, as digits, in order.
    pub digits: String,
    /// Digits heard in the received audio (in-band DTMF), in order.
    pub tones: String,
}

/// The codec of a stream, with its converters to and from the devices' rate.
struct Coding {
    codec: Box<dyn Codec>,
    /// Device rate to codec rate (none when equal).
    down: Option<Resampler>,
    /// Codec rate to device rate (none when equal).
    up: Option<Resampler>,
}

impl Coding {
    fn new(kind: CodecKind) -> Result<Coding, String> {
        let rate = kind.rate();
        Ok(Coding {
            codec: codec::new(kind).map_err(|e| e.0)?,
            down: (rate != DEVICE_RATE).then(|| Resampler::new(DEVICE_RATE, rate)),
            up: (rate != DEVICE_RATE).then(|| Resampler::new(rate, DEVICE_RATE)),
        })
    }
}

/// One call's stream.
pub struct RtpStream {
    params: StreamParams,
    coding: Coding,
    jitter: JitterBuffer,
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
    /// Device-rate audio decoded and waiting to be played.
    playout: VecDeque<f32>,
    /// Scratch: a packet of microphone audio, the same at the codec's rate, a payload, a
    /// decoded frame and the same at the devices' rate.
    mic: Vec<f32>,
    frame: Vec<f32>,
    payload: Vec<u8>,
    decoded: Vec<f32>,
    device: Vec<f32>,
    /// The phone's Mute: silence instead of the microphone (digits still go).
    muted: bool,
    /// In-band digits: the one sounding, and those waiting.
    inband: DigitQueue,
    /// Digits in what is played.
    detector: DtmfDetector,
}

impl RtpStream {
    /// A stream with a random SSRC, sequence number and timestamp origin (RFC 3550 §5.1);
    /// an error when the codec cannot be made.
    pub fn new(params: StreamParams, random: u64) -> Result<RtpStream, String> {
        Ok(RtpStream {
            params,
            coding: Coding::new(params.codec)?,
            jitter: JitterBuffer::new(params.ticks_per_packet(), JITTER_MIN, JITTER_MAX),
            ssrc: random as u32,
            sequence: (random >> 32) as u16,
            timestamp: (random >> 16) as u32 ^ (random >> 40) as u32,
            talkspurt: true,
            queue: VecDeque::new(),
            event: None,
            gap: 0,
            last_event: None,
            received: Received::default(),
            rx_meter: Meter::new(DEVICE_RATE as f32, 250),
            playout: VecDeque::with_capacity(4 * MAX_FRAME),
            mic: vec![0.0; MAX_FRAME],
            frame: vec![0.0; MAX_FRAME],
            payload: vec![0; MAX_PAYLOAD],
            decoded: vec![0.0; MAX_FRAME],
            device: vec![0.0; 2 * MAX_FRAME],
            muted: false,
            inband: DigitQueue::new(DEVICE_RATE as f32, KEY_TONE_MS, KEY_PAUSE_MS),
            detector: DtmfDetector::new(DEVICE_RATE as f32),
        })
    }

    /// The phone's Mute on (`true`) or off.
    pub fn set_muted(&mut self, muted: bool) {
        self.muted = muted;
    }

    /// A new offer/answer exchange changed the stream (hold, resume, codec).
    pub fn update(&mut self, params: StreamParams) -> Result<(), String> {
        if !self.params.sends() && params.sends() {
            self.talkspurt = true;
        }
        if params.codec != self.params.codec || params.ptime() != self.params.ptime() {
            self.coding = Coding::new(params.codec)?;
            self.jitter = JitterBuffer::new(params.ticks_per_packet(), JITTER_MIN, JITTER_MAX);
            self.playout.clear();
        }
        self.params = params;
        Ok(())
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

    /// Queue a digit to send as tones in the audio (in-band); false when it is not a digit
    /// or too many wait.
    pub fn queue_inband(&mut self, digit: char) -> bool {
        self.inband.push(digit, true)
    }

    /// The next packet time: write the packet to send into `out` (cleared first) and return
    /// whether there is one. Time advances by one packet either way.
    pub fn next_packet(&mut self, mic: &mut dyn Microphone, out: &mut Vec<u8>) -> bool {
        out.clear();
        let ticks = self.params.ticks_per_packet();
        let captured = self.params.device_samples();
        mic.capture(&mut self.mic[..captured]);
        let sends = self.params.sends();
        let written = if !sends {
            false
        } else if let Some(te) = self.next_event_payload(ticks) {
            self.write(out, te.0, te.1, te.2, &te.3);
            true
        } else {
            if self.params.silenced || self.muted {
                self.mic[..captured].fill(0.0);
            }
            if !self.params.silenced && self.inband.busy() {
                // In-band digits and their pauses replace the microphone: a voice under
                // them can spoil them for the far end's detector.
                self.mic[..captured].fill(0.0);
                self.inband.mix_into(&mut self.mic[..captured]);
            }
            let n = self.params.codec_samples();
            match self.coding.down.as_mut() {
                Some(r) => {
                    let got = r.process(&self.mic[..captured], &mut self.frame);
                    // The converter gives exactly a packet's worth in steady state.
                    self.frame[got.min(n)..n].fill(0.0);
                }
                None => self.frame[..n].copy_from_slice(&self.mic[..captured]),
            }
            match self
                .coding
                .codec
                .encode(&self.frame[..n], &mut self.payload)
            {
                Ok(len) => {
                    let marker = std::mem::take(&mut self.talkspurt);
                    let payload = std::mem::take(&mut self.payload);
                    let pt = self.params.payload_type;
                    self.write(out, marker, pt, self.timestamp, &payload[..len]);
                    self.payload = payload;
                    true
                }
                Err(_) => false,
            }
        };
        if !sends {
            self.talkspurt = true;
        }
        self.timestamp = self.timestamp.wrapping_add(ticks);
        written
    }

    /// The telephone-event packet for this packet time, if a digit is being sent:
    /// (marker, payload type, timestamp, payload).
    fn next_event_payload(&mut self, ticks: u32) -> Option<(bool, u8, u32, [u8; 4])> {
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
        let ptime = self.params.ptime();
        let tone_packets = EVENT_MS.div_ceil(ptime);
        ev.sent += 1;
        let end = ev.sent > tone_packets;
        let duration = ticks * ev.sent.min(tone_packets);
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
            self.gap = INTER_DIGIT_MS.div_ceil(ptime);
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

    /// A datagram arrived on the stream's port, `arrival` after the stream began (the
    /// jitter buffer's clock).
    pub fn receive(&mut self, datagram: &[u8], arrival: Duration) -> Result<(), RtpError> {
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
        if packet.payload_type != self.params.payload_type {
            self.received.rejected += 1;
            return Err(RtpError("a payload type that was not negotiated"));
        }
        self.received.packets += 1;
        let ticks = arrival.as_micros() * self.params.codec.clock_rate() as u128 / 1_000_000;
        self.jitter.push(
            packet.sequence,
            packet.timestamp,
            ticks as u32,
            packet.payload,
        );
        Ok(())
    }

    /// One packet time of playing: what the jitter buffer gives, decoded (or made up), to
    /// the speaker (when we play) and the meter.
    pub fn play(&mut self, speaker: &mut dyn Speaker) {
        let want = self.params.device_samples();
        // The most a payload may decode to: 60 ms at the codec's rate (a longer one is an
        // error and is concealed), so that it fits the device buffer once resampled.
        let most = (self.params.codec.rate() as usize * 60 / 1000).min(MAX_FRAME);
        while self.playout.len() < want {
            let frame = self.params.codec_samples();
            let decoded = &mut self.decoded[..most];
            let n = match self.jitter.pop() {
                Playout::Frame(payload) => match self.coding.codec.decode(payload, decoded) {
                    Ok(n) => n,
                    Err(_) => {
                        self.received.undecodable += 1;
                        self.coding.codec.conceal(&mut decoded[..frame]);
                        frame
                    }
                },
                Playout::Conceal => {
                    self.coding.codec.conceal(&mut decoded[..frame]);
                    frame
                }
                Playout::Buffering => {
                    self.playout
                        .extend(std::iter::repeat_n(0.0, want - self.playout.len()));
                    break;
                }
            };
            let n = match self.coding.up.as_mut() {
                Some(r) => r.process(&self.decoded[..n], &mut self.device),
                None => {
                    self.device[..n].copy_from_slice(&self.decoded[..n]);
                    n
                }
            };
            self.playout.extend(&self.device[..n]);
        }
        let frame = &mut self.device[..want];
        for (o, s) in frame.iter_mut().zip(self.playout.drain(..want)) {
            *o = s;
        }
        self.rx_meter.feed(frame);
        if let Some(d) = self.detector.feed(frame) {
            self.received.tones.push(d);
        }
        if self.params.plays() {
            speaker.play(frame);
        }
    }

    /// What has been received so far.
    pub fn received(&self) -> &Received {
        &self.received
    }

    /// The jitter buffer's counters.
    pub fn jitter(&self) -> JitterStats {
        self.jitter.stats()
    }

    /// The meter on played audio.
    pub fn rx_meter(&self) -> &Meter {
        &self.rx_meter
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::audio::{Discard, ToneMicrophone};

    fn params(codec: CodecKind, payload_type: u8) -> StreamParams {
        StreamParams {
            codec,
            payload_type,
            telephone_event: Some(101),
            ptime: 20,
            direction: Direction::SendRecv,
            silenced: false,
        }
    }

    /// The codecs with their payload types, for the tests that try each.
    const EVERY_CODEC: [(CodecKind, u8); 3] = [
        (CodecKind::Pcmu, 0),
        (CodecKind::G722, 9),
        (CodecKind::Opus, 111),
    ];

    fn pcmu() -> StreamParams {
        params(CodecKind::Pcmu, 0)
    }

    fn stream(p: StreamParams, random: u64) -> RtpStream {
        RtpStream::new(p, random).unwrap()
    }

    /// Run `packets` packet times from `a` into `b` (each datagram kept when `keep(n)`);
    /// `b` plays each packet time. Returns the datagrams sent.
    fn flow_with(
        a: &mut RtpStream,
        b: &mut RtpStream,
        mic: &mut dyn Microphone,
        packets: usize,
        keep: impl Fn(usize) -> bool,
    ) -> Vec<Vec<u8>> {
        let mut sent = Vec::new();
        let mut buf = Vec::new();
        let ptime = Duration::from_millis(a.params().ptime() as u64);
        for n in 0..packets {
            if a.next_packet(mic, &mut buf) {
                if keep(n) {
                    b.receive(&buf, ptime * n as u32).unwrap();
                }
                sent.push(buf.clone());
            }
            b.play(&mut Discard);
        }
        sent
    }

    fn flow(
        a: &mut RtpStream,
        b: &mut RtpStream,
        mic: &mut dyn Microphone,
        packets: usize,
    ) -> Vec<Vec<u8>> {
        flow_with(a, b, mic, packets, |_| true)
    }

    #[test]
    fn a_tone_sent_in_mu_law_arrives_at_its_frequency() {
        let mut a = stream(pcmu(), 1);
        let mut b = stream(pcmu(), 2);
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
    fn g722_and_opus_carry_a_tone_at_their_own_clock_rates() {
        for (codec, pt, ticks, hz) in [
            (CodecKind::G722, 9, 160, 5000.0),
            (CodecKind::Opus, 111, 960, 1000.0),
            (CodecKind::Pcma, 8, 160, 1000.0),
        ] {
            let mut a = stream(params(codec, pt), 1);
            let mut b = stream(params(codec, pt), 2);
            let sent = flow(&mut a, &mut b, &mut ToneMicrophone::new(hz, 0.5), 50);
            let (p0, p1) = (
                RtpPacket::parse(&sent[0]).unwrap(),
                RtpPacket::parse(&sent[1]).unwrap(),
            );
            assert_eq!(p1.timestamp.wrapping_sub(p0.timestamp), ticks, "{codec:?}");
            assert_eq!(p0.payload_type, pt);
            let got = b.rx_meter().frequency();
            assert!((got - hz).abs() < hz * 0.03, "{codec:?}: {got} Hz");
            assert!(
                b.rx_meter().rms() > 0.2,
                "{codec:?}: level {}",
                b.rx_meter().rms()
            );
        }
    }

    #[test]
    fn lost_packets_are_concealed_and_the_tone_goes_on() {
        for (codec, pt) in EVERY_CODEC {
            let mut a = stream(params(codec, pt), 1);
            let mut b = stream(params(codec, pt), 2);
            flow_with(
                &mut a,
                &mut b,
                &mut ToneMicrophone::new(440.0, 0.5),
                100,
                |n| n % 10 != 5,
            );
            assert_eq!(b.jitter().lost, 10, "{codec:?}");
            let got = b.rx_meter().frequency();
            assert!((got - 440.0).abs() < 15.0, "{codec:?}: {got} Hz");
            assert!(b.rx_meter().rms() > 0.2, "{codec:?}: no hole heard");
        }
    }

    #[test]
    fn a_digit_is_sent_as_telephone_events_that_end_three_times() {
        let mut a = stream(pcmu(), 1);
        let mut b = stream(pcmu(), 2);
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
    fn in_band_digits_are_sent_as_tones_and_heard_by_the_far_end_in_every_codec() {
        for (codec, pt) in EVERY_CODEC {
            let mut a = stream(params(codec, pt), 1);
            let mut b = stream(params(codec, pt), 2);
            for d in "159#*0D".chars() {
                assert!(a.queue_inband(d));
            }
            assert!(!a.queue_inband('x'));
            // Over a loud voice (564 Hz): the digits replace it while they sound.
            let sent = flow(&mut a, &mut b, &mut ToneMicrophone::new(564.0, 0.6), 100);
            assert!(
                sent.iter()
                    .all(|p| RtpPacket::parse(p).unwrap().payload_type == pt),
                "{codec:?}: audio only, no telephone events"
            );
            assert_eq!(b.received().tones, "159#*0D", "{codec:?}");
            assert_eq!(b.received().digits, "", "{codec:?}");
        }
    }

    #[test]
    fn on_hold_we_send_silence_and_held_by_the_far_end_we_send_nothing() {
        let mut a = stream(pcmu(), 1);
        let mut b = stream(pcmu(), 2);
        let mut mic = ToneMicrophone::new(440.0, 0.5);
        a.update(StreamParams {
            direction: Direction::SendOnly,
            silenced: true,
            ..pcmu()
        })
        .unwrap();
        flow(&mut a, &mut b, &mut mic, 20);
        assert_eq!(b.received().packets, 20);
        assert_eq!(b.rx_meter().rms(), 0.0, "silence while we hold");
        a.update(StreamParams {
            direction: Direction::RecvOnly,
            ..pcmu()
        })
        .unwrap();
        assert!(
            flow(&mut a, &mut b, &mut mic, 20).is_empty(),
            "nothing while held"
        );
        a.update(pcmu()).unwrap();
        // Long enough for a whole meter window (250 ms) of the tone.
        let back = flow(&mut a, &mut b, &mut mic, 40);
        assert!(
            RtpPacket::parse(&back[0]).unwrap().marker,
            "resuming starts a talkspurt"
        );
        assert!(
            (b.rx_meter().frequency() - 440.0).abs() < 10.0,
            "{} Hz {:?}",
            b.rx_meter().frequency(),
            b.jitter()
        );
    }

    #[test]
    fn opus_with_a_30_ms_packet_time_sends_20_ms_frames() {
        let p = StreamParams {
            ptime: 30,
            ..params(CodecKind::Opus, 111)
        };
        let mut a = stream(p, 1);
        let mut b = stream(p, 2);
        let sent = flow(&mut a, &mut b, &mut ToneMicrophone::new(1000.0, 0.5), 50);
        assert_eq!(sent.len(), 50, "every packet time sends");
        let (p0, p1) = (
            RtpPacket::parse(&sent[0]).unwrap(),
            RtpPacket::parse(&sent[1]).unwrap(),
        );
        assert_eq!(p1.timestamp.wrapping_sub(p0.timestamp), 960);
        assert!((b.rx_meter().frequency() - 1000.0).abs() < 30.0);
    }

    #[test]
    fn a_g711_payload_longer_than_60_ms_is_concealed_not_cut() {
        let mut b = stream(pcmu(), 2);
        let mut long = Vec::new();
        RtpPacket {
            marker: false,
            payload_type: 0,
            sequence: 7,
            timestamp: 160,
            ssrc: 1,
            payload: &[0x55; 2000],
        }
        .write(&mut long);
        b.receive(&long, Duration::ZERO).unwrap();
        b.play(&mut Discard);
        assert_eq!(b.received().undecodable, 1);
    }

    #[test]
    fn junk_unknown_payload_types_and_undecodable_payloads_are_counted_not_played() {
        let mut b = stream(params(CodecKind::Opus, 111), 2);
        assert!(b.receive(&[1, 2, 3], Duration::ZERO).is_err());
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
        assert!(b.receive(&g729, Duration::ZERO).is_err());
        assert_eq!((b.received().packets, b.received().rejected), (0, 2));
        let mut bad = Vec::new();
        RtpPacket {
            marker: false,
            payload_type: 111,
            sequence: 2,
            timestamp: 960,
            ssrc: 1,
            payload: &[0xFF, 0x06], // six 20 ms frames: more than a frame buffer holds
        }
        .write(&mut bad);
        b.receive(&bad, Duration::ZERO).unwrap();
        b.play(&mut Discard);
        assert_eq!(b.received().undecodable, 1);
    }
}
