//! Browser drivers: the thin layer between the core's phone and the browser.
//!
//! [`Runtime`] owns the core [`Phone`], feeds it inputs (WebSocket frames, timers, key
//! presses, media events) and carries out its outputs (frames to send, media commands,
//! redraws). It holds no phone logic of its own.

pub mod clock;
pub mod fetch;
pub mod log;
pub mod media;
pub mod provision;
pub mod recording;
pub mod storage;
pub mod ws;

use std::cell::RefCell;
use std::rc::Rc;

use deskphone_core::config::phonebook;
use deskphone_core::config::records::{self, Records};
use deskphone_core::config::settings::LogLevel;
use deskphone_core::phone::view::{volume_gain, View};
use deskphone_core::phone::{Input, MediaEvent, Output, Phone, RecordCommand};
use deskphone_core::profile::Profile;
use gloo::timers::callback::Timeout;
use leptos::prelude::*;

use crate::config::PageConfig;
use media::{Media, Meters};
use ws::Transport;

/// The running phone in this page.
#[derive(Clone)]
pub struct Runtime {
    inner: Rc<RefCell<Inner>>,
    /// What the face draws; updated on every `ViewChanged`.
    pub view: RwSignal<View>,
    /// Audio meters from the media engine.
    pub meters: RwSignal<Meters>,
    /// The system log (newest last), for the admin pages.
    pub log: RwSignal<Vec<log::Entry>>,
    /// The least severe entries the log keeps.
    log_level: LogLevel,
    /// The device this page is: the face lays itself out from it.
    pub profile: Rc<Profile>,
    /// The browser holds the audio back until the user taps the page.
    pub sound_blocked: RwSignal<bool>,
    /// The calls recorded on this page, to download.
    pub recordings: RwSignal<Vec<recording::RecordedFile>>,
    /// The configuration the phone started with (the admin pages change its stored part).
    pub page_config: Rc<PageConfig>,
}

struct Inner {
    phone: Phone,
    /// One connection per line, line 1 first.
    transports: Vec<Transport>,
    media: Media,
    timer: Option<Timeout>,
    /// The directory as last stored: the phone's edits are stored when it changes.
    stored_directory: Vec<deskphone_core::phone::directory::Contact>,
    /// The call log and messages as last stored.
    stored_records: Records,
    /// The stored configuration, and the phone's menu settings as last written into it.
    stored_config: deskphone_core::config::Config,
    menu_settings: Vec<(&'static str, String)>,
}

impl Runtime {
    /// Start the phone for the page's accounts: connect a WebSocket per line and set up audio.
    pub fn start(config: PageConfig) -> Result<Runtime, String> {
        let settings = &config.settings;
        if settings.lines.is_empty() {
            return Err(
                "no account: open this page with ?user=NAME&pass=PASSWORD, or give it \
                a provisioning server with ?provision=URL"
                    .into(),
            );
        }
        let profile = Rc::new(settings.profile.clone());
        // The device id stands for the MAC (`$mac` of action URLs) as in provisioning.
        let mut settings = settings.clone();
        settings.device_id = Some(config.device_id());
        let settings = &settings;
        let mut phone = settings.build_phone(clock::seed(), clock::now())?;
        // The call log and messages from before the restart.
        let mut warnings = config.warnings.clone();
        match storage::load(storage::RECORDS).map(|t| records::read("stored records", &t)) {
            None => {}
            Some(Ok(r)) => phone.restore_records(r),
            Some(Err(e)) => warnings.push(format!("{e}: left out")),
        }
        let stored_records = phone.records();
        let menu_settings = phone.menu_settings();
        let view = RwSignal::new(phone.view());
        let meters = RwSignal::new(Meters::default());
        let sound_blocked = RwSignal::new(false);
        let recordings = recording::Recordings::default();
        let rt = Runtime {
            inner: Rc::new(RefCell::new(Inner {
                phone,
                transports: Vec::new(),
                media: Media::new(
                    meters,
                    sound_blocked,
                    settings.ice_servers.clone(),
                    settings.lines.iter().map(|l| l.codecs.clone()).collect(),
                    settings.tones.clone(),
                    recordings.clone(),
                ),
                timer: None,
                stored_directory: settings.contacts.clone(),
                stored_records,
                stored_config: config.stored.clone(),
                menu_settings,
            })),
            view,
            meters,
            log: RwSignal::new(Vec::new()),
            log_level: settings.log_level,
            profile,
            sound_blocked,
            recordings: recordings.files,
            page_config: Rc::new(config.clone()),
        };
        let transports = (settings.lines.iter().enumerate())
            .map(|(line, l)| Transport::connect(line, &l.ws_urls, rt.clone()))
            .collect();
        rt.inner.borrow_mut().transports = transports;
        for warning in warnings {
            rt.log_at(LogLevel::Warning, warning);
        }
        // The wall clock for the status bar and the call log, now and every ten minutes
        // (a time-zone or daylight-saving change shows within that).
        rt.input(Input::WallClock(clock::wall()));
        let ticking = rt.clone();
        gloo::timers::callback::Interval::new(600_000, move || {
            ticking.input(Input::WallClock(clock::wall()))
        })
        .forget();
        // Closing the page switches the phone off: hang up and un-register (best effort).
        let on_hide = rt.clone();
        let listener =
            gloo::events::EventListener::new(&gloo::utils::window(), "pagehide", move |_| {
                on_hide.input(Input::Shutdown);
            });
        listener.forget();
        Ok(rt)
    }

    /// Feed one input to the phone and carry out everything it asks for.
    pub fn input(&self, input: Input) {
        if let Ok(mut inner) = self.inner.try_borrow_mut() {
            inner.phone.handle_input(clock::now(), input);
        } else {
            // Re-entrant call from a side effect: queue it on the event loop.
            let rt = self.clone();
            wasm_bindgen_futures::spawn_local(async move { rt.input(input) });
            return;
        }
        self.pump();
        self.store_changes();
    }

    /// Store what the phone keeps if it changed: the directory (added, edited, deleted on
    /// the phone), the call log and the messages, and the settings changed on its menus
    /// and keys (DND, forward, language, ...) into the stored configuration.
    fn store_changes(&self) {
        let failed = {
            let mut inner = self.inner.borrow_mut();
            let now = inner.phone.menu_settings();
            if now == inner.menu_settings {
                None
            } else {
                inner.menu_settings = now;
                match inner.stored_config.with_menu_settings(&inner.menu_settings) {
                    Ok(config) => match crate::config::stored_text(&config) {
                        Ok(text) => {
                            inner.stored_config = config;
                            storage::save_soon(storage::CONFIG, text);
                            None
                        }
                        Err(e) => Some(e),
                    },
                    Err(e) => Some(e),
                }
            }
        };
        if let Some(e) = failed {
            self.log_at(LogLevel::Warning, format!("a menu setting not kept: {e}"));
        }
        let mut inner = self.inner.borrow_mut();
        if inner.phone.directory() != inner.stored_directory.as_slice() {
            inner.stored_directory = inner.phone.directory().to_vec();
            storage::save_soon(
                storage::PHONEBOOK,
                phonebook::write(&inner.stored_directory),
            );
        }
        let records = &inner.stored_records;
        if inner.phone.history() != &records.history || inner.phone.inbox() != &records.inbox {
            inner.stored_records = inner.phone.records();
            storage::save_soon(storage::RECORDS, records::write(&inner.stored_records));
        }
    }

    /// Drain the phone's outputs (STYLE.md §1: until it returns a timeout).
    fn pump(&self) {
        loop {
            let output = self.inner.borrow_mut().phone.poll_output();
            match output {
                Output::Send { line, bytes } => {
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    // The system log names every message sent, by its first line.
                    let first = text.lines().next().unwrap_or_default();
                    self.log_at(
                        LogLevel::Debug,
                        if first.is_empty() {
                            format!("line {}: sent keep-alive (CRLF)", line + 1)
                        } else {
                            format!("line {}: sent {first}", line + 1)
                        },
                    );
                    if let Some(t) = self.inner.borrow().transports.get(line) {
                        t.send(&text);
                    }
                }
                Output::Media(cmd) => {
                    let media = self.inner.borrow().media.clone();
                    media.execute(cmd, self.clone());
                }
                Output::ViewChanged => {
                    let v = self.inner.borrow().phone.view();
                    let (muted, sound, conference, far_muted, volumes) =
                        self.view.with_untracked(|old| {
                            (
                                old.muted,
                                old.sound,
                                old.conference.clone(),
                                old.conference_muted.clone(),
                                (old.ringer_volume, old.call_volume),
                            )
                        });
                    let media = self.inner.borrow().media.clone();
                    if (v.ringer_volume, v.call_volume) != volumes {
                        let steps = v.volume_steps;
                        media.set_volumes(
                            volume_gain(v.ringer_volume, steps),
                            volume_gain(v.call_volume, steps),
                        );
                    }
                    if v.muted != muted {
                        if let Err(e) = media.set_muted(v.muted) {
                            self.log_at(LogLevel::Error, format!("mute: {e:?}"));
                        }
                    }
                    if v.conference != conference {
                        media.set_conference(v.conference.clone());
                    }
                    if v.conference_muted != far_muted {
                        media.set_far_muted(v.conference_muted.clone());
                    }
                    if v.sound != sound {
                        if let Err(e) = media.set_sound(v.sound) {
                            self.log_at(LogLevel::Error, format!("sound: {e:?}"));
                        }
                    }
                    self.view.set(v);
                }
                Output::Log(line) => self.log(line),
                Output::KeyTone { digit, in_band } => {
                    let media = self.inner.borrow().media.clone();
                    media.key_tone(digit, in_band);
                }
                Output::Record(command) => {
                    let media = self.inner.borrow().media.clone();
                    let starting = matches!(command, RecordCommand::Start { .. });
                    if let Err(e) = media.record(command, self.clone()) {
                        self.log_at(LogLevel::Error, format!("recording: {e:?}"));
                        if starting {
                            let reason = format!("{e:?}");
                            let rt = self.clone();
                            // Not from inside the phone's own output loop.
                            wasm_bindgen_futures::spawn_local(async move {
                                rt.input(Input::Media(MediaEvent::RecordingFailed { reason }));
                            });
                        }
                    }
                }
                Output::ActionUrl(url) => fetch::fire(&url),
                Output::Fetch { id, url } => {
                    let rt = self.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        let result = fetch::text(&url).await;
                        rt.input(Input::Fetched { id, result });
                    });
                }
                Output::Prompt(words) => {
                    let media = self.inner.borrow().media.clone();
                    media.say(words);
                }
                Output::SwitchServer { line, server } => {
                    if let Some(t) = self.inner.borrow().transports.get(line) {
                        t.switch(server);
                    }
                }
                Output::Reconnect { line } => {
                    if let Some(t) = self.inner.borrow().transports.get(line) {
                        t.close();
                    }
                }
                Output::Timeout(at) => {
                    self.schedule(at);
                    break;
                }
            }
        }
    }

    fn schedule(&self, at: Option<deskphone_core::time::Instant>) {
        let mut inner = self.inner.borrow_mut();
        inner.timer = at.map(|at| {
            let delay = at.0.saturating_sub(clock::now().0).min(u64::from(u32::MAX)) as u32;
            let rt = self.clone();
            Timeout::new(delay, move || rt.input(Input::Tick))
        });
    }

    /// Log what the phone did (an informational entry).
    pub fn log(&self, line: String) {
        self.log_at(LogLevel::Info, line);
    }

    /// Log `line` at `level`: to the console always, into the system log if the
    /// configuration keeps that level.
    pub fn log_at(&self, level: LogLevel, line: String) {
        let entry = log::Entry::now(level, line);
        log::to_console(&entry);
        if level > self.log_level {
            return;
        }
        self.log.update(|l| {
            l.push(entry);
            if l.len() > log::KEPT {
                l.remove(0);
            }
        });
    }

    /// Resume audio after a user gesture (browsers start AudioContexts suspended).
    pub fn user_gesture(&self) {
        self.inner.borrow().media.resume();
    }
}
