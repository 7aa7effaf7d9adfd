//! The LCD: status bar, screen lines and the soft-key labels under it.

use deskphone_core::phone::view::{LineStatus, View};
use deskphone_core::phone::Key;
use leptos::prelude::*;

/// The screen of the device.
#[component]
pub fn Screen(view: RwSignal<View>) -> impl IntoView {
    let status = move || {
        view.with(|v| match v.line_status {
            LineStatus::Registered => "registered",
            LineStatus::Registering => "registering",
            LineStatus::Failed => "failed",
            LineStatus::Off => "off",
        })
    };
    view! {
        <section class="lcd" aria-label="Screen" aria-live="polite">
            <header class="status-bar">
                <span class="reg-icon" data-status=status title=move || view.with(|v| v.line_detail.clone())></span>
                <span class="line-label">{move || view.with(|v| v.line_label.clone())}</span>
            </header>
            <div class="lines">
                <For
                    each=move || view.with(|v| v.lines.clone().into_iter().enumerate().collect::<Vec<_>>())
                    key=|(i, text)| (*i, text.clone())
                    children=move |(i, text)| view! { <p class="line" data-row=i>{text}</p> }
                />
            </div>
            <footer class="soft-labels">
                {(0..4)
                    .map(|i| {
                        view! {
                            <span class="soft-label">
                                {move || view.with(|v| v.soft_keys.get(i).cloned().unwrap_or_default())}
                            </span>
                        }
                    })
                    .collect_view()}
            </footer>
        </section>
    }
}

/// The four soft keys under the screen; each is named by the label the screen gives it.
#[component]
pub fn SoftKeys(view: RwSignal<View>, press: impl Fn(Key) + Clone + 'static) -> impl IntoView {
    view! {
        <div class="soft-keys">
            {(0..4)
                .map(|i| {
                    let press = press.clone();
                    let label = move || view.with(|v| v.soft_keys.get(i).cloned().unwrap_or_default());
                    view! {
                        <button
                            class="soft-key"
                            aria-label=move || {
                                let l = label();
                                if l.is_empty() { format!("Soft key {}", i + 1) } else { format!("{l} (soft key {})", i + 1) }
                            }
                            data-soft=i
                            on:click=move |_| press(Key::Soft(i))
                        ></button>
                    }
                })
                .collect_view()}
        </div>
    }
}
