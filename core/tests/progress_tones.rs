//! The progress tones the phone model decides on: busy and congestion when a call we made
//! fails, busy after a remote hang-up when asked, the stutter dial tone while voice messages
//! wait, and the hold reminder while a call is held and nothing else goes on.

mod common;

use common::{accept_and_notify, account, invite, subscribes, Rig};
use deskphone_core::phone::progress_tones::ProgressTones;
use deskphone_core::phone::view::Sound;
use deskphone_core::phone::{Input, Key};

fn sound(rig: &Rig) -> Sound {
    rig.phone.view().sound
}

fn registered() -> Rig {
    let mut rig = Rig::new(vec![account("alice", "Alice")]);
    rig.register(&[200]);
    rig
}

/// Alice calls 1002 and the far end answers `code`.
fn call_answered_with(code: u16) -> Rig {
    let mut rig = registered();
    rig.dial("1002");
    let (_, inv) = rig.last_invite();
    rig.reply(0, &inv, code, "far", None);
    rig
}

#[test]
fn a_busy_number_plays_the_busy_tone_for_a_while_then_nothing() {
    let mut rig = call_answered_with(486);
    assert_eq!(sound(&rig), Sound::Busy);
    assert!(
        rig.screen().contains(&"Busy".to_string()),
        "{:?}",
        rig.screen()
    );
    rig.wait(3100);
    assert_eq!(sound(&rig), Sound::Silent);
}

#[test]
fn a_call_that_cannot_go_through_plays_congestion() {
    for code in [404, 480, 503] {
        let rig = call_answered_with(code);
        assert_eq!(sound(&rig), Sound::Congestion, "{code}");
    }
}

#[test]
fn lifting_the_handset_after_a_busy_call_gives_dial_tone_at_once() {
    let mut rig = call_answered_with(600);
    assert_eq!(sound(&rig), Sound::Busy);
    rig.press(Key::Speaker);
    assert_eq!(sound(&rig), Sound::Dial);
}

/// Alice talking with Bob, who called her.
fn talking() -> Rig {
    let mut rig = registered();
    rig.receive(0, invite("t1", "alice", "bob", "Bob"));
    rig.press_soft("Answer");
    rig.clear();
    rig
}

fn bob_hangs_up(rig: &mut Rig) {
    let tag = (rig.responses(200).into_iter())
        .find_map(|(_, m)| m.to_tag())
        .unwrap();
    let bye = format!(
        "BYE sip:alice@h.invalid SIP/2.0\r\nVia: SIP/2.0/WSS h.invalid;branch=z9hG4bKbyet1\r\nMax-Forwards: 70\r\n\
         From: \"Bob\" <sip:bob@example.com>;tag=tt1\r\nTo: <sip:alice@example.com>;tag={tag}\r\n\
         Call-ID: t1\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n"
    );
    rig.receive(0, bye);
}

#[test]
fn after_a_remote_hang_up_the_busy_tone_plays_only_when_asked() {
    let mut rig = registered();
    rig.receive(0, invite("t1", "alice", "bob", "Bob"));
    rig.press_soft("Answer");
    bob_hangs_up(&mut rig);
    assert_eq!(
        sound(&rig),
        Sound::Silent,
        "Yealink's default: no busy tone"
    );

    let mut rig = registered();
    rig.phone.set_progress_tones(ProgressTones {
        busy_after_hangup_secs: 3,
        ..ProgressTones::default()
    });
    rig.receive(0, invite("t1", "alice", "bob", "Bob"));
    rig.press_soft("Answer");
    bob_hangs_up(&mut rig);
    assert_eq!(sound(&rig), Sound::Busy);
    rig.wait(2900);
    assert_eq!(sound(&rig), Sound::Busy);
    rig.wait(200);
    assert_eq!(sound(&rig), Sound::Silent);
}

#[test]
fn a_held_call_with_nothing_else_going_on_gets_the_hold_reminder() {
    let mut rig = talking();
    assert_eq!(sound(&rig), Sound::Silent);
    rig.press_soft("Hold");
    rig.accept_reinvites(|_| "bobtag".into());
    assert_eq!(sound(&rig), Sound::HoldReminder);
    // A second call being dialled takes over: dial tone.
    rig.press_soft("New Call");
    assert_eq!(sound(&rig), Sound::Dial);
    rig.press(Key::Cancel);
    assert_eq!(sound(&rig), Sound::HoldReminder);
    rig.press_soft("Resume");
    rig.accept_reinvites(|_| "bobtag".into());
    assert_eq!(sound(&rig), Sound::Silent);

    rig.phone.set_progress_tones(ProgressTones {
        hold_reminder: false,
        ..ProgressTones::default()
    });
    rig.press_soft("Hold");
    rig.accept_reinvites(|_| "bobtag".into());
    assert_eq!(sound(&rig), Sound::Silent, "switched off");
}

#[test]
fn waiting_voice_messages_make_the_dial_tone_stutter() {
    let mut a = account("alice", "Alice");
    a.subscribe_mwi = true;
    let mut rig = Rig::new(vec![a]);
    rig.step(Input::TransportUp { line: 0 });
    rig.press(Key::Speaker);
    assert_eq!(sound(&rig), Sound::Dial);
    rig.press(Key::Cancel);
    let sub = subscribes(&rig, "message-summary").pop().unwrap();
    accept_and_notify(
        &mut rig,
        &sub,
        "message-summary",
        "application/simple-message-summary",
        "Messages-Waiting: yes\r\nVoice-Message: 1/0\r\n",
    );
    rig.press(Key::Speaker);
    assert_eq!(sound(&rig), Sound::Stutter);
    rig.press(Key::Digit('1'));
    assert_eq!(sound(&rig), Sound::Silent);
}
