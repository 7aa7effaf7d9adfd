//! The phone face: draws the core's [`View`](deskphone_core::phone::view::View) and turns
//! clicks, touches and keystrokes into [`Key`] presses. No phone logic lives here.

mod hard_keys;
mod keypad;
mod lamp;
mod screen;

use std::rc::Rc;

use deskphone_core::phone::view::View;
use deskphone_core::phone::{Input, Key};
use deskphone_core::profile::{Depth, Profile};
use leptos::ev;
use leptos::prelude::*;

use crate::config::PageConfig;
use crate::driver::media::Meters;
use crate::driver::provision::{self, ProvisionStatus};
use crate::driver::{storage, Runtime};

/// The page: the phone face for the configured account, or a screen saying what is
/// missing. A phone with a provisioning server fetches its files first (as the seed phones
/// do at power-on), showing how far it is, then starts with what they gave.
#[component]
pub fn App() -> impl IntoView {
    if preview_asked() {
        return view! { <crate::preview::Preview /> }.into_any();
    }
    let status = ProvisionStatus::new();
    provide_context(status);
    let booted = RwSignal::new(false);
    let started = StoredValue::new_local(None::<Result<PageConfig, String>>);
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = storage::open().await {
            web_sys::console::warn_1(&format!("{e}: nothing is kept across restarts").into());
        }
        status.last.set(storage::load_provision_report());
        let mut page = PageConfig::from_page();
        if let Ok(p) = &page {
            let prov = &p.settings.provisioning;
            if prov.power_on && prov.server.is_some() && provision::run(status, p).await {
                // The files changed the stored configuration: start from it.
                page = PageConfig::from_page();
            }
        }
        started.set_value(Some(page));
        booted.set(true);
    });
    view! {
        {move || if booted.get() {
            let page = started.try_update_value(Option::take).flatten();
            running(page.unwrap_or_else(PageConfig::from_page), status)
        } else {
            view! { <Booting status /> }.into_any()
        }}
    }
    .into_any()
}

/// Whether the page is a device preview (`?preview`), not a phone.
fn preview_asked() -> bool {
    let search = gloo::utils::window()
        .location()
        .search()
        .unwrap_or_default();
    web_sys::UrlSearchParams::new_with_str(&search).is_ok_and(|p| p.has("preview"))
}

/// The phone started from `page`, with the web admin beside it; provisioning again every
/// so often if the configuration says so.
fn running(page: Result<PageConfig, String>, status: ProvisionStatus) -> AnyView {
    let rt = match page.and_then(Runtime::start) {
        Ok(rt) => rt,
        Err(reason) => return setup_error(reason),
    };
    if let Some(minutes) = rt.page_config.settings.provisioning.repeat_minutes {
        let page = rt.page_config.clone();
        gloo::timers::callback::Interval::new(minutes.saturating_mul(60_000), move || {
            let page = page.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if provision::run(status, &page).await {
                    crate::admin::restart_soon();
                }
            });
        })
        .forget();
    }
    // The web admin opens beside the face (`#admin` in the URL opens it at once).
    let open = RwSignal::new(
        gloo::utils::window()
            .location()
            .hash()
            .is_ok_and(|h| h == "#admin"),
    );
    let page_config = StoredValue::new_local(rt.page_config.clone());
    // The Status page shows the lines' registration; Maintenance the system log.
    provide_context(rt.view);
    provide_context(rt.log);
    view! {
        <Phone rt />
        <button type="button" class="admin-toggle" aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|o| *o = !*o)>
            "Web admin"
        </button>
        {move || open.get().then(|| view! { <crate::admin::Admin page_config=page_config.get_value() /> })}
    }
    .into_any()
}

fn setup_error(reason: String) -> AnyView {
    view! {
        <main class="setup-error" role="alert">
            <h1>"Deskphone"</h1>
            <p>{reason}</p>
        </main>
    }
    .into_any()
}

/// The screen while the phone provisions itself at start: which file, and how far.
#[component]
fn Booting(status: ProvisionStatus) -> impl IntoView {
    view! {
        <main class="booting" role="status">
            <h1>"Deskphone"</h1>
            <p>{move || if status.progress.with(Option::is_some) { "Auto provisioning…" } else { "Starting…" }}</p>
            <ProvisionProgress status />
        </main>
    }
}

/// A progress bar over the provisioning run under way (nothing when none is).
#[component]
pub fn ProvisionProgress(status: ProvisionStatus) -> impl IntoView {
    move || {
        status.progress.get().map(|p| {
            view! {
                <div class="provision-progress">
                    <progress max=p.total value=p.done aria-label="Provisioning progress"></progress>
                    <span>{format!("File {} of {}: {}", p.done + 1, p.total, p.url)}</span>
                </div>
            }
        })
    }
}

/// The face of the running phone: [`Face`] wired to the page's [`Runtime`].
#[component]
fn Phone(rt: Runtime) -> impl IntoView {
    let press = {
        let rt = rt.clone();
        move |key: Key| {
            rt.user_gesture();
            rt.input(Input::Key(key));
        }
    };
    let gesture = {
        let rt = rt.clone();
        move || rt.user_gesture()
    };
    view! {
        <Face
            profile=rt.profile.clone()
            view=rt.view
            meters=rt.meters
            sound_blocked=rt.sound_blocked
            press
            gesture
        />
        <Recordings files=rt.recordings />
    }
}

/// The calls recorded on this page (Start / Stop REC), each a download.
#[component]
fn Recordings(files: RwSignal<Vec<crate::driver::recording::RecordedFile>>) -> impl IntoView {
    view! {
        <section class="recordings" aria-label="Recordings" hidden=move || files.with(Vec::is_empty)>
            <h2>"Recordings"</h2>
            <ul>
                <For each=move || files.get() key=|f| f.url.clone() let:file>
                    <li>
                        <a href=file.url.clone() download=file.name.clone()>{file.name.clone()}</a>
                        " "
                        <span class="size">{format!("{} KB", file.bytes.div_ceil(1024))}</span>
                    </li>
                </For>
            </ul>
        </section>
    }
}

/// The face of a device of `profile` drawing `view`: every key it has turns into a
/// `press`, and `gesture` is told when the user taps the "enable sound" step. It knows no
/// runtime, so that tests can mount it over a phone of their own.
#[component]
pub fn Face(
    profile: Rc<Profile>,
    view: RwSignal<View>,
    meters: RwSignal<Meters>,
    sound_blocked: RwSignal<bool>,
    press: impl Fn(Key) + Clone + 'static,
    gesture: impl Fn() + Clone + 'static,
) -> impl IntoView {
    // A computer keyboard works the keypad: digits, * and #, Enter = Send, Escape = Cancel,
    // F1-F4 = soft keys, arrows = navigation.
    let on_keydown = press.clone();
    let handle = window_event_listener(ev::keydown, move |e| {
        if typing_in_a_form() {
            return;
        }
        if let Some(key) = key_for(&e.key()) {
            e.prevent_default();
            on_keydown(key);
        }
    });
    on_cleanup(move || handle.remove());

    let state = move || view.with(|v| v.state.name());
    // The screen language, for screen readers (the phone model words the text).
    let lang = move || view.with(|v| v.language.clone());
    // The focused line's registration, also for a device without a screen to show it.
    let registration =
        move || view.with(|v| v.focused().map_or("off", |l| screen::status_name(l.status)));
    let depth = match profile.display.map(|d| d.depth) {
        None => "none",
        Some(Depth::Mono) => "mono",
        Some(Depth::Grey) => "grey",
        Some(Depth::Colour) => "colour",
    };
    let screen = profile.display.map(|display| {
        let soft = profile.keys.soft;
        view! {
            <div class="upper">
                <screen::Screen view display soft />
                <screen::SoftKeys view soft press=press.clone() />
            </div>
        }
    });
    let modules = view! { <keypad::ExpansionModules view press=press.clone() /> };
    view! {
        <div class="desk">
        <main
            class="phone"
            lang=lang
            data-state=state
            data-registration=registration
            data-profile=profile.id.clone()
            data-depth=depth
            aria-label=format!("Deskphone: {}", profile.name)
        >
            <p class="model">{profile.name.clone()}</p>
            {screen}
            <div class="side-keys">
                <keypad::LineKeys view press=press.clone() />
                <keypad::DssKeys view press=press.clone() />
            </div>
            <hard_keys::HardKeys profile=profile.clone() view press=press.clone() />
            <keypad::Keypad press=press.clone() />
            <output
                class="meters"
                aria-label="Audio meters"
                data-rx-freq=move || format!("{:.0}", meters.get().rx_freq)
                data-rx-rms=move || format!("{:.4}", meters.get().rx_rms)
                data-tx-freq=move || format!("{:.0}", meters.get().tx_freq)
                data-tx-rms=move || format!("{:.4}", meters.get().tx_rms)
                data-out-freq=move || format!("{:.0}", meters.get().out_freq)
                data-out-rms=move || format!("{:.4}", meters.get().out_rms)
            >
                <meter min="0" max="0.5" value=move || meters.get().rx_rms title="Received level"></meter>
                <meter min="0" max="0.5" value=move || meters.get().tx_rms title="Sent level"></meter>
            </output>
            <SoundGate blocked=sound_blocked gesture />
        </main>
        {modules}
        </div>
    }
}

/// The browser holds audio back until the user touches the page: a clear step, once, so
/// that the phone can ring. It goes away for good when the audio starts.
#[component]
fn SoundGate(blocked: RwSignal<bool>, gesture: impl Fn() + 'static) -> impl IntoView {
    view! {
        <button class="sound-gate" hidden=move || !blocked.get() on:click=move |_| gesture()>
            "Tap to enable sound"
        </button>
    }
}

/// Whether the keyboard is typing into a form field (the admin pages), not at the phone.
fn typing_in_a_form() -> bool {
    gloo::utils::document()
        .active_element()
        .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"))
}

/// The phone key for a computer key name (`KeyboardEvent.key`): digits, `*` and `#`,
/// Enter = Send, Escape = Cancel, F1-F4 = soft keys, the arrows = navigation.
pub fn key_for(name: &str) -> Option<Key> {
    Some(match name {
        "Enter" => Key::Send,
        "Escape" => Key::Cancel,
        "ArrowUp" => Key::Up,
        "ArrowDown" => Key::Down,
        "ArrowLeft" => Key::Left,
        "ArrowRight" => Key::Right,
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
