//! The handset, the Speaker key and the Headset key (SayHi 6XX, whose Speaker and Headset
//! keys have red LEDs): each starts dialling or answers on its device, moves a call from
//! another device to its own, and hangs up a call on its own; the handset put down ends
//! only a call on the handset.

mod common;

use common::{account, invite, Rig};
use deskphone_core::phone::audio_path::AudioPath;
use deskphone_core::phone::view::{CallState, LampColor, LampPattern};
use deskphone_core::phone::Key;
use deskphone_core::profile;

const DARK: (LampColor, LampPattern) = (LampColor::Off, LampPattern::Off);
const LIT: (LampColor, LampPattern) = (LampColor::Red, LampPattern::Steady);

fn sayhi() -> Rig {
    let mut rig = Rig::of(
        profile::by_id("sayhi-6xx").unwrap(),
        vec![account("alice", "Alice")],
    );
    rig.register(&[200]);
    rig
}

fn path(rig: &Rig) -> Option<AudioPath> {
    rig.phone.view().audio_path
}

fn byes(rig: &Rig) -> usize {
    rig.requests("BYE").len()
}

#[test]
fn the_headset_key_dials_and_hangs_up_on_the_headset_with_its_lamp_lit() {
    let mut rig = sayhi();
    assert_eq!(path(&rig), None);
    rig.press(Key::Headset);
    assert_eq!(rig.state(), CallState::Dialing);
    assert_eq!(path(&rig), Some(AudioPath::Headset));
    assert_eq!(rig.lamp("headset"), LIT);
    assert_eq!(rig.lamp("speaker"), DARK);
    rig.press(Key::Headset);
    assert_eq!(rig.state(), CallState::Idle);
    assert_eq!(rig.lamp("headset"), DARK);
}

#[test]
fn a_call_on_the_handset_moves_to_the_speaker_and_stays_there_when_the_handset_goes_down() {
    let mut rig = sayhi();
    rig.receive(0, invite("a1", "alice", "bob", "Bob"));
    rig.press(Key::OffHook);
    assert_eq!(rig.state(), CallState::Talking);
    assert_eq!(path(&rig), Some(AudioPath::Handset));
    rig.clear();
    rig.press(Key::Speaker);
    assert_eq!(path(&rig), Some(AudioPath::Speaker), "hands-free now");
    assert_eq!(rig.lamp("speaker"), LIT);
    assert_eq!(byes(&rig), 0);
    rig.press(Key::OnHook);
    assert_eq!(
        rig.state(),
        CallState::Talking,
        "the call is on the speaker"
    );
    assert_eq!(byes(&rig), 0);
    rig.press(Key::Speaker);
    assert_eq!(byes(&rig), 1, "the speaker key hangs up its own call");
}

#[test]
fn lifting_the_handset_takes_a_headset_call_and_putting_it_down_ends_it() {
    let mut rig = sayhi();
    rig.receive(0, invite("a2", "alice", "bob", "Bob"));
    rig.press(Key::Headset);
    assert_eq!(rig.state(), CallState::Talking, "answered on the headset");
    assert_eq!(path(&rig), Some(AudioPath::Headset));
    rig.clear();
    rig.press(Key::OffHook);
    assert_eq!(path(&rig), Some(AudioPath::Handset));
    assert_eq!(rig.lamp("headset"), DARK);
    assert_eq!(byes(&rig), 0);
    rig.press(Key::OnHook);
    assert_eq!(byes(&rig), 1);
}

#[test]
fn a_call_answered_from_the_soft_key_plays_on_the_speaker_unless_the_handset_is_up() {
    let mut rig = sayhi();
    rig.receive(0, invite("a3", "alice", "bob", "Bob"));
    rig.press_soft("Answer");
    assert_eq!(path(&rig), Some(AudioPath::Speaker));
    rig.clear();
    rig.press(Key::OnHook);
    assert_eq!(byes(&rig), 0, "the handset was never lifted");
}

#[test]
fn lifting_the_handset_takes_a_call_answered_on_the_speaker_and_never_ends_it() {
    let mut rig = sayhi();
    rig.receive(0, invite("a4", "alice", "bob", "Bob"));
    rig.press_soft("Answer");
    rig.clear();
    rig.press(Key::OffHook);
    assert_eq!(rig.state(), CallState::Talking);
    assert_eq!(path(&rig), Some(AudioPath::Handset));
    assert_eq!(byes(&rig), 0);
    rig.press(Key::OffHook); // lifted already: nothing
    assert_eq!(byes(&rig), 0);
    rig.press(Key::OnHook);
    assert_eq!(byes(&rig), 1);
}

#[test]
fn a_number_keyed_on_hook_is_dialled_on_the_handset_once_it_is_lifted() {
    let mut rig = sayhi();
    for d in "100".chars() {
        rig.press(Key::Digit(d));
    }
    rig.press(Key::OffHook);
    assert_eq!(rig.state(), CallState::Dialing, "the digits stay");
    assert_eq!(rig.screen()[1], "100");
    assert_eq!(path(&rig), Some(AudioPath::Handset));
}

#[test]
fn after_a_handset_call_the_next_call_answered_on_a_soft_key_is_on_the_speaker() {
    let mut rig = sayhi();
    rig.receive(0, invite("a5", "alice", "bob", "Bob"));
    rig.press(Key::OffHook);
    // Bob hangs up; then the handset goes down.
    let bye = "BYE sip:alice@h.invalid;transport=ws SIP/2.0\r\nVia: SIP/2.0/WSS proxy.example.com;branch=z9hG4bKbye5\r\n\
               Max-Forwards: 70\r\nFrom: \"Bob\" <sip:bob@example.com>;tag=ta5\r\nTo: <sip:alice@example.com>;tag=TAG\r\n\
               Call-ID: a5\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n";
    let tag = (rig.responses(200).into_iter())
        .find_map(|(_, m)| m.to_tag())
        .unwrap();
    rig.receive(0, bye.replace("TAG", &tag));
    assert_eq!(rig.state(), CallState::Idle);
    rig.press(Key::OnHook);
    rig.receive(0, invite("a6", "alice", "carol", "Carol"));
    rig.press_soft("Answer");
    assert_eq!(path(&rig), Some(AudioPath::Speaker));
    assert_eq!(rig.lamp("speaker"), LIT);
}

#[test]
fn each_device_keeps_its_own_call_volume() {
    let mut rig = sayhi();
    rig.receive(0, invite("v1", "alice", "bob", "Bob"));
    rig.press(Key::OffHook);
    assert_eq!(path(&rig), Some(AudioPath::Handset));
    let start = rig.phone.view().call_volume;
    rig.press(Key::VolumeUp);
    rig.press(Key::VolumeUp);
    assert_eq!(
        rig.phone.view().call_volume,
        start + 2,
        "louder on the handset"
    );
    rig.press(Key::Speaker);
    assert_eq!(path(&rig), Some(AudioPath::Speaker));
    assert_eq!(
        rig.phone.view().call_volume,
        start,
        "the speaker's own level"
    );
    rig.press(Key::VolumeDown);
    assert_eq!(rig.phone.view().call_volume, start - 1);
    rig.press(Key::Headset);
    assert_eq!(
        rig.phone.view().call_volume,
        start,
        "the headset's own level"
    );
    rig.press(Key::OnHook); // the handset back on its cradle (the call stays on the headset)
    rig.press(Key::OffHook);
    assert_eq!(path(&rig), Some(AudioPath::Handset));
    assert_eq!(
        rig.phone.view().call_volume,
        start + 2,
        "the handset's level kept"
    );
}
