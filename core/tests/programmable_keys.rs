//! Programmable key types, as the wire and the screen show them: a BLF key of a ringing
//! extension picks its call up (the server's pickup code, or an INVITE with Replaces to the
//! caller, RFC 3891 §3) and the caller side hands its early call over; the park, pickup and
//! group pickup keys dial or transfer to the server's codes; prefix, DTMF and line keys; a
//! key list set again ends the old BLF subscriptions.

mod common;

use common::{accept_and_notify, account, invite, sdp, subscribes, Rig};
use deskphone_core::phone::dss::DssKey;
use deskphone_core::phone::history::HistoryKind;
use deskphone_core::phone::view::{CallState, Icon};
use deskphone_core::phone::{Input, Key};
use deskphone_core::sip::message::Message;

/// A dialog-info document: a call from alice (tag `alicetag`) ringing at bob (`bobtag`).
fn bob_ringing() -> String {
    "<?xml version=\"1.0\"?>\n<dialog-info xmlns=\"urn:ietf:params:xml:ns:dialog-info\" version=\"3\" \
     state=\"full\" entity=\"sip:bob@example.com\"><dialog id=\"d1\" call-id=\"abc@h\" \
     local-tag=\"bobtag\" remote-tag=\"alicetag\" direction=\"recipient\"><state>early</state>\
     <remote><identity>sip:alice@example.com</identity><target uri=\"sip:alice@example.com\"/>\
     </remote></dialog></dialog-info>"
        .to_string()
}

/// Carol's phone with a BLF key on Bob (1002), subscribed, and Bob's phone ringing.
fn watching_bob_ring(pickup_code: Option<&str>) -> Rig {
    let mut a = account("carol", "Carol");
    a.pickup_code = pickup_code.map(str::to_string);
    let mut rig = Rig::new(vec![a]);
    rig.phone
        .set_dss_keys(vec![DssKey::parse("blf:1002:Bob").unwrap()])
        .unwrap();
    rig.step(Input::TransportUp { line: 0 });
    let sub = subscribes(&rig, "dialog")
        .pop()
        .expect("a dialog SUBSCRIBE");
    let body = bob_ringing();
    accept_and_notify(
        &mut rig,
        &sub,
        "dialog",
        "application/dialog-info+xml",
        &body,
    );
    rig.clear();
    rig
}

fn new_invites(rig: &Rig) -> Vec<Message> {
    (rig.requests("INVITE").into_iter())
        .map(|(_, m)| m)
        .filter(|m| m.to_tag().is_none())
        .collect()
}

#[test]
fn a_ringing_blf_key_picks_the_call_up_with_replaces_to_the_caller() {
    let mut rig = watching_bob_ring(None);
    rig.press(Key::Dss(0));
    let invite = new_invites(&rig).pop().expect("an INVITE");
    assert_eq!(invite.request_uri().unwrap(), "sip:alice@example.com");
    assert_eq!(
        invite.header("replaces"),
        Some("abc@h;to-tag=alicetag;from-tag=bobtag;early-only")
    );
    assert_eq!(rig.state(), CallState::Calling);
    // The caller answers the new INVITE: the call is Carol's.
    rig.reply(0, &invite, 200, "alice2", Some(&sdp(1, "sendrecv")));
    assert_eq!(rig.state(), CallState::Talking);
    // Once answered, the call log has it as a call received, from the caller.
    let received = rig.phone.history().list(HistoryKind::Received);
    assert_eq!(
        received.front().map(|e| e.number.as_str()),
        Some("sip:alice@example.com")
    );
    assert!(rig.phone.history().list(HistoryKind::Dialed).is_empty());
}

#[test]
fn with_a_pickup_code_the_blf_key_dials_it_with_the_extension() {
    let mut rig = watching_bob_ring(Some("**"));
    rig.press(Key::Dss(0));
    let invite = new_invites(&rig).pop().expect("an INVITE");
    assert_eq!(invite.request_uri().unwrap(), "sip:**1002@example.com");
    assert_eq!(invite.header("replaces"), None);
}

#[test]
fn a_blf_key_of_an_idle_extension_calls_it() {
    let mut rig = with_keys("carol", &["blf:1002:Bob"]);
    rig.press(Key::Dss(0));
    let invite = new_invites(&rig).pop().expect("an INVITE");
    assert_eq!(invite.request_uri().unwrap(), "sip:1002@example.com");
    assert_eq!(invite.header("replaces"), None);
}

/// Alice's phone calling Bob (1002), Bob's phone ringing (180, tag `bobtag`).
fn calling_bob() -> (Rig, Message) {
    let mut rig = Rig::new(vec![account("alice", "Alice")]);
    rig.step(Input::TransportUp { line: 0 });
    rig.dial("1002");
    let (_, to_bob) = rig.last_invite();
    rig.reply(0, &to_bob, 180, "bobtag", None);
    assert_eq!(rig.state(), CallState::Ringback);
    rig.clear();
    (rig, to_bob)
}

/// An INVITE from Carol replacing the dialog `to_bob` started, `early-only`.
fn pickup_invite(to_bob: &Message) -> String {
    let base = invite("pick1", "alice", "1003", "Carol");
    let replaces = format!(
        "Replaces: {};to-tag={};from-tag=bobtag;early-only\r\n",
        to_bob.call_id().unwrap(),
        to_bob.from_tag().unwrap()
    );
    base.replacen("Content-Type:", &format!("{replaces}Content-Type:"), 1)
}

#[test]
fn the_caller_hands_its_ringing_call_to_the_phone_that_picks_it_up() {
    let (mut rig, to_bob) = calling_bob();
    let pickup = pickup_invite(&to_bob);
    rig.receive(0, pickup);
    // The new call is answered at once; the call to Bob is cancelled.
    assert_eq!(rig.responses(200).len(), 1, "{:?}", rig.sent);
    let cancel = rig.requests("CANCEL").pop().expect("a CANCEL to Bob").1;
    assert_eq!(cancel.call_id(), to_bob.call_id());
    rig.reply(0, &to_bob, 487, "bobtag", None);
    assert_eq!(rig.state(), CallState::Talking);
    assert!(
        rig.screen().iter().any(|l| l.contains("Carol")),
        "{:?}",
        rig.screen()
    );
}

#[test]
fn an_early_only_pickup_of_an_answered_call_is_busy() {
    let (mut rig, to_bob) = calling_bob();
    rig.reply(0, &to_bob, 200, "bobtag", Some(&sdp(1, "sendrecv")));
    assert_eq!(rig.state(), CallState::Talking);
    rig.clear();
    rig.receive(0, pickup_invite(&to_bob));
    assert_eq!(rig.responses(486).len(), 1, "{:?}", rig.sent);
    assert!(rig.requests("BYE").is_empty(), "the call with Bob stays");
}

#[test]
fn a_pickup_naming_no_dialog_of_ours_gets_481() {
    let (mut rig, _) = calling_bob();
    let stranger = invite("pick2", "alice", "1003", "Carol").replacen(
        "Content-Type:",
        "Replaces: nothing@h;to-tag=x;from-tag=y;early-only\r\nContent-Type:",
        1,
    );
    rig.receive(0, stranger);
    assert_eq!(rig.responses(481).len(), 1);
    assert_eq!(rig.state(), CallState::Ringback, "the call to Bob goes on");
}

#[test]
fn the_park_key_transfers_the_call_to_the_park_code_and_dials_it_when_idle() {
    let mut rig = with_keys("alice", &["park:*681002:Park"]);
    rig.dial("1003");
    let (_, out) = rig.last_invite();
    rig.reply(0, &out, 200, "t3", Some(&sdp(1, "sendrecv")));
    rig.clear();
    rig.press(Key::Dss(0));
    let refer = rig.requests("REFER").pop().expect("a REFER").1;
    assert_eq!(refer.header("refer-to"), Some("<sip:*681002@example.com>"));
    assert_eq!(rig.screen()[0], "Parking...");
    rig.reply(0, &refer, 202, "t3", None);
    assert!(
        rig.screen().iter().any(|l| l == "Parked at *681002"),
        "{:?}",
        rig.screen()
    );

    // Elsewhere (or later) with no call, the same key retrieves: it dials the code.
    let mut idle = with_keys("bob", &["park:*681002"]);
    idle.press(Key::Dss(0));
    let invite = new_invites(&idle).pop().expect("an INVITE");
    assert_eq!(invite.request_uri().unwrap(), "sip:*681002@example.com");
}

/// A phone of `user` with these programmable keys, connected.
fn with_keys(user: &str, keys: &[&str]) -> Rig {
    let mut rig = Rig::new(vec![account(user, user)]);
    let keys = keys.iter().map(|k| DssKey::parse(k).unwrap()).collect();
    rig.phone.set_dss_keys(keys).unwrap();
    rig.step(Input::TransportUp { line: 0 });
    rig.clear();
    rig
}

#[test]
fn the_pickup_key_dials_its_code_with_the_digits_keyed_first() {
    let mut rig = with_keys("carol", &["pickup:*97"]);
    for d in "1002".chars() {
        rig.press(Key::Digit(d));
    }
    rig.press(Key::Dss(0));
    let invite = new_invites(&rig).pop().expect("an INVITE");
    assert_eq!(invite.request_uri().unwrap(), "sip:*971002@example.com");
}

#[test]
fn the_group_pickup_key_dials_the_group_code() {
    let mut rig = with_keys("carol", &["group-pickup:*98"]);
    rig.press(Key::Dss(0));
    let invite = new_invites(&rig).pop().expect("an INVITE");
    assert_eq!(invite.request_uri().unwrap(), "sip:*98@example.com");
}

#[test]
fn setting_the_keys_again_ends_the_old_blf_subscriptions() {
    let mut rig = watching_bob_ring(None);
    rig.phone
        .set_dss_keys(vec![DssKey::parse("blf:1004:Dave").unwrap()])
        .unwrap();
    rig.step(Input::Tick);
    let subs = subscribes(&rig, "dialog");
    let ended: Vec<_> = subs
        .iter()
        .filter(|m| m.header("expires") == Some("0"))
        .collect();
    assert_eq!(ended.len(), 1, "bob's subscription ends: {subs:?}");
    assert!(ended[0].request_uri().unwrap().starts_with("sip:presence@"));
    let new: Vec<_> = subs
        .iter()
        .filter(|m| m.request_uri().unwrap().starts_with("sip:1004@"))
        .collect();
    assert_eq!(new.len(), 1, "dave's starts");
}

#[test]
fn prefix_dtmf_and_line_keys_do_what_their_keys_do() {
    let mut rig = with_keys("alice", &["prefix:9", "dtmf:1234#", "line:1"]);
    rig.press(Key::Dss(0));
    rig.dial("1002");
    let invite = new_invites(&rig).pop().expect("an INVITE");
    assert_eq!(invite.request_uri().unwrap(), "sip:91002@example.com");
    rig.reply(0, &invite, 200, "b1", Some(&sdp(1, "sendrecv")));
    assert_eq!(rig.state(), CallState::Talking);
    // The line lamp on the programmable key follows line 1.
    assert_eq!(rig.lamp("dss3"), rig.lamp("line1"));
    rig.clear();
    rig.press(Key::Dss(1));
    assert_eq!(
        rig.screen().concat().matches("1234#").count(),
        1,
        "the digits sent show: {:?}",
        rig.screen()
    );
    // The line key on a DSS key takes back the held call, as line key 1 would.
    rig.press(Key::Hold);
    rig.accept_reinvites(|_| "b1".into());
    assert_eq!(rig.state(), CallState::Held);
    rig.press(Key::Dss(2));
    rig.accept_reinvites(|_| "b1".into());
    assert_eq!(rig.state(), CallState::Talking);
    assert!(DssKey::parse("line:0").is_err());
    assert!(DssKey::parse("dtmf:12a").is_err());
}

#[test]
fn holding_a_digit_dials_its_speed_dial_on_the_420hd() {
    let mut rig = Rig::of(
        deskphone_core::profile::by_id("audiocodes-420hd").unwrap(),
        vec![account("alice", "Alice")],
    );
    rig.phone
        .set_speed_dials(vec![('2', "1003".into())])
        .unwrap();
    rig.step(Input::TransportUp { line: 0 });
    rig.clear();
    rig.press(Key::LongPress('2'));
    let invite = new_invites(&rig).pop().expect("the speed dial");
    assert!(invite.request_uri().unwrap().starts_with("sip:1003@"));

    // A key without a speed dial, held, is just its digit.
    let mut rig = Rig::of(
        deskphone_core::profile::by_id("audiocodes-420hd").unwrap(),
        vec![account("alice", "Alice")],
    );
    rig.press(Key::LongPress('5'));
    assert_eq!(rig.state(), CallState::Dialing);
    assert_eq!(rig.screen()[1], "5");
    // Keys the device has no speed dial on are refused, naming the key.
    let err = rig
        .phone
        .set_speed_dials(vec![('0', "1".into())])
        .unwrap_err();
    assert!(err.contains("speed dial 0"), "{err}");
    assert!(with_keys("bob", &[])
        .phone
        .set_speed_dials(vec![('1', "2".into())])
        .is_err());
}

#[test]
fn holding_hash_at_idle_locks_the_cp860() {
    let mut rig = Rig::of(
        deskphone_core::profile::by_id("yealink-cp860").unwrap(),
        vec![account("alice", "Alice")],
    );
    rig.press(Key::LongPress('#'));
    assert!(rig.phone.view().icons.contains(&Icon::Locked));
    // On the SayHi a held # is the digit.
    let mut sayhi = with_keys("bob", &[]);
    sayhi.press(Key::LongPress('#'));
    assert!(!sayhi.phone.view().icons.contains(&Icon::Locked));
}

#[test]
fn ended_blf_subscriptions_stay_ended_across_a_reconnect() {
    let mut rig = watching_bob_ring(None);
    rig.phone.set_dss_keys(Vec::new()).unwrap();
    rig.step(Input::TransportDown { line: 0 });
    rig.clear();
    rig.step(Input::TransportUp { line: 0 });
    assert!(
        subscribes(&rig, "dialog").is_empty(),
        "no ghost subscription: {:?}",
        rig.sent
    );
}

/// Alice with `keys`, her voicemail at *97, registered.
fn alice_with(profile: &str, keys: &[&str]) -> Rig {
    let mut a = account("alice", "Alice");
    a.voicemail = Some("*97".into());
    let mut rig = Rig::of(deskphone_core::profile::by_id(profile).unwrap(), vec![a]);
    rig.register(&[200]);
    let keys = keys.iter().map(|k| DssKey::parse(k).unwrap()).collect();
    rig.phone.set_dss_keys(keys).unwrap();
    rig.clear();
    rig
}

fn dialled(rig: &Rig) -> String {
    let (_, inv) = rig.last_invite();
    deskphone_core::sip::message::uri_user(&inv.request_uri().unwrap())
        .unwrap()
        .to_string()
}

fn keep_tag(m: &Message) -> String {
    m.to_tag().unwrap_or_default()
}

#[test]
fn the_redial_key_calls_the_last_number_again() {
    let mut rig = alice_with("sayhi-6xx", &["redial"]);
    rig.press(Key::Dss(0));
    assert!(rig.requests("INVITE").is_empty(), "nothing dialled yet");
    rig.dial("1005");
    let (_, inv) = rig.last_invite();
    rig.reply(0, &inv, 486, "x1", None);
    rig.clear();
    rig.press(Key::Dss(0));
    assert_eq!(dialled(&rig), "1005");
}

#[test]
fn the_call_return_key_calls_back_the_last_caller() {
    let mut rig = alice_with("sayhi-6xx", &["call-return"]);
    rig.receive(0, invite("cr1", "alice", "1003", "Carol"));
    rig.press_soft("Reject");
    rig.clear();
    rig.press(Key::Dss(0));
    assert_eq!(dialled(&rig), "1003");
}

#[test]
fn the_voicemail_key_dials_the_lines_voicemail() {
    let mut rig = alice_with("dinstar-c60s", &["voicemail"]);
    rig.press(Key::Dss(0));
    assert_eq!(dialled(&rig), "*97");
}

#[test]
fn the_hold_key_holds_and_takes_back_the_call() {
    let mut rig = alice_with("sayhi-6xx", &["hold"]);
    rig.receive(0, invite("h1", "alice", "bob", "Bob"));
    rig.press_soft("Answer");
    rig.clear();
    rig.press(Key::Dss(0));
    rig.accept_reinvites(keep_tag);
    assert_eq!(rig.state(), CallState::Held);
    rig.press(Key::Dss(0));
    rig.accept_reinvites(keep_tag);
    assert_eq!(rig.state(), CallState::Talking);
}

#[test]
fn a_transfer_key_with_a_number_transfers_the_call_there_in_one_touch() {
    let mut rig = alice_with("sayhi-6xx", &["transfer:1007", "transfer"]);
    rig.receive(0, invite("t1", "alice", "bob", "Bob"));
    rig.press_soft("Answer");
    rig.clear();
    // Without a number the key starts a transfer, as the Transfer key does.
    rig.press(Key::Dss(1));
    rig.accept_reinvites(keep_tag);
    assert_eq!(rig.state(), CallState::TransferDialing);
    rig.press_soft("Cancel");
    rig.press(Key::Hold); // back to Bob
    rig.accept_reinvites(keep_tag);
    assert_eq!(rig.state(), CallState::Talking);

    rig.clear();
    rig.press(Key::Dss(0));
    let (_, refer) = rig.requests("REFER").pop().expect("a REFER");
    assert_eq!(refer.header("refer-to"), Some("<sip:1007@example.com>"));
    assert_eq!(rig.state(), CallState::Transferring);
}

#[test]
fn feature_key_lamps_take_each_devices_colours() {
    use deskphone_core::phone::view::{LampColor, LampPattern};
    // The SayHi's dual-colour keys light DND red; the Dinstar's one-colour keys green.
    for (profile, on) in [
        ("sayhi-6xx", (LampColor::Red, LampPattern::Steady)),
        ("dinstar-c60s", (LampColor::Green, LampPattern::Steady)),
    ] {
        for key in ["dnd", "forward:1009"] {
            let mut rig = alice_with(profile, &[key]);
            assert_eq!(rig.lamp("dss1"), (LampColor::Off, LampPattern::Off));
            rig.press(Key::Dss(0));
            assert_eq!(rig.lamp("dss1"), on, "{profile} {key}");
            rig.press(Key::Dss(0));
            assert_eq!(rig.lamp("dss1"), (LampColor::Off, LampPattern::Off));
        }
    }
}

#[test]
fn a_dinstar_blf_key_is_dark_when_idle_and_green_when_busy() {
    use deskphone_core::phone::view::{LampColor, LampPattern};
    let mut rig = alice_with("dinstar-c60s", &["blf:1002"]);
    rig.step(Input::Tick);
    let sub = subscribes(&rig, "dialog").pop().expect("the BLF SUBSCRIBE");
    let doc = |state: &str| {
        format!(
            "<?xml version=\"1.0\"?><dialog-info xmlns=\"urn:ietf:params:xml:ns:dialog-info\" \
             version=\"1\" state=\"full\" entity=\"sip:1002@example.com\"><dialog id=\"d\">\
             <state>{state}</state></dialog></dialog-info>"
        )
    };
    accept_and_notify(
        &mut rig,
        &sub,
        "dialog",
        "application/dialog-info+xml",
        &doc("terminated"),
    );
    assert_eq!(rig.lamp("dss1"), (LampColor::Off, LampPattern::Off));
    common::notify(
        &mut rig,
        &sub,
        "dialog",
        "application/dialog-info+xml",
        &doc("confirmed"),
        "active;expires=3600",
    );
    assert_eq!(rig.lamp("dss1"), (LampColor::Green, LampPattern::Steady));
}
