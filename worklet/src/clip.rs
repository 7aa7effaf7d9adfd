//! A recorded clip played once to the user: the voice prompts of a phone without a screen
//! (the GHP hotel phone's IVR reads out its room number or address).
//!
//! The samples are handed over whole before playing starts ([`ClipPlayer::load`], outside
//! the render path); playing only reads them.

/// Plays one clip at a time into the speaker path.
#[derive(Clone, Debug, Default)]
pub struct ClipPlayer {
    samples: Vec<f32>,
    position: usize,
}

impl ClipPlayer {
    /// Nothing to play.
    pub const fn new() -> ClipPlayer {
        ClipPlayer {
            samples: Vec::new(),
            position: 0,
        }
    }

    /// A buffer of `len` samples for the next clip, to be filled and then [`ClipPlayer::play`]ed.
    /// Whatever was playing stops. This allocates: call it from the control path only.
    pub fn load(&mut self, len: usize) -> &mut [f32] {
        self.samples.clear();
        self.samples.resize(len, 0.0);
        self.position = self.samples.len(); // silent until played
        &mut self.samples
    }

    /// Play the loaded clip from its start.
    pub fn play(&mut self) {
        self.position = 0;
    }

    /// Stop playing.
    pub fn stop(&mut self) {
        self.position = self.samples.len();
    }

    /// Whether a clip is playing.
    pub fn playing(&self) -> bool {
        self.position < self.samples.len()
    }

    /// Add the next samples of the clip to `out`.
    pub fn mix_into(&mut self, out: &mut [f32]) {
        let rest = &self.samples[self.position.min(self.samples.len())..];
        let n = rest.len().min(out.len());
        for (o, s) in out.iter_mut().zip(&rest[..n]) {
            *o += s;
        }
        self.position += n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clip_plays_once_from_its_start_across_quanta() {
        let mut p = ClipPlayer::new();
        let buf = p.load(300);
        for (i, s) in buf.iter_mut().enumerate() {
            *s = i as f32;
        }
        let mut out = [0.0f32; 128];
        p.mix_into(&mut out);
        assert_eq!(out[0], 0.0, "silent until played");
        p.play();
        let mut heard = Vec::new();
        for _ in 0..4 {
            out.fill(0.0);
            p.mix_into(&mut out);
            heard.extend_from_slice(&out);
        }
        assert_eq!(
            heard[..300],
            (0..300).map(|i| i as f32).collect::<Vec<_>>()[..]
        );
        assert!(heard[300..].iter().all(|s| *s == 0.0), "then silence");
        assert!(!p.playing());
        p.play();
        assert!(p.playing(), "again from the start");
        p.stop();
        assert!(!p.playing());
    }
}
