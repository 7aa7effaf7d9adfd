//! What a [`Config`] means to the phone: the accounts, keys, dialling rules and features
//! the core's [`Phone`] takes, read once from the configuration's values. The browser and
//! native drivers build their phone from these, so both read a configuration the same way.

use std::collections::BTreeMap;

use super::access::Access;
use super::provision::ProvisionSettings;
use super::store::Config;
use super::tones::TonePlan;
use crate::phone::acd::{AcdReason, AcdServer, AcdSettings};
use crate::phone::action_url::Event;
use crate::phone::dialplan::{AreaCode, DialPlan, DigitMap, GsDialPlan, PrefixRule, Replace, Rule};
use crate::phone::directory::{Blacklist, Contact};
use crate::phone::dss::DssKey;
use crate::phone::forward::Forward;
use crate::phone::xml_browser::{RemoteBook, MAX_REMOTE_BOOKS};
use crate::phone::{Phone, MAX_LINES};
use crate::profile::Profile;
use crate::sip::account::{Account, DtmfMode, Transport};
use crate::time::DateFormat;
use crate::time::{Duration, Instant};

/// What the driver knows and the configuration may leave to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Environment {
    /// The host the phone was loaded from: the default SIP domain, and the default
    /// WebSocket server `ws://HOST:8080`.
    pub host: String,
}

/// One line: its account, the WebSocket servers that reach it (primary first), and the
/// codecs its calls offer and accept, in preference order (empty: the driver's own).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineSettings {
    pub account: Account,
    pub ws_urls: Vec<String>,
    pub codecs: Vec<String>,
}

/// Everything the phone takes from its configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The device, its defaults as configured (send key, inter-digit time).
    pub profile: Profile,
    /// The lines with an account, line 1 first.
    pub lines: Vec<LineSettings>,
    pub ice_servers: Vec<String>,
    pub contacts: Vec<Contact>,
    pub blacklist: Blacklist,
    pub keys: Vec<DssKey>,
    pub speed_dials: Vec<(char, String)>,
    pub dial_plan: DialPlan,
    pub forward: Forward,
    pub acd: AcdSettings,
    pub remote_books: Vec<RemoteBook>,
    pub language: String,
    pub services: Option<String>,
    pub dnd: bool,
    pub dnd_code: u16,
    /// Who may open the admin pages.
    pub access: Access,
    /// Where and when the phone fetches its configuration.
    pub provisioning: ProvisionSettings,
    /// What stands for the MAC in provisioning file names, if configured (the driver
    /// has one of its own otherwise).
    pub device_id: Option<String>,
    /// The least severe system-log entries kept.
    pub log_level: LogLevel,
    /// Whether the administrator must replace a factory password before anything else.
    pub force_password_change: bool,
    /// The URLs sent on events.
    pub action_urls: BTreeMap<Event, String>,
    /// The status bar's clock: 24-hour, and the date's format.
    pub clock_24h: bool,
    pub date_format: DateFormat,
    /// The ring tone (1 to 5).
    pub ring_tone: u8,
    /// The format the phone records calls in.
    pub record_format: crate::phone::RecordFormat,
    /// The optional soft keys are offered (record keys, conference Manager).
    pub optional_keys: bool,
    /// Keypad presses sound their DTMF tone.
    pub key_tone: bool,
    /// How busy, congestion and hold reminder tones are played.
    pub progress_tones: crate::phone::progress_tones::ProgressTones,
    /// The dial, ringback and call-waiting tones (the driver plays them).
    pub tones: TonePlan,
}

/// How severe a system-log entry is, most severe first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LogLevel {
    /// Something failed (a connection could not be opened).
    Error,
    /// Something looked wrong and was worked around (a stored file left out).
    Warning,
    /// What the phone did (registered, a call came in).
    Info,
    /// Every SIP message.
    Debug,
}

impl LogLevel {
    /// Every level, most severe first.
    pub const ALL: [LogLevel; 4] = [
        LogLevel::Error,
        LogLevel::Warning,
        LogLevel::Info,
        LogLevel::Debug,
    ];

    /// The level's name, as the configuration spells it (`warning`).
    pub fn name(self) -> &'static str {
        match self {
            LogLevel::Error => "error",
            LogLevel::Warning => "warning",
            LogLevel::Info => "info",
            LogLevel::Debug => "debug",
        }
    }

    /// The level named `name`.
    pub fn named(name: &str) -> Option<LogLevel> {
        LogLevel::ALL.into_iter().find(|l| l.name() == name)
    }
}

impl Settings {
    /// Read `config`; the error names what does not fit together (a line 3 without a
    /// line 2, an area code's shortest number above its longest).
    pub fn from_config(config: &Config, env: &Environment) -> Result<Settings, String> {
        let v = |name: &str| config.value(name, 1);
        let opt = |name: &str| Some(v(name)).filter(|s| !s.is_empty());
        let flag = |name: &str| v(name) == "1";
        let mut profile = config.profile().clone();
        profile.defaults.send_key = v("features.key_as_send")
            .chars()
            .next()
            .filter(|c| *c != 'n');
        profile.defaults.inter_digit_timeout =
            v("phone_setting.inter_digits_time").parse().unwrap_or(0);
        let lines = lines(config, env)?;
        let keys = (1..=super::schema::MAX_KEYS)
            .map(|n| config.value("deskphone.key.{n}", n))
            .filter(|k| !k.is_empty())
            .map(|k| DssKey::parse(&k).map_err(|e| format!("deskphone.key: {e}")))
            .collect::<Result<Vec<_>, _>>()?;
        let remote_books = (1..=MAX_REMOTE_BOOKS as u16)
            .filter_map(|n| {
                let url = config.value("remote_phonebook.data.{n}.url", n);
                let name = config.value("remote_phonebook.data.{n}.name", n);
                (!url.is_empty()).then(|| RemoteBook {
                    name: if name.is_empty() {
                        format!("Phonebook {n}")
                    } else {
                        name
                    },
                    url,
                })
            })
            .collect();
        let auto = v("acd.auto_available_timer").parse::<u64>().unwrap_or(0);
        let acd = AcdSettings {
            soft_keys: flag("acd.enable"),
            server: if v("acd.server_type") == "genesys" {
                AcdServer::Genesys
            } else {
                AcdServer::BroadSoft
            },
            hide_acw: !flag("acd.acw_key"),
            auto_ready: (auto > 0).then(|| Duration::secs(auto)),
            reasons: acd_reasons(&v("acd.reasons"))?,
        }
        .checked()?;
        Ok(Settings {
            lines,
            ice_servers: list(&v("network.ice_servers")),
            contacts: contact_list(&v("deskphone.contacts"))?,
            blacklist: Blacklist::new(contact_list(&v("deskphone.blacklist"))?)?,
            keys,
            speed_dials: speed_dials(&v("deskphone.speed_dials"))?,
            dial_plan: dial_plan(config)?,
            forward: Forward {
                always: opt("forward.always.target"),
                always_on: flag("forward.always.enable"),
                busy: opt("forward.busy.target").filter(|_| flag("forward.busy.enable")),
                no_answer: opt("forward.no_answer.target")
                    .filter(|_| flag("forward.no_answer.enable")),
                // Yealink counts rings of 6 s (`forward.no_answer.timeout`); the others, seconds.
                no_answer_after: match v("forward.no_answer.timeout").parse::<u32>() {
                    Ok(rings) => rings * 6,
                    Err(_) => v("forward.no_answer.ring_time").parse().unwrap_or(10),
                },
            },
            acd,
            remote_books,
            language: v("lang.gui"),
            services: opt("deskphone.services_url"),
            dnd: flag("features.dnd.enable"),
            dnd_code: v("features.dnd_refuse_code").parse().unwrap_or(486),
            access: Access {
                admin_password: v("deskphone.admin.password"),
                user_password: v("deskphone.user.password"),
                attempts: v("deskphone.login.attempts").parse().unwrap_or(5),
            },
            provisioning: ProvisionSettings {
                server: opt("auto_provision.server.url"),
                user: v("auto_provision.server.username"),
                password: v("auto_provision.server.password"),
                power_on: flag("auto_provision.power_on"),
                repeat_minutes: flag("auto_provision.repeat.enable")
                    .then(|| v("auto_provision.repeat.minutes").parse().ok())
                    .flatten(),
            },
            device_id: opt("deskphone.device_id"),
            log_level: LogLevel::named(&v("syslog.log_level")).unwrap_or(LogLevel::Info),
            force_password_change: flag("deskphone.admin.force_password_change"),
            clock_24h: v("local_time.time_format") != "12",
            date_format: (super::schema::DATE_FORMATS.iter())
                .position(|o| o.value == v("local_time.date_format"))
                .and_then(|i| DateFormat::numbered(i as u8))
                .unwrap_or_default(),
            optional_keys: flag("deskphone.softkeys.optional"),
            key_tone: flag("features.key_tone"),
            ring_tone: v("phone_setting.ring_type").parse().unwrap_or(1),
            record_format: crate::phone::RecordFormat::parse(&v("deskphone.record.format"))
                .unwrap_or_default(),
            tones: super::tones::plan(
                &v("voice.tone.country"),
                [
                    &v("voice.tone.dial"),
                    &v("voice.tone.ring"),
                    &v("voice.tone.callwaiting"),
                    &v("voice.tone.busy"),
                    &v("voice.tone.congestion"),
                    &v("voice.tone.stutter"),
                ],
                v("features.play_hold_tone.delay").parse().unwrap_or(30),
            )?,
            progress_tones: crate::phone::progress_tones::ProgressTones {
                hold_reminder: flag("features.play_hold_tone.enable"),
                busy_after_hangup_secs: v("features.busy_tone_delay").parse().unwrap_or(0),
            },
            action_urls: (Event::ALL.into_iter())
                .filter_map(|e| opt(&format!("action_url.{}", e.name())).map(|u| (e, u)))
                .collect(),
            profile,
        })
    }

    /// Check `config` as [`Settings::from_config`] reads it, whatever the driver's host.
    pub fn check(config: &Config) -> Result<(), String> {
        let env = Environment {
            host: "localhost".into(),
        };
        let mut s = Settings::from_config(config, &env)?;
        if s.lines.is_empty() {
            // Checked as if line 1 had an account (a file may set keys before accounts).
            s.lines.push(LineSettings {
                account: Account::new("check", "", &env.host, Transport::Ws),
                ws_urls: Vec::new(),
                codecs: Vec::new(),
            });
        }
        s.build_phone(0, Instant(0)).map(|_| ())
    }

    /// The SIP accounts, line 1 first.
    pub fn accounts(&self) -> Vec<Account> {
        self.lines.iter().map(|l| l.account.clone()).collect()
    }

    /// A phone with these settings (`seed` for its random identifiers, `now` its clock).
    /// A configuration with no account gives a phone with none: it says so on its screen.
    pub fn build_phone(&self, seed: u64, now: Instant) -> Result<Phone, String> {
        let mut phone = Phone::build(self.profile.clone(), self.accounts(), seed, now)
            .map_err(|e| e.to_string())?;
        phone.set_dss_keys(self.keys.clone())?;
        phone.set_speed_dials(self.speed_dials.clone())?;
        phone.set_dial_plan(self.dial_plan.clone());
        phone.set_forward(self.forward.clone());
        phone.set_acd(self.acd.clone())?;
        phone.set_remote_books(self.remote_books.clone())?;
        phone.set_services_url(self.services.clone())?;
        phone.set_language(&self.language)?;
        phone.set_blacklist(self.blacklist.clone());
        if !self.contacts.is_empty() {
            phone.set_directory(self.contacts.clone());
        }
        phone.set_dnd(self.dnd);
        phone.set_dnd_code(self.dnd_code);
        phone.set_clock(self.clock_24h, self.date_format);
        phone.set_ring_tone(self.ring_tone)?;
        phone.set_record_format(self.record_format);
        phone.set_optional_keys(self.optional_keys);
        phone.set_key_tone(self.key_tone);
        phone.set_progress_tones(self.progress_tones);
        let device_id = self.device_id.as_deref().unwrap_or_default();
        phone.set_action_urls(self.action_urls.clone(), device_id);
        Ok(phone)
    }
}

/// The lines with a user ID, each with its account; they must follow one another from
/// line 1.
fn lines(config: &Config, env: &Environment) -> Result<Vec<LineSettings>, String> {
    let mut out = Vec::new();
    for n in 1..=MAX_LINES as u16 {
        let v = |name: &str| config.value(name, n);
        let user = v("account.{n}.user_name");
        if user.is_empty() {
            continue;
        }
        if out.len() + 1 != n as usize {
            return Err(format!(
                "account.{n}.user_name is set but account.{}.user_name is not: lines follow one another from line 1",
                out.len() + 1
            ));
        }
        let ws = v("account.{n}.websocket.urls");
        let ws_urls = if ws.is_empty() {
            vec![format!("ws://{}:8080", env.host)]
        } else {
            list(&ws)
        };
        let domain = Some(v("account.{n}.sip_server.1.address"))
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| env.host.clone());
        let transport = if ws_urls.first().is_some_and(|u| u.starts_with("wss://")) {
            Transport::Wss
        } else {
            Transport::Ws
        };
        let mut a = Account::new(&user, &v("account.{n}.password"), &domain, transport);
        a.auth_user = Some(v("account.{n}.auth_name")).filter(|s| !s.is_empty());
        a.display_name = Some(v("account.{n}.display_name")).filter(|s| !s.is_empty());
        if let Some(label) = Some(v("account.{n}.label")).filter(|s| !s.is_empty()) {
            a.label = label;
        }
        a.expires = v("account.{n}.sip_server.1.expires")
            .parse()
            .unwrap_or(3600);
        a.keepalive_secs = v("account.{n}.nat.udp_update_time").parse().unwrap_or(30);
        a.dtmf = match v("account.{n}.dtmf.type").as_str() {
            "info" => DtmfMode::Info,
            "both" => DtmfMode::Both,
            "inband" => DtmfMode::Inband,
            _ => DtmfMode::Rfc4733,
        };
        a.prack = v("account.{n}.100rel_enable") == "1";
        a.session_expires = (v("account.{n}.session_timer.enable") == "1").then(|| {
            v("account.{n}.session_timer.expires")
                .parse()
                .unwrap_or(1800)
        });
        a.subscribe_mwi = v("account.{n}.subscribe_mwi") == "1";
        a.voicemail = Some(v("voice_mail.number.{n}")).filter(|s| !s.is_empty());
        a.pickup_code = Some(v("account.{n}.direct_pickup_code")).filter(|s| !s.is_empty());
        a.auto_answer = v("account.{n}.auto_answer") == "1";
        a.call_waiting = config.value("call_waiting.enable", 1) == "1";
        a.reject_code = config
            .value("features.normal_refuse_code", 1)
            .parse()
            .unwrap_or(486);
        a.hold_with_zero_address = config.value("sip.rfc2543_hold", 1) == "rfc2543";
        a.servers = ws_urls.len();
        let codecs = (v("account.{n}.codecs").split(','))
            .filter_map(super::schema::codec_named)
            .map(str::to_string)
            .collect();
        out.push(LineSettings {
            account: a,
            ws_urls,
            codecs,
        });
    }
    Ok(out)
}

/// The dialling rules.
fn dial_plan(config: &Config) -> Result<DialPlan, String> {
    let v = |name: &str| config.value(name, 1);
    let each = |name: &str, count: u16| -> Vec<String> {
        (1..=count)
            .map(|n| config.value(name, n))
            .filter(|r| !r.is_empty())
            .collect()
    };
    let rules = |name: &str, count: u16| -> Result<Vec<Rule>, String> {
        each(name, count).iter().map(|r| Rule::parse(r)).collect()
    };
    let replace = (1..=100u16)
        .filter_map(|n| {
            let prefix = config.value("dialplan.replace.prefix.{n}", n);
            (!prefix.is_empty()).then(|| {
                Ok(Replace {
                    prefix: Rule::parse(&prefix)?,
                    replace: config.value("dialplan.replace.replace.{n}", n),
                })
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let area = v("dialplan.area_code.code");
    let (min_len, max_len) = (
        v("dialplan.area_code.min_len").parse().unwrap_or(1),
        v("dialplan.area_code.max_len").parse().unwrap_or(15),
    );
    if min_len > max_len {
        return Err(format!(
            "dialplan.area_code: the shortest number ({min_len}) is longer than the longest ({max_len})"
        ));
    }
    let non_empty = |s: String| Some(s).filter(|s| !s.is_empty());
    Ok(DialPlan {
        digit_map: non_empty(v("dialplan.digitmap.string"))
            .map(|m| DigitMap::parse(&m))
            .transpose()?,
        grandstream: non_empty(v("deskphone.gs_dial_plan"))
            .map(|m| GsDialPlan::parse(&m))
            .transpose()?,
        prefix_rules: (v("deskphone.prefix_rules").split(';').map(str::trim))
            .filter(|r| !r.is_empty())
            .map(PrefixRule::parse)
            .collect::<Result<_, _>>()?,
        dial_now: rules("dialplan.dialnow.rule.{n}", 100)?,
        dial_now_delay: 1,
        replace,
        area_code: non_empty(area).map(|code| AreaCode {
            code,
            min_len,
            max_len,
        }),
        block_out: rules("dialplan.block_out.number.{n}", 10)?,
        hotline: non_empty(v("features.hotline_number")),
        hotline_delay: v("features.hotline_delay").parse().unwrap_or(4),
    })
}

/// The comma-separated entries of `value`, trimmed, empty ones dropped.
fn list(value: &str) -> Vec<String> {
    (value.split(',').map(str::trim))
        .filter(|e| !e.is_empty())
        .map(str::to_string)
        .collect()
}

/// `NAME:NUMBER[:GROUP],...`; the error names the entry that is not `NAME:NUMBER`.
pub(crate) fn contact_list(value: &str) -> Result<Vec<Contact>, String> {
    list(value)
        .iter()
        .map(|entry| {
            let mut parts = entry.splitn(3, ':').map(str::trim);
            match (parts.next(), parts.next(), parts.next()) {
                (Some(name), Some(number), group) if !name.is_empty() && !number.is_empty() => {
                    Ok(Contact {
                        name: name.to_string(),
                        number: number.to_string(),
                        group: group.filter(|g| !g.is_empty()).map(str::to_string),
                    })
                }
                _ => Err(format!("{entry:?} is not NAME:NUMBER")),
            }
        })
        .collect()
}

/// `KEY:NUMBER,...` with a key 0-9.
pub(crate) fn speed_dials(value: &str) -> Result<Vec<(char, String)>, String> {
    list(value)
        .iter()
        .map(|e| {
            let mut key = e.chars();
            match (key.next(), key.next(), e.get(2..)) {
                (Some(k @ '0'..='9'), Some(':'), Some(n)) if !n.trim().is_empty() => {
                    Ok((k, n.trim().to_string()))
                }
                _ => Err(format!("{e:?} is not KEY:NUMBER (a key 0-9)")),
            }
        })
        .collect()
}

/// `CODE:NAME,...`: the ACD's Not ready reasons.
pub(crate) fn acd_reasons(value: &str) -> Result<Vec<AcdReason>, String> {
    list(value)
        .iter()
        .map(|e| match e.split_once(':') {
            Some((code, name)) if !code.trim().is_empty() && !name.trim().is_empty() => {
                Ok(AcdReason {
                    code: code.trim().to_string(),
                    name: name.trim().to_string(),
                })
            }
            _ => Err(format!("{e:?} is not CODE:NAME")),
        })
        .collect()
}
