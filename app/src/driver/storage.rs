//! The phone's own storage in the browser: its configuration (the "flash" that admin-page
//! changes and imported files go to; the page URL is applied over it at every start) and
//! its phonebook. Each is one text under one key (a Yealink-style `.cfg`, an XML contact
//! file), so a write is one atomic `setItem`: a tab killed mid-save leaves the old text
//! or the new, never half of each.

const CONFIG_KEY: &str = "deskphone.config";
const PHONEBOOK_KEY: &str = "deskphone.phonebook";
const DEVICE_ID_KEY: &str = "deskphone.device_id";
const PROVISION_REPORT_KEY: &str = "deskphone.provision.report";

fn storage() -> Result<web_sys::Storage, String> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or_else(|| "this browser keeps no local storage".to_string())
}

/// The text stored under `key`, if there is one.
fn load(key: &str) -> Option<String> {
    storage().ok()?.get_item(key).ok().flatten()
}

/// Store `text` under `key` (naming `what` in the error), replacing the last.
fn save(key: &str, text: &str, what: &str) -> Result<(), String> {
    storage()?
        .set_item(key, text)
        .map_err(|_| format!("the browser refused to store the {what} (storage full?)"))
}

/// The stored configuration file, if there is one.
pub fn load_config() -> Option<String> {
    load(CONFIG_KEY)
}

/// Store the configuration file `text`, replacing the last.
pub fn save_config(text: &str) -> Result<(), String> {
    save(CONFIG_KEY, text, "configuration")
}

/// The stored phonebook (an XML contact file), if there is one.
pub fn load_phonebook() -> Option<String> {
    load(PHONEBOOK_KEY)
}

/// Store the phonebook file `text`, replacing the last.
pub fn save_phonebook(text: &str) -> Result<(), String> {
    save(PHONEBOOK_KEY, text, "phonebook")
}

/// This browser's device id, made up (twelve hex digits, like a MAC) and kept the first
/// time it is asked for; a factory reset keeps it, as a phone keeps its MAC.
pub fn device_id() -> String {
    if let Some(id) = load(DEVICE_ID_KEY).filter(|id| !id.is_empty()) {
        return id;
    }
    let id = format!("{:012x}", super::clock::seed() & 0xffff_ffff_ffff);
    if let Err(e) = save(DEVICE_ID_KEY, &id, "device id") {
        web_sys::console::warn_1(&e.into());
    }
    id
}

/// The last provisioning run's report, as lines.
pub fn load_provision_report() -> Vec<String> {
    load(PROVISION_REPORT_KEY)
        .map(|t| t.lines().map(str::to_string).collect())
        .unwrap_or_default()
}

/// Keep the last provisioning run's report.
pub fn save_provision_report(lines: &[String]) -> Result<(), String> {
    save(
        PROVISION_REPORT_KEY,
        &lines.join("\n"),
        "provisioning report",
    )
}

/// Forget the stored configuration and phonebook (factory reset).
pub fn clear_config() -> Result<(), String> {
    let s = storage()?;
    (s.remove_item(CONFIG_KEY)
        .and_then(|_| s.remove_item(PHONEBOOK_KEY))
        .and_then(|_| s.remove_item(PROVISION_REPORT_KEY)))
    .map_err(|_| "the browser refused to clear the configuration".into())
}
