//! Device profiles: what a model of phone has (screen, keys, lamps, how many accounts and
//! calls) and how its soft keys are laid out in each call state.
//!
//! A profile is data: one TOML file in `core/profiles/` per device, checked when it is read.
//! The seed devices (both AudioCodes models) are built in ([`builtin`]); adding a sixth is one more file there
//! and one line in [`BUILTIN_FILES`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::phone::view::{CallState, LampColor, LampPattern};
use crate::phone::{Key, SoftAction};

/// The built-in profiles' files, the default (SayHi 6XX) first.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("sayhi-6xx", include_str!("../../profiles/sayhi-6xx.toml")),
    (
        "dinstar-c60s",
        include_str!("../../profiles/dinstar-c60s.toml"),
    ),
    (
        "audiocodes-420hd",
        include_str!("../../profiles/audiocodes-420hd.toml"),
    ),
    (
        "audiocodes-430hd",
        include_str!("../../profiles/audiocodes-430hd.toml"),
    ),
    (
        "grandstream-ghp",
        include_str!("../../profiles/grandstream-ghp.toml"),
    ),
    (
        "yealink-cp860",
        include_str!("../../profiles/yealink-cp860.toml"),
    ),
];

/// The most line keys a profile may have on the phone itself.
pub const MAX_LINE_KEYS: usize = 16;

/// A model of phone.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Short identifier (`sayhi-6xx`), as the page URL names it (`profile=`).
    pub id: String,
    /// The model's name as its maker writes it.
    pub name: String,
    /// The maker.
    pub maker: String,
    /// The screen; `None` for a phone without one (the GHP hotel phones).
    #[serde(default)]
    pub display: Option<Display>,
    /// SIP accounts the phone carries.
    pub accounts: usize,
    /// Calls the phone holds at once, over all lines.
    pub max_calls: usize,
    /// Parties of a local conference, the user included (three on the desk phones, five on
    /// the CP860).
    #[serde(default = "three")]
    pub conference_parties: usize,
    /// The keys.
    pub keys: Keys,
    /// Programmable-key expansion modules the phone takes (SayHi: 6 of 32 keys).
    #[serde(default)]
    pub expansion: Option<Expansion>,
    /// How a line key's lamp shows the calls on its line.
    pub line_lamp: LineLamp,
    /// How a BLF key's lamp shows the watched extension.
    #[serde(default = "default_blf_lamp")]
    pub blf_lamp: BlfLamp,
    /// How a feature key's lamp (DND, forward, record, ACD) shows its feature on.
    #[serde(default = "default_feature_lamp")]
    pub feature_lamp: FeatureLamp,
    /// The soft keys of each call state, in the manual's order.
    #[serde(default)]
    pub soft_keys: SoftKeyLayout,
    /// Lamps that are not on line keys (a Mute key's lamp, a power or status lamp), each lit
    /// by the first of its rules that holds.
    #[serde(default)]
    pub status_lamps: Vec<StatusLamp>,
    /// Soft-key labels where the device's differ from the usual ones (`end = "Cancel"`).
    #[serde(default)]
    pub soft_key_labels: BTreeMap<SoftAction, String>,
    /// Factory settings that change how the phone behaves.
    pub defaults: Defaults,
    /// The device's own defaults for configuration parameters, by schema name with the
    /// index filled in (`"features.dnd_refuse_code" = "480"` on the CP860), where they
    /// differ from the schema's ([`crate::config::schema`]; a test checks each).
    #[serde(default)]
    pub config: BTreeMap<String, String>,
    /// The model's common provisioning file, fetched before the phone's own
    /// `<MAC>.cfg` from a server directory (`y000000000037.cfg` on the CP860).
    #[serde(default)]
    pub provision_common: Option<String>,
}

/// A screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Display {
    /// Pixels across.
    pub width: u32,
    /// Pixels down.
    pub height: u32,
    /// Colour depth.
    pub depth: Depth,
    /// Text rows the screen shows under its status bar.
    pub rows: usize,
}

/// How a screen shows colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Depth {
    /// Black and white.
    Mono,
    /// Shades of grey.
    Grey,
    /// Colour.
    Colour,
}

/// The keys of the phone.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Keys {
    /// Soft keys under the screen.
    pub soft: usize,
    /// Line keys (each with a lamp).
    pub line: usize,
    /// Programmable keys besides the line keys (DSS, MPK, function keys).
    #[serde(default)]
    pub programmable: usize,
    /// Whether the phone has the 12-key keypad.
    #[serde(default = "yes")]
    pub keypad: bool,
    /// The fixed-function keys, in the order the face draws them.
    pub hard: Vec<HardKey>,
}

fn yes() -> bool {
    true
}

fn three() -> usize {
    3
}

/// A fixed-function key of a phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HardKey {
    /// Hold / resume the call.
    Hold,
    /// Transfer.
    Transfer,
    /// Conference.
    Conference,
    /// Redial.
    Redial,
    /// Microphone mute.
    Mute,
    /// Hands-free speaker (off-hook / on-hook).
    Speaker,
    /// Headset.
    Headset,
    /// Messages / voicemail.
    Message,
    /// Menu.
    Menu,
    /// Directory / phonebook.
    Directory,
    /// Call history.
    History,
    /// Do not disturb.
    Dnd,
    /// Volume down.
    VolumeDown,
    /// Volume up.
    VolumeUp,
    /// Navigation up.
    Up,
    /// Navigation down.
    Down,
    /// Navigation left.
    Left,
    /// Navigation right.
    Right,
    /// OK / select.
    Ok,
    /// Cancel / back (the X key).
    Cancel,
    /// Send / dial.
    Send,
    /// End the call (release).
    End,
    /// Flash (hook flash; the GHP hotel phones).
    Flash,
    /// Off-hook (the CP860 conference phone has separate off-hook and on-hook keys).
    OffHook,
    /// On-hook.
    OnHook,
    /// Services menu (SayHi SERVICE key).
    Service,
}

impl HardKey {
    /// The key's name on the face and for screen readers.
    pub fn label(self) -> &'static str {
        match self {
            HardKey::Hold => "Hold",
            HardKey::Transfer => "Transfer",
            HardKey::Conference => "Conference",
            HardKey::Redial => "Redial",
            HardKey::Mute => "Mute",
            HardKey::Speaker => "Speaker",
            HardKey::Headset => "Headset",
            HardKey::Message => "Message",
            HardKey::Menu => "Menu",
            HardKey::Directory => "Directory",
            HardKey::History => "History",
            HardKey::Dnd => "DND",
            HardKey::VolumeDown => "Volume down",
            HardKey::VolumeUp => "Volume up",
            HardKey::Up => "Up",
            HardKey::Down => "Down",
            HardKey::Left => "Left",
            HardKey::Right => "Right",
            HardKey::Ok => "OK",
            HardKey::Cancel => "Cancel",
            HardKey::Send => "Send",
            HardKey::End => "End call",
            HardKey::Flash => "Flash",
            HardKey::OffHook => "Off-hook",
            HardKey::OnHook => "On-hook",
            HardKey::Service => "Service",
        }
    }

    /// The phone key this key presses, or `None` while the phone has no behaviour for it
    /// (the face shows such a key disabled).
    pub fn key(self) -> Option<Key> {
        Some(match self {
            HardKey::Hold => Key::Hold,
            HardKey::Redial => Key::Redial,
            HardKey::Cancel | HardKey::End => Key::Cancel,
            HardKey::Send => Key::Send,
            HardKey::Ok => Key::Ok,
            HardKey::Speaker => Key::Speaker,
            HardKey::Headset => Key::Headset,
            HardKey::OffHook => Key::OffHook,
            HardKey::OnHook => Key::OnHook,
            HardKey::Mute => Key::Mute,
            HardKey::Transfer => Key::Transfer,
            HardKey::Conference => Key::Conference,
            HardKey::VolumeUp => Key::VolumeUp,
            HardKey::VolumeDown => Key::VolumeDown,
            HardKey::Message => Key::Message,
            HardKey::Menu => Key::Menu,
            HardKey::Directory => Key::Directory,
            HardKey::History => Key::History,
            HardKey::Dnd => Key::Dnd,
            HardKey::Up => Key::Up,
            HardKey::Down => Key::Down,
            HardKey::Left => Key::Left,
            HardKey::Right => Key::Right,
            HardKey::Service => Key::Service,
            HardKey::Flash => Key::Flash,
        })
    }
}

/// Expansion modules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Expansion {
    /// How many modules the phone takes.
    pub modules: usize,
    /// Keys per module.
    pub keys: usize,
}

/// A lamp's look: colour and pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LampLook {
    /// Colour.
    pub color: LampColor,
    /// Pattern.
    pub pattern: LampPattern,
}

/// A line key's lamp for the calls on its line (the first that applies wins: ringing, then
/// active, then held).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LineLamp {
    /// A call is ringing on the line.
    pub ringing: LampLook,
    /// The line's call has the audio (dialling out, ringback or talking).
    pub active: LampLook,
    /// The line's call is held (by us).
    pub held: LampLook,
}

/// A BLF key's lamp for the watched extension's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BlfLamp {
    /// No call there.
    pub idle: LampLook,
    /// A call rings there.
    pub ringing: LampLook,
    /// In a call.
    pub busy: LampLook,
}

/// The SayHi's BLF colours (yellow-green idle, red busy), ringing flashing red.
fn default_blf_lamp() -> BlfLamp {
    let look = |color, pattern| LampLook { color, pattern };
    BlfLamp {
        idle: look(LampColor::Green, LampPattern::Steady),
        ringing: look(LampColor::Red, LampPattern::FastBlink),
        busy: look(LampColor::Red, LampPattern::Steady),
    }
}

/// A programmable feature key's lamp while its feature is on; dark while it is off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureLamp {
    /// A DND key while do-not-disturb is on.
    pub dnd: LampLook,
    /// A forward key while its target takes every call.
    pub forward: LampLook,
    /// A record key while the call on the screen is recorded.
    pub record: LampLook,
    /// An ACD key while the agent is ready for calls.
    pub acd_ready: LampLook,
    /// An ACD key while the agent is logged in but not ready.
    pub acd_not_ready: LampLook,
    /// An ACD key during after-call work.
    pub acd_wrap_up: LampLook,
}

/// Dual-colour keys (the SayHi's red / yellow-green): features on in red, a recording
/// flashing; an ACD agent green when ready, red when not, green flashing in wrap-up.
fn default_feature_lamp() -> FeatureLamp {
    let look = |color, pattern| LampLook { color, pattern };
    FeatureLamp {
        dnd: look(LampColor::Red, LampPattern::Steady),
        forward: look(LampColor::Red, LampPattern::Steady),
        record: look(LampColor::Red, LampPattern::SlowBlink),
        acd_ready: look(LampColor::Green, LampPattern::Steady),
        acd_not_ready: look(LampColor::Red, LampPattern::Steady),
        acd_wrap_up: look(LampColor::Green, LampPattern::SlowBlink),
    }
}

/// A lamp that shows the phone's state rather than a line's.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StatusLamp {
    /// Its name in the view (`mute`); a hard key of the same name carries it.
    pub key: String,
    /// Its name for screen readers (`Power`).
    pub label: String,
    /// The rules, first match wins; dark when none holds.
    pub when: Vec<LampRule>,
}

/// When a status lamp has which look.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LampRule {
    /// The condition.
    pub state: LampTrigger,
    /// Colour.
    pub color: LampColor,
    /// Pattern.
    pub pattern: LampPattern,
}

/// What a status lamp shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LampTrigger {
    /// The microphone is muted.
    Muted,
    /// A call is ringing.
    Ringing,
    /// A call is up (placed, answered or held).
    InCall,
    /// A line's registration failed.
    RegistrationFailed,
    /// Voice messages wait (a message summary said so).
    MessageWaiting,
    /// The call is on the hands-free speaker.
    Speaker,
    /// The call is on a headset.
    Headset,
    /// Always (the last rule of a lamp that is never dark).
    Always,
}

/// The soft keys offered in each state, in order; `empty` leaves a key blank. A layout no
/// longer than the phone's keys keeps its places, a key whose action does not apply at the
/// moment showing blank. In a longer one such keys (Swap with one call, Answer with nothing
/// waiting) are left out and the rest close up; if they still do not fit, the last key
/// becomes "More" and pages (CP860 Admin Guide, "Softkey Layout").
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SoftKeyLayout {
    /// Nothing going on.
    #[serde(default)]
    pub idle: Vec<SoftAction>,
    /// Entering a number.
    #[serde(default)]
    pub dialing: Vec<SoftAction>,
    /// Calling, ringback or early media.
    #[serde(default)]
    pub calling: Vec<SoftAction>,
    /// A call ringing.
    #[serde(default)]
    pub ringing: Vec<SoftAction>,
    /// Talking.
    #[serde(default)]
    pub talking: Vec<SoftAction>,
    /// The call is held by us.
    #[serde(default)]
    pub held: Vec<SoftAction>,
    /// The far end holds us.
    #[serde(default)]
    pub held_by_remote: Vec<SoftAction>,
    /// A menu page (history, directory, features, status).
    #[serde(default = "menu_keys")]
    pub menu: Vec<SoftAction>,
    /// Entering the number to transfer to (the CP860's PreTrans).
    #[serde(default = "transfer_dialing_keys")]
    pub transfer_dialing: Vec<SoftAction>,
    /// Talking to the party the held call may be transferred to.
    #[serde(default = "consultation_keys")]
    pub consultation: Vec<SoftAction>,
    /// Waiting for the far end to accept the transfer.
    #[serde(default = "transferring_keys")]
    pub transferring: Vec<SoftAction>,
    /// In a local conference.
    #[serde(default = "conference_keys")]
    pub conference: Vec<SoftAction>,
    /// Writing a text message.
    #[serde(default = "text_entry_keys")]
    pub text_entry: Vec<SoftAction>,
    /// In a call (talking, held, held by the far end, in conference) while another call
    /// waits: Answer (holding this one, Dinstar "Answer holds the previous call"), Reject,
    /// End.
    #[serde(default = "call_waiting_keys")]
    pub call_waiting: Vec<SoftAction>,
    /// Idle, with the ACD on the soft keys and the agent logged out (AudioCodes App. B).
    /// Empty: the phone has no ACD soft keys (an ACD programmable key does it).
    #[serde(default)]
    pub acd_logged_out: Vec<SoftAction>,
    /// Idle, with the agent logged in.
    #[serde(default)]
    pub acd_logged_in: Vec<SoftAction>,
    /// Idle, with the agent logged in to a Genesys-type distributor (no ACW key); empty:
    /// as `acd_logged_in`.
    #[serde(default)]
    pub acd_logged_in_genesys: Vec<SoftAction>,
}

/// CP860-style text entry: IME (the input mode), Delete, Send (a message) or Save (a
/// contact), Back; the layout closes up over the one of Send and Save that does not apply.
fn text_entry_keys() -> Vec<SoftAction> {
    vec![
        SoftAction::Ime,
        SoftAction::Delete,
        SoftAction::Send,
        SoftAction::Save,
        SoftAction::Back,
    ]
}

/// CP860 Conferenced: Empty, Hold, Split, Cancel.
fn call_waiting_keys() -> Vec<SoftAction> {
    vec![
        SoftAction::Answer,
        SoftAction::Reject,
        SoftAction::Empty,
        SoftAction::End,
    ]
}

fn volume_steps() -> u8 {
    8
}

fn default_volume() -> u8 {
    5
}

fn conference_keys() -> Vec<SoftAction> {
    vec![
        SoftAction::Empty,
        SoftAction::Hold,
        SoftAction::Split,
        SoftAction::End,
    ]
}

/// CP860 PreTrans: Transfer (blind), IME, Delete, Cancel; Send (optional) consults first.
fn transfer_dialing_keys() -> Vec<SoftAction> {
    vec![
        SoftAction::Transfer,
        SoftAction::Send,
        SoftAction::Delete,
        SoftAction::Cancel,
    ]
}

/// Transfer completes the transfer; End hangs the consultation up.
fn consultation_keys() -> Vec<SoftAction> {
    vec![
        SoftAction::Transfer,
        SoftAction::Swap,
        SoftAction::Empty,
        SoftAction::End,
    ]
}

fn transferring_keys() -> Vec<SoftAction> {
    vec![
        SoftAction::Empty,
        SoftAction::Empty,
        SoftAction::Empty,
        SoftAction::End,
    ]
}

/// The soft keys of the menu pages when a profile gives none.
/// Block, Unblock and Reply never show together (history or contact, blacklist entry,
/// received message), nor Edit and Delete (a contact) with Clear (hot desking), so the
/// layout closes up over the ones that do not apply.
fn menu_keys() -> Vec<SoftAction> {
    vec![
        SoftAction::Enter,
        SoftAction::Dial,
        SoftAction::Block,
        SoftAction::Unblock,
        SoftAction::Reply,
        SoftAction::Edit,
        SoftAction::Delete,
        SoftAction::Clear,
        SoftAction::Back,
    ]
}

impl SoftKeyLayout {
    /// The soft keys of `state`.
    pub fn of(&self, state: CallState) -> &[SoftAction] {
        match state {
            CallState::Idle => &self.idle,
            CallState::Dialing => &self.dialing,
            CallState::Calling | CallState::Ringback | CallState::EarlyMedia => &self.calling,
            CallState::Ringing => &self.ringing,
            CallState::Talking => &self.talking,
            CallState::Held => &self.held,
            CallState::HeldByRemote => &self.held_by_remote,
            CallState::Menu => &self.menu,
            CallState::TransferDialing => &self.transfer_dialing,
            CallState::Consultation => &self.consultation,
            CallState::Transferring => &self.transferring,
            CallState::Conference => &self.conference,
            CallState::TextEntry => &self.text_entry,
        }
    }
}

/// Factory settings.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// The key that dials the number entered (`#`), or none.
    #[serde(default)]
    pub send_key: Option<char>,
    /// Seconds after the last digit before the number is dialled; 0 waits for Send.
    #[serde(default)]
    pub inter_digit_timeout: u32,
    /// Volume levels above silence (the Dinstar's 0~10; 8 where a manual gives none).
    #[serde(default = "volume_steps")]
    pub volume_steps: u8,
    /// The volume level a phone starts with (and returns to on a factory reset).
    #[serde(default = "default_volume")]
    pub default_volume: u8,
    /// Star codes answered by voice prompts (the GHP's IVR, [`crate::phone::ivr`]).
    #[serde(default)]
    pub ivr: bool,
    /// The keypad keys that can hold a speed dial, dialled by a long press (AudioCodes
    /// 405/420HD `1`-`9`, the GHP's `0`-`9`).
    #[serde(default)]
    pub speed_dial_keys: String,
    /// A long press of `#` at idle locks the keypad (the CP860).
    #[serde(default)]
    pub long_hash_locks: bool,
    /// Seconds an ACD login subscription lasts (Dinstar "ACD Expire" 1800, AudioCodes
    /// `voip/services/ACD/expire_time` 3600).
    #[serde(default = "default_acd_expire")]
    pub acd_expire: u32,
    /// An agent who logs in starts Not Ready (AudioCodes `state_after_login` default), not
    /// Ready (the Dinstar takes calls once logged in).
    #[serde(default)]
    pub acd_login_not_ready: bool,
}

fn default_acd_expire() -> u32 {
    1800
}

/// Why a profile file was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileError {
    /// The file (or the profile id) the error is in.
    pub file: String,
    /// What is wrong, with the line when the file could not be read.
    pub reason: String,
}

impl std::fmt::Display for ProfileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.reason)
    }
}

impl Profile {
    /// Read and check a profile file (`file` names it in errors).
    pub fn from_toml(file: &str, text: &str) -> Result<Profile, ProfileError> {
        let profile: Profile = toml::from_str(text).map_err(|e| ProfileError {
            file: file.to_string(),
            reason: e.to_string().trim_end().to_string(),
        })?;
        profile.check().map_err(|reason| ProfileError {
            file: file.to_string(),
            reason,
        })?;
        Ok(profile)
    }

    /// Every count within what a phone can have, and a soft key layout for phones with
    /// soft keys.
    fn check(&self) -> Result<(), String> {
        fn within(
            name: &str,
            value: usize,
            range: std::ops::RangeInclusive<usize>,
        ) -> Result<(), String> {
            if range.contains(&value) {
                Ok(())
            } else {
                Err(format!(
                    "{name} = {value}: must be from {} to {}",
                    range.start(),
                    range.end()
                ))
            }
        }
        if self.id.is_empty()
            || !self
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(format!(
                "id = {:?}: use lower-case letters, digits and '-'",
                self.id
            ));
        }
        within("accounts", self.accounts, 1..=crate::phone::MAX_LINES)?;
        within("max_calls", self.max_calls, 1..=crate::phone::MAX_CALLS)?;
        within("conference_parties", self.conference_parties, 2..=5)?;
        within(
            "defaults.volume_steps",
            self.defaults.volume_steps as usize,
            1..=15,
        )?;
        let steps = self.defaults.volume_steps as usize;
        within(
            "defaults.default_volume",
            self.defaults.default_volume as usize,
            0..=steps,
        )?;
        within("keys.soft", self.keys.soft, 0..=8)?;
        within("keys.line", self.keys.line, 0..=MAX_LINE_KEYS)?;
        within("keys.programmable", self.keys.programmable, 0..=64)?;
        if let Some(d) = &self.display {
            within("display.width", d.width as usize, 64..=1920)?;
            within("display.height", d.height as usize, 32..=1080)?;
            within("display.rows", d.rows, 1..=16)?;
        } else if self.keys.soft > 0 {
            return Err("keys.soft: a phone without a display has no soft keys".into());
        }
        if let Some(x) = &self.expansion {
            within("expansion.modules", x.modules, 1..=6)?;
            within("expansion.keys", x.keys, 1..=40)?;
        }
        if self.keys.soft > 0 && self.soft_keys.dialing.is_empty() {
            return Err(
                "soft_keys.dialing: a phone with soft keys needs them while dialling".into(),
            );
        }
        for lamp in &self.status_lamps {
            if lamp.key.is_empty() || crate::phone::view::is_key_lamp(&lamp.key) {
                return Err(format!(
                    "status_lamps: key {:?} must be a name other than line<N> and dss<N>",
                    lamp.key
                ));
            }
        }
        if let Some(k) = self.defaults.send_key {
            if !matches!(k, '#' | '*') {
                return Err(format!("defaults.send_key = {k:?}: must be '#' or '*'"));
            }
        }
        within(
            "defaults.inter_digit_timeout",
            self.defaults.inter_digit_timeout as usize,
            0..=30,
        )?;
        Ok(())
    }

    /// The label of soft key `action` on this device.
    pub fn label(&self, action: SoftAction) -> &str {
        self.soft_key_labels
            .get(&action)
            .map_or(action.label(), String::as_str)
    }

    /// Whether the face has this hard key.
    pub fn has(&self, key: HardKey) -> bool {
        self.keys.hard.contains(&key)
    }
}

/// The built-in profiles, the default first.
pub fn builtin() -> Vec<Profile> {
    BUILTIN_FILES
        .iter()
        .map(|(id, text)| {
            Profile::from_toml(&format!("{id}.toml"), text)
                .unwrap_or_else(|e| panic!("built-in profile: {e}"))
        })
        .collect()
}

/// The built-in profile `id`.
pub fn by_id(id: &str) -> Option<Profile> {
    let (_, text) = BUILTIN_FILES.iter().find(|(i, _)| *i == id)?;
    Profile::from_toml(id, text).ok()
}

/// The default profile (SayHi 6XX).
pub fn default_profile() -> Profile {
    by_id(BUILTIN_FILES[0].0).expect("the default profile is valid")
}
