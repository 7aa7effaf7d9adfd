//! The phone: turns key presses, SIP events and media events into call control, and decides
//! what the screen says, which soft keys exist and how each lamp is lit.
//!
//! Sans-IO like the user agent: [`Phone::handle_input`] then drain [`Phone::poll_output`]
//! until it returns [`Output::Timeout`] (STYLE.md §1).

pub mod view;

use std::collections::VecDeque;

use crate::sdp::negotiate;
use crate::sip::account::{Account, DtmfMode};
use crate::sip::call::{CallRef, EndReason, Party};
use crate::sip::registration::RegistrationState;
use crate::sip::ua::{UaEvent, UaOutput, UserAgent};
use crate::time::{Duration, Instant};
use view::{CallState, Lamp, LampColor, LampPattern, LineStatus, View};

/// A key of the phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// Keypad: `0`-`9`, `*`, `#`.
    Digit(char),
    /// The soft key at this position under the screen (0 = leftmost).
    Soft(usize),
    /// Send / dial (the green key; Enter on a computer keyboard).
    Send,
    /// Cancel / end (the red key; Escape on a computer keyboard).
    Cancel,
    /// Line key `n` (0-based).
    Line(usize),
    /// Redial the last dialled number.
    Redial,
}

/// What a soft key does, so labels and actions stay together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SoftAction {
    Send,
    Delete,
    Cancel,
    Answer,
    Reject,
    End,
    Redial,
    Hold,
    Resume,
}

impl SoftAction {
    fn label(self) -> &'static str {
        match self {
            SoftAction::Send => "Send",
            SoftAction::Delete => "Delete",
            SoftAction::Cancel => "Cancel",
            SoftAction::Answer => "Answer",
            SoftAction::Reject => "Reject",
            SoftAction::End => "End",
            SoftAction::Redial => "Redial",
            SoftAction::Hold => "Hold",
            SoftAction::Resume => "Resume",
        }
    }
}

/// What the media driver is asked to do for a call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MediaCommand {
    /// Make a local SDP offer (reply with [`MediaEvent::LocalDescription`]).
    CreateOffer {
        /// The call.
        call: CallRef,
    },
    /// Take the far end's offer and make a local answer (reply with [`MediaEvent::LocalDescription`]).
    CreateAnswer {
        /// The call.
        call: CallRef,
        /// The remote offer.
        offer: String,
    },
    /// Apply the far end's answer to our offer.
    ApplyAnswer {
        /// The call.
        call: CallRef,
        /// The remote answer.
        answer: String,
    },
    /// Make a new offer for an answered call: on hold (`sendonly`, microphone silenced) or
    /// back (`sendrecv`); reply with [`MediaEvent::LocalDescription`].
    Renegotiate {
        /// The call.
        call: CallRef,
        /// Hold (`true`) or resume.
        hold: bool,
    },
    /// Play a DTMF digit as an RTP telephone-event (RFC 4733).
    SendDtmf {
        /// The call.
        call: CallRef,
        /// The digit.
        digit: char,
    },
    /// Tear the call's media down.
    Close {
        /// The call.
        call: CallRef,
    },
}

impl MediaCommand {
    /// The call the command is for.
    pub fn call(&self) -> CallRef {
        match self {
            MediaCommand::CreateOffer { call }
            | MediaCommand::CreateAnswer { call, .. }
            | MediaCommand::ApplyAnswer { call, .. }
            | MediaCommand::Renegotiate { call, .. }
            | MediaCommand::SendDtmf { call, .. }
            | MediaCommand::Close { call } => *call,
        }
    }
}

/// What the media driver reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MediaEvent {
    /// The local description asked for is ready.
    LocalDescription {
        /// The call.
        call: CallRef,
        /// SDP.
        sdp: String,
    },
    /// The media side failed for a call (no microphone, bad remote SDP, ...).
    Failed {
        /// The call.
        call: CallRef,
        /// Why, for the log.
        reason: String,
    },
}

/// An input to the phone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// The transport to the SIP server is connected.
    TransportUp,
    /// The transport was lost.
    TransportDown,
    /// Bytes received from the SIP server.
    Received(Vec<u8>),
    /// A key was pressed.
    Key(Key),
    /// A media event.
    Media(MediaEvent),
    /// Send a text message to a number or address (RFC 3428).
    SendMessage {
        /// What the user typed as the recipient (an extension, a user or a SIP URI).
        to: String,
        /// The text.
        text: String,
    },
    /// The phone is being switched off (page closed, program ending): hang up and remove
    /// the registration (RFC 3261 §10.2.2).
    Shutdown,
    /// Nothing but the passage of time.
    Tick,
}

/// An output of the phone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    /// Bytes to send to the SIP server.
    Send(Vec<u8>),
    /// A command for the media driver.
    Media(MediaCommand),
    /// The view changed: redraw from [`Phone::view`].
    ViewChanged,
    /// The connection to the server is dead: close it and open a new one (then send
    /// [`Input::TransportDown`] and [`Input::TransportUp`] as usual).
    Reconnect,
    /// Connect to server `n` of the account's list instead (0 = primary), then report
    /// [`Input::TransportDown`] and [`Input::TransportUp`] as usual.
    SwitchServer(usize),
    /// A line for the system log.
    Log(String),
    /// Nothing more now; call again with [`Input::Tick`] at this instant (if any).
    Timeout(Option<Instant>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Mode {
    Idle,
    Dialing {
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

/// True when a remote offer puts us on hold (RFC 3264 §8.4): its audio is `sendonly` or
/// `inactive`, or its connection address is 0.0.0.0 (RFC 2543).
fn offer_holds(offer: &str) -> bool {
    use crate::sdp::{Direction, SessionDescription};
    let Ok(sd) = SessionDescription::parse(offer) else {
        return false;
    };
    sd.media
        .iter()
        .filter(|m| m.kind == "audio" && m.port != 0)
        .any(|m| {
            matches!(
                sd.direction_of(m),
                Direction::SendOnly | Direction::Inactive
            ) || sd.address_of(m).as_deref() == Some("0.0.0.0")
        })
}

/// How long an end-of-call notice stays on the idle screen.
const NOTICE_TIME: Duration = Duration::secs(3);

/// The phone model for one account.
#[derive(Debug)]
pub struct Phone {
    ua: UserAgent,
    mode: Mode,
    now: Instant,
    last_dialled: Option<String>,
    notice: Option<(String, Instant)>,
    out: VecDeque<Output>,
    /// The second shown by the talking timer, to redraw once a second.
    shown_second: u64,
    /// DTMF digits sent during the current call, shown under the timer.
    dtmf_shown: String,
    renegotiation: Option<Renegotiation>,
    /// A second caller waiting while we talk (call waiting on).
    waiting: Option<(CallRef, Party, String)>,
}

impl Phone {
    /// A phone for `account`; `seed` feeds SIP identifiers, `now` is the driver's clock.
    pub fn new(account: Account, seed: u64, now: Instant) -> Phone {
        Phone {
            ua: UserAgent::new(account, seed),
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

    /// The user agent, for drivers that must tell it their socket address.
    pub fn user_agent_mut(&mut self) -> &mut UserAgent {
        &mut self.ua
    }

    /// Feed one input, with the driver's clock.
    pub fn handle_input(&mut self, now: Instant, input: Input) {
        self.now = self.now.max(now);
        self.ua.advance(self.now);
        match input {
            Input::TransportUp => self.ua.transport_up(self.now),
            Input::TransportDown => self.ua.transport_lost(),
            Input::Shutdown => {
                if let Mode::Outgoing { call, .. }
                | Mode::Incoming { call, .. }
                | Mode::Talking { call, .. } = self.mode
                {
                    if matches!(self.mode, Mode::Incoming { .. }) {
                        let code = self.ua.account().reject_code;
                        self.ua.reject(call, code);
                    } else {
                        self.ua.hangup(call);
                    }
                }
                self.ua.unregister(self.now);
            }
            Input::Received(bytes) => self.ua.handle_received(&bytes, self.now),
            Input::Key(key) => self.on_key(key),
            Input::Media(ev) => self.on_media(ev),
            Input::SendMessage { to, text } => {
                let target = self.ua.account().target_uri(&to);
                self.ua.send_message(&target, &text);
            }
            Input::Tick => self.ua.handle_timeout(self.now),
        }
        self.expire_notice();
        self.refresh_timer();
        self.drain_ua();
    }

    /// The next output; ends with [`Output::Timeout`] when nothing else is queued.
    pub fn poll_output(&mut self) -> Output {
        if let Some(o) = self.out.pop_front() {
            return o;
        }
        let mut next = self.ua.next_timeout();
        let mut consider = |t: Instant| next = Some(next.map_or(t, |n: Instant| n.min(t)));
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

    fn on_key(&mut self, key: Key) {
        let action = match key {
            Key::Soft(i) => match self.soft_actions().get(i).copied().flatten() {
                Some(a) => a,
                None => return,
            },
            Key::Send => SoftAction::Send,
            Key::Cancel => match self.mode {
                Mode::Idle => return,
                Mode::Dialing { .. } => SoftAction::Cancel,
                Mode::Incoming { .. } => SoftAction::Reject,
                _ => SoftAction::End,
            },
            Key::Redial => SoftAction::Redial,
            Key::Line(0) => match self.mode {
                Mode::Incoming { .. } => SoftAction::Answer,
                Mode::Idle => {
                    self.set_mode(Mode::Dialing {
                        digits: String::new(),
                    });
                    return;
                }
                _ => return,
            },
            Key::Line(_) => return,
            Key::Digit(d) => {
                self.on_digit(d);
                return;
            }
        };
        self.on_action(action);
    }

    fn on_digit(&mut self, d: char) {
        if !matches!(d, '0'..='9' | '*' | '#') {
            return;
        }
        match &mut self.mode {
            Mode::Idle => {
                self.notice = None;
                self.set_mode(Mode::Dialing {
                    digits: d.to_string(),
                });
            }
            Mode::Talking { call, .. } => {
                // Keypad during a call: DTMF, the way the account says, and on the screen.
                let call = *call;
                let mode = self.ua.account().dtmf;
                if matches!(mode, DtmfMode::Info | DtmfMode::Both) {
                    self.ua.send_info_dtmf(call, d);
                }
                if matches!(mode, DtmfMode::Rfc4733 | DtmfMode::Both) {
                    self.out
                        .push_back(Output::Media(MediaCommand::SendDtmf { call, digit: d }));
                }
                if self.dtmf_shown.len() < 24 {
                    self.dtmf_shown.push(d);
                }
                self.out.push_back(Output::ViewChanged);
            }
            Mode::Dialing { digits } => {
                // SayHi 6XX: `#` is the send key by default.
                if d == '#' && !digits.is_empty() {
                    self.on_action(SoftAction::Send);
                } else if digits.len() < 64 {
                    digits.push(d);
                    self.out.push_back(Output::ViewChanged);
                }
            }
            _ => {}
        }
    }

    fn on_action(&mut self, action: SoftAction) {
        match (action, self.mode.clone()) {
            (SoftAction::Send, Mode::Dialing { digits }) if !digits.is_empty() => {
                self.dial(&digits)
            }
            (SoftAction::Redial, Mode::Idle | Mode::Dialing { .. }) => {
                if let Some(n) = self.last_dialled.clone() {
                    self.dial(&n);
                }
            }
            (SoftAction::Delete, Mode::Dialing { mut digits }) => {
                digits.pop();
                self.set_mode(Mode::Dialing { digits });
            }
            (SoftAction::Cancel, Mode::Dialing { .. }) => self.set_mode(Mode::Idle),
            (SoftAction::Answer, Mode::Incoming { call, .. }) => {
                // The offer was given to the media side when the call arrived.
                let answering = self.ua.answer(call);
                if answering {
                    self.out.push_back(Output::ViewChanged);
                }
            }
            (SoftAction::Reject, Mode::Incoming { call, .. }) => {
                let code = self.ua.account().reject_code;
                self.ua.reject(call, code);
            }
            (
                SoftAction::Hold,
                Mode::Talking {
                    call, held: false, ..
                },
            ) => self.renegotiate(call, true),
            (
                SoftAction::Resume,
                Mode::Talking {
                    call, held: true, ..
                },
            ) => self.renegotiate(call, false),
            (SoftAction::End, Mode::Outgoing { call, .. } | Mode::Talking { call, .. }) => {
                self.ua.hangup(call)
            }
            _ => {}
        }
    }

    fn dial(&mut self, number: &str) {
        let target = self.ua.account().target_uri(number);
        let call = self.ua.call(&target);
        self.last_dialled = Some(number.to_string());
        self.set_mode(Mode::Outgoing {
            call,
            number: number.to_string(),
            state: CallState::Calling,
        });
        self.out
            .push_back(Output::Media(MediaCommand::CreateOffer { call }));
    }

    /// Hold or resume (RFC 3264 §8.4): ask the media side for the new offer.
    fn renegotiate(&mut self, call: CallRef, hold: bool) {
        if self.renegotiation.is_some() {
            return; // one at a time
        }
        self.renegotiation = Some(Renegotiation::Offering { call, hold });
        self.out
            .push_back(Output::Media(MediaCommand::Renegotiate { call, hold }));
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
                    let sdp = if hold && self.ua.account().hold_with_zero_address {
                        self.zero_address(sdp)
                    } else {
                        sdp
                    };
                    if self.ua.reoffer(call, &sdp) {
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
                    self.ua.reanswer(call, &sdp);
                }
                (Mode::Outgoing { call: c, .. }, _) if *c == call => {
                    self.ua.offer_ready(call, &sdp)
                }
                (Mode::Incoming { call: c, .. }, _) if *c == call => {
                    self.ua.answer_ready(call, &sdp)
                }
                _ => {}
            },
            MediaEvent::Failed { call, reason } => {
                self.out
                    .push_back(Output::Log(format!("media failed: {reason}")));
                self.ua.media_failed(call);
            }
        }
    }

    fn drain_ua(&mut self) {
        while let Some(o) = self.ua.poll_output() {
            match o {
                UaOutput::Send(bytes) => self.out.push_back(Output::Send(bytes)),
                UaOutput::Event(ev) => self.on_ua_event(ev),
            }
        }
    }

    fn on_ua_event(&mut self, ev: UaEvent) {
        match ev {
            UaEvent::Registration(state) => {
                self.out
                    .push_back(Output::Log(format!("registration: {state:?}")));
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
                } else if self.ua.account().call_waiting && self.waiting.is_none() {
                    // Call waiting: the caller hears ringing (the user agent sent 180) and the
                    // screen names them; it rings here once the current call is over.
                    self.waiting = Some((call, from, sdp));
                    self.out.push_back(Output::ViewChanged);
                } else {
                    // Busy (call waiting off, or already one waiting): 486 Busy Here.
                    self.ua.reject(call, 486);
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
                let ours = match &self.mode {
                    Mode::Outgoing { call: c, .. }
                    | Mode::Incoming { call: c, .. }
                    | Mode::Talking { call: c, .. } => *c == call,
                    _ => false,
                };
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
            UaEvent::SwitchServer(n) => {
                self.out
                    .push_back(Output::Log(format!("switching to server {n}")));
                self.out.push_back(Output::SwitchServer(n));
            }
            UaEvent::FlowFailed => {
                self.out.push_back(Output::Log(
                    "no keep-alive answer from the server: reconnecting".into(),
                ));
                self.out.push_back(Output::Reconnect);
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

    /// Soft keys of the current state, by position.
    fn soft_actions(&self) -> [Option<SoftAction>; 4] {
        use SoftAction::*;
        match &self.mode {
            Mode::Idle => [
                Some(Redial).filter(|_| self.last_dialled.is_some()),
                None,
                None,
                None,
            ],
            Mode::Dialing { .. } => [Some(Send), Some(Delete), None, Some(Cancel)],
            Mode::Outgoing { .. } => [None, None, None, Some(End)],
            Mode::Incoming { .. } => [Some(Answer), None, None, Some(Reject)],
            Mode::Talking { held: false, .. } => [Some(Hold), None, None, Some(End)],
            Mode::Talking { held: true, .. } => [Some(Resume), None, None, Some(End)],
        }
    }

    /// What the face shows now.
    pub fn view(&self) -> View {
        let account = self.ua.account();
        let (line_status, line_detail) = match self.ua.registration() {
            RegistrationState::Registered { .. } => {
                (LineStatus::Registered, "Registered".to_string())
            }
            RegistrationState::Registering => {
                (LineStatus::Registering, "Registering...".to_string())
            }
            RegistrationState::Failed { reason } => (LineStatus::Failed, reason.clone()),
            RegistrationState::Unregistered => (LineStatus::Off, "Not registered".to_string()),
        };
        let (state, lines) = match &self.mode {
            Mode::Idle => {
                let mut lines = vec![account.label.clone()];
                lines.push(match &self.notice {
                    Some((n, _)) => n.clone(),
                    None => line_detail.clone(),
                });
                (CallState::Idle, lines)
            }
            Mode::Dialing { digits } => (CallState::Dialing, vec!["Dial:".into(), digits.clone()]),
            Mode::Outgoing { number, state, .. } => {
                let what = match state {
                    CallState::Ringback => "Ringing...",
                    CallState::EarlyMedia => "Early media",
                    _ => "Calling...",
                };
                (*state, vec![what.into(), number.clone()])
            }
            Mode::Incoming { from, .. } => (
                CallState::Ringing,
                vec!["Incoming call".into(), from.label(), from.uri.clone()],
            ),
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
                let mut lines = vec![
                    what.into(),
                    peer.label(),
                    format!("{:02}:{:02}", s / 60, s % 60),
                ];
                if !self.dtmf_shown.is_empty() {
                    lines.push(self.dtmf_shown.clone());
                }
                if let Some((_, from, _)) = &self.waiting {
                    lines.push(format!("Waiting: {}", from.label()));
                }
                (state, lines)
            }
        };
        let (color, pattern) = match state {
            CallState::Idle | CallState::Dialing => (LampColor::Off, LampPattern::Off),
            // SayHi 6XX: red flashing = incoming, green steady = active call.
            CallState::Ringing => (LampColor::Red, LampPattern::FastBlink),
            // A held call's lamp blinks slowly (green, like the active call it belongs to).
            CallState::Held => (LampColor::Green, LampPattern::SlowBlink),
            _ => (LampColor::Green, LampPattern::Steady),
        };
        View {
            state,
            line_label: account.label.clone(),
            line_status,
            line_detail,
            lines,
            soft_keys: self
                .soft_actions()
                .iter()
                .map(|a| a.map(SoftAction::label).unwrap_or("").to_string())
                .collect(),
            lamps: vec![Lamp {
                key: "line1".into(),
                color,
                pattern,
            }],
        }
    }
}
