//! Device profiles: every built-in one is valid data, a broken profile file is refused with
//! its reason, and a phone of each profile walks through the call states with that device's
//! soft keys and lamps.

mod common;

use common::{account, invite, sdp, Rig};
use deskphone_core::phone::view::{CallState, LampColor, LampPattern};
use deskphone_core::phone::{Key, Phone};
use deskphone_core::profile::{self, Profile, BUILTIN_FILES};
use deskphone_core::sip::message::Message;
use deskphone_core::time::Instant;

#[test]
fn every_builtin_profile_is_valid_and_named_after_its_file() {
    let all = profile::builtin();
    assert_eq!(all.len(), BUILTIN_FILES.len());
    for (p, (file, _)) in all.iter().zip(BUILTIN_FILES) {
        assert_eq!(&p.id, file);
    }
    assert_eq!(profile::default_profile().id, "sayhi-6xx");
    let ghp = profile::by_id("grandstream-ghp").unwrap();
    assert!(
        ghp.display.is_none() && ghp.keys.soft == 0,
        "the hotel phone has no screen"
    );
    let sayhi = profile::by_id("sayhi-6xx").unwrap();
    assert_eq!((sayhi.accounts, sayhi.keys.line), (8, 8));
    assert_eq!(sayhi.expansion.map(|x| (x.modules, x.keys)), Some((6, 32)));
    let cp860 = profile::by_id("yealink-cp860").unwrap();
    assert_eq!(cp860.display.map(|d| (d.width, d.height)), Some((192, 64)));
}

fn sayhi_text() -> String {
    BUILTIN_FILES[0].1.to_string()
}

#[test]
fn a_profile_with_an_unknown_setting_is_refused_with_its_line() {
    let text = sayhi_text().replace("max_calls = 8", "max_calls = 8\ncolour_scheme = \"pink\"");
    let err = Profile::from_toml("mine.toml", &text).unwrap_err();
    assert_eq!(err.file, "mine.toml");
    assert!(err.reason.contains("colour_scheme"), "{}", err.reason);
    assert!(
        err.reason.contains("line"),
        "the line is named: {}",
        err.reason
    );
}

#[test]
fn a_profile_out_of_range_or_with_an_unknown_soft_key_is_refused() {
    let nine = sayhi_text().replace("accounts = 8", "accounts = 9");
    let err = Profile::from_toml("nine.toml", &nine).unwrap_err();
    assert_eq!(err.reason, "accounts = 9: must be from 1 to 8");

    let bad_key = sayhi_text().replace("idle = [\"redial\",", "idle = [\"teleport\",");
    let err = Profile::from_toml("k.toml", &bad_key).unwrap_err();
    assert!(err.reason.contains("teleport"), "{}", err.reason);

    let soft_without_screen = BUILTIN_FILES
        .iter()
        .find(|(id, _)| *id == "grandstream-ghp")
        .unwrap()
        .1
        .replace("soft = 0", "soft = 4");
    let err = Profile::from_toml("g.toml", &soft_without_screen).unwrap_err();
    assert!(err.reason.contains("without a display"), "{}", err.reason);

    assert!(Profile::from_toml("empty.toml", "").is_err());
    assert!(Profile::from_toml("garbage.toml", "\u{0}[[[").is_err());
}

#[test]
fn a_phone_takes_no_more_accounts_than_its_profile_has_lines() {
    let dinstar = profile::by_id("dinstar-c60s").unwrap();
    let three = vec![account("a", "A"), account("b", "B"), account("c", "C")];
    let err = Phone::build(dinstar, three, 1, Instant(0)).unwrap_err();
    assert_eq!(err.0, "3 accounts given: the Dinstar C60S has 2 lines");
}

/// What one profile shows in one state: soft-key labels (blanks as "") and line 1's lamp.
struct Expect {
    soft: &'static [&'static str],
    lamp: Option<(LampColor, LampPattern)>,
}

/// Walk a phone of `id` through idle, dialing, calling, ringback, talking, held, ended and
/// ringing, checking the soft keys and lamp of each state against `expect` (in that order).
fn walk(id: &str, expect: [Expect; 7]) {
    let profile = profile::by_id(id).unwrap();
    let mut rig = Rig::of(profile, vec![account("alice", "Alice")]);
    rig.register(&[200]);
    let check = |rig: &Rig, state: CallState, e: &Expect| {
        let view = rig.phone.view();
        assert_eq!(view.state, state, "{id}");
        assert_eq!(view.soft_keys, e.soft, "{id} soft keys when {state:?}");
        let lamp = view
            .lamps
            .iter()
            .find(|l| l.key == "line1")
            .map(|l| (l.color, l.pattern));
        assert_eq!(lamp, e.lamp, "{id} line lamp when {state:?}");
    };
    let tag = |m: &Message| m.to_tag().unwrap_or_else(|| "x1".into());
    // Idle, after a call so that Redial applies.
    rig.dial("1005");
    rig.press(Key::Cancel);
    let (_, inv) = rig.last_invite();
    rig.reply(0, &inv, 487, "x1", None);
    rig.clear();
    check(&rig, CallState::Idle, &expect[0]);
    rig.press(Key::Digit('1'));
    check(&rig, CallState::Dialing, &expect[1]);
    for d in "005".chars() {
        rig.press(Key::Digit(d));
    }
    rig.press(Key::Send);
    check(&rig, CallState::Calling, &expect[2]);
    let (_, inv) = rig.last_invite();
    rig.reply(0, &inv, 180, "x2", None);
    check(&rig, CallState::Ringback, &expect[2]);
    rig.reply(0, &inv, 200, "x2", Some(&sdp(1, "sendrecv")));
    check(&rig, CallState::Talking, &expect[3]);
    rig.clear();
    rig.press(Key::Hold);
    rig.accept_reinvites(tag);
    check(&rig, CallState::Held, &expect[4]);
    rig.press(Key::Hold);
    rig.accept_reinvites(tag);
    rig.press(Key::Cancel);
    let (_, bye) = rig.requests("BYE").pop().expect("a BYE");
    rig.reply(0, &bye, 200, "x2", None);
    assert_eq!(rig.screen()[1], "Call ended", "{id}");
    check(&rig, CallState::Idle, &expect[5]);
    rig.receive(0, invite("r1", "alice", "bob", "Bob"));
    check(&rig, CallState::Ringing, &expect[6]);
}

const fn e(soft: &'static [&'static str], lamp: Option<(LampColor, LampPattern)>) -> Expect {
    Expect { soft, lamp }
}

use LampColor::{Green, Red};
use LampPattern::{FastBlink, SlowBlink, Steady};
const DARK: Option<(LampColor, LampPattern)> = Some((LampColor::Off, LampPattern::Off));

#[test]
fn sayhi_6xx_walks_through_the_call_states_with_red_and_green_line_lamps() {
    walk(
        "sayhi-6xx",
        [
            e(&["Redial", "DIR", "DND", "Menu"], DARK),
            e(&["Send", "Delete", "", "Cancel"], Some((Green, Steady))),
            e(&["", "", "", "End"], Some((Green, Steady))),
            e(
                &["Hold", "Transfer", "New Call", "End"],
                Some((Green, Steady)),
            ),
            e(
                &["Resume", "Transfer", "New Call", "End"],
                Some((Green, SlowBlink)),
            ),
            e(&["Redial", "DIR", "DND", "Menu"], DARK),
            e(&["Answer", "", "", "Reject"], Some((Red, FastBlink))),
        ],
    );
}

#[test]
fn dinstar_c60s_labels_end_cancel_and_its_green_lamp_flashes_for_a_call() {
    walk(
        "dinstar-c60s",
        [
            e(&["History", "Book", "DND", "Menu"], DARK),
            e(&["Send", "Delete", "", "Cancel"], Some((Green, Steady))),
            e(&["", "", "", "Cancel"], Some((Green, Steady))),
            // Hold, Trans, New, Conference, Cancel: five keys on four, paged with More.
            e(&["Hold", "Trans", "New", "More"], Some((Green, Steady))),
            e(
                &["Resume", "Trans", "New", "Cancel"],
                Some((Green, SlowBlink)),
            ),
            e(&["History", "Book", "DND", "Menu"], DARK),
            e(&["Answer", "Reject", "", ""], Some((Green, FastBlink))),
        ],
    );
}

#[test]
fn yealink_cp860_keeps_the_guides_key_positions_and_has_no_line_keys() {
    walk(
        "yealink-cp860",
        [
            e(&["History", "Directory", "DND", "Menu"], None),
            e(&["Send", "", "Delete", "Cancel"], None),
            e(&["", "", "", "Cancel"], None),
            e(&["Transfer", "Hold", "Conference", "Cancel"], None),
            e(&["Transfer", "Resume", "NewCall", "Cancel"], None),
            e(&["History", "Directory", "DND", "Menu"], None),
            e(&["Answer", "Forward", "Silence", "Reject"], None),
        ],
    );
}

#[test]
fn audiocodes_420hd_and_430hd_show_hold_new_call_end_in_a_call() {
    for id in ["audiocodes-420hd", "audiocodes-430hd"] {
        let lamp = |l| (id == "audiocodes-430hd").then_some(l);
        walk(
            id,
            [
                e(
                    &["Directory", "Missed", "", "DND"],
                    lamp((LampColor::Off, LampPattern::Off)),
                ),
                e(&["Send", "Delete", "", "Cancel"], lamp((Green, Steady))),
                e(&["", "", "", "End"], lamp((Green, Steady))),
                e(&["Hold", "Conf", "New Call", "End"], lamp((Green, Steady))),
                e(&["Resume", "", "New Call", "End"], lamp((Green, SlowBlink))),
                e(
                    &["Directory", "Missed", "", "DND"],
                    lamp((LampColor::Off, LampPattern::Off)),
                ),
                e(&["Answer", "", "", "Reject"], lamp((Green, FastBlink))),
            ],
        );
    }
}

#[test]
fn the_ghp_hotel_phone_has_no_soft_keys_and_answers_with_hands_free() {
    walk(
        "grandstream-ghp",
        [
            e(&[], None),
            e(&[], None),
            e(&[], None),
            e(&[], None),
            e(&[], None),
            e(&[], None),
            e(&[], None),
        ],
    );
    let mut rig = Rig::of(
        profile::by_id("grandstream-ghp").unwrap(),
        vec![account("alice", "Alice")],
    );
    rig.register(&[200]);
    rig.receive(0, invite("r1", "alice", "bob", "Bob"));
    rig.press(Key::Speaker);
    assert_eq!(rig.responses(200).len(), 1);
    assert_eq!(rig.state(), CallState::Talking);
}

/// A phone of `id` with alice registered (her registrar answers `code`).
fn phone_of(id: &str, code: u16) -> Rig {
    let mut rig = Rig::of(profile::by_id(id).unwrap(), vec![account("alice", "Alice")]);
    rig.register(&[code]);
    rig
}

#[test]
fn mute_silences_the_calls_and_lights_the_mute_lamp_until_the_call_ends() {
    for (id, lamp) in [
        ("sayhi-6xx", "mute"),
        ("grandstream-ghp", "mute"),
        ("yealink-cp860", "leds"),
    ] {
        let mut rig = phone_of(id, 200);
        rig.press(Key::Mute);
        assert!(!rig.phone.view().muted, "{id}: no mute without a call");
        rig.receive(0, invite("m1", "alice", "bob", "Bob"));
        rig.press(Key::OffHook);
        assert_eq!(rig.state(), CallState::Talking, "{id}");
        rig.press(Key::Mute);
        assert!(rig.phone.view().muted, "{id}");
        assert_eq!(rig.lamp(lamp), (Red, Steady), "{id}");
        rig.press(Key::Mute);
        assert!(!rig.phone.view().muted, "{id}");
        assert_eq!(rig.lamp(lamp), (LampColor::Off, LampPattern::Off), "{id}");
        rig.press(Key::Mute);
        rig.clear();
        rig.press(Key::OnHook);
        let (_, bye) = rig.requests("BYE").pop().expect("a BYE");
        rig.reply(0, &bye, 200, "x", None);
        assert_eq!(rig.state(), CallState::Idle, "{id}");
        assert!(!rig.phone.view().muted, "{id}: mute ends with the call");
        assert_eq!(rig.lamp(lamp), (LampColor::Off, LampPattern::Off), "{id}");
    }
}

#[test]
fn the_dinstar_power_lamp_is_blue_and_flashes_fast_while_a_call_rings() {
    let mut rig = phone_of("dinstar-c60s", 200);
    assert_eq!(rig.lamp("power"), (LampColor::Blue, Steady));
    rig.receive(0, invite("p1", "alice", "bob", "Bob"));
    assert_eq!(rig.lamp("power"), (LampColor::Blue, FastBlink));
}

#[test]
fn the_audiocodes_ringer_lamp_is_red_while_the_registration_has_failed() {
    assert_eq!(
        phone_of("audiocodes-420hd", 403).lamp("ringer"),
        (Red, Steady)
    );
    assert_eq!(
        phone_of("audiocodes-420hd", 200).lamp("ringer"),
        (LampColor::Off, LampPattern::Off)
    );
}

#[test]
fn the_screen_never_has_more_rows_than_the_display() {
    // The CP860 shows three rows: a call waiting behind the one talking keeps its row, the
    // talking call's timer gives way.
    let mut rig = phone_of("yealink-cp860", 200);
    rig.receive(0, invite("s1", "alice", "bob", "Bob"));
    rig.press_soft("Answer");
    rig.receive(0, invite("s2", "alice", "carol", "Carol"));
    let view = rig.phone.view();
    assert_eq!(view.screen, ["Talking", "Bob", "Waiting: Carol"]);
}

/// A re-INVITE from the far end of incoming call `call_id` (from `from_user`), whose
/// dialog we tagged `our_tag`, offering `direction`.
fn reinvite(call_id: &str, from_user: &str, our_tag: &str, cseq: u32, direction: &str) -> String {
    let body = sdp(cseq + 1, direction);
    format!(
        "INVITE sip:alice@h.invalid;transport=ws SIP/2.0\r\nVia: SIP/2.0/WSS proxy.example.com;branch=z9hG4bKre{call_id}{cseq}\r\n\
         Max-Forwards: 70\r\nFrom: <sip:{from_user}@example.com>;tag=t{call_id}\r\nTo: <sip:alice@example.com>;tag={our_tag}\r\n\
         Call-ID: {call_id}\r\nCSeq: {cseq} INVITE\r\nContact: <sip:{from_user}@10.0.0.9>\r\nContent-Type: application/sdp\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

fn keep_tag(m: &Message) -> String {
    m.to_tag().unwrap_or_else(|| "x1".into())
}

/// A phone of `id` talking with Bob, who called; returns the tag of Bob's dialog.
fn talking_with_bob(id: &str) -> (Rig, String) {
    let mut rig = phone_of(id, 200);
    rig.receive(0, invite("b1", "alice", "bob", "Bob"));
    rig.press(Key::OffHook);
    let tag = (rig.responses(200).into_iter())
        .find_map(|(_, m)| (m.call_id() == Some("b1")).then(|| m.to_tag()).flatten())
        .expect("the 200 to Bob");
    assert_eq!(rig.state(), CallState::Talking, "{id}");
    rig.clear();
    (rig, tag)
}

/// Bob talking, Carol's call waiting.
fn carol_waiting(id: &str) -> Rig {
    let (mut rig, _) = talking_with_bob(id);
    rig.receive(0, invite("c1", "alice", "carol", "Carol"));
    rig
}

/// Transfer pressed while talking with Bob: he is held, the number is asked for.
fn transfer_dialing(id: &str) -> Rig {
    let (mut rig, _) = talking_with_bob(id);
    rig.press(Key::Transfer);
    rig.accept_reinvites(keep_tag);
    rig
}

/// Each further call state of a phone of `id`, reached with hard keys and the network as
/// any of the devices can, and the soft keys it shows then.
fn further_states(id: &str) -> Vec<(CallState, Vec<String>)> {
    let mut seen = Vec::new();
    let mut note = |rig: &Rig| seen.push((rig.state(), rig.phone.view().soft_keys));

    // Early media: a 183 with SDP.
    let mut rig = phone_of(id, 200);
    rig.dial("1005");
    let (_, inv) = rig.last_invite();
    rig.reply(0, &inv, 183, "x2", Some(&sdp(1, "sendrecv")));
    note(&rig);

    // Held by the far end: Bob's re-INVITE offers sendonly.
    let (mut rig, tag) = talking_with_bob(id);
    rig.receive(0, reinvite("b1", "bob", &tag, 2, "sendonly"));
    note(&rig);

    // Call waiting.
    note(&carol_waiting(id));

    // Transfer dialing, then a consultation call to 1005 answered.
    let mut rig = transfer_dialing(id);
    note(&rig);
    rig.dial("1005");
    let (_, inv) = rig.last_invite();
    rig.reply(0, &inv, 200, "c5", Some(&sdp(1, "sendrecv")));
    note(&rig);

    // Transferring: the number keyed, Transfer sends the REFER.
    let mut rig = transfer_dialing(id);
    for d in "1005".chars() {
        rig.press(Key::Digit(d));
    }
    rig.press(Key::Transfer);
    assert!(!rig.requests("REFER").is_empty(), "{id}: a REFER");
    note(&rig);

    // Conference: Carol's waiting call taken (Flash), then Conference joins both.
    let mut rig = carol_waiting(id);
    rig.press(Key::Flash);
    rig.accept_reinvites(keep_tag);
    rig.press(Key::Conference);
    rig.accept_reinvites(keep_tag);
    note(&rig);
    seen
}

/// The further states in the order [`further_states`] reaches them.
const FURTHER: [CallState; 7] = [
    CallState::EarlyMedia,
    CallState::HeldByRemote,
    CallState::Talking, // with a call waiting
    CallState::TransferDialing,
    CallState::Consultation,
    CallState::Transferring,
    CallState::Conference,
];

fn check_further(id: &str, expect: [&[&str]; 7]) {
    for ((state, soft), (want_state, want)) in further_states(id)
        .into_iter()
        .zip(FURTHER.iter().zip(expect))
    {
        assert_eq!(state, *want_state, "{id}");
        assert_eq!(soft, want, "{id} soft keys when {state:?}");
    }
}

#[test]
fn every_profile_shows_its_keys_for_early_media_waiting_transfer_and_conference() {
    check_further(
        "sayhi-6xx",
        [
            &["", "", "", "End"],
            &["", "New Call", "", "End"],
            // A call waiting: Answer, Reject, End.
            &["Answer", "Reject", "", "End"],
            &["", "Send", "Delete", "Cancel"],
            &["Transfer", "Swap", "", "End"],
            &["", "", "", "End"],
            &["", "Hold", "Split", "End"],
        ],
    );
    check_further(
        "dinstar-c60s",
        [
            &["", "", "", "Cancel"],
            &["New", "Cancel", "", ""],
            &["Answer", "Reject", "", "Cancel"],
            &["", "Send", "Delete", "Cancel"],
            &["Trans", "Swap", "", "Cancel"],
            &["", "", "", "Cancel"],
            // §3: Hold, Separate, Cancel.
            &["Hold", "Separate", "", "Cancel"],
        ],
    );
    check_further(
        "yealink-cp860",
        [
            // The guide's Connecting / RingBack: Empty, Empty, Empty, Cancel.
            &["", "", "", "Cancel"],
            &["NewCall", "", "", "Cancel"],
            &["Answer", "Reject", "", "Cancel"],
            // PreTrans: Transfer (once a number is keyed), Send, Delete, Cancel.
            &["", "Send", "Delete", "Cancel"],
            // SemiAttendTrans: Transfer, Empty, Empty, Cancel.
            &["Transfer", "", "", "Cancel"],
            &["", "", "", "Cancel"],
            // Conferenced: Empty, Hold, Split, Cancel.
            &["", "Hold", "Split", "Cancel"],
        ],
    );
    for id in ["audiocodes-420hd", "audiocodes-430hd"] {
        check_further(
            id,
            [
                &["", "", "", "End"],
                &["", "", "New Call", "End"],
                &["Answer", "Reject", "", "End"],
                &["", "Send", "Delete", "Cancel"],
                &["Transfer", "Swap", "", "End"],
                &["", "", "", "End"],
                &["", "Hold", "Split", "End"],
            ],
        );
    }
    check_further("grandstream-ghp", [&[]; 7]);
}

#[test]
fn a_call_waiting_behind_any_connected_call_shows_answer_reject_and_end() {
    for (id, want) in [
        ("sayhi-6xx", ["Answer", "Reject", "", "End"]),
        ("yealink-cp860", ["Answer", "Reject", "", "Cancel"]),
        ("audiocodes-420hd", ["Answer", "Reject", "", "End"]),
        ("dinstar-c60s", ["Answer", "Reject", "", "Cancel"]),
    ] {
        let (mut rig, tag) = talking_with_bob(id);
        rig.receive(0, reinvite("b1", "bob", &tag, 2, "sendonly"));
        rig.receive(0, invite("c1", "alice", "carol", "Carol"));
        assert_eq!(rig.state(), CallState::HeldByRemote, "{id}");
        assert_eq!(rig.phone.view().soft_keys, want, "{id}");
    }
}
