//! The sounds the phone plays to its user, not to the network: the ringer and the call
//! progress tones (dial, ringback, busy, call waiting), each a tone pair with a cadence.
//!
//! The cadences built in are the North American ones (ANSI T1.401 / the "USA" tone country
//! the AudioCodes and Yealink manuals default to); another country's, or a custom tone, is
//! a [`Cadence`] the phone's tone settings give ([`SignalPlayer::set_cadence`]).
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
    /// A tone of the tone settings ([`SignalPlayer::set_cadence`]); no code of its own.
    Tone = 10,
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

/// The most steps a cadence has (the Yealink tone grammar's 8 elements).
pub const MAX_STEPS: usize = 8;

/// One step of a cadence: up to four frequencies sounding together (all 0: silence), for
/// `ms` milliseconds (0: for ever).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    pub freqs: [f32; 4],
    pub ms: u32,
}

impl Step {
    const SILENT: Step = Step {
        freqs: [0.0; 4],
        ms: 0,
    };

    /// One or two tones for `ms`.
    const fn pair(f1: f32, f2: f32, ms: u32) -> Step {
        Step {
            freqs: [f1, f2, 0.0, 0.0],
            ms,
        }
    }
}

/// A tone as the phones' tone settings write it: steps played in turn, repeated unless
/// `once`, with an amplitude warble (the ringer's; 0 for none).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cadence {
    steps: [Step; MAX_STEPS],
    len: usize,
    once: bool,
    warble_hz: f32,
}

impl Cadence {
    /// `steps` in turn (1 to [`MAX_STEPS`] of them), once or repeated.
    pub fn new(steps: &[Step], once: bool) -> Option<Cadence> {
        if steps.is_empty() || steps.len() > MAX_STEPS {
            return None;
        }
        let mut all = [Step::SILENT; MAX_STEPS];
        all[..steps.len()].copy_from_slice(steps);
        Some(Cadence {
            steps: all,
            len: steps.len(),
            once,
            warble_hz: 0.0,
        })
    }

    /// A tone pair on for `on_ms`, off for `off_ms` (0: continuous), repeated.
    const fn on_off(f1: f32, f2: f32, on_ms: u32, off_ms: u32) -> Cadence {
        let mut steps = [Step::SILENT; MAX_STEPS];
        steps[0] = Step::pair(f1, f2, if off_ms == 0 { 0 } else { on_ms });
        steps[1].ms = off_ms;
        Cadence {
            steps,
            len: if off_ms == 0 { 1 } else { 2 },
            once: false,
            warble_hz: 0.0,
        }
    }

    const fn warbled(mut self, hz: f32) -> Cadence {
        self.warble_hz = hz;
        self
    }

    fn steps(&self) -> &[Step] {
        &self.steps[..self.len]
    }
}

fn pattern(signal: Signal) -> Option<Cadence> {
    let c = Cadence::on_off;
    Some(match signal {
        Signal::Silent | Signal::Tone => return None,
        Signal::Ring => c(1000.0, 0.0, 2000, 4000).warbled(20.0),
        Signal::Ring2 => c(800.0, 0.0, 1000, 2000).warbled(16.0),
        Signal::Ring3 => c(1400.0, 0.0, 1500, 1000),
        Signal::Ring4 => c(600.0, 0.0, 1500, 3000).warbled(10.0),
        Signal::Ring5 => c(2000.0, 0.0, 1500, 1500),
        Signal::Ringback => c(440.0, 480.0, 2000, 4000),
        Signal::CallWaiting => c(440.0, 0.0, 300, 9700),
        Signal::Dial => c(350.0, 440.0, 1000, 0),
        Signal::Busy => c(480.0, 620.0, 500, 500),
    })
}

/// Peak level of a whole signal (about -13 dBFS RMS for one tone).
const LEVEL: f32 = 0.3;

/// Plays one [`Signal`] (or a [`Cadence`] of the tone settings) at a time into the speaker
/// path, sample-continuous across quanta.
#[derive(Clone, Copy, Debug)]
pub struct SignalPlayer {
    signal: Signal,
    cadence: Option<Cadence>,
    sample_rate: f32,
    /// The step playing, and samples into it.
    step: usize,
    position: u32,
    sines: [Sine; 4],
    warble: Sine,
}

impl SignalPlayer {
    /// A silent player at `sample_rate`.
    pub const fn new(sample_rate: f32) -> SignalPlayer {
        SignalPlayer {
            signal: Signal::Silent,
            cadence: None,
            sample_rate,
            step: 0,
            position: 0,
            sines: [Sine::new(0.0, sample_rate, 0.0); 4],
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
        self.start(pattern(signal));
    }

    /// Play `cadence` (a tone of the tone settings) from its start.
    pub fn set_cadence(&mut self, cadence: Cadence) {
        if self.signal == Signal::Tone && self.cadence == Some(cadence) {
            return;
        }
        self.signal = Signal::Tone;
        self.start(Some(cadence));
    }

    fn start(&mut self, cadence: Option<Cadence>) {
        self.cadence = cadence;
        self.step = 0;
        self.position = 0;
        if let Some(c) = cadence {
            self.warble = Sine::new(c.warble_hz, self.sample_rate, 1.0);
        }
        self.tune();
    }

    /// Set the sines to the current step's frequencies, the level shared between them.
    fn tune(&mut self) {
        let Some(step) = self.cadence.map(|c| c.steps[self.step]) else {
            return;
        };
        let sounding = step.freqs.iter().filter(|f| **f > 0.0).count().max(1) as f32;
        for (sine, f) in self.sines.iter_mut().zip(step.freqs) {
            let level = if f > 0.0 { LEVEL / sounding } else { 0.0 };
            *sine = Sine::new(f, self.sample_rate, level);
        }
    }

    /// Add the next samples of the signal to `out`.
    pub fn mix_into(&mut self, out: &mut [f32]) {
        let Some(c) = self.cadence else {
            return;
        };
        let per_ms = self.sample_rate / 1000.0;
        for o in out {
            let step = c.steps()[self.step];
            let length = (step.ms as f32 * per_ms) as u32;
            if step.ms > 0 && self.position >= length {
                self.position = 0;
                self.step += 1;
                if self.step == c.len {
                    if c.once {
                        self.cadence = None;
                        return;
                    }
                    self.step = 0;
                }
                self.tune();
            }
            let mut s: f32 = self.sines.iter_mut().map(Sine::next_sample).sum();
            if c.warble_hz > 0.0 {
                s *= 0.6 + 0.4 * self.warble.next_sample();
            }
            *o += s;
            self.position = self.position.saturating_add(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meter::Meter;

    /// Play `signal` for `ms` and return (frequency, rms) of each 250 ms window.
    fn windows(signal: Signal, ms: u32) -> Vec<(f32, f32)> {
        let mut player = SignalPlayer::new(8000.0);
        player.set(signal);
        play(player, ms)
    }

    /// Play `cadence` for `ms`, windows as [`windows`].
    fn cadence_windows(cadence: Cadence, ms: u32) -> Vec<(f32, f32)> {
        let mut player = SignalPlayer::new(8000.0);
        player.set_cadence(cadence);
        play(player, ms)
    }

    fn play(mut player: SignalPlayer, ms: u32) -> Vec<(f32, f32)> {
        let rate = 8000.0;
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

    fn step(freqs: &[f32], ms: u32) -> Step {
        let mut f = [0.0; 4];
        f[..freqs.len()].copy_from_slice(freqs);
        Step { freqs: f, ms }
    }

    #[test]
    fn a_country_cadence_plays_its_pitch_and_rhythm() {
        // A European busy tone: 425 Hz, 500 ms on, 500 ms off.
        let busy = Cadence::new(&[step(&[425.0], 500), step(&[], 500)], false).unwrap();
        let w = cadence_windows(busy, 2000);
        let lit: Vec<bool> = w.iter().map(|(_, r)| *r > 0.05).collect();
        assert_eq!(lit, [true, true, false, false, true, true, false, false]);
        assert!((w[0].0 - 425.0).abs() < 15.0, "{w:?}");
    }

    #[test]
    fn a_dual_tone_cadence_sounds_both_frequencies_on_time_by_goertzel() {
        use crate::testing::goertzel;
        // North America's busy tone: 480 + 620 Hz, 500 ms on, 500 ms off.
        let rate = 8000.0;
        let busy = Cadence::new(&[step(&[480.0, 620.0], 500), step(&[], 500)], false).unwrap();
        let mut player = SignalPlayer::new(rate);
        player.set_cadence(busy);
        let mut block = [0.0f32; 800]; // 100 ms
        for n in 0..20 {
            block.fill(0.0);
            player.mix_into(&mut block);
            let (low, high) = (goertzel(&block, 480.0, rate), goertzel(&block, 620.0, rate));
            let stray = goertzel(&block, 350.0, rate) + goertzel(&block, 1000.0, rate);
            let on = (n / 5) % 2 == 0;
            if on {
                assert!(low > 0.005 && high > 0.005, "block {n}: {low} {high}");
                assert!(
                    stray < low / 100.0,
                    "block {n}: only the two tones ({stray})"
                );
            } else {
                assert!(low + high < 1e-6, "block {n}: silent");
            }
        }
    }

    #[test]
    fn a_stutter_tone_is_broken_at_first_then_steady() {
        // Dial tone broken three times (100 ms on, 100 ms off), then on for ever.
        let mut steps = Vec::new();
        for _ in 0..3 {
            steps.push(step(&[350.0, 440.0], 100));
            steps.push(step(&[], 100));
        }
        steps.push(step(&[350.0, 440.0], 0));
        let mut player = SignalPlayer::new(8000.0);
        player.set_cadence(Cadence::new(&steps, false).unwrap());
        // 50 ms windows: on, on, off, off, ... for 600 ms, then on.
        let mut lit = Vec::new();
        let mut buf = [0.0f32; 400];
        for _ in 0..24 {
            buf.fill(0.0);
            player.mix_into(&mut buf);
            lit.push(buf.iter().map(|s| s * s).sum::<f32>() / 400.0 > 0.001);
        }
        let broken: Vec<bool> = (0..12).map(|i| (i / 2) % 2 == 0).collect();
        assert_eq!(lit[..12], broken[..]);
        assert!(lit[12..].iter().all(|&l| l), "steady after: {lit:?}");
    }

    #[test]
    fn a_cadence_marked_once_stops_after_its_last_step() {
        let once = Cadence::new(&[step(&[600.0, 700.0, 800.0], 500)], true).unwrap();
        let lit: Vec<bool> = cadence_windows(once, 1500)
            .iter()
            .map(|(_, r)| *r > 0.05)
            .collect();
        assert_eq!(lit, [true, true, false, false, false, false]);
    }

    #[test]
    fn a_step_without_a_duration_sounds_for_ever() {
        let dial = Cadence::new(&[step(&[425.0], 0)], false).unwrap();
        let w = cadence_windows(dial, 3000);
        assert!(
            w.iter().all(|(f, r)| *r > 0.1 && (f - 425.0).abs() < 15.0),
            "{w:?}"
        );
        assert!(Cadence::new(&[], false).is_none());
        assert!(Cadence::new(&[step(&[1.0], 1); 9], false).is_none());
    }
}
