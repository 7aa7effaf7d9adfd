//! Call forwarding: always, when busy, and after the ring time (Dinstar §3.10), each by a
//! 302 whose Contact is the target (RFC 3261 §21.3.3), logged as forwarded; a forward key
//! switches always-forward with its lamp. On the CP860 a ringing call has Forward (to a
//! number keyed then) and Silence soft keys.

mod common;

use common::{account, invite, Rig};
use deskphone_core::phone::dss::DssKey;
use deskphone_core::phone::forward::Forward;
use deskphone_core::phone::history::HistoryKind;
use deskphone_core::phone::view::{CallState, Icon, LampColor, LampPattern, Sound};
use deskphone_core::phone::Key;

fn alice(forward: Forward) -> Rig {
    let mut rig = Rig::new(vec![account("alice", "Alice")]);
    rig.register(&[200]);
    rig.phone.set_forward(forward);
    rig
}

fn redirected_to(rig: &Rig) -> Option<String> {
    rig.responses(302)
        .last()
        .and_then(|(_, m)| m.header("contact").map(str::to_string))
}

fn forwarded(rig: &Rig) -> Vec<String> {
    rig.phone
        .history()
        .list(HistoryKind::Forwarded)
        .iter()
        .map(|e| e.party.label())
        .collect()
}

#[test]
fn with_always_forward_on_a_call_is_redirected_without_ringing() {
    let mut rig = alice(Forward {
        always: Some("1003".into()),
        always_on: true,
        ..Forward::default()
    });
    assert!(rig.phone.view().icons.contains(&Icon::Forward));
    rig.receive(0, invite("f1", "alice", "bob", "Bob"));
    assert_eq!(
        redirected_to(&rig).as_deref(),
        Some("<sip:1003@example.com>")
    );
    assert_eq!(rig.state(), CallState::Idle);
    assert_eq!(forwarded(&rig), ["Bob"]);
}

#[test]
fn a_call_that_finds_the_phone_busy_goes_to_the_busy_target() {
    let mut a = account("alice", "Alice");
    a.call_waiting = false;
    let mut rig = Rig::new(vec![a]);
    rig.register(&[200]);
    rig.phone.set_forward(Forward {
        busy: Some("1004".into()),
        ..Forward::default()
    });
    rig.receive(0, invite("f1", "alice", "bob", "Bob"));
    rig.press_soft("Answer");
    rig.receive(0, invite("f2", "alice", "carol", "Carol"));
    assert_eq!(
        redirected_to(&rig).as_deref(),
        Some("<sip:1004@example.com>")
    );
    assert!(rig.responses(486).is_empty());
    assert_eq!(rig.state(), CallState::Talking);
}

#[test]
fn an_unanswered_call_is_forwarded_after_the_ring_time() {
    let mut rig = alice(Forward {
        no_answer: Some("1005".into()),
        no_answer_after: 10,
        ..Forward::default()
    });
    rig.receive(0, invite("f1", "alice", "bob", "Bob"));
    rig.wait(9_900);
    assert_eq!(rig.state(), CallState::Ringing);
    rig.wait(100);
    assert_eq!(
        redirected_to(&rig).as_deref(),
        Some("<sip:1005@example.com>")
    );
    assert_eq!(rig.state(), CallState::Idle);
    assert_eq!(forwarded(&rig), ["Bob"]);
    assert!(
        !rig.screen().iter().any(|r| r.contains("Missed")),
        "forwarded, not missed"
    );
}

#[test]
fn a_forward_key_switches_always_forward_and_lights_while_on() {
    let mut rig = alice(Forward::default());
    rig.phone
        .set_dss_keys(vec![DssKey::parse("forward:1003:Fwd").unwrap()])
        .unwrap();
    rig.press(Key::Dss(0));
    assert_eq!(rig.lamp("dss1"), (LampColor::Red, LampPattern::Steady));
    rig.receive(0, invite("f1", "alice", "bob", "Bob"));
    assert_eq!(
        redirected_to(&rig).as_deref(),
        Some("<sip:1003@example.com>")
    );
    rig.press(Key::Dss(0));
    assert_eq!(rig.lamp("dss1"), (LampColor::Off, LampPattern::Off));
    rig.receive(0, invite("f2", "alice", "carol", "Carol"));
    assert_eq!(rig.state(), CallState::Ringing);
}

#[test]
fn an_answered_call_leaves_no_forward_timer_behind() {
    let mut rig = alice(Forward {
        no_answer: Some("1005".into()),
        no_answer_after: 10,
        ..Forward::default()
    });
    rig.receive(0, invite("f1", "alice", "bob", "Bob"));
    rig.press_soft("Answer");
    rig.wait(15_000);
    match rig.phone.poll_output() {
        deskphone_core::phone::Output::Timeout(Some(t)) => assert!(t > rig.now, "{t:?} is past"),
        other => panic!("{other:?}"),
    }
    assert!(rig.responses(302).is_empty());
}

fn cp860_ringing() -> Rig {
    let profile = deskphone_core::profile::by_id("yealink-cp860").unwrap();
    let mut rig = Rig::of(profile, vec![account("alice", "Alice")]);
    rig.register(&[200]);
    rig.receive(0, invite("f1", "alice", "bob", "Bob"));
    rig
}

#[test]
fn the_cp860_forwards_a_ringing_call_to_the_number_keyed_after_forward() {
    let mut rig = cp860_ringing();
    rig.press_soft("Forward");
    assert_eq!(rig.state(), CallState::Dialing);
    assert_eq!(rig.screen()[0], "Forward to:");
    assert!(
        matches!(rig.phone.view().sound, Sound::Ring(_)),
        "it rings on while the number is keyed"
    );
    for d in "1007".chars() {
        rig.press(Key::Digit(d));
    }
    assert!(redirected_to(&rig).is_none());
    rig.press_soft("Send");
    assert_eq!(
        redirected_to(&rig).as_deref(),
        Some("<sip:1007@example.com>")
    );
    assert_eq!(forwarded(&rig), ["Bob"]);
    assert!(rig.requests("INVITE").is_empty(), "no call is placed");
}

#[test]
fn cancel_leaves_the_call_ringing_and_a_caller_who_gives_up_ends_the_entry() {
    let mut rig = cp860_ringing();
    rig.press_soft("Forward");
    rig.press(Key::Digit('1'));
    rig.press_soft("Cancel");
    assert_eq!(rig.state(), CallState::Ringing);
    assert!(redirected_to(&rig).is_none());

    rig.press_soft("Forward");
    let cancel = "CANCEL sip:alice@h.invalid;transport=ws SIP/2.0\r\nVia: SIP/2.0/WSS proxy.example.com;branch=z9hG4bKf1\r\n\
                  Max-Forwards: 70\r\nFrom: \"Bob\" <sip:bob@example.com>;tag=tf1\r\nTo: <sip:alice@example.com>\r\n\
                  Call-ID: f1\r\nCSeq: 1 CANCEL\r\nContent-Length: 0\r\n\r\n";
    rig.receive(0, cancel.to_string());
    assert_eq!(rig.state(), CallState::Idle, "{:?}", rig.screen());
}

#[test]
fn silence_stops_the_ringer_and_the_call_can_still_be_answered() {
    let mut rig = cp860_ringing();
    assert!(matches!(rig.phone.view().sound, Sound::Ring(_)));
    rig.press_soft("Silence");
    assert_eq!(rig.phone.view().sound, Sound::Silent);
    assert_eq!(rig.state(), CallState::Ringing);
    assert_eq!(
        rig.phone.view().soft_keys,
        ["Answer", "Forward", "", "Reject"],
        "silenced once"
    );
    rig.press_soft("Answer");
    assert_eq!(rig.state(), CallState::Talking);
}

#[test]
fn a_call_refused_or_forwarded_at_once_never_rings_at_the_caller() {
    // Always-forward: 100 then 302, no 180.
    let mut rig = alice(Forward {
        always: Some("1009".into()),
        always_on: true,
        ..Forward::default()
    });
    rig.receive(0, invite("nr1", "alice", "bob", "Bob"));
    let codes: Vec<u16> = rig.sent.iter().filter_map(|(_, m)| m.status()).collect();
    assert_eq!(codes, [100, 302]);
    // DND: 100 then 486.
    let mut rig = alice(Forward::default());
    rig.press_soft("DND");
    rig.clear();
    rig.receive(0, invite("nr2", "alice", "bob", "Bob"));
    let codes: Vec<u16> = rig.sent.iter().filter_map(|(_, m)| m.status()).collect();
    assert_eq!(codes, [100, 486]);
    // A call the phone rings for: 100, 180.
    let mut rig = alice(Forward::default());
    rig.receive(0, invite("nr3", "alice", "bob", "Bob"));
    let codes: Vec<u16> = rig.sent.iter().filter_map(|(_, m)| m.status()).collect();
    assert_eq!(codes, [100, 180]);
}

#[test]
fn lifting_the_handset_while_keying_a_forward_number_answers_the_call() {
    let mut rig = cp860_ringing();
    rig.press_soft("Forward");
    rig.press(Key::Digit('1'));
    rig.press(Key::OffHook);
    assert_eq!(rig.state(), CallState::Talking);
    assert!(redirected_to(&rig).is_none());
    rig.press(Key::Send);
    assert!(forwarded(&rig).is_empty(), "nothing was forwarded");
}
