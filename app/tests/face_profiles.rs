//! The face component of every device profile, mounted in headless Chromium over a phone
//! model of its own (no server): the DOM must draw what the model says, and the face's
//! buttons must drive the model as the device's keys would.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use deskphone_app::driver::media::Meters;
use deskphone_app::face::Face;
use deskphone_core::phone::dss::DssKey;
use deskphone_core::phone::view::{CallState, LampPattern, Sound, View};
use deskphone_core::phone::{Input, MediaCommand, MediaEvent, Output, Phone, SoftAction};
use deskphone_core::profile::{self, HardKey, LampTrigger, Profile};
use deskphone_core::sip::account::{Account, Transport};
use deskphone_core::sip::builder::Builder;
use deskphone_core::sip::message::Message;
use deskphone_core::time::Instant;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A minimal SDP for the media side's answers and the far end's offers.
const SDP: &str = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n\
                   m=audio 4000 RTP/AVP 0\r\na=sendrecv\r\n";

/// A core phone of one profile, its view in a signal the face draws.
#[derive(Clone)]
struct Bench {
    phone: Rc<RefCell<Phone>>,
    view: RwSignal<View>,
}

impl Bench {
    fn new(profile: Profile) -> Bench {
        let account = Account::new("alice", "alicepw", "example.com", Transport::Wss);
        let phone = Phone::build(profile, vec![account], 7, Instant(0)).expect("a valid phone");
        let view = RwSignal::new(phone.view());
        Bench {
            phone: Rc::new(RefCell::new(phone)),
            view,
        }
    }

    /// Feed one input and carry out the outputs a browser would: media answers at once,
    /// the view redrawn. The far end accepts every re-INVITE (hold, resume); anything else
    /// sent is dropped.
    fn input(&self, input: Input) {
        let mut phone = self.phone.borrow_mut();
        phone.handle_input(Instant(1_000), input);
        loop {
            match phone.poll_output() {
                Output::Send { line, bytes } => {
                    let Ok(sent) = Message::parse(&bytes) else {
                        continue;
                    };
                    if sent.method().as_deref() == Some("INVITE") {
                        let ok = Builder::response_to(&sent, 200, "OK", Some("far"))
                            .header("Contact", "<sip:1002@10.0.0.9>")
                            .body("application/sdp", SDP.as_bytes())
                            .build()
                            .unwrap();
                        phone.handle_input(Instant(1_000), Input::Received { line, bytes: ok });
                    }
                }
                Output::Media(MediaCommand::Renegotiate { call, .. }) => phone.handle_input(
                    Instant(1_000),
                    Input::Media(MediaEvent::LocalDescription {
                        call,
                        sdp: SDP.into(),
                    }),
                ),
                Output::Media(
                    MediaCommand::CreateOffer { call } | MediaCommand::CreateAnswer { call, .. },
                ) => phone.handle_input(
                    Instant(1_000),
                    Input::Media(MediaEvent::LocalDescription {
                        call,
                        sdp: SDP.into(),
                    }),
                ),
                Output::ViewChanged => self.view.set(phone.view()),
                Output::Timeout(_) => break,
                _ => {}
            }
        }
    }

    fn mount(&self) -> impl Sized {
        let profile = Rc::new(self.phone.borrow().profile().clone());
        let view = self.view;
        let bench = self.clone();
        leptos::mount::mount_to(document().body().unwrap(), move || {
            let bench = bench.clone();
            view! {
                <Face
                    profile=profile.clone()
                    view
                    meters=RwSignal::new(Meters::default())
                    sound_blocked=RwSignal::new(false)
                    press=move |k| bench.input(Input::Key(k))
                    gesture=|| ()
                />
            }
        })
    }
}

/// An INVITE from Bob (extension 1002) to alice.
fn invite() -> Vec<u8> {
    invite_from("face-1", "Bob", "1002")
}

/// An INVITE to alice from `name` at extension `ext`, Call-ID `call_id`.
fn invite_from(call_id: &str, name: &str, ext: &str) -> Vec<u8> {
    format!(
        "INVITE sip:alice@h.invalid;transport=ws SIP/2.0\r\n\
         Via: SIP/2.0/WSS proxy.example.com;branch=z9hG4bK{call_id}\r\nMax-Forwards: 70\r\n\
         From: \"{name}\" <sip:{ext}@example.com>;tag=t{call_id}\r\nTo: <sip:alice@example.com>\r\n\
         Call-ID: {call_id}\r\nCSeq: 1 INVITE\r\nContact: <sip:{ext}@10.0.0.9>\r\n\
         Content-Type: application/sdp\r\nContent-Length: {}\r\n\r\n{SDP}",
        SDP.len()
    )
    .into_bytes()
}

/// Let Leptos run its effects (DOM updates are scheduled, not synchronous).
async fn settle() {
    gloo::timers::future::TimeoutFuture::new(0).await;
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn all(selector: &str) -> Vec<Element> {
    let list = document().query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

fn one(selector: &str) -> Element {
    document()
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
}

fn click(selector: &str) {
    one(selector).dyn_into::<HtmlElement>().unwrap().click();
}

fn text(e: &Element) -> String {
    e.text_content().unwrap_or_default()
}

fn attr(e: &Element, name: &str) -> String {
    e.get_attribute(name).unwrap_or_default()
}

/// The face says the phone is in `state` (`data-state`).
fn assert_state(profile: &Profile, state: &str) {
    assert_eq!(
        attr(&one("main.phone"), "data-state"),
        state,
        "{}",
        profile.id
    );
}

/// The face draws the view: screen rows, soft-key labels, and every lamp's colour and
/// pattern.
fn assert_face_draws(bench: &Bench, profile: &Profile, moment: &str) {
    let v = bench.view.get_untracked();
    let face = one("main.phone");
    assert_eq!(
        attr(&face, "data-state"),
        v.state.name(),
        "{} {moment}",
        profile.id
    );
    if profile.display.is_some() {
        let rows: Vec<String> = all(".lcd .line").iter().map(text).collect();
        assert_eq!(rows, v.screen, "{} {moment}: screen rows", profile.id);
        let labels: Vec<String> = all(".soft-label").iter().map(text).collect();
        let mut expected = v.soft_keys.clone();
        expected.resize(profile.keys.soft, String::new());
        assert_eq!(labels, expected, "{} {moment}: soft-key labels", profile.id);
    } else {
        assert!(all(".lcd").is_empty(), "{}: no screen is drawn", profile.id);
    }
    for lamp in &v.lamps {
        let drawn = all(&format!("[data-lamp='{}']", lamp.key));
        assert!(
            !drawn.is_empty(),
            "{} {moment}: lamp {} drawn",
            profile.id,
            lamp.key
        );
        for e in drawn {
            let pattern = match lamp.pattern {
                LampPattern::Off => "off",
                LampPattern::Steady => "steady",
                LampPattern::SlowBlink => "slow-blink",
                LampPattern::FastBlink => "fast-blink",
            };
            assert_eq!(
                attr(&e, "data-pattern"),
                pattern,
                "{} {moment}: {}",
                profile.id,
                lamp.key
            );
        }
    }
}

/// The key a user takes a ringing call with: the Answer soft key where the device shows
/// one, else the hands-free key.
fn answer(profile: &Profile) -> String {
    let soft = profile.soft_keys.of(CallState::Ringing);
    match soft.iter().position(|a| *a == SoftAction::Answer) {
        Some(i) if i < profile.keys.soft => format!(".soft-key[data-soft='{i}']"),
        _ => {
            assert!(profile.has(HardKey::Speaker), "{} can answer", profile.id);
            ".hard-key[data-key='speaker']".into()
        }
    }
}

#[wasm_bindgen_test]
async fn every_profile_face_draws_the_model_and_its_keys_drive_it() {
    for profile in profile::builtin() {
        let bench = Bench::new(profile.clone());
        let mounted = bench.mount();
        settle().await;

        let face = one("main.phone");
        assert_eq!(attr(&face, "data-profile"), profile.id);
        // One line key per configured account (one here); the unused ones are DSS keys.
        assert_eq!(
            all(".line-key").len(),
            profile.keys.line.min(1),
            "{}",
            profile.id
        );
        assert_eq!(all(".soft-key").len(), profile.keys.soft, "{}", profile.id);
        assert_eq!(all(".digit").len(), 12, "{}", profile.id);
        // Every control has an accessible name (its aria-label, or its text).
        for button in all("main.phone button") {
            assert!(
                !(attr(&button, "aria-label") + &text(&button))
                    .trim()
                    .is_empty(),
                "{}: a button without a name: {}",
                profile.id,
                button.outer_html()
            );
        }
        assert_face_draws(&bench, &profile, "idle");

        // Digits clicked on the keypad are on the screen; Cancel clears them.
        for d in ['1', '0', '0', '2'] {
            click(&format!(".digit[aria-label='{d}']"));
        }
        settle().await;
        assert_state(&profile, "dialing");
        if profile.display.is_some() {
            let screen = text(&one(".lcd .lines"));
            assert!(screen.contains("1002"), "{}: {screen}", profile.id);
        }
        assert_face_draws(&bench, &profile, "dialing");
        click(".cancel-key");
        settle().await;
        assert_state(&profile, "idle");

        // A call rings: the ringer sounds, and a lamp blinks where the device has one for it
        // (a line key, or a ringer LED; the GHP hotel phone only rings).
        bench.input(Input::Received {
            line: 0,
            bytes: invite(),
        });
        settle().await;
        assert_state(&profile, "ringing");
        assert_eq!(
            bench.view.get_untracked().sound,
            Sound::Ring(1),
            "{}",
            profile.id
        );
        assert_face_draws(&bench, &profile, "ringing");
        let blinking = all("[data-lamp]")
            .iter()
            .filter(|e| attr(e, "data-pattern").ends_with("blink"))
            .count();
        let has_ringing_lamp = profile.keys.line > 0
            || (profile.status_lamps.iter())
                .any(|l| l.when.iter().any(|r| r.state == LampTrigger::Ringing));
        assert_eq!(
            blinking > 0,
            has_ringing_lamp,
            "{}: a lamp blinks while ringing",
            profile.id
        );
        if profile.display.is_some() {
            let screen = text(&one(".lcd .lines"));
            assert!(screen.contains("Bob"), "{}: {screen}", profile.id);
        }

        // The user answers with the device's own key; then holds with Hold.
        click(&answer(&profile));
        settle().await;
        assert_state(&profile, "talking");
        assert_face_draws(&bench, &profile, "talking");
        if profile.has(HardKey::Hold) {
            click(".hard-key[data-key='hold']");
            settle().await;
            assert_state(&profile, "held");
            assert_face_draws(&bench, &profile, "held");
        }
        drop(mounted);
        settle().await;
        assert!(all("main.phone").is_empty(), "the face unmounts");
    }
}

#[wasm_bindgen_test]
async fn expansion_module_keys_are_drawn_on_their_own_modules() {
    let profile = profile::by_id("sayhi-6xx").unwrap();
    let bench = Bench::new(profile.clone());
    let capacity = bench.phone.borrow().dss_capacity();
    let x = profile.expansion.expect("the SayHi takes ESM32 modules");
    let on_phone = capacity - x.modules * x.keys;
    // Keys for the phone and one and a half modules.
    let count = on_phone + x.keys + x.keys / 2;
    let keys = (0..count)
        .map(|n| DssKey::parse(&format!("speed:{}:K{}", 2000 + n, n + 1)).unwrap())
        .collect();
    bench.phone.borrow_mut().set_dss_keys(keys).unwrap();
    bench.view.set(bench.phone.borrow().view());
    let mounted = bench.mount();
    settle().await;

    assert_eq!(all("main.phone .dss-key").len(), on_phone);
    let modules = all(".expansion-module");
    assert_eq!(modules.len(), 2, "two modules carry keys");
    assert_eq!(all("[data-module='1'] .dss-key").len(), x.keys);
    assert_eq!(all("[data-module='2'] .dss-key").len(), x.keys / 2);
    // The first key of module 2 is the key after module 1's last.
    let first = one("[data-module='2'] .dss-key");
    assert_eq!(attr(&first, "data-dss"), (on_phone + x.keys).to_string());
    assert_eq!(
        attr(&first, "aria-label"),
        format!("K{}", on_phone + x.keys + 1)
    );
    // Its key dials its number (the bench's far end answers at once).
    first.dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
    assert_state(&profile, "talking");
    assert!(text(&one(".lcd .lines")).contains(&(2000 + on_phone + x.keys).to_string()));
    drop(mounted);
}

/// Press what the user presses for `action`: the soft key showing its label, paging with
/// More until it shows; `false` if the device never shows it.
async fn click_soft(bench: &Bench, profile: &Profile, action: SoftAction) -> bool {
    let label = profile.label(action).to_string();
    for _ in 0..4 {
        let labels = bench.view.get_untracked().soft_keys;
        if let Some(i) = labels.iter().position(|l| *l == label) {
            click(&format!(".soft-key[data-soft='{i}']"));
            settle().await;
            return true;
        }
        match labels.iter().position(|l| l == "More") {
            Some(i) => click(&format!(".soft-key[data-soft='{i}']")),
            None => return false,
        }
        settle().await;
    }
    false
}

/// The device's own key for a hard-key action, else its soft key.
async fn press_key_or_soft(bench: &Bench, profile: &Profile, hard: HardKey, soft: SoftAction) {
    if profile.has(hard) {
        let name = hard.label().to_ascii_lowercase().replace(' ', "-");
        click(&format!(".hard-key[data-key='{name}']"));
        settle().await;
    } else {
        assert!(
            click_soft(bench, profile, soft).await,
            "{}: no {soft:?} key",
            profile.id
        );
    }
}

#[wasm_bindgen_test]
async fn a_conference_and_the_menus_are_drawn_on_every_face_with_a_screen() {
    for profile in profile::builtin()
        .into_iter()
        .filter(|p| p.display.is_some())
    {
        let bench = Bench::new(profile.clone());
        let mounted = bench.mount();
        settle().await;

        // The menus: Menu (key or soft key), down one row, back to idle.
        press_key_or_soft(&bench, &profile, HardKey::Menu, SoftAction::Menu).await;
        assert_state(&profile, "menu");
        assert_face_draws(&bench, &profile, "menu");
        let first = bench.view.get_untracked().highlight;
        click(".hard-key[data-key='down']");
        settle().await;
        assert_ne!(
            bench.view.get_untracked().highlight,
            first,
            "{}",
            profile.id
        );
        assert_face_draws(&bench, &profile, "menu, one row down");
        let lit: Vec<String> = all(".lcd .line[aria-selected='true']")
            .iter()
            .map(text)
            .collect();
        let v = bench.view.get_untracked();
        assert_eq!(
            lit,
            [v.screen[v.highlight.unwrap()].clone()],
            "{}",
            profile.id
        );
        click(".cancel-key");
        settle().await;
        if bench.view.get_untracked().page.is_some() {
            click(".cancel-key");
            settle().await;
        }
        assert_state(&profile, "idle");

        // Bob's call answered, Carol's too (Bob held), then Conference joins them.
        bench.input(Input::Received {
            line: 0,
            bytes: invite_from("conf-b", "Bob", "1002"),
        });
        bench.input(Input::Key(deskphone_core::phone::Key::OffHook));
        bench.input(Input::Received {
            line: 0,
            bytes: invite_from("conf-c", "Carol", "1003"),
        });
        bench.input(Input::Key(deskphone_core::phone::Key::Flash));
        settle().await;
        assert_state(&profile, "talking");
        press_key_or_soft(
            &bench,
            &profile,
            HardKey::Conference,
            SoftAction::Conference,
        )
        .await;
        assert_state(&profile, "conference");
        assert_face_draws(&bench, &profile, "conference");
        assert_eq!(
            bench.view.get_untracked().conference.len(),
            2,
            "{}",
            profile.id
        );
        drop(mounted);
        settle().await;
    }
}

/// Dispatch a `keydown` of `key` (a `KeyboardEvent.key` name) on the window.
fn type_key(key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    let e = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    web_sys::window().unwrap().dispatch_event(&e).unwrap();
}

#[wasm_bindgen_test]
async fn a_computer_keyboard_dials_sends_and_cancels_on_the_mounted_face() {
    let profile = profile::by_id("sayhi-6xx").unwrap();
    let bench = Bench::new(profile.clone());
    let mounted = bench.mount();
    settle().await;
    for k in ["1", "0", "0", "5"] {
        type_key(k);
    }
    settle().await;
    assert_state(&profile, "dialing");
    assert!(text(&one(".lcd .lines")).contains("1005"));
    type_key("Escape");
    settle().await;
    assert_state(&profile, "idle");
    type_key("F2"); // the second soft key at idle: the directory
    settle().await;
    assert_state(&profile, "menu");
    type_key("ArrowDown");
    settle().await;
    assert_eq!(bench.view.get_untracked().highlight, Some(2));
    type_key("Escape");
    type_key("Escape");
    for k in ["1", "0", "0", "2", "Enter"] {
        type_key(k);
    }
    settle().await;
    assert_state(&profile, "talking"); // the bench's far end answers at once
    assert!(text(&one(".lcd .lines")).contains("1002"));
    drop(mounted);
}

/// A touch on `e`: pointer down and, after `held_ms`, up and the click a tap makes.
async fn touch(e: &Element, held_ms: u32) {
    let init = web_sys::PointerEventInit::new();
    init.set_pointer_type("touch");
    init.set_bubbles(true);
    let down = web_sys::PointerEvent::new_with_event_init_dict("pointerdown", &init).unwrap();
    e.dispatch_event(&down).unwrap();
    gloo::timers::future::TimeoutFuture::new(held_ms).await;
    let up = web_sys::PointerEvent::new_with_event_init_dict("pointerup", &init).unwrap();
    e.dispatch_event(&up).unwrap();
    e.clone().dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
}

#[wasm_bindgen_test]
async fn a_tap_is_a_digit_and_a_touch_held_down_is_the_keys_speed_dial() {
    let profile = profile::by_id("audiocodes-420hd").unwrap();
    let bench = Bench::new(profile.clone());
    bench
        .phone
        .borrow_mut()
        .set_speed_dials(vec![('2', "1003".into())])
        .unwrap();
    let mounted = bench.mount();
    settle().await;
    touch(&one(".digit[aria-label='5']"), 50).await;
    assert_state(&profile, "dialing");
    assert!(text(&one(".lcd .lines")).contains('5'));
    click(".cancel-key");
    settle().await;
    touch(&one(".digit[aria-label='2']"), 1_000).await;
    assert_state(&profile, "talking");
    let screen = text(&one(".lcd .lines"));
    assert!(screen.contains("1003"), "{screen}");
    assert!(
        !screen.contains("21003"),
        "the held key's click is no digit: {screen}"
    );
    drop(mounted);
}
