//! Subscriptions (RFC 6665) and what the phone shows from them: message waiting (RFC 3842)
//! lights the Message lamp and counts voicemails on the idle screen, and BLF keys (RFC 4235)
//! follow the watched extension (idle, ringing, busy). A scripted server answers the
//! SUBSCRIBEs and sends the NOTIFYs.

mod common;

use common::{accept_and_notify, account, notify, subscribes, Rig};
use deskphone_core::phone::dss::DssKey;
use deskphone_core::phone::view::{Icon, LampColor, LampPattern};
use deskphone_core::phone::{Input, Key};
use deskphone_core::profile;
use deskphone_core::sip::builder::Builder;

fn mwi_rig() -> Rig {
    let mut a = account("alice", "Alice");
    a.subscribe_mwi = true;
    a.voicemail = Some("*97".into());
    let mut rig = Rig::new(vec![a]);
    rig.step(Input::TransportUp { line: 0 });
    rig
}

#[test]
fn waiting_voicemail_lights_the_message_lamp_and_the_message_key_calls_it() {
    let mut rig = mwi_rig();
    let sub = subscribes(&rig, "message-summary")
        .pop()
        .expect("a SUBSCRIBE to our summary");
    assert!(sub
        .request_uri()
        .unwrap()
        .starts_with("sip:alice@example.com"));
    assert_eq!(
        sub.header("accept"),
        Some("application/simple-message-summary")
    );
    assert_eq!(rig.lamp("message"), (LampColor::Off, LampPattern::Off));

    accept_and_notify(
        &mut rig,
        &sub,
        "message-summary",
        "application/simple-message-summary",
        "Messages-Waiting: yes\r\nVoice-Message: 2/8 (0/2)\r\n",
    );
    assert_eq!(rig.responses(200).len(), 1, "the NOTIFY is answered");
    let view = rig.phone.view();
    assert!(view.icons.contains(&Icon::Voicemail));
    assert!(
        view.screen.contains(&"2 New Voicemails".to_string()),
        "{:?}",
        view.screen
    );
    assert_eq!(rig.lamp("message"), (LampColor::Red, LampPattern::Steady));

    rig.clear();
    rig.press(Key::Message);
    let (_, inv) = rig.last_invite();
    assert!(inv
        .request_uri()
        .unwrap()
        .starts_with("sip:*97@example.com"));

    notify(
        &mut rig,
        &sub,
        "message-summary",
        "application/simple-message-summary",
        "Messages-Waiting: no\r\n",
        "active",
    );
    assert_eq!(rig.lamp("message"), (LampColor::Off, LampPattern::Off));
}

#[test]
fn a_challenged_subscribe_is_sent_again_with_credentials_and_refreshed_before_it_expires() {
    let mut rig = mwi_rig();
    let sub = subscribes(&rig, "message-summary").pop().unwrap();
    let challenge = Builder::response_to(&sub, 407, "Proxy Authentication Required", Some("px"))
        .header(
            "Proxy-Authenticate",
            "Digest realm=\"example.com\", nonce=\"abc\", qop=\"auth\"",
        )
        .build()
        .unwrap();
    rig.clear();
    rig.step(Input::Received {
        line: 0,
        bytes: challenge,
    });
    let again = subscribes(&rig, "message-summary")
        .pop()
        .expect("sent again");
    assert!(again.header("proxy-authorization").is_some());
    accept_and_notify(
        &mut rig,
        &again,
        "message-summary",
        "application/simple-message-summary",
        "Messages-Waiting: no\r\n",
    );
    rig.clear();
    rig.wait(3_100_000); // past 85 % of the hour
    let refresh = subscribes(&rig, "message-summary")
        .pop()
        .expect("a refresh");
    assert_eq!(refresh.call_id(), again.call_id(), "in the same dialog");
    assert_eq!(refresh.to_tag().as_deref(), Some("srv"));
}

#[test]
fn a_terminated_subscription_is_made_again_in_a_new_dialog() {
    let mut rig = mwi_rig();
    let sub = subscribes(&rig, "message-summary").pop().unwrap();
    accept_and_notify(
        &mut rig,
        &sub,
        "message-summary",
        "application/simple-message-summary",
        "Messages-Waiting: no\r\n",
    );
    notify(
        &mut rig,
        &sub,
        "message-summary",
        "application/simple-message-summary",
        "",
        "terminated;reason=timeout",
    );
    rig.clear();
    rig.wait(31_000);
    let fresh = subscribes(&rig, "message-summary")
        .pop()
        .expect("subscribed again");
    assert_ne!(fresh.call_id(), sub.call_id());
    assert_eq!(fresh.to_tag(), None);
}

fn dialog_info(dialogs: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<dialog-info xmlns=\"urn:ietf:params:xml:ns:dialog-info\" version=\"1\" \
         state=\"full\" entity=\"sip:1002@example.com\">{dialogs}</dialog-info>\n"
    )
}

#[test]
fn a_blf_key_follows_the_watched_extension_and_calls_it() {
    let mut rig = Rig::new(vec![account("alice", "Alice")]);
    rig.step(Input::TransportUp { line: 0 });
    let keys = ["blf:1002:Bob", "dnd", "speed:1003:Carol"]
        .iter()
        .map(|k| DssKey::parse(k).unwrap())
        .collect();
    rig.phone.set_dss_keys(keys).unwrap();
    rig.step(Input::Tick);
    assert_eq!(rig.phone.view().dss, ["Bob", "DND", "Carol"]);
    let sub = subscribes(&rig, "dialog")
        .pop()
        .expect("a dialog SUBSCRIBE");
    assert!(sub
        .request_uri()
        .unwrap()
        .starts_with("sip:1002@example.com"));
    assert_eq!(
        rig.lamp("dss1"),
        (LampColor::Off, LampPattern::Off),
        "nothing known yet"
    );

    let ctype = "application/dialog-info+xml";
    accept_and_notify(&mut rig, &sub, "dialog", ctype, &dialog_info(""));
    assert_eq!(
        rig.lamp("dss1"),
        (LampColor::Green, LampPattern::Steady),
        "idle"
    );
    notify(
        &mut rig,
        &sub,
        "dialog",
        ctype,
        &dialog_info("<dialog id=\"d\" direction=\"recipient\"><state>early</state></dialog>"),
        "active",
    );
    assert_eq!(
        rig.lamp("dss1"),
        (LampColor::Red, LampPattern::FastBlink),
        "ringing"
    );
    notify(
        &mut rig,
        &sub,
        "dialog",
        ctype,
        &dialog_info("<dialog id=\"d\"><state>confirmed</state></dialog>"),
        "active",
    );
    assert_eq!(
        rig.lamp("dss1"),
        (LampColor::Red, LampPattern::Steady),
        "busy"
    );

    rig.press(Key::Dss(1));
    assert!(rig.phone.view().icons.contains(&Icon::Dnd));
    assert_eq!(rig.lamp("dss2"), (LampColor::Red, LampPattern::Steady));
    rig.press(Key::Dss(1));
    rig.clear();
    rig.press(Key::Dss(0));
    let (_, inv) = rig.last_invite();
    assert!(inv
        .request_uri()
        .unwrap()
        .starts_with("sip:1002@example.com"));
}

#[test]
fn a_device_takes_no_more_programmable_keys_than_it_has() {
    let mut rig = Rig::of(
        profile::by_id("yealink-cp860").unwrap(),
        vec![account("alice", "Alice")],
    );
    assert_eq!(rig.phone.dss_capacity(), 0);
    let err = rig
        .phone
        .set_dss_keys(vec![DssKey::parse("dnd").unwrap()])
        .unwrap_err();
    assert_eq!(err, "1 programmable keys given: the Yealink CP860 has 0");
    let sayhi = Rig::new(vec![account("alice", "Alice")]);
    assert_eq!(
        sayhi.phone.dss_capacity(),
        7 + 6 * 32,
        "spare line keys and six modules"
    );
}

#[test]
fn a_subscription_granted_for_zero_seconds_is_retried_later_not_in_a_loop() {
    let mut rig = mwi_rig();
    let sub = subscribes(&rig, "message-summary").pop().unwrap();
    let ok = Builder::response_to(&sub, 200, "OK", Some("srv"))
        .header("Expires", "0")
        .build()
        .unwrap();
    rig.clear();
    rig.step(Input::Received { line: 0, bytes: ok });
    rig.wait(5_000);
    assert!(
        subscribes(&rig, "message-summary").is_empty(),
        "not every tick"
    );
    rig.wait(30_000);
    assert_eq!(subscribes(&rig, "message-summary").len(), 1);
}

#[test]
fn a_notify_that_requires_eventlist_outside_a_list_subscription_is_refused() {
    let mut rig = mwi_rig();
    let sub = subscribes(&rig, "message-summary").pop().unwrap();
    let ok = Builder::response_to(&sub, 200, "OK", Some("srv"))
        .header("Expires", "3600")
        .build()
        .unwrap();
    rig.step(Input::Received { line: 0, bytes: ok });
    // A list's NOTIFY (RFC 4662 §5.2) in a subscription that did not ask for a list.
    notify(
        &mut rig,
        &sub,
        "message-summary",
        "multipart/related;type=\"application/rlmi+xml\";boundary=b1",
        "--b1--\r\n",
        "active;expires=3600",
    );
    let (_, refusal) = rig.responses(420).pop().expect("420 Bad Extension");
    assert_eq!(refusal.header("unsupported"), Some("eventlist"));
    assert!(rig.responses(200).is_empty());
}
