//! A second call while talking (the phones' "call waiting" setting): it rings as a waiting
//! call and takes over when the first call ends; with the setting off it gets 486.

use deskphone_core::phone::view::CallState;
use deskphone_core::phone::{Input, Key, MediaCommand, MediaEvent, Output, Phone};
use deskphone_core::sip::account::{Account, Transport};
use deskphone_core::sip::message::Message;
use deskphone_core::time::Instant;

fn invite(call_id: &str, user: &str, name: &str) -> Vec<u8> {
    format!(
        "INVITE sip:alice@example.com SIP/2.0\r\nVia: SIP/2.0/WSS h.invalid;branch=z9hG4bK{call_id}\r\nMax-Forwards: 70\r\n\
         From: \"{name}\" <sip:{user}@example.com>;tag=t{call_id}\r\nTo: <sip:alice@example.com>\r\nCall-ID: {call_id}\r\n\
         CSeq: 1 INVITE\r\nContact: <sip:{user}@h.invalid;transport=ws>\r\nContent-Type: application/sdp\r\nContent-Length: 4\r\n\r\nv=0\n"
    )
    .into_bytes()
}

/// Feed an input, answer media requests like a browser, return the responses sent.
fn step(phone: &mut Phone, input: Input) -> Vec<Message> {
    phone.handle_input(Instant(0), input);
    let mut sent = Vec::new();
    loop {
        match phone.poll_output() {
            Output::Send { bytes: b, .. } => sent.push(Message::parse(&b).unwrap()),
            Output::Media(MediaCommand::CreateAnswer { call, .. }) => {
                let sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n".to_string();
                sent.extend(step(
                    phone,
                    Input::Media(MediaEvent::LocalDescription { call, sdp }),
                ));
            }
            Output::Timeout(_) => return sent,
            _ => {}
        }
    }
}

/// A phone in a call with Bob, and the tag it gave the dialog.
fn talking_with_bob(call_waiting: bool) -> (Phone, String) {
    let mut account = Account::new("alice", "alicepw", "example.com", Transport::Wss);
    account.call_waiting = call_waiting;
    let mut phone = Phone::new(account, 9, Instant(0));
    step(&mut phone, received(invite("c1", "bob", "Bob")));
    let sent = step(&mut phone, Input::Key(Key::Soft(0))); // Answer
    assert_eq!(phone.view().state, CallState::Talking);
    let tag = sent
        .iter()
        .find(|m| m.status() == Some(200))
        .and_then(Message::to_tag)
        .expect("200 with our tag");
    (phone, tag)
}

#[test]
fn a_second_caller_waits_with_ringback_and_rings_when_the_first_call_ends() {
    let (mut phone, to_tag) = talking_with_bob(true);
    let sent = step(&mut phone, received(invite("c2", "carol", "Carol")));
    let codes: Vec<u16> = sent.iter().filter_map(Message::status).collect();
    assert_eq!(codes, [100, 180], "the waiting caller hears ringing");
    let view = phone.view();
    assert_eq!(view.state, CallState::Talking);
    assert!(
        view.screen.contains(&"Waiting: Carol".to_string()),
        "{:?}",
        view.screen
    );

    // Bob hangs up: Carol's call rings.
    let bye = format!(
        "BYE sip:alice@h.invalid SIP/2.0\r\nVia: SIP/2.0/WSS h.invalid;branch=z9hG4bKbye1\r\nMax-Forwards: 70\r\n\
         From: \"Bob\" <sip:bob@example.com>;tag=tc1\r\nTo: <sip:alice@example.com>;tag={to_tag}\r\nCall-ID: c1\r\n\
         CSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n"
    );
    step(&mut phone, received(bye.into_bytes()));
    let view = phone.view();
    assert_eq!(view.state, CallState::Ringing);
    assert_eq!(view.screen[1], "Carol");
}

#[test]
fn with_call_waiting_off_a_second_caller_gets_busy() {
    let (mut phone, _) = talking_with_bob(false);
    let sent = step(&mut phone, received(invite("c2", "carol", "Carol")));
    let codes: Vec<u16> = sent.iter().filter_map(Message::status).collect();
    assert_eq!(codes.last(), Some(&486));
    assert!(!phone.view().screen.iter().any(|l| l.starts_with("Waiting")));
}

/// Bytes from line 1's server.
fn received(bytes: Vec<u8>) -> Input {
    Input::Received { line: 0, bytes }
}
