//! A BLF list key (RFC 4662 resource list of dialog states): one SUBSCRIBE with
//! `Supported: eventlist`, multipart/related NOTIFYs (RLMI plus a dialog-info part per
//! member), and the members on the keys after the configured ones, with their lamps.

mod common;

use common::{accept_and_notify, account, notify, subscribes, Rig};
use deskphone_core::phone::dss::DssKey;
use deskphone_core::phone::view::{CallState, LampColor, LampPattern};
use deskphone_core::phone::Key;
use deskphone_core::sip::message::Message;

const CTYPE: &str =
    "multipart/related;type=\"application/rlmi+xml\";start=\"<rl@h>\";boundary=\"b0und\"";

fn dialog_part(cid: &str, entity: &str, dialog: &str) -> String {
    format!(
        "--b0und\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <{cid}>\r\n\
         Content-Type: application/dialog-info+xml;charset=\"UTF-8\"\r\n\r\n\
         <?xml version=\"1.0\"?>\r\n<dialog-info xmlns=\"urn:ietf:params:xml:ns:dialog-info\" \
         version=\"1\" state=\"full\" entity=\"{entity}\">{dialog}</dialog-info>\r\n"
    )
}

/// A list NOTIFY body: `members` are (uri, name, cid, dialog element or "").
fn list_body(full: bool, members: &[(&str, &str, &str, &str)]) -> String {
    let resources: String = members
        .iter()
        .map(|(uri, name, cid, _)| {
            format!(
                "<resource uri=\"{uri}\"><name>{name}</name>\
                 <instance id=\"i{cid}\" state=\"active\" cid=\"{cid}\"/></resource>"
            )
        })
        .collect();
    let mut body = format!(
        "--b0und\r\nContent-Type: application/rlmi+xml;charset=\"UTF-8\"\r\nContent-ID: <rl@h>\r\n\r\n\
         <?xml version=\"1.0\"?><list xmlns=\"urn:ietf:params:xml:ns:rlmi\" \
         uri=\"sip:blflist@example.com\" version=\"1\" fullState=\"{full}\">{resources}</list>\r\n"
    );
    for (uri, _, cid, dialog) in members {
        body.push_str(&dialog_part(cid, uri, dialog));
    }
    body.push_str("--b0und--\r\n");
    body
}

const RINGING: &str = "<dialog id=\"d1\" call-id=\"c1@h\" local-tag=\"bt\" remote-tag=\"at\" \
                       direction=\"recipient\"><state>early</state><remote><identity>\
                       sip:dave@example.com</identity></remote></dialog>";
const TALKING: &str = "<dialog id=\"d2\" call-id=\"c2@h\"><state>confirmed</state></dialog>";

/// Alice's phone with a speed dial and a BLF list key, its SUBSCRIBE answered.
fn watching_the_list() -> (Rig, Message) {
    let mut rig = Rig::new(vec![account("alice", "Alice")]);
    rig.register(&[200]);
    rig.phone
        .set_dss_keys(vec![
            DssKey::parse("speed:1003:Carol").unwrap(),
            DssKey::parse("blf-list:blflist:Team").unwrap(),
        ])
        .unwrap();
    rig.step(deskphone_core::phone::Input::Tick);
    let sub = subscribes(&rig, "dialog")
        .pop()
        .expect("the list SUBSCRIBE");
    (rig, sub)
}

#[test]
fn the_list_key_subscribes_once_with_eventlist() {
    let (_, sub) = watching_the_list();
    assert_eq!(
        sub.request_uri().as_deref(),
        Some("sip:blflist@example.com")
    );
    assert_eq!(sub.header("supported"), Some("eventlist"));
    let accept = sub.header("accept").unwrap();
    for t in [
        "multipart/related",
        "application/rlmi+xml",
        "application/dialog-info+xml",
    ] {
        assert!(accept.contains(t), "{accept}");
    }
}

#[test]
fn the_members_take_the_next_keys_with_their_lamps_and_a_ringing_one_is_picked_up() {
    let (mut rig, sub) = watching_the_list();
    let body = list_body(
        true,
        &[
            ("sip:bob@example.com", "Bob", "b@h", RINGING),
            ("sip:erin@example.com", "Erin", "e@h", TALKING),
        ],
    );
    accept_and_notify(&mut rig, &sub, "dialog", CTYPE, &body);
    assert_eq!(rig.phone.view().dss, ["Carol", "Team", "Bob", "Erin"]);
    assert_eq!(rig.lamp("dss3"), (LampColor::Red, LampPattern::FastBlink));
    assert_eq!(rig.lamp("dss4"), (LampColor::Red, LampPattern::Steady));

    // Erin hangs up: a partial NOTIFY names only her.
    let body = list_body(false, &[("sip:erin@example.com", "Erin", "e2@h", "")]);
    notify(
        &mut rig,
        &sub,
        "dialog",
        CTYPE,
        &body,
        "active;expires=3600",
    );
    assert_eq!(rig.phone.view().dss, ["Carol", "Team", "Bob", "Erin"]);
    assert_eq!(rig.lamp("dss4"), (LampColor::Green, LampPattern::Steady));

    // Bob's key picks his ringing call up (Replaces to the caller, as a BLF key does).
    rig.clear();
    rig.press(Key::Dss(2));
    let (_, invite) = rig.last_invite();
    assert_eq!(
        invite.request_uri().as_deref(),
        Some("sip:dave@example.com")
    );
    assert_eq!(
        invite.header("replaces"),
        Some("c1@h;to-tag=at;from-tag=bt;early-only")
    );
    assert_eq!(rig.state(), CallState::Calling);
}

#[test]
fn the_list_key_itself_picks_up_whichever_member_rings() {
    let (mut rig, sub) = watching_the_list();
    let body = list_body(
        true,
        &[
            ("sip:erin@example.com", "Erin", "e@h", ""),
            ("sip:bob@example.com", "Bob", "b@h", RINGING),
        ],
    );
    accept_and_notify(&mut rig, &sub, "dialog", CTYPE, &body);
    rig.clear();
    rig.press(Key::Dss(1));
    let (_, invite) = rig.last_invite();
    assert!(invite.header("replaces").is_some());
}

#[test]
fn a_full_notify_without_a_member_takes_its_key_away_and_an_idle_member_is_dialled() {
    let (mut rig, sub) = watching_the_list();
    let body = list_body(
        true,
        &[
            ("sip:bob@example.com", "Bob", "b@h", ""),
            ("sip:erin@example.com", "Erin", "e@h", ""),
        ],
    );
    accept_and_notify(&mut rig, &sub, "dialog", CTYPE, &body);
    let body = list_body(true, &[("sip:erin@example.com", "Erin", "e@h", "")]);
    notify(
        &mut rig,
        &sub,
        "dialog",
        CTYPE,
        &body,
        "active;expires=3600",
    );
    assert_eq!(rig.phone.view().dss, ["Carol", "Team", "Erin"]);
    rig.press(Key::Dss(2));
    let (_, invite) = rig.last_invite();
    assert_eq!(
        invite.request_uri().as_deref(),
        Some("sip:erin@example.com")
    );
}

#[test]
fn a_list_longer_than_the_keys_left_fills_what_there_is_and_bad_bodies_change_nothing() {
    let profile = deskphone_core::profile::builtin()
        .into_iter()
        .find(|p| p.id == "grandstream-ghp")
        .expect("the GHP profile");
    let capacity = {
        let rig = Rig::of(profile.clone(), vec![account("alice", "Alice")]);
        rig.phone.dss_capacity()
    };
    let mut rig = Rig::of(profile, vec![account("alice", "Alice")]);
    rig.register(&[200]);
    rig.phone
        .set_dss_keys(vec![DssKey::parse("blf-list:blflist").unwrap()])
        .unwrap();
    rig.step(deskphone_core::phone::Input::Tick);
    let sub = subscribes(&rig, "dialog").pop().unwrap();
    let names: Vec<String> = (0..capacity + 3).map(|i| format!("u{i}")).collect();
    let uris: Vec<String> = names
        .iter()
        .map(|n| format!("sip:{n}@example.com"))
        .collect();
    let cids: Vec<String> = names.iter().map(|n| format!("{n}@h")).collect();
    let members: Vec<(&str, &str, &str, &str)> = (0..names.len())
        .map(|i| (uris[i].as_str(), names[i].as_str(), cids[i].as_str(), ""))
        .collect();
    accept_and_notify(&mut rig, &sub, "dialog", CTYPE, &list_body(true, &members));
    assert_eq!(rig.phone.view().dss.len(), capacity);
    let before = rig.phone.view().dss;
    for bad in [
        "",
        "--b0und\r\n",
        "<list",
        "--b0und\r\nContent-Type: application/rlmi+xml\r\n\r\n<list",
    ] {
        notify(&mut rig, &sub, "dialog", CTYPE, bad, "active;expires=3600");
        assert_eq!(rig.phone.view().dss.len(), before.len().min(capacity));
    }
}

/// Kamailio's rls module: the first NOTIFY names the members only (self-closing
/// `<resource/>`, no `<name>`, no instances yet); the next carries their states.
#[test]
fn a_list_server_that_names_members_by_uri_alone_still_fills_the_keys() {
    let (mut rig, sub) = watching_the_list();
    let ctype = "multipart/related;type=\"application/rlmi+xml\";start=\"<1796405679.sip:sales@127.0.0.1.572699438>\";boundary=\"YBVK\"";
    let body = "--YBVK\r\nContent-Transfer-Encoding: binary\r\n\
        Content-ID: <1796405679.sip:sales@127.0.0.1.572699438>\r\n\
        Content-Type: application/rlmi+xml;charset=\"UTF-8\"\r\n\r\n\
        <?xml version=\"1.0\"?>\n<list uri=\"sip:blflist@example.com\" xmlns=\"urn:ietf:params:xml:ns:rlmi\" version=\"1\" fullState=\"true\">\n  \
        <resource uri=\"sip:bob@example.com\"/>\n  <resource uri=\"sip:erin@example.com\"/>\n</list>\n\r\n--YBVK--\r\n";
    accept_and_notify(&mut rig, &sub, "dialog", ctype, body);
    assert_eq!(rig.phone.view().dss, ["Carol", "Team", "bob", "erin"]);
}
