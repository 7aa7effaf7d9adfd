//! G.722 (ITU-T G.722, 64 kbit/s sub-band ADPCM) as a [`super::Codec`]: 16 kHz audio, one
//! byte per two samples, on an 8 kHz RTP clock (RFC 3551 §4.5.2). The ADPCM itself is
//! audio-codec's; concealment is [`super::plc::Concealer`], and after a loss the decoder
//! carries on from its adapted state, as the recommendation's decoders do.

use audio_codec::g722::{G722Decoder, G722Encoder};
use audio_codec::{Decoder, Encoder};

use super::{from_i16, to_i16, Codec, CodecError, CodecKind, MAX_FRAME};

/// G.722 encoder and decoder with their scratch buffers.
pub struct G722Codec {
    encoder: G722Encoder,
    decoder: G722Decoder,
    plc: super::plc::Concealer,
    pcm: [i16; MAX_FRAME],
}

impl G722Codec {
    /// A codec at 64 kbit/s.
    pub fn new() -> G722Codec {
        G722Codec {
            encoder: G722Encoder::new(),
            decoder: G722Decoder::new(),
            plc: super::plc::Concealer::new(16_000),
            pcm: [0; MAX_FRAME],
        }
    }
}

impl Default for G722Codec {
    fn default() -> Self {
        Self::new()
    }
}

impl Codec for G722Codec {
    fn kind(&self) -> CodecKind {
        CodecKind::G722
    }

    fn encode(&mut self, pcm: &[f32], out: &mut [u8]) -> Result<usize, CodecError> {
        let n = pcm.len().min(MAX_FRAME);
        for (o, &s) in self.pcm.iter_mut().zip(&pcm[..n]) {
            *o = to_i16(s);
        }
        self.encoder
            .encode_into(&self.pcm[..n], out)
            .map_err(|e| CodecError(format!("G.722: {e:?}")))
    }

    fn decode(&mut self, payload: &[u8], out: &mut [f32]) -> Result<usize, CodecError> {
        if payload.len() * 2 > out.len().min(MAX_FRAME) {
            return Err(CodecError("G.722: payload longer than a frame".into()));
        }
        let n = self
            .decoder
            .decode_into(payload, &mut self.pcm)
            .map_err(|e| CodecError(format!("G.722: {e:?}")))?;
        for (o, &s) in out.iter_mut().zip(&self.pcm[..n]) {
            *o = from_i16(s);
        }
        self.plc.good(&mut out[..n]);
        Ok(n)
    }

    fn conceal(&mut self, out: &mut [f32]) {
        self.plc.conceal(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::testing::{round_trip, snr_db, voice};

    #[test]
    fn wideband_voice_round_trips_above_30_db() {
        let x = voice(16_000, 16_000);
        let y = round_trip(&mut G722Codec::new(), &x, 320);
        // The QMF filters delay the signal by 22 samples.
        let snr = snr_db(&x, &y, 640, 64);
        assert!(snr > 30.0, "{snr:.1} dB");
    }

    #[test]
    fn a_20_ms_frame_is_160_bytes() {
        let mut c = G722Codec::new();
        let mut out = [0u8; 400];
        assert_eq!(c.encode(&[0.1; 320], &mut out).unwrap(), 160);
    }

    #[test]
    fn an_oversized_payload_is_an_error() {
        let mut c = G722Codec::new();
        let mut out = [0.0f32; 320];
        assert!(c.decode(&[0u8; 400], &mut out).is_err());
    }
}
