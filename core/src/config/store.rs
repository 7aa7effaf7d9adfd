//! The phone's configuration: the values set for the [schema](super::schema)'s
//! parameters, everything else at its default. A batch of assignments (a file, the page
//! URL, an admin page's Submit) is applied all or nothing: every value is checked, the
//! whole result is checked as the phone would take it, and any error leaves the
//! configuration as it was.

use std::collections::BTreeMap;
use std::fmt;

use super::schema::{Default, Kind, Opt, Param, Scope, PARAMS};
use super::Assignment;
use crate::profile::{self, Profile};

/// Where a batch of values comes from; each names parameters its own way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The page URL's query parameters (`user=alice&keys=blf:1002`).
    Url,
    /// Yealink `.cfg` names, the schema's own (`account.1.user_name`).
    Yealink,
    /// AudioCodes `key/path` names (`voip/line/0/id`).
    AudioCodes,
}

/// Where a value is set: a parameter (its place in [`PARAMS`]) and its index (1 for a
/// global parameter).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slot {
    pub param: usize,
    pub index: u16,
}

impl Slot {
    /// The parameter.
    pub fn param(self) -> &'static Param {
        &PARAMS[self.param]
    }

    /// Its schema name, index filled in (`account.2.user_name`).
    pub fn name(self) -> String {
        self.param().name_at(self.index)
    }
}

/// A value refused: the file, line, parameter and why (with what is allowed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    pub file: String,
    /// 1-based; 0 when the error is about the configuration as a whole.
    pub line: usize,
    /// The parameter as the file names it (empty for the whole configuration).
    pub name: String,
    pub reason: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.name.is_empty()) {
            (0, true) => write!(f, "{}: {}", self.file, self.reason),
            (0, false) => write!(f, "{}: {}: {}", self.file, self.name, self.reason),
            (n, true) => write!(f, "{}:{n}: {}", self.file, self.reason),
            (n, false) => write!(f, "{}:{n}: {}: {}", self.file, self.name, self.reason),
        }
    }
}

/// A configuration after a batch was applied, with what looked wrong but was not an
/// error (unknown parameters, above all).
#[derive(Clone, Debug)]
pub struct Applied {
    pub config: Config,
    pub warnings: Vec<String>,
    /// Where the batch set a value (the admin pages show the URL's as locked).
    pub set: Vec<Slot>,
}

impl Applied {
    /// This result if the configuration as a whole makes a phone (a line 3 needs a line
    /// 2, the device must have the keys and lines); the reason otherwise, from `file`.
    pub(crate) fn checked(self, file: &str) -> Result<Applied, Vec<ImportError>> {
        match super::settings::Settings::check(&self.config) {
            Ok(()) => Ok(self),
            Err(reason) => Err(vec![ImportError {
                file: file.to_string(),
                line: 0,
                name: String::new(),
                reason,
            }]),
        }
    }
}

/// The values set; a parameter not set has its default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    values: BTreeMap<Slot, String>,
    /// The device `deskphone.profile` names, read once it is set (defaults depend on it).
    profile: Profile,
}

impl std::default::Default for Config {
    fn default() -> Config {
        Config {
            values: BTreeMap::new(),
            profile: profile::default_profile(),
        }
    }
}

/// The most errors one batch reports (a file of garbage says enough with these).
const MAX_ERRORS: usize = 50;

impl Config {
    /// Every parameter at its default.
    pub fn new() -> Config {
        Config::default()
    }

    /// The device this configuration is for.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// The value of parameter `name` (the schema's spelling) at `index`: the one set, or
    /// its default. An unknown name is a programming error and gives "".
    pub fn value(&self, name: &str, index: u16) -> String {
        let Some(slot) = slot(name, index) else {
            debug_assert!(false, "no parameter {name} at {index}");
            return String::new();
        };
        self.value_at(slot)
    }

    /// The value at `slot`: the one set, or its default.
    pub fn value_at(&self, slot: Slot) -> String {
        if let Some(v) = self.values.get(&slot) {
            return v.clone();
        }
        self.default_at(slot)
    }

    /// The default at `slot`, for this configuration's device.
    pub fn default_at(&self, slot: Slot) -> String {
        let p = slot.param();
        if p.name != "deskphone.profile" {
            if let Some(v) = self.profile.config.get(&slot.name()) {
                return v.clone();
            }
            if let Default::Device(of) = p.default {
                return of(&self.profile);
            }
        }
        match p.default {
            Default::Fixed(v) => v.to_string(),
            Default::LineOne if slot.index > 1 => self.value_at(Slot { index: 1, ..slot }),
            Default::LineOne | Default::Device(_) => String::new(),
        }
    }

    /// Whether a value is set at `slot` (not left at its default).
    pub fn is_set(&self, slot: Slot) -> bool {
        self.values.contains_key(&slot)
    }

    /// The values set, in the schema's order.
    pub fn set_values(&self) -> impl Iterator<Item = (Slot, &str)> {
        self.values.iter().map(|(s, v)| (*s, v.as_str()))
    }

    /// Apply `assignments` (named and spelt as `format` has them, read from `file`):
    /// the new configuration, or every error and nothing changed.
    pub fn apply(
        &self,
        format: Format,
        file: &str,
        assignments: &[Assignment],
    ) -> Result<Applied, Vec<ImportError>> {
        self.apply_values(format, file, assignments)?.checked(file)
    }

    /// [`Config::apply`] without the check of the whole: each value checked, the
    /// result not yet built into a phone (a source of several batches checks once, at the
    /// end, with [`Applied::checked`]).
    pub(crate) fn apply_values(
        &self,
        format: Format,
        file: &str,
        assignments: &[Assignment],
    ) -> Result<Applied, Vec<ImportError>> {
        let mut next = self.clone();
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        let mut set = Vec::new();
        for a in assignments {
            if errors.len() >= MAX_ERRORS {
                break;
            }
            let error = |reason: String| ImportError {
                file: file.to_string(),
                line: a.line,
                name: a.name.clone(),
                reason,
            };
            match resolve(format, &a.name) {
                Resolved::Unknown => warnings.push(at(
                    file,
                    a.line,
                    &format!("{}: not a parameter of this phone, ignored", a.name),
                )),
                Resolved::BadIndex(why) => errors.push(error(why)),
                Resolved::One(slot) => {
                    if let Err(why) = next.assign(format, slot, &a.value) {
                        errors.push(error(why));
                    }
                    set.push(slot);
                }
                Resolved::Joined(param, sep) => {
                    let parts: Vec<&str> = (a.value.split(sep).map(str::trim))
                        .filter(|v| !v.is_empty())
                        .collect();
                    let p = &PARAMS[param];
                    if parts.len() > p.scope.count() as usize {
                        errors.push(error(format!(
                            "{} values given; at most {}",
                            parts.len(),
                            p.scope.count()
                        )));
                        continue;
                    }
                    for index in 1..=p.scope.count() {
                        let slot = Slot { param, index };
                        let value = parts.get(index as usize - 1).copied().unwrap_or("");
                        if let Err(why) = next.assign(format, slot, value) {
                            errors.push(error(format!("value {index}: {why}")));
                        }
                        if !value.is_empty() {
                            set.push(slot);
                        }
                    }
                }
            }
        }
        if errors.is_empty() {
            Ok(Applied {
                config: next,
                warnings,
                set,
            })
        } else {
            Err(errors)
        }
    }

    /// This configuration with what the user changed on the phone itself written in
    /// (`settings`: schema names and spelling, [`crate::phone::Phone::menu_settings`]):
    /// each value that differs from this configuration's is set; all or nothing.
    pub fn with_menu_settings(&self, settings: &[(&str, String)]) -> Result<Config, String> {
        let mut next = self.clone();
        for (name, value) in settings {
            let at = slot(name, 1).ok_or_else(|| format!("{name}: not a parameter"))?;
            if self.value_at(at) != *value {
                next.assign(Format::Url, at, value)
                    .map_err(|why| format!("{name}: {why}"))?;
            }
        }
        let applied = Applied {
            config: next,
            warnings: Vec::new(),
            set: Vec::new(),
        };
        match applied.checked("phone menu") {
            Ok(a) => Ok(a.config),
            Err(e) => Err(e[0].to_string()),
        }
    }

    /// Set `slot` from `text` as `format` spells it; an empty value goes back to the
    /// default.
    fn assign(&mut self, format: Format, slot: Slot, text: &str) -> Result<(), String> {
        let text = text.trim();
        if text.is_empty() {
            if self.values.remove(&slot).is_some() && slot.param().name == "deskphone.profile" {
                self.profile = profile::default_profile();
            }
            return Ok(());
        }
        let p = slot.param();
        let value = from_format(format, &p.kind, text)?;
        p.kind.check(&value)?;
        if p.name == "deskphone.profile" {
            self.profile = profile::by_id(&value).ok_or("no such device")?;
        }
        self.values.insert(slot, value);
        Ok(())
    }

    /// The values set, named and spelt as `format` has them, in the schema's order, and
    /// what `format` cannot say (a parameter it has no name for, a value it has no token
    /// for). URL values of one joined parameter come as one.
    pub fn export(&self, format: Format) -> (Vec<(String, String)>, Vec<String>) {
        let mut out: Vec<(String, String)> = Vec::new();
        let mut left_out = Vec::new();
        let mut joined: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for (&slot, value) in &self.values {
            let p = slot.param();
            if format == Format::Url {
                if let Some(_sep) = p.url_joined {
                    joined.entry(slot.param).or_default().push(value.clone());
                    continue;
                }
            }
            let name = name_in(format, p, slot.index);
            let token = to_format(format, &p.kind, value);
            match (name, token) {
                (Some(name), Some(token)) => out.push((name, token)),
                _ => left_out.push(format!("{}={value}", slot.name())),
            }
        }
        for (param, values) in joined {
            let p = &PARAMS[param];
            if let (Some(name), Some(sep)) = (p.url, p.url_joined) {
                out.push((name.to_string(), values.join(&sep.to_string())));
            }
        }
        (out, left_out)
    }
}

fn at(file: &str, line: usize, text: &str) -> String {
    if line == 0 {
        format!("{file}: {text}")
    } else {
        format!("{file}:{line}: {text}")
    }
}

/// What a name in a file stands for.
enum Resolved {
    Unknown,
    /// A known parameter with an index it does not have.
    BadIndex(String),
    One(Slot),
    /// Every index of a parameter, in one value with this separator (URL lists).
    Joined(usize, char),
}

/// The parameter and index `name` is in `format`.
fn resolve(format: Format, name: &str) -> Resolved {
    for (param, p) in PARAMS.iter().enumerate() {
        let (pattern, placeholder, base) = match format {
            Format::Yealink => (Some(p.name), "{n}", 1),
            Format::AudioCodes => (p.audiocodes, "{n0}", 0),
            Format::Url => (p.url, "{n?}", 1),
        };
        let Some(pattern) = pattern else { continue };
        if format == Format::Url {
            if let Some(sep) = p.url_joined {
                if pattern == name {
                    return Resolved::Joined(param, sep);
                }
                continue;
            }
        }
        let Some((pre, post)) = pattern.split_once(placeholder) else {
            if pattern == name {
                return Resolved::One(Slot { param, index: 1 });
            }
            continue;
        };
        if format == Format::Url && name == format!("{pre}{post}") {
            return Resolved::One(Slot { param, index: 1 });
        }
        let Some(digits) = name.strip_prefix(pre).and_then(|r| r.strip_suffix(post)) else {
            continue;
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let count = p.scope.count();
        let index = digits.parse::<u32>().ok().map(|n| n + 1 - base);
        return match index {
            Some(i) if (1..=count as u32).contains(&i) => Resolved::One(Slot {
                param,
                index: i as u16,
            }),
            _ => Resolved::BadIndex(format!(
                "no such {}: {}s are {}-{}",
                scope_noun(p.scope),
                scope_noun(p.scope),
                base,
                count as u32 - 1 + base
            )),
        };
    }
    Resolved::Unknown
}

fn scope_noun(scope: Scope) -> &'static str {
    match scope {
        Scope::Global => "index",
        Scope::Line => "line",
        Scope::Key => "key",
        Scope::Rule => "rule",
        Scope::BlockOut => "number",
        Scope::Book => "phonebook",
    }
}

/// The name of `p` at `index` in `format`, if it has one there.
pub fn name_in(format: Format, p: &Param, index: u16) -> Option<String> {
    match format {
        Format::Yealink => Some(p.name_at(index)),
        Format::AudioCodes => {
            let n = p.audiocodes?;
            if n.contains("{n0}") {
                Some(n.replace("{n0}", &(index - 1).to_string()))
            } else {
                (index == 1).then(|| n.to_string())
            }
        }
        Format::Url => {
            let n = p.url?;
            let suffix = if index == 1 {
                String::new()
            } else {
                index.to_string()
            };
            Some(n.replace("{n?}", &suffix))
        }
    }
}

/// The schema's spelling of `text`, as `format` spells values of `kind`.
fn from_format(format: Format, kind: &Kind, text: &str) -> Result<String, String> {
    match kind {
        Kind::Bool => match (format, text.to_ascii_lowercase().as_str()) {
            (_, "1") => Ok("1".into()),
            (_, "0") => Ok("0".into()),
            (Format::Url, "yes" | "on" | "true") => Ok("1".into()),
            (Format::Url, "no" | "off" | "false") => Ok("0".into()),
            _ => Err(format!("{text:?} is not 0 or 1")),
        },
        Kind::Choice(opts) => {
            let token = |o: &Opt| match format {
                Format::Url => None,
                Format::Yealink => o.yealink,
                Format::AudioCodes => o.audiocodes,
            };
            let found = (opts.iter())
                .find(|o| token(o).is_some_and(|t| t.eq_ignore_ascii_case(text)))
                .or_else(|| opts.iter().find(|o| o.value.eq_ignore_ascii_case(text)));
            match found {
                Some(o) => Ok(o.value.to_string()),
                None => {
                    let allowed: Vec<&str> =
                        opts.iter().map(|o| token(o).unwrap_or(o.value)).collect();
                    Err(format!(
                        "{text:?} is not allowed; allowed: {}",
                        allowed.join(", ")
                    ))
                }
            }
        }
        _ => Ok(text.to_string()),
    }
}

/// How `format` spells `value` (the schema's spelling) of `kind`; `None` where it has
/// no token for it. Yealink-style files take the schema's own spelling too.
fn to_format(format: Format, kind: &Kind, value: &str) -> Option<String> {
    let Kind::Choice(opts) = kind else {
        return Some(value.to_string());
    };
    let o = opts.iter().find(|o| o.value == value)?;
    match format {
        Format::Url => Some(o.value.to_string()),
        Format::Yealink => Some(o.yealink.unwrap_or(o.value).to_string()),
        Format::AudioCodes => o.audiocodes.map(str::to_string),
    }
}

/// Parameter `name` of the schema, for callers that hold a name.
pub fn slot(name: &str, index: u16) -> Option<Slot> {
    let param = PARAMS.iter().position(|p| p.name == name)?;
    (1..=PARAMS[param].scope.count())
        .contains(&index)
        .then_some(Slot { param, index })
}
