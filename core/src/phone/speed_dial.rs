//! Keypad keys held down: the digit-key speed dials (AudioCodes 405/420HD `1`-`9`,
//! `personal_settings/functional_key/0-8/speed_dial_number`; the GHP's ten speed-dial
//! keys) and the CP860's long press of `#` that locks the keypad. The manuals give the
//! AudioCodes and GHP keys but not the gesture; a long press is what keeps a short press
//! for the digit itself.

use super::Phone;

impl Phone {
    /// Set the digit-key speed dials (`(key, number)`); all or nothing: a key the device
    /// has no speed dial on is an error that names it.
    pub fn set_speed_dials(&mut self, dials: Vec<(char, String)>) -> Result<(), String> {
        let keys = &self.profile.defaults.speed_dial_keys;
        if let Some((k, _)) = dials.iter().find(|(k, _)| !keys.contains(*k)) {
            return Err(if keys.is_empty() {
                format!(
                    "speed dial {k}: the {} has no digit-key speed dials",
                    self.profile.name
                )
            } else {
                format!(
                    "speed dial {k}: the {} has them on {keys}",
                    self.profile.name
                )
            });
        }
        if let Some((k, _)) = dials.iter().find(|(_, n)| n.trim().is_empty()) {
            return Err(format!("speed dial {k}: no number"));
        }
        self.speed_dials = dials;
        Ok(())
    }

    /// Key `d` held down. At idle (or with the number still empty): its speed dial, or the
    /// CP860's keypad lock for `#`; otherwise a long press is the digit.
    pub(super) fn on_long_press(&mut self, d: char) {
        let idle = self.calls.is_empty() && self.menu.is_none() && self.form.is_none();
        let nothing_keyed = self.dialing.as_ref().is_none_or(|x| x.digits.is_empty());
        if idle && nothing_keyed {
            if d == '#' && self.profile.defaults.long_hash_locks {
                self.dialing = None;
                self.lock_keypad();
                return;
            }
            if let Some((_, number)) = self.speed_dials.iter().find(|(k, _)| *k == d).cloned() {
                let line = self.dialing.as_ref().map_or(self.default_line, |x| x.line);
                self.dial_from_key(line, &number);
                return;
            }
        }
        self.on_key(super::Key::Digit(d));
    }
}
