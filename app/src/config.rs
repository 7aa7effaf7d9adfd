//! The phone's configuration in the page: the stored configuration (what the admin pages
//! and imported files saved, [`crate::driver::storage`]) with the page URL's values
//! (`?user=alice&pass=alicepw&keys=blf:1002`, see [`deskphone_core::config::url`]) applied
//! over it, all or nothing, and read into the core's [`Settings`]. As on the seed phones,
//! provisioned values (here the URL's) win over local changes.

use deskphone_core::config::store::Slot;
use deskphone_core::config::{
    phonebook, url, yealink, Config, Environment, Format, ImportError, Settings,
};

use crate::driver::storage;

/// What the page starts the phone with.
#[derive(Clone, Debug)]
pub struct PageConfig {
    /// The stored configuration: what the admin pages change and save.
    pub stored: Config,
    /// The page URL's parameters, applied over the stored configuration at every start.
    pub url: Vec<(String, String)>,
    /// Where the page URL sets a value (the admin pages show these as set by the URL).
    pub from_url: Vec<Slot>,
    /// The stored configuration with the URL's values over it.
    pub config: Config,
    /// What the phone takes from it.
    pub settings: Settings,
    /// A stored file that could not be read, URL parameters the phone does not know.
    pub warnings: Vec<String>,
    /// The host the page came from.
    pub env: Environment,
}

/// The name errors give the stored configuration.
pub const STORED: &str = "stored configuration";
/// The name errors give the stored phonebook.
pub const PHONEBOOK: &str = "stored phonebook";

impl PageConfig {
    /// Read the stored configuration and the page URL; the error says which parameter is
    /// wrong. A configuration without an account is not an error yet: provisioning may
    /// bring one ([`PageConfig::device_id`]).
    pub fn from_page() -> Result<PageConfig, String> {
        let location = web_sys::window().ok_or("no window")?.location();
        let search = location.search().map_err(|_| "no URL")?;
        let params =
            web_sys::UrlSearchParams::new_with_str(&search).map_err(|_| "bad URL parameters")?;
        let host = location.hostname().unwrap_or_else(|_| "127.0.0.1".into());
        let mut pairs = Vec::new();
        let entries = js_sys::try_iter(&params.entries())
            .ok()
            .flatten()
            .ok_or("bad URL parameters")?;
        for entry in entries.flatten() {
            let pair = js_sys::Array::from(&entry);
            if let (Some(name), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                pairs.push((name, value));
            }
        }
        let mut warnings = Vec::new();
        let stored = match storage::load(storage::CONFIG).map(|text| stored_config(&text)) {
            None => Config::new(),
            Some(Ok(c)) => c,
            Some(Err(e)) => {
                warnings.push(format!("{e}: left out, the defaults are used"));
                Config::new()
            }
        };
        let mut page = PageConfig::from_params(stored, &pairs, &host, warnings)?;
        // The phone's own phonebook, unless the configuration gives the contacts.
        if page.settings.contacts.is_empty() {
            match storage::load(storage::PHONEBOOK).map(|t| phonebook::read(PHONEBOOK, &t)) {
                None => {}
                Some(Ok(contacts)) => page.settings.contacts = contacts,
                Some(Err(e)) => page.warnings.push(format!("{e}: left out")),
            }
        }
        Ok(page)
    }

    /// The configuration the URL parameters `pairs` give over `stored`, for a page loaded
    /// from `host`.
    pub fn from_params(
        stored: Config,
        pairs: &[(String, String)],
        host: &str,
        mut warnings: Vec<String>,
    ) -> Result<PageConfig, String> {
        let joined = |errors: Vec<ImportError>| error_lines(&errors).join("; ");
        let applied = url::apply(&stored, pairs).map_err(joined)?;
        let from_url = applied.set.clone();
        warnings.extend(applied.warnings);
        let env = Environment {
            host: host.to_string(),
        };
        let settings = Settings::from_config(&applied.config, &env)?;
        Ok(PageConfig {
            stored,
            url: pairs.to_vec(),
            from_url,
            config: applied.config,
            settings,
            warnings,
            env,
        })
    }
}

impl PageConfig {
    /// What stands for the MAC in provisioning: the configured device id, else this
    /// browser's own.
    pub fn device_id(&self) -> String {
        (self.settings.device_id.clone()).unwrap_or_else(storage::device_id)
    }
}

/// Read a stored `.cfg` text.
pub fn stored_config(text: &str) -> Result<Config, String> {
    let file = yealink::read(STORED, text).map_err(|e| e.to_string())?;
    Config::new()
        .apply(Format::Yealink, STORED, &file.assignments)
        .map(|a| a.config)
        .map_err(|errors| error_lines(&errors).join("; "))
}

/// Each error as a line a person reads.
pub fn error_lines(errors: &[ImportError]) -> Vec<String> {
    errors.iter().map(ToString::to_string).collect()
}

/// The `.cfg` text that stores `config`.
pub fn stored_text(config: &Config) -> Result<String, String> {
    yealink::write(&config.export(Format::Yealink).0)
}
