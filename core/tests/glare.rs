//! Offers that cross (RFC 3261 §14): a re-INVITE of ours answered 491 is offered again after
//! the random wait §14.1 gives the owner of the Call-ID (2.1 to 4 s), and the far end's
//! re-INVITE arriving while ours is out gets 491.

mod common;

use common::{account, sdp, Rig};
use deskphone_core::phone::view::CallState;
use deskphone_core::phone::Key;
use deskphone_core::sip::message::Message;

/// Alice called Bob (tag `b1`) and they talk.
fn talking() -> (Rig, Message) {
    let mut rig = Rig::new(vec![account("alice", "Alice")]);
    rig.register(&[200]);
    rig.dial("1002");
    let (_, invite) = rig.last_invite();
    rig.reply(0, &invite, 200, "b1", Some(&sdp(1, "sendrecv")));
    assert_eq!(rig.state(), CallState::Talking);
    rig.clear();
    (rig, invite)
}

fn reinvites(rig: &Rig) -> Vec<Message> {
    (rig.requests("INVITE").into_iter())
        .map(|(_, m)| m)
        .filter(|m| m.to_tag().is_some())
        .collect()
}

#[test]
fn a_hold_answered_491_is_offered_again_after_the_owners_wait() {
    let (mut rig, _) = talking();
    rig.press(Key::Hold);
    let first = reinvites(&rig).pop().expect("the hold re-INVITE");
    rig.clear();
    rig.reply(0, &first, 491, "b1", None);
    assert_eq!(rig.state(), CallState::Talking, "not held yet");
    rig.wait(2_000);
    assert!(
        reinvites(&rig).is_empty(),
        "not before 2.1 s: we placed the call"
    );
    rig.wait(2_000);
    let again = reinvites(&rig).pop().expect("offered again by 4 s");
    assert!(String::from_utf8_lossy(again.body()).contains("a=sendonly"));
    assert_ne!(again.cseq(), first.cseq(), "a new transaction");
    rig.reply(0, &again, 200, "b1", Some(&sdp(3, "recvonly")));
    assert_eq!(rig.state(), CallState::Held);
}

/// A re-INVITE from Bob in `invite`'s dialog offering `direction` (o= version `v`).
fn bobs_reinvite(invite: &Message, cseq: u32, v: u32, direction: &str) -> String {
    format!(
        "INVITE sip:alice@h.invalid;transport=ws SIP/2.0\r\nVia: SIP/2.0/WSS proxy.example.com;branch=z9hG4bKx{cseq}\r\n\
         Max-Forwards: 70\r\nFrom: <sip:1002@example.com>;tag=b1\r\nTo: {};tag={}\r\nCall-ID: {}\r\n\
         CSeq: {cseq} INVITE\r\nContact: <sip:peer@10.0.0.9>\r\nContent-Type: application/sdp\r\nContent-Length: {}\r\n\r\n{}",
        invite.header("from").unwrap().split(";tag=").next().unwrap(),
        invite.from_tag().unwrap(),
        invite.call_id().unwrap(),
        sdp(v, direction).len(),
        sdp(v, direction),
    )
}

#[test]
fn the_far_ends_reinvite_while_our_offer_is_being_made_gets_491_and_ours_goes_out() {
    let (mut rig, invite) = talking();
    rig.defer_offers = true;
    rig.press(Key::Hold); // the media side is still making the hold offer
    rig.receive(0, bobs_reinvite(&invite, 8, 6, "sendonly"));
    assert_eq!(rig.responses(491).len(), 1, "{:?}", rig.sent);
    rig.clear();
    rig.finish_offers();
    let ours = reinvites(&rig).pop().expect("our hold goes out");
    assert!(String::from_utf8_lossy(ours.body()).contains("a=sendonly"));
    assert!(
        rig.responses(200).is_empty(),
        "our offer is not taken for an answer"
    );
    rig.reply(0, &ours, 200, "b1", Some(&sdp(7, "recvonly")));
    assert_eq!(rig.state(), CallState::Held);
}

#[test]
fn the_far_ends_reinvite_while_ours_is_out_gets_491() {
    let (mut rig, invite) = talking();
    rig.press(Key::Hold);
    assert_eq!(reinvites(&rig).len(), 1);
    rig.clear();
    rig.receive(0, bobs_reinvite(&invite, 7, 5, "sendonly"));
    assert_eq!(rig.responses(491).len(), 1, "{:?}", rig.sent);
}

#[test]
fn a_hold_the_media_side_cannot_make_is_given_up_and_can_be_asked_again() {
    let (mut rig, _) = talking();
    rig.defer_offers = true;
    rig.press(Key::Hold);
    let (call, _) = rig.deferred.pop().expect("a hold offer asked for");
    rig.step(deskphone_core::phone::Input::Media(
        deskphone_core::phone::MediaEvent::Failed {
            call,
            reason: "no offer".into(),
        },
    ));
    assert_eq!(rig.state(), CallState::Talking);
    rig.defer_offers = false;
    rig.press(Key::Hold);
    let again = reinvites(&rig).pop().expect("the hold goes out this time");
    assert!(String::from_utf8_lossy(again.body()).contains("a=sendonly"));
}
