//! The face in headless Chromium.
#![cfg(target_arch = "wasm32")]

use deskphone_app::face::{key_for, App};
use deskphone_core::phone::Key;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_page_without_an_account_says_how_to_give_one() {
    // The test page has no ?user=...: the face must explain instead of starting a phone.
    leptos::mount::mount_to_body(App);
    let document = web_sys::window().unwrap().document().unwrap();
    let alert = document
        .query_selector("[role=alert]")
        .unwrap()
        .expect("an alert is shown");
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
