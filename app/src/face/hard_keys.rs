//! The device's fixed-function keys, as its profile lists them: the navigation cluster
//! (arrows around OK) and the feature keys (Hold, Mute, Message, volume...). A key the
//! phone has no behaviour for yet is drawn, as on the device, but disabled.

use deskphone_core::phone::view::View;
use deskphone_core::phone::Key;
use deskphone_core::profile::{HardKey, Profile};
use leptos::prelude::*;

use super::lamp::Lamp;

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

/// One key; it carries the status lamp of the same name if the profile has one (Mute).
fn hard_key(
    key: HardKey,
    lamps: &[String],
    view: RwSignal<View>,
    press: impl Fn(Key) + Clone + 'static,
) -> impl IntoView {
    let action = key.key();
    let name = key_name(key);
    let lamp = lamps
        .contains(&name)
        .then(|| view! { <Lamp view key=name.clone() /> });
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
            data-key=name.clone()
            aria-label=key.label()
            disabled=action.is_none()
            on:click=move |_| {
                if let Some(k) = action {
                    press(k)
                }
            }
        >
            {lamp}
            <span class="hard-key-label">{symbol}</span>
        </button>
    }
}

/// The navigation cluster and the feature keys of `profile`, and its status lamps that are
/// not on a key (a power lamp) in a row of their own.
#[component]
pub fn HardKeys(
    profile: std::rc::Rc<Profile>,
    view: RwSignal<View>,
    press: impl Fn(Key) + Clone + 'static,
) -> impl IntoView {
    let lamps: Vec<String> = profile.status_lamps.iter().map(|l| l.key.clone()).collect();
    let on_keys: Vec<String> = profile.keys.hard.iter().map(|k| key_name(*k)).collect();
    let free: Vec<(String, String)> = profile
        .status_lamps
        .iter()
        .filter(|l| !on_keys.contains(&l.key))
        .map(|l| (l.key.clone(), l.label.clone()))
        .collect();
    let nav: Vec<HardKey> = NAVIGATION.into_iter().filter(|k| profile.has(*k)).collect();
    let features: Vec<HardKey> = profile
        .keys
        .hard
        .iter()
        .copied()
        .filter(|k| !NAVIGATION.contains(k))
        .collect();
    let nav_press = press.clone();
    let nav_lamps = lamps.clone();
    view! {
        <div class="hard-keys">
            {(!free.is_empty()).then(|| view! {
                <div class="status-lamps">
                    {free.into_iter().map(|(key, label)| view! {
                        <span class="status-lamp" role="img" aria-label=label.clone() title=label>
                            <Lamp view key />
                        </span>
                    }).collect_view()}
                </div>
            })}
            {(!nav.is_empty()).then(|| view! {
                <div class="navigation" role="group" aria-label="Navigation">
                    {nav.into_iter().map(|k| hard_key(k, &nav_lamps, view, nav_press.clone())).collect_view()}
                </div>
            })}
            <div class="feature-keys" role="group" aria-label="Feature keys">
                {features.into_iter().map(|k| hard_key(k, &lamps, view, press.clone())).collect_view()}
            </div>
        </div>
    }
}
