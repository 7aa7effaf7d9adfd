//! The phone: turns key presses, SIP events and media events into call control, and decides
//! what the screen says, which soft keys exist and how each lamp is lit.
//!
//! A phone has one line per account (up to [`MAX_LINES`]), each with its own user agent,
//! registration and connection to its server; inputs from and outputs to the network name
//! their line. Sans-IO like the user agent: [`Phone::handle_input`] then drain
//! [`Phone::poll_output`] until it returns [`Output::Timeout`] (STYLE.md §1).

pub mod acd;
pub mod action_url;
pub mod audio_path;
mod blf_list;
mod calls;
mod conference;
pub mod dialplan;
pub mod directory;
pub mod dss;
mod form;
pub mod forward;
pub mod history;
mod hot_desk;
pub mod ime;
pub mod inbox;
pub mod ivr;
mod keys;
pub mod lang;
pub mod lock;
mod media;
mod menu;
mod optional_keys;
mod pickup;
pub mod presence;
pub mod progress_tones;
mod record;
pub mod recorder;
mod speed_dial;
mod transfer;
pub mod view;
pub mod xml_browser;

use std::collections::VecDeque;

pub use keys::{Key, SoftAction};
pub use media::{MediaCommand, MediaEvent};
pub use recorder::{RecordCommand, RecordFormat};

use crate::config::records::Records;
use crate::profile::{default_profile, Profile};
use crate::sdp::negotiate;
use crate::sip::account::Account;
use crate::sip::call::{CallRef, EndReason, Party};
use crate::sip::subscription::SubRef;
use crate::sip::ua::{UaEvent, UaOutput, UserAgent};
use crate::time::{DateFormat, Duration, Instant, WallClock};
use calls::{Appearance, Calls, Phase, Renegotiation};
use dialplan::DialPlan;
use directory::{Blacklist, Contact};
use dss::{DssKey, DssKind, DssSlot};
use history::{History, HistoryEntry, HistoryKind};
use media::offer_holds;
use menu::Menu;
use presence::{dialog_info, BlfState, MessageSummary};
use view::CallState;

/// The most accounts a phone carries (the SayHi 6XX has 8 SIP lines).
pub const MAX_LINES: usize = 8;

/// The most calls any profile may hold at once.
pub const MAX_CALLS: usize = 12;

/// How long an offer waits behind the far end's re-INVITE before it is tried again.
const REOFFER_WAIT: Duration = Duration::millis(500);

/// The built-in ring tones, Ring 1 to Ring 5 (the CP860's `Ring1.wav` to `Ring5.wav`).
pub const RING_TONES: u8 = 5;

/// An input to the phone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// The transport of line `line` to its SIP server is connected.
    TransportUp {
        /// The line (0-based).
        line: usize,
    },
    /// The transport of line `line` was lost.
    TransportDown {
        /// The line (0-based).
        line: usize,
    },
    /// Bytes received from line `line`'s SIP server.
    Received {
        /// The line (0-based).
        line: usize,
        /// The bytes: one message, or a keep-alive.
        bytes: Vec<u8>,
    },
    /// A key was pressed.
    Key(Key),
    /// A media event.
    Media(MediaEvent),
    /// Send a text message (RFC 3428) from the default line.
    SendMessage {
        /// What the user typed as the recipient (an extension, a user or a SIP URI).
        to: String,
        /// The text.
        text: String,
    },
    /// The phone is being switched off (page closed, program ending): hang up and remove
    /// every line's registration (RFC 3261 §10.2.2).
    Shutdown,
    /// The wall-clock time (at start, and whenever the driver's clock or time zone changes):
    /// the idle screen shows it and the call history is stamped with it.
    WallClock(WallClock),
    /// The driver's answer to [`Output::Fetch`]: the body fetched, or why there is none.
    Fetched {
        /// The fetch.
        id: xml_browser::FetchId,
        /// The body as text, or an error for the screen.
        result: Result<String, String>,
    },
    /// Nothing but the passage of time.
    Tick,
}

/// An output of the phone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    /// Say these words to the user (a phone without a screen answers its star codes so,
    /// [`ivr`]); the driver plays their recordings in order.
    Prompt(Vec<ivr::Word>),
    /// Bytes to send to line `line`'s SIP server.
    Send {
        /// The line (0-based).
        line: usize,
        /// One message, or a keep-alive.
        bytes: Vec<u8>,
    },
    /// A command for the media driver.
    Media(MediaCommand),
    /// Record the calls, pause, resume or stop ([`recorder`]).
    Record(RecordCommand),
    /// Play `digit`'s DTMF tone to the user, briefly (key feedback); with `in_band`, into
    /// what the call on the screen is sent as well (the account sends DTMF in-band).
    KeyTone {
        /// The digit (0-9, *, #, A-D).
        digit: char,
        /// Also into the call's audio.
        in_band: bool,
    },
    /// The view changed: redraw from [`Phone::view`].
    ViewChanged,
    /// Line `line`'s connection is dead: close it and open a new one (then send
    /// [`Input::TransportDown`] and [`Input::TransportUp`] as usual).
    Reconnect {
        /// The line (0-based).
        line: usize,
    },
    /// Connect line `line` to server `server` of its account's list instead (0 = primary),
    /// then report [`Input::TransportDown`] and [`Input::TransportUp`] as usual.
    SwitchServer {
        /// The line (0-based).
        line: usize,
        /// Index into the account's server list.
        server: usize,
    },
    /// Fetch `url` (HTTP GET) and answer with [`Input::Fetched`]: a page for the XML
    /// browser or a remote phonebook.
    Fetch {
        /// Names the answer.
        id: xml_browser::FetchId,
        /// An http:// or https:// URL.
        url: String,
    },
    /// Send an HTTP GET to this URL and forget it (an action URL, [`action_url`]).
    ActionUrl(String),
    /// A line for the system log.
    Log(String),
    /// Nothing more now; call again with [`Input::Tick`] at this instant (if any).
    Timeout(Option<Instant>),
}

/// Why a phone cannot be made from a list of accounts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinesError(pub String);

impl std::fmt::Display for LinesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// How long an end-of-call notice stays on the idle screen.
const NOTICE_TIME: Duration = Duration::secs(3);

/// A number being entered, and the line whose account will place the call.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Dialing {
    line: usize,
    digits: String,
    /// When the number is dialled if no other key comes (the inter-digit timeout).
    deadline: Option<Instant>,
    /// The held call this number is for (Transfer pressed during the call).
    transfer_of: Option<CallRef>,
    /// The ringing call this number is for (Forward pressed while it rings).
    forward_of: Option<CallRef>,
}

/// The phone model: its lines (one user agent per account), its calls, and what the user is
/// doing.
#[derive(Debug)]
pub struct Phone {
    /// What model of phone this is: keys, lamps, soft-key layouts, defaults.
    profile: Profile,
    /// One user agent per account; line `n` is `lines[n]`.
    lines: Vec<UserAgent>,
    /// The line that places calls dialled from the keypad without choosing a line key.
    default_line: usize,
    /// Every call, on any line.
    calls: Calls,
    /// A number being entered (the screen is on it, not on a call).
    dialing: Option<Dialing>,
    now: Instant,
    /// The last number dialled, and on which line.
    last_dialled: Option<(usize, String)>,
    notice: Option<(String, Instant)>,
    /// A notice about one call (a refused transfer or recording), shown in place of its
    /// state until the time given.
    call_notice: Option<(CallRef, String, Instant)>,
    out: VecDeque<Output>,
    /// The second shown by the talking timer, to redraw once a second.
    shown_second: u64,
    /// The soft-key page shown ("More"), and the state it belongs to.
    soft_page: (keys::SoftLayoutId, usize),
    /// The microphone is muted (the Mute key, during calls).
    muted: bool,
    /// The handset is off its cradle.
    handset_up: bool,
    /// The device the user put the call on (handset, speaker, headset); `None` until they
    /// choose, and again once idle.
    path: Option<audio_path::AudioPath>,
    /// A menu page on the screen (at idle).
    menu: Option<Menu>,
    /// The call log.
    history: History,
    /// The local directory.
    directory: Vec<Contact>,
    /// Numbers whose calls are refused.
    blacklist: Blacklist,
    /// The URLs sent on events, and what the phone was at the last input.
    action_urls: action_url::ActionUrls,
    /// Calls the user refused while they rang, since the phone started.
    rejections: u64,
    /// Do not disturb: calls are refused with `dnd_code` and logged as missed.
    dnd: bool,
    /// The status a call refused for DND gets (the CP860's `features.dnd_refuse_code`,
    /// the Dinstar's "Return Code When DND"; 486 unless configured).
    dnd_code: u16,
    /// The last wall-clock report and when it came.
    wall: Option<(Instant, WallClock)>,
    /// The minute the idle clock shows, to redraw once a minute.
    shown_minute: i64,
    /// Programmable keys, in face order.
    dss: Vec<DssSlot>,
    /// Each line's voicemail summary, once its server told.
    mwi: Vec<Option<MessageSummary>>,
    /// The ringer's volume level (0 to the profile's `volume_steps`).
    ringer_volume: u8,
    /// The volume of calls (the far end), on each device: handset, speaker, headset
    /// ([`audio_path`]; a phone keeps one level per device, as the SayHi and Dinstar do).
    call_volumes: [u8; 3],
    /// Until when the screen shows the volume just set.
    volume_shown_until: Option<Instant>,
    /// The dialling rules.
    dial_plan: DialPlan,
    /// The keypad lock.
    lock: lock::KeypadLock,
    /// Call forwarding.
    forward: forward::Forward,
    /// Text messages received.
    inbox: inbox::Inbox,
    /// The clock shows 24-hour time (the phones' default) or 12-hour.
    clock_24h: bool,
    /// How the status bar writes the date (Yealink `local_time.date_format`).
    date_format: DateFormat,
    /// The ringer's tone, Ring 1 to Ring 5 (Settings; an Alert-Info may pick another).
    ring_tone: u8,
    /// A text message being written.
    form: Option<form::Form>,
    /// Digit-key speed dials: the key and its number.
    speed_dials: Vec<(char, String)>,
    /// The room number a hotel phone was given by star code.
    room: Option<String>,
    /// Where the phone is reached (for the voice menu's `**47`), if the driver knows.
    device_address: Option<String>,
    /// The voice menu's keypad password (the GHP's "Keypad Password", 123).
    keypad_password: String,
    /// The call-centre agent's login (the ACD key).
    acd: acd::Acd,
    /// The XML browser's pages and the remote phonebooks.
    browser: xml_browser::Browser,
    /// The screen language.
    language: lang::Catalogue,
    /// The phone's own recording of the calls, while one is made.
    local_recording: Option<recorder::Recording>,
    /// The format recordings are made in.
    record_format: RecordFormat,
    /// The optional soft keys are offered ([`optional_keys`]).
    optional_keys: bool,
    /// The conference Manager is open, its cursor on this member (index into the members).
    manager: Option<usize>,
    /// Keypad presses sound their DTMF tone to the user.
    key_tone: bool,
    /// How busy, congestion, stutter and hold reminder tones are played.
    progress_tones: progress_tones::ProgressTones,
    /// The tone that says why the last call ended, until when.
    end_tone: Option<(view::Sound, Instant)>,
}

impl Phone {
    /// A phone with one line for `account`; `seed` feeds SIP identifiers, `now` is the
    /// driver's clock.
    pub fn new(account: Account, seed: u64, now: Instant) -> Phone {
        Phone::from_lines(default_profile(), vec![UserAgent::new(account, seed)], now)
    }

    /// A phone of the default profile with one line per account, line 1 first (at least
    /// one, at most [`MAX_LINES`]).
    pub fn with_lines(
        accounts: Vec<Account>,
        seed: u64,
        now: Instant,
    ) -> Result<Phone, LinesError> {
        Phone::build(default_profile(), accounts, seed, now)
    }

    /// A phone of model `profile` with one line per account, line 1 first (at least one, at
    /// most the profile's account count). Every line registers with the device's one
    /// instance URN.
    pub fn build(
        profile: Profile,
        accounts: Vec<Account>,
        seed: u64,
        now: Instant,
    ) -> Result<Phone, LinesError> {
        if accounts.is_empty() {
            return Err(LinesError("a phone needs at least one account".into()));
        }
        if accounts.len() > profile.accounts {
            return Err(LinesError(format!(
                "{} accounts given: the {} has {} line{}",
                accounts.len(),
                profile.name,
                profile.accounts,
                if profile.accounts == 1 { "" } else { "s" }
            )));
        }
        let mut lines: Vec<UserAgent> = Vec::with_capacity(accounts.len());
        for (line, account) in accounts.into_iter().enumerate() {
            // A different identifier stream per line, from the one seed.
            let seed = seed ^ (line as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let ua = UserAgent::for_line(account, seed, line);
            lines.push(match lines.first() {
                Some(first) => ua.with_instance(first.instance()),
                None => ua,
            });
        }
        Ok(Phone::from_lines(profile, lines, now))
    }

    fn from_lines(profile: Profile, mut lines: Vec<UserAgent>, now: Instant) -> Phone {
        let volume = profile.defaults.default_volume;
        // Message waiting: each account that asks subscribes to its own message summary.
        for ua in &mut lines {
            if ua.account().subscribe_mwi {
                let aor = ua.account().aor();
                ua.subscribe(
                    "message-summary",
                    "application/simple-message-summary",
                    &aor,
                );
            }
        }
        let mwi = vec![None; lines.len()];
        Phone {
            mwi,
            profile,
            lines,
            default_line: 0,
            calls: Calls::default(),
            dialing: None,
            now,
            last_dialled: None,
            notice: None,
            call_notice: None,
            out: VecDeque::new(),
            shown_second: 0,
            soft_page: (keys::SoftLayoutId::IDLE, 0),
            handset_up: false,
            path: None,
            muted: false,
            menu: None,
            history: History::default(),
            directory: Vec::new(),
            blacklist: Blacklist::default(),
            action_urls: action_url::ActionUrls::default(),
            rejections: 0,
            dnd: false,
            dnd_code: 486,
            wall: None,
            shown_minute: -1,
            dss: Vec::new(),
            ringer_volume: volume,
            call_volumes: [volume; 3],
            volume_shown_until: None,
            dial_plan: DialPlan::default(),
            lock: lock::KeypadLock::default(),
            forward: forward::Forward::default(),
            inbox: inbox::Inbox::default(),
            clock_24h: true,
            date_format: DateFormat::default(),
            ring_tone: 1,
            form: None,
            speed_dials: Vec::new(),
            room: None,
            device_address: None,
            keypad_password: "123".into(),
            acd: acd::Acd::default(),
            browser: xml_browser::Browser::default(),
            language: lang::Catalogue::english(),
            local_recording: None,
            record_format: RecordFormat::default(),
            optional_keys: false,
            manager: None,
            key_tone: true,
            progress_tones: progress_tones::ProgressTones::default(),
            end_tone: None,
        }
    }

    /// The PIN that unlocks the keypad.
    pub fn set_unlock_pin(&mut self, pin: &str) {
        if !pin.is_empty() && pin.len() <= 15 && pin.bytes().all(|b| b.is_ascii_digit()) {
            self.lock.pin = pin.to_string();
        }
    }

    /// Switch do not disturb on or off (the configuration's `features.dnd.enable`; the
    /// Features menu and a DND key toggle it too).
    pub fn set_dnd(&mut self, on: bool) {
        self.dnd = on;
        self.changed();
    }

    /// The status calls refused for DND get: 404, 480, 486 or 603.
    pub fn set_dnd_code(&mut self, code: u16) {
        if matches!(code, 404 | 480 | 486 | 603) {
            self.dnd_code = code;
        }
    }

    /// Set the dialling rules (digit map, dial-now, replace, area code, block-out, hotline).
    pub fn set_dial_plan(&mut self, plan: DialPlan) {
        self.dial_plan = plan;
    }

    /// The phone's model.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// Replace the local directory (from the configuration or a phonebook file).
    pub fn set_directory(&mut self, contacts: Vec<Contact>) {
        self.directory = contacts;
        self.changed();
    }

    /// The local directory, as the user has left it (added, edited, deleted on the phone).
    pub fn directory(&self) -> &[Contact] {
        &self.directory
    }

    /// Set the blacklist: calls from its numbers are refused without ringing.
    pub fn set_blacklist(&mut self, blacklist: Blacklist) {
        self.blacklist = blacklist;
        self.changed();
    }

    /// The blacklist, as the user has left it.
    pub fn blacklist(&self) -> &Blacklist {
        &self.blacklist
    }

    /// How many programmable keys the device has: its DSS/MPK/function keys, the line keys
    /// no account uses, and its expansion modules' keys.
    pub fn dss_capacity(&self) -> usize {
        let p = &self.profile;
        p.keys.programmable
            + p.keys.line.saturating_sub(self.lines.len())
            + p.expansion.map_or(0, |x| x.modules * x.keys)
    }

    /// Where programmable key `n` sits: 0 on the phone (its programmable keys, then its
    /// unused line keys), else the expansion module it is on (1 first).
    pub(super) fn dss_module_of(&self, n: usize) -> usize {
        let p = &self.profile;
        let on_phone = p.keys.programmable + p.keys.line.saturating_sub(self.lines.len());
        match (n.checked_sub(on_phone), p.expansion) {
            (Some(past), Some(x)) if x.keys > 0 => 1 + past / x.keys,
            _ => 0,
        }
    }

    /// Set the status bar's clock: 24-hour or 12-hour, and the date's format (Yealink
    /// `local_time.time_format`, `local_time.date_format`).
    pub fn set_clock(&mut self, clock_24h: bool, date_format: DateFormat) {
        self.clock_24h = clock_24h;
        self.date_format = date_format;
        self.changed();
    }

    /// Set the ring tone, 1 to [`RING_TONES`].
    pub fn set_ring_tone(&mut self, tone: u8) -> Result<(), String> {
        if !(1..=RING_TONES).contains(&tone) {
            return Err(format!("ring tone {tone}: 1 to {RING_TONES}"));
        }
        self.ring_tone = tone;
        self.changed();
        Ok(())
    }

    /// The settings the user can change on the phone's own menus and keys, by the
    /// configuration's names and in its spelling, so that the driver keeps them
    /// ([`crate::config::Config::with_menu_settings`]).
    pub fn menu_settings(&self) -> Vec<(&'static str, String)> {
        let flag = |on: bool| if on { "1" } else { "0" }.to_string();
        let date = (DateFormat::ALL.iter())
            .position(|f| *f == self.date_format)
            .and_then(|i| crate::config::schema::DATE_FORMATS.get(i))
            .map_or("", |o| o.value);
        let mut out = vec![
            ("features.dnd.enable", flag(self.dnd)),
            ("forward.always.enable", flag(self.forward.always_on)),
            ("forward.busy.enable", flag(self.forward.busy.is_some())),
            (
                "forward.no_answer.enable",
                flag(self.forward.no_answer.is_some()),
            ),
            ("lang.gui", self.language.code.clone()),
            (
                "local_time.time_format",
                if self.clock_24h { "24" } else { "12" }.into(),
            ),
            ("local_time.date_format", date.to_string()),
            ("phone_setting.ring_type", self.ring_tone.to_string()),
        ];
        let targets = [
            ("forward.always.target", &self.forward.always),
            ("forward.busy.target", &self.forward.busy),
            ("forward.no_answer.target", &self.forward.no_answer),
        ];
        out.extend(
            targets
                .into_iter()
                .filter_map(|(n, t)| t.clone().map(|t| (n, t))),
        );
        out
    }

    /// Set the screen language by its tag (`en`, `fr`, `de`, `es`, `it`).
    pub fn set_language(&mut self, code: &str) -> Result<(), String> {
        let all = lang::Catalogue::builtin();
        let found = all
            .iter()
            .find(|c| c.code.eq_ignore_ascii_case(code.trim()));
        let Some(found) = found else {
            let known: Vec<&str> = all.iter().map(|c| c.code.as_str()).collect();
            return Err(format!("language {code:?}: one of {}", known.join(", ")));
        };
        self.language = found.clone();
        self.changed();
        Ok(())
    }

    /// Use a language pack read from a file (a custom language, [`lang::Catalogue::parse`]).
    pub fn set_custom_language(&mut self, catalogue: lang::Catalogue) {
        self.language = catalogue;
        self.changed();
    }

    /// Set the programmable keys; BLF keys subscribe to their extension's dialogs (RFC
    /// 4235). All or nothing: more keys than the device has, or a key on a line it does not
    /// have, change nothing.
    pub fn set_dss_keys(&mut self, keys: Vec<DssKey>) -> Result<(), String> {
        if keys.len() > self.dss_capacity() {
            return Err(format!(
                "{} programmable keys given: the {} has {}",
                keys.len(),
                self.profile.name,
                self.dss_capacity()
            ));
        }
        if let Some(k) = keys.iter().find(|k| k.line >= self.lines.len()) {
            return Err(format!(
                "key {:?}: the phone has no line {}",
                k.label,
                k.line + 1
            ));
        }
        // The old keys' subscriptions end first (a key list set again from the admin page).
        for slot in std::mem::take(&mut self.dss) {
            if let (Some(sub), Some(ua)) = (slot.sub, self.lines.get_mut(slot.key.line)) {
                ua.unsubscribe(sub);
            }
        }
        let mut slots = Vec::with_capacity(keys.len());
        for key in keys {
            let sub = self.subscribe_key(&key);
            slots.push(DssSlot {
                key,
                sub,
                blf: BlfState::Unknown,
                ringing: None,
                member_of: None,
                member_uri: None,
            });
        }
        self.dss = slots;
        self.changed();
        self.drain_lines();
        Ok(())
    }

    /// The subscription a key needs: a BLF key's to its extension's dialogs (RFC 4235), a
    /// BLF list key's to its list (RFC 4662).
    fn subscribe_key(&mut self, key: &DssKey) -> Option<SubRef> {
        match key.kind {
            DssKind::Blf => {
                let ua = &mut self.lines[key.line];
                let target = ua.account().target_uri(&key.value);
                Some(ua.subscribe("dialog", "application/dialog-info+xml", &target))
            }
            DssKind::BlfList => Some(self.subscribe_list(key)),
            _ => None,
        }
    }

    /// The call log.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The received text messages.
    pub fn inbox(&self) -> &inbox::Inbox {
        &self.inbox
    }

    /// The call log and the inbox, to keep across restarts.
    pub fn records(&self) -> Records {
        Records {
            history: self.history.clone(),
            inbox: self.inbox.clone(),
        }
    }

    /// Put back the call log and inbox kept from before a restart.
    pub fn restore_records(&mut self, records: Records) {
        self.history = records.history;
        self.inbox = records.inbox;
        self.changed();
    }

    /// The wall-clock time now, if the driver gave it.
    fn wall_now(&self) -> Option<WallClock> {
        self.wall.map(|(at, w)| w.plus(self.now.since(at)))
    }

    /// How many lines (accounts) the phone has.
    pub fn line_count(&self) -> usize {
        self.lines.len()
    }

    /// The account of line `line`.
    pub fn account(&self, line: usize) -> Option<&Account> {
        self.lines.get(line).map(UserAgent::account)
    }

    /// Line `line`'s user agent, for drivers that must tell it their socket address.
    pub fn user_agent_mut(&mut self, line: usize) -> Option<&mut UserAgent> {
        self.lines.get_mut(line)
    }

    /// Feed one input, with the driver's clock.
    pub fn handle_input(&mut self, now: Instant, input: Input) {
        self.now = self.now.max(now);
        for ua in &mut self.lines {
            ua.advance(self.now);
        }
        match input {
            Input::TransportUp { line } => {
                if let Some(ua) = self.lines.get_mut(line) {
                    ua.transport_up(self.now)
                }
            }
            Input::TransportDown { line } => {
                if let Some(ua) = self.lines.get_mut(line) {
                    ua.transport_lost()
                }
            }
            Input::Shutdown => self.shutdown(),
            Input::Received { line, bytes } => match self.lines.get_mut(line) {
                Some(ua) => ua.handle_received(&bytes, self.now),
                None => self.out.push_back(Output::Log(format!(
                    "received on unknown line {line}: dropped"
                ))),
            },
            Input::Key(key) => self.on_key(key),
            Input::Media(ev) => self.on_media(ev),
            Input::SendMessage { to, text } => {
                if let Some(ua) = self.lines.get_mut(self.default_line) {
                    let target = ua.account().target_uri(&to);
                    ua.send_message(&target, &text);
                }
            }
            Input::Fetched { id, result } => self.on_fetched(id, result),
            Input::Tick => {
                for ua in &mut self.lines {
                    ua.handle_timeout(self.now);
                }
            }
            Input::WallClock(w) => {
                self.wall = Some((self.now, w));
                self.changed();
            }
        }
        self.expire_notice();
        self.expire_end_tone();
        self.expire_volume();
        self.forward_unanswered();
        self.reoffer_when_due();
        self.acd_ready_when_due();
        let now = self.now;
        if self.form.as_mut().is_some_and(|f| f.expire(now)) {
            self.changed();
        }
        self.refresh_clock();
        self.dial_when_due();
        self.refresh_timer();
        self.drain_lines();
        self.forget_path_when_idle();
        self.stop_recording_when_idle();
        self.send_action_urls();
    }

    /// Send the action URLs for what this input changed ([`action_url`]).
    fn send_action_urls(&mut self) {
        if !self.action_urls.any() {
            return;
        }
        let now = self.action_snapshot();
        let lines = &self.lines;
        let line_vars = |n: usize| {
            lines
                .get(n)
                .map(|ua| account_vars(ua.account()))
                .unwrap_or_default()
        };
        for url in self.action_urls.observe(now, line_vars) {
            self.out
                .push_back(Output::Log(format!("action URL: {url}")));
            self.out.push_back(Output::ActionUrl(url));
        }
    }

    /// What the phone is, as action URL events see it (the accounts' variables are asked
    /// for only when an event fires, [`account_vars`]).
    fn action_snapshot(&self) -> action_url::Snapshot {
        use action_url::{CallSnap, Snapshot, Vars};
        let calls = (self.calls.iter())
            .map(|a| {
                let mut vars: Vars = [
                    ("remote", a.peer.uri.clone()),
                    ("display_remote", a.peer.display.clone().unwrap_or_default()),
                ]
                .into_iter()
                .collect();
                if let Some(id) = self
                    .lines
                    .get(a.call.line)
                    .and_then(|ua| ua.call_id_of(a.call))
                {
                    vars.insert("call_id", id.to_string());
                }
                CallSnap {
                    call: a.call,
                    incoming: matches!(a.phase, calls::Phase::Incoming),
                    connected: matches!(a.phase, calls::Phase::Connected { .. }),
                    held: matches!(a.phase, calls::Phase::Connected { held: true, .. }),
                    vars,
                }
            })
            .collect();
        let missed = self.history.list(HistoryKind::Missed);
        Snapshot {
            lines: self
                .lines
                .iter()
                .map(|ua| view::LineView::of(ua).status)
                .collect(),
            calls,
            dnd: self.dnd,
            forwards: [
                self.forward.always_on && self.forward.always.is_some(),
                self.forward.busy.is_some(),
                self.forward.no_answer.is_some(),
            ],
            muted: self.muted,
            // Off hook: dialling, or in a call that is not just ringing here.
            off_hook: self.dialing.is_some()
                || (self.calls.iter()).any(|a| !matches!(a.phase, calls::Phase::Incoming)),
            rejections: self.rejections,
            newest_missed: missed
                .front()
                .map(|e| (e.number.clone(), e.at.map(|w| w.unix_secs))),
            missed_count: missed.len(),
        }
    }

    /// Send these action URLs on their events; `device_id` is `$mac`.
    pub fn set_action_urls(
        &mut self,
        urls: std::collections::BTreeMap<action_url::Event, String>,
        device_id: &str,
    ) {
        let mut a = action_url::ActionUrls::new(urls);
        a.device = [
            ("mac", device_id.to_string()),
            ("ip", self.device_address.clone().unwrap_or_default()),
            ("model", self.profile.name.clone()),
            ("firmware", env!("CARGO_PKG_VERSION").to_string()),
        ]
        .into_iter()
        .collect();
        self.action_urls = a;
    }

    /// Offer again the holds and resumes that crossed the far end's re-INVITEs, once their
    /// wait is over and no other renegotiation is under way (else a little later).
    fn reoffer_when_due(&mut self) {
        let now = self.now;
        let due: Vec<(CallRef, bool)> = (self.calls.iter())
            .filter_map(|a| {
                a.reoffer_at
                    .filter(|(_, t)| now >= *t)
                    .map(|(h, _)| (a.call, h))
            })
            .collect();
        for (call, hold) in due {
            let Some(a) = self.calls.get_mut(call) else {
                continue;
            };
            if a.renegotiation.is_some() {
                a.reoffer_at = Some((hold, now + REOFFER_WAIT));
                continue;
            }
            a.reoffer_at = None;
            self.renegotiate(call, hold);
        }
    }

    /// The inter-digit timeout ran out (or the digit map, a dial-now rule or the hotline
    /// said so): dial what was entered, as if Send was pressed; off-hook with no digit, the
    /// hotline.
    fn dial_when_due(&mut self) {
        if let Some(d) = &self.dialing {
            if d.deadline.is_some_and(|t| self.now >= t) {
                let line = d.line;
                let keyed = !d.digits.is_empty();
                let number = if keyed {
                    Some(d.digits.clone())
                } else {
                    self.dial_plan.hotline.clone()
                };
                match number {
                    Some(n) if keyed => self.dial_keyed(line, &n),
                    Some(n) => self.dial(line, &n),
                    None => {
                        if let Some(d) = &mut self.dialing {
                            d.deadline = None;
                        }
                    }
                }
            }
        }
    }

    /// Hang up (or refuse) every call and remove every registration.
    fn shutdown(&mut self) {
        let calls: Vec<(CallRef, bool)> = self
            .calls
            .iter()
            .map(|a| (a.call, a.is_ringing()))
            .collect();
        for (call, ringing) in calls {
            if ringing {
                self.reject(call);
            } else if let Some(ua) = self.lines.get_mut(call.line) {
                ua.hangup(call);
            }
        }
        for ua in &mut self.lines {
            ua.unregister(self.now);
        }
    }

    /// The next output; ends with [`Output::Timeout`] when nothing else is queued.
    pub fn poll_output(&mut self) -> Output {
        if let Some(o) = self.out.pop_front() {
            return o;
        }
        let mut next: Option<Instant> = None;
        let mut consider = |t: Instant| next = Some(next.map_or(t, |n: Instant| n.min(t)));
        for t in self.lines.iter().filter_map(UserAgent::next_timeout) {
            consider(t);
        }
        if let Some((_, until)) = &self.notice {
            consider(*until);
        }
        if let Some((_, _, until)) = &self.call_notice {
            consider(*until);
        }
        if let Some((_, until)) = &self.end_tone {
            consider(*until);
        }
        if let Some(until) = self.volume_shown_until {
            consider(until);
        }
        if let Some(t) = self.acd.ready_at {
            consider(t);
        }
        for t in self
            .calls
            .iter()
            .filter(|a| a.is_ringing())
            .filter_map(|a| a.forward_at)
        {
            consider(t);
        }
        if let Some(deadline) = self.dialing.as_ref().and_then(|d| d.deadline) {
            consider(deadline);
        }
        for (_, t) in self.calls.iter().filter_map(|a| a.reoffer_at) {
            consider(t);
        }
        if let Some(t) = self.form.as_ref().and_then(form::Form::deadline) {
            consider(t);
        }
        if let Some(w) = self.wall_now() {
            // Redraw the clock at the next whole minute.
            let into_minute = w.unix_secs.rem_euclid(60) as u64;
            consider(self.now + Duration::secs(60 - into_minute));
        }
        if let Some(since) = self.timer_start() {
            // Redraw the call timer at the next whole second.
            let elapsed = self.now.since(since).0;
            consider(self.now + Duration(1000 - elapsed % 1000));
        }
        Output::Timeout(next)
    }

    /// When the call on the screen was answered, if the screen shows its timer.
    fn timer_start(&self) -> Option<Instant> {
        if self.dialing.is_some() {
            return None;
        }
        match self.calls.focused()?.phase {
            Phase::Connected { since, .. } => Some(since),
            _ => None,
        }
    }

    /// The RFC 2543 hold form of our hold offer; an offer that does not parse goes as it is.
    fn zero_address(&mut self, offer: String) -> String {
        match negotiate::with_zero_address(&offer) {
            Ok(held) => held,
            Err(e) => {
                self.out.push_back(Output::Log(format!("hold: {}", e.0)));
                offer
            }
        }
    }

    fn on_media(&mut self, ev: MediaEvent) {
        match ev {
            MediaEvent::LocalDescription { call, sdp } => {
                let Some(a) = self.calls.get(call) else {
                    return;
                };
                match (&a.phase, a.renegotiation) {
                    (Phase::Connected { .. }, Some(Renegotiation::Offering { hold })) => {
                        let zero = self
                            .account(call.line)
                            .is_some_and(|a| a.hold_with_zero_address);
                        let sdp = if hold && zero {
                            self.zero_address(sdp)
                        } else {
                            sdp
                        };
                        let sent = self
                            .lines
                            .get_mut(call.line)
                            .is_some_and(|ua| ua.reoffer(call, &sdp));
                        let next = if sent {
                            Some(Renegotiation::Offered { hold })
                        } else {
                            // The far end's re-INVITE came first: offer once it is over.
                            self.out.push_back(Output::Log(
                                "hold: the far end's re-INVITE is in progress; offering after it"
                                    .into(),
                            ));
                            None
                        };
                        let now = self.now;
                        if let Some(a) = self.calls.get_mut(call) {
                            a.renegotiation = next;
                            if !sent {
                                a.reoffer_at = Some((hold, now + REOFFER_WAIT));
                            }
                        }
                    }
                    (Phase::Connected { .. }, Some(Renegotiation::Answering)) => {
                        if let Some(a) = self.calls.get_mut(call) {
                            a.renegotiation = None;
                        }
                        if let Some(ua) = self.lines.get_mut(call.line) {
                            ua.reanswer(call, &sdp);
                        }
                    }
                    (Phase::Outgoing(_), _) => {
                        if let Some(ua) = self.lines.get_mut(call.line) {
                            ua.offer_ready(call, &sdp)
                        }
                    }
                    (Phase::Incoming, _) => {
                        if let Some(ua) = self.lines.get_mut(call.line) {
                            ua.answer_ready(call, &sdp)
                        }
                    }
                    _ => {}
                }
            }
            MediaEvent::RecordingFailed { reason } => self.recording_failed(&reason),
            MediaEvent::Failed { call, reason } => {
                self.out
                    .push_back(Output::Log(format!("media failed: {reason}")));
                if let Some(ua) = self.lines.get_mut(call.line) {
                    ua.media_failed(call);
                }
                // A hold, resume or answer the media side could not make is given up.
                if let Some(a) = self.calls.get_mut(call) {
                    a.renegotiation = None;
                    a.reoffer_at = None;
                }
            }
        }
    }

    /// Take what every line's user agent produced: messages to send go out tagged with
    /// their line, events drive the phone (one may make another line send, so repeat).
    fn drain_lines(&mut self) {
        loop {
            let mut any = false;
            for line in 0..self.lines.len() {
                while let Some(o) = self.lines[line].poll_output() {
                    any = true;
                    match o {
                        UaOutput::Send(bytes) => self.out.push_back(Output::Send { line, bytes }),
                        UaOutput::Event(ev) => self.on_ua_event(line, ev),
                    }
                }
            }
            if !any {
                break;
            }
        }
    }

    fn on_ua_event(&mut self, line: usize, ev: UaEvent) {
        match ev {
            UaEvent::Registration(state) => {
                self.out.push_back(Output::Log(format!(
                    "line {} registration: {state:?}",
                    line + 1
                )));
                self.changed();
            }
            UaEvent::Incoming {
                call,
                from,
                sdp,
                replaces,
                auto_answer,
                ring_tone,
            } => {
                let account = self.account(line);
                let answer_by_itself =
                    account.is_some_and(|a| a.auto_answer || (auto_answer && a.allow_intercom));
                self.on_incoming(line, call, from, sdp, replaces);
                if let Some(a) = self.calls.get_mut(call) {
                    a.ring_tone = ring_tone;
                    if a.is_ringing() {
                        // Kept: it rings (a refused or forwarded call never did).
                        if let Some(ua) = self.lines.get_mut(line) {
                            ua.ring(call);
                        }
                    }
                }
                if answer_by_itself {
                    self.auto_answer(call);
                }
            }
            UaEvent::Progress { call, sdp, code } => {
                self.report_transfer(call, code);
                let Some(a) = self.calls.get_mut(call) else {
                    return;
                };
                if let Phase::Outgoing(_) = a.phase {
                    a.phase = Phase::Outgoing(if sdp.is_some() {
                        CallState::EarlyMedia
                    } else {
                        CallState::Ringback
                    });
                    if let Some(answer) = sdp {
                        self.out
                            .push_back(Output::Media(MediaCommand::ApplyAnswer { call, answer }));
                    }
                    self.changed();
                }
            }
            UaEvent::Answered { call, sdp } => {
                self.report_transfer(call, 200);
                let now = self.now;
                let Some(a) = self.calls.get_mut(call) else {
                    return;
                };
                let early = a.phase == Phase::Outgoing(CallState::EarlyMedia);
                if a.is_connected() {
                    return;
                }
                let received = (a.is_ringing() || a.picked_up).then(|| a.peer.clone());
                a.forward_at = None;
                a.phase = Phase::Connected {
                    since: now,
                    held: false,
                    held_by_remote: false,
                };
                if let Some(answer) = sdp.filter(|_| !early) {
                    self.out
                        .push_back(Output::Media(MediaCommand::ApplyAnswer { call, answer }));
                }
                if let Some(party) = received {
                    self.log_call(HistoryKind::Received, call.line, party);
                }
                if self.calls.focused().is_none() && self.dialing.is_none() {
                    self.calls.focus(call);
                }
                self.shown_second = 0;
                self.changed();
            }
            UaEvent::Ended { call, reason } => self.on_ended(call, reason),
            UaEvent::Renegotiated {
                call,
                answer,
                retry_after,
            } => {
                let now = self.now;
                let Some(a) = self.calls.get_mut(call) else {
                    return;
                };
                if let (Some(Renegotiation::Offered { hold }), None, Some(wait)) =
                    (a.renegotiation, &answer, retry_after)
                {
                    // 491: the offers crossed; a fresh one after the wait.
                    a.renegotiation = None;
                    a.reoffer_at = Some((hold, now + wait));
                    return;
                }
                if let Some(Renegotiation::Offered { hold }) = a.renegotiation {
                    a.renegotiation = None;
                    match answer {
                        Some(answer) => {
                            if let Phase::Connected { held, .. } = &mut a.phase {
                                *held = hold;
                            }
                            self.out.push_back(Output::Media(MediaCommand::ApplyAnswer {
                                call,
                                answer,
                            }));
                            self.changed();
                        }
                        None => self
                            .out
                            .push_back(Output::Log("the far end refused the new offer".into())),
                    }
                }
            }
            UaEvent::Reoffered { call, offer } => {
                let remote_hold = offer_holds(&offer);
                let Some(a) = self.calls.get_mut(call) else {
                    return;
                };
                if let Some(Renegotiation::Offering { .. }) = a.renegotiation {
                    // The media side is making our offer: theirs waits (491); they offer again.
                    if let Some(ua) = self.lines.get_mut(line) {
                        ua.refuse_reoffer(call);
                    }
                    return;
                }
                if let Phase::Connected { held_by_remote, .. } = &mut a.phase {
                    *held_by_remote = remote_hold;
                    a.renegotiation = Some(Renegotiation::Answering);
                    self.out
                        .push_back(Output::Media(MediaCommand::CreateAnswer { call, offer }));
                    self.changed();
                }
            }
            UaEvent::SwitchServer(server) => {
                self.out.push_back(Output::Log(format!(
                    "line {}: switching to server {server}",
                    line + 1
                )));
                self.out.push_back(Output::SwitchServer { line, server });
            }
            UaEvent::FlowFailed => {
                self.out.push_back(Output::Log(format!(
                    "line {}: no keep-alive answer from the server: reconnecting",
                    line + 1
                )));
                self.out.push_back(Output::Reconnect { line });
            }
            UaEvent::Recording { call, on, code } => self.on_recording(call, on, code),
            UaEvent::DtmfReceived { digit, .. } => self
                .out
                .push_back(Output::Log(format!("DTMF received: {digit}"))),
            UaEvent::MessageReceived(m) => {
                self.out.push_back(Output::Log(format!(
                    "message from {}: {}",
                    m.from.uri, m.text
                )));
                let at = self.wall_now();
                self.inbox.add(inbox::TextMessage {
                    from: m.from.clone(),
                    text: m.text.clone(),
                    line,
                    at,
                });
                self.idle_notice(format!("Message from {}", m.from.label()));
            }
            UaEvent::MessageResult { message, code } => {
                self.out.push_back(Output::Log(format!(
                    "message {} answered {code}",
                    message.0
                )));
                self.idle_notice(if (200..300).contains(&code) {
                    "Message sent".to_string()
                } else {
                    format!("Message failed ({code})")
                });
            }
            UaEvent::TransferAccepted { call, code } => self.on_transfer_accepted(call, code),
            UaEvent::TransferProgress { call, code } => self.out.push_back(Output::Log(format!(
                "transfer of {call}: the new call is at {code}"
            ))),
            UaEvent::Referred { call, target } => self.on_referred(call, target),
            UaEvent::Notified {
                sub,
                event,
                content_type,
                body,
            } => self.on_notified(line, sub, &event, &content_type, &body),
            UaEvent::SubscriptionRefused { sub, code } => {
                self.out.push_back(Output::Log(format!(
                    "line {}: subscription {} refused ({code})",
                    line + 1,
                    sub.0
                )));
                self.on_acd_refused(line, sub, code);
            }
            UaEvent::Warning(w) => self.out.push_back(Output::Log(w)),
        }
    }

    /// A NOTIFY: a line's voicemail summary, or a BLF key's extension.
    fn on_notified(
        &mut self,
        line: usize,
        sub: Option<SubRef>,
        event: &str,
        content_type: &str,
        body: &str,
    ) {
        match event {
            acd::EVENT => self.on_agent_state_notify(line, sub, body),
            "message-summary" => {
                if let (Some(summary), Some(slot)) =
                    (MessageSummary::parse(body), self.mwi.get_mut(line))
                {
                    *slot = Some(summary);
                    self.changed();
                }
            }
            "dialog" => {
                let list = (self.dss.iter()).position(|s| {
                    s.key.kind == DssKind::BlfList && s.sub.is_some() && s.sub == sub
                });
                if let Some(list) = list.filter(|n| self.dss[*n].key.line == line) {
                    if let Some(state) = blf_list::list_state(content_type, body) {
                        self.on_list_notify(list, state);
                    }
                    return;
                }
                let info = dialog_info(body);
                if let (Some(info), Some(slot)) = (
                    info,
                    self.dss
                        .iter_mut()
                        .find(|s| s.sub.is_some() && s.sub == sub && s.key.line == line),
                ) {
                    slot.blf = info.state;
                    slot.ringing = info.ringing;
                    self.changed();
                }
            }
            _ => {}
        }
    }

    /// New voice messages over all lines, and whether any line says messages wait.
    pub(super) fn voicemail(&self) -> (u32, bool) {
        self.mwi.iter().flatten().fold((0u32, false), |(n, w), s| {
            (n.saturating_add(s.new), w || s.waiting)
        })
    }

    /// A new call for line `line`. With no call it rings; with calls and the account's call
    /// waiting on (and room for one more) it waits, its caller hearing ringback; otherwise
    /// it is refused with 486 Busy Here.
    fn on_incoming(
        &mut self,
        line: usize,
        call: CallRef,
        from: Party,
        sdp: String,
        replaces: Option<CallRef>,
    ) {
        if let Some(old) = replaces.filter(|old| self.calls.get(*old).is_some()) {
            // RFC 3891: the call takes over `old` (we were the target of an attended
            // transfer): answered at once, in its place on the screen; `old` is hung up.
            self.calls.add(Appearance::new(call, from, Phase::Incoming));
            // Whoever else has the audio is held first, as for any answer.
            self.hold_active_except_for(call, old);
            self.calls.focus(call);
            self.out
                .push_back(Output::Media(MediaCommand::CreateAnswer {
                    call,
                    offer: sdp,
                }));
            if let Some(ua) = self.lines.get_mut(line) {
                ua.answer(call);
            }
            if let Some(ua) = self.lines.get_mut(old.line) {
                ua.hangup(old);
            }
            self.changed();
            return;
        }
        if self.blacklist.blocks(&from.uri) {
            // Refused without ringing and kept out of the call log: the caller is blocked.
            self.out.push_back(Output::Log(format!(
                "line {}: refused a call from {} (blacklist)",
                line + 1,
                from.uri
            )));
            let code = self.account(line).map_or(486, |a| a.reject_code);
            self.lines[line].reject(call, code);
            return;
        }
        if let Some(target) = self.forward_always() {
            self.forward_call(call, from, &target);
            return;
        }
        if self.dnd {
            // Do not disturb: refused with the DND code (486 unless configured) and
            // logged as missed, so the user sees who called.
            self.log_call(HistoryKind::Missed, line, from);
            self.lines[line].reject(call, self.dnd_code);
            self.changed();
            return;
        }
        let room = self.calls.len() < self.profile.max_calls;
        let waiting_allowed = self.account(line).is_some_and(|a| a.call_waiting);
        if !room || (!self.calls.is_empty() && !waiting_allowed) {
            match self.forward.busy.clone() {
                Some(target) => self.forward_call(call, from, &target),
                None => self.lines[line].reject(call, 486),
            }
            return;
        }
        if self.calls.is_empty() {
            // Ringing takes over the screen, even from a number half dialled, a menu or a
            // message half written.
            self.dialing = None;
            self.menu = None;
            self.form = None;
            self.notice = None;
        }
        let mut a = Appearance::new(call, from, Phase::Incoming);
        a.forward_at = self.no_answer_deadline();
        self.calls.add(a);
        if self.dialing.is_none()
            && self.calls.active().is_none()
            && self.calls.focused().is_none_or(|a| !a.is_ringing())
        {
            // Nobody is talking: the new call takes the screen and rings.
            self.calls.focus(call);
        }
        // The answer is made now, so that answering is instant.
        self.out
            .push_back(Output::Media(MediaCommand::CreateAnswer {
                call,
                offer: sdp,
            }));
        self.changed();
    }

    /// Answer a call that just came in by itself (auto answer, intercom): only when it is
    /// the phone's only call and rings (not forwarded, refused or waiting).
    fn auto_answer(&mut self, call: CallRef) {
        let ringing_alone = self.calls.len() == 1
            && self
                .calls
                .focused()
                .is_some_and(|a| a.call == call && a.is_ringing());
        if ringing_alone {
            if let Some(ua) = self.lines.get_mut(call.line) {
                ua.answer(call);
            }
            self.changed();
        }
    }

    fn on_ended(&mut self, call: CallRef, reason: EndReason) {
        self.report_transfer(call, Phone::transfer_code(&reason));
        // A transfer of this call can no longer happen.
        if let Some(d) = self
            .dialing
            .as_mut()
            .filter(|d| d.transfer_of == Some(call))
        {
            d.transfer_of = None;
        }
        // Nor can its forwarding: the number being keyed for it goes.
        if self.forward_entry() == Some(call) {
            self.dialing = None;
        }
        self.calls.forget_consultations_for(call);
        let had_screen = self.calls.focused().is_some_and(|a| a.call == call);
        let Some(gone) = self.calls.remove(call) else {
            return;
        };
        if reason == EndReason::Forwarded {
            // Logged when it was forwarded.
        } else if gone.is_ringing() {
            // Never answered: refused by the user (logged as received, as the Dinstar does),
            // or given up by the caller (missed).
            let kind = if gone.rejected {
                HistoryKind::Received
            } else {
                HistoryKind::Missed
            };
            self.log_call(kind, call.line, gone.peer.clone());
        }
        self.out
            .push_back(Output::Media(MediaCommand::Close { call }));
        if self.calls.is_empty() {
            self.muted = false;
        }
        self.dissolve_lone_conference();
        if had_screen || self.calls.is_empty() {
            let text = match reason {
                // A parked call: where, for the retrieve.
                _ if gone.transferring && gone.parking_at.is_some() => {
                    format!("Parked at {}", gone.parking_at.clone().unwrap_or_default())
                }
                _ if gone.transferring => "Transferred".to_string(),
                EndReason::Forwarded => "Call forwarded".to_string(),
                EndReason::Cancelled if gone.is_ringing() => "Missed call".to_string(),
                EndReason::LocalHangup | EndReason::RemoteHangup | EndReason::Cancelled => {
                    "Call ended".to_string()
                }
                EndReason::Rejected { code: 486 | 600 } => "Busy".to_string(),
                EndReason::Rejected { code: 404 } => "Not found".to_string(),
                EndReason::Rejected { code } => format!("Call failed ({code})"),
                EndReason::MediaFailed => "No audio device".to_string(),
            };
            self.notice = Some((text, self.now + NOTICE_TIME));
        }
        if gone.is_connected() {
            self.acd_call_ended(call.line);
        }
        let outgoing = matches!(gone.phase, calls::Phase::Outgoing(_));
        self.tone_for_end(&reason, outgoing, gone.is_connected());
        self.shown_second = 0;
        self.changed();
    }

    /// Put a call in the log, stamped with the wall clock if known.
    pub(super) fn log_call(&mut self, kind: HistoryKind, line: usize, party: Party) {
        let number = party.uri.clone();
        let at = self.wall_now();
        self.history.add(
            kind,
            HistoryEntry {
                party,
                number,
                line,
                at,
            },
        );
    }

    /// Show `text` on the idle screen for a while (nothing when a call or a number is on it).
    fn idle_notice(&mut self, text: String) {
        if self.calls.is_empty() && self.dialing.is_none() {
            self.notice = Some((text, self.now + NOTICE_TIME));
            self.changed();
        }
    }

    /// The view changed.
    fn changed(&mut self) {
        self.out.push_back(Output::ViewChanged);
    }

    fn expire_volume(&mut self) {
        if self.volume_shown_until.is_some_and(|t| self.now >= t) {
            self.volume_shown_until = None;
            self.changed();
        }
    }

    fn expire_notice(&mut self) {
        if self
            .notice
            .as_ref()
            .is_some_and(|(_, until)| self.now >= *until)
        {
            self.notice = None;
            self.changed();
        }
        if (self.call_notice.as_ref()).is_some_and(|(_, _, until)| self.now >= *until) {
            self.call_notice = None;
            self.changed();
        }
    }

    /// Say `text` on `call`'s screen for a moment, in place of its state.
    fn call_notice(&mut self, call: CallRef, text: String) {
        self.call_notice = Some((call, text, self.now + NOTICE_TIME));
    }

    fn refresh_clock(&mut self) {
        if let Some(w) = self.wall_now() {
            let minute = w.unix_secs.div_euclid(60);
            if minute != self.shown_minute {
                self.shown_minute = minute;
                self.changed();
            }
        }
    }

    fn refresh_timer(&mut self) {
        if let Some(since) = self.timer_start() {
            let s = self.now.since(since).0 / 1000;
            if s != self.shown_second {
                self.shown_second = s;
                self.changed();
            }
        }
    }
}

/// An account's action URL variables: `$active_url`, `$active_user`, `$active_host`,
/// `$local`, `$display_local`.
fn account_vars(a: &crate::sip::account::Account) -> action_url::Vars {
    [
        ("active_url", a.aor()),
        ("active_user", a.user.clone()),
        ("active_host", a.domain.clone()),
        ("local", a.aor()),
        (
            "display_local",
            a.display_name.clone().unwrap_or_else(|| a.user.clone()),
        ),
    ]
    .into_iter()
    .collect()
}
