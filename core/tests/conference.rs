//! Local conference on the phone model: Conference joins the calls (taking held ones back),
//! the view names the members for the media driver's mix-minus, Hold and Resume act on all,
//! Split takes them apart, End hangs them all up, and a conference left with one call is an
//! ordinary call. With one call, Conference holds it and dials the next party first.

mod common;

use common::{account, invite, sdp, Rig};
use deskphone_core::phone::view::CallState;
use deskphone_core::phone::Key;
use deskphone_core::sip::message::Message;

fn keep_tag(m: &Message) -> String {
    m.to_tag().unwrap_or_default()
}

/// Alice talks with Carol (who called second); Bob (first) is held.
fn two_calls() -> Rig {
    two_calls_and_carols_tag().0
}

/// [`two_calls`], and the tag alice gave Carol's dialog.
fn two_calls_and_carols_tag() -> (Rig, String) {
    let mut rig = Rig::new(vec![account("alice", "Alice")]);
    rig.register(&[200]);
    rig.receive(0, invite("b1", "alice", "bob", "Bob"));
    rig.press_soft("Answer");
    rig.receive(0, invite("c1", "alice", "carol", "Carol"));
    rig.press(Key::Line(0)); // answers Carol, holds Bob
    let tag = rig
        .responses(200)
        .iter()
        .find(|(_, m)| m.call_id() == Some("c1"))
        .and_then(|(_, m)| m.to_tag())
        .expect("the 200 to Carol");
    rig.accept_reinvites(keep_tag);
    assert_eq!(rig.screen()[1], "Carol");
    rig.renegotiations.clear();
    rig.clear();
    (rig, tag)
}

#[test]
fn a_conference_programmable_key_joins_the_calls_as_the_conference_key_does() {
    let mut rig = two_calls();
    let keys = vec![deskphone_core::phone::dss::DssKey::parse("conference").unwrap()];
    rig.phone.set_dss_keys(keys).unwrap();
    rig.press(Key::Dss(0));
    rig.accept_reinvites(keep_tag);
    assert_eq!(rig.state(), CallState::Conference);
    assert_eq!(rig.phone.view().conference.len(), 2);
}

#[test]
fn conference_joins_the_calls_and_takes_the_held_one_back() {
    let mut rig = two_calls();
    rig.press(Key::Conference);
    assert_eq!(rig.renegotiations, [false], "Bob is taken back");
    rig.accept_reinvites(keep_tag);
    let view = rig.phone.view();
    assert_eq!(view.state, CallState::Conference);
    assert_eq!(view.screen[0], "Conference");
    assert_eq!(
        view.screen[1], "Carol + Bob",
        "every member on the second row"
    );
    assert_eq!(view.conference.len(), 2, "both calls are mixed");
    assert_eq!(view.soft_keys, ["", "Hold", "Split", "End"]);
}

#[test]
fn hold_and_resume_act_on_every_member() {
    let mut rig = two_calls();
    rig.press(Key::Conference);
    rig.accept_reinvites(keep_tag);
    rig.renegotiations.clear();
    rig.press_soft("Hold");
    assert_eq!(rig.renegotiations, [true, true]);
    rig.accept_reinvites(keep_tag);
    assert_eq!(rig.state(), CallState::Held);
    rig.press_soft("Resume");
    assert_eq!(rig.renegotiations, [true, true, false, false]);
    rig.accept_reinvites(keep_tag);
    assert_eq!(rig.state(), CallState::Conference);
}

#[test]
fn split_keeps_the_call_on_the_screen_and_holds_the_others() {
    let mut rig = two_calls();
    rig.press(Key::Conference);
    rig.accept_reinvites(keep_tag);
    rig.renegotiations.clear();
    rig.press_soft("Split");
    assert_eq!(rig.renegotiations, [true], "the other member is held");
    rig.accept_reinvites(keep_tag);
    let view = rig.phone.view();
    assert_eq!(view.state, CallState::Talking);
    assert!(view.conference.is_empty());
    assert!(
        view.screen.iter().any(|r| r.starts_with("Held: ")),
        "{:?}",
        view.screen
    );
}

#[test]
fn end_hangs_up_every_member() {
    let mut rig = two_calls();
    rig.press(Key::Conference);
    rig.accept_reinvites(keep_tag);
    rig.press_soft("End");
    let byes: Vec<String> = rig
        .requests("BYE")
        .iter()
        .map(|(_, m)| m.call_id().unwrap_or_default().to_string())
        .collect();
    assert_eq!(byes.len(), 2, "{byes:?}");
}

#[test]
fn a_conference_left_with_one_call_is_an_ordinary_call() {
    let (mut rig, tag) = two_calls_and_carols_tag();
    rig.press(Key::Conference);
    rig.accept_reinvites(keep_tag);
    let bye = format!(
        "BYE sip:alice@h.invalid SIP/2.0\r\nVia: SIP/2.0/WSS h.invalid;branch=z9hG4bKbyec\r\nMax-Forwards: 70\r\n\
         From: \"Carol\" <sip:carol@example.com>;tag=tc1\r\nTo: <sip:alice@example.com>;tag={tag}\r\nCall-ID: c1\r\n\
         CSeq: 9 BYE\r\nContent-Length: 0\r\n\r\n"
    );
    rig.receive(0, bye);
    let view = rig.phone.view();
    assert_eq!(
        view.state,
        CallState::Talking,
        "Bob alone: an ordinary call"
    );
    assert_eq!(view.screen[1], "Bob");
    assert!(view.conference.is_empty());
}

#[test]
fn conference_with_one_call_dials_the_next_party_then_joins_them() {
    let mut rig = Rig::new(vec![account("alice", "Alice")]);
    rig.register(&[200]);
    rig.receive(0, invite("b1", "alice", "bob", "Bob"));
    rig.press_soft("Answer");
    rig.press(Key::Conference);
    rig.accept_reinvites(keep_tag);
    assert_eq!(rig.state(), CallState::Dialing);
    rig.dial("1005");
    let (_, inv) = rig.last_invite();
    rig.reply(0, &inv, 200, "d5", Some(&sdp(1, "sendrecv")));
    assert_eq!(rig.state(), CallState::Talking);
    rig.press(Key::Conference);
    rig.accept_reinvites(keep_tag);
    assert_eq!(rig.state(), CallState::Conference);
    assert_eq!(rig.phone.view().conference.len(), 2);
}

/// Bob and Carol in a conference, the optional keys on and the Manager open.
fn manager_open() -> Rig {
    let mut rig = two_calls();
    rig.phone.set_optional_keys(true);
    rig.press(Key::Conference);
    rig.accept_reinvites(keep_tag);
    assert_eq!(rig.state(), CallState::Conference);
    rig.press_soft_or_more("Manager");
    rig
}

#[test]
fn the_manager_far_mutes_one_party_and_removes_another() {
    let mut rig = manager_open();
    let screen = rig.screen();
    let at = screen
        .iter()
        .position(|r| r == "Manager")
        .expect("the party list");
    assert_eq!(screen[at + 1..at + 3], ["1. Bob", "2. Carol"]);
    assert_eq!(
        rig.phone.view().highlight,
        Some(at + 1),
        "the cursor on Bob"
    );
    let labels = rig.soft_labels();
    assert!(labels.contains(&"Far Mute".into()) && !labels.contains(&"Unmute".into()));
    assert!(labels.contains(&"Remove".into()) && labels.contains(&"Back".into()));

    rig.press(Key::Down);
    rig.press_soft("Far Mute");
    let view = rig.phone.view();
    assert_eq!(view.conference.len(), 2);
    assert_eq!(
        view.conference_muted.len(),
        1,
        "Carol is left out of the mix"
    );
    assert!(rig.screen().contains(&"2. Carol (muted)".to_string()));
    let labels = rig.soft_labels();
    assert!(labels.contains(&"Unmute".into()) && !labels.contains(&"Far Mute".into()));
    rig.press_soft("Unmute");
    assert!(rig.phone.view().conference_muted.is_empty());

    rig.clear();
    rig.press_soft("Remove");
    let byes = rig.requests("BYE");
    assert_eq!(byes.len(), 1);
    assert_eq!(byes[0].1.call_id(), Some("c1"), "Carol is hung up on");
}

#[test]
fn back_closes_the_manager_and_the_conference_goes_on() {
    let mut rig = manager_open();
    rig.press_soft("Back");
    assert_eq!(rig.screen()[0], "Conference", "{:?}", rig.screen());
    assert_eq!(rig.state(), CallState::Conference);
}
