//! The CP860's optional soft keys, offered on every device when `deskphone.softkeys.optional`
//! is on: Start / Pause / Resume / Stop Record in calls (`recorder.rs`) and Manager in a
//! conference (`conference.rs`). They come after a layout's own keys, on its More page, so
//! the guides' default positions stay as they are (the CP860's Cancel is the fourth key when
//! Talking).

use std::borrow::Cow;

use super::view::CallState;
use super::{Phone, SoftAction};

/// The record keys, in the CP860's order.
const RECORD_KEYS: [SoftAction; 4] = [
    SoftAction::StartRecord,
    SoftAction::PauseRecord,
    SoftAction::ResumeRecord,
    SoftAction::StopRecord,
];

impl Phone {
    /// Offer the optional soft keys, or not.
    pub fn set_optional_keys(&mut self, on: bool) {
        self.optional_keys = on;
        self.changed();
    }

    /// `layout` for `state`, with the optional keys after its own when they are offered.
    pub(super) fn with_optional_keys<'a>(
        &self,
        state: CallState,
        layout: Cow<'a, [SoftAction]>,
    ) -> Cow<'a, [SoftAction]> {
        if !self.optional_keys {
            return layout;
        }
        let extra: &[SoftAction] = match state {
            CallState::Conference => &[SoftAction::Manager],
            CallState::Talking | CallState::Held | CallState::HeldByRemote => &[],
            _ => return layout,
        };
        let mut keys = layout.into_owned();
        keys.extend_from_slice(extra);
        keys.extend(RECORD_KEYS);
        Cow::Owned(keys)
    }
}
