//! The audio devices of the native phone, behind two small traits so that the hardware
//! abstraction (a real sound card, a phone's codec chip) plugs in without touching RTP.
//! Shipped here: a tone generator standing in for the microphone (tests and demos), and
//! a speaker that only meters what it is given.

use deskphone_worklet::tone::Sine;

use super::stream::DEVICE_RATE;

/// Where the phone's outgoing audio comes from: mono samples at `DEVICE_RATE` in -1.0..1.0.
pub trait Microphone: Send {
    /// Fill `out` with the next samples.
    fn capture(&mut self, out: &mut [f32]);
}

/// Where received audio goes: mono samples at `DEVICE_RATE` in -1.0..1.0.
pub trait Speaker: Send {
    /// Play `frames`.
    fn play(&mut self, frames: &[f32]);
}

/// A microphone that hears a steady sine.
pub struct ToneMicrophone(Sine);

impl ToneMicrophone {
    /// A sine of `hz` at peak `amplitude`.
    pub fn new(hz: f32, amplitude: f32) -> ToneMicrophone {
        ToneMicrophone(Sine::new(hz, DEVICE_RATE as f32, amplitude))
    }
}

impl Microphone for ToneMicrophone {
    fn capture(&mut self, out: &mut [f32]) {
        self.0.fill(out);
    }
}

/// A microphone that hears nothing.
pub struct Silence;

impl Microphone for Silence {
    fn capture(&mut self, out: &mut [f32]) {
        out.fill(0.0);
    }
}

/// A speaker with nothing attached (the stream meters what it receives anyway).
pub struct Discard;

impl Speaker for Discard {
    fn play(&mut self, _frames: &[f32]) {}
}
