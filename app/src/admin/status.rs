//! The Status page (what the seed phones show first: the model, its MAC, each account and
//! its registration) and the Auto provision page's "Provision now" with the last run's
//! report and a progress bar.

use std::rc::Rc;

use deskphone_core::phone::view::{LineStatus, View};
use leptos::prelude::*;

use crate::config::PageConfig;
use crate::driver::provision::{self, ProvisionStatus};
use crate::face::ProvisionProgress;

/// The device, its accounts with their registration, and the last provisioning run.
#[component]
pub fn Status(page_config: Rc<PageConfig>) -> impl IntoView {
    let profile = page_config.config.profile();
    let view = use_context::<RwSignal<View>>();
    let lines = move || {
        view.map(|v| v.get().lines)
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(n, l)| {
                let state = match l.status {
                    LineStatus::Registered => "Registered",
                    LineStatus::Registering => "Registering",
                    LineStatus::Failed => "Failed",
                    LineStatus::Off => "Off",
                };
                view! {
                    <tr>
                        <th scope="row">{format!("Line {}", n + 1)}</th>
                        <td>{l.label}</td>
                        <td class="registration">{state}</td>
                        <td>{(l.detail != state).then_some(l.detail)}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <dl class="status">
            <dt>"Model"</dt><dd>{profile.name.clone()}</dd>
            <dt>"Device id (MAC)"</dt><dd class="device-id">{page_config.device_id()}</dd>
            <dt>"Software"</dt><dd>{concat!("Deskphone ", env!("CARGO_PKG_VERSION"))}</dd>
        </dl>
        <table class="accounts">
            <caption>"Accounts"</caption>
            <tbody>{lines}</tbody>
        </table>
        <LastProvisioning />
    }
}

/// The last provisioning run's report, and the run under way.
#[component]
fn LastProvisioning() -> impl IntoView {
    let status = use_context::<ProvisionStatus>().unwrap_or_default();
    view! {
        <section class="provision-report" aria-label="Last provisioning">
            <h4>"Last provisioning"</h4>
            <ProvisionProgress status />
            <ul>
                {move || {
                    let last = status.last.get();
                    if last.is_empty() {
                        view! { <li>"Not provisioned yet"</li> }.into_any()
                    } else {
                        last.into_iter().map(|l| view! { <li>{l}</li> }).collect_view().into_any()
                    }
                }}
            </ul>
        </section>
    }
}

/// "Provision now", and what came of it.
#[component]
pub fn ProvisionNow(page_config: Rc<PageConfig>) -> impl IntoView {
    let status = use_context::<ProvisionStatus>().unwrap_or_default();
    let page_config = StoredValue::new_local(page_config);
    let now = move |_| {
        let page = page_config.get_value();
        wasm_bindgen_futures::spawn_local(async move {
            if provision::run(status, &page).await {
                super::restart_soon();
            }
        });
    };
    view! {
        <button type="button" class="provision-now" on:click=now
            disabled=move || status.progress.with(Option::is_some)>
            "Provision now"
        </button>
        <LastProvisioning />
    }
}
