//! Call forwarding: always, when busy, and after the ring time (Dinstar §3.10), each by a
//! 302 whose Contact is the target (RFC 3261 §21.3.3), logged as forwarded; a forward key
//! switches always-forward with its lamp.

mod common;

use common::{account, invite, Rig};
use deskphone_core::phone::dss::DssKey;
use deskphone_core::phone::forward::Forward;
use deskphone_core::phone::history::HistoryKind;
use deskphone_core::phone::view::{CallState, Icon, LampColor, LampPattern};
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
