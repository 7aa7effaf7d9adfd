//! The transaction layer as a peer sees it (RFC 3261 §17): one user agent over UDP or
//! WebSocket, a scripted server on the other side, simulated time.

use deskphone_core::sip::account::{Account, Transport};
use deskphone_core::sip::builder::Builder;
use deskphone_core::sip::call::{CallRef, EndReason};
use deskphone_core::sip::message::Message;
use deskphone_core::sip::registration::RegistrationState;
use deskphone_core::sip::ua::{UaEvent, UaOutput, UserAgent};
use deskphone_core::time::Instant;

struct Peer {
    ua: UserAgent,
    sent: Vec<(u64, Message)>,
    events: Vec<UaEvent>,
}

impl Peer {
    fn new(transport: Transport) -> Peer {
        Peer::with(
            Account::new("alice", "alicepw", "example.com", transport),
            42,
        )
    }

    /// A peer with its own account settings; `seed` feeds its identifiers.
    fn with(account: Account, seed: u64) -> Peer {
        Peer {
            ua: UserAgent::new(account, seed),
            sent: Vec::new(),
            events: Vec::new(),
        }
    }

    /// Take what the user agent sends and reports; an incoming call rings, as on a phone.
    fn drain(&mut self, now: u64) {
        while let Some(o) = self.ua.poll_output() {
            match o {
                UaOutput::Send(b) if b.iter().all(u8::is_ascii_whitespace) => {} // CRLF keep-alive
                UaOutput::Send(b) => self
                    .sent
                    .push((now, Message::parse(&b).expect("we send valid SIP"))),
                UaOutput::Event(e) => {
                    if let UaEvent::Incoming { call, .. } = &e {
                        self.ua.ring(*call);
                    }
                    self.events.push(e)
                }
            }
        }
    }

    /// Run the user agent's timers up to `until` ms.
    fn run_until(&mut self, until: u64) {
        while let Some(at) = self.ua.next_timeout().filter(|t| t.0 <= until) {
            self.ua.handle_timeout(at);
            self.drain(at.0);
        }
    }

    fn receive(&mut self, now: u64, bytes: &[u8]) {
        self.ua.handle_received(bytes, Instant(now));
        self.drain(now);
    }

    /// The call of the first incoming INVITE reported.
    fn incoming_call(&self) -> CallRef {
        self.events
            .iter()
            .find_map(|e| match e {
                UaEvent::Incoming { call, .. } => Some(*call),
                _ => None,
            })
            .expect("an incoming call")
    }

    /// Receive `invite` at `now` and answer it at once; returns the call.
    fn answer_incoming(&mut self, invite: &[u8], now: u64) -> CallRef {
        self.receive(now, invite);
        let call = self.incoming_call();
        self.ua.answer(call);
        self.ua
            .answer_ready(call, "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n");
        self.drain(now);
        call
    }

    /// Times at which a request with `method` left.
    fn sends_of(&self, method: &str) -> Vec<u64> {
        self.sent
            .iter()
            .filter(|(_, m)| m.method().as_deref() == Some(method))
            .map(|(t, _)| *t)
            .collect()
    }

    fn last_request(&self, method: &str) -> Message {
        self.sent
            .iter()
            .rev()
            .find(|(_, m)| m.method().as_deref() == Some(method))
            .expect(method)
            .1
            .clone()
    }

    fn responses(&self) -> Vec<u16> {
        self.sent.iter().filter_map(|(_, m)| m.status()).collect()
    }
}

fn reply(req: &Message, code: u16, to_tag: Option<&str>) -> Vec<u8> {
    Builder::response_to(req, code, "X", to_tag)
        .build()
        .unwrap()
}

const INCOMING: &str = "INVITE sip:alice@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKin1;rport\r\n\
    Max-Forwards: 70\r\nFrom: \"Bob\" <sip:bob@example.com>;tag=b1\r\nTo: <sip:alice@example.com>\r\nCall-ID: in1@x\r\n\
    CSeq: 1 INVITE\r\nContact: <sip:bob@192.0.2.9>\r\nContent-Type: application/sdp\r\nContent-Length: 4\r\n\r\nv=0\n";

/// [`INCOMING`] with more headers (CRLF-separated) after its CSeq.
fn incoming_with(header: &str) -> String {
    INCOMING.replace(
        "CSeq: 1 INVITE\r\n",
        &format!("CSeq: 1 INVITE\r\n{header}\r\n"),
    )
}

#[test]
fn a_lost_register_is_retransmitted_over_udp_only() {
    let mut udp = Peer::new(Transport::Udp);
    udp.ua.transport_up(Instant(0));
    udp.drain(0);
    udp.run_until(4_000);
    assert_eq!(udp.sends_of("REGISTER"), [0, 500, 1500, 3500]);

    let mut ws = Peer::new(Transport::Ws);
    ws.ua.transport_up(Instant(0));
    ws.drain(0);
    ws.run_until(4_000);
    assert_eq!(ws.sends_of("REGISTER"), [0]);
}

#[test]
fn a_retransmitted_response_is_absorbed_by_the_transaction() {
    let mut p = Peer::new(Transport::Udp);
    p.ua.transport_up(Instant(0));
    p.drain(0);
    let register = p.last_request("REGISTER");
    let ok = Builder::response_to(&register, 200, "OK", Some("r1"))
        .header(
            "Contact",
            &format!("{};expires=600", register.header("contact").unwrap()),
        )
        .build()
        .unwrap();
    p.receive(100, &ok);
    p.receive(150, &ok);
    let registered = p
        .events
        .iter()
        .filter(|e| matches!(e, UaEvent::Registration(_)))
        .count();
    p.run_until(2_000);
    assert_eq!(
        p.sends_of("REGISTER"),
        [0],
        "no retransmission after the answer"
    );
    assert!(!p
        .events
        .iter()
        .any(|e| matches!(e, UaEvent::Warning(w) if w.contains("matches no request"))));
    assert!(registered >= 1);
}

#[test]
fn a_retransmitted_invite_repeats_the_ringing_and_rings_once() {
    let mut p = Peer::new(Transport::Udp);
    p.receive(0, INCOMING.as_bytes());
    p.receive(500, INCOMING.as_bytes());
    assert_eq!(p.responses(), [100, 180, 180]);
    assert_eq!(
        p.events
            .iter()
            .filter(|e| matches!(e, UaEvent::Incoming { .. }))
            .count(),
        1
    );
}

#[test]
fn a_rejected_call_is_acknowledged_once_and_rejected_again_on_a_repeat_of_the_486() {
    let mut p = Peer::new(Transport::Udp);
    let call = p.ua.call("sip:bob@example.com");
    p.ua.offer_ready(call, "v=0\r\n");
    p.drain(0);
    let invite = p.last_request("INVITE");
    let busy = reply(&invite, 486, Some("b9"));
    p.receive(100, &busy);
    assert_eq!(p.sends_of("ACK"), [100]);
    p.receive(600, &busy);
    assert_eq!(
        p.sends_of("ACK"),
        [100, 600],
        "the transaction re-sends its ACK"
    );
    let ended: Vec<_> = p
        .events
        .iter()
        .filter(|e| matches!(e, UaEvent::Ended { .. }))
        .collect();
    assert_eq!(ended.len(), 1, "{:?}", p.events);
    let ack = p.last_request("ACK");
    assert_eq!(ack.top_branch(), invite.top_branch());
}

#[test]
fn an_unanswered_invite_over_udp_fails_with_408_after_timer_b() {
    let mut p = Peer::new(Transport::Udp);
    let call = p.ua.call("sip:bob@example.com");
    p.ua.offer_ready(call, "v=0\r\n");
    p.drain(0);
    p.run_until(40_000);
    assert_eq!(
        p.sends_of("INVITE"),
        [0, 500, 1500, 3500, 7500, 15500, 31500]
    );
    assert!(
        p.events.iter().any(|e| matches!(
            e,
            UaEvent::Ended {
                reason: EndReason::Rejected { code: 408 },
                ..
            }
        )),
        "{:?}",
        p.events
    );
}

const TEXT: &str = "MESSAGE sip:alice@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKm1\r\n\
    Max-Forwards: 70\r\nFrom: \"Bob\" <sip:bob@example.com>;tag=m1\r\nTo: <sip:alice@example.com>\r\nCall-ID: m1@x\r\n\
    CSeq: 1 MESSAGE\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: 5\r\n\r\nhello";

#[test]
fn a_received_message_is_shown_once_and_acknowledged_with_200() {
    let mut p = Peer::new(Transport::Udp);
    p.receive(0, TEXT.as_bytes());
    p.receive(500, TEXT.as_bytes()); // retransmission: the transaction repeats the 200
    assert_eq!(p.responses(), [200, 200]);
    let texts: Vec<_> = p
        .events
        .iter()
        .filter_map(|e| match e {
            UaEvent::MessageReceived(r) => Some((r.from.label(), r.text.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(texts, [("Bob".to_string(), "hello".to_string())]);
}

#[test]
fn a_message_is_sent_again_with_credentials_after_407_and_reports_delivery() {
    let mut p = Peer::new(Transport::Ws);
    let id = p.ua.send_message("sip:bob@example.com", "hi Bob");
    p.drain(0);
    let first = p.last_request("MESSAGE");
    assert_eq!(first.body(), b"hi Bob");
    let challenge = Builder::response_to(&first, 407, "Proxy Authentication Required", Some("px"))
        .header(
            "Proxy-Authenticate",
            "Digest realm=\"example.com\", nonce=\"n1\", qop=\"auth\", algorithm=SHA-256",
        )
        .build()
        .unwrap();
    p.receive(50, &challenge);
    let second = p.last_request("MESSAGE");
    assert_ne!(second.top_branch(), first.top_branch());
    assert_eq!(second.cseq().unwrap().0, first.cseq().unwrap().0 + 1);
    assert!(second
        .header("proxy-authorization")
        .unwrap()
        .contains("algorithm=SHA-256"));
    p.receive(100, &reply(&second, 202, Some("px")));
    assert!(p.events.contains(&UaEvent::MessageResult {
        message: id,
        code: 202
    }));
}

#[test]
fn an_unanswered_message_over_udp_fails_with_408() {
    let mut p = Peer::new(Transport::Udp);
    let id = p.ua.send_message("sip:bob@example.com", "anyone?");
    p.drain(0);
    p.run_until(40_000);
    assert_eq!(
        p.sends_of("MESSAGE").len(),
        11,
        "Timer E until Timer F: {:?}",
        p.sends_of("MESSAGE")
    );
    assert!(p.events.contains(&UaEvent::MessageResult {
        message: id,
        code: 408
    }));
}

#[test]
fn a_302_is_followed_to_its_contact_with_a_new_invite() {
    let mut p = Peer::new(Transport::Ws);
    let call = p.ua.call("sip:bob@example.com");
    p.ua.offer_ready(call, "v=0\r\n");
    p.drain(0);
    let first = p.last_request("INVITE");
    let moved = Builder::response_to(&first, 302, "Moved Temporarily", Some("r1"))
        .header("Contact", "<sip:bob@desk.example.com>")
        .build()
        .unwrap();
    p.receive(10, &moved);
    let second = p.last_request("INVITE");
    assert_eq!(
        second.request_uri().as_deref(),
        Some("sip:bob@desk.example.com")
    );
    assert_eq!(second.call_id(), first.call_id());
    assert_eq!(second.cseq().unwrap().0, first.cseq().unwrap().0 + 1);
    assert_eq!(second.to_tag(), None);
    assert_eq!(p.sends_of("ACK"), [10], "the 302 is acknowledged");
    assert!(!p.events.iter().any(|e| matches!(e, UaEvent::Ended { .. })));
}

#[test]
fn the_caller_is_named_from_p_asserted_identity_before_from() {
    let with_pai = incoming_with("P-Asserted-Identity: \"Reception\" <sip:100@example.com>");
    let mut p = Peer::new(Transport::Ws);
    p.receive(0, with_pai.as_bytes());
    let from = p.events.iter().find_map(|e| match e {
        UaEvent::Incoming { from, .. } => Some(from.clone()),
        _ => None,
    });
    assert_eq!(from.unwrap().label(), "Reception");

    let mut account = Account::new("alice", "alicepw", "example.com", Transport::Ws);
    account.caller_id = deskphone_core::sip::account::CallerIdSource::From;
    let mut p = Peer::with(account, 1);
    p.receive(0, with_pai.as_bytes());
    assert!(p
        .events
        .iter()
        .any(|e| matches!(e, UaEvent::Incoming { from, .. } if from.label() == "Bob")));
}

#[test]
fn an_anonymous_call_hides_the_caller_and_asks_for_privacy() {
    let mut account = Account::new("alice", "alicepw", "example.com", Transport::Ws);
    account.anonymous = true;
    let mut p = Peer::with(account, 3);
    let call = p.ua.call("sip:bob@example.com");
    p.ua.offer_ready(call, "v=0\r\n");
    p.drain(0);
    let invite = p.last_request("INVITE");
    assert_eq!(
        invite.from().unwrap().uri_text,
        "sip:anonymous@anonymous.invalid"
    );
    assert_eq!(invite.header("privacy"), Some("id"));
    assert_eq!(
        invite.header("p-preferred-identity"),
        Some("<sip:alice@example.com>")
    );
}

#[test]
fn a_rejected_call_gets_the_configured_code() {
    let mut account = Account::new("alice", "alicepw", "example.com", Transport::Ws);
    account.reject_code = 603;
    let mut p = Peer::with(account, 4);
    p.receive(0, INCOMING.as_bytes());
    let call = p.incoming_call();
    let code = p.ua.account().reject_code;
    p.ua.reject(call, code);
    p.drain(10);
    assert_eq!(p.responses(), [100, 180, 603]);
}

/// An answered incoming call on a fresh user agent: returns the peer and the call.
fn answered_call(account: Account) -> (Peer, CallRef) {
    let mut p = Peer::with(account, 5);
    let call = p.answer_incoming(INCOMING.as_bytes(), 0);
    (p, call)
}

#[test]
fn dtmf_by_sip_info_is_sent_in_the_dialog_and_received_ones_are_reported() {
    let (mut p, call) = answered_call(Account::new(
        "alice",
        "alicepw",
        "example.com",
        Transport::Ws,
    ));
    assert_eq!(p.responses(), [100, 180, 200]);
    p.ua.send_info_dtmf(call, '5');
    p.drain(20);
    let info = p.last_request("INFO");
    assert_eq!(info.header("content-type"), Some("application/dtmf-relay"));
    assert_eq!(info.body(), b"Signal=5\r\nDuration=160\r\n");
    assert_eq!(
        info.request_uri().as_deref(),
        Some("sip:bob@192.0.2.9"),
        "sent to the remote target"
    );
    assert_eq!(info.to_tag().as_deref(), Some("b1"));

    let incoming_info = "INFO sip:alice@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKinfo1\r\n\
        Max-Forwards: 70\r\nFrom: \"Bob\" <sip:bob@example.com>;tag=b1\r\nTo: <sip:alice@example.com>;tag=TAG\r\nCall-ID: in1@x\r\n\
        CSeq: 2 INFO\r\nContent-Type: application/dtmf-relay\r\nContent-Length: 24\r\n\r\nSignal=#\r\nDuration=160\r\n";
    let our_tag = p
        .sent
        .iter()
        .find_map(|(_, m)| (m.status() == Some(200)).then(|| m.to_tag()).flatten())
        .unwrap();
    p.receive(30, incoming_info.replace("TAG", &our_tag).as_bytes());
    assert_eq!(p.responses().last(), Some(&200));
    assert!(p
        .events
        .contains(&UaEvent::DtmfReceived { call, digit: '#' }));
}

#[test]
fn over_udp_our_200_is_resent_until_the_ack_and_not_after() {
    let (mut p, _call) = answered_call(Account::new(
        "alice",
        "alicepw",
        "example.com",
        Transport::Udp,
    ));
    let ok = p
        .sent
        .iter()
        .rev()
        .find(|(_, m)| m.status() == Some(200))
        .unwrap()
        .1
        .clone();
    p.run_until(1_600);
    assert_eq!(
        p.responses().iter().filter(|&&c| c == 200).count(),
        3,
        "sent, then at +500 and +1500 ms"
    );
    let ack = format!(
        "ACK sip:alice@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKack1\r\nMax-Forwards: 70\r\n\
         From: \"Bob\" <sip:bob@example.com>;tag=b1\r\nTo: {}\r\nCall-ID: in1@x\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n",
        ok.header("to").unwrap()
    );
    p.receive(1_700, ack.as_bytes());
    p.run_until(20_000);
    assert_eq!(
        p.responses().iter().filter(|&&c| c == 200).count(),
        3,
        "no more after the ACK"
    );
}

#[test]
fn a_registered_phone_sends_crlf_keep_alives_and_reconnects_when_an_outbound_registrar_stops_answering(
) {
    let mut p = Peer::new(Transport::Ws);
    p.ua.transport_up(Instant(0));
    p.drain(0);
    let register = p.last_request("REGISTER");
    let contact = register.header("contact").unwrap().to_string();
    assert!(
        contact.contains("+sip.instance=\"<urn:uuid:") && contact.contains("reg-id=1"),
        "{contact}"
    );
    let ok = Builder::response_to(&register, 200, "OK", Some("r"))
        .header("Contact", &contact)
        .header("Require", "outbound")
        .build()
        .unwrap();
    p.receive(10, &ok);
    let mut pings = Vec::new();
    while let Some(at) = p.ua.next_timeout().filter(|t| t.0 <= 80_000) {
        p.ua.handle_timeout(at);
        while let Some(o) = p.ua.poll_output() {
            match o {
                UaOutput::Send(b) if b == b"\r\n\r\n" => pings.push(at.0),
                UaOutput::Send(_) => {}
                UaOutput::Event(e) => p.events.push(e),
            }
        }
        if at.0 == 30_010 {
            p.ua.handle_received(b"\r\n", Instant(30_050)); // the pong
        }
    }
    assert_eq!(
        pings,
        [30_010, 60_010],
        "{:?} next {:?}",
        p.events,
        p.ua.next_timeout()
    );
    assert!(
        p.events.contains(&UaEvent::FlowFailed),
        "no pong for the second ping: {:?}",
        p.events
    );
}

#[test]
fn a_200_that_crosses_our_cancel_is_acknowledged_and_ended_with_bye() {
    let mut p = Peer::new(Transport::Udp);
    let call = p.ua.call("sip:bob@example.com");
    p.ua.offer_ready(call, "v=0\r\n");
    p.drain(0);
    let invite = p.last_request("INVITE");
    p.receive(50, &reply(&invite, 180, Some("b7")));
    p.ua.hangup(call);
    p.drain(100);
    let cancel = p.last_request("CANCEL");
    assert_eq!(
        cancel.top_branch(),
        invite.top_branch(),
        "CANCEL shares the INVITE's branch (RFC 3261 §9.1)"
    );
    // Bob answered before the CANCEL reached him: the 200 OK crosses it.
    let ok = Builder::response_to(&invite, 200, "OK", Some("b7"))
        .header("Contact", "<sip:bob@192.0.2.7>")
        .build()
        .unwrap();
    p.receive(120, &ok);
    p.receive(130, &reply(&cancel, 200, Some("b7")));
    assert_eq!(p.sends_of("ACK"), [120], "the 2xx is acknowledged");
    let bye = p.last_request("BYE");
    assert_eq!(bye.request_uri().as_deref(), Some("sip:bob@192.0.2.7"));
    assert_eq!(
        p.events
            .iter()
            .filter(|e| matches!(e, UaEvent::Ended { .. }))
            .count(),
        1
    );
    p.run_until(40_000);
    assert_eq!(
        p.sends_of("INVITE"),
        [0],
        "the INVITE is not resent once answered"
    );
}

#[test]
fn reliable_provisional_responses_are_pracked_once_when_the_account_offers_100rel() {
    let mut account = Account::new("alice", "alicepw", "example.com", Transport::Udp);
    account.prack = true;
    let mut p = Peer::with(account, 6);
    let call = p.ua.call("sip:bob@example.com");
    p.ua.offer_ready(call, "v=0\r\n");
    p.drain(0);
    let invite = p.last_request("INVITE");
    assert_eq!(invite.header("supported"), Some("100rel"));
    let ringing = Builder::response_to(&invite, 180, "Ringing", Some("b5"))
        .header("Require", "100rel")
        .header("RSeq", "988")
        .header("Contact", "<sip:bob@192.0.2.5>")
        .build()
        .unwrap();
    p.receive(50, &ringing);
    p.receive(550, &ringing); // retransmitted by bob until our PRACK arrives
    assert_eq!(p.sends_of("PRACK"), [50]);
    let prack = p.last_request("PRACK");
    assert_eq!(
        prack.header("rack"),
        Some(format!("988 {} INVITE", invite.cseq().unwrap().0).as_str())
    );
    assert_eq!(prack.request_uri().as_deref(), Some("sip:bob@192.0.2.5"));
    assert_eq!(prack.to_tag().as_deref(), Some("b5"));
    assert_eq!(prack.cseq().unwrap().0, invite.cseq().unwrap().0 + 1);
    assert_eq!(
        p.events
            .iter()
            .filter(|e| matches!(e, UaEvent::Progress { .. }))
            .count(),
        1
    );
}

#[test]
fn with_session_timers_the_caller_refreshes_at_half_the_interval() {
    let mut account = Account::new("alice", "alicepw", "example.com", Transport::Ws);
    account.session_expires = Some(90);
    let mut p = Peer::with(account, 8);
    let call = p.ua.call("sip:bob@example.com");
    p.ua.offer_ready(call, "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n");
    p.drain(0);
    let invite = p.last_request("INVITE");
    assert_eq!(invite.header("session-expires"), Some("90;refresher=uac"));
    assert_eq!(invite.header("supported"), Some("timer"));
    let ok = Builder::response_to(&invite, 200, "OK", Some("b8"))
        .header("Contact", "<sip:bob@192.0.2.8>")
        .header("Session-Expires", "90;refresher=uac")
        .header("Require", "timer")
        .build()
        .unwrap();
    p.receive(1_000, &ok);
    p.run_until(46_000);
    assert_eq!(
        p.sends_of("INVITE"),
        [0, 46_000],
        "refresh at 45 s after the 200"
    );
    let refresh = p.last_request("INVITE");
    assert_eq!(refresh.to_tag().as_deref(), Some("b8"));
    assert_eq!(refresh.header("session-expires"), Some("90;refresher=uac"));
    p.receive(46_100, &reply(&refresh, 200, Some("b8")));
    p.run_until(92_000);
    assert_eq!(p.sends_of("INVITE"), [0, 46_000, 91_100]);
    assert!(!p.events.iter().any(|e| matches!(e, UaEvent::Ended { .. })));
}

#[test]
fn with_session_timers_an_unrefreshed_call_is_ended_with_bye() {
    let with_timer = incoming_with("Supported: timer\r\nSession-Expires: 90");
    let mut p = Peer::new(Transport::Ws);
    p.answer_incoming(with_timer.as_bytes(), 0);
    let ok = p
        .sent
        .iter()
        .rev()
        .find(|(_, m)| m.status() == Some(200))
        .unwrap()
        .1
        .clone();
    assert_eq!(ok.header("session-expires"), Some("90;refresher=uac"));
    assert_eq!(ok.header("require"), Some("timer"));
    p.run_until(70_000);
    // 90 s minus the smaller of 32 s and a third: BYE at 60 s.
    let bye: Vec<u64> = p.sends_of("BYE");
    assert_eq!(bye, [60_000]);
    assert!(p.events.iter().any(|e| matches!(e, UaEvent::Ended { .. })));
}

#[test]
fn an_unanswering_primary_fails_over_to_the_backup_and_fails_back_later() {
    let mut account = Account::new("alice", "alicepw", "example.com", Transport::Udp);
    account.servers = 2;
    account.failback_secs = 300;
    account.outbound_proxy = Some("sip:proxy.example.com;lr".into());
    let mut p = Peer::with(account, 10);
    p.ua.transport_up(Instant(0));
    p.drain(0);
    assert_eq!(
        p.last_request("REGISTER").header("route"),
        Some("<sip:proxy.example.com;lr>")
    );
    p.run_until(33_000); // Timer F: the primary never answered
    assert!(
        p.events.contains(&UaEvent::SwitchServer(1)),
        "{:?}",
        p.events
    );

    // The driver connects to the backup, which answers.
    p.ua.transport_lost();
    p.ua.transport_up(Instant(33_000));
    p.drain(33_000);
    let register = p.last_request("REGISTER");
    let ok = Builder::response_to(&register, 200, "OK", Some("bk"))
        .header(
            "Contact",
            &format!("{};expires=3600", register.header("contact").unwrap()),
        )
        .build()
        .unwrap();
    p.receive(33_100, &ok);
    assert!(matches!(
        p.ua.registration(),
        deskphone_core::sip::registration::RegistrationState::Registered { .. }
    ));
    p.run_until(333_200);
    assert_eq!(
        p.events
            .iter()
            .filter(|e| **e == UaEvent::SwitchServer(0))
            .count(),
        1,
        "fail-back after 300 s"
    );
}

#[test]
fn a_server_that_cannot_be_reached_twice_in_a_row_is_failed_over() {
    let mut account = Account::new("alice", "alicepw", "example.com", Transport::Ws);
    account.servers = 2;
    let mut p = Peer::with(account, 11);
    p.ua.transport_lost(); // the connection attempt failed
    p.drain(0);
    assert!(
        !p.events.contains(&UaEvent::SwitchServer(1)),
        "one failure is retried on the same server"
    );
    p.ua.transport_lost();
    p.drain(500);
    assert!(p.events.contains(&UaEvent::SwitchServer(1)));
}

#[test]
fn over_udp_a_200_never_acknowledged_ends_the_call_with_bye() {
    let (mut p, _call) = answered_call(Account::new(
        "alice",
        "alicepw",
        "example.com",
        Transport::Udp,
    ));
    p.run_until(40_000);
    let byes = p.sends_of("BYE");
    assert_eq!(
        byes.first(),
        Some(&32_000),
        "BYE once 64*T1 passed without an ACK: {byes:?}"
    );
    let branches: std::collections::HashSet<_> = p
        .sent
        .iter()
        .filter(|(_, m)| m.method().as_deref() == Some("BYE"))
        .map(|(_, m)| m.top_branch())
        .collect();
    assert_eq!(
        branches.len(),
        1,
        "one BYE transaction (the rest are its retransmissions)"
    );
    assert!(p.events.iter().any(|e| matches!(e, UaEvent::Ended { .. })));
}

#[test]
fn a_422_raises_the_session_interval_to_the_min_se_asked_for() {
    let mut account = Account::new("alice", "alicepw", "example.com", Transport::Ws);
    account.session_expires = Some(90);
    let mut p = Peer::with(account, 12);
    let call = p.ua.call("sip:bob@example.com");
    p.ua.offer_ready(call, "v=0\r\n");
    p.drain(0);
    let first = p.last_request("INVITE");
    let too_small = Builder::response_to(&first, 422, "Session Interval Too Small", Some("px"))
        .header("Min-SE", "1800")
        .build()
        .unwrap();
    p.receive(10, &too_small);
    let second = p.last_request("INVITE");
    assert_eq!(second.header("session-expires"), Some("1800;refresher=uac"));
    assert_eq!(second.header("min-se"), Some("1800"));
    assert_eq!(second.cseq().unwrap().0, first.cseq().unwrap().0 + 1);
    assert!(!p.events.iter().any(|e| matches!(e, UaEvent::Ended { .. })));
}

/// An INVITE from bob that offers 100rel (`Supported`), to an account with PRACK on.
fn reliable_peer() -> (Peer, Vec<u8>) {
    let mut account = Account::new("alice", "alicepw", "example.com", Transport::Udp);
    account.prack = true;
    let invite = incoming_with("Supported: 100rel");
    (Peer::with(account, 11), invite.into_bytes())
}

fn sent_responses(p: &Peer, code: u16) -> Vec<(u64, Message)> {
    p.sent
        .iter()
        .filter(|(_, m)| m.status() == Some(code))
        .cloned()
        .collect()
}

fn prack_for(ringing: &Message, rack: &str) -> Vec<u8> {
    format!(
        "PRACK sip:alice@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKpr{}\r\nMax-Forwards: 70\r\n\
         From: \"Bob\" <sip:bob@example.com>;tag=b1\r\nTo: <sip:alice@example.com>;tag={}\r\nCall-ID: in1@x\r\n\
         CSeq: 2 PRACK\r\nRAck: {rack}\r\nContent-Length: 0\r\n\r\n",
        rack.len(),
        ringing.to_tag().unwrap()
    )
    .into_bytes()
}

#[test]
fn an_incoming_call_rings_reliably_until_the_caller_pracks() {
    let (mut p, invite) = reliable_peer();
    p.receive(0, &invite);
    let ringing = sent_responses(&p, 180);
    assert_eq!(ringing.len(), 1);
    let r = &ringing[0].1;
    assert_eq!(r.header("require"), Some("100rel"));
    let rseq: u32 = r.header("rseq").expect("an RSeq").parse().unwrap();
    assert!((1..=0x7FFF_FFFF).contains(&rseq));
    // RFC 3262 §3: retransmitted at T1, then doubling, even with a transaction layer below.
    p.run_until(1_600);
    assert_eq!(
        sent_responses(&p, 180)
            .iter()
            .map(|(t, _)| *t)
            .collect::<Vec<_>>(),
        [0, 500, 1500]
    );
    assert!(sent_responses(&p, 180)
        .iter()
        .all(|(_, m)| m.header("rseq") == r.header("rseq")));

    p.receive(1_700, &prack_for(r, &format!("{rseq} 1 INVITE")));
    let ok = p.sent.last().unwrap().1.clone();
    assert_eq!(
        (ok.status(), ok.cseq().map(|c| c.1)),
        (Some(200), Some("PRACK".to_string()))
    );
    p.run_until(20_000);
    assert_eq!(
        sent_responses(&p, 180).len(),
        3,
        "no retransmission once PRACKed"
    );

    let call = p.incoming_call();
    p.ua.answer(call);
    p.ua.answer_ready(call, "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n");
    p.drain(21_000);
    let answered = sent_responses(&p, 200);
    assert_eq!(answered.last().unwrap().1.cseq().unwrap().1, "INVITE");
}

#[test]
fn a_prack_that_acknowledges_nothing_gets_481() {
    let (mut p, invite) = reliable_peer();
    p.receive(0, &invite);
    let r = sent_responses(&p, 180)[0].1.clone();
    let rseq: u32 = r.header("rseq").unwrap().parse().unwrap();
    p.receive(
        100,
        &prack_for(&r, &format!("{} 1 INVITE", rseq.wrapping_add(1))),
    );
    assert_eq!(p.sent.last().unwrap().1.status(), Some(481));
    p.receive(200, &prack_for(&r, "garbage"));
    assert_eq!(p.sent.last().unwrap().1.status(), Some(481));
    p.run_until(600);
    assert_eq!(
        sent_responses(&p, 180).len(),
        2,
        "still unacknowledged, still retransmitted"
    );
}

#[test]
fn a_reliable_180_never_pracked_ends_in_504_after_64_t1() {
    let (mut p, invite) = reliable_peer();
    p.receive(0, &invite);
    p.run_until(31_999);
    assert!(sent_responses(&p, 504).is_empty());
    p.run_until(40_000);
    // The 504 leaves at 64*T1 (and is retransmitted by the INVITE server transaction over UDP).
    assert_eq!(
        sent_responses(&p, 504).first().map(|(t, _)| *t),
        Some(32_000)
    );
    assert!(p.events.iter().any(|e| matches!(
        e,
        UaEvent::Ended {
            reason: EndReason::Rejected { code: 504 },
            ..
        }
    )));
}

#[test]
fn a_final_answer_stops_the_reliable_180() {
    let (mut p, invite) = reliable_peer();
    p.answer_incoming(&invite, 0);
    p.run_until(10_000);
    assert_eq!(sent_responses(&p, 180).len(), 1);
}

#[test]
fn require_100rel_is_refused_with_420_unless_the_account_has_prack_on() {
    let invite = incoming_with("Require: 100rel");
    let mut off = Peer::new(Transport::Udp);
    off.receive(0, invite.as_bytes());
    let refusal = &sent_responses(&off, 420)[0].1;
    assert_eq!(refusal.header("unsupported"), Some("100rel"));
    let (mut on, _) = reliable_peer();
    on.receive(0, invite.as_bytes());
    assert!(sent_responses(&on, 420).is_empty());
    assert_eq!(
        sent_responses(&on, 180)[0].1.header("require"),
        Some("100rel")
    );
}

#[test]
fn an_unanswered_register_over_a_websocket_fails_at_timer_f_and_names_the_server() {
    // Reliable transport: no retransmissions, but Timer F (64*T1) still ends the wait.
    let mut p = Peer::new(Transport::Wss);
    p.ua.transport_up(Instant(0));
    p.drain(0);
    p.run_until(31_900);
    assert_eq!(p.ua.registration(), &RegistrationState::Registering);
    assert_eq!(
        p.sent.len(),
        1,
        "no retransmission over a reliable transport"
    );
    p.run_until(32_100);
    assert_eq!(
        p.ua.registration(),
        &RegistrationState::Failed {
            reason: "example.com did not answer".into()
        }
    );
}
