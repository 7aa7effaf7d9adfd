//! The phone's own storage in the browser: its configuration (the "flash" that admin-page
//! changes and imported files go to; the page URL is applied over it at every start) and
//! its phonebook. Each is one text under one key (a Yealink-style `.cfg`, an XML contact
//! file), so a write is one atomic `setItem`: a tab killed mid-save leaves the old text
//! or the new, never half of each.

const CONFIG_KEY: &str = "deskphone.config";
const PHONEBOOK_KEY: &str = "deskphone.phonebook";

fn storage() -> Result<web_sys::Storage, String> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or_else(|| "this browser keeps no local storage".to_string())
}

/// The stored configuration file, if there is one.
pub fn load_config() -> Option<String> {
    storage().ok()?.get_item(CONFIG_KEY).ok().flatten()
}

/// Store the configuration file `text`, replacing the last.
pub fn save_config(text: &str) -> Result<(), String> {
    storage()?
        .set_item(CONFIG_KEY, text)
        .map_err(|_| "the browser refused to store the configuration (storage full?)".into())
}

/// The stored phonebook (an XML contact file), if there is one.
pub fn load_phonebook() -> Option<String> {
    storage().ok()?.get_item(PHONEBOOK_KEY).ok().flatten()
}

/// Store the phonebook file `text`, replacing the last.
pub fn save_phonebook(text: &str) -> Result<(), String> {
    storage()?
        .set_item(PHONEBOOK_KEY, text)
        .map_err(|_| "the browser refused to store the phonebook (storage full?)".into())
}

/// Forget the stored configuration and phonebook (factory reset).
pub fn clear_config() -> Result<(), String> {
    let s = storage()?;
    (s.remove_item(CONFIG_KEY)
        .and_then(|_| s.remove_item(PHONEBOOK_KEY)))
    .map_err(|_| "the browser refused to clear the configuration".into())
}
