//! Device preview (`?preview`): an administrator picks a device and loads the configuration
//! files deployed to it (a Yealink common file then the phone's own, or an AudioCodes
//! file), and the face shows what that phone would show: its line labels, its keys and
//! their labels, its soft keys, its menus. Nothing registers and nothing is stored: the
//! phone is built from the files alone, its messages to servers are dropped.

use std::cell::RefCell;
use std::rc::Rc;

use deskphone_core::config::schema::PROFILES;
use deskphone_core::config::{Assignment, Config, Environment, Format, Settings};
use deskphone_core::phone::view::View;
use deskphone_core::phone::{Input, Key, Output, Phone};
use gloo::timers::callback::Timeout;
use leptos::prelude::*;

use crate::admin::maintenance::{picked_files, read_file};
use crate::config::error_lines;
use crate::driver::clock;
use crate::driver::media::Meters;
use crate::face::Face;

/// A phone with no network: keys in, the view out, its timers kept.
struct Offline {
    phone: Phone,
    timer: Option<Timeout>,
}

/// The preview phone of one device and set of files.
#[derive(Clone)]
struct Previewed {
    phone: Rc<RefCell<Offline>>,
    view: RwSignal<View>,
    profile: Rc<deskphone_core::profile::Profile>,
}

impl Previewed {
    fn new(phone: Phone) -> Previewed {
        let profile = Rc::new(phone.profile().clone());
        let view = RwSignal::new(phone.view());
        let p = Previewed {
            phone: Rc::new(RefCell::new(Offline { phone, timer: None })),
            view,
            profile,
        };
        p.input(Input::WallClock(clock::wall()));
        p
    }

    /// Feed `input`, drop what the phone sends, show what it shows, keep its next timer.
    fn input(&self, input: Input) {
        let next = {
            let mut o = self.phone.borrow_mut();
            o.phone.handle_input(clock::now(), input);
            loop {
                if let Output::Timeout(at) = o.phone.poll_output() {
                    break at;
                }
            }
        };
        let view = self.phone.borrow().phone.view();
        self.view.set(view);
        let timer = next.map(|at| {
            let me = self.clone();
            let delay = at.0.saturating_sub(clock::now().0).min(u64::from(u32::MAX)) as u32;
            Timeout::new(delay, move || me.input(Input::Tick))
        });
        self.phone.borrow_mut().timer = timer;
    }
}

/// The phone `device` would be with `files` (name, text) applied in order.
fn build(device: &str, files: &[(String, String)]) -> Result<(Phone, Vec<String>), Vec<String>> {
    let pick = [Assignment {
        line: 0,
        name: "deskphone.profile".into(),
        value: device.into(),
    }];
    let mut config = Config::new()
        .apply(Format::Yealink, "device", &pick)
        .map_err(|e| error_lines(&e))?
        .config;
    let mut warnings = Vec::new();
    for (name, text) in files {
        let file = read_file(name, text)?;
        warnings.extend(file.warnings);
        let applied = config
            .apply(file.format, name, &file.assignments)
            .map_err(|e| error_lines(&e))?;
        warnings.extend(applied.warnings);
        config = applied.config;
    }
    let env = Environment {
        host: "preview.invalid".into(),
    };
    let settings = Settings::from_config(&config, &env).map_err(|e| vec![e])?;
    let phone = settings
        .build_phone(clock::seed(), clock::now())
        .map_err(|e| vec![e])?;
    Ok((phone, warnings))
}

/// The preview page: the device, the files, what they gave, and the face.
#[component]
pub fn Preview() -> impl IntoView {
    let device = RwSignal::new(PROFILES[0].value.to_string());
    let files = RwSignal::new(Vec::<(String, String)>::new());
    let notes = RwSignal::new(Vec::<String>::new());
    let shown = StoredValue::new_local(None::<Previewed>);
    let generation = RwSignal::new(0u32);
    let rebuild = move || {
        match build(&device.get_untracked(), &files.get_untracked()) {
            Ok((phone, warnings)) => {
                shown.set_value(Some(Previewed::new(phone)));
                notes.set(warnings);
            }
            Err(errors) => {
                shown.set_value(None);
                notes.set(errors);
            }
        }
        generation.update(|g| *g += 1);
    };
    rebuild();
    let options = PROFILES
        .iter()
        .map(|o| view! { <option value=o.value>{o.label}</option> })
        .collect_view();
    let on_files = move |ev: leptos::ev::Event| {
        picked_files(&ev, move |picked| {
            files.set(picked);
            rebuild();
        })
    };
    let face = move || {
        generation.track();
        shown.get_value().map(|p| {
            let press = {
                let p = p.clone();
                move |key: Key| p.input(Input::Key(key))
            };
            view! {
                <Face
                    profile=p.profile.clone()
                    view=p.view
                    meters=RwSignal::new(Meters::default())
                    sound_blocked=RwSignal::new(false)
                    press
                    gesture=|| {}
                />
            }
        })
    };
    let summary = move || {
        generation.track();
        let names: Vec<String> = files.get().into_iter().map(|(n, _)| n).collect();
        shown.get_value().map(|p| {
            format!(
                "{} with {}: not registered, nothing sent",
                p.profile.name,
                if names.is_empty() {
                    "its factory settings".to_string()
                } else {
                    names.join(", ")
                }
            )
        })
    };
    view! {
        <section class="preview" aria-label="Device preview">
            <h1>"Device preview"</h1>
            <label class="field">
                <span>"Device"</span>
                <select name="preview-device" on:change=move |ev| {
                    device.set(event_target_value(&ev));
                    rebuild();
                }>{options}</select>
            </label>
            <label class="field">
                <span>"Configuration files (applied in order)"</span>
                <input type="file" name="preview-files" multiple accept=".cfg,.txt" on:change=on_files />
            </label>
            <p class="summary" role="status">{summary}</p>
            <ul class="notes">
                {move || notes.get().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
            </ul>
        </section>
        {face}
    }
}
