//! The idle screen and the menus: the clock in the status bar, the call history (missed,
//! received, dialled, newest first, dialled back from the list), the directory with the
//! dial screen's predictive matching, DND (refused with 486, logged as missed) and the
//! Features and Status pages, all worked with the navigation keys and soft keys.

mod common;

use common::{account, invite, Rig};
use deskphone_core::phone::directory::Contact;
use deskphone_core::phone::history::HistoryKind;
use deskphone_core::phone::view::{CallState, Icon, Sound};
use deskphone_core::phone::{Input, Key};
use deskphone_core::sip::builder::Builder;
use deskphone_core::time::WallClock;

fn alice() -> Rig {
    let mut rig = Rig::new(vec![account("alice", "Alice")]);
    rig.register(&[200]);
    rig
}

/// Bob calls and gives up before anyone answers.
fn missed_call_from(rig: &mut Rig, id: &str, user: &str) {
    rig.receive(0, invite(id, "alice", user, user));
    assert_eq!(rig.state(), CallState::Ringing);
    let cancel = format!(
        "CANCEL sip:alice@h.invalid;transport=ws SIP/2.0\r\nVia: SIP/2.0/WSS proxy.example.com;branch=z9hG4bK{id}\r\n\
         Max-Forwards: 70\r\nFrom: \"{user}\" <sip:{user}@example.com>;tag=t{id}\r\nTo: <sip:alice@example.com>\r\n\
         Call-ID: {id}\r\nCSeq: 1 CANCEL\r\nContent-Length: 0\r\n\r\n"
    );
    rig.receive(0, cancel);
    rig.clear();
}

#[test]
fn the_status_bar_shows_the_time_and_date_the_driver_gave_and_it_moves_on() {
    let mut rig = alice();
    assert_eq!(rig.phone.view().clock, None);
    // 2026-12-03 13:06:39 UTC, shown in Central European Time.
    rig.step(Input::WallClock(WallClock {
        unix_secs: 1_796_303_199,
        utc_offset_mins: 60,
    }));
    assert_eq!(rig.phone.view().clock.as_deref(), Some("14:06 Thu 3 Dec"));
    rig.wait(21_000);
    assert_eq!(rig.phone.view().clock.as_deref(), Some("14:07 Thu 3 Dec"));
}

#[test]
fn a_missed_call_shows_on_the_idle_screen_until_the_missed_list_is_opened() {
    let mut rig = alice();
    missed_call_from(&mut rig, "m1", "bob");
    missed_call_from(&mut rig, "m2", "carol");
    let view = rig.phone.view();
    assert_eq!(view.state, CallState::Idle);
    assert!(
        view.screen.contains(&"2 New Missed Calls".to_string()),
        "{:?}",
        view.screen
    );
    assert!(view.icons.contains(&Icon::Missed));

    rig.press(Key::Down); // the SayHi's idle shortcut to the missed calls
    let view = rig.phone.view();
    assert_eq!(view.state, CallState::Menu);
    assert_eq!(view.page, Some("history-missed"));
    assert_eq!(
        view.screen,
        ["Missed calls", "carol", "bob"],
        "newest first"
    );
    assert_eq!(view.highlight, Some(1));
    assert!(!view.icons.contains(&Icon::Missed), "seen");

    // Down to bob, and Dial calls him back.
    rig.press(Key::Down);
    assert_eq!(rig.phone.view().highlight, Some(2));
    rig.press_soft("Dial");
    assert_eq!(rig.state(), CallState::Calling);
    let (_, inv) = rig.last_invite();
    assert!(
        inv.request_uri().unwrap().starts_with("sip:bob@"),
        "{:?}",
        inv.request_uri()
    );
}

#[test]
fn the_main_menu_leads_to_the_history_lists_and_back_goes_back_a_page_at_a_time() {
    let mut rig = alice();
    rig.dial("1005");
    rig.press(Key::Cancel);
    let (_, inv) = rig.last_invite();
    let reply = Builder::response_to(&inv, 487, "Request Terminated", Some("x"))
        .build()
        .unwrap();
    rig.step(Input::Received {
        line: 0,
        bytes: reply,
    });
    rig.wait(4_000); // the "Call ended" notice goes

    rig.press_soft("Menu");
    rig.press(Key::Down); // past Messages
    assert_eq!(
        rig.screen(),
        [
            "Menu",
            "Messages",
            "History",
            "Directory",
            "Features",
            "Settings"
        ]
    );
    rig.press(Key::Ok); // History
    assert_eq!(
        rig.screen(),
        [
            "History",
            "Missed calls (0)",
            "Received calls (0)",
            "Dialed calls (1)",
            "Forwarded calls (0)"
        ]
    );
    rig.press(Key::Up); // the cursor wraps to the last row
    rig.press(Key::Up);
    rig.press_soft("Enter");
    assert_eq!(rig.screen(), ["Dialed calls", "1005"]);
    rig.press_soft("Back");
    assert_eq!(rig.phone.view().page, Some("history"));
    assert_eq!(
        rig.phone.view().highlight,
        Some(3),
        "back where the cursor was"
    );
    rig.press(Key::Left);
    assert_eq!(rig.phone.view().page, Some("menu"));
    rig.press(Key::Cancel);
    assert_eq!(rig.state(), CallState::Idle);
}

#[test]
fn with_dnd_on_a_call_is_refused_with_486_and_logged_as_missed() {
    let mut rig = alice();
    rig.press_soft("DND");
    assert!(rig.phone.view().icons.contains(&Icon::Dnd));
    rig.receive(0, invite("d1", "alice", "bob", "Bob"));
    let codes: Vec<u16> = rig.sent.iter().filter_map(|(_, m)| m.status()).collect();
    assert_eq!(codes.last(), Some(&486), "{codes:?}");
    assert_eq!(rig.state(), CallState::Idle, "no ringing");
    assert!(rig.screen().contains(&"1 New Missed Call".to_string()));
    // Off again from the Features page.
    rig.press(Key::Menu);
    for _ in 0..3 {
        rig.press(Key::Down);
    }
    rig.press(Key::Ok); // Features
    assert_eq!(
        rig.screen(),
        [
            "Features",
            "DND: On",
            "Call waiting: On",
            "Forward: no number set",
            "Keypad lock",
            "Auto answer: Off"
        ],
        "six rows on the SayHi's screen: Intercom is below"
    );
    rig.press(Key::Ok);
    assert_eq!(rig.screen()[1], "DND: Off");
    assert!(!rig.phone.view().icons.contains(&Icon::Dnd));
    rig.press(Key::Down);
    rig.press(Key::Ok);
    assert_eq!(rig.screen()[2], "Call waiting: Off");
    assert!(!rig.phone.account(0).unwrap().call_waiting);
}

#[test]
fn answered_and_refused_calls_are_received_calls() {
    let mut rig = alice();
    rig.receive(0, invite("r1", "alice", "bob", "Bob"));
    rig.press_soft("Answer");
    rig.receive(0, invite("r2", "alice", "carol", "Carol")); // waits
    rig.press_soft_or_more("Reject");
    let received: Vec<String> = rig
        .phone
        .history()
        .list(deskphone_core::phone::history::HistoryKind::Received)
        .iter()
        .map(|e| e.party.label())
        .collect();
    assert_eq!(received, ["Carol", "Bob"]);
    assert_eq!(rig.phone.history().unseen_missed, 0);
}

#[test]
fn the_directory_lists_contacts_and_the_dial_screen_offers_the_ones_the_digits_match() {
    let mut rig = alice();
    rig.phone.set_directory(vec![
        contact("Bob Smith", "1002", None),
        contact("Carol", "1003", None),
    ]);
    rig.press(Key::Digit('2'));
    rig.press(Key::Digit('6'));
    assert_eq!(
        rig.screen(),
        ["Dial:", "26", "Bob Smith 1002"],
        "B-O on the keypad"
    );
    rig.press(Key::Cancel);
    rig.press(Key::Directory);
    assert_eq!(
        rig.screen(),
        ["Directory", "All contacts (2)", "Blacklist (0)"]
    );
    rig.press(Key::Ok);
    assert_eq!(
        rig.screen(),
        [
            "All contacts",
            "Bob Smith 1002",
            "Carol 1003",
            "Add contact"
        ]
    );
    rig.press(Key::Down);
    rig.press(Key::Send);
    let (_, inv) = rig.last_invite();
    assert!(inv.request_uri().unwrap().starts_with("sip:1003@"));
}

#[test]
fn a_call_arriving_in_a_menu_takes_the_screen() {
    let mut rig = alice();
    rig.press(Key::Menu);
    rig.receive(0, invite("c1", "alice", "bob", "Bob"));
    assert_eq!(rig.state(), CallState::Ringing);
    assert_eq!(rig.phone.view().page, None);
}

#[test]
fn a_digit_in_a_menu_starts_a_number() {
    let mut rig = alice();
    rig.press(Key::Menu);
    rig.press(Key::Digit('7'));
    assert_eq!(rig.screen(), ["Dial:", "7"]);
}

#[test]
fn a_long_list_scrolls_with_the_cursor_within_the_screens_rows() {
    let mut rig = Rig::of(
        deskphone_core::profile::by_id("yealink-cp860").unwrap(),
        vec![account("alice", "Alice")],
    );
    rig.register(&[200]);
    rig.press(Key::Menu);
    // Three rows on the CP860: the title and two items.
    assert_eq!(rig.screen(), ["Menu", "Messages", "History"]);
    rig.press(Key::Down);
    rig.press(Key::Down);
    assert_eq!(rig.screen(), ["Menu", "History", "Directory"]);
    assert_eq!(rig.phone.view().highlight, Some(2));
}

#[test]
fn volume_keys_set_the_ringer_at_idle_and_the_calls_volume_in_a_call() {
    let mut rig = alice();
    let start = rig.phone.view().ringer_volume;
    rig.press(Key::VolumeUp);
    let view = rig.phone.view();
    assert_eq!(view.ringer_volume, start + 1);
    assert!(
        view.screen
            .contains(&format!("Ringer volume: {}/8", start + 1)),
        "{:?}",
        view.screen
    );
    for _ in 0..20 {
        rig.press(Key::VolumeUp);
    }
    assert_eq!(rig.phone.view().ringer_volume, 8, "no louder than the top");
    rig.wait(4_000);
    assert!(
        !rig.screen().iter().any(|r| r.contains("volume")),
        "the level goes from the screen"
    );

    rig.receive(0, invite("v1", "alice", "bob", "Bob"));
    rig.press_soft("Answer");
    let call = rig.phone.view().call_volume;
    rig.press(Key::VolumeDown);
    let view = rig.phone.view();
    assert_eq!((view.call_volume, view.ringer_volume), (call - 1, 8));
    assert!(view.screen.contains(&format!("Volume: {}/8", call - 1)));
    use deskphone_core::phone::view::volume_gain;
    assert_eq!(volume_gain(0, 8), 0.0);
    assert_eq!(volume_gain(5, 8), 1.0);
    assert!(
        (volume_gain(6, 8) / volume_gain(5, 8) - 1.4125).abs() < 0.001,
        "3 dB a step"
    );
    assert!(
        (volume_gain(10, 10) - volume_gain(8, 8)).abs() < 1e-4,
        "the top of any scale is as loud"
    );
}

#[test]
fn the_dinstar_counts_its_volume_to_ten() {
    let mut rig = Rig::of(
        deskphone_core::profile::by_id("dinstar-c60s").unwrap(),
        vec![account("alice", "Alice")],
    );
    rig.register(&[200]);
    assert_eq!(rig.phone.view().ringer_volume, 5);
    for _ in 0..7 {
        rig.press(Key::VolumeUp);
    }
    let view = rig.phone.view();
    assert_eq!((view.ringer_volume, view.volume_steps), (10, 10));
    assert!(
        view.screen.iter().any(|r| r.ends_with("10/10")),
        "{:?}",
        view.screen
    );
}

#[test]
fn a_locked_keypad_takes_only_the_pin_the_hook_and_volume_keys() {
    let mut rig = alice();
    rig.press(Key::Menu);
    for _ in 0..3 {
        rig.press(Key::Down);
    }
    rig.press(Key::Ok); // Features
    for _ in 0..3 {
        rig.press(Key::Down);
    }
    assert_eq!(
        rig.phone
            .view()
            .highlight
            .map(|h| rig.screen()[h].clone())
            .as_deref(),
        Some("Keypad lock")
    );
    rig.press(Key::Ok);
    let view = rig.phone.view();
    assert_eq!(view.state, CallState::Idle);
    assert!(view.icons.contains(&Icon::Locked));
    assert!(
        view.soft_keys.iter().all(String::is_empty),
        "the soft keys are locked"
    );
    rig.press(Key::Menu);
    assert_eq!(rig.phone.view().page, None, "the menu is locked");

    // A wrong PIN, then the right one (123).
    for d in "124".chars() {
        rig.press(Key::Digit(d));
    }
    assert_eq!(rig.screen()[1], "Wrong password!");
    for d in "12".chars() {
        rig.press(Key::Digit(d));
    }
    assert_eq!(rig.screen(), ["Unlock PIN:", "**"]);
    rig.press(Key::Digit('3'));
    assert!(!rig.phone.view().icons.contains(&Icon::Locked));
    assert_eq!(rig.phone.view().soft_keys[3], "Menu");
}

#[test]
fn a_call_still_rings_and_is_answered_with_the_hook_while_the_keypad_is_locked() {
    let mut rig = Rig::new(vec![account("alice", "Alice")]);
    rig.register(&[200]);
    rig.phone
        .set_dss_keys(vec![deskphone_core::phone::dss::DssKey::parse(
            "keypad-lock",
        )
        .unwrap()])
        .unwrap();
    rig.press(Key::Dss(0));
    rig.receive(0, invite("k1", "alice", "bob", "Bob"));
    assert_eq!(rig.state(), CallState::Ringing);
    rig.press(Key::Soft(0));
    assert_eq!(
        rig.state(),
        CallState::Ringing,
        "Answer is a soft key: locked"
    );
    rig.press(Key::OffHook);
    assert_eq!(rig.state(), CallState::Talking);
    rig.press(Key::Digit('5'));
    assert!(
        !rig.screen().contains(&"Unlock PIN:".to_string()),
        "in a call the keypad sends DTMF"
    );
}

#[test]
fn a_text_message_waits_in_the_inbox_and_the_message_key_shows_it() {
    let mut rig = alice();
    let msg = "MESSAGE sip:alice@h.invalid;transport=ws SIP/2.0\r\nVia: SIP/2.0/WSS 127.0.0.1;branch=z9hG4bKm1\r\n\
               Max-Forwards: 70\r\nFrom: \"Bob\" <sip:bob@example.com>;tag=m1\r\nTo: <sip:alice@example.com>\r\n\
               Call-ID: m1\r\nCSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello";
    rig.receive(0, msg.to_string());
    rig.wait(4_000);
    assert!(
        rig.screen().contains(&"1 New Message".to_string()),
        "{:?}",
        rig.screen()
    );
    rig.press(Key::Message);
    assert_eq!(rig.phone.view().page, Some("messages"));
    assert_eq!(rig.screen(), ["Messages", "Bob: hello", "New message"]);
    rig.press_soft("Dial");
    let (_, inv) = rig.last_invite();
    assert!(
        inv.request_uri()
            .unwrap()
            .starts_with("sip:bob@example.com"),
        "the sender is called back"
    );
    rig.press(Key::Cancel);
    assert!(
        !rig.screen().iter().any(|r| r.contains("New Message")),
        "read"
    );
}

#[test]
fn the_keypad_does_not_lock_during_a_call() {
    let mut rig = alice();
    rig.phone
        .set_dss_keys(vec![deskphone_core::phone::dss::DssKey::parse(
            "keypad-lock",
        )
        .unwrap()])
        .unwrap();
    rig.receive(0, invite("l1", "alice", "bob", "Bob"));
    rig.press_soft("Answer");
    rig.press(Key::Dss(0));
    assert!(!rig.phone.view().icons.contains(&Icon::Locked));
}

#[test]
fn settings_step_the_volumes_ring_tone_and_clock_formats() {
    let mut rig = alice();
    rig.step(Input::WallClock(WallClock {
        unix_secs: 1_796_303_199, // 13:06 UTC
        utc_offset_mins: 0,
    }));
    rig.press(Key::Menu);
    for _ in 0..4 {
        rig.press(Key::Down);
    }
    rig.press(Key::Ok);
    assert_eq!(rig.phone.view().page, Some("settings"));
    let cursor_row = |rig: &Rig| {
        let v = rig.phone.view();
        v.screen[v.highlight.unwrap()].clone()
    };
    assert_eq!(cursor_row(&rig), "Ringer volume: 5/8");
    rig.press(Key::Ok);
    assert_eq!(cursor_row(&rig), "Ringer volume: 6/8");
    assert_eq!(rig.phone.view().ringer_volume, 6);
    rig.press(Key::Down);
    rig.press(Key::Down);
    assert_eq!(cursor_row(&rig), "Ring tone: Ring 1");
    rig.press(Key::Ok);
    assert_eq!(cursor_row(&rig), "Ring tone: Ring 2");
    rig.press(Key::Down);
    rig.press(Key::Ok);
    assert_eq!(cursor_row(&rig), "Time format: 12 hour");
    assert_eq!(rig.phone.view().clock.as_deref(), Some("1:06 PM Thu 3 Dec"));
    rig.press(Key::Down);
    assert_eq!(cursor_row(&rig), "Date format: Thu 3 Dec");
    rig.press(Key::Ok);
    assert_eq!(cursor_row(&rig), "Date format: Thu Dec 03", "WWW MMM DD");
    rig.press(Key::Ok);
    assert_eq!(rig.phone.view().clock.as_deref(), Some("1:06 PM 03-Dec-26"));

    // A call rings with the tone chosen; an Alert-Info asking for another wins.
    rig.press(Key::Cancel);
    rig.press(Key::Cancel);
    rig.receive(0, invite("r1", "alice", "bob", "Bob"));
    assert_eq!(rig.phone.view().sound, Sound::Ring(2));
    rig.press_soft("Reject");
    let asked = invite("r2", "alice", "bob", "Bob").replacen(
        "Content-Type:",
        "Alert-Info: <http://127.0.0.1>;info=ringtone-4\r\nContent-Type:",
        1,
    );
    rig.receive(0, asked);
    assert_eq!(rig.phone.view().sound, Sound::Ring(4));
}

#[test]
fn the_screen_speaks_the_language_chosen_in_settings() {
    let mut rig = alice();
    rig.step(Input::WallClock(WallClock {
        unix_secs: 1_796_303_199, // 13:06 UTC, Thursday 3 December
        utc_offset_mins: 0,
    }));
    rig.press(Key::Menu);
    for _ in 0..4 {
        rig.press(Key::Down);
    }
    rig.press(Key::Ok);
    for _ in 0..5 {
        rig.press(Key::Down);
    }
    let cursor_row = |rig: &Rig| {
        let v = rig.phone.view();
        v.screen[v.highlight.unwrap()].clone()
    };
    assert_eq!(cursor_row(&rig), "Language: English");
    rig.press(Key::Ok);
    assert_eq!(cursor_row(&rig), "Langue: Français");
    let v = rig.phone.view();
    assert_eq!(v.language, "fr");
    assert_eq!(v.screen[0], "Réglages", "the page title too");
    assert_eq!(v.clock.as_deref(), Some("13:06 jeu. 3 déc."));
    rig.press(Key::Ok);
    assert_eq!(cursor_row(&rig), "Sprache: Deutsch");

    // A call in German: its state and soft keys.
    rig.press(Key::Cancel);
    rig.press(Key::Cancel);
    rig.receive(0, invite("l1", "alice", "bob", "Bob"));
    assert_eq!(rig.screen()[0], "Eingehender Anruf");
    assert!(
        rig.soft_labels().contains(&"Annehmen".to_string()),
        "{:?}",
        rig.soft_labels()
    );
    rig.press(Key::Soft(0)); // Annehmen
    assert_eq!(rig.screen()[0], "Gespräch");

    // Back to English through the other languages; a language the phone lacks is refused.
    assert!(rig.phone.set_language("xx").is_err());
    assert_eq!(rig.phone.view().language, "de", "nothing changed");
    rig.phone.set_language("en").unwrap();
    assert_eq!(rig.screen()[0], "Talking");
}

fn contact(name: &str, number: &str, group: Option<&str>) -> Contact {
    Contact {
        name: name.into(),
        number: number.into(),
        group: group.map(str::to_string),
    }
}

#[test]
fn the_directory_has_a_page_per_group() {
    let mut rig = alice();
    rig.phone.set_directory(vec![
        contact("Bob", "1002", Some("Sales")),
        contact("Carol", "1003", Some("Front desk")),
        contact("Dave", "1004", Some("Sales")),
        contact("Eve", "1005", None),
    ]);
    rig.press(Key::Directory);
    assert_eq!(
        rig.screen(),
        [
            "Directory",
            "All contacts (4)",
            "Sales (2)",
            "Front desk (1)",
            "Blacklist (0)"
        ]
    );
    rig.press(Key::Down);
    rig.press(Key::Ok);
    assert_eq!(rig.screen(), ["Sales", "Bob 1002", "Dave 1004"]);
    rig.press(Key::Cancel);
    assert_eq!(rig.screen()[0], "Directory", "back to the views");
}

#[test]
fn a_blocked_caller_is_refused_without_ringing_and_can_be_unblocked() {
    let mut rig = alice();
    missed_call_from(&mut rig, "s1", "1005");
    rig.clear();
    // History > Received/Missed lists the caller; Block puts it on the blacklist.
    rig.press(Key::Menu);
    rig.press(Key::Down); // History
    rig.press(Key::Ok);
    rig.press(Key::Ok); // Missed calls
    assert_eq!(rig.phone.view().soft_keys, ["Dial", "Block", "Back", ""]);
    rig.press_soft("Block");
    assert!(rig.phone.blacklist().blocks("1005"));
    assert!(
        !rig.phone.view().soft_keys.contains(&"Block".to_string()),
        "blocked already"
    );
    rig.press(Key::Cancel);
    rig.press(Key::Cancel);
    rig.press(Key::Cancel);

    let before = rig.phone.history().list(HistoryKind::Missed).len();
    rig.receive(0, invite("s2", "alice", "1005", "1005"));
    assert_eq!(rig.state(), CallState::Idle, "no ringing");
    assert_eq!(rig.responses(486).len(), 1, "refused with the reject code");
    assert_eq!(rig.phone.history().list(HistoryKind::Missed).len(), before);

    // Directory > Blacklist > Unblock.
    rig.press(Key::Directory);
    rig.press(Key::Down);
    assert_eq!(rig.screen()[2], "Blacklist (1)");
    rig.press(Key::Ok);
    assert_eq!(rig.screen(), ["Blacklist", "1005 1005"]);
    rig.press_soft("Unblock");
    assert_eq!(rig.screen(), ["Blacklist", "(empty)"]);
    rig.press(Key::Cancel);
    rig.press(Key::Cancel);
    rig.clear();
    rig.receive(0, invite("s3", "alice", "1005", "1005"));
    assert_eq!(rig.state(), CallState::Ringing);
}

#[test]
fn a_text_message_is_written_with_the_keypad_and_sent() {
    let mut rig = alice();
    rig.press(Key::Menu);
    rig.press(Key::Ok); // Messages
    assert_eq!(rig.screen(), ["Messages", "New message"]);
    rig.press(Key::Ok);
    assert_eq!(rig.state(), CallState::TextEntry);
    assert_eq!(rig.screen(), ["New message", "To: _", "abc: "]);
    for d in "1002".chars() {
        rig.press(Key::Digit(d));
    }
    rig.press(Key::Down);
    // H-i (4 4, 4 4 4 after a pause), a space, then "OK" in capitals.
    rig.press_soft("IME"); // ABC
    rig.press(Key::Digit('4'));
    rig.press(Key::Digit('4'));
    rig.wait(1_500);
    rig.press_soft("IME"); // 123
    rig.press_soft("IME"); // abc
    for _ in 0..3 {
        rig.press(Key::Digit('4'));
    }
    rig.press(Key::Digit('0'));
    rig.press_soft("IME");
    for d in ['6', '6', '6'] {
        rig.press(Key::Digit(d));
    }
    rig.wait(1_500);
    rig.press(Key::Digit('5'));
    rig.press(Key::Digit('5'));
    assert_eq!(rig.screen()[2], "ABC: Hi OK_");
    rig.press_soft("Delete");
    rig.press(Key::Digit('5'));
    rig.press(Key::Digit('5'));
    assert_eq!(rig.screen()[1], "To: 1002");
    rig.clear();
    rig.press_soft("Send");
    let (_, message) = rig.requests("MESSAGE").pop().expect("a MESSAGE");
    assert!(message.request_uri().unwrap().starts_with("sip:1002@"));
    assert_eq!(String::from_utf8_lossy(message.body()), "Hi OK");
    assert_eq!(rig.state(), CallState::Idle);
}

#[test]
fn back_leaves_the_writer_and_a_call_takes_the_screen_from_it() {
    let mut rig = alice();
    rig.press(Key::Menu);
    rig.press(Key::Ok);
    rig.press(Key::Ok);
    rig.press_soft("Back");
    assert_eq!(rig.phone.view().page, Some("messages"));
    rig.press(Key::Ok);
    rig.press(Key::Digit('7'));
    rig.receive(0, invite("w1", "alice", "bob", "Bob"));
    assert_eq!(rig.state(), CallState::Ringing);
    assert!(rig.soft_labels().contains(&"Answer".to_string()));
}

#[test]
fn reply_writes_back_to_a_received_messages_sender() {
    let mut rig = alice();
    let msg = "MESSAGE sip:alice@h.invalid;transport=ws SIP/2.0\r\nVia: SIP/2.0/WSS 127.0.0.1;branch=z9hG4bKm2\r\n\
               Max-Forwards: 70\r\nFrom: \"Bob\" <sip:1002@example.com>;tag=m2\r\nTo: <sip:alice@example.com>\r\n\
               Call-ID: m2\r\nCSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nyo";
    rig.receive(0, msg.to_string());
    rig.press(Key::Message);
    assert_eq!(rig.phone.view().soft_keys, ["Dial", "Reply", "Back", ""]);
    rig.press_soft("Reply");
    assert_eq!(rig.state(), CallState::TextEntry);
    assert_eq!(rig.screen()[1], "To: sip:1002@example.com");
    rig.press(Key::Digit('9'));
    rig.clear();
    rig.press_soft("Send");
    let (_, sent) = rig.requests("MESSAGE").pop().expect("the reply");
    assert_eq!(sent.request_uri().as_deref(), Some("sip:1002@example.com"));
    assert_eq!(String::from_utf8_lossy(sent.body()), "w");
}

#[test]
fn a_contact_is_added_with_the_ime_and_then_dialled_from_the_directory() {
    let mut rig = alice();
    rig.press(Key::Directory);
    rig.press(Key::Ok); // All contacts
    assert_eq!(rig.screen(), ["All contacts", "Add contact"]);
    rig.press(Key::Ok);
    assert_eq!(rig.state(), CallState::TextEntry);
    assert_eq!(
        rig.screen(),
        ["New contact", "Name (abc): _", "Number: ", "Group (abc): "]
    );
    assert_eq!(
        rig.phone.view().soft_keys,
        ["IME", "Save", "Back", ""],
        "nothing to delete yet"
    );
    rig.press_soft("IME"); // ABC: the capital
    rig.press(Key::Digit('3'));
    rig.press(Key::Digit('3')); // E
    rig.press_soft("IME");
    rig.press_soft("IME"); // abc
    rig.press(Key::Digit('8'));
    rig.press(Key::Digit('8'));
    rig.press(Key::Digit('8')); // v
    rig.press(Key::Digit('3'));
    rig.press(Key::Digit('3')); // e
                                // Save with no number takes the cursor to the number.
    rig.press_soft("Save");
    assert_eq!(rig.phone.view().highlight, Some(2), "the number is missing");
    for d in "1005".chars() {
        rig.press(Key::Digit(d));
    }
    rig.press_soft("Save");
    assert_eq!(rig.phone.view().page, Some("directory-all"));
    assert_eq!(rig.screen(), ["All contacts", "Eve 1005", "Add contact"]);
    rig.press_soft("Dial");
    let (_, inv) = rig.last_invite();
    assert!(inv.request_uri().unwrap().starts_with("sip:1005@"));
}

/// Alice's phone with Bob and Carol in the directory, on the All contacts page.
fn on_all_contacts() -> Rig {
    let mut rig = alice();
    rig.phone.set_directory(vec![
        Contact {
            name: "Bob".into(),
            number: "1002".into(),
            group: None,
        },
        Contact {
            name: "Carol".into(),
            number: "1003".into(),
            group: Some("Sales".into()),
        },
    ]);
    rig.press(Key::Directory);
    rig.press(Key::Ok);
    rig
}

#[test]
fn a_contact_is_edited_in_its_form_and_filed_in_a_group() {
    let mut rig = on_all_contacts();
    assert_eq!(
        rig.screen(),
        ["All contacts", "Bob 1002", "Carol 1003", "Add contact"]
    );
    rig.press_soft_or_more("Edit");
    assert_eq!(
        rig.screen(),
        [
            "Edit contact",
            "Name (abc): Bob_",
            "Number: 1002",
            "Group (abc): "
        ]
    );
    rig.press(Key::Down);
    rig.press_soft("Delete");
    rig.press(Key::Digit('5')); // 1005
    rig.press(Key::Down);
    for d in "7777".chars() {
        rig.press(Key::Digit(d)); // s
    }
    rig.wait(1100);
    for d in "2".chars() {
        rig.press(Key::Digit(d)); // a
    }
    rig.press_soft("Save");
    assert_eq!(
        rig.screen(),
        ["All contacts", "Bob 1005", "Carol 1003", "Add contact"]
    );
    assert_eq!(
        rig.phone.directory()[0].group.as_deref(),
        Some("sa"),
        "filed under a group of its own"
    );
    // The directory now has the new group's page beside Sales.
    rig.press(Key::Cancel);
    assert_eq!(
        rig.screen(),
        [
            "Directory",
            "All contacts (2)",
            "sa (1)",
            "Sales (1)",
            "Blacklist (0)"
        ]
    );
}

#[test]
fn delete_takes_the_contact_under_the_cursor_out_of_the_directory() {
    let mut rig = on_all_contacts();
    rig.press(Key::Down); // Carol
    rig.press_soft_or_more("Delete");
    assert_eq!(rig.screen(), ["All contacts", "Bob 1002", "Add contact"]);
    assert_eq!(rig.phone.directory().len(), 1);
    // The last contact of a group goes with its page.
    rig.press(Key::Cancel);
    assert_eq!(
        rig.screen(),
        ["Directory", "All contacts (1)", "Blacklist (0)"]
    );
}

#[test]
fn a_form_scrolls_on_a_three_row_screen_and_keeps_the_field_typed_in() {
    let profile = deskphone_core::profile::builtin()
        .into_iter()
        .find(|p| p.id == "dinstar-c60s")
        .expect("the Dinstar profile");
    let mut rig = Rig::of(profile, vec![account("alice", "Alice")]);
    rig.register(&[200]);
    rig.press(Key::Directory);
    rig.press(Key::Ok);
    rig.press(Key::Ok); // Add contact
    assert_eq!(rig.screen(), ["New contact", "Name (abc): _", "Number: "]);
    rig.press(Key::Down);
    rig.press(Key::Down);
    assert_eq!(rig.screen(), ["New contact", "Number: ", "Group (abc): _"]);
    assert_eq!(rig.phone.view().highlight, Some(2));
}

/// Menu > Features, the cursor on the row starting with `row`.
fn features_at(rig: &mut Rig, row: &str) {
    rig.press(Key::Menu);
    for _ in 0..3 {
        rig.press(Key::Down);
    }
    rig.press(Key::Ok);
    assert_eq!(rig.phone.view().page, Some("features"));
    for _ in 0..8 {
        let v = rig.phone.view();
        if v.screen[v.highlight.unwrap()].starts_with(row) {
            return;
        }
        rig.press(Key::Down);
    }
    panic!("no {row:?} on the Features page");
}

fn highlighted(rig: &Rig) -> String {
    let v = rig.phone.view();
    v.screen[v.highlight.unwrap()].clone()
}

#[test]
fn auto_answer_from_the_features_page_answers_the_next_call_by_itself() {
    let mut rig = alice();
    features_at(&mut rig, "Auto answer");
    assert_eq!(highlighted(&rig), "Auto answer: Off");
    rig.press(Key::Ok);
    assert_eq!(highlighted(&rig), "Auto answer: On");
    rig.press(Key::Cancel);
    rig.press(Key::Cancel);
    rig.receive(0, invite("aa1", "alice", "bob", "Bob"));
    assert_eq!(rig.state(), CallState::Talking, "answered with no key");
    assert_eq!(rig.responses(200).len(), 1);
}

#[test]
fn intercom_off_on_the_features_page_rings_an_intercom_call_like_any_other() {
    let intercom = |id: &str| {
        invite(id, "alice", "bob", "Bob").replacen(
            "Content-Type:",
            "Alert-Info: <http://127.0.0.1>;info=alert-autoanswer\r\nContent-Type:",
            1,
        )
    };
    let mut rig = alice();
    rig.receive(0, intercom("ic1"));
    assert_eq!(
        rig.state(),
        CallState::Talking,
        "intercom answers by itself"
    );
    rig.press(Key::Cancel);

    features_at(&mut rig, "Intercom");
    assert_eq!(highlighted(&rig), "Intercom: On");
    rig.press(Key::Ok);
    assert_eq!(highlighted(&rig), "Intercom: Off");
    rig.press(Key::Cancel);
    rig.press(Key::Cancel);
    rig.receive(0, intercom("ic2"));
    assert_eq!(rig.state(), CallState::Ringing);
}

#[test]
fn the_status_page_shows_each_lines_registration_and_the_model() {
    let mut rig = Rig::new(vec![account("alice", "Alice"), account("carol", "Carol")]);
    rig.register(&[200, 403]);
    rig.press(Key::Menu);
    for _ in 0..5 {
        rig.press(Key::Down);
    }
    rig.press(Key::Ok);
    assert_eq!(rig.phone.view().page, Some("status"));
    let screen = rig.screen();
    assert_eq!(screen[0], "Status");
    assert!(
        screen[1].starts_with("Line 1 Alice: Registered"),
        "{screen:?}"
    );
    assert!(screen[2].starts_with("Line 2 Carol: "), "{screen:?}");
    assert!(!screen[2].contains("Registered"), "{screen:?}");
    assert_eq!(screen[3], "Model: SayHi 6XX");
}

#[test]
fn the_history_dnd_and_right_hard_keys_do_what_their_names_say() {
    let mut rig = alice();
    rig.press(Key::History);
    assert_eq!(rig.phone.view().page, Some("history"));
    rig.press(Key::Cancel);
    rig.press(Key::Right); // the SayHi's idle shortcut to the dialled numbers
    assert_eq!(rig.phone.view().page, Some("history-dialed"));
    rig.press(Key::Cancel);
    rig.press(Key::Dnd);
    assert!(rig.phone.view().icons.contains(&Icon::Dnd));
    rig.press(Key::Dnd);
    assert!(!rig.phone.view().icons.contains(&Icon::Dnd));
}
