//! Auto provisioning: the phone fetches its configuration files from a server, at start and
//! on a schedule, and applies them over its stored configuration, all or nothing.
//!
//! - Yealink (CP860 guide, "Auto Provisioning"): a server *directory* holds the model's
//!   common file (`y000000000037.cfg` on the CP860) and one file per phone, `<MAC>.cfg`;
//!   the common file is fetched first, the phone's own wins over it, and file values win
//!   over the phone's own settings. Either file may be missing, not both.
//! - AudioCodes (4xxHD manual §9.3): a *file* URL, `<MAC>` and `<MODEL>` standing for the
//!   phone's; its `include` lines fetch further files in place, resolved against the
//!   including file's URL. The manual sets no depth or cycle limit; this phone refuses an
//!   include deeper than [`MAX_DEPTH`], one that includes itself again, and more than
//!   [`MAX_FILES`] files in one run.
//!
//! A browser has no MAC: the phone's device id stands in for it (in file names and
//! placeholders). Credentials come from the URL (`http://user:pass@host/dir/`, which a
//! browser's fetch refuses, so they are taken out of the URL) or from the configuration.
//!
//! The page URL's values win over provisioned ones as they win over stored ones: a run
//! checks the stored configuration with the files over it *and* the URL over that, and
//! takes the device (for the common file's name, `<MODEL>`) from the same.
//!
//! [`Run`] is sans-IO: [`Run::step`] says which file to fetch next, [`Run::fetched`] takes
//! what came back, and the last step is a [`Report`] with the new configuration, if any.

use std::collections::VecDeque;

use super::audiocodes::{self, Statement};
use super::schema::PROFILES;
use super::store::{Applied, Config, Format};
use super::{yealink, Assignment};
use crate::profile::Profile;

/// How deep includes may nest (a file that includes a file that includes ... ).
pub const MAX_DEPTH: usize = 4;
/// The most files one run fetches.
pub const MAX_FILES: usize = 16;

/// Where and when the phone provisions itself (the configuration's `auto_provision.*`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProvisionSettings {
    /// The server: a directory (`http://host/dir/`) or a file URL with placeholders.
    pub server: Option<String>,
    /// HTTP credentials for the server, unless its URL carries its own.
    pub user: String,
    pub password: String,
    /// Provision when the phone starts.
    pub power_on: bool,
    /// Provision again every so many minutes.
    pub repeat_minutes: Option<u32>,
}

/// One HTTP GET the driver is to make.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The URL, without credentials.
    pub url: String,
    /// Basic authentication: user name and password.
    pub auth: Option<(String, String)>,
}

/// What came back for a [`Request`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fetched {
    /// The body (HTTP 2xx).
    Body(String),
    /// HTTP 404.
    NotFound,
    /// Anything else: no answer, another status, a body too large.
    Failed(String),
}

/// What one file of a run came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileReport {
    pub url: String,
    pub outcome: FileOutcome,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileOutcome {
    /// Read, with this many values in it.
    Read { values: usize },
    /// Not on the server, and not needed.
    Missing,
    /// Not fetched or not read: why.
    Failed(String),
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The files changed the configuration: here it is (to store, then restart).
    Changed { config: Box<Config>, values: usize },
    /// The files say what the phone already has.
    Unchanged,
    /// Nothing applied: why (every error, with file and line).
    Refused(Vec<String>),
}

/// A run's result: every file, the warnings, and the outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub files: Vec<FileReport>,
    pub warnings: Vec<String>,
    pub outcome: Outcome,
}

impl Report {
    /// The report as lines a person reads (the Status page, the system log); the first
    /// says how it ended.
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![match &self.outcome {
            Outcome::Changed { values: 1, .. } => "Provisioned: 1 value changed".to_string(),
            Outcome::Changed { values, .. } => format!("Provisioned: {values} values changed"),
            Outcome::Unchanged => "Provisioned: no change".to_string(),
            Outcome::Refused(_) => "Provisioning failed: nothing applied".to_string(),
        }];
        for f in &self.files {
            out.push(match &f.outcome {
                FileOutcome::Read { values: 1 } => format!("{}: 1 value", f.url),
                FileOutcome::Read { values } => format!("{}: {values} values", f.url),
                FileOutcome::Missing => format!("{}: not on the server (skipped)", f.url),
                FileOutcome::Failed(why) => format!("{}: {why}", f.url),
            });
        }
        if let Outcome::Refused(errors) = &self.outcome {
            out.extend(errors.iter().cloned());
        }
        out.extend(self.warnings.iter().map(|w| format!("warning: {w}")));
        out
    }
}

/// The next thing a run needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Fetch this, then call [`Run::fetched`].
    Fetch(Request),
    /// Finished.
    Done(Report),
}

/// A file to fetch, how deep it is included, and whether it may be missing.
#[derive(Clone, Debug)]
struct Target {
    url: String,
    depth: usize,
    optional: bool,
}

/// A file being applied: its URL, its depth and what of it is left (after an include).
struct Frame {
    url: String,
    depth: usize,
    rest: VecDeque<Statement>,
}

/// One provisioning run (sans-IO, see the module's documentation).
pub struct Run {
    base: Config,
    /// The page URL's values, applied over the result to check it.
    url: Vec<(String, String)>,
    working: Config,
    auth: Option<(String, String)>,
    /// The server's files still to fetch, in order.
    queue: VecDeque<Target>,
    /// Files applied part way (the innermost last): an include is being fetched.
    stack: Vec<Frame>,
    /// The request out, if one is.
    pending: Option<Target>,
    files: Vec<FileReport>,
    warnings: Vec<String>,
    errors: Vec<String>,
    done: Option<Report>,
}

impl Run {
    /// A run fetching what `settings` names for the phone `device_id`, applied over
    /// `base` (the stored configuration) under the page URL's values `url` (none for a
    /// native phone); an error if the server address is not usable.
    pub fn start(
        base: &Config,
        url: &[(String, String)],
        settings: &ProvisionSettings,
        device_id: &str,
    ) -> Result<Run, String> {
        let server = settings
            .server
            .as_deref()
            .filter(|s| !s.is_empty())
            .ok_or("no provisioning server is configured")?;
        let (server, in_url) = split_credentials(server)?;
        let auth = in_url.or_else(|| {
            (!settings.user.is_empty()).then(|| (settings.user.clone(), settings.password.clone()))
        });
        let device = super::url::apply(base, url)
            .map_err(|e| format!("the page URL: {}", e[0]))?
            .config;
        let queue = targets(&server, device_id, device.profile())?.into();
        Ok(Run {
            base: base.clone(),
            url: url.to_vec(),
            working: base.clone(),
            auth,
            queue,
            stack: Vec::new(),
            pending: None,
            files: Vec::new(),
            warnings: Vec::new(),
            errors: Vec::new(),
            done: None,
        })
    }

    /// Files fetched so far, and files known to fetch in all (includes add to it as they
    /// are read): for a progress bar.
    pub fn progress(&self) -> (usize, usize) {
        let includes: usize = (self.stack.iter())
            .map(|f| {
                f.rest
                    .iter()
                    .filter(|s| matches!(s, Statement::Include { .. }))
                    .count()
            })
            .sum();
        let done = self.files.len();
        let known = done + usize::from(self.pending.is_some()) + self.queue.len() + includes;
        (done, known.max(1))
    }

    /// What the run needs next.
    pub fn step(&mut self) -> Step {
        loop {
            if let Some(report) = &self.done {
                return Step::Done(report.clone());
            }
            if let Some(t) = &self.pending {
                return Step::Fetch(Request {
                    url: t.url.clone(),
                    auth: self.auth.clone(),
                });
            }
            if !self.errors.is_empty() {
                self.finish();
                continue;
            }
            // Carry on with the innermost file part way through, else the next server file.
            if let Some(frame) = self.stack.last_mut() {
                match frame.rest.pop_front() {
                    None => {
                        self.stack.pop();
                    }
                    Some(Statement::Include { line, target }) => {
                        let (url, depth) = (frame.url.clone(), frame.depth + 1);
                        self.include(&url, line, &target, depth);
                    }
                    Some(Statement::Set(first)) => {
                        let mut batch = vec![first];
                        while let Some(Statement::Set(_)) = frame.rest.front() {
                            if let Some(Statement::Set(a)) = frame.rest.pop_front() {
                                batch.push(a);
                            }
                        }
                        let url = frame.url.clone();
                        self.apply(&url, Format::AudioCodes, &batch);
                    }
                }
                continue;
            }
            match self.queue.pop_front() {
                Some(t) => self.pending = Some(t),
                None => self.finish(),
            }
        }
    }

    /// What came back for the request [`Run::step`] gave.
    pub fn fetched(&mut self, result: Fetched) {
        let Some(target) = self.pending.take() else {
            return;
        };
        let report = |outcome| FileReport {
            url: target.url.clone(),
            outcome,
        };
        let body = match result {
            Fetched::Body(body) => body,
            Fetched::NotFound if target.optional => {
                self.files.push(report(FileOutcome::Missing));
                return;
            }
            Fetched::NotFound => {
                self.fail(report(FileOutcome::Failed(
                    "not on the server (HTTP 404)".into(),
                )));
                return;
            }
            Fetched::Failed(why) => {
                self.fail(report(FileOutcome::Failed(why)));
                return;
            }
        };
        let name = target.url.as_str();
        if body
            .trim_start_matches('\u{feff}')
            .starts_with("#!version:")
        {
            match yealink::read(name, &body) {
                Ok(file) => {
                    self.note(name, &file.warnings);
                    self.files.push(report(FileOutcome::Read {
                        values: file.assignments.len(),
                    }));
                    self.apply(name, Format::Yealink, &file.assignments);
                }
                Err(e) => self.fail(report(FileOutcome::Failed(e.reason.clone()))),
            }
            return;
        }
        match audiocodes::read(name, &body) {
            Ok(file) => {
                self.note(name, &file.warnings);
                self.files.push(report(FileOutcome::Read {
                    values: file.assignments().len(),
                }));
                self.stack.push(Frame {
                    url: target.url.clone(),
                    depth: target.depth,
                    rest: file.statements.into(),
                });
            }
            Err(e) => {
                let why = if e.line == 0 {
                    e.reason.clone()
                } else {
                    format!("line {}: {}", e.line, e.reason)
                };
                self.fail(report(FileOutcome::Failed(why)));
            }
        }
    }

    /// `include TARGET` on `line` of the file at `from`: fetch it next, unless it is too
    /// deep, already being read, or one file too many.
    fn include(&mut self, from: &str, line: usize, target: &str, depth: usize) {
        let error = |why: String| format!("{from}:{line}: include {target}: {why}");
        let url = match resolve(from, target) {
            Ok(u) => u,
            Err(why) => return self.errors.push(error(why)),
        };
        if depth > MAX_DEPTH {
            return self.errors.push(error(format!(
                "includes nest deeper than {MAX_DEPTH} files"
            )));
        }
        if self.stack.iter().any(|f| f.url == url) {
            return self
                .errors
                .push(error("includes itself again (a cycle)".into()));
        }
        if self.files.len() >= MAX_FILES {
            return self
                .errors
                .push(error(format!("more than {MAX_FILES} files")));
        }
        self.pending = Some(Target {
            url,
            depth,
            optional: false,
        });
    }

    /// Apply `assignments` of the file `url` to the configuration being built.
    fn apply(&mut self, url: &str, format: Format, assignments: &[Assignment]) {
        match self.working.apply_values(format, url, assignments) {
            Ok(Applied {
                config, warnings, ..
            }) => {
                self.working = config;
                self.warnings.extend(warnings);
            }
            Err(errors) => self.errors.extend(errors.iter().map(ToString::to_string)),
        }
    }

    fn note(&mut self, file: &str, warnings: &[super::Warning]) {
        (self.warnings).extend(
            warnings
                .iter()
                .map(|w| format!("{file}:{}: {}", w.line, w.text)),
        );
    }

    /// A file that could not be had: the run fails with it.
    fn fail(&mut self, file: FileReport) {
        if let FileOutcome::Failed(why) = &file.outcome {
            self.errors.push(format!("{}: {why}", file.url));
        }
        self.files.push(file);
    }

    /// Every file is in (or the run failed): check the whole and say how it ended.
    fn finish(&mut self) {
        let found = (self.files.iter()).any(|f| matches!(f.outcome, FileOutcome::Read { .. }));
        if self.errors.is_empty() && !found {
            self.errors
                .push("none of the phone's files is on the server".into());
        }
        let outcome = if !self.errors.is_empty() {
            Outcome::Refused(std::mem::take(&mut self.errors))
        } else {
            let applied = Applied {
                config: self.working.clone(),
                warnings: Vec::new(),
                set: Vec::new(),
            };
            let whole = applied
                .checked("provisioned configuration")
                .and_then(|a| super::url::apply(&a.config, &self.url).map(|_| a));
            match whole {
                Err(errors) => Outcome::Refused(errors.iter().map(ToString::to_string).collect()),
                Ok(a) if a.config == self.base => Outcome::Unchanged,
                Ok(a) => {
                    let values = changed(&self.base, &a.config);
                    Outcome::Changed {
                        config: Box::new(a.config),
                        values,
                    }
                }
            }
        };
        self.done = Some(Report {
            files: std::mem::take(&mut self.files),
            warnings: std::mem::take(&mut self.warnings),
            outcome,
        });
    }
}

/// How many values differ between `a` and `b` (set in one and not the other, or set to
/// something else).
fn changed(a: &Config, b: &Config) -> usize {
    let left: std::collections::BTreeMap<_, _> = a.set_values().collect();
    let right: std::collections::BTreeMap<_, _> = b.set_values().collect();
    let mut n = (left.iter())
        .filter(|(s, v)| right.get(s) != Some(v))
        .count();
    n += (right.keys()).filter(|s| !left.contains_key(s)).count();
    n
}

/// The files a server address names, in the order they are applied.
fn targets(server: &str, device_id: &str, profile: &Profile) -> Result<Vec<Target>, String> {
    check_url(server)?;
    let has_placeholder = ["<MAC>", "$MAC", "<MODEL>"]
        .iter()
        .any(|p| server.contains(p));
    let last = server.rsplit('/').next().unwrap_or_default();
    let file = |url: String| Target {
        url,
        depth: 0,
        optional: false,
    };
    if has_placeholder {
        return Ok(vec![file(placeholders(server, device_id, profile))]);
    }
    if last.contains('.') && !server.ends_with('/') && last != after_scheme(server) {
        return Ok(vec![file(server.to_string())]);
    }
    let dir = if server.ends_with('/') {
        server.to_string()
    } else {
        format!("{server}/")
    };
    let mut out: Vec<Target> = (profile.provision_common.iter())
        .map(|common| Target {
            url: format!("{dir}{common}"),
            depth: 0,
            optional: true,
        })
        .collect();
    out.push(Target {
        url: format!("{dir}{device_id}.cfg"),
        depth: 0,
        optional: true,
    });
    Ok(out)
}

/// `<MAC>` (or Yealink's `$MAC`) as the device id, `<MODEL>` as the model's name.
fn placeholders(url: &str, device_id: &str, profile: &Profile) -> String {
    let model = (PROFILES.iter())
        .find(|o| o.value == profile.id)
        .and_then(|o| o.audiocodes)
        .unwrap_or(&profile.id);
    url.replace("<MAC>", device_id)
        .replace("$MAC", device_id)
        .replace("<MODEL>", model)
}

/// The part of a URL after its `scheme://`.
fn after_scheme(url: &str) -> &str {
    url.split_once("://").map_or(url, |(_, rest)| rest)
}

/// Whether `url` can be a provisioning server's address (credentials and all).
pub fn check_server(url: &str) -> Result<(), String> {
    split_credentials(url).map(|_| ())
}

/// An http(s) URL with a host.
fn check_url(url: &str) -> Result<(), String> {
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| format!("{url:?} is not a URL"))?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(format!(
            "{scheme}: a browser phone provisions over http or https only"
        ));
    }
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("{url:?} is not a URL"));
    }
    Ok(())
}

/// `url` without the `user:password@` it may carry, and those credentials.
fn split_credentials(url: &str) -> Result<(String, Option<(String, String)>), String> {
    check_url(url)?;
    let (scheme, rest) = url.split_once("://").unwrap_or(("http", url));
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        None => Ok((url.to_string(), None)),
        Some((creds, host)) => {
            let (user, password) = creds.split_once(':').unwrap_or((creds, ""));
            Ok((
                format!("{scheme}://{host}{path}"),
                Some((user.to_string(), password.to_string())),
            ))
        }
    }
}

/// An include's target, resolved against the URL of the file that includes it (RFC 3986
/// §5.2): a URL as it is, `/path` on the same server, a name in the same directory; `.`
/// and `..` taken out (§5.2.4), so a file reached by two spellings is the same file.
fn resolve(from: &str, target: &str) -> Result<String, String> {
    if target.contains("://") {
        check_url(target)?;
        return Ok(target.to_string());
    }
    let (scheme, rest) = from.split_once("://").ok_or("not a URL")?;
    let host_end = rest.find('/').unwrap_or(rest.len());
    let origin = format!("{scheme}://{}", &rest[..host_end]);
    let path = if target.starts_with('/') {
        target.to_string()
    } else {
        let base = rest[host_end..]
            .split(['?', '#'])
            .next()
            .unwrap_or_default();
        let dir = &base[..base.rfind('/').map_or(0, |i| i + 1)];
        let dir = if dir.is_empty() { "/" } else { dir };
        format!("{dir}{target}")
    };
    Ok(format!("{origin}{}", without_dot_segments(&path)))
}

/// `path` with its `.` and `..` segments taken out (RFC 3986 §5.2.4); `..` stops at the
/// root.
fn without_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *seg {
            "." | ".." => {
                if *seg == ".." {
                    out.pop();
                }
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_include_resolves_against_the_including_file() {
        let from = "http://h:8001/prov/site/a.cfg";
        assert_eq!(
            resolve(from, "b.cfg").unwrap(),
            "http://h:8001/prov/site/b.cfg"
        );
        assert_eq!(resolve(from, "/c.cfg").unwrap(), "http://h:8001/c.cfg");
        assert_eq!(resolve(from, "https://x/d.cfg").unwrap(), "https://x/d.cfg");
        assert!(resolve(from, "tftp://x/d.cfg").is_err());
        assert_eq!(resolve("http://h", "b.cfg").unwrap(), "http://h/b.cfg");
        // Two spellings of one file are one URL (so a cycle shows).
        assert_eq!(
            resolve("http://h/a/site/c.cfg", "../b.cfg").unwrap(),
            "http://h/a/b.cfg"
        );
        assert_eq!(
            resolve("http://h/a/c.cfg", "./x/../../../b.cfg").unwrap(),
            "http://h/b.cfg"
        );
        assert_eq!(
            resolve("http://h/a/c.cfg?v=1", "b.cfg").unwrap(),
            "http://h/a/b.cfg"
        );
        assert_eq!(resolve("http://h/a/c.cfg", "..").unwrap(), "http://h/");
    }

    #[test]
    fn credentials_are_taken_out_of_the_url() {
        let (url, creds) = split_credentials("http://ann:s3cret@h:8001/prov/").unwrap();
        assert_eq!(url, "http://h:8001/prov/");
        assert_eq!(creds, Some(("ann".into(), "s3cret".into())));
        assert_eq!(
            split_credentials("http://h/p").unwrap(),
            ("http://h/p".into(), None)
        );
        assert!(split_credentials("tftp://h/").is_err());
        assert!(split_credentials("http:///x").is_err());
    }
}
