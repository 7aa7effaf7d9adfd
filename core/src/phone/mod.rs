//! The phone: turns key presses, SIP events and media events into call control, and decides
//! what the screen says, which soft keys exist and how each lamp is lit.
//!
//! A phone has one line per account (up to [`MAX_LINES`]), each with its own user agent,
//! registration and connection to its server; inputs from and outputs to the network name
//! their line. Sans-IO like the user agent: [`Phone::handle_input`] then drain
//! [`Phone::poll_output`] until it returns [`Output::Timeout`] (STYLE.md §1).

mod keys;
mod media;
pub mod view;

use std::collections::VecDeque;

pub use keys::Key;
pub use media::{MediaCommand, MediaEvent};

use crate::sdp::negotiate;
use crate::sip::account::Account;
use crate::sip::call::{CallRef, EndReason, Party};
use crate::sip::ua::{UaEvent, UaOutput, UserAgent};
use crate::time::{Duration, Instant};
use media::offer_holds;
use view::CallState;

/// The most accounts a phone carries (the SayHi 6XX has 8 SIP lines).
pub const MAX_LINES: usize = 8;

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
    /// Nothing but the passage of time.
    Tick,
}

/// An output of the phone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    /// Bytes to send to line `line`'s SIP server.
    Send {
        /// The line (0-based).
        line: usize,
        /// One message, or a keep-alive.
        bytes: Vec<u8>,
    },
    /// A command for the media driver.
    Media(MediaCommand),
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

#[derive(Clone, Debug, PartialEq, Eq)]
enum Mode {
    Idle,
    Dialing {
        /// The line whose account places the call.
        line: usize,
        digits: String,
    },
    Outgoing {
        call: CallRef,
        number: String,
        state: CallState,
    },
    Incoming {
        call: CallRef,
        from: Party,
    },
    Talking {
        call: CallRef,
        peer: Party,
        since: Instant,
        /// We hold the call (our re-offer was `sendonly`).
        held: bool,
        /// The far end holds us (its offer was `sendonly`/`inactive`, or `c=0.0.0.0`).
        held_by_remote: bool,
    },
}

impl Mode {
    /// The call the phone is busy with, if any.
    fn call(&self) -> Option<CallRef> {
        match self {
            Mode::Outgoing { call, .. }
            | Mode::Incoming { call, .. }
            | Mode::Talking { call, .. } => Some(*call),
            Mode::Idle | Mode::Dialing { .. } => None,
        }
    }
}

/// A renegotiation of a call's session in progress (RFC 3264 §8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Renegotiation {
    /// We asked the media side for an offer putting the call on hold (`true`) or back.
    Offering { call: CallRef, hold: bool },
    /// Our offer is out in a re-INVITE.
    Offered { call: CallRef, hold: bool },
    /// We asked the media side to answer the far end's new offer.
    Answering { call: CallRef },
}

/// How long an end-of-call notice stays on the idle screen.
const NOTICE_TIME: Duration = Duration::secs(3);

/// The phone model: its lines (one user agent per account) and what the user is doing.
#[derive(Debug)]
pub struct Phone {
    /// One user agent per account; line `n` is `lines[n]`.
    lines: Vec<UserAgent>,
    /// The line that places calls dialled from the keypad without choosing a line key.
    default_line: usize,
    mode: Mode,
    now: Instant,
    /// The last number dialled, and on which line.
    last_dialled: Option<(usize, String)>,
    notice: Option<(String, Instant)>,
    out: VecDeque<Output>,
    /// The second shown by the talking timer, to redraw once a second.
    shown_second: u64,
    /// DTMF digits sent during the current call, shown under the timer.
    dtmf_shown: String,
    renegotiation: Option<Renegotiation>,
    /// A second caller waiting while we talk (call waiting on), on any line.
    waiting: Option<(CallRef, Party, String)>,
}

impl Phone {
    /// A phone with one line for `account`; `seed` feeds SIP identifiers, `now` is the
    /// driver's clock.
    pub fn new(account: Account, seed: u64, now: Instant) -> Phone {
        Phone::from_lines(vec![UserAgent::new(account, seed)], now)
    }

    /// A phone with one line per account, line 1 first (at least one, at most
    /// [`MAX_LINES`]). Every line registers with the device's one instance URN.
    pub fn with_lines(
        accounts: Vec<Account>,
        seed: u64,
        now: Instant,
    ) -> Result<Phone, LinesError> {
        if accounts.is_empty() {
            return Err(LinesError("a phone needs at least one account".into()));
        }
        if accounts.len() > MAX_LINES {
            return Err(LinesError(format!(
                "{} accounts given: a phone has at most {MAX_LINES} lines",
                accounts.len()
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
        Ok(Phone::from_lines(lines, now))
    }

    fn from_lines(lines: Vec<UserAgent>, now: Instant) -> Phone {
        Phone {
            lines,
            default_line: 0,
            mode: Mode::Idle,
            now,
            last_dialled: None,
            notice: None,
            out: VecDeque::new(),
            shown_second: 0,
            dtmf_shown: String::new(),
            renegotiation: None,
            waiting: None,
        }
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
            Input::Tick => {
                for ua in &mut self.lines {
                    ua.handle_timeout(self.now);
                }
            }
        }
        self.expire_notice();
        self.refresh_timer();
        self.drain_lines();
    }

    /// Hang up (or refuse) every call and remove every registration.
    fn shutdown(&mut self) {
        if let Some((call, _, _)) = self.waiting.take() {
            self.reject(call);
        }
        match self.mode {
            Mode::Incoming { call, .. } => self.reject(call),
            Mode::Outgoing { call, .. } | Mode::Talking { call, .. } => {
                if let Some(ua) = self.lines.get_mut(call.line) {
                    ua.hangup(call);
                }
            }
            Mode::Idle | Mode::Dialing { .. } => {}
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
        if let Mode::Talking { since, .. } = self.mode {
            // Redraw the call timer at the next whole second.
            let elapsed = self.now.since(since).0;
            consider(self.now + Duration(1000 - elapsed % 1000));
        }
        Output::Timeout(next)
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
            MediaEvent::LocalDescription { call, sdp } => match (&self.mode, self.renegotiation) {
                (
                    Mode::Talking { call: c, .. },
                    Some(Renegotiation::Offering { call: r, hold }),
                ) if *c == call && r == call => {
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
                    if sent {
                        self.renegotiation = Some(Renegotiation::Offered { call, hold });
                    } else {
                        self.renegotiation = None;
                        self.out.push_back(Output::Log(
                            "hold: a re-INVITE is already in progress".into(),
                        ));
                    }
                }
                (Mode::Talking { call: c, .. }, Some(Renegotiation::Answering { call: r }))
                    if *c == call && r == call =>
                {
                    self.renegotiation = None;
                    if let Some(ua) = self.lines.get_mut(call.line) {
                        ua.reanswer(call, &sdp);
                    }
                }
                (Mode::Outgoing { call: c, .. }, _) if *c == call => {
                    if let Some(ua) = self.lines.get_mut(call.line) {
                        ua.offer_ready(call, &sdp)
                    }
                }
                (Mode::Incoming { call: c, .. }, _) if *c == call => {
                    if let Some(ua) = self.lines.get_mut(call.line) {
                        ua.answer_ready(call, &sdp)
                    }
                }
                _ => {}
            },
            MediaEvent::Failed { call, reason } => {
                self.out
                    .push_back(Output::Log(format!("media failed: {reason}")));
                if let Some(ua) = self.lines.get_mut(call.line) {
                    ua.media_failed(call);
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
                self.out.push_back(Output::ViewChanged);
            }
            UaEvent::Incoming { call, from, sdp } => {
                if self.mode == Mode::Idle || matches!(self.mode, Mode::Dialing { .. }) {
                    self.notice = None;
                    self.set_mode(Mode::Incoming { call, from });
                    self.out
                        .push_back(Output::Media(MediaCommand::CreateAnswer {
                            call,
                            offer: sdp,
                        }));
                } else if self.account(line).is_some_and(|a| a.call_waiting)
                    && self.waiting.is_none()
                {
                    // Call waiting: the caller hears ringing (the user agent sent 180) and the
                    // screen names them; it rings here once the current call is over.
                    self.waiting = Some((call, from, sdp));
                    self.out.push_back(Output::ViewChanged);
                } else {
                    // Busy (call waiting off, or already one waiting): 486 Busy Here.
                    self.lines[line].reject(call, 486);
                }
            }
            UaEvent::Progress { call, code, sdp } => {
                if let Mode::Outgoing {
                    call: c, number, ..
                } = self.mode.clone()
                {
                    if c == call {
                        let state = if sdp.is_some() {
                            CallState::EarlyMedia
                        } else {
                            CallState::Ringback
                        };
                        if let Some(answer) = sdp {
                            self.out.push_back(Output::Media(MediaCommand::ApplyAnswer {
                                call,
                                answer,
                            }));
                        }
                        let _ = code;
                        self.set_mode(Mode::Outgoing {
                            call,
                            number,
                            state,
                        });
                    }
                }
            }
            UaEvent::Answered { call, sdp } => match self.mode.clone() {
                Mode::Outgoing {
                    call: c,
                    number,
                    state,
                } if c == call => {
                    if let Some(answer) = sdp {
                        if state != CallState::EarlyMedia {
                            self.out.push_back(Output::Media(MediaCommand::ApplyAnswer {
                                call,
                                answer,
                            }));
                        }
                    }
                    let peer = Party {
                        uri: number.clone(),
                        display: Some(number),
                    };
                    self.set_mode(Mode::Talking {
                        call,
                        peer,
                        since: self.now,
                        held: false,
                        held_by_remote: false,
                    });
                }
                Mode::Incoming { call: c, from } if c == call => {
                    self.set_mode(Mode::Talking {
                        call,
                        peer: from,
                        since: self.now,
                        held: false,
                        held_by_remote: false,
                    });
                }
                _ => {}
            },
            UaEvent::Ended { call, .. }
                if self.waiting.as_ref().is_some_and(|(w, _, _)| *w == call) =>
            {
                // The waiting caller gave up.
                self.waiting = None;
                self.out
                    .push_back(Output::Media(MediaCommand::Close { call }));
                self.out.push_back(Output::ViewChanged);
            }
            UaEvent::Ended { call, reason } => {
                let ours = self.mode.call() == Some(call);
                self.out
                    .push_back(Output::Media(MediaCommand::Close { call }));
                if ours {
                    let text = match reason {
                        EndReason::LocalHangup | EndReason::RemoteHangup => {
                            "Call ended".to_string()
                        }
                        EndReason::Cancelled => "Missed call".to_string(),
                        EndReason::Rejected { code: 486 | 600 } => "Busy".to_string(),
                        EndReason::Rejected { code: 404 } => "Not found".to_string(),
                        EndReason::Rejected { code } => format!("Call failed ({code})"),
                        EndReason::MediaFailed => "No audio device".to_string(),
                    };
                    self.notice = Some((text, self.now + NOTICE_TIME));
                    self.set_mode(Mode::Idle);
                    if let Some((call, from, sdp)) = self.waiting.take() {
                        // The waiting call now rings like any other.
                        self.set_mode(Mode::Incoming { call, from });
                        self.out
                            .push_back(Output::Media(MediaCommand::CreateAnswer {
                                call,
                                offer: sdp,
                            }));
                    }
                }
            }
            UaEvent::Renegotiated { call, answer } => {
                if let Some(Renegotiation::Offered { call: r, hold }) = self.renegotiation {
                    if r == call {
                        self.renegotiation = None;
                        match answer {
                            Some(answer) => {
                                self.out.push_back(Output::Media(MediaCommand::ApplyAnswer {
                                    call,
                                    answer,
                                }));
                                if let Mode::Talking { held, .. } = &mut self.mode {
                                    *held = hold;
                                }
                                self.out.push_back(Output::ViewChanged);
                            }
                            None => self
                                .out
                                .push_back(Output::Log("the far end refused the new offer".into())),
                        }
                    }
                }
            }
            UaEvent::Reoffered { call, offer } => {
                let remote_hold = offer_holds(&offer);
                if let Mode::Talking {
                    call: c,
                    held_by_remote,
                    ..
                } = &mut self.mode
                {
                    if *c == call {
                        *held_by_remote = remote_hold;
                        self.renegotiation = Some(Renegotiation::Answering { call });
                        self.out
                            .push_back(Output::Media(MediaCommand::CreateAnswer { call, offer }));
                        self.out.push_back(Output::ViewChanged);
                    }
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
            UaEvent::DtmfReceived { digit, .. } => self
                .out
                .push_back(Output::Log(format!("DTMF received: {digit}"))),
            UaEvent::MessageReceived(m) => {
                // The message list and its screens come with the phone model (issue 4); until
                // then the idle screen names the sender and the log keeps the text.
                self.out.push_back(Output::Log(format!(
                    "message from {}: {}",
                    m.from.uri, m.text
                )));
                if self.mode == Mode::Idle {
                    self.notice = Some((
                        format!("Message from {}", m.from.label()),
                        self.now + NOTICE_TIME,
                    ));
                    self.out.push_back(Output::ViewChanged);
                }
            }
            UaEvent::MessageResult { message, code } => {
                self.out.push_back(Output::Log(format!(
                    "message {} answered {code}",
                    message.0
                )));
                let text = if (200..300).contains(&code) {
                    "Message sent".to_string()
                } else {
                    format!("Message failed ({code})")
                };
                if self.mode == Mode::Idle {
                    self.notice = Some((text, self.now + NOTICE_TIME));
                    self.out.push_back(Output::ViewChanged);
                }
            }
            UaEvent::Warning(w) => self.out.push_back(Output::Log(w)),
        }
    }

    fn set_mode(&mut self, mode: Mode) {
        if !matches!(mode, Mode::Talking { .. }) {
            self.renegotiation = None;
        }
        if !matches!(mode, Mode::Talking { .. }) {
            self.dtmf_shown.clear();
        }
        self.mode = mode;
        self.shown_second = 0;
        self.out.push_back(Output::ViewChanged);
    }

    fn expire_notice(&mut self) {
        if self
            .notice
            .as_ref()
            .is_some_and(|(_, until)| self.now >= *until)
        {
            self.notice = None;
            self.out.push_back(Output::ViewChanged);
        }
    }

    fn refresh_timer(&mut self) {
        if let Mode::Talking { since, .. } = self.mode {
            let s = self.now.since(since).0 / 1000;
            if s != self.shown_second {
                self.shown_second = s;
                self.out.push_back(Output::ViewChanged);
            }
        }
    }
}
