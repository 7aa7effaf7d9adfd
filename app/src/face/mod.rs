//! The phone face: draws the core's [`View`](deskphone_core::phone::view::View) and turns
//! clicks, touches and keystrokes into [`Key`] presses. No phone logic lives here.

mod keypad;
mod screen;

use deskphone_core::phone::{Input, Key};
use leptos::ev;
use leptos::prelude::*;

use crate::config::PageConfig;
use crate::driver::Runtime;

/// The page: the phone face for the account in the URL, or a screen saying what is missing.
#[component]
pub fn App() -> impl IntoView {
    match PageConfig::from_page().and_then(Runtime::start) {
        Ok(rt) => view! { <Phone rt /> }.into_any(),
        Err(reason) => view! {
            <main class="setup-error" role="alert">
                <h1>"Deskphone"</h1>
                <p>{reason}</p>
            </main>
        }
        .into_any(),
    }
}

/// The face of the device.
#[component]
fn Phone(rt: Runtime) -> impl IntoView {
    let press = {
        let rt = rt.clone();
        move |key: Key| {
            rt.user_gesture();
            rt.input(Input::Key(key));
        }
    };
    // A computer keyboard works the keypad: digits, * and #, Enter = Send, Escape = Cancel,
    // F1-F4 = soft keys.
    let on_keydown = press.clone();
    let handle = window_event_listener(ev::keydown, move |e| {
        if let Some(key) = key_for(&e.key()) {
            e.prevent_default();
            on_keydown(key);
        }
    });
    on_cleanup(move || handle.remove());

    let view = rt.view;
    let meters = rt.meters;
    let state = move || view.with(|v| v.state.name());
    view! {
        <main class="phone" data-state=state aria-label="Deskphone">
            <div class="upper">
                <screen::Screen view />
                <screen::SoftKeys view press=press.clone() />
            </div>
            <keypad::LineKeys view press=press.clone() />
            <keypad::Keypad press=press.clone() />
            <output
                class="meters"
                aria-label="Audio meters"
                data-rx-freq=move || format!("{:.0}", meters.get().rx_freq)
                data-rx-rms=move || format!("{:.4}", meters.get().rx_rms)
                data-tx-freq=move || format!("{:.0}", meters.get().tx_freq)
                data-tx-rms=move || format!("{:.4}", meters.get().tx_rms)
            >
                <meter min="0" max="0.5" value=move || meters.get().rx_rms title="Received level"></meter>
                <meter min="0" max="0.5" value=move || meters.get().tx_rms title="Sent level"></meter>
            </output>
        </main>
    }
}

/// The phone key for a computer key name (`KeyboardEvent.key`): digits, `*` and `#`,
/// Enter = Send, Escape = Cancel, F1-F4 = soft keys.
pub fn key_for(name: &str) -> Option<Key> {
    Some(match name {
        "Enter" => Key::Send,
        "Escape" => Key::Cancel,
        "F1" => Key::Soft(0),
        "F2" => Key::Soft(1),
        "F3" => Key::Soft(2),
        "F4" => Key::Soft(3),
        k if k.len() == 1 && matches!(k.as_bytes()[0], b'0'..=b'9' | b'*' | b'#') => {
            Key::Digit(k.chars().next()?)
        }
        _ => return None,
    })
}
