//! Hard keys: line keys with their lamps, the dial pad, Send and Cancel.

use deskphone_core::phone::view::{LampColor, LampPattern, View};
use deskphone_core::phone::Key;
use leptos::prelude::*;

/// The line keys beside the screen, each with its lamp as the phone model sets it.
#[component]
pub fn LineKeys(view: RwSignal<View>, press: impl Fn(Key) + Clone + 'static) -> impl IntoView {
    let lamp = move |key: &'static str| {
        move || {
            view.with(|v| {
                v.lamps
                    .iter()
                    .find(|l| l.key == key)
                    .map(|l| (l.color, l.pattern))
                    .unwrap_or((LampColor::Off, LampPattern::Off))
            })
        }
    };
    let line1 = lamp("line1");
    let color = move || match line1().0 {
        LampColor::Off => "off",
        LampColor::Green => "green",
        LampColor::Red => "red",
    };
    let pattern = move || match line1().1 {
        LampPattern::Off => "off",
        LampPattern::Steady => "steady",
        LampPattern::SlowBlink => "slow-blink",
        LampPattern::FastBlink => "fast-blink",
    };
    view! {
        <div class="line-keys">
            <button class="line-key" aria-label="Line 1" on:click=move |_| press(Key::Line(0))>
                <span class="lamp" data-lamp="line1" data-color=color data-pattern=pattern></span>
                <span class="line-key-label">{move || view.with(|v| v.line_label.clone())}</span>
            </button>
        </div>
    }
}

/// The dial pad with Send and Cancel.
#[component]
pub fn Keypad(press: impl Fn(Key) + Clone + 'static) -> impl IntoView {
    const KEYS: [(char, &str); 12] = [
        ('1', ""),
        ('2', "ABC"),
        ('3', "DEF"),
        ('4', "GHI"),
        ('5', "JKL"),
        ('6', "MNO"),
        ('7', "PQRS"),
        ('8', "TUV"),
        ('9', "WXYZ"),
        ('*', ""),
        ('0', "+"),
        ('#', ""),
    ];
    let send = press.clone();
    let cancel = press.clone();
    view! {
        <div class="keypad">
            <div class="call-keys">
                <button class="send-key" aria-label="Send" on:click=move |_| send(Key::Send)>"Send"</button>
                <button class="cancel-key" aria-label="Cancel" on:click=move |_| cancel(Key::Cancel)>"Cancel"</button>
            </div>
            <div class="digits">
                {KEYS
                    .iter()
                    .map(|&(d, letters)| {
                        let press = press.clone();
                        view! {
                            <button class="digit" aria-label=d.to_string() on:click=move |_| press(Key::Digit(d))>
                                <span class="digit-main">{d.to_string()}</span>
                                <span class="digit-letters">{letters}</span>
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </div>
    }
}
