//! Several calls at once: answering a waiting call holds the first, Swap moves between held
//! calls, New Call and another line key hold the call and dial again, and when a call ends
//! the screen goes back to the one left (SayHi 6XX / Dinstar C60S "multiple calls", CP860
//! Talking/Hold soft keys). A scripted far end answers every re-INVITE.

mod common;

use common::{account, invite, sdp, BodyText, Rig};
use deskphone_core::phone::view::{CallState, LampColor, LampPattern};
use deskphone_core::phone::Key;
use deskphone_core::sip::message::Message;

/// The far end keeps the tag it already has in the dialog.
fn keep_tag(m: &Message) -> String {
    m.to_tag().unwrap_or_default().to_string()
}

/// Alice (line 1) and Carol (line 2); Alice talks with Bob, who called her.
fn talking_with_bob() -> Rig {
    let mut rig = Rig::new(vec![account("alice", "Alice"), account("carol", "Carol")]);
    rig.register(&[200, 200]);
    rig.receive(0, invite("b1", "alice", "bob", "Bob"));
    rig.press_soft("Answer");
    assert_eq!(rig.state(), CallState::Talking);
    rig.clear();
    rig
}

#[test]
fn answering_a_waiting_call_holds_the_first_and_swap_changes_over() {
    let mut rig = talking_with_bob();
    rig.receive(0, invite("d1", "alice", "dave", "Dave"));
    assert_eq!(rig.state(), CallState::Talking, "Bob stays on the screen");
    assert!(
        rig.screen().contains(&"Waiting: Dave".to_string()),
        "{:?}",
        rig.screen()
    );
    // The call-waiting keys: answer or refuse Dave, or end Bob.
    assert_eq!(rig.phone.view().soft_keys, ["Answer", "Reject", "", "End"]);
    assert_eq!(rig.lamp("line1"), (LampColor::Red, LampPattern::FastBlink));

    rig.press(Key::Line(0)); // the flashing line key answers the waiting call
    assert_eq!(rig.renegotiations, [true], "Bob is put on hold");
    let (_, hold) = rig.last_invite();
    assert!(
        hold.body_text().contains("a=sendonly"),
        "{}",
        hold.body_text()
    );
    assert_eq!(rig.responses(200).len(), 1, "Dave is answered");
    rig.accept_reinvites(keep_tag);
    let view = rig.phone.view();
    assert_eq!(view.state, CallState::Talking);
    assert_eq!(view.screen[1], "Dave");
    assert!(
        view.screen.contains(&"Held: Bob".to_string()),
        "{:?}",
        view.screen
    );
    // Hold, Transfer, New Call, End, Swap: five keys on four, Swap on the second page.
    assert_eq!(rig.soft_labels(), ["Hold", "Transfer", "New Call", "More"]);

    // Swap: Dave is held and Bob taken back.
    rig.press_soft_or_more("Swap");
    assert_eq!(rig.renegotiations, [true, true, false]);
    let reinvites: Vec<(String, String)> = rig
        .requests("INVITE")
        .iter()
        .map(|(_, m)| (m.call_id().unwrap_or_default().to_string(), m.body_text()))
        .collect();
    assert_eq!(reinvites.len(), 2);
    assert!(reinvites
        .iter()
        .any(|(id, b)| id == "d1" && b.contains("a=sendonly")));
    assert!(reinvites
        .iter()
        .any(|(id, b)| id == "b1" && b.contains("a=sendrecv")));
    rig.accept_reinvites(keep_tag);
    let view = rig.phone.view();
    assert_eq!(
        (view.state, view.screen[1].as_str()),
        (CallState::Talking, "Bob")
    );
    assert!(
        view.screen.contains(&"Held: Dave".to_string()),
        "{:?}",
        view.screen
    );
}

#[test]
fn when_the_active_call_ends_the_held_call_stays_held_until_resumed() {
    let mut rig = talking_with_bob();
    rig.receive(0, invite("d1", "alice", "dave", "Dave"));
    rig.press_soft_or_more("Answer");
    rig.accept_reinvites(keep_tag);
    // Dave hangs up: the screen goes to Bob, still on hold.
    rig.press_soft_or_more("End");
    let (line, bye) = rig.requests("BYE").pop().expect("BYE to Dave");
    assert_eq!(bye.call_id(), Some("d1"));
    rig.reply(line, &bye, 200, &keep_tag(&bye), None);
    let view = rig.phone.view();
    assert_eq!(view.state, CallState::Held);
    assert_eq!(view.screen[..2], ["On hold", "Bob"]);
    assert_eq!(
        rig.lamp("line1"),
        (LampColor::Green, LampPattern::SlowBlink)
    );
    rig.clear();
    rig.press_soft("Resume");
    assert_eq!(rig.renegotiations.last(), Some(&false));
    rig.accept_reinvites(keep_tag);
    assert_eq!(rig.state(), CallState::Talking);
}

#[test]
fn another_line_key_holds_the_call_and_dials_on_that_lines_account() {
    let mut rig = talking_with_bob();
    rig.press(Key::Line(1));
    assert_eq!(rig.renegotiations, [true], "Bob is held first");
    rig.accept_reinvites(keep_tag);
    let view = rig.phone.view();
    assert_eq!(view.state, CallState::Dialing);
    assert_eq!(view.focus, 1, "dialling on Carol's line");
    assert!(
        view.screen.contains(&"Held: Bob".to_string()),
        "{:?}",
        view.screen
    );
    assert_eq!(
        rig.lamp("line1"),
        (LampColor::Green, LampPattern::SlowBlink)
    );
    assert_eq!(rig.lamp("line2"), (LampColor::Green, LampPattern::Steady));

    rig.dial("1005");
    let (line, inv) = rig.last_invite();
    assert_eq!(line, 1, "the new call goes out on line 2");
    assert!(inv.header("from").unwrap_or_default().contains("carol"));
    rig.reply(1, &inv, 180, "e1", None);
    assert_eq!(rig.state(), CallState::Ringback);
    rig.reply(1, &inv, 200, "e1", Some(&sdp(1, "sendrecv")));
    assert_eq!(rig.state(), CallState::Talking);
    assert_eq!(rig.lamp("line2"), (LampColor::Green, LampPattern::Steady));
    assert_eq!(
        rig.lamp("line1"),
        (LampColor::Green, LampPattern::SlowBlink)
    );

    // Line 1's key goes back to Bob: the new call is held, Bob resumed.
    rig.clear();
    rig.press(Key::Line(0));
    assert_eq!(rig.renegotiations, [true, true, false]);
    rig.accept_reinvites(keep_tag);
    let view = rig.phone.view();
    assert_eq!(
        (view.state, view.screen[1].as_str()),
        (CallState::Talking, "Bob")
    );
    assert_eq!(
        rig.lamp("line2"),
        (LampColor::Green, LampPattern::SlowBlink)
    );
}

#[test]
fn new_call_holds_the_call_and_cancel_goes_back_to_it() {
    let mut rig = talking_with_bob();
    rig.press_soft("New Call");
    rig.accept_reinvites(keep_tag);
    assert_eq!(rig.state(), CallState::Dialing);
    rig.press(Key::Digit('1'));
    rig.press(Key::Cancel);
    let view = rig.phone.view();
    assert_eq!(view.state, CallState::Held, "back on Bob, who stays held");
    assert_eq!(view.screen[1], "Bob");
}

#[test]
fn digits_while_the_call_is_held_start_a_new_number() {
    let mut rig = talking_with_bob();
    rig.press(Key::Hold);
    rig.accept_reinvites(keep_tag);
    assert_eq!(rig.state(), CallState::Held);
    rig.press(Key::Digit('4'));
    let view = rig.phone.view();
    assert_eq!(view.state, CallState::Dialing);
    assert_eq!(view.screen[1], "4");
    assert!(rig.requests("INFO").is_empty(), "no DTMF to a held call");
}

#[test]
fn the_hold_key_holds_and_takes_back() {
    let mut rig = talking_with_bob();
    rig.press(Key::Hold);
    rig.accept_reinvites(keep_tag);
    assert_eq!(rig.state(), CallState::Held);
    rig.press(Key::Hold);
    rig.accept_reinvites(keep_tag);
    assert_eq!(rig.state(), CallState::Talking);
    assert_eq!(rig.renegotiations, [true, false]);
}

/// Alice's GHP hotel phone (no screen, no soft keys), registered.
fn ghp_alice() -> Rig {
    let mut rig = Rig::of(
        deskphone_core::profile::by_id("grandstream-ghp").unwrap(),
        vec![account("alice", "Alice")],
    );
    rig.register(&[200]);
    rig
}

#[test]
fn a_phone_holding_its_most_calls_refuses_another_with_busy() {
    let mut rig = ghp_alice();
    rig.receive(0, invite("b1", "alice", "bob", "Bob"));
    rig.press(Key::Speaker); // hands-free answers
    assert_eq!(rig.state(), CallState::Talking);
    rig.receive(0, invite("d1", "alice", "dave", "Dave")); // waits: the GHP holds 2 calls
    rig.clear();
    rig.receive(0, invite("e1", "alice", "erin", "Erin"));
    let codes: Vec<u16> = rig.sent.iter().filter_map(|(_, m)| m.status()).collect();
    assert_eq!(codes.last(), Some(&486), "{codes:?}");
}

#[test]
fn the_speaker_key_goes_off_hook_to_dial_and_on_hook_to_hang_up() {
    let mut rig = Rig::new(vec![account("alice", "Alice")]);
    rig.register(&[200]);
    rig.press(Key::Speaker);
    assert_eq!(rig.state(), CallState::Dialing);
    assert_eq!(rig.lamp("line1"), (LampColor::Green, LampPattern::Steady));
    rig.press(Key::Speaker);
    assert_eq!(rig.state(), CallState::Idle);
    rig.receive(0, invite("b1", "alice", "bob", "Bob"));
    rig.press(Key::Speaker);
    assert_eq!(rig.state(), CallState::Talking);
    rig.clear();
    rig.press(Key::Speaker);
    assert_eq!(rig.requests("BYE").len(), 1);
}

#[test]
fn the_phone_rings_alone_and_beeps_for_a_call_waiting_behind_another() {
    use deskphone_core::phone::view::Sound;
    let mut rig = Rig::new(vec![account("alice", "Alice")]);
    rig.register(&[200]);
    assert_eq!(rig.phone.view().sound, Sound::Silent);
    rig.press(Key::Speaker);
    assert_eq!(rig.phone.view().sound, Sound::Dial, "off-hook");
    rig.press(Key::Digit('1'));
    assert_eq!(
        rig.phone.view().sound,
        Sound::Silent,
        "a digit stops the dial tone"
    );
    rig.press(Key::Cancel);
    rig.receive(0, invite("b1", "alice", "bob", "Bob"));
    assert_eq!(rig.phone.view().sound, Sound::Ring(1));
    rig.press_soft("Answer");
    assert_eq!(rig.phone.view().sound, Sound::Silent);
    rig.receive(0, invite("d1", "alice", "dave", "Dave"));
    assert_eq!(rig.phone.view().sound, Sound::CallWaiting);
}

#[test]
fn a_call_ringing_at_the_far_end_plays_ringback_until_early_media_or_answer() {
    use deskphone_core::phone::view::Sound;
    let mut rig = Rig::new(vec![account("alice", "Alice")]);
    rig.register(&[200]);
    rig.dial("1005");
    let (_, inv) = rig.last_invite();
    rig.reply(0, &inv, 180, "e1", None);
    assert_eq!(rig.phone.view().sound, Sound::Ringback);
    rig.reply(0, &inv, 183, "e1", Some(&sdp(1, "sendrecv")));
    assert_eq!(
        rig.phone.view().sound,
        Sound::Silent,
        "the far end's early media plays instead"
    );
}

/// The GHP hotel phone's Flash key does with one key what the soft keys do elsewhere:
/// answer the waiting call, swap, hold for a new call, and take a lone held call back.
#[test]
fn the_ghp_flash_key_answers_the_waiting_call_swaps_and_holds_for_a_new_one() {
    let mut rig = ghp_alice();
    rig.press(Key::Flash);
    assert_eq!(rig.state(), CallState::Idle, "nothing to flash at idle");
    rig.receive(0, invite("b1", "alice", "bob", "Bob"));
    rig.press(Key::Speaker);
    rig.clear();
    rig.receive(0, invite("d1", "alice", "dave", "Dave"));

    rig.press(Key::Flash);
    assert_eq!(rig.renegotiations, [true], "Bob is put on hold");
    assert_eq!(rig.responses(200).len(), 1, "Dave is answered");
    rig.accept_reinvites(keep_tag);
    rig.clear();

    rig.press(Key::Flash);
    let reinvites: Vec<(String, String)> = (rig.requests("INVITE").iter())
        .map(|(_, m)| (m.call_id().unwrap_or_default().to_string(), m.body_text()))
        .collect();
    assert!(reinvites
        .iter()
        .any(|(id, b)| id == "d1" && b.contains("a=sendonly")));
    assert!(reinvites
        .iter()
        .any(|(id, b)| id == "b1" && b.contains("a=sendrecv")));
    rig.accept_reinvites(keep_tag);

    // Bob hangs up: Dave is alone and held; Flash takes him back.
    rig.clear();
    rig.press(Key::Cancel);
    let (line, bye) = rig.requests("BYE").pop().expect("BYE to Bob");
    assert_eq!(bye.call_id(), Some("b1"));
    rig.reply(line, &bye, 200, &keep_tag(&bye), None);
    assert_eq!(rig.state(), CallState::Held);
    rig.clear();
    rig.press(Key::Flash);
    let (_, resume) = rig.last_invite();
    assert!(resume.body_text().contains("a=sendrecv"));
    rig.accept_reinvites(keep_tag);
    assert_eq!(rig.state(), CallState::Talking);

    // Alone in a call, Flash holds it for a new call: dial tone and the keypad.
    rig.clear();
    rig.press(Key::Flash);
    assert_eq!(rig.state(), CallState::Dialing);
    let (_, hold) = rig.last_invite();
    assert!(hold.body_text().contains("a=sendonly"));
}
