//! The plain `extern "C"` interface used by `public/engine-processor.js` in the AudioWorklet.
//!
//! The worklet scope has no `fetch` or `TextDecoder`, so there is no wasm-bindgen glue: the
//! processor instantiates this module synchronously, copies each quantum into the buffers
//! whose addresses the `*_ptr` functions return, calls [`engine_process`], and copies the
//! outputs back. One engine per module instance (one per AudioWorkletNode).

use std::cell::UnsafeCell;

use crate::engine::Engine;
use crate::mixer::SLOTS;
use crate::node::Node;
use crate::signal::{Cadence, Step, MAX_STEPS};

struct State {
    /// The engine, the conference mixer and the quantum buffers.
    node: Node,
    /// A tone of the tone settings: 5 numbers a step (four frequencies, milliseconds).
    tone: [f32; 5 * MAX_STEPS],
    /// A stopped WAV recording's header, for the start of its file.
    record_header: [u8; crate::wav::HEADER],
}

struct Global(UnsafeCell<State>);
// SAFETY: a wasm module instance runs on one thread (the audio rendering thread).
unsafe impl Sync for Global {}

static STATE: Global = Global(UnsafeCell::new(State {
    node: Node::new(48_000.0),
    tone: [0.0; 5 * MAX_STEPS],
    record_header: [0; crate::wav::HEADER],
}));

fn state() -> &'static mut State {
    // SAFETY: single-threaded instance; the JS side never re-enters during a call.
    unsafe { &mut *STATE.0.get() }
}

/// Reset the engine for `sample_rate` (the AudioContext's rate).
#[no_mangle]
pub extern "C" fn engine_init(sample_rate: f32) {
    state().node.engine = Engine::new(sample_rate);
}

/// Address of the microphone input buffer (128 f32).
#[no_mangle]
pub extern "C" fn mic_ptr() -> *mut f32 {
    state().node.mic.as_mut_ptr()
}

/// Address of the network input buffer (the remote party's audio).
#[no_mangle]
pub extern "C" fn net_in_ptr() -> *mut f32 {
    state().node.net_in.as_mut_ptr()
}

/// Address of the network output buffer (what the remote party hears).
#[no_mangle]
pub extern "C" fn net_out_ptr() -> *mut f32 {
    state().node.net_out.as_mut_ptr()
}

/// Address of the speaker output buffer.
#[no_mangle]
pub extern "C" fn speaker_ptr() -> *mut f32 {
    state().node.speaker.as_mut_ptr()
}

/// Process `n` frames (at most one quantum) from the input buffers to the output buffers.
#[no_mangle]
pub extern "C" fn engine_process(n: usize) {
    state().node.process(n);
}

/// How many conference slots there are.
#[no_mangle]
pub extern "C" fn slot_count() -> usize {
    SLOTS
}

/// Address of slot `k`'s input buffer (that call's remote audio); null past the last slot.
#[no_mangle]
pub extern "C" fn slot_in_ptr(k: usize) -> *mut f32 {
    state()
        .node
        .slot_in
        .get_mut(k)
        .map_or(std::ptr::null_mut(), |b| b.as_mut_ptr())
}

/// Address of slot `k`'s output buffer (what that call is sent in a conference).
#[no_mangle]
pub extern "C" fn slot_out_ptr(k: usize) -> *mut f32 {
    state()
        .node
        .slot_out
        .get_mut(k)
        .map_or(std::ptr::null_mut(), |b| b.as_mut_ptr())
}

/// Put slot `k` in the local conference (1) or take it out (0).
#[no_mangle]
pub extern "C" fn engine_set_member(k: usize, member: u32) {
    state().node.mixer.set_member(k, member != 0);
}

/// Sound the DTMF tone of the digit whose ASCII code is `code` to the user; with `in_band`
/// 1, into what the network is sent too.
#[no_mangle]
pub extern "C" fn engine_key_tone(code: u32, in_band: u32) {
    if let Some(digit) = char::from_u32(code) {
        state().node.engine.play_key_tone(digit, in_band != 0);
    }
}

/// Far-mute conference slot `k` (1: nobody hears it) or not (0).
#[no_mangle]
pub extern "C" fn engine_set_far_muted(k: usize, muted: u32) {
    state().node.mixer.set_muted(k, muted != 0);
}

/// Mute (1) or unmute (0) the microphone towards the network.
#[no_mangle]
pub extern "C" fn engine_set_mute(muted: u32) {
    state().node.engine.muted = muted != 0;
}

/// Play signal `code` to the user ([`crate::signal::Signal`]: 0 silent, 1 ring, 2 ringback,
/// 3 call waiting, 4 dial, 5 busy).
#[no_mangle]
pub extern "C" fn engine_set_signal(code: u32) {
    state()
        .node
        .engine
        .set_signal(crate::signal::Signal::from_code(code));
}

/// Address of the tone buffer: [`engine_set_tone`] reads `steps` × (four frequencies,
/// milliseconds) from it.
#[no_mangle]
pub extern "C" fn tone_ptr() -> *mut f32 {
    state().tone.as_mut_ptr()
}

/// Play the tone written in the tone buffer: `steps` steps (1 to 8), repeated unless
/// `once` is 1; a tone that does not fit is ignored.
#[no_mangle]
pub extern "C" fn engine_set_tone(steps: usize, once: u32) {
    if steps == 0 || steps > MAX_STEPS {
        return;
    }
    let s = state();
    let clean = |f: f32| {
        if f.is_finite() && (0.0..=8000.0).contains(&f) {
            f
        } else {
            0.0
        }
    };
    let mut all = [Step {
        freqs: [0.0; 4],
        ms: 0,
    }; MAX_STEPS];
    for (n, step) in all.iter_mut().enumerate().take(steps) {
        let v = &s.tone[n * 5..n * 5 + 5];
        step.freqs = [clean(v[0]), clean(v[1]), clean(v[2]), clean(v[3])];
        step.ms = if v[4].is_finite() {
            v[4].clamp(0.0, 30_000.0) as u32
        } else {
            0
        };
    }
    if let Some(c) = Cadence::new(&all[..steps], once != 0) {
        s.node.engine.set_tone(c);
    }
}

/// RMS level of what went to the speaker over the last window.
#[no_mangle]
pub extern "C" fn out_rms() -> f32 {
    state().node.engine.out_meter().rms()
}

/// Dominant frequency (Hz) of what went to the speaker over the last window.
#[no_mangle]
pub extern "C" fn out_freq() -> f32 {
    state().node.engine.out_meter().frequency()
}

/// Set the gain of the phone's own sounds (the ringer volume).
#[no_mangle]
pub extern "C" fn engine_set_signal_gain(gain: f32) {
    state().node.engine.signal_gain = gain;
}

/// Set the speaker gain.
#[no_mangle]
pub extern "C" fn engine_set_rx_gain(gain: f32) {
    state().node.engine.rx_gain = gain;
}

/// RMS level of the received audio over the last window.
#[no_mangle]
pub extern "C" fn rx_rms() -> f32 {
    state().node.engine.rx_meter().rms()
}

/// Dominant frequency (Hz) of the received audio over the last window.
#[no_mangle]
pub extern "C" fn rx_freq() -> f32 {
    state().node.engine.rx_meter().frequency()
}

/// RMS level of the sent audio over the last window.
#[no_mangle]
pub extern "C" fn tx_rms() -> f32 {
    state().node.engine.tx_meter().rms()
}

/// Dominant frequency (Hz) of the sent audio over the last window.
#[no_mangle]
pub extern "C" fn tx_freq() -> f32 {
    state().node.engine.tx_meter().frequency()
}

/// A buffer for a clip of `len` samples at the engine's rate (the processor fills it, then
/// calls [`engine_play_clip`]). Allocates: called from the port, never from a quantum.
#[no_mangle]
pub extern "C" fn clip_alloc(len: usize) -> *mut f32 {
    state().node.engine.clip.load(len).as_mut_ptr()
}

/// Play the clip loaded last, from its start.
#[no_mangle]
pub extern "C" fn engine_play_clip() {
    state().node.engine.clip.play();
}

/// Stop the clip.
#[no_mangle]
pub extern "C" fn engine_stop_clip() {
    state().node.engine.clip.stop();
}

/// The recorder: `action` 1 starts a recording in `format` (0 Ogg Opus, 1 WAV), 2 pauses,
/// 3 resumes, 0 stops. Returns 0, or 1 when a recording could not start. Starting
/// allocates (the processor makes its memory views again afterwards).
#[no_mangle]
pub extern "C" fn engine_record(action: u32, format: u32) -> u32 {
    let r = &mut state().node.engine.recorder;
    match action {
        1 => match crate::record::Format::from_code(format).map(|f| r.start(f)) {
            Some(Ok(())) => 0,
            _ => 1,
        },
        2 => {
            r.pause(true);
            0
        }
        3 => {
            r.pause(false);
            0
        }
        _ => {
            r.stop();
            0
        }
    }
}

/// Address of the recording's bytes made since the last [`record_drain`].
#[no_mangle]
pub extern "C" fn record_pending_ptr() -> *const u8 {
    state().node.engine.recorder.pending().as_ptr()
}

/// How many bytes [`record_pending_ptr`] holds.
#[no_mangle]
pub extern "C" fn record_pending_len() -> usize {
    state().node.engine.recorder.pending().len()
}

/// The processor took the pending bytes.
#[no_mangle]
pub extern "C" fn record_drain() {
    state().node.engine.recorder.drain();
}

/// After a WAV recording stopped: address of the 44-byte header to put at the start of the
/// file; null for Ogg Opus (nothing to rewrite).
#[no_mangle]
pub extern "C" fn record_header_ptr() -> *const u8 {
    let s = state();
    match s.node.engine.recorder.final_header() {
        Some(h) => {
            s.record_header = h;
            s.record_header.as_ptr()
        }
        None => std::ptr::null(),
    }
}

/// Bytes of the recording lost because they were not taken in time.
#[no_mangle]
pub extern "C" fn record_lost() -> f64 {
    state().node.engine.recorder.lost() as f64
}
