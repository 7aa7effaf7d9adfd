//! The Record key (Dinstar C60S §3.20): SIP INFO `Record: on` / `Record: off` in the call's
//! dialog; the recording icon and the key's flashing lamp follow the server's answer.

mod common;

use common::{account, invite, BodyText, Rig};
use deskphone_core::phone::dss::DssKey;
use deskphone_core::phone::view::{CallState, Icon, LampColor, LampPattern};
use deskphone_core::phone::{Input, Key};
use deskphone_core::sip::message::Message;

/// Alice talking with Bob, a Record key as her first programmable key.
fn talking_with_a_record_key() -> Rig {
    let mut rig = Rig::new(vec![account("alice", "Alice")]);
    rig.phone
        .set_dss_keys(vec![DssKey::parse("record").unwrap()])
        .unwrap();
    rig.register(&[200]);
    rig.receive(0, invite("r1", "alice", "bob", "Bob"));
    rig.press_soft("Answer");
    assert_eq!(rig.state(), CallState::Talking);
    rig.clear();
    rig
}

fn recording_requests(rig: &Rig) -> Vec<Message> {
    rig.requests("INFO").into_iter().map(|(_, m)| m).collect()
}

fn recording(rig: &Rig) -> bool {
    rig.phone.view().icons.contains(&Icon::Recording)
}

#[test]
fn the_record_key_asks_the_server_and_shows_recording_once_it_agrees() {
    let mut rig = talking_with_a_record_key();
    assert_eq!(rig.lamp("dss1"), (LampColor::Off, LampPattern::Off));
    rig.press(Key::Dss(0));
    let info = recording_requests(&rig).pop().expect("an INFO");
    assert_eq!(info.header("record"), Some("on"));
    assert_eq!(info.header("call-id"), Some("r1"), "in the call's dialog");
    assert!(
        info.body_text().is_empty(),
        "no body: the header says it all"
    );
    assert!(!recording(&rig), "nothing shows before the server answers");

    rig.reply(0, &info, 200, "bobtag", None);
    assert!(recording(&rig));
    assert_eq!(rig.lamp("dss1"), (LampColor::Red, LampPattern::SlowBlink));
    assert_eq!(rig.state(), CallState::Talking);

    rig.clear();
    rig.press(Key::Dss(0));
    let info = recording_requests(&rig).pop().expect("a second INFO");
    assert_eq!(info.header("record"), Some("off"));
    rig.reply(0, &info, 200, "bobtag", None);
    assert!(!recording(&rig));
    assert_eq!(rig.lamp("dss1"), (LampColor::Off, LampPattern::Off));
}

#[test]
fn a_refused_recording_says_so_and_shows_nothing() {
    let mut rig = talking_with_a_record_key();
    rig.press(Key::Dss(0));
    let info = recording_requests(&rig).pop().expect("an INFO");
    rig.reply(0, &info, 415, "bobtag", None);
    assert!(!recording(&rig));
    assert_eq!(rig.screen()[0], "Record failed (415)");
    assert_eq!(rig.lamp("dss1"), (LampColor::Off, LampPattern::Off));
    rig.wait(3500);
    assert_eq!(rig.screen()[0], "Talking", "the notice passes");
    assert_eq!(rig.state(), CallState::Talking, "the call goes on");
}

#[test]
fn the_record_key_does_nothing_before_a_call_is_answered() {
    let mut rig = Rig::new(vec![account("alice", "Alice")]);
    rig.phone
        .set_dss_keys(vec![DssKey::parse("record:").unwrap()])
        .unwrap();
    rig.register(&[200]);
    rig.press(Key::Dss(0));
    rig.receive(0, invite("r2", "alice", "bob", "Bob"));
    rig.press(Key::Dss(0));
    assert!(recording_requests(&rig).is_empty());
    assert_eq!(rig.state(), CallState::Ringing);
}

#[test]
fn recording_belongs_to_its_call() {
    let mut rig = talking_with_a_record_key();
    rig.press(Key::Dss(0));
    let info = recording_requests(&rig).pop().expect("an INFO");
    rig.reply(0, &info, 200, "bobtag", None);
    assert!(recording(&rig));
    rig.step(Input::Received {
        line: 0,
        bytes: bye_from_bob(&info).into_bytes(),
    });
    assert_eq!(rig.state(), CallState::Idle);
    assert!(!recording(&rig), "the icon goes with the call");
}

/// Bob hangs up: a BYE in the dialog `info` was sent in.
fn bye_from_bob(info: &Message) -> String {
    let to = info.header("to").unwrap_or_default();
    let from = info.header("from").unwrap_or_default();
    format!(
        "BYE sip:alice@10.0.0.1 SIP/2.0\r\nVia: SIP/2.0/WSS 10.0.0.9;branch=z9hG4bKbye1\r\n\
         From: {to}\r\nTo: {from}\r\nCall-ID: r1\r\nCSeq: 9 BYE\r\nContent-Length: 0\r\n\r\n"
    )
}
