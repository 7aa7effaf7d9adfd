//! A phone on a scripted network: a server per line that registers it and answers what it
//! sends, a media side that answers every request at once, and helpers that look at the
//! phone the way a user does (screen rows, soft-key labels, lamps).

#![allow(dead_code)] // each test file uses part of the rig

use deskphone_core::phone::view::{CallState, LampColor, LampPattern};
use deskphone_core::phone::{Input, Key, MediaCommand, MediaEvent, Output, Phone};
use deskphone_core::profile::Profile;
use deskphone_core::sip::account::{Account, Transport};
use deskphone_core::sip::builder::Builder;
use deskphone_core::sip::message::Message;
use deskphone_core::time::Instant;

/// The phone, and every message it sent, with the line it went out on.
pub struct Rig {
    pub phone: Phone,
    pub sent: Vec<(usize, Message)>,
    pub logs: Vec<String>,
    /// Hold offers the media side was asked for, in order (`true` = hold).
    pub renegotiations: Vec<bool>,
    /// While set, hold and resume offers wait in `deferred` until
    /// [`Rig::finish_offers`] (the media side is slow).
    pub defer_offers: bool,
    pub deferred: Vec<(deskphone_core::sip::call::CallRef, bool)>,
    /// Voice prompts the phone asked the driver to say, in order.
    pub prompts: Vec<Vec<deskphone_core::phone::ivr::Word>>,
    /// Pages the phone asked the driver to fetch, in order.
    pub fetches: Vec<(deskphone_core::phone::xml_browser::FetchId, String)>,
    /// Action URLs the phone asked the driver to send, in order.
    pub action_urls: Vec<String>,
    /// Recording commands for the media driver, in order.
    pub records: Vec<deskphone_core::phone::RecordCommand>,
    /// Key tones asked for: the digit, and whether it goes into the call's audio.
    pub key_tones: Vec<(char, bool)>,
    /// Digits the media driver was asked to send as telephone events.
    pub dtmf_events: Vec<char>,
    pub now: Instant,
}

/// An account `user@example.com` (password `<user>pw`) labelled `label`.
pub fn account(user: &str, label: &str) -> Account {
    let mut a = Account::new(user, &format!("{user}pw"), "example.com", Transport::Wss);
    a.label = label.into();
    a
}

/// A minimal SDP, with `direction` (`sendrecv`, `sendonly`, ...).
pub fn sdp(version: u32, direction: &str) -> String {
    format!(
        "v=0\r\no=- 1 {version} IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n\
         m=audio 4000 RTP/AVP 0\r\na={direction}\r\n"
    )
}

impl Rig {
    /// A phone of the default profile with these accounts.
    pub fn new(accounts: Vec<Account>) -> Rig {
        Rig::from_phone(Phone::with_lines(accounts, 7, Instant(0)).expect("a valid phone"))
    }

    /// A phone of `profile` with these accounts.
    pub fn of(profile: Profile, accounts: Vec<Account>) -> Rig {
        Rig::from_phone(Phone::build(profile, accounts, 7, Instant(0)).expect("a valid phone"))
    }

    /// A rig around a phone built elsewhere (from a configuration, say).
    pub fn from_phone(phone: Phone) -> Rig {
        Rig {
            phone,
            sent: Vec::new(),
            logs: Vec::new(),
            renegotiations: Vec::new(),
            prompts: Vec::new(),
            fetches: Vec::new(),
            action_urls: Vec::new(),
            records: Vec::new(),
            key_tones: Vec::new(),
            dtmf_events: Vec::new(),
            defer_offers: false,
            deferred: Vec::new(),
            now: Instant(0),
        }
    }

    /// Feed an input and drain the phone, answering media requests like a browser.
    pub fn step(&mut self, input: Input) {
        self.phone.handle_input(self.now, input);
        loop {
            match self.phone.poll_output() {
                Output::Send { bytes, .. } if bytes.iter().all(u8::is_ascii_whitespace) => {}
                Output::Send { line, bytes } => self.sent.push((
                    line,
                    Message::parse(&bytes).expect("the phone sends valid SIP"),
                )),
                Output::Media(
                    MediaCommand::CreateOffer { call } | MediaCommand::CreateAnswer { call, .. },
                ) => {
                    let sdp = sdp(1, "sendrecv");
                    self.phone.handle_input(
                        self.now,
                        Input::Media(MediaEvent::LocalDescription { call, sdp }),
                    );
                }
                Output::Media(MediaCommand::Renegotiate { call, hold }) if self.defer_offers => {
                    self.renegotiations.push(hold);
                    self.deferred.push((call, hold));
                }
                Output::Media(MediaCommand::Renegotiate { call, hold }) => {
                    self.renegotiations.push(hold);
                    let sdp = sdp(2, if hold { "sendonly" } else { "sendrecv" });
                    self.phone.handle_input(
                        self.now,
                        Input::Media(MediaEvent::LocalDescription { call, sdp }),
                    );
                }
                Output::Log(l) => self.logs.push(l),
                Output::Prompt(words) => self.prompts.push(words),
                Output::Fetch { id, url } => self.fetches.push((id, url)),
                Output::ActionUrl(url) => self.action_urls.push(url),
                Output::Record(c) => self.records.push(c),
                Output::KeyTone { digit, in_band } => self.key_tones.push((digit, in_band)),
                Output::Media(MediaCommand::SendDtmf { digit, .. }) => self.dtmf_events.push(digit),
                Output::Timeout(_) => return,
                _ => {}
            }
        }
    }

    /// Requests with `method` sent since the last [`Rig::clear`], with their lines.
    pub fn requests(&self, method: &str) -> Vec<(usize, Message)> {
        self.sent
            .iter()
            .filter(|(_, m)| m.method().as_deref() == Some(method))
            .cloned()
            .collect()
    }

    pub fn responses(&self, code: u16) -> Vec<(usize, Message)> {
        self.sent
            .iter()
            .filter(|(_, m)| m.status() == Some(code))
            .cloned()
            .collect()
    }

    pub fn clear(&mut self) {
        self.sent.clear();
    }

    /// The media side delivers the offers it was holding back.
    pub fn finish_offers(&mut self) {
        self.defer_offers = false;
        for (call, hold) in std::mem::take(&mut self.deferred) {
            let sdp = sdp(2, if hold { "sendonly" } else { "sendrecv" });
            self.step(Input::Media(MediaEvent::LocalDescription { call, sdp }));
        }
    }

    /// Every line's transport comes up; each registrar answers `codes[line]`.
    pub fn register(&mut self, codes: &[u16]) {
        for line in 0..self.phone.line_count() {
            self.step(Input::TransportUp { line });
        }
        for (line, register) in self.requests("REGISTER") {
            let code = codes[line];
            let mut reply = Builder::response_to(&register, code, "Whatever", Some("reg"));
            if code == 200 {
                let contact = register.header("contact").unwrap_or_default().to_string();
                reply = reply.header("Contact", &format!("{contact};expires=3600"));
            }
            let bytes = reply.build().unwrap();
            self.step(Input::Received { line, bytes });
        }
        self.clear();
    }

    pub fn receive(&mut self, line: usize, text: String) {
        self.step(Input::Received {
            line,
            bytes: text.into_bytes(),
        });
    }

    /// The far end answers `request` with `code` (and `body` as SDP), its dialog tag `tag`.
    pub fn reply(
        &mut self,
        line: usize,
        request: &Message,
        code: u16,
        tag: &str,
        body: Option<&str>,
    ) {
        let mut b = Builder::response_to(request, code, "Whatever", Some(tag))
            .header("Contact", "<sip:peer@10.0.0.9>");
        if let Some(body) = body {
            b = b.body("application/sdp", body.as_bytes());
        }
        let bytes = b.build().unwrap();
        self.step(Input::Received { line, bytes });
    }

    /// The last INVITE sent (new call or re-INVITE), with its line.
    pub fn last_invite(&self) -> (usize, Message) {
        self.requests("INVITE").pop().expect("an INVITE was sent")
    }

    /// The far end answers every re-INVITE the phone sent since the last clear with 200
    /// and an SDP of `direction`; clears.
    pub fn accept_reinvites(&mut self, tag_of: impl Fn(&Message) -> String) {
        let reinvites: Vec<(usize, Message)> = self
            .requests("INVITE")
            .into_iter()
            .filter(|(_, m)| m.to_tag().is_some())
            .collect();
        self.clear();
        for (line, m) in reinvites {
            let tag = tag_of(&m);
            self.reply(line, &m, 200, &tag, Some(&sdp(3, "recvonly")));
        }
    }

    /// Let `ms` milliseconds pass, then tick.
    pub fn wait(&mut self, ms: u64) {
        self.now = self.now + deskphone_core::time::Duration(ms);
        self.step(Input::Tick);
    }

    pub fn press(&mut self, key: Key) {
        self.step(Input::Key(key));
    }

    /// Press the soft key labelled `label`, as a user finds it; panics if none is.
    pub fn press_soft(&mut self, label: &str) {
        let view = self.phone.view();
        let at = view
            .soft_keys
            .iter()
            .position(|l| l == label)
            .unwrap_or_else(|| panic!("no soft key {label:?} in {:?}", view.soft_keys));
        self.press(Key::Soft(at));
    }

    /// Press the soft key labelled `label`, paging with More until it shows.
    pub fn press_soft_or_more(&mut self, label: &str) {
        for _ in 0..4 {
            if self.phone.view().soft_keys.iter().any(|l| l == label) {
                return self.press_soft(label);
            }
            self.press_soft("More");
        }
        panic!("no soft key {label:?} on any page");
    }

    /// Dial `number` on the keypad and press Send.
    pub fn dial(&mut self, number: &str) {
        for d in number.chars() {
            self.press(Key::Digit(d));
        }
        self.press(Key::Send);
    }

    pub fn state(&self) -> CallState {
        self.phone.view().state
    }

    pub fn screen(&self) -> Vec<String> {
        self.phone.view().screen
    }

    /// The soft-key labels, blanks left out.
    pub fn soft_labels(&self) -> Vec<String> {
        self.phone
            .view()
            .soft_keys
            .into_iter()
            .filter(|l| !l.is_empty())
            .collect()
    }

    pub fn lamp(&self, key: &str) -> (LampColor, LampPattern) {
        let l = self.phone.view().lamps.into_iter().find(|l| l.key == key);
        l.map(|l| (l.color, l.pattern))
            .unwrap_or_else(|| panic!("no lamp {key}"))
    }
}

/// An INVITE from `from_user` (`from_name`) to `to_user`, Call-ID `call_id`.
pub fn invite(call_id: &str, to_user: &str, from_user: &str, from_name: &str) -> String {
    format!(
        "INVITE sip:{to_user}@h.invalid;transport=ws SIP/2.0\r\nVia: SIP/2.0/WSS proxy.example.com;branch=z9hG4bK{call_id}\r\n\
         Max-Forwards: 70\r\nFrom: \"{from_name}\" <sip:{from_user}@example.com>;tag=t{call_id}\r\nTo: <sip:{to_user}@example.com>\r\n\
         Call-ID: {call_id}\r\nCSeq: 1 INVITE\r\nContact: <sip:{from_user}@10.0.0.9>\r\nContent-Type: application/sdp\r\n\
         Content-Length: {}\r\n\r\n{}",
        sdp(1, "sendrecv").len(),
        sdp(1, "sendrecv")
    )
}

/// The user part of a message's From.
pub fn from_user(m: &Message) -> String {
    let from = m.header("from").unwrap_or_default();
    from.split("sip:")
        .nth(1)
        .and_then(|s| s.split('@').next())
        .unwrap_or_default()
        .to_string()
}

/// A message body as text.
pub trait BodyText {
    fn body_text(&self) -> String;
}

impl BodyText for Message {
    fn body_text(&self) -> String {
        String::from_utf8_lossy(self.body()).into_owned()
    }
}

/// The SUBSCRIBEs for `event` sent since the last clear.
pub fn subscribes(rig: &Rig, event: &str) -> Vec<Message> {
    rig.requests("SUBSCRIBE")
        .into_iter()
        .map(|(_, m)| m)
        .filter(|m| m.header("event") == Some(event))
        .collect()
}

/// The server accepts `sub` (200, an hour) and sends a NOTIFY in its dialog.
pub fn accept_and_notify(rig: &mut Rig, sub: &Message, event: &str, ctype: &str, body: &str) {
    let ok = Builder::response_to(sub, 200, "OK", Some("srv"))
        .header("Expires", "3600")
        .header("Contact", "<sip:presence@127.0.0.1>")
        .build()
        .unwrap();
    rig.step(Input::Received { line: 0, bytes: ok });
    notify(rig, sub, event, ctype, body, "active;expires=3600");
}

/// The server sends a NOTIFY in `sub`'s dialog, with `state` as its Subscription-State. A
/// list's (a `multipart/related` body) requires `eventlist`, as RFC 4662 §5.2 has it.
pub fn notify(rig: &mut Rig, sub: &Message, event: &str, ctype: &str, body: &str, state: &str) {
    let require = if ctype.starts_with("multipart/related") {
        "Require: eventlist\r\n"
    } else {
        ""
    };
    let text = format!(
        "NOTIFY sip:alice@h.invalid;transport=ws SIP/2.0\r\nVia: SIP/2.0/WSS 127.0.0.1;branch=z9hG4bKn{}\r\n\
         Max-Forwards: 70\r\nFrom: {};tag=srv\r\nTo: {}\r\nCall-ID: {}\r\nCSeq: {} NOTIFY\r\n\
         Contact: <sip:presence@127.0.0.1>\r\nEvent: {event}\r\nSubscription-State: {state}\r\n\
         {require}Content-Type: {ctype}\r\nContent-Length: {}\r\n\r\n{body}",
        rig.sent.len() + body.len(),
        sub.header("to").unwrap(),
        sub.header("from").unwrap(),
        sub.call_id().unwrap(),
        rig.sent.len() + 1,
        body.len()
    );
    rig.clear();
    rig.receive(0, text);
}
