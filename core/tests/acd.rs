//! The ACD key (Dinstar C60S §3.24, AudioCodes App. B): the agent logs in with one
//! `as-feature-event` subscription whose SUBSCRIBEs carry the state asked for; the key's
//! lamp and the idle screen follow, the server's NOTIFYs have the last word, and logging
//! out ends the subscription.

mod common;

use common::{accept_and_notify, account, invite, notify, subscribes, BodyText, Rig};
use deskphone_core::phone::acd::{AcdReason, AcdSettings, AgentState};
use deskphone_core::phone::dss::DssKey;
use deskphone_core::phone::view::{CallState, LampColor, LampPattern};
use deskphone_core::phone::Key;
use deskphone_core::profile;
use deskphone_core::sip::builder::Builder;
use deskphone_core::sip::message::Message;
use deskphone_core::time::Duration;

const EVENT: &str = "as-feature-event";
const CTYPE: &str = "application/x-as-feature-event+xml";

fn agent_rig(profile_id: &str) -> Rig {
    let profile = profile::by_id(profile_id).expect("a built-in profile");
    let mut rig = Rig::of(profile, vec![account("alice", "Alice")]);
    rig.phone
        .set_dss_keys(vec![DssKey::parse("acd").unwrap()])
        .unwrap();
    rig.phone
        .set_acd(AcdSettings {
            auto_ready: None,
            reasons: vec![
                AcdReason {
                    code: "1".into(),
                    name: "Lunch".into(),
                },
                AcdReason {
                    code: "2".into(),
                    name: "Meeting".into(),
                },
            ],
            ..AcdSettings::default()
        })
        .unwrap();
    rig.register(&[200]);
    rig.clear();
    rig
}

/// The state a SUBSCRIBE asks for, and its reason code.
fn asked(sub: &Message) -> (String, Option<String>) {
    let body = sub.body_text();
    let text = |tag: &str| {
        body.split(&format!("<{tag}>"))
            .nth(1)
            .and_then(|r| r.split('<').next())
            .map(str::to_string)
    };
    (
        text("agentState").unwrap_or_default(),
        text("agentStateUnavailableCode"),
    )
}

fn event(state: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\r\n<AgentStateEvent><device>alice</device><agentState>{state}</agentState></AgentStateEvent>\r\n"
    )
}

fn last_subscribe(rig: &Rig) -> Message {
    subscribes(rig, EVENT).pop().expect("an ACD SUBSCRIBE")
}

/// The server takes the login just sent and says the agent is `state`; the login's
/// SUBSCRIBE.
fn accepted(rig: &mut Rig, state: &str) -> Message {
    let login = last_subscribe(rig);
    accept_and_notify(rig, &login, EVENT, CTYPE, &event(state));
    login
}

/// Press the ACD key, go down to the row that starts with `row`, and choose it.
fn choose(rig: &mut Rig, row: &str) {
    rig.press(Key::Dss(0));
    assert_eq!(rig.phone.view().page, Some("acd"));
    for _ in 0..8 {
        let v = rig.phone.view();
        let at = v.highlight.expect("a cursor");
        if v.screen[at].starts_with(row) {
            rig.clear();
            rig.press(Key::Ok);
            return;
        }
        rig.press(Key::Down);
    }
    panic!("no row {row:?} on {:?}", rig.screen());
}

#[test]
fn the_acd_key_logs_in_ready_on_the_dinstar_and_the_lamp_goes_green() {
    let mut rig = agent_rig("dinstar-c60s");
    assert_eq!(rig.lamp("dss1"), (LampColor::Off, LampPattern::Off));
    rig.press(Key::Dss(0));
    let sub = last_subscribe(&rig);
    assert_eq!(sub.header("expires"), Some("1800"), "ACD Expire");
    assert_eq!(sub.header("content-type"), Some(CTYPE));
    assert!(
        sub.request_uri().unwrap().starts_with("sip:alice@"),
        "to the agent's own AOR"
    );
    assert_eq!(asked(&sub), ("available".to_string(), None));
    assert_eq!(rig.phone.agent_state(), AgentState::Ready);
    assert_eq!(rig.lamp("dss1"), (LampColor::Green, LampPattern::Steady));
    accept_and_notify(&mut rig, &sub, EVENT, CTYPE, &event("available"));
    rig.wait(4000);
    assert!(
        rig.screen().contains(&"ACD: Ready".to_string()),
        "{:?}",
        rig.screen()
    );
}

#[test]
fn an_audiocodes_agent_starts_not_ready_for_an_hour() {
    let mut rig = agent_rig("audiocodes-430hd");
    rig.press(Key::Dss(0));
    let sub = last_subscribe(&rig);
    assert_eq!(
        sub.header("expires"),
        Some("3600"),
        "voip/services/ACD/expire_time"
    );
    assert_eq!(asked(&sub).0, "unavailable", "state_after_login Not Ready");
    assert_eq!(rig.lamp("dss1"), (LampColor::Red, LampPattern::Steady));
}

#[test]
fn not_ready_with_a_reason_then_log_out_in_the_same_dialog() {
    let mut rig = agent_rig("dinstar-c60s");
    rig.press(Key::Dss(0));
    let login = accepted(&mut rig, "available");

    choose(&mut rig, "Not ready: Lunch");
    let sub = last_subscribe(&rig);
    assert_eq!(
        sub.call_id(),
        login.call_id(),
        "a refresh of the one subscription"
    );
    assert_eq!(asked(&sub), ("unavailable".into(), Some("1".into())));
    // The Dinstar's keys have one colour: not ready flashes slowly.
    assert_eq!(rig.lamp("dss1"), (LampColor::Green, LampPattern::SlowBlink));
    rig.wait(4000);
    assert!(
        rig.screen().contains(&"ACD: Not ready (Lunch)".to_string()),
        "{:?}",
        rig.screen()
    );

    choose(&mut rig, "Log out");
    let sub = last_subscribe(&rig);
    assert_eq!(sub.call_id(), login.call_id());
    assert_eq!(sub.header("expires"), Some("0"), "the subscription ends");
    assert_eq!(asked(&sub).0, "sign-out");
    assert_eq!(rig.phone.agent_state(), AgentState::LoggedOut);
    assert_eq!(rig.lamp("dss1"), (LampColor::Off, LampPattern::Off));
    rig.wait(4000);
    assert!(
        !rig.screen().iter().any(|r| r.starts_with("ACD")),
        "{:?}",
        rig.screen()
    );

    // Logged out, the key logs in again with a new subscription.
    rig.clear();
    rig.press(Key::Dss(0));
    assert_ne!(last_subscribe(&rig).call_id(), login.call_id());
}

#[test]
fn the_servers_notify_has_the_last_word() {
    let mut rig = agent_rig("dinstar-c60s");
    rig.press(Key::Dss(0));
    let login = last_subscribe(&rig);
    // The agent's desktop put them in after-call work.
    accept_and_notify(&mut rig, &login, EVENT, CTYPE, &event("wrap-up"));
    assert_eq!(rig.phone.agent_state(), AgentState::WrapUp);
    assert_eq!(rig.lamp("dss1"), (LampColor::Green, LampPattern::FastBlink));
    // And logged them out: the phone ends its subscription.
    notify(
        &mut rig,
        &login,
        EVENT,
        CTYPE,
        &event("sign-out"),
        "active;expires=3000",
    );
    assert_eq!(rig.phone.agent_state(), AgentState::LoggedOut);
    let bye = last_subscribe(&rig);
    assert_eq!(bye.header("expires"), Some("0"));
    assert_eq!(asked(&bye).0, "sign-out", "not the last state asked for");
    assert_eq!(rig.lamp("dss1"), (LampColor::Off, LampPattern::Off));
}

#[test]
fn a_refused_state_change_goes_back_to_the_state_the_server_said() {
    let mut rig = agent_rig("dinstar-c60s");
    rig.press(Key::Dss(0));
    accepted(&mut rig, "available");
    choose(&mut rig, "Not ready: Lunch");
    let change = last_subscribe(&rig);
    assert_eq!(rig.phone.agent_state(), AgentState::NotReady);
    let refused = Builder::response_to(&change, 403, "Forbidden", Some("srv"))
        .build()
        .unwrap();
    rig.receive(0, String::from_utf8(refused).unwrap());
    assert_eq!(
        rig.phone.agent_state(),
        AgentState::Ready,
        "still logged in"
    );
    assert_eq!(rig.lamp("dss1"), (LampColor::Green, LampPattern::Steady));
    assert!(
        rig.screen()
            .contains(&"ACD: Not ready refused (403)".to_string()),
        "{:?}",
        rig.screen()
    );
    // The subscription asks again later, for the state the server holds.
    rig.clear();
    rig.wait(31_000);
    let again = last_subscribe(&rig);
    assert_eq!(asked(&again), ("available".to_string(), None));
}

#[test]
fn logging_out_before_the_login_is_answered_ends_the_subscription_once_it_is() {
    let mut rig = agent_rig("dinstar-c60s");
    rig.press(Key::Dss(0));
    let login = last_subscribe(&rig);
    choose(&mut rig, "Log out");
    assert!(
        subscribes(&rig, EVENT).is_empty(),
        "no dialog to send it in yet"
    );
    assert_eq!(rig.phone.agent_state(), AgentState::LoggedOut);
    let ok = Builder::response_to(&login, 200, "OK", Some("srv"))
        .header("Expires", "1800")
        .header("Contact", "<sip:presence@127.0.0.1>")
        .build()
        .unwrap();
    rig.receive(0, String::from_utf8(ok).unwrap());
    let bye = last_subscribe(&rig);
    assert_eq!(bye.call_id(), login.call_id());
    assert!(
        bye.header("to").unwrap().contains("tag=srv"),
        "in the dialog"
    );
    assert_eq!(bye.header("expires"), Some("0"));
    assert_eq!(asked(&bye).0, "sign-out");
    assert_eq!(bye.request_uri(), Some("sip:presence@127.0.0.1".into()));
}

#[test]
fn another_lines_refused_subscriptions_leave_the_agent_logged_in() {
    let profile = profile::by_id("audiocodes-430hd").expect("a built-in profile");
    let mut rig = Rig::of(
        profile,
        vec![account("alice", "Alice"), account("frank", "Frank")],
    );
    rig.register(&[200, 200]);
    // Line 2's BLF keys: their subscription handles are counted on line 2, and one of
    // them has the same number as line 1's ACD subscription.
    let mut keys = vec![DssKey::parse("acd").unwrap()];
    for n in 0..4 {
        let mut k = DssKey::parse(&format!("blf:100{}", n + 2)).unwrap();
        k.line = 1;
        keys.push(k);
    }
    rig.phone.set_dss_keys(keys).unwrap();
    rig.press(Key::Dss(0));
    let login = last_subscribe(&rig);
    let blf: Vec<Message> = (rig.requests("SUBSCRIBE").into_iter())
        .filter(|(line, _)| *line == 1)
        .map(|(_, m)| m)
        .collect();
    accept_and_notify(&mut rig, &login, EVENT, CTYPE, &event("unavailable"));
    assert_eq!(blf.len(), 4, "line 2 subscribes for its keys");
    for sub in &blf {
        let refused = Builder::response_to(sub, 403, "Forbidden", Some("srv"))
            .build()
            .unwrap();
        rig.receive(1, String::from_utf8(refused).unwrap());
    }
    assert_eq!(rig.phone.agent_state(), AgentState::NotReady);
    assert_eq!(rig.lamp("dss1"), (LampColor::Red, LampPattern::Steady));
    assert!(
        !rig.logs
            .iter()
            .any(|l| l.starts_with("ACD: the server refused")),
        "{:?}",
        rig.logs
    );
}

#[test]
fn a_refused_login_says_so_and_stays_logged_out() {
    let mut rig = agent_rig("dinstar-c60s");
    rig.press(Key::Dss(0));
    let sub = last_subscribe(&rig);
    let refused = Builder::response_to(&sub, 403, "Forbidden", Some("srv"))
        .build()
        .unwrap();
    rig.receive(0, String::from_utf8(refused).unwrap());
    assert_eq!(rig.phone.agent_state(), AgentState::LoggedOut);
    assert_eq!(rig.lamp("dss1"), (LampColor::Off, LampPattern::Off));
    assert!(
        rig.screen().contains(&"ACD login failed (403)".to_string()),
        "{:?}",
        rig.screen()
    );
    // No retry behind the agent's back.
    rig.clear();
    rig.wait(60_000);
    assert!(subscribes(&rig, EVENT).is_empty());
}

#[test]
fn after_a_call_wrap_up_then_ready_again_when_the_auto_timer_runs_out() {
    let mut rig = agent_rig("dinstar-c60s");
    rig.phone
        .set_acd(AcdSettings {
            auto_ready: Some(Duration::secs(90)),
            reasons: vec![],
            ..AcdSettings::default()
        })
        .unwrap();
    rig.press(Key::Dss(0));
    accepted(&mut rig, "available");

    rig.receive(0, invite("acd1", "alice", "carol", "Carol"));
    rig.press_soft("Answer");
    assert_eq!(rig.state(), CallState::Talking);
    assert_eq!(rig.phone.agent_state(), AgentState::Ready);
    rig.clear();
    rig.press(Key::Cancel);
    assert_eq!(rig.state(), CallState::Idle);
    let wrap = last_subscribe(&rig);
    assert_eq!(asked(&wrap).0, "wrap-up");
    assert_eq!(rig.lamp("dss1"), (LampColor::Green, LampPattern::FastBlink));
    rig.reply(0, &wrap, 200, "srv", None);

    rig.clear();
    rig.wait(89_000);
    assert!(subscribes(&rig, EVENT).is_empty(), "not before the timer");
    rig.wait(1_500);
    assert_eq!(asked(&last_subscribe(&rig)).0, "available");
    assert_eq!(rig.lamp("dss1"), (LampColor::Green, LampPattern::Steady));
}

#[test]
fn acd_settings_beyond_the_manuals_ranges_change_nothing() {
    let mut rig = agent_rig("dinstar-c60s");
    let err = rig.phone.set_acd(AcdSettings {
        auto_ready: Some(Duration::secs(200)),
        reasons: vec![],
        ..AcdSettings::default()
    });
    assert!(err.is_err());
    rig.press(Key::Dss(0));
    rig.press(Key::Dss(0));
    assert_eq!(rig.phone.view().page, Some("acd"));
    rig.press(Key::Down);
    rig.press(Key::Down);
    let v = rig.phone.view();
    assert_eq!(
        v.screen[v.highlight.unwrap()],
        "Not ready: Lunch",
        "the reasons set before stay"
    );
}

/// An AudioCodes 420HD agent with the ACD on the idle soft keys (App. B.1): it has no
/// programmable key to put an ACD key on.
fn soft_key_agent(reasons: Vec<AcdReason>) -> Rig {
    let profile = profile::by_id("audiocodes-420hd").expect("a built-in profile");
    let mut rig = Rig::of(profile, vec![account("alice", "Alice")]);
    rig.phone
        .set_acd(AcdSettings {
            soft_keys: true,
            reasons,
            ..AcdSettings::default()
        })
        .unwrap();
    rig.register(&[200]);
    rig.clear();
    rig
}

#[test]
fn the_420hd_logs_in_on_its_idle_soft_keys_and_the_keys_follow_the_agent_state() {
    let mut rig = soft_key_agent(vec![]);
    assert_eq!(rig.phone.view().soft_keys, ["Missed", "", "Login", "More"]);
    rig.press_soft("More");
    assert_eq!(
        rig.soft_labels(),
        ["Directory", "DND", "More"],
        "the Command page"
    );
    rig.press_soft("More");

    rig.press_soft("Login");
    let login = last_subscribe(&rig);
    assert_eq!(
        asked(&login).0,
        "unavailable",
        "state_after_login Not Ready"
    );
    accept_and_notify(&mut rig, &login, EVENT, CTYPE, &event("unavailable"));
    assert_eq!(
        rig.phone.view().soft_keys,
        ["ACW", "Ready", "Logout", "More"]
    );

    let acd_rows = |rig: &Rig| rig.screen().iter().filter(|r| r.starts_with("ACD")).count();
    assert_eq!(acd_rows(&rig), 1, "one ACD row: {:?}", rig.screen());

    rig.clear();
    rig.press_soft("Ready");
    let ready = last_subscribe(&rig);
    assert_eq!(ready.call_id(), login.call_id(), "the same subscription");
    assert_eq!(asked(&ready).0, "available");
    rig.reply(0, &ready, 200, "srv", None);
    assert_eq!(
        rig.phone.view().soft_keys,
        ["ACW", "Not Ready", "Logout", "More"],
        "Not Ready takes Ready's place"
    );

    rig.clear();
    rig.press_soft("Not Ready");
    assert_eq!(asked(&last_subscribe(&rig)), ("unavailable".into(), None));

    rig.clear();
    rig.press_soft("Logout");
    let out = last_subscribe(&rig);
    assert_eq!(out.header("expires"), Some("0"));
    assert_eq!(asked(&out).0, "sign-out");
    assert_eq!(rig.phone.view().soft_keys, ["Missed", "", "Login", "More"]);
}

#[test]
fn a_logout_from_elsewhere_shows_the_login_page_of_the_soft_keys() {
    let mut rig = soft_key_agent(vec![]);
    rig.press_soft("Login");
    let login = accepted(&mut rig, "unavailable");
    rig.press_soft("More");
    assert_eq!(rig.soft_labels(), ["Missed", "DND", "More"]);
    // The agent's desktop logs them out while the second page is shown.
    notify(
        &mut rig,
        &login,
        EVENT,
        CTYPE,
        &event("sign-out"),
        "active;expires=3000",
    );
    assert_eq!(
        rig.phone.view().soft_keys,
        ["Missed", "", "Login", "More"],
        "the first page of the logged-out layout"
    );
}

#[test]
fn not_ready_on_a_soft_key_asks_for_the_reason_when_there_are_reasons() {
    let mut rig = soft_key_agent(vec![AcdReason {
        code: "7".into(),
        name: "Break".into(),
    }]);
    rig.press_soft("Login");
    accepted(&mut rig, "available");
    rig.press_soft("Not Ready");
    assert_eq!(rig.phone.view().page, Some("acd"));
    for _ in 0..4 {
        let v = rig.phone.view();
        if v.screen[v.highlight.unwrap()].starts_with("Not ready: Break") {
            break;
        }
        rig.press(Key::Down);
    }
    rig.clear();
    rig.press(Key::Ok);
    assert_eq!(
        asked(&last_subscribe(&rig)),
        ("unavailable".into(), Some("7".into()))
    );
}

#[test]
fn without_the_acd_setting_the_420hd_keeps_its_usual_idle_keys() {
    let profile = profile::by_id("audiocodes-420hd").expect("a built-in profile");
    let mut rig = Rig::of(profile, vec![account("alice", "Alice")]);
    rig.register(&[200]);
    assert_eq!(rig.soft_labels(), ["Directory", "Missed", "DND"]);
}

#[test]
fn login_on_a_signed_out_line_says_why_nothing_happens() {
    let mut rig = Rig::new(vec![account("alice", "Alice")]);
    rig.register(&[200]);
    rig.phone
        .set_dss_keys(vec![
            DssKey::parse("hot-desking").unwrap(),
            DssKey::parse("acd").unwrap(),
        ])
        .unwrap();
    rig.press(Key::Dss(0));
    rig.press_soft("Clear");
    rig.press_soft("Back");
    rig.clear();
    rig.press(Key::Dss(1));
    assert!(subscribes(&rig, EVENT).is_empty());
    assert_eq!(rig.phone.agent_state(), AgentState::LoggedOut);
    assert!(
        rig.screen()
            .contains(&"ACD: line 1 is signed out".to_string()),
        "{:?}",
        rig.screen()
    );
}

#[test]
fn acw_is_not_offered_during_wrap_up() {
    let mut rig = soft_key_agent(vec![]);
    rig.press_soft("Login");
    accepted(&mut rig, "wrap-up");
    assert_eq!(rig.phone.agent_state(), AgentState::WrapUp);
    let labels = rig.soft_labels();
    assert!(!labels.contains(&"ACW".to_string()), "{labels:?}");
    assert!(labels.contains(&"Ready".to_string()), "{labels:?}");
}

fn soft_key_agent_with(settings: AcdSettings) -> Rig {
    let profile = profile::by_id("audiocodes-420hd").expect("a built-in profile");
    let mut rig = Rig::of(profile, vec![account("alice", "Alice")]);
    rig.phone.set_acd(settings).unwrap();
    rig.register(&[200]);
    rig.clear();
    rig.press_soft("Login");
    accepted(&mut rig, "unavailable");
    rig
}

#[test]
fn a_genesys_agent_has_missed_calls_where_acw_would_be() {
    use deskphone_core::phone::acd::AcdServer;
    let rig = soft_key_agent_with(AcdSettings {
        soft_keys: true,
        server: AcdServer::Genesys,
        ..AcdSettings::default()
    });
    assert_eq!(
        rig.phone.view().soft_keys,
        ["Missed", "Ready", "Logout", "DND"]
    );
}

#[test]
fn with_the_acw_key_hidden_its_place_stays_blank() {
    let rig = soft_key_agent_with(AcdSettings {
        soft_keys: true,
        hide_acw: true,
        ..AcdSettings::default()
    });
    assert_eq!(rig.phone.view().soft_keys, ["", "Ready", "Logout", "More"]);
}

#[test]
fn a_refused_refresh_that_asked_no_change_says_nothing() {
    let mut rig = agent_rig("dinstar-c60s");
    rig.press(Key::Dss(0));
    accepted(&mut rig, "available");
    rig.clear();
    rig.wait(3_100_000); // past the refresh at 85 % of the hour granted
    let refresh = last_subscribe(&rig);
    let refused = Builder::response_to(&refresh, 500, "Server Error", Some("srv"))
        .build()
        .unwrap();
    rig.receive(0, String::from_utf8(refused).unwrap());
    assert_eq!(rig.phone.agent_state(), AgentState::Ready);
    assert!(
        !rig.screen().iter().any(|r| r.contains("refused")),
        "{:?}",
        rig.screen()
    );
}

#[test]
fn the_acd_page_of_a_genesys_agent_has_no_wrap_up() {
    use deskphone_core::phone::acd::AcdServer;
    let mut rig = agent_rig("dinstar-c60s");
    rig.phone
        .set_acd(AcdSettings {
            server: AcdServer::Genesys,
            ..AcdSettings::default()
        })
        .unwrap();
    rig.press(Key::Dss(0));
    rig.press(Key::Dss(0));
    assert_eq!(rig.phone.view().page, Some("acd"));
    let rows = rig.screen();
    assert!(rows.iter().any(|r| r.starts_with("Ready")), "{rows:?}");
    assert!(!rows.iter().any(|r| r.starts_with("Wrap-up")), "{rows:?}");
}
