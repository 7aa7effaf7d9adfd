//! Opus (RFC 6716) as a [`super::Codec`]: libopus 1.6.1 through the `opus` crate, mono voice
//! at 48 kHz (RTP per RFC 7587, which lets a mono stream go as `opus/48000/2`). The same C
//! library runs natively and in the AudioWorklet (built for wasm32 with clang-22, see
//! `worklet/wasm/`). Concealment is libopus's own.

use opus::{Application, Bitrate, Channels, Decoder, Encoder};

use super::{Codec, CodecError, CodecKind, MAX_FRAME};

/// Bit rate for voice calls and recordings: wideband speech at good quality.
pub const VOICE_BITRATE: i32 = 32_000;

/// Samples in one 20 ms frame at 48 kHz.
pub const FRAME_20MS: usize = 960;

/// libopus encoder and decoder for one stream.
pub struct OpusCodec {
    encoder: Encoder,
    decoder: Decoder,
    /// Samples of the last frame decoded, the size of a concealed one.
    last_frame: usize,
}

fn err(e: opus::Error) -> CodecError {
    CodecError(format!("Opus: {e}"))
}

impl OpusCodec {
    /// A mono 48 kHz VoIP codec at `bitrate` bit/s (variable bit rate).
    pub fn new(bitrate: i32) -> Result<OpusCodec, CodecError> {
        let mut encoder = Encoder::new(48_000, Channels::Mono, Application::Voip).map_err(err)?;
        encoder.set_bitrate(Bitrate::Bits(bitrate)).map_err(err)?;
        // Complexity 5: about 0.2 ms a frame natively, well inside a render quantum in wasm.
        encoder.set_complexity(5).map_err(err)?;
        let decoder = Decoder::new(48_000, Channels::Mono).map_err(err)?;
        Ok(OpusCodec {
            encoder,
            decoder,
            last_frame: FRAME_20MS,
        })
    }
}

impl OpusCodec {
    /// Samples (at 48 kHz) the encoder delays its input by: an Ogg Opus file's pre-skip.
    pub fn lookahead(&mut self) -> u16 {
        self.encoder
            .get_lookahead()
            .map_or(312, |n| n.clamp(0, 4800) as u16)
    }
}

impl Codec for OpusCodec {
    fn kind(&self) -> CodecKind {
        CodecKind::Opus
    }

    fn encode(&mut self, pcm: &[f32], out: &mut [u8]) -> Result<usize, CodecError> {
        self.encoder.encode_float(pcm, out).map_err(err)
    }

    fn decode(&mut self, payload: &[u8], out: &mut [f32]) -> Result<usize, CodecError> {
        let n = opus::packet::get_nb_samples(payload, 48_000).map_err(err)?;
        if n > out.len().min(MAX_FRAME) {
            return Err(CodecError(format!("Opus: a packet of {n} samples")));
        }
        let n = self
            .decoder
            .decode_float(payload, &mut out[..n], false)
            .map_err(err)?;
        self.last_frame = n;
        Ok(n)
    }

    fn conceal(&mut self, out: &mut [f32]) {
        // The output length sets the concealed duration: exactly one frame.
        let n = out.len().min(MAX_FRAME);
        if self
            .decoder
            .decode_float(&[], &mut out[..n], false)
            .is_err()
        {
            out.fill(0.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::testing::{round_trip, snr_db, voice};

    #[test]
    fn a_tone_round_trips_at_32_kbits_above_15_db() {
        // Opus codes voice perceptually (its waveform SNR on voice is low by design), so the
        // waveform check is on a 1 kHz tone at -6 dBFS.
        let x: Vec<f32> = (0..48_000)
            .map(|i| 0.5 * (core::f32::consts::TAU * 1000.0 * i as f32 / 48_000.0).sin())
            .collect();
        let mut c = OpusCodec::new(VOICE_BITRATE).unwrap();
        let y = round_trip(&mut c, &x, FRAME_20MS);
        // libopus delays 6.5 ms (312 samples) at 48 kHz.
        let snr = snr_db(&x, &y, 9600, 420);
        assert!(snr > 15.0, "{snr:.1} dB");
    }

    #[test]
    fn a_lost_packet_is_concealed_and_junk_is_refused() {
        let x = voice(48_000, 9600);
        let mut c = OpusCodec::new(VOICE_BITRATE).unwrap();
        let mut y = vec![0.0f32; 960];
        let mut p = [0u8; 1500];
        for f in x.chunks(960) {
            let n = c.encode(f, &mut p).unwrap();
            c.decode(&p[..n], &mut y).unwrap();
        }
        c.conceal(&mut y);
        assert!(y.iter().any(|&s| s.abs() > 0.01), "the voice goes on");
        // A TOC byte saying 120 ms of 40 ms frames: more than a frame buffer holds.
        assert!(c.decode(&[0xFF, 0x03], &mut y).is_err());
    }
}
