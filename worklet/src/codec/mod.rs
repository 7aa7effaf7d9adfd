//! The voice codecs of the native phone (and of the recorder in the browser): G.711 mu-law
//! and A-law, G.722 and Opus behind one [`Codec`] trait, one frame at a time, at the codec's
//! own audio rate (the [`crate::resample`] module converts to the device's rate).
//!
//! Nothing is allocated per frame: a codec is built once per stream ([`new`]) with the
//! scratch buffers it needs. A lost frame is made up by [`Codec::conceal`]: libopus's own
//! concealment for Opus, [`plc::Concealer`] (pitch repetition fading out) for the others.

pub mod g711;
pub mod g722;
pub mod opus;
pub mod plc;

/// Longest frame a codec takes or gives: 60 ms at 48 kHz (RTP packet times stop at 60 ms
/// here; longer Opus packets are refused as malformed).
pub const MAX_FRAME: usize = 2880;

/// Largest payload a codec writes for one frame.
pub const MAX_PAYLOAD: usize = 1500;

/// A codec's name in SDP (`a=rtpmap`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CodecKind {
    /// G.711 mu-law, RTP payload type 0.
    Pcmu,
    /// G.711 A-law, RTP payload type 8.
    Pcma,
    /// G.722 at 64 kbit/s, RTP payload type 9 (16 kHz audio on an 8 kHz RTP clock, RFC 3551 §4.5.2).
    G722,
    /// Opus (RFC 6716) in RTP (RFC 7587): mono voice at 48 kHz.
    Opus,
}

impl CodecKind {
    /// The codec an SDP encoding name (case-insensitive) stands for.
    pub fn from_name(name: &str) -> Option<CodecKind> {
        match name.to_ascii_uppercase().as_str() {
            "PCMU" => Some(CodecKind::Pcmu),
            "PCMA" => Some(CodecKind::Pcma),
            "G722" => Some(CodecKind::G722),
            "OPUS" => Some(CodecKind::Opus),
            _ => None,
        }
    }

    /// Samples per second of the audio the codec carries.
    pub fn rate(self) -> u32 {
        match self {
            CodecKind::Pcmu | CodecKind::Pcma => 8000,
            CodecKind::G722 => 16_000,
            CodecKind::Opus => 48_000,
        }
    }

    /// Ticks per second of the RTP timestamp (RFC 3551 §4.5; RFC 7587 §4.1 for Opus).
    pub fn clock_rate(self) -> u32 {
        match self {
            CodecKind::Pcmu | CodecKind::Pcma | CodecKind::G722 => 8000,
            CodecKind::Opus => 48_000,
        }
    }
}

/// Why a frame could not be coded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodecError(pub String);

impl std::fmt::Display for CodecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An encoder and decoder pair for one stream.
pub trait Codec: Send {
    /// Which codec this is.
    fn kind(&self) -> CodecKind;

    /// Encode one frame of `pcm` (samples in -1.0..1.0 at [`CodecKind::rate`]) into `out`;
    /// returns the payload's length.
    fn encode(&mut self, pcm: &[f32], out: &mut [u8]) -> Result<usize, CodecError>;

    /// Decode one received payload into `out`; returns how many samples it gave. A payload
    /// that does not fit `out` or is malformed is an error, never a panic.
    fn decode(&mut self, payload: &[u8], out: &mut [f32]) -> Result<usize, CodecError>;

    /// Make up `out.len()` samples for a frame that never came.
    fn conceal(&mut self, out: &mut [f32]);
}

/// A fresh codec of `kind`.
pub fn new(kind: CodecKind) -> Result<Box<dyn Codec>, CodecError> {
    Ok(match kind {
        CodecKind::Pcmu => Box::new(g711::G711Codec::new(g711::Law::MuLaw)),
        CodecKind::Pcma => Box::new(g711::G711Codec::new(g711::Law::ALaw)),
        CodecKind::G722 => Box::new(g722::G722Codec::new()),
        CodecKind::Opus => Box::new(opus::OpusCodec::new(opus::VOICE_BITRATE)?),
    })
}

/// 16-bit linear PCM from a float sample, clipped.
pub(crate) fn to_i16(s: f32) -> i16 {
    (s.clamp(-1.0, 1.0) * 32767.0) as i16
}

/// A float sample from 16-bit linear PCM.
pub(crate) fn from_i16(s: i16) -> f32 {
    s as f32 / 32768.0
}

#[cfg(test)]
pub(crate) mod testing {
    //! Shared by the codecs' tests: a test signal and the SNR of its round trip.

    /// `n` samples of a voiced, speech-like test signal at `rate`: a 150 Hz fundamental
    /// with harmonics falling off, under a slow envelope.
    pub fn voice(rate: u32, n: usize) -> Vec<f32> {
        (0..n)
            .map(|i| {
                let t = i as f32 / rate as f32;
                let env = 0.6 + 0.4 * (core::f32::consts::TAU * 3.0 * t).sin();
                let mut s = 0.0;
                for h in 1..=12 {
                    let f = 150.0 * h as f32;
                    if f < rate as f32 * 0.45 {
                        s += (core::f32::consts::TAU * f * t).sin() / h as f32;
                    }
                }
                0.25 * env * s
            })
            .collect()
    }

    /// SNR in dB of `y` against `x`, at the lag (0..max_lag) that fits best, skipping the
    /// first `skip` samples (the codec settling).
    pub fn snr_db(x: &[f32], y: &[f32], skip: usize, max_lag: usize) -> f64 {
        let mut best = f64::MIN;
        for lag in 0..max_lag {
            let (mut s, mut e) = (0f64, 0f64);
            for i in skip..x.len().min(y.len().saturating_sub(lag)) {
                let a = x[i] as f64;
                let d = a - y[i + lag] as f64;
                s += a * a;
                e += d * d;
            }
            if e > 0.0 {
                best = best.max(10.0 * (s / e).log10());
            } else if s > 0.0 {
                return f64::INFINITY;
            }
        }
        best
    }

    /// Encode and decode `x` in frames of `frame` samples through `codec`.
    pub fn round_trip(codec: &mut dyn super::Codec, x: &[f32], frame: usize) -> Vec<f32> {
        let mut y = vec![0.0; x.len()];
        let mut payload = [0u8; super::MAX_PAYLOAD];
        for (xi, yi) in x.chunks_exact(frame).zip(y.chunks_exact_mut(frame)) {
            let n = codec.encode(xi, &mut payload).unwrap();
            assert_eq!(codec.decode(&payload[..n], yi).unwrap(), frame);
        }
        y
    }
}
