//! Deskphone media engine: the audio path between the network and the user.
//!
//! The same code runs in the browser's AudioWorklet (as a plain wasm module, see [`ffi`])
//! and natively. The per-quantum path ([`engine::Engine::process`]) never allocates,
//! locks or logs.

#[cfg(feature = "bench")]
pub mod bench;
pub mod clip;
pub mod codec;
pub mod dtmf;
pub mod engine;
pub mod ffi;
pub mod jitter;
pub mod meter;
pub mod mixer;
pub mod node;
pub mod ogg;
pub mod record;
pub mod resample;
pub mod signal;
#[cfg(test)]
mod testing;
pub mod tone;
pub mod wav;

#[cfg(target_arch = "wasm32")]
mod libc_shim;

/// Frames in one Web Audio render quantum.
pub const QUANTUM: usize = 128;
