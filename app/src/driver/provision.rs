//! Auto provisioning in the page: the core's [`Run`] driven with the browser's fetch, the
//! new configuration stored when the files change it, and the run's report kept for the
//! Status page. When it runs (at start, on a schedule, on "Provision now") is the face's
//! and the admin pages' business.

use deskphone_core::config::provision::{Outcome, Run, Step};
use leptos::prelude::*;

use super::{fetch, storage};
use crate::config::{stored_text, PageConfig};

/// A run under way: files fetched of those known, and the one being fetched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub url: String,
}

/// What the pages show of provisioning: the run under way, and the last run's report.
#[derive(Clone, Copy)]
pub struct ProvisionStatus {
    pub progress: RwSignal<Option<Progress>>,
    pub last: RwSignal<Vec<String>>,
}

impl ProvisionStatus {
    /// No run under way, no report yet (the face reads the stored one once storage is
    /// open).
    pub fn new() -> ProvisionStatus {
        ProvisionStatus {
            progress: RwSignal::new(None),
            last: RwSignal::new(Vec::new()),
        }
    }

    /// Whether a run is under way.
    pub fn busy(&self) -> bool {
        self.progress.with_untracked(Option::is_some)
    }
}

impl Default for ProvisionStatus {
    fn default() -> Self {
        ProvisionStatus::new()
    }
}

/// Provision once over `page`'s stored configuration: fetch the files, store the new
/// configuration if they change it, keep the report. True if the configuration changed
/// (the phone restarts with it); false if not, if it failed, or if a run is under way.
pub async fn run(status: ProvisionStatus, page: &PageConfig) -> bool {
    if status.busy() {
        return false;
    }
    let device_id = page.device_id();
    let started = String::from(
        js_sys::Date::new_0().to_locale_string("en-GB", &wasm_bindgen::JsValue::UNDEFINED),
    );
    let settings = &page.settings.provisioning;
    let (mut lines, changed) = match Run::start(&page.stored, &page.url, settings, &device_id) {
        Err(e) => (vec![format!("Provisioning failed: {e}")], false),
        Ok(mut run) => {
            let report = loop {
                match run.step() {
                    Step::Fetch(request) => {
                        let (done, total) = run.progress();
                        status.progress.set(Some(Progress {
                            done,
                            total,
                            url: request.url.clone(),
                        }));
                        let answer = fetch::file(&request).await;
                        run.fetched(answer);
                    }
                    Step::Done(report) => break report,
                }
            };
            let mut lines = report.lines();
            let changed = match &report.outcome {
                Outcome::Changed { config, .. } => {
                    let saved = match stored_text(config) {
                        Ok(t) => storage::save(storage::CONFIG, &t).await,
                        Err(e) => Err(e),
                    };
                    match saved {
                        Ok(()) => true,
                        Err(e) => {
                            lines[0] = format!("Provisioning failed: {e}");
                            false
                        }
                    }
                }
                _ => false,
            };
            (lines, changed)
        }
    };
    status.progress.set(None);
    lines.insert(1, format!("Device {device_id}, {started}"));
    for line in &lines {
        web_sys::console::log_1(&format!("provisioning: {line}").into());
    }
    if let Err(e) = storage::save_provision_report(&lines).await {
        web_sys::console::warn_1(&e.into());
    }
    status.last.set(lines);
    changed
}
