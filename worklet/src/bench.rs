//! Benchmark scenarios (feature `bench`): the same code is timed natively
//! (`worklet/benches/quantum.rs`) and as wasm in Node (`worklet/benches/wasm.mjs`, through
//! [`bench_quanta`] and [`bench_opus_frames`]), so the two columns compare like with like.
//!
//! - [`Scenario::Call`]: one call: microphone to network with gain, network to speaker with
//!   the phone's sound mixed in, three meters.
//! - [`Scenario::CallRecorded`]: the same, recorded to Ogg Opus.
//! - [`Scenario::Conference5`]: the CP860's five-way conference: four remote parties in the
//!   mix-minus, a call-waiting tone playing, the meters, and the recording.

use crate::codec::opus::{OpusCodec, FRAME_20MS, VOICE_BITRATE};
use crate::codec::Codec;
use crate::mixer::SLOTS;
use crate::node::Node;
use crate::record::Format;
use crate::signal::Signal;
use crate::tone::Sine;
use crate::QUANTUM;

/// What a benchmark run does each quantum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scenario {
    /// One call.
    Call,
    /// One call, recorded.
    CallRecorded,
    /// A five-party local conference with a tone, meters and recording.
    Conference5,
}

impl Scenario {
    /// Every scenario, in the order the benchmark prints them.
    pub const ALL: [Scenario; 3] = [
        Scenario::Call,
        Scenario::CallRecorded,
        Scenario::Conference5,
    ];

    /// The scenario numbered `code` in [`bench_quanta`].
    pub fn from_code(code: u32) -> Option<Scenario> {
        Scenario::ALL.get(code as usize).copied()
    }

    /// What the benchmark calls it.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Call => "one call",
            Scenario::CallRecorded => "one call, recorded (Ogg Opus)",
            Scenario::Conference5 => "5-party conference, tone, meters, recording",
        }
    }
}

/// Run `quanta` render quanta of `scenario` at 48 kHz through a [`Node`], as the worklet
/// does; returns a checksum of the output (so that nothing is optimised away). Set-up (the
/// recorder's encoder) is not in the loop but is in the call: time a run of many quanta.
pub fn run(scenario: Scenario, quanta: usize) -> f32 {
    let rate = 48_000.0;
    let mut node = Node::new(rate);
    let mut mic = Sine::new(700.0, rate, 0.3);
    let mut remotes: Vec<Sine> = [500.0, 1300.0, 1900.0, 2600.0]
        .iter()
        .map(|&f| Sine::new(f, rate, 0.2))
        .collect();
    let parties = match scenario {
        Scenario::Call | Scenario::CallRecorded => 1,
        Scenario::Conference5 => SLOTS,
    };
    if scenario != Scenario::Call {
        let _ = node.engine.recorder.start(Format::OggOpus);
    }
    if scenario == Scenario::Conference5 {
        node.engine.set_signal(Signal::CallWaiting);
        for k in 0..SLOTS {
            node.mixer.set_member(k, true);
        }
    }
    let mut sum = 0.0f32;
    for _ in 0..quanta {
        mic.fill(&mut node.mic);
        node.net_in.fill(0.0);
        for (k, s) in remotes.iter_mut().take(parties).enumerate() {
            s.fill(&mut node.slot_in[k]);
            for (n, v) in node.net_in.iter_mut().zip(&node.slot_in[k]) {
                *n += v;
            }
        }
        node.process(QUANTUM);
        if node.engine.recorder.pending().len() > 64 * 1024 {
            node.engine.recorder.drain();
        }
        sum += node.speaker[7] + node.slot_out[0][5];
    }
    node.engine.recorder.stop();
    sum + node.engine.recorder.pending().len() as f32
}

/// Encode `frames` 20 ms frames of a voiced signal with libopus (mono, 48 kHz, 32 kbit/s,
/// complexity 5); returns the bytes produced.
pub fn opus_frames(frames: usize) -> usize {
    let mut codec = OpusCodec::new(VOICE_BITRATE).expect("an encoder");
    let mut voice = Sine::new(150.0, 48_000.0, 0.3);
    let mut overtone = Sine::new(1200.0, 48_000.0, 0.05);
    let mut frame = [0.0f32; FRAME_20MS];
    let mut high = [0.0f32; FRAME_20MS];
    let mut packet = [0u8; 1500];
    let mut bytes = 0;
    for _ in 0..frames {
        voice.fill(&mut frame);
        overtone.fill(&mut high);
        for (f, h) in frame.iter_mut().zip(&high) {
            *f += h;
        }
        bytes += codec.encode(&frame, &mut packet).unwrap_or(0);
    }
    bytes
}

/// wasm export: [`run`] scenario `code` (0 call, 1 recorded call, 2 five-party conference).
#[no_mangle]
pub extern "C" fn bench_quanta(code: u32, quanta: u32) -> f32 {
    Scenario::from_code(code).map_or(0.0, |s| run(s, quanta as usize))
}

/// wasm export: [`opus_frames`].
#[no_mangle]
pub extern "C" fn bench_opus_frames(frames: u32) -> u32 {
    opus_frames(frames as usize) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scenario_runs_and_makes_sound() {
        for s in Scenario::ALL {
            assert!(run(s, 400).abs() > 0.0, "{s:?}");
        }
        assert!(opus_frames(10) > 100);
    }
}
