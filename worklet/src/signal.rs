//! The sounds the phone plays to its user, not to the network: the ringer and the call
//! progress tones (dial, ringback, busy, call waiting), each a tone pair with a cadence.
//!
//! The cadences are the North American ones (ANSI T1.401 / the "USA" tone country the
//! AudioCodes and Yealink manuals default to); country tables come with the tone settings.
//! The ringer has five tones, as the CP860 has `Ring1.wav` to `Ring5.wav`: each its own
//! pitch and cadence, so that a user (and a test) tells them apart.
//!
//! | tone | pitch | warble | on / off |
//! |---|---|---|---|
//! | Ring 1 | 1000 Hz | 20 Hz | 2 s / 4 s |
//! | Ring 2 | 800 Hz | 16 Hz | 1 s / 2 s |
//! | Ring 3 | 1400 Hz | none | 1.5 s / 1 s |
//! | Ring 4 | 600 Hz | 10 Hz | 1.5 s / 3 s |
//! | Ring 5 | 2000 Hz | none | 1.5 s / 1.5 s |

use crate::tone::Sine;

/// What the user hears from the phone itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum Signal {
    /// Nothing.
    Silent = 0,
    /// An incoming call rings.
    Ring = 1,
    /// The far end is ringing (a 180 without early media).
    Ringback = 2,
    /// A second call is waiting while we talk.
    CallWaiting = 3,
    /// Off-hook, no digit yet.
    Dial = 4,
    /// The far end is busy.
    Busy = 5,
    /// The ringer with tone Ring 2 (Ring 1 is [`Signal::Ring`]).
    Ring2 = 6,
    /// Ring 3.
    Ring3 = 7,
    /// Ring 4.
    Ring4 = 8,
    /// Ring 5.
    Ring5 = 9,
}

impl Signal {
    /// The signal numbered `code` (as the worklet's port sends it); unknown codes are silence.
    pub fn from_code(code: u32) -> Signal {
        match code {
            1 => Signal::Ring,
            2 => Signal::Ringback,
            3 => Signal::CallWaiting,
            4 => Signal::Dial,
            5 => Signal::Busy,
            6 => Signal::Ring2,
            7 => Signal::Ring3,
            8 => Signal::Ring4,
            9 => Signal::Ring5,
            _ => Signal::Silent,
        }
    }
}

/// A tone pair (the second frequency 0 for a single tone), its cadence, and an optional
/// amplitude warble.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Pattern {
    f1: f32,
    f2: f32,
    on_ms: u32,
    /// 0: continuous.
    off_ms: u32,
    warble_hz: f32,
}

/// A plain tone pair with a cadence.
const fn p(f1: f32, f2: f32, on_ms: u32, off_ms: u32) -> Pattern {
    Pattern {
        f1,
        f2,
        on_ms,
        off_ms,
        warble_hz: 0.0,
    }
}

fn pattern(signal: Signal) -> Option<Pattern> {
    Some(match signal {
        Signal::Silent => return None,
        Signal::Ring => Pattern {
            f1: 1000.0,
            f2: 0.0,
            on_ms: 2000,
            off_ms: 4000,
            warble_hz: 20.0,
        },
        Signal::Ring2 => Pattern {
            warble_hz: 16.0,
            ..p(800.0, 0.0, 1000, 2000)
        },
        Signal::Ring3 => p(1400.0, 0.0, 1500, 1000),
        Signal::Ring4 => Pattern {
            warble_hz: 10.0,
            ..p(600.0, 0.0, 1500, 3000)
        },
        Signal::Ring5 => p(2000.0, 0.0, 1500, 1500),
        Signal::Ringback => p(440.0, 480.0, 2000, 4000),
        Signal::CallWaiting => p(440.0, 0.0, 300, 9700),
        Signal::Dial => p(350.0, 440.0, 1000, 0),
        Signal::Busy => p(480.0, 620.0, 500, 500),
    })
}

/// Peak level of a whole signal (about -13 dBFS RMS for one tone).
const LEVEL: f32 = 0.3;

/// Plays one [`Signal`] at a time into the speaker path, sample-continuous across quanta.
#[derive(Clone, Copy, Debug)]
pub struct SignalPlayer {
    signal: Signal,
    sample_rate: f32,
    /// Samples into the current on/off cycle.
    position: u32,
    a: Sine,
    b: Sine,
    warble: Sine,
}

impl SignalPlayer {
    /// A silent player at `sample_rate`.
    pub const fn new(sample_rate: f32) -> SignalPlayer {
        SignalPlayer {
            signal: Signal::Silent,
            sample_rate,
            position: 0,
            a: Sine::new(0.0, sample_rate, 0.0),
            b: Sine::new(0.0, sample_rate, 0.0),
            warble: Sine::new(0.0, sample_rate, 0.0),
        }
    }

    /// What is playing.
    pub fn signal(&self) -> Signal {
        self.signal
    }

    /// Play `signal` from the start of its cadence (nothing changes if it already plays).
    pub fn set(&mut self, signal: Signal) {
        if signal == self.signal {
            return;
        }
        self.signal = signal;
        self.position = 0;
        if let Some(p) = pattern(signal) {
            let each = if p.f2 > 0.0 { LEVEL / 2.0 } else { LEVEL };
            self.a = Sine::new(p.f1, self.sample_rate, each);
            self.b = Sine::new(p.f2, self.sample_rate, if p.f2 > 0.0 { each } else { 0.0 });
            self.warble = Sine::new(p.warble_hz, self.sample_rate, 1.0);
        }
    }

    /// Add the next samples of the signal to `out`.
    pub fn mix_into(&mut self, out: &mut [f32]) {
        let Some(p) = pattern(self.signal) else {
            return;
        };
        let per_ms = self.sample_rate / 1000.0;
        let on = (p.on_ms as f32 * per_ms) as u32;
        let cycle = if p.off_ms == 0 {
            u32::MAX
        } else {
            on + (p.off_ms as f32 * per_ms) as u32
        };
        for o in out {
            if p.off_ms == 0 || self.position < on {
                let mut s = self.a.next_sample() + self.b.next_sample();
                if p.warble_hz > 0.0 {
                    s *= 0.6 + 0.4 * self.warble.next_sample();
                }
                *o += s;
            }
            self.position = if p.off_ms == 0 {
                0
            } else {
                (self.position + 1) % cycle
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meter::Meter;

    /// Play `signal` for `ms` and return (frequency, rms) of each 250 ms window.
    fn windows(signal: Signal, ms: u32) -> Vec<(f32, f32)> {
        let rate = 8000.0;
        let mut player = SignalPlayer::new(rate);
        player.set(signal);
        let mut meter = Meter::new(rate, 250);
        let mut out = Vec::new();
        let mut buf = [0.0f32; 2000];
        for _ in 0..ms / 250 {
            buf.fill(0.0);
            player.mix_into(&mut buf);
            meter.feed(&buf);
            out.push((meter.frequency(), meter.rms()));
        }
        out
    }

    #[test]
    fn the_ringer_is_1khz_for_two_seconds_then_quiet_for_four() {
        let w = windows(Signal::Ring, 12_000);
        let lit: Vec<bool> = w.iter().map(|(_, rms)| *rms > 0.05).collect();
        assert_eq!(&lit[..8], &[true; 8], "2 s on");
        assert_eq!(&lit[8..24], &[false; 16], "4 s off");
        assert_eq!(&lit[24..32], &[true; 8], "and again");
        assert!(
            w[..8].iter().all(|(f, _)| (f - 1000.0).abs() < 30.0),
            "{w:?}"
        );
    }

    #[test]
    fn the_five_ring_tones_differ_in_pitch_and_cadence() {
        for (signal, hz, on, off) in [
            (Signal::Ring2, 800.0, 4, 8),
            (Signal::Ring3, 1400.0, 6, 4),
            (Signal::Ring4, 600.0, 6, 12),
            (Signal::Ring5, 2000.0, 6, 6),
        ] {
            let w = windows(signal, (on + off) * 2 * 250);
            let lit: Vec<bool> = w.iter().map(|(_, rms)| *rms > 0.05).collect();
            let cycle: Vec<bool> = (0..on + off).map(|i| i < on).collect();
            assert_eq!(&lit[..cycle.len()], &cycle[..], "{signal:?} cadence");
            assert_eq!(&lit[cycle.len()..], &cycle[..], "{signal:?} repeats");
            let f = w[0].0;
            assert!((f - hz).abs() < hz * 0.03, "{signal:?}: {f} Hz, not {hz}");
            assert_eq!(Signal::from_code(signal as u32), signal);
        }
    }

    #[test]
    fn ringback_repeats_two_on_four_off_and_busy_half_a_second_each() {
        let lit = |s, ms| -> Vec<bool> { windows(s, ms).iter().map(|(_, r)| *r > 0.05).collect() };
        let rb = lit(Signal::Ringback, 6000);
        assert_eq!(rb.iter().filter(|l| **l).count(), 8);
        assert!(rb[..8].iter().all(|l| *l));
        let busy = lit(Signal::Busy, 2000);
        assert_eq!(busy, [true, true, false, false, true, true, false, false]);
    }

    #[test]
    fn dial_tone_is_continuous_and_call_waiting_a_short_beep() {
        let dial = windows(Signal::Dial, 3000);
        assert!(
            dial.iter()
                .all(|(f, r)| *r > 0.1 && *f > 300.0 && *f < 500.0),
            "{dial:?}"
        );
        let cw = windows(Signal::CallWaiting, 10_000);
        let lit = cw.iter().filter(|(_, r)| *r > 0.02).count();
        assert_eq!(lit, 2, "one 300 ms beep in ten seconds: {cw:?}");
        assert!((cw[0].0 - 440.0).abs() < 20.0);
    }

    #[test]
    fn silence_adds_nothing_and_codes_round_trip() {
        let mut p = SignalPlayer::new(48_000.0);
        let mut buf = [0.25f32; 128];
        p.mix_into(&mut buf);
        assert_eq!(buf, [0.25; 128]);
        for s in [
            Signal::Silent,
            Signal::Ring,
            Signal::Ringback,
            Signal::CallWaiting,
            Signal::Dial,
            Signal::Busy,
        ] {
            assert_eq!(Signal::from_code(s as u32), s);
        }
        assert_eq!(Signal::from_code(99), Signal::Silent);
    }
}
