//! Local conference: mix-minus (SayHi / Dinstar / AudioCodes three-way, CP860 five-way).
//! Each member call is sent the microphone and every other member, never its own audio;
//! the user hears everyone through the speaker path as usual. A far-muted member (the
//! Manager's Far Mute) still hears everyone, but nobody hears it: it is left out of the
//! others' mixes and taken out of what the user hears. Fixed buffers, no allocation.

use crate::QUANTUM;

/// Remote parties a conference can hold (the CP860's five-way: four calls and us).
pub const SLOTS: usize = 4;

/// Which calls (slots) are in the conference.
#[derive(Clone, Copy, Debug, Default)]
pub struct Mixer {
    members: [bool; SLOTS],
    muted: [bool; SLOTS],
}

impl Mixer {
    /// No conference.
    pub const fn new() -> Mixer {
        Mixer {
            members: [false; SLOTS],
            muted: [false; SLOTS],
        }
    }

    /// Put slot `slot` in the conference or take it out (which also ends its far-mute, so
    /// the next call in the slot starts heard); out-of-range slots are ignored.
    pub fn set_member(&mut self, slot: usize, member: bool) {
        if let Some(m) = self.members.get_mut(slot) {
            *m = member;
        }
        if !member {
            self.set_muted(slot, false);
        }
    }

    /// Far-mute slot `slot` (nobody hears it) or not; out-of-range slots are ignored.
    pub fn set_muted(&mut self, slot: usize, muted: bool) {
        if let Some(m) = self.muted.get_mut(slot) {
            *m = muted;
        }
    }

    /// Take the far-muted members' audio out of `heard` (the sum of every call's remote
    /// audio, which the user hears): what is left is everyone else.
    pub fn remove_muted(&self, heard: &mut [f32], remotes: &[[f32; QUANTUM]; SLOTS]) {
        for (k, remote) in remotes.iter().enumerate() {
            if self.members[k] && self.muted[k] {
                for (h, &r) in heard.iter_mut().zip(remote.iter()) {
                    *h -= r;
                }
            }
        }
    }

    /// Whether slot `slot` is in the conference.
    pub fn is_member(&self, slot: usize) -> bool {
        self.members.get(slot).copied().unwrap_or(false)
    }

    /// For each member slot `k`: `outs[k] = mic + sum of the other members' remotes`,
    /// clipped; a slot not in the conference gets silence. `n` frames (at most a quantum).
    pub fn mix(
        &self,
        mic: &[f32],
        remotes: &[[f32; QUANTUM]; SLOTS],
        outs: &mut [[f32; QUANTUM]; SLOTS],
        n: usize,
    ) {
        let n = n.min(QUANTUM).min(mic.len());
        for (k, out) in outs.iter_mut().enumerate() {
            let out = &mut out[..n];
            if !self.members[k] {
                out.fill(0.0);
                continue;
            }
            out.copy_from_slice(&mic[..n]);
            for (j, remote) in remotes.iter().enumerate() {
                if j != k && self.members[j] && !self.muted[j] {
                    for (o, &r) in out.iter_mut().zip(&remote[..n]) {
                        *o += r;
                    }
                }
            }
            for o in out.iter_mut() {
                *o = o.clamp(-1.0, 1.0);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tone::Sine;

    use crate::testing::goertzel;

    #[test]
    fn each_member_hears_the_microphone_and_the_others_but_not_itself() {
        let rate = 48_000.0;
        let mut mixer = Mixer::new();
        mixer.set_member(0, true);
        mixer.set_member(1, true);
        mixer.set_member(2, true);
        let freqs = [500.0, 1300.0, 1900.0, 2600.0];
        let mut sines: Vec<Sine> = freqs.iter().map(|&f| Sine::new(f, rate, 0.2)).collect();
        let mut mic = Sine::new(700.0, rate, 0.2);
        let mut heard: Vec<Vec<f32>> = vec![Vec::new(); SLOTS];
        for _ in 0..40 {
            let mut remotes = [[0.0f32; QUANTUM]; SLOTS];
            for (r, s) in remotes.iter_mut().zip(&mut sines) {
                s.fill(r);
            }
            let mut m = [0.0f32; QUANTUM];
            mic.fill(&mut m);
            let mut outs = [[1.0f32; QUANTUM]; SLOTS];
            mixer.mix(&m, &remotes, &mut outs, QUANTUM);
            for k in 0..SLOTS {
                heard[k].extend_from_slice(&outs[k]);
            }
        }
        let has = |k: usize, hz: f32| goertzel(&heard[k], hz, rate) > 0.001;
        for k in 0..3 {
            assert!(has(k, 700.0), "member {k} hears the microphone");
            for (j, &hz) in freqs.iter().enumerate().take(3) {
                assert_eq!(has(k, hz), j != k, "member {k} and party {j}");
            }
            assert!(
                !has(k, freqs[3]),
                "a slot outside the conference is not mixed in"
            );
        }
        assert!(
            heard[3].iter().all(|&s| s == 0.0),
            "a non-member is sent silence"
        );
    }

    #[test]
    fn a_far_muted_member_hears_everyone_and_nobody_hears_it() {
        let mut mixer = Mixer::new();
        for k in 0..3 {
            mixer.set_member(k, true);
        }
        mixer.set_muted(1, true);
        let mut remotes = [[0.0f32; QUANTUM]; SLOTS];
        for (k, r) in remotes.iter_mut().enumerate() {
            r.fill(0.1 * (k + 1) as f32); // 0.1, 0.2, 0.3, 0.4
        }
        let mut outs = [[0.0f32; QUANTUM]; SLOTS];
        mixer.mix(&[0.0; QUANTUM], &remotes, &mut outs, QUANTUM);
        assert!(
            (outs[0][0] - 0.3).abs() < 1e-6,
            "member 0 hears member 2 only"
        );
        assert!(
            (outs[1][0] - 0.4).abs() < 1e-6,
            "the muted member hears 0 and 2"
        );
        assert!(
            (outs[2][0] - 0.1).abs() < 1e-6,
            "member 2 hears member 0 only"
        );
        let mut heard = [0.1 + 0.2 + 0.3f32; QUANTUM];
        mixer.remove_muted(&mut heard, &remotes);
        assert!(
            (heard[0] - 0.4).abs() < 1e-6,
            "the user hears 0 and 2: {}",
            heard[0]
        );
        // The call leaves the conference: the next one in its slot is heard.
        mixer.set_member(1, false);
        mixer.set_member(1, true);
        mixer.mix(&[0.0; QUANTUM], &remotes, &mut outs, QUANTUM);
        assert!(
            (outs[0][0] - 0.5).abs() < 1e-6,
            "member 0 hears 1 and 2 again"
        );
    }

    #[test]
    fn the_mix_is_clipped_and_out_of_range_slots_are_ignored() {
        let mut mixer = Mixer::new();
        mixer.set_member(0, true);
        mixer.set_member(1, true);
        mixer.set_member(99, true);
        let remotes = [[0.9f32; QUANTUM]; SLOTS];
        let mut outs = [[0.0f32; QUANTUM]; SLOTS];
        mixer.mix(&[0.9; QUANTUM], &remotes, &mut outs, QUANTUM);
        assert!(outs[0].iter().all(|&s| s == 1.0));
        assert!(!mixer.is_member(99));
    }
}
