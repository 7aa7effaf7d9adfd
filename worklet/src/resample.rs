//! Sample-rate conversion between the phone's rates (8, 16 and 48 kHz): a polyphase
//! windowed-sinc FIR filter for any ratio L/M of small integers. Up-sampling by L inserts
//! L-1 zeros between samples, the low-pass removes the images, and down-sampling by M keeps
//! every M-th sample; the polyphase form computes only the samples that are kept.
//!
//! The filter (built once in [`Resampler::new`]) has 32 taps per input sample of the lower
//! rate, a Kaiser window (β = 7, about 70 dB stop band), and cuts off at 90 % of the lower
//! Nyquist frequency. Streaming: frames of any length go through [`Resampler::process`]
//! without allocation; the output is delayed by half the filter (16 samples at the slower rate).

/// Taps of the prototype filter per sample at the slower of the two rates.
const TAPS_PER_SLOW_SAMPLE: usize = 32;
/// Kaiser window parameter.
const BETA: f64 = 7.0;
/// Cut-off, as a fraction of the lower rate's Nyquist frequency.
const CUTOFF: f64 = 0.9;

/// A converter from one rate to another.
#[derive(Clone, Debug)]
pub struct Resampler {
    up: usize,
    down: usize,
    /// The prototype filter, rearranged by phase: `phases[p * taps + k] = h[p + k * up]`.
    phases: Vec<f32>,
    taps: usize,
    /// The last `taps` input samples, twice over so that a window is one contiguous slice:
    /// `history[pos..pos + taps]` is oldest to newest.
    history: Vec<f32>,
    pos: usize,
    /// Position of the next output in the up-sampled time line, past the newest input.
    next: usize,
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// The zeroth-order modified Bessel function of the first kind (the Kaiser window's).
fn bessel_i0(x: f64) -> f64 {
    let (mut sum, mut term) = (1.0, 1.0);
    for k in 1..50 {
        term *= (x / 2.0) / k as f64;
        sum += term * term;
        if term * term < sum * 1e-16 {
            break;
        }
    }
    sum
}

impl Resampler {
    /// A converter from `from` to `to` samples per second (both positive; the ratio is
    /// reduced, so 8000 to 48000 is 1 to 6).
    pub fn new(from: u32, to: u32) -> Resampler {
        let (from, to) = (from.max(1) as usize, to.max(1) as usize);
        let g = gcd(from, to);
        let (up, down) = (to / g, from / g);
        // Enough taps for the transition band at the slower rate.
        let taps = TAPS_PER_SLOW_SAMPLE * up.max(down) / up;
        let len = taps * up;
        let cutoff = CUTOFF * 0.5 / up.max(down) as f64; // cycles per up-sampled sample
                                                         // An odd symmetric filter (the last tap is zero) delays by a whole number of
                                                         // output samples at every phone rate pair.
        let centre = (len / 2) as f64;
        let mut h = vec![0.0f64; len];
        for (j, hj) in h.iter_mut().enumerate() {
            let t = j as f64 - centre;
            let sinc = if t == 0.0 {
                2.0 * cutoff
            } else {
                (core::f64::consts::TAU * cutoff * t).sin() / (core::f64::consts::PI * t)
            };
            let r = t / centre;
            let window = bessel_i0(BETA * (1.0 - r * r).max(0.0).sqrt()) / bessel_i0(BETA);
            *hj = sinc * window * up as f64;
        }
        let mut phases = vec![0.0f32; len];
        for p in 0..up {
            for k in 0..taps {
                // Stored oldest-first so a window of history lines up with it.
                phases[p * taps + (taps - 1 - k)] = h[p + k * up] as f32;
            }
        }
        Resampler {
            up,
            down,
            phases,
            taps,
            history: vec![0.0; 2 * taps],
            pos: 0,
            next: 0,
        }
    }

    /// Output samples `input_len` input samples give at most (for sizing buffers).
    pub fn max_output(&self, input_len: usize) -> usize {
        (input_len * self.up).div_ceil(self.down) + 1
    }

    /// Convert `input`, writing into `output`; returns how many samples were written.
    /// `output` must hold [`Resampler::max_output`] samples; extra ones are dropped.
    pub fn process(&mut self, input: &[f32], output: &mut [f32]) -> usize {
        let mut written = 0;
        for &x in input {
            // Push: the window slides one sample.
            self.history[self.pos] = x;
            self.history[self.pos + self.taps] = x;
            self.pos = (self.pos + 1) % self.taps;
            let window = &self.history[self.pos..self.pos + self.taps];
            // Every output whose up-sampled time falls in this input's span.
            while self.next < self.up {
                let phase = &self.phases[self.next * self.taps..(self.next + 1) * self.taps];
                let y: f32 = window.iter().zip(phase).map(|(a, b)| a * b).sum();
                if let Some(o) = output.get_mut(written) {
                    *o = y;
                    written += 1;
                }
                self.next += self.down;
            }
            self.next -= self.up;
        }
        written
    }

    /// Forget the history (a new stream).
    pub fn reset(&mut self) {
        self.history.fill(0.0);
        self.pos = 0;
        self.next = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::testing::snr_db;

    fn sine(hz: f32, rate: u32, n: usize) -> Vec<f32> {
        (0..n)
            .map(|i| 0.5 * (core::f32::consts::TAU * hz * i as f32 / rate as f32).sin())
            .collect()
    }

    /// Run `x` through in frames of 20 ms at `from`.
    fn convert(r: &mut Resampler, x: &[f32], from: u32) -> Vec<f32> {
        let frame = from as usize / 50;
        let mut y = Vec::new();
        let mut out = vec![0.0; r.max_output(frame)];
        for chunk in x.chunks(frame) {
            let n = r.process(chunk, &mut out);
            y.extend_from_slice(&out[..n]);
        }
        y
    }

    fn rms(x: &[f32]) -> f32 {
        (x.iter().map(|s| s * s).sum::<f32>() / x.len() as f32).sqrt()
    }

    #[test]
    fn every_pair_of_phone_rates_keeps_the_sample_count_and_a_1_khz_tone() {
        for (from, to) in [
            (8000, 48_000),
            (48_000, 8000),
            (16_000, 48_000),
            (48_000, 16_000),
            (8000, 16_000),
            (16_000, 8000),
        ] {
            let x = sine(1000.0, from, from as usize);
            let y = convert(&mut Resampler::new(from, to), &x, from);
            assert_eq!(
                y.len(),
                to as usize,
                "{from} -> {to}: one second in, one out"
            );
            let ideal = sine(1000.0, to, to as usize);
            let snr = snr_db(&ideal, &y, to as usize / 10, to as usize / 100);
            assert!(snr > 50.0, "{from} -> {to}: {snr:.1} dB");
        }
    }

    #[test]
    fn down_sampling_removes_what_the_lower_rate_cannot_carry() {
        // 6 kHz cannot exist at 8 kHz: it must not fold back as 2 kHz.
        let x = sine(6000.0, 48_000, 48_000);
        let y = convert(&mut Resampler::new(48_000, 8000), &x, 48_000);
        let ratio_db = 20.0 * (rms(&y[800..]) / rms(&x)).log10();
        assert!(ratio_db < -60.0, "{ratio_db:.1} dB");
    }

    #[test]
    fn up_and_back_down_is_transparent_in_the_voice_band() {
        let x = sine(440.0, 16_000, 16_000);
        let mut up = Resampler::new(16_000, 48_000);
        let mut down = Resampler::new(48_000, 16_000);
        let y = convert(&mut up, &x, 16_000);
        let z = convert(&mut down, &y, 48_000);
        let snr = snr_db(&x, &z, 1600, 200);
        assert!(snr > 50.0, "{snr:.1} dB");
    }
}
