//! The GHP hotel phone's voice menu: star codes sent with `#` are answered by voice prompts
//! (the words the driver plays), never dialled; the room number is set once, then only with
//! the keypad password; `**37*<password>#` resets what the user set.

mod common;

use common::{account, Rig};
use deskphone_core::phone::history::HistoryKind;
use deskphone_core::phone::ivr::Word::{self, *};
use deskphone_core::phone::Key;
use deskphone_core::profile;

fn ghp() -> Rig {
    let mut rig = Rig::of(
        profile::by_id("grandstream-ghp").unwrap(),
        vec![account("room", "Room")],
    );
    rig.register(&[200]);
    rig.clear();
    rig
}

/// Key `code` and the `#` send key; the prompt it got.
fn say(rig: &mut Rig, code: &str) -> Vec<Word> {
    for d in code.chars() {
        rig.press(Key::Digit(d));
    }
    rig.press(Key::Digit('#'));
    assert!(rig.requests("INVITE").is_empty(), "{code} is not dialled");
    rig.prompts
        .pop()
        .unwrap_or_else(|| panic!("{code}: no prompt"))
}

#[test]
fn the_room_number_is_set_once_then_only_with_the_keypad_password() {
    let mut rig = ghp();
    assert_eq!(say(&mut rig, "**766"), [RoomNumber, NotSet]);
    assert_eq!(
        say(&mut rig, "**766*305"),
        [RoomNumber, Digit(3), Digit(0), Digit(5), Saved]
    );
    assert_eq!(rig.phone.room(), Some("305"));
    assert_eq!(
        say(&mut rig, "**766"),
        [RoomNumber, Digit(3), Digit(0), Digit(5)]
    );
    assert_eq!(say(&mut rig, "**766*410"), [RoomNumber, AlreadySet]);
    assert_eq!(
        rig.phone.room(),
        Some("305"),
        "unchanged without the password"
    );
    assert_eq!(
        say(&mut rig, "**766*123410"),
        [RoomNumber, Digit(4), Digit(1), Digit(0), Saved]
    );
    assert_eq!(rig.phone.room(), Some("410"));
}

#[test]
fn star_47_reads_out_the_address_the_driver_gave() {
    let mut rig = ghp();
    assert_eq!(
        say(&mut rig, "**47"),
        [IpAddress, Unknown],
        "a browser knows none"
    );
    rig.phone.set_device_address(Some("10.0.0.7".into()));
    assert_eq!(
        say(&mut rig, "**47"),
        [
            IpAddress,
            Digit(1),
            Digit(0),
            Dot,
            Digit(0),
            Dot,
            Digit(0),
            Dot,
            Digit(7)
        ]
    );
    // Without the send key, the inter-digit timeout sends it too.
    for d in "**47".chars() {
        rig.press(Key::Digit(d));
    }
    rig.wait(5_000);
    assert_eq!(rig.prompts.pop().map(|w| w[0]), Some(IpAddress));
}

#[test]
fn a_factory_reset_needs_the_keypad_password_and_clears_what_the_user_set() {
    let mut rig = ghp();
    say(&mut rig, "**766*305");
    rig.dial("1002"); // a call in the log, refused
    let (_, invite) = rig.last_invite();
    rig.reply(0, &invite, 486, "busy", None);
    rig.clear();
    assert!(!rig.phone.history().list(HistoryKind::Dialed).is_empty());
    assert_eq!(say(&mut rig, "**37*999"), [PasswordError]);
    assert_eq!(rig.phone.room(), Some("305"));
    assert_eq!(say(&mut rig, "**37*123"), [FactoryReset]);
    assert_eq!(rig.phone.room(), None);
    assert!(rig.phone.history().list(HistoryKind::Dialed).is_empty());
    assert_eq!(say(&mut rig, "**82"), [NotAvailable]);
}

#[test]
fn a_phone_without_a_voice_menu_dials_star_codes() {
    let mut rig = Rig::new(vec![account("alice", "Alice")]);
    rig.register(&[200]);
    rig.clear();
    rig.dial("**47");
    assert!(rig.prompts.is_empty());
    let (_, invite) = rig.last_invite();
    assert!(invite.request_uri().unwrap().starts_with("sip:**47@"));
}

#[test]
fn every_word_has_its_recording() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/prompts");
    for w in Word::ALL {
        let file = dir.join(format!("{}.wav", w.name()));
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(
            bytes.starts_with(b"RIFF") && bytes.len() > 4000,
            "{} is a recording",
            file.display()
        );
    }
}

#[test]
fn a_star_code_on_a_programmable_key_is_dialled_not_answered() {
    let mut rig = ghp();
    rig.phone
        .set_dss_keys(vec![deskphone_core::phone::dss::DssKey::parse(
            "speed:**47",
        )
        .unwrap()])
        .unwrap();
    rig.press(Key::Dss(0));
    assert!(
        rig.prompts.is_empty(),
        "only what is keyed reaches the voice menu"
    );
    let (_, invite) = rig.last_invite();
    assert!(invite.request_uri().unwrap().starts_with("sip:**47@"));
}
