//! The LCD: status bar, screen lines and the soft-key labels under it.

use deskphone_core::phone::view::{LineStatus, View};

/// The name the face and its tests give a registration state (`data-status`).
pub fn status_name(status: LineStatus) -> &'static str {
    match status {
        LineStatus::Registered => "registered",
        LineStatus::Registering => "registering",
        LineStatus::Failed => "failed",
        LineStatus::Off => "off",
    }
}
use deskphone_core::phone::Key;
use leptos::prelude::*;

/// The screen of the device.
#[component]
pub fn Screen(view: RwSignal<View>) -> impl IntoView {
    // The status bar is about the line the screen is about (the call's, else the default).
    let status = move || view.with(|v| v.focused().map_or("off", |l| status_name(l.status)));
    let detail = move || view.with(|v| v.focused().map(|l| l.detail.clone()).unwrap_or_default());
    let label = move || view.with(|v| v.focused().map(|l| l.label.clone()).unwrap_or_default());
    view! {
        <section class="lcd" aria-label="Screen" aria-live="polite">
            <header class="status-bar">
                <span class="reg-icon" data-status=status title=detail></span>
                <span class="line-label">{label}</span>
            </header>
            <div class="lines">
                <For
                    each=move || view.with(|v| v.screen.clone().into_iter().enumerate().collect::<Vec<_>>())
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
