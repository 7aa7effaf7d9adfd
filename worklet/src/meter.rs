//! Level and pitch meters over a sliding window: RMS level for the face's meters, and the
//! dominant frequency of a tone (counted from rising zero crossings) for checks end to end.

/// Measures a signal over windows of a fixed number of samples.
#[derive(Clone, Copy, Debug)]
pub struct Meter {
    window: u32,
    count: u32,
    sum_squares: f32,
    crossings: u32,
    armed: bool,
    sample_rate: f32,
    rms: f32,
    frequency: f32,
}

/// Below this RMS a window is silence and reports no frequency.
const SILENCE: f32 = 0.005;
/// Hysteresis for zero crossings, relative to the window's RMS.
const HYSTERESIS: f32 = 0.25;

impl Meter {
    /// A meter reporting every `window_ms` at `sample_rate`.
    pub const fn new(sample_rate: f32, window_ms: u32) -> Meter {
        let window = (sample_rate as u32 / 1000) * window_ms;
        Meter {
            window: if window == 0 { 1 } else { window },
            count: 0,
            sum_squares: 0.0,
            crossings: 0,
            armed: false,
            sample_rate,
            rms: 0.0,
            frequency: 0.0,
        }
    }

    /// Feed samples; results update at the end of each window.
    pub fn feed(&mut self, samples: &[f32]) {
        let threshold = self.rms.max(SILENCE) * HYSTERESIS;
        for &s in samples {
            self.sum_squares += s * s;
            if s < -threshold {
                self.armed = true;
            } else if s > threshold && self.armed {
                self.armed = false;
                self.crossings += 1;
            }
            self.count += 1;
            if self.count >= self.window {
                let rms = (self.sum_squares / self.count as f32).sqrt();
                self.rms = rms;
                self.frequency = if rms > SILENCE {
                    self.crossings as f32 * self.sample_rate / self.count as f32
                } else {
                    0.0
                };
                self.count = 0;
                self.sum_squares = 0.0;
                self.crossings = 0;
            }
        }
    }

    /// RMS of the last complete window (0.0 to 1.0 for a full-scale signal).
    pub fn rms(&self) -> f32 {
        self.rms
    }

    /// Dominant frequency of the last complete window in Hz, 0.0 for silence.
    pub fn frequency(&self) -> f32 {
        self.frequency
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(freq: f32, rate: f32, n: usize, amp: f32) -> Vec<f32> {
        (0..n)
            .map(|i| amp * (2.0 * std::f32::consts::PI * freq * i as f32 / rate).sin())
            .collect()
    }

    #[test]
    fn a_700_hz_tone_is_measured_within_one_percent() {
        let mut m = Meter::new(48_000.0, 250);
        m.feed(&sine(700.0, 48_000.0, 48_000, 0.5));
        assert!((m.frequency() - 700.0).abs() < 7.0, "{}", m.frequency());
        assert!((m.rms() - 0.3536).abs() < 0.01, "{}", m.rms());
    }

    #[test]
    fn silence_reports_no_frequency() {
        let mut m = Meter::new(44_100.0, 250);
        m.feed(&vec![0.0; 44_100]);
        assert_eq!(m.frequency(), 0.0);
        assert_eq!(m.rms(), 0.0);
    }

    #[test]
    fn low_noise_on_a_tone_does_not_double_the_count() {
        let mut noise = 12345u32;
        let s: Vec<f32> = sine(1000.0, 48_000.0, 48_000, 0.3)
            .into_iter()
            .map(|x| {
                noise = noise.wrapping_mul(1_103_515_245).wrapping_add(12345);
                x + ((noise >> 16) as f32 / 65536.0 - 0.5) * 0.02
            })
            .collect();
        let mut m = Meter::new(48_000.0, 250);
        m.feed(&s);
        assert!((m.frequency() - 1000.0).abs() < 10.0, "{}", m.frequency());
    }
}
