//! Packet loss concealment for the waveform codecs (G.711, G.722), after the idea of
//! ITU-T G.711 Appendix I: a lost frame repeats the last pitch period of what was heard,
//! full for 10 ms, then fading to silence over the next 50 ms; the first frame after a loss
//! is cross-faded in from the repetition so no click is heard.

/// History kept, in milliseconds: long enough for the longest pitch period searched and
/// the correlation window.
const HISTORY_MS: usize = 40;
/// Pitch periods searched: 2.5 ms (400 Hz) to 15 ms (about 66 Hz).
const MIN_PERIOD_MS_X10: usize = 25;
const MAX_PERIOD_MS: usize = 15;
/// Full-level repetition, then the fade, in milliseconds.
const HOLD_MS: usize = 10;
const FADE_MS: usize = 50;
/// Cross-fade into the first good frame after a loss.
const MERGE_MS: usize = 2;

/// The largest history (at 48 kHz).
const MAX_HISTORY: usize = 48 * HISTORY_MS;

/// Concealment state for one stream at one rate.
#[derive(Clone, Debug)]
pub struct Concealer {
    rate: usize,
    history: [f32; MAX_HISTORY],
    len: usize,
    /// Samples made up since the loss began (0: not in a loss).
    lost: usize,
    period: usize,
}

impl Concealer {
    /// A concealer for audio at `rate` (8 to 48 kHz).
    pub fn new(rate: u32) -> Concealer {
        let rate = (rate as usize).clamp(8000, 48_000);
        Concealer {
            rate,
            history: [0.0; MAX_HISTORY],
            len: rate / 1000 * HISTORY_MS,
            lost: 0,
            period: 0,
        }
    }

    fn ms(&self, ms: usize) -> usize {
        self.rate / 1000 * ms
    }

    /// A frame was decoded: remember it, and cross-fade it in if it ends a loss.
    pub fn good(&mut self, frame: &mut [f32]) {
        if self.lost > 0 {
            let merge = self.ms(MERGE_MS).min(frame.len());
            for (i, s) in frame.iter_mut().take(merge).enumerate() {
                let made_up = self.made_up(self.lost + i);
                let w = (i + 1) as f32 / (merge + 1) as f32;
                *s = *s * w + made_up * (1.0 - w);
            }
            self.lost = 0;
        }
        let h = &mut self.history[..self.len];
        if frame.len() >= h.len() {
            h.copy_from_slice(&frame[frame.len() - h.len()..]);
        } else {
            h.copy_within(frame.len().., 0);
            let start = h.len() - frame.len();
            h[start..].copy_from_slice(frame);
        }
    }

    /// Fill `out` for a frame that never came.
    pub fn conceal(&mut self, out: &mut [f32]) {
        if self.lost == 0 {
            self.period = self.pitch_period();
        }
        for (i, o) in out.iter_mut().enumerate() {
            *o = self.made_up(self.lost + i);
        }
        self.lost += out.len();
    }

    /// Sample `k` of the loss: the last period repeated, at the fading gain.
    fn made_up(&self, k: usize) -> f32 {
        let (hold, fade) = (self.ms(HOLD_MS), self.ms(FADE_MS));
        let gain = if k < hold {
            1.0
        } else if k < hold + fade {
            1.0 - (k - hold) as f32 / fade as f32
        } else {
            return 0.0;
        };
        let period = self.period.max(1);
        self.history[self.len - period + k % period] * gain
    }

    /// The lag that best predicts the last 20 ms from the samples before (normalised
    /// autocorrelation).
    fn pitch_period(&self) -> usize {
        let h = &self.history[..self.len];
        let (min, max) = (
            self.rate * MIN_PERIOD_MS_X10 / 10_000,
            self.ms(MAX_PERIOD_MS),
        );
        let window = self.ms(20).min(h.len() - max);
        let tail = &h[h.len() - window..];
        let mut best = (f32::MIN, max);
        for lag in min..=max {
            let past = &h[h.len() - window - lag..h.len() - lag];
            let (mut xy, mut yy) = (0.0f32, 0.0f32);
            for (&x, &y) in tail.iter().zip(past) {
                xy += x * y;
                yy += y * y;
            }
            let score = if yy > 0.0 { xy / yy.sqrt() } else { 0.0 };
            if score > best.0 {
                best = (score, lag);
            }
        }
        best.1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::testing::voice;

    #[test]
    fn a_lost_frame_continues_the_voice_at_its_pitch() {
        let x = voice(8000, 8000);
        let mut plc = Concealer::new(8000);
        let mut frame = [0.0f32; 160];
        for chunk in x[..1600].chunks(160) {
            frame.copy_from_slice(chunk);
            plc.good(&mut frame);
        }
        let mut made_up = [0.0f32; 160];
        plc.conceal(&mut made_up);
        // The 150 Hz fundamental's period at 8 kHz is 53.3 samples: a multiple of it is found.
        assert!(
            [53, 106]
                .iter()
                .any(|p: &usize| plc.period.abs_diff(*p) <= 1),
            "period {}",
            plc.period
        );
        let truth = &x[1600..1760];
        let err: f32 = truth
            .iter()
            .zip(&made_up)
            .map(|(a, b)| (a - b).powi(2))
            .sum();
        let sig: f32 = truth.iter().map(|a| a * a).sum();
        assert!(
            err < sig * 0.5,
            "the made-up frame is close to what was lost"
        );
    }

    #[test]
    fn a_long_loss_fades_to_silence_and_the_next_frame_merges_in() {
        let x = voice(16_000, 3200);
        let mut plc = Concealer::new(16_000);
        let mut frame = [0.0f32; 320];
        for chunk in x.chunks(320) {
            frame.copy_from_slice(chunk);
            plc.good(&mut frame);
        }
        let mut out = [0.0f32; 320];
        for _ in 0..3 {
            plc.conceal(&mut out);
        }
        assert!(
            out[..300].iter().any(|&s| s.abs() > 1e-3),
            "fading in the third frame"
        );
        plc.conceal(&mut out);
        assert!(out.iter().all(|&s| s == 0.0), "silent after 60 ms");
        let mut good = [0.5f32; 320];
        plc.good(&mut good);
        assert!(
            good[0] < 0.5 && good[40] == 0.5,
            "a short fade-in, then the frame"
        );
    }

    #[test]
    fn silence_before_a_loss_gives_silence() {
        let mut plc = Concealer::new(48_000);
        let mut out = [1.0f32; 960];
        plc.conceal(&mut out);
        assert!(out.iter().all(|&s| s == 0.0));
    }
}
