//! A phone with several accounts (lines): each registers over its own connection, calls
//! come in on the line they were made to and ring there, and a line key chooses the account
//! that places a call. A scripted server answers on each line.

mod common;

use common::{account, from_user, invite, Rig};
use deskphone_core::phone::view::{CallState, LampColor, LampPattern, LineStatus};
use deskphone_core::phone::{Input, Key, Phone, MAX_LINES};
use deskphone_core::sip::account::Account;
use deskphone_core::sip::builder::Builder;
use deskphone_core::time::Instant;

/// Lines: alice (1), carol (2), dave (3).
fn three_lines() -> Rig {
    Rig::new(vec![
        account("alice", "Alice"),
        account("carol", "Carol"),
        account("dave", "Dave"),
    ])
}

#[test]
fn every_line_registers_its_own_account_on_its_own_connection_with_one_instance_urn() {
    let mut rig = three_lines();
    for line in 0..3 {
        rig.step(Input::TransportUp { line });
    }
    let registers = rig.requests("REGISTER");
    let users: Vec<(usize, String)> = registers.iter().map(|(l, m)| (*l, from_user(m))).collect();
    assert_eq!(
        users,
        [(0, "alice".into()), (1, "carol".into()), (2, "dave".into())]
    );
    // RFC 5626 §4.1: one device, one instance URN, in every line's binding.
    let instances: Vec<String> = registers
        .iter()
        .map(|(_, m)| {
            let c = m.header("contact").unwrap_or_default();
            c.split("+sip.instance=")
                .nth(1)
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert!(instances[0].contains("urn:uuid:"), "{instances:?}");
    assert!(
        instances.iter().all(|i| *i == instances[0]),
        "{instances:?}"
    );
    // Separate dialogs with the registrar: one Call-ID per line.
    let call_ids: Vec<_> = registers
        .iter()
        .map(|(_, m)| m.call_id().unwrap().to_string())
        .collect();
    assert!(call_ids[0] != call_ids[1] && call_ids[1] != call_ids[2]);
}

#[test]
fn each_line_shows_its_own_registration_state() {
    let mut rig = three_lines();
    rig.register(&[200, 403, 200]);
    let view = rig.phone.view();
    let states: Vec<(&str, LineStatus)> = view
        .lines
        .iter()
        .map(|l| (l.label.as_str(), l.status))
        .collect();
    assert_eq!(
        states,
        [
            ("Alice", LineStatus::Registered),
            ("Carol", LineStatus::Failed),
            ("Dave", LineStatus::Registered)
        ]
    );
    assert!(
        view.lines[1].detail.contains("403"),
        "{}",
        view.lines[1].detail
    );
    // The idle screen is about the default line.
    assert_eq!(view.focus, 0);
    assert_eq!(view.screen, ["Alice", "Registered"]);
}

#[test]
fn a_call_to_the_second_account_rings_on_line_2_and_its_line_key_answers_it() {
    let mut rig = three_lines();
    rig.register(&[200, 200, 200]);
    rig.receive(1, invite("c1", "carol", "bob", "Bob"));
    let view = rig.phone.view();
    assert_eq!(view.state, CallState::Ringing);
    assert_eq!(view.focus, 1);
    assert_eq!(
        view.screen,
        ["Incoming call", "Bob", "sip:bob@example.com", "To: Carol"]
    );
    assert_eq!(rig.lamp("line2"), (LampColor::Red, LampPattern::FastBlink));
    assert_eq!(rig.lamp("line1"), (LampColor::Off, LampPattern::Off));
    // The ringing is answered on the line the INVITE came in on.
    let ringing = rig.responses(180);
    assert_eq!(ringing.iter().map(|(l, _)| *l).collect::<Vec<_>>(), [1]);

    // Line 1's key does not answer a call ringing on line 2: it takes line 1 off-hook to
    // dial, and the call keeps ringing on line 2. Line 2's key answers it.
    rig.press(Key::Line(0));
    let view = rig.phone.view();
    assert_eq!(view.state, CallState::Dialing);
    assert_eq!(view.focus, 0);
    assert!(
        view.screen.contains(&"Waiting: Bob".to_string()),
        "{:?}",
        view.screen
    );
    assert_eq!(rig.lamp("line2"), (LampColor::Red, LampPattern::FastBlink));
    assert!(rig.responses(200).is_empty());
    rig.press(Key::Line(1));
    let ok = rig.responses(200);
    assert_eq!(ok.len(), 1);
    assert_eq!(ok[0].0, 1, "the 200 goes out on line 2's connection");
    assert_eq!(rig.phone.view().state, CallState::Talking);
    assert_eq!(rig.lamp("line2"), (LampColor::Green, LampPattern::Steady));
}

#[test]
fn a_line_key_chooses_the_account_that_places_the_call() {
    let mut rig = three_lines();
    rig.register(&[200, 200, 200]);
    rig.press(Key::Line(2));
    assert_eq!(rig.phone.view().state, CallState::Dialing);
    assert_eq!(rig.phone.view().focus, 2);
    for d in "1002".chars() {
        rig.press(Key::Digit(d));
    }
    rig.press(Key::Send);
    let invites = rig.requests("INVITE");
    assert_eq!(invites.len(), 1);
    let (line, invite) = &invites[0];
    assert_eq!(*line, 2);
    assert_eq!(from_user(invite), "dave");
    assert_eq!(
        invite.request_uri().as_deref(),
        Some("sip:1002@example.com")
    );
    assert_eq!(rig.lamp("line3"), (LampColor::Green, LampPattern::Steady));
}

#[test]
fn keypad_dialing_uses_the_default_line_and_a_line_key_moves_the_number_to_another() {
    let mut rig = three_lines();
    rig.register(&[200, 200, 200]);
    for d in "1002".chars() {
        rig.press(Key::Digit(d));
    }
    assert_eq!(rig.phone.view().focus, 0);
    rig.press(Key::Line(1));
    assert_eq!(rig.phone.view().focus, 1);
    assert_eq!(rig.phone.view().screen, ["Dial:", "1002"]);
    rig.press(Key::Send);
    let invites = rig.requests("INVITE");
    assert_eq!(
        invites
            .iter()
            .map(|(l, m)| (*l, from_user(m)))
            .collect::<Vec<_>>(),
        [(1, "carol".to_string())]
    );

    // Redial uses the line the number was dialled on.
    rig.press(Key::Cancel);
    rig.clear();
    // (the CANCEL needs a provisional response first; end the call the server's way)
    let invite = &invites[0].1;
    let busy = Builder::response_to(invite, 486, "Busy Here", Some("x"))
        .build()
        .unwrap();
    rig.step(Input::Received {
        line: 1,
        bytes: busy,
    });
    assert_eq!(rig.phone.view().state, CallState::Idle);
    rig.clear();
    rig.press(Key::Redial);
    let again = rig.requests("INVITE");
    assert_eq!(
        again
            .iter()
            .map(|(l, m)| (*l, from_user(m)))
            .collect::<Vec<_>>(),
        [(1, "carol".to_string())]
    );
}

#[test]
fn a_call_on_another_line_while_talking_waits_with_its_lamp_flashing() {
    let mut rig = three_lines();
    rig.register(&[200, 200, 200]);
    rig.receive(0, invite("c1", "alice", "bob", "Bob"));
    rig.press(Key::Soft(0)); // Answer
    assert_eq!(rig.phone.view().state, CallState::Talking);
    rig.clear();
    rig.receive(2, invite("c2", "dave", "erin", "Erin"));
    let view = rig.phone.view();
    assert_eq!(view.state, CallState::Talking);
    assert!(
        view.screen.contains(&"Waiting: Erin".to_string()),
        "{:?}",
        view.screen
    );
    assert_eq!(rig.lamp("line1"), (LampColor::Green, LampPattern::Steady));
    assert_eq!(rig.lamp("line3"), (LampColor::Red, LampPattern::FastBlink));
    assert_eq!(
        rig.responses(180)
            .iter()
            .map(|(l, _)| *l)
            .collect::<Vec<_>>(),
        [2]
    );
}

#[test]
fn switching_off_removes_every_lines_registration() {
    let mut rig = three_lines();
    rig.register(&[200, 200, 200]);
    rig.step(Input::Shutdown);
    let unregisters: Vec<(usize, String)> = rig
        .requests("REGISTER")
        .iter()
        .filter(|(_, m)| {
            m.header("expires") == Some("0")
                || m.header("contact").is_some_and(|c| c.contains("expires=0"))
        })
        .map(|(l, m)| (*l, from_user(m)))
        .collect();
    assert_eq!(
        unregisters,
        [(0, "alice".into()), (1, "carol".into()), (2, "dave".into())]
    );
}

#[test]
fn a_phone_has_between_one_and_eight_lines() {
    let nine: Vec<Account> = (0..MAX_LINES + 1)
        .map(|i| account(&format!("u{i}"), "x"))
        .collect();
    let err = Phone::with_lines(nine, 1, Instant(0)).unwrap_err();
    assert!(err.0.contains("has 8 lines"), "{}", err.0);
    assert!(Phone::with_lines(Vec::new(), 1, Instant(0)).is_err());
    let eight: Vec<Account> = (0..MAX_LINES)
        .map(|i| account(&format!("u{i}"), "x"))
        .collect();
    let phone = Phone::with_lines(eight, 1, Instant(0)).unwrap();
    assert_eq!(phone.view().line_keys(), 8);
}

#[test]
fn bytes_for_a_line_the_phone_does_not_have_are_dropped_with_a_log_line() {
    let mut rig = three_lines();
    rig.register(&[200, 200, 200]);
    rig.receive(7, invite("c9", "alice", "bob", "Bob"));
    assert_eq!(rig.phone.view().state, CallState::Idle);
    assert!(rig.sent.is_empty());
    assert!(
        rig.logs.iter().any(|l| l.contains("unknown line 7")),
        "{:?}",
        rig.logs
    );
    // Keys for lines the phone does not have do nothing.
    rig.press(Key::Line(5));
    assert_eq!(rig.phone.view().state, CallState::Idle);
}
