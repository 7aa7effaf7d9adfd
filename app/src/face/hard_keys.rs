//! The device's fixed-function keys, as its profile lists them: the navigation cluster
//! (arrows around OK) and the feature keys (Hold, Mute, Message, volume...). A key the
//! phone has no behaviour for yet is drawn, as on the device, but disabled.

use deskphone_core::phone::Key;
use deskphone_core::profile::{HardKey, Profile};
use leptos::prelude::*;

/// The keys of the navigation cluster, in the order the grid places them.
const NAVIGATION: [HardKey; 6] = [
    HardKey::Up,
    HardKey::Left,
    HardKey::Ok,
    HardKey::Right,
    HardKey::Down,
    HardKey::Cancel,
];

/// The kebab-case name of a key (`volume-up`), for `data-key` and the style sheet.
fn key_name(key: HardKey) -> String {
    key.label().to_ascii_lowercase().replace(' ', "-")
}

fn hard_key(key: HardKey, press: impl Fn(Key) + Clone + 'static) -> impl IntoView {
    let action = key.key();
    let symbol = match key {
        HardKey::Up => "▲",
        HardKey::Down => "▼",
        HardKey::Left => "◀",
        HardKey::Right => "▶",
        HardKey::VolumeUp => "+",
        HardKey::VolumeDown => "−",
        HardKey::Cancel => "✕",
        other => other.label(),
    };
    view! {
        <button
            class="hard-key"
            data-key=key_name(key)
            aria-label=key.label()
            disabled=action.is_none()
            on:click=move |_| {
                if let Some(k) = action {
                    press(k)
                }
            }
        >
            {symbol}
        </button>
    }
}

/// The navigation cluster and the feature keys of `profile`.
#[component]
pub fn HardKeys(profile: std::rc::Rc<Profile>, press: impl Fn(Key) + Clone + 'static) -> impl IntoView {
    let nav: Vec<HardKey> = NAVIGATION.into_iter().filter(|k| profile.has(*k)).collect();
    let features: Vec<HardKey> = profile
        .keys
        .hard
        .iter()
        .copied()
        .filter(|k| !NAVIGATION.contains(k))
        .collect();
    let nav_press = press.clone();
    view! {
        <div class="hard-keys">
            {(!nav.is_empty()).then(|| view! {
                <div class="navigation" role="group" aria-label="Navigation">
                    {nav.into_iter().map(|k| hard_key(k, nav_press.clone())).collect_view()}
                </div>
            })}
            <div class="feature-keys" role="group" aria-label="Feature keys">
                {features.into_iter().map(|k| hard_key(k, press.clone())).collect_view()}
            </div>
        </div>
    }
}
