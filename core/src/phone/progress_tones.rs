//! The call-progress tones the phone model decides on besides dial, ringback and call
//! waiting: busy and congestion when a call we made fails (the SayHi / Dinstar "busy tone,
//! then idle"), busy after the far end hangs up when `features.busy_tone_delay` asks (0, 3
//! or 5 s), the stutter dial tone while voice messages wait (RFC 3842 MWI), and the hold
//! reminder (`features.play_hold_tone`: a beep every `delay` seconds while a call is held
//! and nothing else goes on). Their cadences are the tone plan's (`config::tones`).

use super::view::Sound;
use super::{Phone, NOTICE_TIME};
use crate::sip::call::EndReason;
use crate::time::Duration;

/// How the phone plays the tones of this module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProgressTones {
    /// Beep while a call is held and nothing else goes on.
    pub hold_reminder: bool,
    /// Seconds of busy tone after the far end hangs up (0: none).
    pub busy_after_hangup_secs: u8,
}

impl Default for ProgressTones {
    /// Yealink's defaults: the hold tone on, no busy tone after a remote hang-up.
    fn default() -> Self {
        ProgressTones {
            hold_reminder: true,
            busy_after_hangup_secs: 0,
        }
    }
}

impl Phone {
    /// Set how the progress tones are played.
    pub fn set_progress_tones(&mut self, tones: ProgressTones) {
        self.progress_tones = tones;
        self.changed();
    }

    /// A call ended: the tone that says why, for a while, when no other call is left.
    pub(super) fn tone_for_end(
        &mut self,
        reason: &EndReason,
        was_outgoing: bool,
        was_connected: bool,
    ) {
        if !self.calls.is_empty() {
            return;
        }
        let tone = match reason {
            EndReason::Rejected { code: 486 | 600 } if was_outgoing => {
                Some((Sound::Busy, NOTICE_TIME))
            }
            // 487: our own CANCEL; anything else we called and failed: congestion.
            EndReason::Rejected { code } if was_outgoing && *code != 487 => {
                Some((Sound::Congestion, NOTICE_TIME))
            }
            EndReason::RemoteHangup
                if was_connected && self.progress_tones.busy_after_hangup_secs > 0 =>
            {
                Some((
                    Sound::Busy,
                    Duration::secs(self.progress_tones.busy_after_hangup_secs as u64),
                ))
            }
            _ => None,
        };
        self.end_tone = tone.map(|(sound, how_long)| (sound, self.now + how_long));
    }

    /// The end tone stops when its time is up.
    pub(super) fn expire_end_tone(&mut self) {
        if self.end_tone.is_some_and(|(_, until)| self.now >= until) {
            self.end_tone = None;
            self.changed();
        }
    }

    /// The progress tone of this module that sounds now, if any (ringing, dialling and
    /// ringback come first, [`Phone::view`]).
    pub(super) fn progress_tone(&self) -> Option<Sound> {
        if let Some((sound, _)) = self.end_tone.filter(|_| self.calls.is_empty()) {
            return Some(sound);
        }
        let held = self.calls.iter().any(|a| a.is_held());
        let other = self.calls.iter().any(|a| !a.is_held());
        (self.progress_tones.hold_reminder && held && !other).then_some(Sound::HoldReminder)
    }
}
