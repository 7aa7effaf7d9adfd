//! Call recording: both directions mixed, encoded as it goes into Ogg Opus (RFC 7845; libopus
//! at 32 kbit/s) or, as a fallback, 16-bit WAV. The driver starts, pauses, resumes and stops
//! it, and takes the bytes made so far whenever it likes ([`Recorder::pending`] and
//! [`Recorder::drain`]); a file is the concatenation of everything taken, with, for WAV, the
//! header rewritten at the end ([`Recorder::final_header`]).
//!
//! Starting allocates (the encoder, the output buffer); feeding a quantum does not. A 20 ms
//! Opus frame is encoded in the quantum that completes it.

use crate::codec::opus::{OpusCodec, FRAME_20MS, VOICE_BITRATE};
use crate::codec::Codec;
use crate::ogg::{self, PageWriter};
use crate::resample::Resampler;
use crate::wav;
use crate::QUANTUM;

/// Bytes held for the driver before it must take them: about a minute of Opus, 2.7 s of WAV
/// at 48 kHz. The worklet takes them every few quanta.
pub const OUTPUT_CAPACITY: usize = 256 * 1024;

/// A recording's file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Ogg Opus, mono 48 kHz (`audio/ogg; codecs=opus`).
    OggOpus,
    /// RIFF WAV, 16-bit mono at the engine's rate (`audio/wav`).
    Wav,
}

impl Format {
    /// The format numbered `code` in the worklet interface (0 Ogg Opus, 1 WAV).
    pub fn from_code(code: u32) -> Option<Format> {
        match code {
            0 => Some(Format::OggOpus),
            1 => Some(Format::Wav),
            _ => None,
        }
    }
}

/// Where a recording is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordState {
    /// No recording.
    Idle,
    /// Taking audio in.
    Recording,
    /// Started, but not taking audio in for now.
    Paused,
}

struct Opus {
    codec: OpusCodec,
    pages: Box<PageWriter>,
    /// The engine's rate to 48 kHz, when they differ.
    resampler: Option<Resampler>,
    frame: [f32; FRAME_20MS],
    filled: usize,
    pre_skip: u64,
    /// Real samples (48 kHz) encoded so far.
    samples: u64,
    /// Frames (packets) encoded so far.
    frames: u64,
    page: Box<[u8; ogg::MAX_PAGE]>,
    packet: [u8; 1500],
}

/// The recorder of one engine.
pub struct Recorder {
    rate: u32,
    state: RecordState,
    format: Format,
    opus: Option<Box<Opus>>,
    out: Vec<u8>,
    /// Bytes given to the driver so far, plus those pending.
    total: u64,
    /// Bytes that did not fit in the output (the driver did not take them in time).
    lost: u64,
}

impl Recorder {
    /// A recorder for an engine running at `rate`.
    pub const fn new(rate: u32) -> Recorder {
        Recorder {
            rate,
            state: RecordState::Idle,
            format: Format::OggOpus,
            opus: None,
            out: Vec::new(),
            total: 0,
            lost: 0,
        }
    }

    /// Where the recording is.
    pub fn state(&self) -> RecordState {
        self.state
    }

    /// Bytes that could not be kept because the driver did not take them in time.
    pub fn lost(&self) -> u64 {
        self.lost
    }

    /// Start a new recording in `format` (a recording under way is stopped first).
    pub fn start(&mut self, format: Format) -> Result<(), String> {
        if self.state != RecordState::Idle {
            self.stop();
        }
        if self.rate < 8000 {
            return Err(format!("a recording at {} Hz: 8 kHz at least", self.rate));
        }
        self.out = Vec::with_capacity(OUTPUT_CAPACITY);
        self.total = 0;
        self.lost = 0;
        self.format = format;
        match format {
            Format::Wav => self.push(&wav::header(self.rate, 0)),
            Format::OggOpus => {
                let mut codec = OpusCodec::new(VOICE_BITRATE).map_err(|e| e.0)?;
                let pre_skip = codec.lookahead();
                let mut o = Box::new(Opus {
                    codec,
                    pages: Box::new(PageWriter::new(0x4465_736B)), // "Desk"
                    resampler: (self.rate != 48_000).then(|| Resampler::new(self.rate, 48_000)),
                    frame: [0.0; FRAME_20MS],
                    filled: 0,
                    pre_skip: pre_skip as u64,
                    samples: 0,
                    frames: 0,
                    page: Box::new([0; ogg::MAX_PAGE]),
                    packet: [0; 1500],
                });
                let n = o
                    .pages
                    .header_page(&ogg::opus_head(pre_skip, self.rate), &mut o.page[..]);
                self.push(&o.page[..n]);
                let tags = ogg::opus_tags(
                    concat!("Deskphone ", env!("CARGO_PKG_VERSION"), ", libopus"),
                    &mut o.packet,
                );
                let Opus {
                    pages,
                    packet,
                    page,
                    ..
                } = &mut *o;
                let n = pages.header_page(&packet[..tags], &mut page[..]);
                self.push(&o.page[..n]);
                self.opus = Some(o);
            }
        }
        self.state = RecordState::Recording;
        Ok(())
    }

    /// Pause (`true`) or resume taking audio in.
    pub fn pause(&mut self, paused: bool) {
        self.state = match (self.state, paused) {
            (RecordState::Recording, true) => RecordState::Paused,
            (RecordState::Paused, false) => RecordState::Recording,
            (s, _) => s,
        };
    }

    /// Finish the recording: the last frame and page (Ogg) are written out.
    pub fn stop(&mut self) {
        if self.state == RecordState::Idle {
            return;
        }
        if let Some(mut o) = self.opus.take() {
            // The partial frame, padded, then silence until the decoder has given the
            // pre-skip and every real sample (the encoder's lookahead drained); the last
            // packet's granule trims the padding (RFC 7845 §4.5).
            o.samples += o.filled as u64;
            o.frame[o.filled..].fill(0.0);
            let needed = (o.pre_skip + o.samples).div_ceil(FRAME_20MS as u64);
            let mut partial = o.filled > 0;
            while o.frames < needed {
                if !partial {
                    o.frame.fill(0.0);
                }
                partial = false;
                let last = o.frames + 1 == needed;
                self.encode_frame(&mut o, last);
            }
            let n = o.pages.flush(true, &mut o.page[..]);
            self.push(&o.page[..n]);
        }
        self.state = RecordState::Idle;
    }

    /// For WAV, once stopped: the header to put over the file's first 44 bytes (its sizes
    /// were not known when it was written).
    pub fn final_header(&self) -> Option<[u8; wav::HEADER]> {
        (self.format == Format::Wav
            && self.state == RecordState::Idle
            && self.total >= wav::HEADER as u64)
            .then(|| {
                wav::header(
                    self.rate,
                    (self.total - wav::HEADER as u64).min(u32::MAX as u64) as u32,
                )
            })
    }

    /// Take in one quantum (or any block) of the mix to record.
    pub fn feed(&mut self, samples: &[f32]) {
        if self.state != RecordState::Recording {
            return;
        }
        match self.format {
            Format::Wav => {
                for &s in samples {
                    let v = crate::codec::to_i16(s).to_le_bytes();
                    self.push(&v);
                }
            }
            Format::OggOpus => {
                let Some(mut o) = self.opus.take() else {
                    return;
                };
                // A quantum at 8 kHz (the lowest rate a recording starts at) is 768 at 48 kHz.
                let mut at48 = [0.0f32; 6 * QUANTUM + 8];
                for block in samples.chunks(QUANTUM) {
                    let n = match o.resampler.as_mut() {
                        Some(r) => r.process(block, &mut at48),
                        None => {
                            at48[..block.len()].copy_from_slice(block);
                            block.len()
                        }
                    };
                    let mut rest = &at48[..n];
                    while !rest.is_empty() {
                        let take = rest.len().min(FRAME_20MS - o.filled);
                        let filled = o.filled;
                        o.frame[filled..filled + take].copy_from_slice(&rest[..take]);
                        o.filled += take;
                        rest = &rest[take..];
                        if o.filled == FRAME_20MS {
                            o.samples += FRAME_20MS as u64;
                            self.encode_frame(&mut o, false);
                        }
                    }
                }
                self.opus = Some(o);
            }
        }
    }

    /// Encode the frame. A page's granule position is the samples its packets decode to
    /// (frames × 960, RFC 7845 §4); the `last` one's is the pre-skip plus the real samples.
    fn encode_frame(&mut self, o: &mut Opus, last: bool) {
        o.filled = 0;
        o.frames += 1;
        let Ok(len) = o.codec.encode(&o.frame, &mut o.packet) else {
            return;
        };
        let granule = if last {
            o.pre_skip + o.samples
        } else {
            o.frames * FRAME_20MS as u64
        };
        let n = o.pages.packet(&o.packet[..len], granule, &mut o.page[..]);
        self.push(&o.page[..n]);
    }

    fn push(&mut self, bytes: &[u8]) {
        if self.out.len() + bytes.len() > self.out.capacity() {
            self.lost += bytes.len() as u64;
            return;
        }
        self.out.extend_from_slice(bytes);
        self.total += bytes.len() as u64;
    }

    /// The bytes made since the last [`Recorder::drain`].
    pub fn pending(&self) -> &[u8] {
        &self.out
    }

    /// The driver took the pending bytes.
    pub fn drain(&mut self) {
        self.out.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::opus::OpusCodec;
    use crate::meter::Meter;
    use crate::tone::Sine;

    fn record(format: Format, rate: u32, seconds: f32, hz: f32) -> (Vec<u8>, Recorder) {
        let mut r = Recorder::new(rate);
        r.start(format).unwrap();
        let mut file = Vec::new();
        let mut sine = Sine::new(hz, rate as f32, 0.4);
        let mut q = [0.0f32; QUANTUM];
        for i in 0..(seconds * rate as f32 / QUANTUM as f32) as usize {
            sine.fill(&mut q);
            r.feed(&q);
            if i % 64 == 0 {
                file.extend_from_slice(r.pending());
                r.drain();
            }
        }
        r.stop();
        file.extend_from_slice(r.pending());
        r.drain();
        if let Some(h) = r.final_header() {
            file[..wav::HEADER].copy_from_slice(&h);
        }
        (file, r)
    }

    /// Decode an Ogg Opus file with libopus; returns the samples after the pre-skip.
    fn decode(file: &[u8]) -> (Vec<f32>, u64) {
        let pages = ogg::read::pages(file).unwrap();
        let head = &pages[0].packets[0];
        assert_eq!(&head[..8], b"OpusHead");
        assert_eq!(&pages[1].packets[0][..8], b"OpusTags");
        let pre_skip = u16::from_le_bytes([head[10], head[11]]) as usize;
        let mut codec = OpusCodec::new(VOICE_BITRATE).unwrap();
        let mut pcm = Vec::new();
        let mut frame = [0.0f32; 960];
        let mut decoded = 0u64;
        for page in &pages[2..] {
            for p in &page.packets {
                let n = codec.decode(p, &mut frame).unwrap();
                pcm.extend_from_slice(&frame[..n]);
                decoded += n as u64;
            }
            // RFC 7845 §4: a page's granule is what its packets and those before decode to
            // (the last page's may be less: the end trimmed).
            if page.flags & 0x04 == 0 {
                assert_eq!(page.granule, decoded, "page {}", page.sequence);
            } else {
                assert!(page.granule <= decoded && page.granule + 960 > decoded);
            }
        }
        let length = pages.last().unwrap().granule - pre_skip as u64;
        (pcm[pre_skip..pre_skip + length as usize].to_vec(), length)
    }

    #[test]
    fn a_tone_recorded_as_ogg_opus_decodes_at_its_frequency_and_length() {
        let (file, r) = record(Format::OggOpus, 48_000, 2.01, 700.0);
        assert_eq!(r.lost(), 0);
        let (pcm, length) = decode(&file);
        // 753 quanta = 96 384 samples, 100.4 frames: the last frame's padding is trimmed by
        // the granule position.
        assert_eq!(length, 753 * 128);
        let mut m = Meter::new(48_000.0, 250);
        m.feed(&pcm[24_000..36_000]);
        assert!((m.frequency() - 700.0).abs() < 15.0, "{} Hz", m.frequency());
        assert!(m.rms() > 0.2, "level {}", m.rms());
        let pages = ogg::read::pages(&file).unwrap();
        assert!(
            pages.last().unwrap().flags & 0x04 != 0,
            "the last page ends the stream"
        );
    }

    #[test]
    fn at_44_1_khz_the_recording_is_resampled_to_48_khz() {
        let (file, _) = record(Format::OggOpus, 44_100, 1.0, 1000.0);
        let (pcm, length) = decode(&file);
        assert!((length as i64 - 48_000).abs() < 200, "{length} samples");
        let mut m = Meter::new(48_000.0, 250);
        m.feed(&pcm[12_000..24_000]);
        assert!(
            (m.frequency() - 1000.0).abs() < 15.0,
            "{} Hz",
            m.frequency()
        );
    }

    #[test]
    fn pausing_leaves_the_paused_time_out() {
        let mut r = Recorder::new(48_000);
        r.start(Format::Wav).unwrap();
        r.feed(&[0.5; 128]);
        r.pause(true);
        r.feed(&[0.5; 128]);
        r.pause(false);
        r.feed(&[0.5; 128]);
        r.stop();
        assert_eq!(r.pending().len(), 44 + 2 * 256);
        let h = r.final_header().unwrap();
        assert_eq!(u32::from_le_bytes(h[40..44].try_into().unwrap()), 512);
    }

    #[test]
    fn a_wav_recording_holds_the_samples_as_16_bit() {
        let (file, _) = record(Format::Wav, 16_000, 0.5, 440.0);
        assert_eq!(&file[..4], b"RIFF");
        let samples: Vec<f32> = file[44..]
            .chunks(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]) as f32 / 32768.0)
            .collect();
        assert_eq!(samples.len(), 62 * 128);
        let mut m = Meter::new(16_000.0, 250);
        m.feed(&samples[..4000]);
        assert!((m.frequency() - 440.0).abs() < 10.0);
    }

    #[test]
    fn bytes_the_driver_does_not_take_are_counted_not_overflowed() {
        let mut r = Recorder::new(48_000);
        r.start(Format::Wav).unwrap();
        for _ in 0..2000 {
            r.feed(&[0.1; 128]);
        }
        assert!(r.pending().len() <= OUTPUT_CAPACITY);
        assert!(r.lost() > 0);
    }
}
