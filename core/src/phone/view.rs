//! What the phone shows: screen text, soft-key labels and lamp states. Computed by the
//! phone model; the face (web, admin preview, native device) only draws it.

use serde::{Deserialize, Serialize};

use super::audio_path::AudioPath;
use super::calls::{Appearance, Phase};
use super::directory;
use super::dss::DssKind;
use super::presence::BlfState;
use super::Phone;
use crate::profile::{LampLook, LampTrigger};
use crate::sip::call::CallRef;
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
    /// A menu page is on the screen (at idle).
    Menu,
    /// Entering the number to transfer the held call to.
    TransferDialing,
    /// Talking to the party we may transfer the held call to.
    Consultation,
    /// We asked the far end to go elsewhere and wait for its answer.
    Transferring,
    /// In a local conference.
    Conference,
    /// Writing a text message.
    TextEntry,
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
            CallState::TextEntry => "text-entry",
            CallState::Talking => "talking",
            CallState::Held => "held",
            CallState::HeldByRemote => "held-by-remote",
            CallState::Menu => "menu",
            CallState::TransferDialing => "transfer-dialing",
            CallState::Consultation => "consultation",
            CallState::Transferring => "transferring",
            CallState::Conference => "conference",
        }
    }
}

/// What the phone itself plays to the user (the media engine makes the sound).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sound {
    /// Nothing.
    Silent,
    /// The ringer, with its tone (Ring 1 to Ring 5): a call rings and no other call is up.
    Ring(u8),
    /// Ringback: the far end rings and sent no early media.
    Ringback,
    /// The call-waiting beep: a call waits while we talk.
    CallWaiting,
    /// Dial tone: off-hook with no digit yet.
    Dial,
    /// Dial tone interrupted at first: voice messages wait (RFC 3842 MWI).
    Stutter,
    /// The number called is busy (486, 600), or the far end hung up.
    Busy,
    /// The call could not be made (reorder / fast busy).
    Congestion,
    /// A beep now and then: a call is held and nothing else goes on.
    HoldReminder,
}

/// A lamp colour (the SayHi 6XX line keys are dual-colour red / yellow-green).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LampColor {
    /// Dark.
    Off,
    /// Green (yellow-green on the SayHi).
    Green,
    /// Red.
    Red,
    /// Blue (the Dinstar C60S power lamp).
    Blue,
}

/// How a lamp is lit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    /// The screen language's BCP 47 tag (`en`, `fr`): the face marks its text with it.
    pub language: String,
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
    /// Lamps: one per line key (`line1`, `line2`, ...), then the profile's status lamps
    /// (`mute`, `power`, ...).
    pub lamps: Vec<Lamp>,
    /// The microphone is muted: the driver sends silence on every call.
    pub muted: bool,
    /// The device the sound is on, while there is a call or a number being dialled.
    pub audio_path: Option<AudioPath>,
    /// What the phone plays to the user now.
    pub sound: Sound,
    /// The menu page on the screen (`history-missed`), if any.
    pub page: Option<&'static str>,
    /// The screen row drawn highlighted (the menu cursor).
    pub highlight: Option<usize>,
    /// Status-bar icons.
    pub icons: Vec<Icon>,
    /// The time and date for the status bar (`13:06 Thu 3 Dec`), once the driver gave it.
    pub clock: Option<String>,
    /// The programmable keys' labels, in order; their lamps are `dss1`, `dss2`, ...
    pub dss: Vec<String>,
    /// Where each programmable key is: 0 on the phone, `n` on expansion module `n` (the
    /// phone's own keys fill first, then module 1, ...).
    pub dss_module: Vec<usize>,
    /// The calls in the local conference: the media driver sends each the microphone and
    /// the others (empty: no conference).
    pub conference: Vec<CallRef>,
    /// Members nobody else hears (the Manager's Far Mute): left out of every mix.
    pub conference_muted: Vec<CallRef>,
    /// The ringer's volume level (0 = silent, `volume_steps` = loudest).
    pub ringer_volume: u8,
    /// The loudest volume level (the profile's scale).
    pub volume_steps: u8,
    /// The calls' volume level on the device in use (handset, speaker and headset each keep
    /// their own; the driver sets the far end's gain from it).
    pub call_volume: u8,
}

/// The gain of volume `level` on a scale of `steps`: silent at 0, then 24 dB over the
/// scale, unity at five eighths of it (level 5 of 8: 3 dB a step).
pub fn volume_gain(level: u8, steps: u8) -> f32 {
    if level == 0 {
        return 0.0;
    }
    let steps = f32::from(steps.max(1));
    let db = (f32::from(level) - steps * 5.0 / 8.0) * 24.0 / steps;
    10f32.powf(db / 20.0)
}

/// A status-bar icon.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Icon {
    /// Do not disturb is on.
    Dnd,
    /// Missed calls not looked at yet.
    Missed,
    /// The microphone is muted.
    Muted,
    /// Voice messages wait.
    Voicemail,
    /// The keypad is locked.
    Locked,
    /// Every call is forwarded.
    Forward,
    /// The call on the screen is recorded: by the server, or by the phone.
    Recording,
    /// The phone's recording is paused.
    RecordingPaused,
}

impl Icon {
    /// The icon's name, as the face draws and labels it.
    pub fn name(self) -> &'static str {
        match self {
            Icon::Dnd => "DND",
            Icon::Missed => "Missed calls",
            Icon::Muted => "Muted",
            Icon::Voicemail => "Voicemail",
            Icon::Locked => "Keypad locked",
            Icon::Forward => "Forward",
            Icon::Recording => "Recording",
            Icon::RecordingPaused => "Recording paused",
        }
    }
}

impl View {
    /// The line the status bar shows.
    pub fn focused(&self) -> Option<&LineView> {
        self.lines.get(self.focus)
    }

    /// How many line keys the face has (one lamp `line<N>` each).
    pub fn line_keys(&self) -> usize {
        self.lamps.iter().filter(|l| is_line_lamp(&l.key)).count()
    }
}

impl LineView {
    pub(super) fn of(ua: &UserAgent) -> LineView {
        let (status, detail) = match ua.registration() {
            RegistrationState::Registered { .. } => (LineStatus::Registered, "Registered".into()),
            RegistrationState::Registering => (LineStatus::Registering, "Registering...".into()),
            RegistrationState::Failed { reason } => (LineStatus::Failed, reason.clone()),
            RegistrationState::Unregistered => (LineStatus::Off, "Not registered".into()),
        };
        if ua.is_signed_out() {
            return LineView {
                label: "No account".into(),
                status: LineStatus::Off,
                detail: "Hot desking: sign in".into(),
            };
        }
        LineView {
            label: ua.account().label.clone(),
            status,
            detail,
        }
    }
}

/// Whether a lamp name is a line key's (`line1`...).
pub fn is_line_lamp(key: &str) -> bool {
    numbered(key, "line")
}

/// Whether a lamp name belongs to a line key or a programmable key (`line1`, `dss3`): status
/// lamps may not use these names.
pub fn is_key_lamp(key: &str) -> bool {
    numbered(key, "line") || numbered(key, "dss")
}

fn numbered(key: &str, prefix: &str) -> bool {
    key.strip_prefix(prefix)
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The look of a dark lamp.
const DARK: LampLook = LampLook {
    color: LampColor::Off,
    pattern: LampPattern::Off,
};

impl Phone {
    /// What the face shows now.
    pub fn view(&self) -> View {
        let lines: Vec<LineView> = self.lines.iter().map(LineView::of).collect();
        let focused_call = self.calls.focused().filter(|_| self.dialing.is_none());
        let focus = match (&self.dialing, focused_call) {
            (Some(d), _) => d.line,
            (None, Some(a)) => a.call.line,
            (None, None) => self.default_line,
        };
        let label_of = |line: usize| lines.get(line).map(|l| l.label.clone()).unwrap_or_default();
        let state = self.focused_state();
        let mut highlight = None;
        let mut screen = match (&self.menu, &self.dialing, focused_call) {
            _ if self.lock_screen().is_some() => self.lock_screen().unwrap_or_default(),
            _ if state == CallState::TextEntry => {
                let (rows, h) = self
                    .form
                    .as_ref()
                    .map(|f| self.form_screen(f))
                    .unwrap_or_default();
                highlight = h;
                rows
            }
            (Some(menu), _, _) => {
                let (rows, h) = self.menu_screen(menu);
                highlight = h;
                rows
            }
            (None, None, Some(_)) if self.manager.is_some() => {
                let (rows, h) = self.manager_screen().unwrap_or_default();
                highlight = Some(h);
                rows
            }
            (None, Some(d), _) => {
                let title = if d.transfer_of.is_some() {
                    "Transfer to:"
                } else if d.forward_of.is_some() {
                    "Forward to:"
                } else {
                    "Dial:"
                };
                let mut rows = vec![title.into(), d.digits.clone()];
                // Predictive matching: up to two contacts the digits could be.
                rows.extend(
                    directory::matching(&self.directory, &d.digits)
                        .take(2)
                        .map(|c| format!("{} {}", c.name, c.number)),
                );
                rows
            }
            (None, None, Some(a)) => self.call_screen(a, lines.len() > 1, &label_of(a.call.line)),
            (None, None, None) => {
                let detail = match &self.notice {
                    Some((n, _)) => n.clone(),
                    None => lines
                        .get(focus)
                        .map(|l| l.detail.clone())
                        .unwrap_or_default(),
                };
                // The ACD row, unless a notice just said the same.
                let acd = self.acd_row().filter(|r| *r != detail);
                let mut rows = vec![label_of(focus), detail];
                rows.extend(acd);
                match self.history.unseen_missed {
                    0 => {}
                    1 => rows.push("1 New Missed Call".into()),
                    n => rows.push(format!("{n} New Missed Calls")),
                }
                match self.voicemail().0 {
                    0 => {}
                    1 => rows.push("1 New Voicemail".into()),
                    n => rows.push(format!("{n} New Voicemails")),
                }
                match self.inbox.unread {
                    0 => {}
                    1 => rows.push("1 New Message".into()),
                    n => rows.push(format!("{n} New Messages")),
                }
                rows
            }
        };
        if self.volume_shown_until.is_some() {
            let in_call = self.calls.iter().any(|a| a.is_connected() && a.is_active());
            let (what, level) = if in_call {
                ("Volume", self.call_volume())
            } else {
                ("Ringer volume", self.ringer_volume)
            };
            screen.push(format!("{what}: {level}/{}", self.volume_steps()));
        }
        // The other calls, one row each, under the one on the screen (the conference's
        // members are on its second row).
        let in_conference = focused_call.is_some_and(|f| f.conference);
        let mut others = Vec::new();
        for a in self
            .calls
            .iter()
            .filter(|a| Some(a.call) != focused_call.map(|f| f.call))
            .filter(|a| !(in_conference && a.conference))
        {
            let what = match a.phase {
                Phase::Incoming => "Waiting",
                Phase::Connected { held: true, .. } => "Held",
                _ => "Call",
            };
            others.push(format!("{what}: {}", a.peer.label()));
        }
        // The screen has as many rows as the device's display, and no more: the first two
        // rows of what it is on, then the other calls, then the rest (a timer) if room is left.
        let rows = self.profile.display.map_or(usize::MAX, |d| d.rows);
        let keep = rows.saturating_sub(others.len()).max(2).min(screen.len());
        screen.truncate(keep);
        screen.extend(others);
        screen.truncate(rows);
        let line_keys = self.profile.keys.line.min(lines.len());
        let mut lamps: Vec<Lamp> = (0..line_keys)
            .map(|n| {
                let look = self.line_lamp(n);
                Lamp {
                    key: format!("line{}", n + 1),
                    color: look.color,
                    pattern: look.pattern,
                }
            })
            .collect();
        for (n, slot) in self.dss.iter().enumerate() {
            let looks = &self.profile.blf_lamp;
            let features = &self.profile.feature_lamp;
            let look = match (slot.key.kind, slot.blf) {
                (DssKind::Blf, BlfState::Idle) => looks.idle,
                (DssKind::Blf, BlfState::Ringing) => looks.ringing,
                (DssKind::Blf, BlfState::Busy) => looks.busy,
                (DssKind::Forward, _)
                    if self.forward_always().as_deref() == Some(slot.key.value.as_str()) =>
                {
                    features.forward
                }
                (DssKind::Dnd, _) if self.dnd => features.dnd,
                (DssKind::Record, _) if self.calls.focused().is_some_and(|a| a.recording) => {
                    features.record
                }
                (DssKind::Acd, _) => match self.acd.state {
                    super::acd::AgentState::LoggedOut => DARK,
                    super::acd::AgentState::Ready => features.acd_ready,
                    super::acd::AgentState::NotReady => features.acd_not_ready,
                    super::acd::AgentState::WrapUp => features.acd_wrap_up,
                },
                // A line key on a programmable key shows its line as a line key would.
                (DssKind::Line, _) => match slot.key.value.parse::<usize>() {
                    Ok(n @ 1..) if n <= self.lines.len() => self.line_lamp(n - 1),
                    _ => DARK,
                },
                _ => DARK,
            };
            lamps.push(Lamp {
                key: format!("dss{}", n + 1),
                color: look.color,
                pattern: look.pattern,
            });
        }
        let failed = lines.iter().any(|l| l.status == LineStatus::Failed);
        for lamp in &self.profile.status_lamps {
            let holds = |t: LampTrigger| match t {
                LampTrigger::Muted => self.muted,
                LampTrigger::Ringing => self.calls.iter().any(Appearance::is_ringing),
                LampTrigger::InCall => self.calls.iter().any(|a| !a.is_ringing()),
                LampTrigger::RegistrationFailed => failed,
                LampTrigger::MessageWaiting => self.voicemail().1,
                LampTrigger::Speaker => self.audio_path() == Some(AudioPath::Speaker),
                LampTrigger::Headset => self.audio_path() == Some(AudioPath::Headset),
                LampTrigger::Always => true,
            };
            let look = lamp
                .when
                .iter()
                .find(|r| holds(r.state))
                .map_or(DARK, |r| LampLook {
                    color: r.color,
                    pattern: r.pattern,
                });
            lamps.push(Lamp {
                key: lamp.key.clone(),
                color: look.color,
                pattern: look.pattern,
            });
        }
        let view = View {
            language: self.language.code.clone(),
            state,
            screen,
            soft_keys: self
                .soft_actions()
                .iter()
                .map(|a| a.map_or(String::new(), |a| self.profile.label(a).to_string()))
                .collect(),
            lines,
            focus,
            lamps,
            muted: self.muted,
            audio_path: self.audio_path(),
            sound: self.sound(),
            page: self.menu.as_ref().map(|m| m.page.name()),
            highlight,
            icons: [
                (self.dnd, Icon::Dnd),
                (self.history.unseen_missed > 0, Icon::Missed),
                (self.muted, Icon::Muted),
                (self.voicemail().1, Icon::Voicemail),
                (self.lock.locked, Icon::Locked),
                (self.forward_always().is_some(), Icon::Forward),
                (
                    self.calls.focused().is_some_and(|a| a.recording)
                        || self.local_recording().is_some_and(|r| !r.paused),
                    Icon::Recording,
                ),
                (
                    self.local_recording().is_some_and(|r| r.paused),
                    Icon::RecordingPaused,
                ),
            ]
            .into_iter()
            .filter_map(|(on, icon)| on.then_some(icon))
            .collect(),
            clock: self.wall_now().map(|w| {
                let c = w.civil();
                let time = if self.clock_24h {
                    c.time()
                } else {
                    c.time_12h()
                };
                format!("{time} {}", c.date_in(self.date_format))
            }),
            dss: self.dss.iter().map(|s| s.key.label.clone()).collect(),
            dss_module: (0..self.dss.len()).map(|n| self.dss_module_of(n)).collect(),
            conference: self.conference_members(),
            conference_muted: self.far_muted_members(),
            ringer_volume: self.ringer_volume,
            volume_steps: self.volume_steps(),
            call_volume: self.call_volume(),
        };
        self.localize(view)
    }

    /// The view in the screen language: rows, soft keys, key labels, line details, clock.
    fn localize(&self, mut view: View) -> View {
        let l = &self.language;
        if l.code == "en" {
            return view;
        }
        let each = |rows: &mut Vec<String>| rows.iter_mut().for_each(|r| *r = l.say(r));
        each(&mut view.screen);
        each(&mut view.soft_keys);
        each(&mut view.dss);
        for line in &mut view.lines {
            line.detail = l.say(&line.detail);
            line.label = l.say(&line.label);
        }
        view.clock = view.clock.map(|c| l.say_words(&c));
        view
    }

    /// The sound for what is going on: a ringing call rings unless another call is up (then
    /// it beeps as a waiting call), ringback while the far end rings without early media,
    /// dial tone while off-hook with no digit.
    fn sound(&self) -> Sound {
        if let Some(d) = self.dialing.as_ref().filter(|d| d.forward_of.is_none()) {
            let waiting = self.calls.iter().any(Appearance::is_ringing);
            return match (d.digits.is_empty(), waiting) {
                (_, true) => Sound::CallWaiting,
                (true, false) if self.voicemail().1 => Sound::Stutter,
                (true, false) => Sound::Dial,
                (false, false) => Sound::Silent,
            };
        }
        let rings = |a: &&Appearance| a.is_ringing() && !a.silenced;
        let ringing = self.calls.iter().any(|a| rings(&a));
        match self.calls.active() {
            None if ringing => {
                let asked = (self.calls.iter()).find(rings).and_then(|a| a.ring_tone);
                Sound::Ring(asked.unwrap_or(self.ring_tone))
            }
            Some(a) if a.phase == Phase::Outgoing(CallState::Ringback) => Sound::Ringback,
            Some(_) if ringing => Sound::CallWaiting,
            Some(_) => Sound::Silent,
            None => self.progress_tone().unwrap_or(Sound::Silent),
        }
    }

    /// The screen rows of call `a`; `to` names the called account on a phone with several.
    fn call_screen(&self, a: &Appearance, several_lines: bool, to: &str) -> Vec<String> {
        match a.phase {
            Phase::Outgoing(state) => {
                let what = match state {
                    CallState::Ringback => "Ringing...",
                    CallState::EarlyMedia => "Early media",
                    _ => "Calling...",
                };
                vec![what.into(), a.peer.label()]
            }
            Phase::Incoming => {
                let mut screen = vec!["Incoming call".into(), a.peer.label(), a.peer.uri.clone()];
                if several_lines {
                    screen.push(format!("To: {to}"));
                }
                screen
            }
            Phase::Connected { since, .. } => {
                let s = self.now.since(since).0 / 1000;
                let what = match a.state() {
                    CallState::Held => "On hold",
                    CallState::HeldByRemote => "Held by far end",
                    CallState::Consultation => "Consulting",
                    CallState::Transferring if a.parking_at.is_some() => "Parking...",
                    CallState::Transferring => "Transferring...",
                    CallState::Conference => "Conference",
                    _ => "Talking",
                };
                // A conference names every member: the one on the screen first.
                let who = if a.conference {
                    std::iter::once(a.peer.label())
                        .chain(
                            self.calls
                                .iter()
                                .filter(|m| m.conference && m.call != a.call)
                                .map(|m| m.peer.label()),
                        )
                        .collect::<Vec<_>>()
                        .join(" + ")
                } else {
                    a.peer.label()
                };
                // A passing notice (a refused transfer or recording) takes the state's row.
                let what = match &self.call_notice {
                    Some((call, text, _)) if *call == a.call => text.as_str(),
                    _ => what,
                };
                let mut screen = vec![what.into(), who, format!("{:02}:{:02}", s / 60, s % 60)];
                if !a.dtmf_shown.is_empty() {
                    screen.push(a.dtmf_shown.clone());
                }
                screen
            }
        }
    }

    /// Line key `line`'s lamp: the profile's look for a ringing call on the line, else for
    /// the line having the audio (a call, or a number being dialled on it), else for a held
    /// call; dark when the line is free.
    fn line_lamp(&self, line: usize) -> LampLook {
        let looks = &self.profile.line_lamp;
        let on_line = || self.calls.iter().filter(move |a| a.call.line == line);
        if on_line().any(Appearance::is_ringing) {
            looks.ringing
        } else if on_line().any(Appearance::is_active)
            || self.dialing.as_ref().is_some_and(|d| d.line == line)
        {
            looks.active
        } else if on_line().any(Appearance::is_connected) {
            looks.held
        } else {
            DARK
        }
    }
}
