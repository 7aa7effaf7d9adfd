//! The engine of one phone: microphone to network with mute and gain, network to speaker
//! with volume and the phone's own sounds (ringer, progress tones), and meters on the sent,
//! received and played audio, and the call recorder (what is sent and received, mixed).

use crate::clip::ClipPlayer;
use crate::dtmf::DigitQueue;
use crate::meter::Meter;
use crate::record::Recorder;
use crate::signal::{Cadence, Signal, SignalPlayer};

/// The audio engine state. `const`-constructible so the wasm build can keep it in a static.
pub struct Engine {
    /// Gain applied to the microphone before it goes to the network.
    pub tx_gain: f32,
    /// Gain applied to the network audio before it goes to the speaker.
    pub rx_gain: f32,
    /// Gain applied to the phone's own sounds (the ringer volume).
    pub signal_gain: f32,
    /// When true the network gets silence.
    pub muted: bool,
    tx: Meter,
    rx: Meter,
    /// What goes to the speaker (the far end and the phone's sounds).
    out: Meter,
    signal: SignalPlayer,
    /// A voice prompt, played over the signals at the same volume.
    pub clip: ClipPlayer,
    /// The call recorder: fed what the network gets plus what it sends us.
    pub recorder: Recorder,
    /// Keypad digits' tones in turn: to the speaker, and to the network when in-band.
    key_tones: DigitQueue,
}

/// How long a key tone (and an in-band digit) sounds: long enough for any Q.24 receiver.
pub const KEY_TONE_MS: u32 = 100;
/// The pause after each: Q.24 asks for at least 40 ms, but through Opus at 32 kbit/s a
/// 60 ms pause let two digits run together (`*0` heard as `*`); 100 ms keeps them apart.
pub const KEY_PAUSE_MS: u32 = 100;

impl Engine {
    /// An engine at `sample_rate` with unity gains; meters report every 250 ms.
    pub const fn new(sample_rate: f32) -> Engine {
        Engine {
            tx_gain: 1.0,
            rx_gain: 1.0,
            signal_gain: 1.0,
            muted: false,
            tx: Meter::new(sample_rate, 250),
            rx: Meter::new(sample_rate, 250),
            out: Meter::new(sample_rate, 250),
            signal: SignalPlayer::new(sample_rate),
            clip: ClipPlayer::new(),
            recorder: Recorder::new(sample_rate as u32),
            key_tones: DigitQueue::new(sample_rate, KEY_TONE_MS, KEY_PAUSE_MS),
        }
    }

    /// Sound `digit`'s DTMF tone for [`KEY_TONE_MS`] to the user, after the digits before
    /// it; with `in_band`, into what the network is sent too (in-band DTMF, even while
    /// muted: a digit is meant to go).
    pub fn play_key_tone(&mut self, digit: char, in_band: bool) {
        self.key_tones.push(digit, in_band);
    }

    /// Play a tone of the tone settings to the user, as [`Engine::set_signal`] does.
    pub fn set_tone(&mut self, cadence: Cadence) {
        self.signal.set_cadence(cadence);
    }

    /// Play `signal` to the user (through the speaker path, never to the network).
    pub fn set_signal(&mut self, signal: Signal) {
        self.signal.set(signal);
    }

    /// Process one quantum. All slices have the same length; nothing is allocated.
    pub fn process(
        &mut self,
        mic: &[f32],
        net_in: &[f32],
        net_out: &mut [f32],
        speaker: &mut [f32],
    ) {
        let tx_gain = if self.muted { 0.0 } else { self.tx_gain };
        for (o, &i) in net_out.iter_mut().zip(mic) {
            *o = (i * tx_gain).clamp(-1.0, 1.0);
        }
        for (o, &i) in speaker.iter_mut().zip(net_in) {
            *o = i * self.rx_gain;
        }
        if self.key_tones.busy() {
            let mut tone = [0.0f32; crate::QUANTUM];
            for (out, spk) in net_out
                .chunks_mut(crate::QUANTUM)
                .zip(speaker.chunks_mut(crate::QUANTUM))
            {
                let t = &mut tone[..out.len()];
                t.fill(0.0);
                let in_band = self.key_tones.mix_into(t);
                // Feedback at half the ringer volume, as desk phones play their key tones.
                for (s, &v) in spk.iter_mut().zip(t.iter()) {
                    *s += v * 0.5 * self.signal_gain;
                }
                if in_band {
                    // The digit replaces the microphone while it sounds: a voice (or a
                    // headset's noise) under it can spoil it for the far end's detector.
                    for (o, &v) in out.iter_mut().zip(t.iter()) {
                        *o = v.clamp(-1.0, 1.0);
                    }
                }
            }
        }
        // The phone's sounds go on top of the far end, at the ringer volume.
        let mut tone = [0.0f32; crate::QUANTUM];
        for chunk_start in (0..speaker.len()).step_by(crate::QUANTUM) {
            let end = (chunk_start + crate::QUANTUM).min(speaker.len());
            let t = &mut tone[..end - chunk_start];
            t.fill(0.0);
            self.signal.mix_into(t);
            self.clip.mix_into(t);
            for (o, &s) in speaker[chunk_start..end].iter_mut().zip(t.iter()) {
                *o = (*o + s * self.signal_gain).clamp(-1.0, 1.0);
            }
        }
        self.tx.feed(net_out);
        self.rx.feed(net_in);
        self.out.feed(speaker);
        if self.recorder.state() == crate::record::RecordState::Recording {
            // Both directions, before the speaker volume: the recording does not change
            // with the volume key.
            let mut mix = [0.0f32; crate::QUANTUM];
            for (sent, heard) in net_out
                .chunks(crate::QUANTUM)
                .zip(net_in.chunks(crate::QUANTUM))
            {
                let m = &mut mix[..sent.len().min(heard.len())];
                for ((o, &a), &b) in m.iter_mut().zip(sent).zip(heard) {
                    *o = (a + b).clamp(-1.0, 1.0);
                }
                self.recorder.feed(m);
            }
        }
    }

    /// Meter of what goes to the speaker.
    pub fn out_meter(&self) -> &Meter {
        &self.out
    }

    /// Meter of what is sent to the network.
    pub fn tx_meter(&self) -> &Meter {
        &self.tx
    }

    /// Meter of what is received from the network.
    pub fn rx_meter(&self) -> &Meter {
        &self.rx
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Format;

    #[test]
    fn the_recording_holds_both_directions_but_not_the_phones_own_sounds() {
        let mut e = Engine::new(8_000.0);
        e.set_signal(Signal::Ring);
        e.recorder.start(Format::Wav).unwrap();
        let (mut out, mut spk) = ([0.0f32; 1024], [0.0f32; 1024]);
        e.process(&[0.25; 1024], &[0.5; 1024], &mut out, &mut spk);
        e.recorder.stop();
        let body = &e.recorder.pending()[44..];
        assert_eq!(body.len(), 2048);
        let first = i16::from_le_bytes([body[0], body[1]]);
        assert_eq!(
            first,
            (0.75f32 * 32767.0) as i16,
            "microphone + far end, no ringer"
        );
    }

    #[test]
    fn mute_sends_silence_but_keeps_the_far_end_audible() {
        let mut e = Engine::new(48_000.0);
        e.muted = true;
        let mic = [0.5f32; 128];
        let net = [0.25f32; 128];
        let (mut out, mut spk) = ([1.0f32; 128], [0.0f32; 128]);
        e.process(&mic, &net, &mut out, &mut spk);
        assert!(out.iter().all(|&s| s == 0.0));
        assert!(spk.iter().all(|&s| s == 0.25));
    }

    #[test]
    fn the_ringer_goes_to_the_speaker_and_never_to_the_network() {
        let mut e = Engine::new(8_000.0);
        e.set_signal(Signal::Ring);
        let (mut out, mut spk) = ([0.0f32; 2000], [0.0f32; 2000]);
        e.process(&[0.0; 2000], &[0.0; 2000], &mut out, &mut spk);
        assert!(
            out.iter().all(|&s| s == 0.0),
            "the far end hears nothing of it"
        );
        assert!((e.out_meter().frequency() - 1000.0).abs() < 30.0);
        assert!(e.out_meter().rms() > 0.05);
        assert_eq!(e.rx_meter().rms(), 0.0);
    }

    #[test]
    fn the_ringer_volume_scales_the_phones_sounds_only() {
        let mut e = Engine::new(8_000.0);
        e.set_signal(Signal::Ring);
        let (mut out, mut spk) = ([0.0f32; 2000], [0.0f32; 2000]);
        e.process(&[0.0; 2000], &[0.0; 2000], &mut out, &mut spk);
        let loud = e.out_meter().rms();
        e.signal_gain = 0.5;
        e.process(&[0.0; 2000], &[0.0; 2000], &mut out, &mut spk);
        let quiet = e.out_meter().rms();
        assert!((quiet / loud - 0.5).abs() < 0.1, "{loud} -> {quiet}");
    }

    #[test]
    fn a_key_tone_is_heard_and_an_in_band_digit_is_also_sent() {
        use crate::dtmf::DtmfDetector;
        let mut e = Engine::new(8_000.0);
        let detect = |samples: &[f32]| {
            let mut d = DtmfDetector::new(8_000.0);
            samples.chunks(80).find_map(|c| d.feed(c))
        };
        e.play_key_tone('7', false);
        let (mut out, mut spk) = ([0.0f32; 1600], [0.0f32; 1600]);
        e.process(&[0.0; 1600], &[0.0; 1600], &mut out, &mut spk);
        assert_eq!(detect(&spk), Some('7'), "the user hears the key");
        assert_eq!(detect(&out), None, "the far end does not");

        e.muted = true;
        e.process(&[0.0; 1600], &[0.0; 1600], &mut out, &mut spk); // the pause
        e.play_key_tone('#', true);
        e.process(&[0.0; 1600], &[0.0; 1600], &mut out, &mut spk);
        assert_eq!(
            detect(&out),
            Some('#'),
            "in-band: the far end hears it, even muted"
        );
        assert_eq!(detect(&spk), Some('#'));
        // Over a loud voice: the digit replaces the microphone while it sounds.
        e.muted = false;
        e.process(&[0.0; 1600], &[0.0; 1600], &mut out, &mut spk); // the pause
        e.play_key_tone('9', true);
        let mut voice = [0.0f32; 1600];
        crate::tone::Sine::new(564.0, 8_000.0, 0.6).fill(&mut voice);
        e.process(&voice, &[0.0; 1600], &mut out, &mut spk);
        assert_eq!(detect(&out), Some('9'), "heard over the voice");
    }

    #[test]
    fn gain_is_applied_and_clipped() {
        let mut e = Engine::new(48_000.0);
        e.rx_gain = 4.0;
        let (mut out, mut spk) = ([0.0f32; 4], [0.0f32; 4]);
        e.process(&[0.1; 4], &[0.5; 4], &mut out, &mut spk);
        assert_eq!(spk, [1.0; 4]);
        assert_eq!(out, [0.1; 4]);
    }
}
