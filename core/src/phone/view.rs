//! What the phone shows: screen text, soft-key labels and lamp states. Computed by the
//! phone model; the face (web, admin preview, native device) only draws it.

use serde::Serialize;

use super::keys::SoftAction;
use super::{Mode, Phone};
use crate::sip::registration::RegistrationState;
use crate::sip::ua::UserAgent;

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

/// One line key's account, as the status bar and the line key show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LineView {
    /// The account's label (`label` setting, else the user name).
    pub label: String,
    /// Its registration.
    pub status: LineStatus,
    /// A sentence about the registration (the failure reason when it failed).
    pub detail: String,
}

/// Everything the face draws.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct View {
    /// The call state.
    pub state: CallState,
    /// The main screen's text rows, top to bottom.
    pub screen: Vec<String>,
    /// The soft-key labels, left to right; an empty label is an unused key.
    pub soft_keys: Vec<String>,
    /// Every line (account), line 1 first.
    pub lines: Vec<LineView>,
    /// The line the screen is about (index into `lines`): the line of the call or of the
    /// number being dialled, else the default line. The status bar shows this one.
    pub focus: usize,
    /// Lamps: one per line key (`line1`, `line2`, ...).
    pub lamps: Vec<Lamp>,
}

impl View {
    /// The line the status bar shows.
    pub fn focused(&self) -> Option<&LineView> {
        self.lines.get(self.focus)
    }
}

impl LineView {
    fn of(ua: &UserAgent) -> LineView {
        let (status, detail) = match ua.registration() {
            RegistrationState::Registered { .. } => (LineStatus::Registered, "Registered".into()),
            RegistrationState::Registering => (LineStatus::Registering, "Registering...".into()),
            RegistrationState::Failed { reason } => (LineStatus::Failed, reason.clone()),
            RegistrationState::Unregistered => (LineStatus::Off, "Not registered".into()),
        };
        LineView {
            label: ua.account().label.clone(),
            status,
            detail,
        }
    }
}

/// A line key's lamp for a call in `state` (SayHi 6XX: red flashing = incoming, green
/// steady = active call; a held call's lamp blinks slowly).
fn lamp_for(state: CallState) -> (LampColor, LampPattern) {
    match state {
        CallState::Idle | CallState::Dialing => (LampColor::Off, LampPattern::Off),
        CallState::Ringing => (LampColor::Red, LampPattern::FastBlink),
        CallState::Held => (LampColor::Green, LampPattern::SlowBlink),
        _ => (LampColor::Green, LampPattern::Steady),
    }
}

impl Phone {
    /// What the face shows now.
    pub fn view(&self) -> View {
        let lines: Vec<LineView> = self.lines.iter().map(LineView::of).collect();
        let focus = match &self.mode {
            Mode::Dialing { line, .. } => *line,
            mode => mode.call().map_or(self.default_line, |c| c.line),
        };
        let focused = lines.get(focus);
        let (state, screen) = match &self.mode {
            Mode::Idle => {
                let label = focused.map(|l| l.label.clone()).unwrap_or_default();
                let detail = match &self.notice {
                    Some((n, _)) => n.clone(),
                    None => focused.map(|l| l.detail.clone()).unwrap_or_default(),
                };
                (CallState::Idle, vec![label, detail])
            }
            Mode::Dialing { digits, .. } => {
                (CallState::Dialing, vec!["Dial:".into(), digits.clone()])
            }
            Mode::Outgoing { number, state, .. } => {
                let what = match state {
                    CallState::Ringback => "Ringing...",
                    CallState::EarlyMedia => "Early media",
                    _ => "Calling...",
                };
                (*state, vec![what.into(), number.clone()])
            }
            Mode::Incoming { from, .. } => {
                let mut screen = vec!["Incoming call".into(), from.label(), from.uri.clone()];
                if lines.len() > 1 {
                    // Which of the accounts is being called.
                    screen.push(format!(
                        "To: {}",
                        focused.map(|l| l.label.as_str()).unwrap_or("")
                    ));
                }
                (CallState::Ringing, screen)
            }
            Mode::Talking {
                peer,
                since,
                held,
                held_by_remote,
                ..
            } => {
                let s = self.now.since(*since).0 / 1000;
                let (state, what) = match (held, held_by_remote) {
                    (true, _) => (CallState::Held, "On hold"),
                    (false, true) => (CallState::HeldByRemote, "Held by far end"),
                    (false, false) => (CallState::Talking, "Talking"),
                };
                let mut screen = vec![
                    what.into(),
                    peer.label(),
                    format!("{:02}:{:02}", s / 60, s % 60),
                ];
                if !self.dtmf_shown.is_empty() {
                    screen.push(self.dtmf_shown.clone());
                }
                if let Some((_, from, _)) = &self.waiting {
                    screen.push(format!("Waiting: {}", from.label()));
                }
                (state, screen)
            }
        };
        let lamps = (0..lines.len())
            .map(|n| {
                let (color, pattern) = if self.mode.call().is_some_and(|c| c.line == n) {
                    lamp_for(state)
                } else if self.waiting.as_ref().is_some_and(|(c, _, _)| c.line == n) {
                    lamp_for(CallState::Ringing)
                } else {
                    (LampColor::Off, LampPattern::Off)
                };
                Lamp {
                    key: format!("line{}", n + 1),
                    color,
                    pattern,
                }
            })
            .collect();
        View {
            state,
            screen,
            soft_keys: self
                .soft_actions()
                .iter()
                .map(|a| a.map(SoftAction::label).unwrap_or("").to_string())
                .collect(),
            lines,
            focus,
            lamps,
        }
    }
}
