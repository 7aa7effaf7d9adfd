//! Keypad tones and in-band DTMF: a digit keyed while dialling or in a call sounds its DTMF
//! tone to the user (`features.key_tone`); an account that sends DTMF in-band puts the tone
//! into the call's audio instead of RFC 4733 events or SIP INFO.

mod common;

use common::{account, invite, Rig};
use deskphone_core::phone::Key;
use deskphone_core::sip::account::DtmfMode;

fn talking(mode: DtmfMode) -> Rig {
    let mut a = account("alice", "Alice");
    a.dtmf = mode;
    let mut rig = Rig::new(vec![a]);
    rig.register(&[200]);
    rig.receive(0, invite("k1", "alice", "bob", "Bob"));
    rig.press_soft("Answer");
    rig.clear();
    rig
}

fn key(rig: &mut Rig, digits: &str) {
    for d in digits.chars() {
        rig.press(Key::Digit(d));
    }
}

#[test]
fn digits_keyed_while_dialling_sound_their_tone_to_the_user_only() {
    let mut rig = Rig::new(vec![account("alice", "Alice")]);
    rig.register(&[200]);
    key(&mut rig, "12*");
    assert_eq!(rig.key_tones, [('1', false), ('2', false), ('*', false)]);
    rig.phone.set_key_tone(false);
    key(&mut rig, "3");
    assert_eq!(rig.key_tones.len(), 3, "key tones off");
}

#[test]
fn in_a_call_a_digit_goes_as_an_event_and_sounds_locally() {
    let mut rig = talking(DtmfMode::Rfc4733);
    key(&mut rig, "59");
    assert_eq!(rig.dtmf_events, ['5', '9']);
    assert_eq!(rig.key_tones, [('5', false), ('9', false)]);
}

#[test]
fn a_digit_that_starts_a_number_while_the_call_is_held_sounds_too() {
    let mut rig = talking(DtmfMode::Rfc4733);
    rig.press_soft("Hold");
    rig.accept_reinvites(|m| m.to_tag().unwrap_or_default());
    key(&mut rig, "12");
    assert_eq!(rig.key_tones, [('1', false), ('2', false)]);
    assert!(
        rig.dtmf_events.is_empty(),
        "a new number, not digits to the held call"
    );
}

#[test]
fn an_in_band_account_sends_the_tone_in_the_audio_and_nothing_else() {
    let mut rig = talking(DtmfMode::Inband);
    rig.phone.set_key_tone(false);
    key(&mut rig, "*0");
    assert_eq!(
        rig.key_tones,
        [('*', true), ('0', true)],
        "in-band even with key tones off"
    );
    assert!(rig.dtmf_events.is_empty());
    assert!(rig.requests("INFO").is_empty());
    assert!(
        rig.screen().iter().any(|l| l.contains("*0")),
        "{:?}",
        rig.screen()
    );
}
