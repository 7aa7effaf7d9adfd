//! Tone generation: a phase-accumulating sine oscillator, the building block of call
//! progress tones, ring tones and DTMF (two of them summed).

/// A sine at a fixed frequency and amplitude, continuous across calls to [`Sine::fill`].
#[derive(Clone, Copy, Debug)]
pub struct Sine {
    step: f32,
    phase: f32,
    amplitude: f32,
}

impl Sine {
    /// A sine of `hz` at `sample_rate`, peak `amplitude` (1.0 = full scale).
    pub const fn new(hz: f32, sample_rate: f32, amplitude: f32) -> Sine {
        Sine {
            step: hz / sample_rate,
            phase: 0.0,
            amplitude,
        }
    }

    /// The next sample.
    pub fn next_sample(&mut self) -> f32 {
        let s = (self.phase * core::f32::consts::TAU).sin() * self.amplitude;
        self.phase += self.step;
        if self.phase >= 1.0 {
            self.phase -= 1.0;
        }
        s
    }

    /// Fill `out` with the next samples.
    pub fn fill(&mut self, out: &mut [f32]) {
        for o in out {
            *o = self.next_sample();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meter::Meter;

    #[test]
    fn a_sine_measures_at_its_frequency_and_level() {
        let mut sine = Sine::new(440.0, 8000.0, 0.5);
        let mut meter = Meter::new(8000.0, 250);
        let mut buf = [0.0f32; 160];
        for _ in 0..20 {
            sine.fill(&mut buf);
            meter.feed(&buf);
        }
        assert!(
            (meter.frequency() - 440.0).abs() < 8.0,
            "{}",
            meter.frequency()
        );
        // RMS of a sine is peak / sqrt(2).
        assert!((meter.rms() - 0.354).abs() < 0.01, "{}", meter.rms());
    }
}
