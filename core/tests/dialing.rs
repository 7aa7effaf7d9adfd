//! Entering a number: the send key (`#`), the inter-digit timeout of the profile (SayHi 6XX
//! "or wait 5 s"), Delete, and a profile that waits for Send (Yealink CP860).

mod common;

use common::{account, Rig};
use deskphone_core::phone::view::CallState;
use deskphone_core::phone::Key;
use deskphone_core::profile;

fn sayhi() -> Rig {
    let mut rig = Rig::new(vec![account("alice", "Alice")]);
    rig.register(&[200]);
    rig
}

fn keys(rig: &mut Rig, digits: &str) {
    for d in digits.chars() {
        rig.press(Key::Digit(d));
    }
}

fn invite_target(rig: &Rig) -> Option<String> {
    rig.requests("INVITE")
        .last()
        .and_then(|(_, m)| m.request_uri())
}

#[test]
fn five_seconds_after_the_last_digit_the_number_is_dialled() {
    let mut rig = sayhi();
    keys(&mut rig, "10");
    rig.wait(4_000);
    keys(&mut rig, "05"); // each key starts the wait again
    rig.wait(4_900);
    assert_eq!(rig.state(), CallState::Dialing);
    assert!(rig.requests("INVITE").is_empty());
    rig.wait(100);
    assert_eq!(rig.state(), CallState::Calling);
    let target = invite_target(&rig).expect("an INVITE");
    assert!(target.starts_with("sip:1005@"), "{target}");
}

#[test]
fn the_send_key_dials_at_once_and_is_not_part_of_the_number() {
    let mut rig = sayhi();
    keys(&mut rig, "1005#");
    assert_eq!(rig.state(), CallState::Calling);
    assert!(invite_target(&rig).unwrap().starts_with("sip:1005@"));
}

#[test]
fn deleting_every_digit_stops_the_wait() {
    let mut rig = sayhi();
    keys(&mut rig, "1");
    rig.press_soft("Delete");
    rig.wait(10_000);
    assert_eq!(rig.state(), CallState::Dialing);
    assert!(rig.requests("INVITE").is_empty());
}

#[test]
fn the_cp860_waits_for_send() {
    let mut rig = Rig::of(
        profile::by_id("yealink-cp860").unwrap(),
        vec![account("alice", "Alice")],
    );
    rig.register(&[200]);
    keys(&mut rig, "1005");
    rig.wait(60_000);
    assert_eq!(rig.state(), CallState::Dialing);
    rig.press_soft("Send");
    assert_eq!(rig.state(), CallState::Calling);
}

mod plans {
    use super::*;
    use deskphone_core::phone::dialplan::{
        AreaCode, DialPlan, DigitMap, GsDialPlan, PrefixRule, Replace, Rule,
    };

    fn with_plan(plan: DialPlan) -> Rig {
        let mut rig = sayhi();
        rig.phone.set_dial_plan(plan);
        rig
    }

    #[test]
    fn a_number_the_digit_map_calls_complete_is_dialled_without_send() {
        let mut rig = with_plan(DialPlan {
            digit_map: Some(
                DigitMap::parse("[2-9]11|0|011xxx.|[2-7]xxx").expect("the AudioCodes example"),
            ),
            ..DialPlan::default()
        });
        keys(&mut rig, "911");
        assert_eq!(rig.state(), CallState::Calling, "911 goes at once");
        assert!(invite_target(&rig).unwrap().starts_with("sip:911@"));
    }

    #[test]
    fn a_number_that_may_grow_waits_the_timeout() {
        let mut rig = with_plan(DialPlan {
            digit_map: Some(DigitMap::parse("0|011xxx.").unwrap()),
            ..DialPlan::default()
        });
        keys(&mut rig, "0");
        assert_eq!(rig.state(), CallState::Dialing, "011... could follow");
        rig.wait(5_000);
        assert_eq!(rig.state(), CallState::Calling);
    }

    #[test]
    fn a_blocked_number_is_not_dialled_and_the_screen_says_forbidden() {
        let mut rig = with_plan(DialPlan {
            block_out: vec![Rule::parse("1900.").unwrap()],
            ..DialPlan::default()
        });
        keys(&mut rig, "19005551212");
        rig.press(Key::Send);
        assert!(rig.requests("INVITE").is_empty());
        assert_eq!(rig.state(), CallState::Idle);
        assert_eq!(rig.screen()[1], "Forbidden Number");
    }

    #[test]
    fn replace_rules_and_the_area_code_change_the_number_dialled() {
        let plan = DialPlan {
            replace: vec![Replace {
                prefix: Rule::parse("001(xxx)45(xx)").unwrap(),
                replace: "9001$145$2".into(),
            }],
            area_code: Some(AreaCode {
                code: "010".into(),
                min_len: 7,
                max_len: 7,
            }),
            ..DialPlan::default()
        };
        let mut rig = with_plan(plan.clone());
        keys(&mut rig, "0012354599");
        rig.press(Key::Send);
        assert!(invite_target(&rig).unwrap().starts_with("sip:90012354599@"));
        let mut rig = with_plan(plan);
        keys(&mut rig, "5551234");
        rig.press(Key::Send);
        assert!(invite_target(&rig).unwrap().starts_with("sip:0105551234@"));
    }

    #[test]
    fn a_dial_now_number_goes_after_the_dial_now_delay() {
        let mut rig = with_plan(DialPlan {
            dial_now: vec![Rule::parse("52[0-6]").unwrap()],
            dial_now_delay: 1,
            ..DialPlan::default()
        });
        keys(&mut rig, "524");
        rig.wait(900);
        assert_eq!(rig.state(), CallState::Dialing);
        rig.wait(100);
        assert_eq!(rig.state(), CallState::Calling);
    }

    #[test]
    fn off_hook_the_hotline_dials_after_its_delay_unless_a_digit_comes_first() {
        let plan = DialPlan {
            hotline: Some("1003".into()),
            hotline_delay: 4,
            ..DialPlan::default()
        };
        let mut rig = with_plan(plan.clone());
        rig.press(Key::Speaker);
        rig.wait(3_900);
        assert_eq!(rig.state(), CallState::Dialing);
        rig.wait(100);
        assert!(invite_target(&rig).unwrap().starts_with("sip:1003@"));

        let mut rig = with_plan(plan);
        rig.press(Key::Speaker);
        keys(&mut rig, "2");
        rig.press_soft("Delete");
        rig.wait(10_000);
        assert!(
            rig.requests("INVITE").is_empty(),
            "a digit cancels the hotline"
        );
    }

    /// A GHP (no screen) with the Grandstream manual's US home-office plan.
    fn ghp_with_us_plan() -> Rig {
        let mut rig = Rig::of(
            profile::by_id("grandstream-ghp").unwrap(),
            vec![account("alice", "Alice")],
        );
        rig.register(&[200]);
        let plan = "{ ^1900x. | <=1617>[2-9]xxxxxx | 1[2-9]xx[2-9]xxxxxx | 011[2-9]x. | [3469]11 }";
        rig.phone.set_dial_plan(DialPlan {
            grandstream: Some(GsDialPlan::parse(plan).unwrap()),
            ..DialPlan::default()
        });
        rig
    }

    #[test]
    fn the_grandstream_plan_dials_numbers_that_cannot_grow_at_once_and_adds_the_area_code() {
        let mut rig = ghp_with_us_plan();
        keys(&mut rig, "12125551234");
        assert_eq!(rig.state(), CallState::Calling, "eleven digits go at once");
        assert!(invite_target(&rig).unwrap().starts_with("sip:12125551234@"));

        // 911 is complete, but the seven-digit rule could still take 911xxxx: it waits for
        // the send key or the timeout.
        let mut rig = ghp_with_us_plan();
        keys(&mut rig, "911");
        assert_eq!(rig.state(), CallState::Dialing);
        rig.press(Key::Send);
        assert!(invite_target(&rig).unwrap().starts_with("sip:911@"));

        let mut rig = ghp_with_us_plan();
        keys(&mut rig, "5551234");
        assert!(
            invite_target(&rig).unwrap().starts_with("sip:16175551234@"),
            "seven digits get 1617 in front, at once"
        );
    }

    #[test]
    fn the_grandstream_plan_refuses_what_it_does_not_let_through() {
        for number in ["19005551234", "1555"] {
            let mut rig = ghp_with_us_plan();
            keys(&mut rig, number);
            rig.press(Key::Send);
            assert!(rig.requests("INVITE").is_empty(), "{number}");
            assert_eq!(rig.state(), CallState::Idle, "{number}");
        }
        // International numbers of any length wait for the send key.
        let mut rig = ghp_with_us_plan();
        keys(&mut rig, "0114930123");
        assert_eq!(rig.state(), CallState::Dialing);
        rig.press(Key::Send);
        assert!(invite_target(&rig).unwrap().starts_with("sip:0114930123@"));
    }

    #[test]
    fn the_sayhi_prefix_table_inserts_deletes_and_dials_an_ip() {
        let mut rig = with_plan(DialPlan {
            prefix_rules: vec![
                PrefixRule::parse("prefix=88,delete=0:2,ip=192.0.2.7").unwrap(),
                PrefixRule::parse("prefix=9,insert=1:00,delete=0:1").unwrap(),
            ],
            ..DialPlan::default()
        });
        rig.dial("881003");
        assert_eq!(invite_target(&rig).as_deref(), Some("sip:1003@192.0.2.7"));
        let mut rig = with_plan(DialPlan {
            prefix_rules: vec![PrefixRule::parse("prefix=9,insert=1:00,delete=0:1").unwrap()],
            ..DialPlan::default()
        });
        rig.dial("91002");
        assert!(invite_target(&rig).unwrap().starts_with("sip:001002@"));
    }
}
