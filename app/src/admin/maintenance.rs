//! Maintenance: export the configuration as a Yealink or AudioCodes file, import one (all
//! or nothing, errors with file, line and parameter), back up and restore everything the
//! phone keeps, reset to factory defaults.

use std::rc::Rc;

use deskphone_core::config::backup::{self, Backup};
use deskphone_core::config::{self, audiocodes, yealink, AnyFile, Format};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::config::PageConfig;
use crate::driver::log::Entry;
use crate::driver::storage;
use deskphone_core::config::settings::LogLevel;

/// The export buttons, the import field and factory reset.
#[component]
pub fn Maintenance(page_config: Rc<PageConfig>) -> impl IntoView {
    let result = RwSignal::new(Vec::<String>::new());
    let export = {
        let pc = page_config.clone();
        move |format: Format| {
            let (pairs, left_out) = pc.config.export(format);
            let (text, name) = match format {
                Format::AudioCodes => (audiocodes::write(&pairs), "deskphone-audiocodes.cfg"),
                _ => (yealink::write(&pairs), "deskphone.cfg"),
            };
            match text.and_then(|t| download(name, &t)) {
                Ok(()) => result.set(
                    left_out
                        .into_iter()
                        .map(|l| format!("not in this format, left out: {l}"))
                        .collect(),
                ),
                Err(e) => result.set(vec![e]),
            }
        }
    };
    let export_y = export.clone();
    let stored = page_config.stored.clone();
    let import = move |ev: leptos::ev::Event| {
        let stored = stored.clone();
        picked_file(&ev, move |name, text| {
            result.set(match import_file(&stored, &name, &text, result) {
                Ok(warnings) => {
                    std::iter::once(format!("{name} imported: the phone restarts with it"))
                        .chain(warnings)
                        .collect()
                }
                Err(errors) => std::iter::once(format!("{name} not imported, nothing changed:"))
                    .chain(errors)
                    .collect(),
            });
        });
    };
    let device_id = page_config.device_id();
    let save_backup = move |_| {
        let all = Backup {
            config: storage::load(storage::CONFIG),
            phonebook: storage::load(storage::PHONEBOOK),
            records: storage::load(storage::RECORDS),
        };
        let name = format!("deskphone-backup-{device_id}.txt");
        if let Err(e) = download(&name, &backup::write(&all)) {
            result.set(vec![e]);
        }
    };
    let restore = move |ev: leptos::ev::Event| {
        picked_file(&ev, move |name, text| match backup::read(&name, &text) {
            Ok(b) => {
                result.set(vec![format!("{name} restored: the phone restarts with it")]);
                super::store_and_restart(
                    vec![
                        (storage::CONFIG, b.config),
                        (storage::PHONEBOOK, b.phonebook),
                        (storage::RECORDS, b.records),
                    ],
                    result,
                );
            }
            Err(e) => result.set(vec![
                format!("{name} not restored, nothing changed:"),
                e.to_string(),
            ]),
        });
    };
    let reset = move |_| {
        result.set(vec!["Factory defaults: the phone restarts".into()]);
        wasm_bindgen_futures::spawn_local(async move {
            match storage::factory_reset().await {
                Ok(()) => super::restart_soon(),
                Err(e) => result.set(vec![format!("Not reset: {e}")]),
            }
        });
    };
    view! {
        <fieldset class="maintenance">
            <legend>"Configuration file"</legend>
            <button type="button" on:click=move |_| export_y(Format::Yealink)>"Export (.cfg, Yealink)"</button>
            <button type="button" on:click=move |_| export(Format::AudioCodes)>"Export (.cfg, AudioCodes)"</button>
            <label class="field">
                <span>"Import a configuration file"</span>
                <input type="file" name="import" accept=".cfg,.txt" on:change=import />
            </label>
        </fieldset>
        <fieldset class="maintenance">
            <legend>"Backup"</legend>
            <button type="button" on:click=save_backup>"Download a backup"</button>
            <label class="field">
                <span>"Restore a backup"</span>
                <input type="file" name="restore" accept=".txt" on:change=restore />
            </label>
            <button type="button" class="reset" on:click=reset>"Reset to factory defaults"</button>
            <p><a href="?preview" target="_blank">"Device preview"</a>": see what a device shows with a configuration file, without registering it."</p>
            <ul class="result" role="status">
                {move || result.get().into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
            </ul>
        </fieldset>
    }
}

/// The system log: its entries, newest last, shown down to a chosen level, and a download.
#[component]
pub fn SystemLog() -> impl IntoView {
    let log = use_context::<RwSignal<Vec<Entry>>>().unwrap_or_else(|| RwSignal::new(Vec::new()));
    let shown = RwSignal::new(LogLevel::Debug);
    let options = LogLevel::ALL
        .into_iter()
        .map(|l| view! { <option value=l.name() selected=move || shown.get() == l>{l.name()}</option> })
        .collect_view();
    let rows = move || {
        let down_to = shown.get();
        log.get()
            .into_iter()
            .filter(|e| e.level <= down_to)
            .map(|e| {
                view! {
                    <tr data-level=e.level.name()>
                        <td>{e.time}</td>
                        <td>{e.level.name()}</td>
                        <td>{e.text}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let save = move |_| {
        let text: String = log
            .get_untracked()
            .iter()
            .map(|e| e.line() + "\n")
            .collect();
        if let Err(e) = download("deskphone-log.txt", &text) {
            web_sys::console::warn_1(&e.into());
        }
    };
    view! {
        <fieldset class="system-log">
            <legend>"System log"</legend>
            <label class="field">
                <span>"Show entries down to"</span>
                <select name="log-shown" on:change=move |ev| {
                    if let Some(l) = LogLevel::named(&event_target_value(&ev)) {
                        shown.set(l);
                    }
                }>{options}</select>
            </label>
            <button type="button" on:click=save>"Download the log"</button>
            <div class="log-entries">
                <table><tbody>{rows}</tbody></table>
            </div>
        </fieldset>
    }
}

/// Apply an imported file over the stored configuration and store it.
fn import_file(
    stored: &deskphone_core::config::Config,
    name: &str,
    text: &str,
    result: RwSignal<Vec<String>>,
) -> Result<Vec<String>, Vec<String>> {
    let file = read_file(name, text)?;
    let mut out = file.warnings;
    out.extend(super::save(
        stored,
        file.format,
        name,
        &file.assignments,
        result,
    )?);
    Ok(out)
}

/// Read a configuration file picked by hand ([`config::read_any`]).
pub(crate) fn read_file(name: &str, text: &str) -> Result<AnyFile, Vec<String>> {
    config::read_any(name, text).map_err(|e| vec![e.to_string()])
}

/// Read every file picked in the file field `ev` came from, in order, then call `then`
/// with their names and texts.
pub(crate) fn picked_files(
    ev: &leptos::ev::Event,
    then: impl FnOnce(Vec<(String, String)>) + 'static,
) {
    let Some(files) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|input| input.files())
    else {
        return;
    };
    let files: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
    wasm_bindgen_futures::spawn_local(async move {
        let mut out = Vec::new();
        for file in files {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            out.push((
                file.name(),
                text.ok().and_then(|t| t.as_string()).unwrap_or_default(),
            ));
        }
        then(out);
    });
}

/// Read the file picked in the file field `ev` came from, then call `then` with its name
/// and text (or say it could not be read).
pub(crate) fn picked_file(ev: &leptos::ev::Event, then: impl FnOnce(String, String) + 'static) {
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let name = file.name();
        match wasm_bindgen_futures::JsFuture::from(file.text()).await {
            Ok(t) => then(name, t.as_string().unwrap_or_default()),
            Err(_) => web_sys::console::warn_1(&format!("{name}: could not be read").into()),
        }
    });
}

/// Offer `text` as a download named `name`.
pub(crate) fn download(name: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser could not make the file")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "the browser could not offer the file")?;
    let document = gloo::utils::document();
    let a = document
        .create_element("a")
        .map_err(|_| "no link")?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| "no link")?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
