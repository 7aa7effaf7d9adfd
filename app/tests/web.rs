//! The face in headless Chromium.
#![cfg(target_arch = "wasm32")]

use deskphone_app::face::{key_for, App};
use deskphone_core::phone::Key;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Wait `ms` milliseconds (the page starts once its storage is open).
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[wasm_bindgen_test]
async fn a_page_without_an_account_says_how_to_give_one() {
    // The test page has no ?user=...: the face must explain instead of starting a phone.
    leptos::mount::mount_to_body(App);
    let document = web_sys::window().unwrap().document().unwrap();
    let mut alert = None;
    for _ in 0..50 {
        alert = document.query_selector("[role=alert]").unwrap();
        if alert.is_some() {
            break;
        }
        sleep(100).await;
    }
    let alert = alert.expect("an alert is shown");
    let text = alert.text_content().unwrap();
    assert!(text.contains("?user=NAME&pass=PASSWORD"), "{text}");
    assert!(
        document.query_selector("main.phone").unwrap().is_none(),
        "no phone face without an account"
    );
}

#[wasm_bindgen_test]
fn keyboard_keys_drive_the_keypad() {
    assert_eq!(key_for("5"), Some(Key::Digit('5')));
    assert_eq!(key_for("Enter"), Some(Key::Send));
    assert_eq!(key_for("Escape"), Some(Key::Cancel));
    assert_eq!(key_for("F1"), Some(Key::Soft(0)));
    assert_eq!(key_for("ArrowDown"), Some(Key::Down));
    assert_eq!(key_for("ArrowLeft"), Some(Key::Left));
    assert_eq!(key_for("x"), None);
}
