//! G.711 companding (ITU-T G.711): 16-bit linear PCM to 8-bit mu-law (North America,
//! Japan) and A-law (Europe), and back. The segment tables are computed, not looked up,
//! so the module stays small in wasm; both directions are a handful of integer operations.

/// Bias added before mu-law encoding (G.711 Table 2a, in 16-bit scale).
const ULAW_BIAS: i32 = 0x84;
/// Largest magnitude mu-law can encode without clipping.
const ULAW_CLIP: i32 = 32635;

/// Encode one sample to mu-law.
pub fn ulaw_encode(sample: i16) -> u8 {
    let s = sample as i32;
    let sign = if s < 0 { 0x80 } else { 0 };
    let magnitude = s.unsigned_abs().min(ULAW_CLIP as u32) as i32 + ULAW_BIAS;
    // The segment is the position of the highest set bit above bit 7.
    let exponent = (31 - (magnitude as u32).leading_zeros())
        .saturating_sub(7)
        .min(7) as i32;
    let mantissa = (magnitude >> (exponent + 3)) & 0x0F;
    !(sign | (exponent << 4) | mantissa) as u8
}

/// Decode one mu-law byte.
pub fn ulaw_decode(byte: u8) -> i16 {
    let b = !byte as i32;
    let exponent = (b >> 4) & 0x07;
    let mantissa = b & 0x0F;
    let magnitude = (((mantissa << 3) + ULAW_BIAS) << exponent) - ULAW_BIAS;
    if b & 0x80 != 0 {
        -magnitude as i16
    } else {
        magnitude as i16
    }
}

/// Encode one sample to A-law.
pub fn alaw_encode(sample: i16) -> u8 {
    let s = sample as i32 >> 3; // A-law works on 13 bits
    let (sign, magnitude) = if s >= 0 { (0x80, s) } else { (0x00, -s - 1) };
    let magnitude = magnitude.min(0x0FFF);
    let code = if magnitude < 32 {
        magnitude >> 1
    } else {
        let exponent = (31 - (magnitude as u32).leading_zeros()) as i32 - 4;
        (exponent << 4) | ((magnitude >> exponent) & 0x0F)
    };
    ((sign | code) ^ 0x55) as u8
}

/// Decode one A-law byte.
pub fn alaw_decode(byte: u8) -> i16 {
    let b = (byte ^ 0x55) as i32;
    let exponent = (b >> 4) & 0x07;
    let mantissa = b & 0x0F;
    let magnitude = if exponent == 0 {
        (mantissa << 4) + 8
    } else {
        ((mantissa << 4) + 0x108) << (exponent - 1)
    };
    if b & 0x80 != 0 {
        magnitude as i16
    } else {
        -magnitude as i16
    }
}

/// The two G.711 laws, for code that picks one by the negotiated payload type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Law {
    /// PCMU, RTP payload type 0.
    MuLaw,
    /// PCMA, RTP payload type 8.
    ALaw,
}

impl Law {
    /// Encode `pcm` into `out` (same length).
    pub fn encode(self, pcm: &[i16], out: &mut [u8]) {
        let f = match self {
            Law::MuLaw => ulaw_encode,
            Law::ALaw => alaw_encode,
        };
        for (o, &s) in out.iter_mut().zip(pcm) {
            *o = f(s);
        }
    }

    /// Decode `bytes` into `out` (same length).
    pub fn decode(self, bytes: &[u8], out: &mut [i16]) {
        let f = match self {
            Law::MuLaw => ulaw_decode,
            Law::ALaw => alaw_decode,
        };
        for (o, &b) in out.iter_mut().zip(bytes) {
            *o = f(b);
        }
    }
}

/// G.711 as a [`super::Codec`]: one byte per 8 kHz sample, concealment by pitch repetition.
pub struct G711Codec {
    law: Law,
    plc: super::plc::Concealer,
}

impl G711Codec {
    /// A codec of `law`.
    pub fn new(law: Law) -> G711Codec {
        G711Codec {
            law,
            plc: super::plc::Concealer::new(8000),
        }
    }
}

impl super::Codec for G711Codec {
    fn kind(&self) -> super::CodecKind {
        match self.law {
            Law::MuLaw => super::CodecKind::Pcmu,
            Law::ALaw => super::CodecKind::Pcma,
        }
    }

    fn encode(&mut self, pcm: &[f32], out: &mut [u8]) -> Result<usize, super::CodecError> {
        if out.len() < pcm.len() {
            return Err(super::CodecError("G.711: payload buffer too small".into()));
        }
        let f = match self.law {
            Law::MuLaw => ulaw_encode,
            Law::ALaw => alaw_encode,
        };
        for (o, &s) in out.iter_mut().zip(pcm) {
            *o = f(super::to_i16(s));
        }
        Ok(pcm.len())
    }

    fn decode(&mut self, payload: &[u8], out: &mut [f32]) -> Result<usize, super::CodecError> {
        if out.len() < payload.len() {
            return Err(super::CodecError(
                "G.711: payload longer than a frame".into(),
            ));
        }
        let f = match self.law {
            Law::MuLaw => ulaw_decode,
            Law::ALaw => alaw_decode,
        };
        for (o, &b) in out.iter_mut().zip(payload) {
            *o = super::from_i16(f(b));
        }
        self.plc.good(&mut out[..payload.len()]);
        Ok(payload.len())
    }

    fn conceal(&mut self, out: &mut [f32]) {
        self.plc.conceal(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::testing;

    #[test]
    fn voice_round_trips_through_both_laws_above_30_db() {
        let x = testing::voice(8000, 8000);
        for law in [Law::MuLaw, Law::ALaw] {
            let mut c = G711Codec::new(law);
            let y = testing::round_trip(&mut c, &x, 160);
            let snr = testing::snr_db(&x, &y, 0, 1);
            assert!(snr > 30.0, "{law:?}: {snr:.1} dB");
        }
    }

    #[test]
    fn silence_has_the_well_known_codes() {
        assert_eq!(ulaw_encode(0), 0xFF);
        assert_eq!(alaw_encode(0), 0xD5);
        assert_eq!(ulaw_decode(0xFF), 0);
        assert_eq!(alaw_decode(0xD5), 8);
    }

    #[test]
    fn every_code_decodes_and_encodes_back_to_itself() {
        for b in 0..=255u8 {
            // 0x7F is mu-law's negative zero: it decodes to 0, which encodes as 0xFF.
            if b != 0x7F {
                assert_eq!(ulaw_encode(ulaw_decode(b)), b, "mu-law {b:#04x}");
            }
            assert_eq!(alaw_encode(alaw_decode(b)), b, "A-law {b:#04x}");
        }
    }

    #[test]
    fn full_scale_samples_clip_instead_of_wrapping() {
        assert_eq!(ulaw_encode(i16::MAX), 0x80);
        assert_eq!(ulaw_encode(i16::MIN), 0x00);
        assert!(alaw_decode(alaw_encode(i16::MAX)) > 30000);
        assert!(alaw_decode(alaw_encode(i16::MIN)) < -30000);
    }

    fn snr_db(law: Law) -> f64 {
        let pcm: Vec<i16> = (0..8000)
            .map(|n| {
                (12000.0 * (2.0 * std::f64::consts::PI * 1004.0 * n as f64 / 8000.0).sin()) as i16
            })
            .collect();
        let mut coded = vec![0u8; pcm.len()];
        let mut back = vec![0i16; pcm.len()];
        law.encode(&pcm, &mut coded);
        law.decode(&coded, &mut back);
        let signal: f64 = pcm.iter().map(|&s| (s as f64).powi(2)).sum();
        let noise: f64 = pcm
            .iter()
            .zip(&back)
            .map(|(&a, &b)| (a as f64 - b as f64).powi(2))
            .sum();
        10.0 * (signal / noise).log10()
    }

    #[test]
    fn a_sine_survives_companding_with_over_30_db_snr() {
        // G.711 gives about 38 dB for a -9 dBm0 tone.
        let (mu, a) = (snr_db(Law::MuLaw), snr_db(Law::ALaw));
        assert!(mu > 30.0, "mu-law SNR {mu:.1} dB");
        assert!(a > 30.0, "A-law SNR {a:.1} dB");
    }
}
