//! Two phones in memory, joined by a stand-in registrar/proxy, under simulated time
//! (STYLE.md §2): key presses in, SIP between them, screens and lamps out.

use deskphone_core::phone::view::{CallState, LampColor, LampPattern, LineStatus};
use deskphone_core::phone::{Input, Key, MediaCommand, MediaEvent, Output, Phone};
use deskphone_core::sip::account::{Account, Transport};
use deskphone_core::sip::builder::Builder;
use deskphone_core::sip::digest::Challenge;
use deskphone_core::sip::message::Message;
use deskphone_core::time::{Duration, Instant};

/// A registrar that challenges once then accepts, and a proxy that relays between the pair.
struct Pair {
    alice: Phone,
    bob: Phone,
    now: Instant,
    /// Every message that crossed the proxy, as "from->to: first line".
    ladder: Vec<String>,
    /// The same messages in full.
    wire: Vec<String>,
    challenged: Vec<String>,
    require_auth_for_invite: bool,
    /// o= version of the descriptions the stand-in media side makes.
    version: u32,
    /// Lossy link: a message whose first line starts with one of these is lost, once each.
    drop_once: Vec<String>,
    /// A netem-like link between each phone and the proxy: random loss and delay (so
    /// messages overtake each other), from a seed.
    netem: Option<Netem>,
    /// Messages on the wire: (arrival time, send order, sender, bytes).
    in_flight: Vec<(Instant, u64, usize, Vec<u8>)>,
    /// Messages sent so far, and how many arrived after a later one.
    sent: u64,
    last_arrived: u64,
    reordered: usize,
}

/// Random impairment of the link, like Linux netem: each message is lost with
/// `loss_percent`, or delayed by 0 to `max_delay_ms`, which reorders close messages.
struct Netem {
    loss_percent: u64,
    max_delay_ms: u64,
    state: u64,
}

impl Netem {
    fn new(seed: u64, loss_percent: u64, max_delay_ms: u64) -> Netem {
        Netem {
            loss_percent,
            max_delay_ms,
            state: seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1,
        }
    }

    fn next(&mut self) -> u64 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state
    }

    /// `None`: lost; else the delay.
    fn fate(&mut self) -> Option<Duration> {
        if self.next() % 100 < self.loss_percent {
            None
        } else {
            Some(Duration::millis(self.next() % (self.max_delay_ms + 1)))
        }
    }
}

fn audio_sdp(version: u32, direction: &str) -> String {
    format!("v=0\r\no=- 1 {version} IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\na={direction}\r\n")
}

const NONCE: &str = "abc123";

impl Pair {
    fn new() -> Pair {
        let a = Account::new("alice", "alicepw", "example.test", Transport::Ws);
        let b = Account::new("bob", "bobpw", "example.test", Transport::Ws);
        Pair {
            alice: Phone::new(a, 1, Instant(0)),
            bob: Phone::new(b, 2, Instant(0)),
            now: Instant(0),
            ladder: Vec::new(),
            wire: Vec::new(),
            challenged: Vec::new(),
            require_auth_for_invite: true,
            version: 1,
            drop_once: Vec::new(),
            netem: None,
            in_flight: Vec::new(),
            sent: 0,
            last_arrived: 0,
            reordered: 0,
        }
    }

    /// The pair over UDP: the transaction layer retransmits what the link loses.
    fn udp() -> Pair {
        let mut p = Pair::new();
        let a = Account::new("alice", "alicepw", "example.test", Transport::Udp);
        let b = Account::new("bob", "bobpw", "example.test", Transport::Udp);
        p.alice = Phone::new(a, 1, Instant(0));
        p.bob = Phone::new(b, 2, Instant(0));
        p
    }

    /// Both phones register, alice dials bob and bob answers.
    fn register_and_call(&mut self) {
        self.input(0, Input::TransportUp { line: 0 });
        self.input(1, Input::TransportUp { line: 0 });
        self.keys(0, "1002#");
        self.key(1, Key::Soft(0)); // Answer
    }

    /// Run time forward in small steps so that retransmission timers fire.
    fn run_for(&mut self, d: Duration) {
        let end = self.now + d;
        while self.now < end {
            self.advance(Duration::millis(100));
        }
    }

    fn phone(&mut self, who: usize) -> &mut Phone {
        if who == 0 {
            &mut self.alice
        } else {
            &mut self.bob
        }
    }

    fn input(&mut self, who: usize, input: Input) {
        let now = self.now;
        self.phone(who).handle_input(now, input);
        self.drive();
    }

    fn key(&mut self, who: usize, key: Key) {
        self.input(who, Input::Key(key));
    }

    fn keys(&mut self, who: usize, digits: &str) {
        for d in digits.chars() {
            self.key(who, Key::Digit(d));
        }
    }

    /// Drain both phones until nothing moves; media commands are answered like a browser would.
    fn drive(&mut self) {
        loop {
            let mut moved = false;
            for who in 0..2 {
                loop {
                    match self.phone(who).poll_output() {
                        Output::Send { bytes, .. } => {
                            moved = true;
                            self.relay(who, &bytes);
                        }
                        Output::Media(cmd) => {
                            moved = true;
                            let sdp = |kind: &str| {
                                format!("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns={kind}\r\n")
                            };
                            let reply = match cmd {
                                MediaCommand::CreateOffer { call } => {
                                    Some(MediaEvent::LocalDescription {
                                        call,
                                        sdp: sdp("offer"),
                                    })
                                }
                                MediaCommand::CreateAnswer { call, offer }
                                    if offer.contains("m=audio") =>
                                {
                                    // A re-offer: answer the direction as RFC 3264 §6.1 says.
                                    let dir = if offer.contains("a=sendonly") {
                                        "recvonly"
                                    } else {
                                        "sendrecv"
                                    };
                                    self.version += 1;
                                    Some(MediaEvent::LocalDescription {
                                        call,
                                        sdp: audio_sdp(self.version, dir),
                                    })
                                }
                                MediaCommand::CreateAnswer { call, .. } => {
                                    Some(MediaEvent::LocalDescription {
                                        call,
                                        sdp: sdp("answer"),
                                    })
                                }
                                MediaCommand::Renegotiate { call, hold } => {
                                    self.version += 1;
                                    let dir = if hold { "sendonly" } else { "sendrecv" };
                                    Some(MediaEvent::LocalDescription {
                                        call,
                                        sdp: audio_sdp(self.version, dir),
                                    })
                                }
                                _ => None,
                            };
                            if let Some(ev) = reply {
                                let now = self.now;
                                self.phone(who).handle_input(now, Input::Media(ev));
                            }
                        }
                        Output::Timeout(_) => break,
                        Output::ViewChanged
                        | Output::Log(_)
                        | Output::Reconnect { .. }
                        | Output::SwitchServer { .. }
                        | Output::Fetch { .. }
                        | Output::ActionUrl(_)
                        | Output::Record(_)
                        | Output::KeyTone { .. }
                        | Output::Prompt(_) => {}
                    }
                }
            }
            if !moved {
                break;
            }
        }
    }

    fn relay(&mut self, from: usize, bytes: &[u8]) {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            self.ladder
                .push(format!("{}->proxy: keep-alive", ["alice", "bob"][from]));
            return; // a CRLF keep-alive (RFC 5626 §4.4.1); this stand-in does no outbound
        }
        Message::parse(bytes).expect("phones send valid SIP");
        let line = String::from_utf8_lossy(bytes)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string();
        if let Some(i) = self
            .drop_once
            .iter()
            .position(|d| line.starts_with(d.as_str()))
        {
            self.drop_once.remove(i);
            self.ladder
                .push(format!("{} lost: {line}", ["alice", "bob"][from]));
            return;
        }
        if let Some(netem) = &mut self.netem {
            match netem.fate() {
                None => self
                    .ladder
                    .push(format!("{} lost: {line}", ["alice", "bob"][from])),
                Some(delay) => {
                    self.sent += 1;
                    self.in_flight
                        .push((self.now + delay, self.sent, from, bytes.to_vec()))
                }
            }
            return;
        }
        self.deliver(from, bytes);
    }

    /// The message reaches the registrar/proxy stand-in, which answers or relays it.
    fn deliver(&mut self, from: usize, bytes: &[u8]) {
        let msg = Message::parse(bytes).expect("phones send valid SIP");
        let first = String::from_utf8_lossy(bytes)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string();
        let name = ["alice", "bob"];
        let method = msg.method();
        if method.as_deref() == Some("REGISTER") {
            self.ladder
                .push(format!("{}->registrar: {first}", name[from]));
            let reply = if msg.header("authorization").is_none() {
                Builder::response_to(&msg, 401, "Unauthorized", Some("reg")).header(
                    "WWW-Authenticate",
                    &format!("Digest realm=\"example.test\", nonce=\"{NONCE}\", qop=\"auth\""),
                )
            } else {
                let contact = msg.header("contact").unwrap_or_default().to_string();
                Builder::response_to(&msg, 200, "OK", Some("reg")).header("Contact", &contact)
            };
            let reply = reply.build().unwrap();
            self.ladder.push(format!(
                "registrar->{}: {}",
                name[from],
                String::from_utf8_lossy(&reply).lines().next().unwrap()
            ));
            let now = self.now;
            self.phone(from).handle_input(now, received(reply));
            return;
        }
        // Like Kamailio: only initial INVITEs (no To tag) are challenged; in-dialog requests
        // are loose-routed without authentication.
        if method.as_deref() == Some("INVITE")
            && msg.to_tag().is_none()
            && self.require_auth_for_invite
            && msg.header("proxy-authorization").is_none()
        {
            self.ladder.push(format!("{}->proxy: {first}", name[from]));
            let reply =
                Builder::response_to(&msg, 407, "Proxy Authentication Required", Some("px"))
                    .header(
                        "Proxy-Authenticate",
                        &format!("Digest realm=\"example.test\", nonce=\"{NONCE}\""),
                    )
                    .build()
                    .unwrap();
            self.challenged.push(msg.call_id().unwrap().to_string());
            let now = self.now;
            self.phone(from).handle_input(now, received(reply));
            return;
        }
        if method.as_deref() == Some("ACK") && msg.to_tag().as_deref() == Some("px") {
            self.ladder.push(format!("{}->proxy: {first}", name[from]));
            return; // ACK of the 407, absorbed by the proxy
        }
        if let Some(auth) = msg.header("proxy-authorization") {
            let c = Challenge::parse(&format!("Digest realm=\"example.test\", nonce=\"{NONCE}\""))
                .unwrap();
            let expected = c.answer(
                "alice",
                "alicepw",
                "INVITE",
                &msg.request_uri().unwrap(),
                1,
                "x",
            );
            let resp = |s: &str| s.split("response=\"").nth(1).map(|r| r[..32].to_string());
            assert_eq!(
                resp(auth),
                resp(&expected),
                "digest answer must match the password"
            );
        }
        let to = 1 - from;
        self.ladder
            .push(format!("{}->{}: {first}", name[from], name[to]));
        self.wire.push(String::from_utf8_lossy(bytes).into_owned());
        let now = self.now;
        self.phone(to).handle_input(now, received(bytes.to_vec()));
    }

    /// The first message relayed between the phones (since `wire` was cleared) that starts
    /// with `start`, in full.
    fn first_on_wire(&self, start: &str) -> String {
        self.wire
            .iter()
            .find(|m| m.starts_with(start))
            .unwrap_or_else(|| panic!("no {start:?} relayed"))
            .clone()
    }

    fn advance(&mut self, d: Duration) {
        let end = self.now + d;
        // Messages arrive in order of arrival time, each at its own time.
        while let Some(i) = (0..self.in_flight.len())
            .filter(|&i| self.in_flight[i].0 <= end)
            .min_by_key(|&i| self.in_flight[i].0)
        {
            let (at, order, from, bytes) = self.in_flight.remove(i);
            if order < self.last_arrived {
                self.reordered += 1;
            }
            self.last_arrived = self.last_arrived.max(order);
            self.now = self.now.max(at);
            self.deliver(from, &bytes);
            self.drive();
        }
        self.now = end;
        self.input(0, Input::Tick);
        self.input(1, Input::Tick);
    }
}

#[test]
fn both_phones_register_after_a_digest_challenge() {
    let mut p = Pair::new();
    p.input(0, Input::TransportUp { line: 0 });
    p.input(1, Input::TransportUp { line: 0 });
    assert_eq!(p.alice.view().lines[0].status, LineStatus::Registered);
    assert_eq!(p.bob.view().lines[0].status, LineStatus::Registered);
    assert_eq!(p.ladder.iter().filter(|l| l.contains("401")).count(), 2);
}

#[test]
fn alice_dials_bob_on_the_keypad_and_bob_answers_then_alice_hangs_up() {
    let mut p = Pair::new();
    p.input(0, Input::TransportUp { line: 0 });
    p.input(1, Input::TransportUp { line: 0 });

    p.keys(0, "111");
    assert_eq!(p.alice.view().state, CallState::Dialing);
    p.key(0, Key::Soft(1)); // Delete
    assert_eq!(p.alice.view().screen[1], "11");
    p.key(0, Key::Cancel);
    assert_eq!(p.alice.view().state, CallState::Idle);

    // The stand-in proxy relays any user part, so dial digits as a user would.
    p.keys(0, "1002#");
    assert_eq!(p.alice.view().state, CallState::Ringback);
    let bob = p.bob.view();
    assert_eq!(bob.state, CallState::Ringing);
    assert_eq!(bob.soft_keys[0], "Answer");
    assert_eq!(bob.screen[1], "alice");
    assert_eq!(
        (bob.lamps[0].color, bob.lamps[0].pattern),
        (LampColor::Red, LampPattern::FastBlink)
    );

    p.key(1, Key::Soft(0)); // Answer
    assert_eq!(p.alice.view().state, CallState::Talking);
    assert_eq!(p.bob.view().state, CallState::Talking);
    assert_eq!(p.alice.view().lamps[0].pattern, LampPattern::Steady);

    p.advance(Duration::secs(12));
    assert_eq!(p.alice.view().screen[2], "00:12");

    // Keypad during the call: DTMF (RFC 4733 by default), and the digits on the screen.
    p.keys(0, "12#");
    assert_eq!(p.alice.view().screen[3], "12#");
    assert_eq!(
        p.alice.view().state,
        CallState::Talking,
        "# does not end or send anything else"
    );

    p.key(0, Key::Cancel);
    assert_eq!(p.alice.view().state, CallState::Idle);
    assert_eq!(p.bob.view().state, CallState::Idle);
    assert_eq!(p.bob.view().screen[1], "Call ended");

    let ladder = p.ladder.join("\n");
    for step in [
        "alice->proxy: INVITE sip:1002@example.test",
        "alice->proxy: ACK sip:1002@example.test",
        "alice->bob: INVITE sip:1002@example.test",
        "bob->alice: SIP/2.0 180",
        "bob->alice: SIP/2.0 200",
        "alice->bob: ACK sip:bob@",
        "alice->bob: BYE sip:bob@",
        "bob->alice: SIP/2.0 200",
    ] {
        assert!(ladder.contains(step), "missing {step:?} in\n{ladder}");
    }
}

#[test]
fn a_caller_who_gives_up_leaves_a_missed_call_notice() {
    let mut p = Pair::new();
    p.require_auth_for_invite = false;
    p.input(0, Input::TransportUp { line: 0 });
    p.input(1, Input::TransportUp { line: 0 });
    p.keys(0, "1002");
    p.key(0, Key::Send);
    assert_eq!(p.bob.view().state, CallState::Ringing);
    p.key(0, Key::Soft(3)); // End
    assert!(
        p.ladder.iter().any(|l| l.starts_with("alice->bob: CANCEL")),
        "{:#?}",
        p.ladder
    );
    assert!(
        p.ladder
            .iter()
            .any(|l| l.starts_with("bob->alice: SIP/2.0 487")),
        "{:#?}",
        p.ladder
    );
    assert_eq!(p.alice.view().state, CallState::Idle);
    assert_eq!(p.bob.view().screen[1], "Missed call");
    p.advance(Duration::secs(4));
    assert_eq!(p.bob.view().screen[1], "Registered");
}

#[test]
fn registration_is_refreshed_before_it_expires() {
    let mut p = Pair::new();
    p.input(0, Input::TransportUp { line: 0 });
    let before = p
        .ladder
        .iter()
        .filter(|l| l.starts_with("alice->registrar"))
        .count();
    p.advance(Duration::secs(3100));
    let after = p
        .ladder
        .iter()
        .filter(|l| l.starts_with("alice->registrar"))
        .count();
    assert!(after > before, "no refresh: {:#?}", p.ladder);
    assert_eq!(p.alice.view().lines[0].status, LineStatus::Registered);
}

#[test]
fn garbage_from_the_network_is_dropped_without_a_panic() {
    let mut p = Pair::new();
    p.input(0, received(b"\xff\xfe NOT SIP AT ALL\r\n\r\n".to_vec()));
    p.input(0, received(b"\r\n\r\n".to_vec()));
    assert_eq!(p.alice.view().state, CallState::Idle);
}

#[test]
fn after_a_reconnect_the_call_refreshes_its_route_with_an_unchanged_re_invite() {
    let mut p = Pair::new();
    p.register_and_call();
    assert_eq!(p.alice.view().state, CallState::Talking);
    p.ladder.clear();

    // The connection drops and comes back: alice re-registers and re-INVITEs bob.
    p.input(0, Input::TransportDown { line: 0 });
    p.input(0, Input::TransportUp { line: 0 });
    let invites: Vec<&String> = p
        .ladder
        .iter()
        .filter(|l| l.starts_with("alice->bob: INVITE"))
        .collect();
    assert_eq!(invites.len(), 1, "{:#?}", p.ladder);
    assert!(
        p.ladder
            .iter()
            .any(|l| l.starts_with("bob->alice: SIP/2.0 200")),
        "{:#?}",
        p.ladder
    );
    assert!(
        p.ladder.iter().any(|l| l.starts_with("alice->bob: ACK")),
        "{:#?}",
        p.ladder
    );
    assert_eq!(p.alice.view().state, CallState::Talking);
    assert_eq!(p.bob.view().state, CallState::Talking);

    // The call still ends normally afterwards.
    p.key(1, Key::Cancel);
    assert_eq!(p.alice.view().state, CallState::Idle);
    assert_eq!(p.bob.view().state, CallState::Idle);
}

#[test]
fn hold_and_resume_renegotiate_with_re_invites_and_both_screens_say_so() {
    let mut p = Pair::new();
    p.register_and_call();
    assert_eq!(p.alice.view().soft_keys[0], "Hold");
    p.ladder.clear();

    p.key(0, Key::Soft(0)); // Hold
    let alice = p.alice.view();
    assert_eq!(
        (alice.state, alice.screen[0].as_str()),
        (CallState::Held, "On hold")
    );
    assert_eq!(alice.soft_keys[0], "Resume");
    assert_eq!(
        (alice.lamps[0].color, alice.lamps[0].pattern),
        (LampColor::Green, LampPattern::SlowBlink)
    );
    let bob = p.bob.view();
    assert_eq!(
        (bob.state, bob.screen[0].as_str()),
        (CallState::HeldByRemote, "Held by far end")
    );
    assert!(
        p.ladder.iter().any(|l| l.starts_with("alice->bob: INVITE")),
        "{:#?}",
        p.ladder
    );
    assert!(
        p.ladder.iter().any(|l| l.starts_with("alice->bob: ACK")),
        "{:#?}",
        p.ladder
    );

    p.key(0, Key::Soft(0)); // Resume
    assert_eq!(p.alice.view().state, CallState::Talking);
    assert_eq!(p.bob.view().state, CallState::Talking);
    assert_eq!(
        p.ladder
            .iter()
            .filter(|l| l.starts_with("alice->bob: INVITE"))
            .count(),
        2
    );

    p.key(1, Key::Cancel);
    assert_eq!(p.alice.view().state, CallState::Idle);
}

#[test]
fn over_a_lossy_udp_link_lost_requests_and_responses_are_retransmitted() {
    let mut p = Pair::udp();
    p.require_auth_for_invite = false;
    // Lose bob's first REGISTER, alice's first INVITE, bob's first 180 and first 200.
    p.drop_once = vec![
        "REGISTER".into(),
        "INVITE".into(),
        "SIP/2.0 180".into(),
        "SIP/2.0 200 OK".into(),
    ];
    p.input(0, Input::TransportUp { line: 0 });
    p.input(1, Input::TransportUp { line: 0 });
    p.run_for(Duration::secs(2));
    assert_eq!(p.alice.view().lines[0].status, LineStatus::Registered);
    assert_eq!(p.bob.view().lines[0].status, LineStatus::Registered);

    p.keys(0, "1002#");
    p.run_for(Duration::secs(2));
    assert_eq!(p.bob.view().state, CallState::Ringing, "{:#?}", p.ladder);
    p.key(1, Key::Soft(0)); // Answer
    p.run_for(Duration::secs(2));
    assert_eq!(p.alice.view().state, CallState::Talking, "{:#?}", p.ladder);
    assert_eq!(p.bob.view().state, CallState::Talking);
    assert!(
        p.drop_once.is_empty(),
        "every planned loss happened: {:?}",
        p.drop_once
    );
    assert!(
        p.ladder.iter().filter(|l| l.contains("lost:")).count() == 4,
        "{:#?}",
        p.ladder
    );
    // One INVITE transaction: bob rang once although the INVITE was sent twice.
    assert_eq!(
        p.ladder
            .iter()
            .filter(|l| l.starts_with("alice->bob: INVITE"))
            .count(),
        1,
        "{:#?}",
        p.ladder
    );
}

#[test]
fn with_100rel_on_both_phones_the_ringing_is_pracked_once_and_the_call_connects() {
    let mut p = Pair::udp();
    let mut a = Account::new("alice", "alicepw", "example.test", Transport::Udp);
    let mut b = Account::new("bob", "bobpw", "example.test", Transport::Udp);
    a.prack = true;
    b.prack = true;
    p.alice = Phone::new(a, 1, Instant(0));
    p.bob = Phone::new(b, 2, Instant(0));
    p.input(0, Input::TransportUp { line: 0 });
    p.input(1, Input::TransportUp { line: 0 });
    p.keys(0, "1002#");
    assert_eq!(p.alice.view().state, CallState::Ringback);
    p.advance(Duration::secs(5)); // bob lets it ring: nothing is retransmitted
    p.key(1, Key::Soft(0)); // Answer
    assert_eq!(p.alice.view().state, CallState::Talking);
    assert_eq!(p.bob.view().state, CallState::Talking);
    let ladder = p.ladder.join("\n");
    assert!(
        ladder.contains("alice->bob: PRACK"),
        "alice PRACKs the 180:\n{ladder}"
    );
    assert_eq!(
        ladder.matches("bob->alice: SIP/2.0 180").count(),
        1,
        "{ladder}"
    );
    assert_eq!(ladder.matches("PRACK sip:").count(), 1, "{ladder}");
}

#[test]
fn over_a_link_that_loses_delays_and_reorders_messages_every_call_still_completes() {
    let (mut lost, mut reordered) = (0, 0);
    for seed in 1..=40 {
        let mut p = Pair::udp();
        p.netem = Some(Netem::new(seed, 10, 150));
        p.input(0, Input::TransportUp { line: 0 });
        p.input(1, Input::TransportUp { line: 0 });
        p.run_for(Duration::secs(20));
        let why = |p: &Pair| format!("seed {seed}:\n{}", p.ladder.join("\n"));
        assert_eq!(
            p.alice.view().lines[0].status,
            LineStatus::Registered,
            "{}",
            why(&p)
        );
        assert_eq!(
            p.bob.view().lines[0].status,
            LineStatus::Registered,
            "{}",
            why(&p)
        );

        p.keys(0, "1002#");
        p.run_for(Duration::secs(10));
        assert_eq!(p.bob.view().state, CallState::Ringing, "{}", why(&p));
        p.key(1, Key::Soft(0)); // Answer
        p.run_for(Duration::secs(10));
        assert_eq!(p.alice.view().state, CallState::Talking, "{}", why(&p));
        assert_eq!(p.bob.view().state, CallState::Talking, "{}", why(&p));

        p.key(0, Key::Cancel);
        p.run_for(Duration::secs(40));
        assert_eq!(p.alice.view().state, CallState::Idle, "{}", why(&p));
        assert_eq!(p.bob.view().state, CallState::Idle, "{}", why(&p));
        lost += p.ladder.iter().filter(|l| l.contains(" lost: ")).count();
        reordered += p.reordered;
    }
    // The impairment really happened: the runs above lost and reordered messages.
    assert!(
        lost > 20 && reordered > 10,
        "lost {lost}, reordered {reordered}"
    );
    println!("40 calls: {lost} messages lost, {reordered} reordered");
}

#[test]
fn with_rfc_2543_hold_on_the_hold_offer_has_a_zero_address_and_resume_a_real_one() {
    let mut p = Pair::new();
    let mut a = Account::new("alice", "alicepw", "example.test", Transport::Ws);
    a.hold_with_zero_address = true;
    p.alice = Phone::new(a, 1, Instant(0));
    p.register_and_call();
    p.wire.clear();
    p.key(0, Key::Soft(0)); // Hold
    assert_eq!(p.alice.view().state, CallState::Held);
    assert_eq!(p.bob.view().state, CallState::HeldByRemote);
    let hold = p.first_on_wire("INVITE ");
    assert!(
        hold.contains("c=IN IP4 0.0.0.0\r\n") && hold.contains("a=sendonly"),
        "{hold}"
    );
    assert!(!hold.contains("c=IN IP4 127.0.0.1"), "{hold}");
    p.wire.clear();
    p.key(0, Key::Soft(0)); // Resume
    assert_eq!(p.bob.view().state, CallState::Talking);
    let resume = p.first_on_wire("INVITE ");
    assert!(
        resume.contains("c=IN IP4 127.0.0.1") && !resume.contains("0.0.0.0"),
        "{resume}"
    );
}

/// Bytes from line 1's server.
fn received(bytes: Vec<u8>) -> Input {
    Input::Received { line: 0, bytes }
}
