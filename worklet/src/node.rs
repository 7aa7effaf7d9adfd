//! The engine as one AudioWorkletNode runs it: the [`Engine`] with the conference [`Mixer`]
//! and the quantum buffers the processor copies in and out. The wasm interface ([`crate::ffi`])
//! keeps one; the benchmark makes its own, so both run the same quantum.

use crate::engine::Engine;
use crate::mixer::{Mixer, SLOTS};
use crate::QUANTUM;

/// One node's state. `const`-constructible so the wasm build can keep it in a static.
pub struct Node {
    /// Gains, tones, meters, key tones, recorder.
    pub engine: Engine,
    /// Local conference: which slots are members, and which are far-muted.
    pub mixer: Mixer,
    /// The microphone.
    pub mic: [f32; QUANTUM],
    /// Every call's remote audio, summed (what the user hears).
    pub net_in: [f32; QUANTUM],
    /// What the calls are sent.
    pub net_out: [f32; QUANTUM],
    /// What the speaker plays.
    pub speaker: [f32; QUANTUM],
    /// Each conference slot's call's remote audio.
    pub slot_in: [[f32; QUANTUM]; SLOTS],
    /// What each conference slot's call is sent (its mix-minus).
    pub slot_out: [[f32; QUANTUM]; SLOTS],
}

impl Node {
    /// A node at `sample_rate` with silent buffers and no conference.
    pub const fn new(sample_rate: f32) -> Node {
        Node {
            engine: Engine::new(sample_rate),
            mixer: Mixer::new(),
            mic: [0.0; QUANTUM],
            net_in: [0.0; QUANTUM],
            net_out: [0.0; QUANTUM],
            speaker: [0.0; QUANTUM],
            slot_in: [[0.0; QUANTUM]; SLOTS],
            slot_out: [[0.0; QUANTUM]; SLOTS],
        }
    }

    /// Process `n` frames (at most one quantum) from the input buffers to the outputs.
    pub fn process(&mut self, n: usize) {
        let n = n.min(QUANTUM);
        // Far-muted conference members are not heard (their audio is in the remote mix too).
        self.mixer
            .remove_muted(&mut self.net_in[..n], &self.slot_in);
        self.engine.process(
            &self.mic[..n],
            &self.net_in[..n],
            &mut self.net_out[..n],
            &mut self.speaker[..n],
        );
        // The conference mixes start from what the network gets (gain and Mute applied).
        self.mixer
            .mix(&self.net_out, &self.slot_in, &mut self.slot_out, n);
    }
}
