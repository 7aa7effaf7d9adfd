//! The phone's web admin pages, drawn from the configuration schema: a login (administrator
//! or user, with a lockout), then one form per [`Page`], a field per parameter. Submit
//! applies the page's changes all or nothing through the same path as a provisioning file,
//! stores them and restarts the phone (the seed phones reboot on a web change too).
//! Maintenance exports and imports configuration files and resets to factory defaults.

mod call_log;
mod fields;
pub(crate) mod maintenance;
mod phonebook;
mod status;

use std::collections::BTreeMap;
use std::rc::Rc;

use deskphone_core::config::access::{Gate, Refused, Role};
use deskphone_core::config::schema::Page;
use deskphone_core::config::store::slot;
use deskphone_core::config::Assignment;
use deskphone_core::config::{Config, Format};
use leptos::prelude::*;

use crate::config::{error_lines, stored_config, stored_text, PageConfig};
use crate::driver::{clock, storage};

/// The admin pages over the page's configuration.
#[component]
pub fn Admin(page_config: Rc<PageConfig>) -> impl IntoView {
    let role = RwSignal::new(None::<Role>);
    let gate = StoredValue::new(Gate::default());
    let access = page_config.settings.access.clone();
    let page_config = StoredValue::new_local(page_config);
    let login = move |name: String, password: String| -> Result<(), String> {
        let result = gate
            .try_update_value(|g| g.login(&access, &name, &password, clock::now()))
            .ok_or("no login")?;
        match result {
            Ok(r) => {
                role.set(Some(r));
                Ok(())
            }
            Err(Refused::Wrong { left: Some(n) }) => Err(format!(
                "Wrong user name or password ({n} {} left)",
                if n == 1 { "try" } else { "tries" }
            )),
            Err(Refused::Wrong { left: None }) => Err("Wrong user name or password".into()),
            Err(Refused::Locked { until }) => Err(format!(
                "Too many failed logins: locked for {} s",
                until.since(clock::now()).0.div_ceil(1000)
            )),
        }
    };
    view! {
        <section class="admin" aria-label="Web admin">
            <h2>"Web admin"</h2>
            {move || match role.get() {
                None => {
                    let login = login.clone();
                    view! { <Login login /> }.into_any()
                }
                Some(Role::Admin) if must_change(&page_config.get_value()) => {
                    view! { <ChangePassword page_config=page_config.get_value() /> }.into_any()
                }
                Some(r) => {
                    view! {
                        <Pages
                            role=r
                            page_config=page_config.get_value()
                            logout=move || role.set(None)
                        />
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// Whether the administrator still has the factory password and the configuration says to
/// replace it first.
fn must_change(pc: &PageConfig) -> bool {
    let factory = slot("deskphone.admin.password", 1).map(|s| pc.config.default_at(s));
    pc.settings.force_password_change
        && factory.as_deref() == Some(&pc.settings.access.admin_password)
}

/// The administrator's first login with the factory password: a new one, twice, before
/// any page opens.
#[component]
fn ChangePassword(page_config: Rc<PageConfig>) -> impl IntoView {
    let first = RwSignal::new(String::new());
    let second = RwSignal::new(String::new());
    let result = RwSignal::new(Vec::<String>::new());
    let stored = page_config.stored.clone();
    let factory = page_config.settings.access.admin_password.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let new = first.get_untracked();
        let refused = if new.is_empty() {
            Some("The new password is empty")
        } else if new == factory {
            Some("The new password must not be the factory one")
        } else if new != second.get_untracked() {
            Some("The two passwords differ")
        } else {
            None
        };
        if let Some(why) = refused {
            return result.set(vec![why.to_string()]);
        }
        let change = [Assignment {
            line: 0,
            name: "deskphone.admin.password".into(),
            value: new,
        }];
        result.set(
            match save(&stored, Format::Yealink, "web page", &change, result) {
                Ok(_) => {
                    vec!["Password changed: the phone restarts; log in with the new one".into()]
                }
                Err(errors) => errors,
            },
        );
    };
    view! {
        <form class="change-password" on:submit=submit>
            <p>"This phone still has its factory administrator password. Choose a new one to go on."</p>
            {entry("New password", "password", "new-password", "new-password", first)}
            {entry("New password again", "password", "new-password-again", "new-password", second)}
            <button type="submit">"Change the password"</button>
            <ul class="error" role="alert">
                {move || result.get().into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
            </ul>
        </form>
    }
}

/// A labelled text or password box whose text goes to `value`.
fn entry(
    label: &'static str,
    kind: &'static str,
    name: &'static str,
    autocomplete: &'static str,
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <label>
            {label}
            <input type=kind name=name autocomplete=autocomplete
                on:input=move |ev| value.set(event_target_value(&ev)) />
        </label>
    }
}

/// The login form: user name and password.
#[component]
fn Login(login: impl Fn(String, String) -> Result<(), String> + 'static) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match login(name.get_untracked(), password.get_untracked()) {
            Ok(()) => error.set(String::new()),
            Err(e) => error.set(e),
        }
    };
    view! {
        <form class="login" on:submit=submit>
            {entry("User name", "text", "login-user", "username", name)}
            {entry("Password", "password", "login-password", "current-password", password)}
            <button type="submit">"Log in"</button>
            <p class="error" role="alert">{move || error.get()}</p>
        </form>
    }
}

/// The pages a role sees, one at a time.
#[component]
fn Pages(role: Role, page_config: Rc<PageConfig>, logout: impl Fn() + 'static) -> impl IntoView {
    let pages: Vec<Page> = Page::ALL.into_iter().filter(|p| role.sees(*p)).collect();
    let current = RwSignal::new(pages[0]);
    let page_config = StoredValue::new_local(page_config);
    let tabs = pages
        .into_iter()
        .map(|p| {
            view! {
                <button type="button" class="tab"
                    aria-pressed=move || (current.get() == p).to_string()
                    on:click=move |_| current.set(p)>
                    {p.title()}
                </button>
            }
        })
        .collect_view();
    view! {
        <nav class="tabs" aria-label="Admin pages">
            {tabs}
            <button type="button" class="logout" on:click=move |_| logout()>"Log out"</button>
        </nav>
        {move || {
            let page = current.get();
            let pc = page_config.get_value();
            view! {
                <h3>{page.title()}</h3>
                {(page == Page::Status).then(|| view! { <status::Status page_config=pc.clone() /> })}
                <fields::PageForm page page_config=pc.clone() />
                {(page == Page::Provisioning).then(|| view! { <status::ProvisionNow page_config=pc.clone() /> })}
                {(page == Page::CallLog).then(|| view! { <call_log::CallLog /> })}
                {(page == Page::Phonebook).then(|| view! { <phonebook::PhonebookFiles page_config=pc.clone() /> })}
                {(page == Page::Maintenance).then(|| view! {
                    <maintenance::Maintenance page_config=pc />
                    <maintenance::SystemLog />
                })}
            }
        }}
    }
}

/// Apply `assignments` (named and spelt as `format` has them, from `source`) over the
/// stored configuration, store the result and restart the phone: the warnings, or the
/// errors with nothing stored. A failure to store comes later, into `result`.
pub(crate) fn save(
    stored: &Config,
    format: Format,
    source: &str,
    assignments: &[Assignment],
    result: RwSignal<Vec<String>>,
) -> Result<Vec<String>, Vec<String>> {
    // The stored configuration as it is now: the phone's menus may have changed it since
    // the page was loaded.
    let now = storage::load(storage::CONFIG).and_then(|t| stored_config(&t).ok());
    let applied = now
        .as_ref()
        .unwrap_or(stored)
        .apply(format, source, assignments)
        .map_err(|e| error_lines(&e))?;
    let file = stored_text(&applied.config).map_err(|e| vec![e])?;
    // Into the system log too: the page restarts before anyone reads the list.
    for w in &applied.warnings {
        web_sys::console::warn_1(&w.into());
    }
    store_and_restart(vec![(storage::CONFIG, Some(file))], result);
    Ok(applied.warnings)
}

/// Write `writes` in one transaction (`None`: forget the key), then restart the phone; if
/// the browser refuses, say so in `result` and stay.
pub(crate) fn store_and_restart(
    writes: Vec<(&'static str, Option<String>)>,
    result: RwSignal<Vec<String>>,
) {
    wasm_bindgen_futures::spawn_local(async move {
        let w: Vec<(&str, Option<&str>)> =
            (writes.iter()).map(|(k, t)| (*k, t.as_deref())).collect();
        match storage::save_all(&w).await {
            Ok(()) => restart_soon(),
            Err(e) => result.set(vec![format!("Not saved, nothing changed: {e}")]),
        }
    });
}

/// Restart the phone (reload the page) in a moment, so the page can say why first.
pub(crate) fn restart_soon() {
    gloo::timers::callback::Timeout::new(800, || {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    })
    .forget();
}

/// Values keyed by the parameter name they were typed for.
pub(crate) type Edits = BTreeMap<String, String>;
