//! The engine of one phone: microphone to network with mute and gain, network to speaker
//! with volume, and meters on both directions.

use crate::meter::Meter;

/// The audio engine state. `const`-constructible so the wasm build can keep it in a static.
#[derive(Clone, Copy, Debug)]
pub struct Engine {
    /// Gain applied to the microphone before it goes to the network.
    pub tx_gain: f32,
    /// Gain applied to the network audio before it goes to the speaker.
    pub rx_gain: f32,
    /// When true the network gets silence.
    pub muted: bool,
    tx: Meter,
    rx: Meter,
}

impl Engine {
    /// An engine at `sample_rate` with unity gains; meters report every 250 ms.
    pub const fn new(sample_rate: f32) -> Engine {
        Engine {
            tx_gain: 1.0,
            rx_gain: 1.0,
            muted: false,
            tx: Meter::new(sample_rate, 250),
            rx: Meter::new(sample_rate, 250),
        }
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
            *o = (i * self.rx_gain).clamp(-1.0, 1.0);
        }
        self.tx.feed(net_out);
        self.rx.feed(net_in);
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
    fn gain_is_applied_and_clipped() {
        let mut e = Engine::new(48_000.0);
        e.rx_gain = 4.0;
        let (mut out, mut spk) = ([0.0f32; 4], [0.0f32; 4]);
        e.process(&[0.1; 4], &[0.5; 4], &mut out, &mut spk);
        assert_eq!(spk, [1.0; 4]);
        assert_eq!(out, [0.1; 4]);
    }
}
