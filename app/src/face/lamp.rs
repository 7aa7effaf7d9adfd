//! A lamp as the phone model lights it: colour and pattern from the view, the blinking done
//! by the style sheet.

use deskphone_core::phone::view::{LampColor, LampPattern, View};
use leptos::prelude::*;

/// The lamp named `key` in the view (`line1`, `mute`, `power`).
#[component]
pub fn Lamp(view: RwSignal<View>, key: String) -> impl IntoView {
    let name = StoredValue::new(key.clone());
    let lamp = move || {
        view.with(|v| {
            v.lamps
                .iter()
                .find(|l| name.with_value(|n| l.key == *n))
                .map(|l| (l.color, l.pattern))
                .unwrap_or((LampColor::Off, LampPattern::Off))
        })
    };
    let color = move || match lamp().0 {
        LampColor::Off => "off",
        LampColor::Green => "green",
        LampColor::Red => "red",
        LampColor::Blue => "blue",
    };
    let pattern = move || match lamp().1 {
        LampPattern::Off => "off",
        LampPattern::Steady => "steady",
        LampPattern::SlowBlink => "slow-blink",
        LampPattern::FastBlink => "fast-blink",
    };
    view! { <span class="lamp" data-lamp=key data-color=color data-pattern=pattern></span> }
}
