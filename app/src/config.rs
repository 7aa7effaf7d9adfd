//! The phone's configuration in the page: the values the page URL gives
//! (`?user=alice&pass=alicepw&keys=blf:1002`, see [`deskphone_core::config::url`]) applied
//! over the defaults, all or nothing, and read into the core's [`Settings`].

use deskphone_core::config::{url, Config, Environment, Settings};

/// What the page starts the phone with.
#[derive(Clone, Debug)]
pub struct PageConfig {
    /// The configuration's values.
    pub config: Config,
    /// What the phone takes from them.
    pub settings: Settings,
    /// URL parameters the phone does not know, and the like.
    pub warnings: Vec<String>,
}

impl PageConfig {
    /// Read the page URL; the error says which parameter is wrong or missing.
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
            let (name, value) = (pair.get(0).as_string(), pair.get(1).as_string());
            if let (Some(name), Some(value)) = (name, value) {
                pairs.push((name, value));
            }
        }
        PageConfig::from_params(&pairs, &host)
    }

    /// The configuration the URL parameters `pairs` give a page loaded from `host`.
    pub fn from_params(pairs: &[(String, String)], host: &str) -> Result<PageConfig, String> {
        let applied = url::apply(&Config::new(), pairs).map_err(|errors| {
            (errors.iter().map(ToString::to_string))
                .collect::<Vec<_>>()
                .join("; ")
        })?;
        let env = Environment {
            host: host.to_string(),
        };
        let settings = Settings::from_config(&applied.config, &env)?;
        if settings.lines.is_empty() {
            return Err("no account: open this page with ?user=NAME&pass=PASSWORD".into());
        }
        Ok(PageConfig {
            config: applied.config,
            settings,
            warnings: applied.warnings,
        })
    }
}
