//! The LCD: status bar, screen lines and the soft-key labels under it.

use deskphone_core::phone::view::{Icon, LineStatus, View};
use deskphone_core::profile::Display;

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

/// What an icon shows in the status bar.
fn icon_text(icon: Icon) -> &'static str {
    match icon {
        Icon::Dnd => "DND",
        Icon::Missed => "MISSED",
        Icon::Muted => "MUTE",
        Icon::Voicemail => "VM",
        Icon::Locked => "LOCK",
        Icon::Forward => "FWD",
        Icon::Recording => "REC",
        Icon::RecordingPaused => "REC ||",
    }
}

/// The screen's size on the page: the device's aspect ratio, at most 400 px across.
fn lcd_style(display: Display) -> String {
    let width = if display.width >= 400 { 400.0 } else { 340.0 };
    let height = width * display.height as f64 / display.width as f64;
    // The text rows share what the status bar and the soft-key labels leave (about 54 px).
    let row = ((height - 54.0) / display.rows.max(1) as f64).max(10.0);
    let font = (row * 0.75).min(17.0);
    format!(
        "width: {width:.0}px; height: {height:.0}px; --row-h: {row:.1}px; --row-font: {font:.1}px"
    )
}

/// The screen of the device, `soft` soft-key labels along its bottom.
#[component]
pub fn Screen(view: RwSignal<View>, display: Display, soft: usize) -> impl IntoView {
    // The status bar is about the line the screen is about (the call's, else the default).
    let status = move || view.with(|v| v.focused().map_or("off", |l| status_name(l.status)));
    let detail = move || view.with(|v| v.focused().map(|l| l.detail.clone()).unwrap_or_default());
    let label = move || view.with(|v| v.focused().map(|l| l.label.clone()).unwrap_or_default());
    view! {
        <section class="lcd" style=lcd_style(display) aria-label="Screen" aria-live="polite">
            <header class="status-bar">
                <span class="reg-icon" data-status=status title=detail></span>
                <span class="line-label">{label}</span>
                <span class="icons">
                    {move || view.with(|v| v.icons.iter().map(|i| {
                        view! { <span class="icon" data-icon=i.name() role="img" aria-label=i.name()>{icon_text(*i)}</span> }
                    }).collect_view())}
                </span>
                <span class="clock">{move || view.with(|v| v.clock.clone().unwrap_or_default())}</span>
            </header>
            <div class="lines">
                <For
                    each=move || view.with(|v| {
                        v.screen
                            .iter()
                            .cloned()
                            .enumerate()
                            .map(|(i, text)| (i, text, v.highlight == Some(i)))
                            .collect::<Vec<_>>()
                    })
                    key=|row| row.clone()
                    children=move |(i, text, lit)| view! {
                        <p class="line" data-row=i aria-selected=lit.then_some("true")>{text}</p>
                    }
                />
            </div>
            <footer class="soft-labels" style=format!("--soft: {soft}")>
                {(0..soft)
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

/// The soft keys under the screen; each is named by the label the screen gives it.
#[component]
pub fn SoftKeys(
    view: RwSignal<View>,
    soft: usize,
    press: impl Fn(Key) + Clone + 'static,
) -> impl IntoView {
    view! {
        <div class="soft-keys" style=format!("--soft: {soft}")>
            {(0..soft)
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
