//! Hot desking (Dinstar C60S §3.18): the key asks before it clears, Clear un-registers
//! every line and opens the sign-in form, and the next user's name and password, typed with
//! the IME, register line 1 as them (with their BLF keys subscribed again).

mod common;

use common::{accept_and_notify, account, subscribes, Rig};
use deskphone_core::phone::dss::DssKey;
use deskphone_core::phone::view::CallState;
use deskphone_core::phone::Key;
use deskphone_core::sip::message::Message;

/// A shared phone: alice on line 1 and carol on line 2, a Hot Desking key and a BLF key.
fn shared_phone() -> Rig {
    let mut rig = Rig::new(vec![account("alice", "Alice"), account("carol", "Carol")]);
    rig.register(&[200, 200]);
    rig.phone
        .set_dss_keys(vec![
            DssKey::parse("hot-desking").unwrap(),
            DssKey::parse("blf:1002:Bob").unwrap(),
        ])
        .unwrap();
    rig.step(deskphone_core::phone::Input::Tick);
    let sub = subscribes(&rig, "dialog")
        .pop()
        .expect("the BLF key's SUBSCRIBE");
    let idle = "<?xml version=\"1.0\"?><dialog-info xmlns=\"urn:ietf:params:xml:ns:dialog-info\" \
                version=\"0\" state=\"full\" entity=\"sip:1002@example.com\"/>";
    accept_and_notify(
        &mut rig,
        &sub,
        "dialog",
        "application/dialog-info+xml",
        idle,
    );
    rig.clear();
    rig
}

fn expires(m: &Message) -> Option<&str> {
    m.header("expires")
}

/// Type `text` on the keypad with multi-tap (letters only), pausing between letters.
fn type_letters(rig: &mut Rig, text: &str) {
    for c in text.chars() {
        let (key, taps) = match c {
            'a'..='c' => ('2', c as u8 - b'a' + 1),
            'd'..='f' => ('3', c as u8 - b'd' + 1),
            'g'..='i' => ('4', c as u8 - b'g' + 1),
            'j'..='l' => ('5', c as u8 - b'j' + 1),
            'm'..='o' => ('6', c as u8 - b'm' + 1),
            'p'..='s' => ('7', c as u8 - b'p' + 1),
            't'..='v' => ('8', c as u8 - b't' + 1),
            _ => ('9', c as u8 - b'w' + 1),
        };
        for _ in 0..taps {
            rig.press(Key::Digit(key));
        }
        rig.wait(1100);
    }
}

#[test]
fn the_hot_desking_key_asks_first_and_back_keeps_every_account() {
    let mut rig = shared_phone();
    rig.press(Key::Dss(0));
    assert_eq!(rig.screen(), ["Hot desking", "Clear all accounts?"]);
    assert_eq!(rig.phone.view().soft_keys, ["Clear", "Back", "", ""]);
    rig.press_soft("Back");
    assert_eq!(rig.state(), CallState::Idle);
    assert!(rig.requests("REGISTER").is_empty(), "nothing cleared");
    assert_eq!(rig.screen()[..2], ["Alice", "Registered"]);
}

#[test]
fn clear_unregisters_every_line_and_the_next_user_signs_in_on_line_1() {
    let mut rig = shared_phone();
    rig.press(Key::Dss(0));
    rig.press_soft("Clear");
    let unregisters = rig.requests("REGISTER");
    assert_eq!(unregisters.len(), 2, "both lines leave the server");
    assert!(unregisters.iter().all(|(_, m)| expires(m) == Some("0")));
    let unsubscribed = rig.requests("SUBSCRIBE");
    assert!(
        unsubscribed.iter().any(|(_, m)| expires(m) == Some("0")),
        "the BLF key's subscription ends"
    );
    assert_eq!(rig.state(), CallState::TextEntry);
    assert_eq!(
        rig.screen(),
        ["Sign in", "User (abc): _", "Password (abc): "]
    );

    // Nobody can call as the cleared accounts meanwhile.
    rig.press_soft("Back");
    assert_eq!(rig.screen()[..2], ["No account", "Hot desking: sign in"]);
    rig.dial("1003");
    rig.press(Key::Send);
    assert!(rig.requests("INVITE").is_empty());

    rig.press(Key::Dss(0));
    rig.press_soft("Clear");
    rig.clear();
    type_letters(&mut rig, "dave");
    rig.press(Key::Down);
    type_letters(&mut rig, "dav");
    assert_eq!(rig.screen()[2], "Password (abc): ***_");
    rig.press_soft("Save");
    let (line, register) = rig.requests("REGISTER").pop().expect("a REGISTER for dave");
    assert_eq!(line, 0);
    assert!(register
        .header("to")
        .unwrap()
        .contains("sip:dave@example.com"));
    assert!(register.header("contact").unwrap().contains("sip:dave@"));
    assert_ne!(
        register.call_id(),
        unregisters[0].1.call_id(),
        "a new registration, not a refresh of alice's"
    );
    let blf = rig
        .requests("SUBSCRIBE")
        .pop()
        .expect("the BLF key subscribes again");
    assert_eq!(expires(&blf.1), Some("3600"));
    assert!(blf.1.header("from").unwrap().contains("sip:dave@"));
    assert_eq!(rig.state(), CallState::Idle);
    assert_eq!(rig.screen()[0], "dave");
}

#[test]
fn the_password_shows_the_letter_being_tapped_and_then_a_star() {
    let mut rig = shared_phone();
    rig.press(Key::Dss(0));
    rig.press_soft("Clear");
    rig.press(Key::Down);
    rig.press(Key::Digit('2'));
    rig.press(Key::Digit('2'));
    assert_eq!(rig.screen()[2], "Password (abc): b_");
    rig.wait(1100);
    assert_eq!(rig.screen()[2], "Password (abc): *_");
}

#[test]
fn save_without_a_user_name_goes_back_to_it() {
    let mut rig = shared_phone();
    rig.press(Key::Dss(0));
    rig.press_soft("Clear");
    rig.press(Key::Down);
    rig.clear();
    rig.press_soft("Save");
    assert!(rig.requests("REGISTER").is_empty());
    assert_eq!(
        rig.phone.view().highlight,
        Some(1),
        "the user name is missing"
    );
}
