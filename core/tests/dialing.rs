//! Entering a number: the send key (`#`), the inter-digit timeout of the profile (SayHi 6XX
//! "or wait 5 s"), Delete, and a profile that waits for Send (Yealink CP860).

mod common;

use common::{account, Rig};
use deskphone_core::phone::view::CallState;
use deskphone_core::phone::Key;
use deskphone_core::profile;

fn sayhi() -> Rig {
    let mut rig = Rig::new(vec![account("alice", "Alice")]);
    rig.register(&[200]);
    rig
}

fn keys(rig: &mut Rig, digits: &str) {
    for d in digits.chars() {
        rig.press(Key::Digit(d));
    }
}

fn invite_target(rig: &Rig) -> Option<String> {
    rig.requests("INVITE")
        .last()
        .and_then(|(_, m)| m.request_uri())
}

#[test]
fn five_seconds_after_the_last_digit_the_number_is_dialled() {
    let mut rig = sayhi();
    keys(&mut rig, "10");
    rig.wait(4_000);
    keys(&mut rig, "05"); // each key starts the wait again
    rig.wait(4_900);
    assert_eq!(rig.state(), CallState::Dialing);
    assert!(rig.requests("INVITE").is_empty());
    rig.wait(100);
    assert_eq!(rig.state(), CallState::Calling);
    let target = invite_target(&rig).expect("an INVITE");
    assert!(target.starts_with("sip:1005@"), "{target}");
}

#[test]
fn the_send_key_dials_at_once_and_is_not_part_of_the_number() {
    let mut rig = sayhi();
    keys(&mut rig, "1005#");
    assert_eq!(rig.state(), CallState::Calling);
    assert!(invite_target(&rig).unwrap().starts_with("sip:1005@"));
}

#[test]
fn deleting_every_digit_stops_the_wait() {
    let mut rig = sayhi();
    keys(&mut rig, "1");
    rig.press_soft("Delete");
    rig.wait(10_000);
    assert_eq!(rig.state(), CallState::Dialing);
    assert!(rig.requests("INVITE").is_empty());
}

#[test]
fn the_cp860_waits_for_send() {
    let mut rig = Rig::of(
        profile::by_id("yealink-cp860").unwrap(),
        vec![account("alice", "Alice")],
    );
    rig.register(&[200]);
    keys(&mut rig, "1005");
    rig.wait(60_000);
    assert_eq!(rig.state(), CallState::Dialing);
    rig.press_soft("Send");
    assert_eq!(rig.state(), CallState::Calling);
}
