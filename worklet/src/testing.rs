//! Helpers shared by the engine's tests.

/// Power of `hz` in `x` (the Goertzel algorithm), normalised so that a full-scale sine
/// gives about 0.25 and silence 0.
pub fn goertzel(x: &[f32], hz: f32, rate: f32) -> f32 {
    let w = core::f32::consts::TAU * hz / rate;
    let c = 2.0 * w.cos();
    let (mut s1, mut s2) = (0.0f32, 0.0f32);
    for &v in x {
        let s = v + c * s1 - s2;
        s2 = s1;
        s1 = s;
    }
    let power = s1 * s1 + s2 * s2 - c * s1 * s2;
    power / (x.len() as f32 * x.len() as f32)
}
