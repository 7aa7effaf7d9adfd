//! Where the call's sound goes: the handset, the hands-free speaker or a headset. Lifting
//! the handset, or the Speaker or Headset key, starts dialling or answers on that device;
//! pressed during a call on another device, the key moves the call to its own (SayHi 6XX
//! and Dinstar C60S keys: "switch to hands-free / headset"); pressed on its own device,
//! it hangs up. Putting the handset down ends only a call that is on the handset. The
//! media engine takes the path to pick the device and its volume.

use super::keys::SoftAction;
use super::view::CallState;
use super::Phone;
use serde::Serialize;

/// The device a call's sound is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AudioPath {
    /// The handset, lifted off its cradle.
    Handset,
    /// The hands-free speaker and microphone.
    Speaker,
    /// A headset.
    Headset,
}

impl AudioPath {
    fn index(self) -> usize {
        match self {
            AudioPath::Handset => 0,
            AudioPath::Speaker => 1,
            AudioPath::Headset => 2,
        }
    }
}

impl Phone {
    /// The call volume of the device in use (the speaker's when none is).
    pub(super) fn call_volume(&self) -> u8 {
        self.call_volumes[self.audio_path().unwrap_or(AudioPath::Speaker).index()]
    }

    /// The call volume of the device in use, to change.
    pub(super) fn call_volume_mut(&mut self) -> &mut u8 {
        let i = self.audio_path().unwrap_or(AudioPath::Speaker).index();
        &mut self.call_volumes[i]
    }

    /// The device the sound is on, while there is a call or a number being dialled.
    pub(super) fn audio_path(&self) -> Option<AudioPath> {
        if self.calls.is_empty() && self.dialing.is_none() {
            return None;
        }
        Some(self.path.unwrap_or(if self.handset_up {
            AudioPath::Handset
        } else {
            AudioPath::Speaker
        }))
    }

    /// What lifting the handset, or the Speaker or Headset key, does: `Ok(action)` to do
    /// as that soft key would, `Err(())` when it has done all it does (gone off-hook,
    /// moved the call). Lifting the handset never ends anything.
    pub(super) fn on_audio_key(&mut self, to: AudioPath) -> Result<SoftAction, ()> {
        let was = self.audio_path();
        if to == AudioPath::Handset {
            if self.handset_up {
                return Err(()); // already off its cradle
            }
            self.handset_up = true;
        }
        if self.forward_entry().is_some() {
            // "Forward to:" over a ringing call: the user takes the call instead.
            self.dialing = None;
            self.path = Some(to);
            return Ok(SoftAction::Answer);
        }
        match self.focused_state() {
            CallState::Idle => {
                self.path = Some(to);
                self.off_hook();
                self.changed();
                Err(())
            }
            CallState::Ringing => {
                self.path = Some(to);
                Ok(SoftAction::Answer)
            }
            _ if was != Some(to) || to == AudioPath::Handset => {
                // Another device has the call: it moves here.
                self.path = Some(to);
                self.changed();
                Err(())
            }
            CallState::Dialing | CallState::TransferDialing => Ok(SoftAction::Cancel),
            _ => Ok(SoftAction::End),
        }
    }

    /// The handset goes back on its cradle: it ends what is on the handset, and leaves a
    /// call on the speaker or a headset alone.
    pub(super) fn on_hook(&mut self) -> Result<SoftAction, ()> {
        let on_handset = self.audio_path() == Some(AudioPath::Handset);
        self.handset_up = false;
        if self.path == Some(AudioPath::Handset) {
            self.path = None;
        }
        if !on_handset {
            return Err(());
        }
        match self.focused_state() {
            CallState::Dialing | CallState::TransferDialing => Ok(SoftAction::Cancel),
            CallState::Idle | CallState::Ringing => Err(()),
            _ => Ok(SoftAction::End),
        }
    }

    /// Once idle, the device chosen for the last call is forgotten: the next call goes to
    /// the handset if it is up, else the speaker.
    pub(super) fn forget_path_when_idle(&mut self) {
        if self.calls.is_empty() && self.dialing.is_none() {
            self.path = None;
        }
    }
}
