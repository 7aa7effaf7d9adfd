//! What the phone shows: screen text, soft-key labels and lamp states. Computed by the
//! phone model; the face (web, admin preview, native device) only draws it.

use serde::Serialize;

/// The call state of the phone, as tests and the face name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CallState {
    /// Nothing going on.
    Idle,
    /// Digits being entered.
    Dialing,
    /// INVITE sent, no ringing yet.
    Calling,
    /// The far end is ringing (180).
    Ringback,
    /// Early media is playing (183 with SDP).
    EarlyMedia,
    /// An incoming call is ringing.
    Ringing,
    /// In a call.
    Talking,
    /// We put the call on hold.
    Held,
    /// The far end put us on hold.
    HeldByRemote,
}

impl CallState {
    /// The state's name as the face and tests use it (`held-by-remote`).
    pub fn name(self) -> &'static str {
        match self {
            CallState::Idle => "idle",
            CallState::Dialing => "dialing",
            CallState::Calling => "calling",
            CallState::Ringback => "ringback",
            CallState::EarlyMedia => "early-media",
            CallState::Ringing => "ringing",
            CallState::Talking => "talking",
            CallState::Held => "held",
            CallState::HeldByRemote => "held-by-remote",
        }
    }
}

/// A lamp colour (the SayHi 6XX line keys are dual-colour red / yellow-green).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LampColor {
    /// Dark.
    Off,
    /// Green (yellow-green on the SayHi).
    Green,
    /// Red.
    Red,
}

/// How a lamp is lit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LampPattern {
    /// Not lit.
    Off,
    /// Lit steadily.
    Steady,
    /// Slow blink (about 1 Hz).
    SlowBlink,
    /// Fast blink (about 4 Hz), for ringing.
    FastBlink,
}

/// One lamp of the face.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Lamp {
    /// Which key the lamp belongs to (`line1`, ...).
    pub key: String,
    /// Colour.
    pub color: LampColor,
    /// Pattern.
    pub pattern: LampPattern,
}

/// A line's registration, for the status bar icon.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineStatus {
    /// Registered.
    Registered,
    /// Registering.
    Registering,
    /// Registration failed.
    Failed,
    /// Not registered (disabled or un-registered).
    Off,
}

/// Everything the face draws.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct View {
    /// The call state.
    pub state: CallState,
    /// The line label shown in the status bar.
    pub line_label: String,
    /// The line's registration.
    pub line_status: LineStatus,
    /// A sentence about the registration (the failure reason when it failed).
    pub line_detail: String,
    /// The main screen lines, top to bottom.
    pub lines: Vec<String>,
    /// The soft-key labels, left to right; an empty label is an unused key.
    pub soft_keys: Vec<String>,
    /// Lamps.
    pub lamps: Vec<Lamp>,
}
