//! Intercom and auto answer: a call asking to be answered by itself (Call-Info
//! `answer-after=0`, or Alert-Info `info=alert-autoanswer`) is answered at once when the
//! phone is free and intercom is allowed; an intercom key places such a call.

mod common;

use common::{account, invite, Rig};
use deskphone_core::phone::dss::DssKey;
use deskphone_core::phone::view::CallState;
use deskphone_core::phone::Key;

fn with_header(id: &str, user: &str, header: &str) -> String {
    invite(id, "alice", user, user).replace(
        "CSeq: 1 INVITE\r\n",
        &format!("CSeq: 1 INVITE\r\n{header}\r\n"),
    )
}

#[test]
fn an_intercom_call_is_answered_by_itself() {
    for header in [
        "Call-Info: <sip:example.com>;answer-after=0",
        "Alert-Info: <http://127.0.0.1>;info=alert-autoanswer",
    ] {
        let mut rig = Rig::new(vec![account("alice", "Alice")]);
        rig.register(&[200]);
        rig.receive(0, with_header("i1", "bob", header));
        assert_eq!(rig.responses(200).len(), 1, "{header}");
        assert_eq!(rig.state(), CallState::Talking, "{header}");
    }
}

#[test]
fn intercom_waits_behind_a_call_and_can_be_refused_by_the_setting() {
    let mut rig = Rig::new(vec![account("alice", "Alice")]);
    rig.register(&[200]);
    rig.receive(0, invite("c1", "alice", "carol", "Carol"));
    rig.press_soft("Answer");
    rig.clear();
    rig.receive(
        0,
        with_header("i1", "bob", "Call-Info: <sip:x>;answer-after=0"),
    );
    assert!(
        rig.responses(200).is_empty(),
        "a busy phone does not answer by itself"
    );

    let mut a = account("alice", "Alice");
    a.allow_intercom = false;
    let mut rig = Rig::new(vec![a]);
    rig.register(&[200]);
    rig.receive(
        0,
        with_header("i2", "bob", "Call-Info: <sip:x>;answer-after=0"),
    );
    assert_eq!(
        rig.state(),
        CallState::Ringing,
        "intercom not allowed: it rings"
    );
}

#[test]
fn auto_answer_answers_every_call() {
    let mut a = account("alice", "Alice");
    a.auto_answer = true;
    let mut rig = Rig::new(vec![a]);
    rig.register(&[200]);
    rig.receive(0, invite("a1", "alice", "bob", "Bob"));
    assert_eq!(rig.state(), CallState::Talking);
}

#[test]
fn an_intercom_key_asks_the_far_end_to_answer_by_itself() {
    let mut rig = Rig::new(vec![account("alice", "Alice")]);
    rig.register(&[200]);
    rig.phone
        .set_dss_keys(vec![DssKey::parse("intercom:1002:Bob").unwrap()])
        .unwrap();
    rig.press(Key::Dss(0));
    let (_, inv) = rig.last_invite();
    assert!(inv
        .request_uri()
        .unwrap()
        .starts_with("sip:1002@example.com"));
    assert_eq!(
        inv.header("call-info"),
        Some("<sip:example.com>;answer-after=0")
    );
    assert!(inv
        .header("alert-info")
        .unwrap()
        .contains("alert-autoanswer"));
}
