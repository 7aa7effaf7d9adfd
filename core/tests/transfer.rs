//! Call transfer (RFC 5589) on the phone, against a scripted far end: blind, semi-attended
//! and attended as the transferor (REFER, with Replaces for attended, RFC 3891), following
//! a REFER as the transferee (NOTIFYs with sipfrag, RFC 3515), and taking over a call named
//! by an INVITE with Replaces as the target.

mod common;

use common::{account, invite, sdp, BodyText, Rig};
use deskphone_core::phone::view::CallState;
use deskphone_core::phone::Key;
use deskphone_core::sip::message::Message;

/// Alice talking with Bob, who called her; returns the rig and alice's dialog tag.
fn talking_with_bob() -> (Rig, String) {
    let mut rig = Rig::new(vec![account("alice", "Alice")]);
    rig.register(&[200]);
    rig.receive(0, invite("b1", "alice", "bob", "Bob"));
    rig.press_soft("Answer");
    let tag = rig
        .responses(200)
        .last()
        .and_then(|(_, m)| m.to_tag())
        .expect("our tag");
    rig.clear();
    (rig, tag)
}

fn keep_tag(m: &Message) -> String {
    m.to_tag().unwrap_or_default()
}

/// A request from bob inside dialog b1.
fn from_bob(method: &str, cseq: u32, our_tag: &str, headers: &str, body: &str) -> String {
    format!(
        "{method} sip:alice@h.invalid;transport=ws SIP/2.0\r\nVia: SIP/2.0/WSS proxy.example.com;branch=z9hG4bKbob{cseq}\r\n\
         Max-Forwards: 70\r\nFrom: \"Bob\" <sip:bob@example.com>;tag=tb1\r\nTo: <sip:alice@example.com>;tag={our_tag}\r\n\
         Call-ID: b1\r\nCSeq: {cseq} {method}\r\nContact: <sip:bob@10.0.0.9>\r\n{headers}Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

/// Transfer pressed during the call: Bob is held and the screen asks for the number.
fn press_transfer(rig: &mut Rig) {
    rig.press_soft("Transfer");
    assert_eq!(rig.renegotiations, [true], "the transferee is held first");
    rig.accept_reinvites(keep_tag);
    let view = rig.phone.view();
    assert_eq!(view.state, CallState::TransferDialing);
    assert_eq!(view.screen[0], "Transfer to:");
    assert!(
        view.screen.contains(&"Held: Bob".to_string()),
        "{:?}",
        view.screen
    );
}

fn last_refer(rig: &Rig) -> Message {
    rig.requests("REFER").pop().expect("a REFER").1
}

#[test]
fn blind_transfer_refers_the_held_call_and_hangs_up_once_accepted() {
    let (mut rig, _) = talking_with_bob();
    press_transfer(&mut rig);
    for d in "1005".chars() {
        rig.press(Key::Digit(d));
    }
    rig.press_soft("Transfer");
    let refer = last_refer(&rig);
    assert_eq!(refer.call_id(), Some("b1"), "in bob's dialog");
    assert_eq!(refer.header("refer-to"), Some("<sip:1005@example.com>"));
    assert_eq!(refer.header("referred-by"), Some("<sip:alice@example.com>"));
    assert_eq!(rig.state(), CallState::Transferring);
    assert_eq!(rig.screen()[0], "Transferring...");

    rig.reply(0, &refer, 202, &keep_tag(&refer), None);
    let (_, bye) = rig
        .requests("BYE")
        .pop()
        .expect("alice hangs up once bob accepts");
    assert_eq!(bye.call_id(), Some("b1"));
    rig.reply(0, &bye, 200, &keep_tag(&bye), None);
    assert_eq!(rig.state(), CallState::Idle);
    assert_eq!(rig.screen()[1], "Transferred");
}

#[test]
fn a_refused_refer_leaves_the_call_held() {
    let (mut rig, _) = talking_with_bob();
    press_transfer(&mut rig);
    for d in "1005".chars() {
        rig.press(Key::Digit(d));
    }
    rig.press_soft("Transfer");
    let refer = last_refer(&rig);
    rig.reply(0, &refer, 603, &keep_tag(&refer), None);
    assert!(rig.requests("BYE").is_empty());
    assert_eq!(rig.state(), CallState::Held);
}

/// After Transfer, 1005 is called for a consultation; returns its INVITE.
fn consult(rig: &mut Rig) -> Message {
    press_transfer(rig);
    for d in "1005".chars() {
        rig.press(Key::Digit(d));
    }
    rig.press_soft("Send");
    let (_, inv) = rig.last_invite();
    assert!(inv.request_uri().unwrap().starts_with("sip:1005@"));
    rig.reply(0, &inv, 180, "c5", None);
    assert_eq!(rig.state(), CallState::Ringback);
    inv
}

#[test]
fn attended_transfer_refers_with_replaces_naming_the_consultation() {
    let (mut rig, _) = talking_with_bob();
    let inv = consult(&mut rig);
    rig.reply(0, &inv, 200, "c5", Some(&sdp(1, "sendrecv")));
    let view = rig.phone.view();
    assert_eq!(view.state, CallState::Consultation);
    assert_eq!(view.screen[0], "Consulting");
    assert!(view.screen.contains(&"Held: Bob".to_string()));
    rig.clear();

    rig.press_soft("Transfer");
    let refer = last_refer(&rig);
    assert_eq!(refer.call_id(), Some("b1"), "sent to the held call");
    let refer_to = refer.header("refer-to").unwrap().to_string();
    let our_tag = inv.from_tag().unwrap();
    let call_id = inv.call_id().unwrap().replace('@', "%40");
    assert_eq!(
        refer_to,
        format!("<sip:1005@example.com?Replaces={call_id}%3Bto-tag%3Dc5%3Bfrom-tag%3D{our_tag}>"),
        "Replaces names the consultation: its far end's tag is the to-tag"
    );
    rig.reply(0, &refer, 202, &keep_tag(&refer), None);
    assert!(rig
        .requests("BYE")
        .iter()
        .any(|(_, m)| m.call_id() == Some("b1")));
}

#[test]
fn semi_attended_transfer_gives_up_the_ringing_consultation_and_refers_to_its_number() {
    let (mut rig, _) = talking_with_bob();
    let inv = consult(&mut rig);
    rig.clear();
    rig.press_soft("Transfer");
    let cancels = rig.requests("CANCEL");
    assert_eq!(cancels.len(), 1);
    assert_eq!(
        cancels[0].1.call_id(),
        inv.call_id(),
        "the consultation is given up"
    );
    let refer = last_refer(&rig);
    assert_eq!(refer.header("refer-to"), Some("<sip:1005@example.com>"));
}

#[test]
fn the_transferee_follows_a_refer_and_reports_the_new_call_in_notifies() {
    let (mut rig, tag) = talking_with_bob();
    rig.receive(
        0,
        from_bob(
            "REFER",
            2,
            &tag,
            "Refer-To: <sip:carol@example.com>\r\nReferred-By: <sip:bob@example.com>\r\n",
            "",
        ),
    );
    assert_eq!(rig.responses(202).len(), 1);
    let notify = rig.requests("NOTIFY").pop().expect("the first NOTIFY").1;
    assert_eq!(notify.header("event"), Some("refer"));
    assert!(
        notify.body_text().starts_with("SIP/2.0 100"),
        "{}",
        notify.body_text()
    );
    let (_, inv) = rig.last_invite();
    assert!(inv
        .request_uri()
        .unwrap()
        .starts_with("sip:carol@example.com"));
    assert_eq!(inv.header("referred-by"), Some("<sip:bob@example.com>"));
    assert_eq!(rig.state(), CallState::Calling);

    rig.clear();
    rig.reply(0, &inv, 200, "cc", Some(&sdp(1, "sendrecv")));
    let notify = rig.requests("NOTIFY").pop().expect("the final NOTIFY").1;
    assert_eq!(notify.call_id(), Some("b1"));
    assert!(
        notify.body_text().starts_with("SIP/2.0 200"),
        "{}",
        notify.body_text()
    );
    assert!(notify
        .header("subscription-state")
        .unwrap()
        .starts_with("terminated"));
    assert_eq!(rig.state(), CallState::Talking);
}

#[test]
fn an_invite_with_replaces_takes_over_the_call_it_names_and_one_naming_nothing_gets_481() {
    let (mut rig, tag) = talking_with_bob();
    let replacing = invite("r9", "alice", "carol", "Carol").replace(
        "CSeq: 1 INVITE\r\n",
        &format!("CSeq: 1 INVITE\r\nReplaces: b1;to-tag={tag};from-tag=tb1\r\n"),
    );
    rig.receive(0, replacing);
    let ok: Vec<Message> = rig
        .responses(200)
        .into_iter()
        .map(|(_, m)| m)
        .filter(|m| m.call_id() == Some("r9"))
        .collect();
    assert_eq!(ok.len(), 1, "answered at once");
    assert!(
        rig.requests("BYE")
            .iter()
            .any(|(_, m)| m.call_id() == Some("b1")),
        "bob hung up"
    );
    let view = rig.phone.view();
    assert_eq!(
        (view.state, view.screen[1].as_str()),
        (CallState::Talking, "Carol")
    );

    rig.clear();
    let stray = invite("r10", "alice", "dave", "Dave").replace(
        "CSeq: 1 INVITE\r\n",
        "CSeq: 1 INVITE\r\nReplaces: nosuch;to-tag=x;from-tag=y\r\n",
    );
    rig.receive(0, stray);
    assert_eq!(rig.responses(481).len(), 1);
}

#[test]
fn a_refer_to_a_blocked_number_is_refused_in_the_final_notify() {
    use deskphone_core::phone::dialplan::{DialPlan, Rule};
    let (mut rig, tag) = talking_with_bob();
    rig.phone.set_dial_plan(DialPlan {
        block_out: vec![Rule::parse("900x.").unwrap()],
        ..DialPlan::default()
    });
    rig.receive(
        0,
        from_bob(
            "REFER",
            2,
            &tag,
            "Refer-To: <sip:9001234@example.com>\r\n",
            "",
        ),
    );
    assert!(
        rig.requests("INVITE").is_empty(),
        "no call to a blocked number"
    );
    let last = rig.requests("NOTIFY").pop().expect("NOTIFYs").1;
    assert!(
        last.body_text().starts_with("SIP/2.0 603"),
        "{}",
        last.body_text()
    );
}

#[test]
fn cancel_while_entering_the_transfer_number_goes_back_to_the_held_call() {
    let (mut rig, _) = talking_with_bob();
    press_transfer(&mut rig);
    rig.press(Key::Digit('1'));
    rig.press(Key::Cancel);
    assert_eq!(rig.state(), CallState::Held);
    assert_eq!(rig.screen()[1], "Bob");
}
