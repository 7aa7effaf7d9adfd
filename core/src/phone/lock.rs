//! Keypad lock (Yealink "All Keys": every key is locked except volume, on-hook, off-hook and
//! the keypad; the Dinstar's "Wrong password!"). Locked at idle, the keypad enters the unlock
//! PIN (123 by default, the CP860's); calls can still be answered and hung up with the hook
//! keys, and the keypad still sends DTMF in a call.

use super::{Key, Phone};

/// The unlock PIN a phone starts with (`phone_setting.phone_lock.unlock_pin`).
pub const DEFAULT_PIN: &str = "123";

/// The lock's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct KeypadLock {
    pub locked: bool,
    pub pin: String,
    /// Digits of the PIN entered so far.
    pub entry: Option<String>,
}

impl Default for KeypadLock {
    fn default() -> KeypadLock {
        KeypadLock {
            locked: false,
            pin: DEFAULT_PIN.to_string(),
            entry: None,
        }
    }
}

impl Phone {
    /// Lock the keypad (at idle only: a call would be out of reach behind the lock).
    pub(super) fn lock_keypad(&mut self) {
        if !self.calls.is_empty() {
            return;
        }
        self.lock.locked = true;
        self.lock.entry = None;
        self.menu = None;
        self.dialing = None;
        self.changed();
    }

    /// A key while locked: `true` when the lock took it (the key does nothing else).
    pub(super) fn on_locked_key(&mut self, key: Key) -> bool {
        if !self.lock.locked {
            return false;
        }
        match key {
            // Still usable: volume, the hook, and the keypad in a call.
            Key::VolumeUp
            | Key::VolumeDown
            | Key::Speaker
            | Key::Headset
            | Key::OffHook
            | Key::OnHook => false,
            Key::Digit(_) if !self.calls.is_empty() => false,
            Key::LongPress(d) => self.on_locked_key(Key::Digit(d)),
            Key::Digit(d) => {
                let entry = self.lock.entry.get_or_insert_with(String::new);
                entry.push(d);
                if *entry == self.lock.pin {
                    self.lock = KeypadLock {
                        pin: std::mem::take(&mut self.lock.pin),
                        ..KeypadLock::default()
                    };
                } else if entry.len() >= self.lock.pin.len() {
                    self.lock.entry = None;
                    self.notice = Some(("Wrong password!".into(), self.now + super::NOTICE_TIME));
                }
                self.changed();
                true
            }
            Key::Cancel => {
                self.lock.entry = None;
                self.changed();
                true
            }
            _ => true,
        }
    }

    /// The screen while the PIN is being entered, if it is.
    pub(super) fn lock_screen(&self) -> Option<Vec<String>> {
        let entry = self.lock.entry.as_ref().filter(|_| self.lock.locked)?;
        Some(vec!["Unlock PIN:".into(), "*".repeat(entry.len())])
    }
}
