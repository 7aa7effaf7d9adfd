//! The configuration schema: every parameter the phone takes, with its type, default,
//! allowed values, the admin page and section that show it, the phone menu that changes
//! it, and its name in each place a value can come from (the page URL, Yealink `.cfg`
//! files, AudioCodes `key/path` files).
//!
//! A parameter's own name is Yealink-style (`account.{n}.user_name`): the CP860 guide's
//! name where the guide has one, a name in the same style otherwise (marked
//! `manual: false`). `{n}` is the index of a scoped parameter, from 1; AudioCodes names
//! take `{n0}`, the same index from 0 (`voip/line/{n0}/id`). URL names take `{n?}`: the
//! index, left out for 1 (`user`, `user2`, ...).
//!
//! The admin pages, the file readers and writers and the page URL are all driven by
//! [`PARAMS`]; nothing elsewhere lists parameters one by one.

use crate::phone::dialplan::{DigitMap, GsDialPlan, PrefixRule, Rule as DialRule};
use crate::phone::dss::DssKey;
use crate::profile::Profile;

/// Which family of indices a parameter has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// One value for the phone.
    Global,
    /// One per account (line 1-8).
    Line,
    /// One per programmable key, in the order the device has them.
    Key,
    /// One per dial-plan rule (`dialplan.dialnow.rule.X`, `dialplan.replace.prefix.X`,
    /// X = 1-100).
    Rule,
    /// One per block-out number (`dialplan.block_out.number.X`, X = 1-10).
    BlockOut,
    /// One per remote phonebook (`remote_phonebook.data.X`, X = 1-5).
    Book,
}

impl Scope {
    /// How many indices there are (1 for a global parameter).
    pub fn count(self) -> u16 {
        match self {
            Scope::Global => 1,
            Scope::Line => crate::phone::MAX_LINES as u16,
            Scope::Key => MAX_KEYS,
            Scope::Rule => 100,
            Scope::BlockOut => 10,
            Scope::Book => crate::phone::xml_browser::MAX_REMOTE_BOOKS as u16,
        }
    }
}

/// The most programmable keys a configuration names (a SayHi with six 32-key modules
/// and its eight line keys has 200).
pub const MAX_KEYS: u16 = 200;

/// The admin page a parameter is on (the seed phones' web pages, limited to what a
/// browser phone has).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Page {
    /// What the phone is and how it is doing; no parameters of its own.
    Status,
    Account,
    Network,
    Features,
    Audio,
    Keys,
    Phonebook,
    /// The calls the phone logged; no parameters of its own.
    CallLog,
    DialPlan,
    ActionUrl,
    Provisioning,
    Security,
    Maintenance,
}

impl Page {
    /// Every page, in the order of the admin pages' menu.
    pub const ALL: [Page; 13] = [
        Page::Status,
        Page::Account,
        Page::Network,
        Page::Features,
        Page::Audio,
        Page::Keys,
        Page::Phonebook,
        Page::CallLog,
        Page::DialPlan,
        Page::ActionUrl,
        Page::Provisioning,
        Page::Security,
        Page::Maintenance,
    ];

    /// The page's title.
    pub fn title(self) -> &'static str {
        match self {
            Page::Status => "Status",
            Page::Account => "Account",
            Page::Network => "Network",
            Page::Features => "Features",
            Page::Audio => "Audio",
            Page::Keys => "Programmable keys",
            Page::Phonebook => "Phonebook",
            Page::CallLog => "Call log",
            Page::ActionUrl => "Action URL",
            Page::DialPlan => "Dial plan",
            Page::Provisioning => "Auto provision",
            Page::Security => "Security",
            Page::Maintenance => "Maintenance",
        }
    }
}

/// One allowed value of a [`Kind::Choice`], and how each format writes it.
#[derive(Debug, PartialEq, Eq)]
pub struct Opt {
    /// The value as the schema and the page URL name it.
    pub value: &'static str,
    /// What the admin page shows.
    pub label: &'static str,
    /// The Yealink `.cfg` token, if Yealink phones have this value.
    pub yealink: Option<&'static str>,
    /// The AudioCodes token, if AudioCodes phones have this value.
    pub audiocodes: Option<&'static str>,
}

/// What values a parameter takes.
#[derive(Debug)]
pub enum Kind {
    /// `1` or `0` (the URL also takes yes/no, on/off, true/false).
    Bool,
    /// A whole number in `min..=max`.
    Int { min: i64, max: i64 },
    /// One of a list.
    Choice(&'static [Opt]),
    /// Free text up to `max` bytes.
    Text { max: usize },
    /// A password: free text up to `max` bytes, never shown back on a page.
    Secret { max: usize },
    /// A programmable key, `TYPE[:VALUE[:LABEL]]` (`blf:1002:Bob`): the admin page edits its
    /// three parts.
    Key,
    /// Text up to `max` bytes with a syntax of its own, checked by `check`.
    Syntax {
        max: usize,
        syntax: &'static str,
        check: fn(&str) -> Result<(), String>,
    },
}

impl Kind {
    /// What values are allowed, for an error message or the admin page.
    pub fn allowed(&self) -> String {
        match self {
            Kind::Bool => "0 or 1".into(),
            Kind::Int { min, max } => format!("a whole number from {min} to {max}"),
            Kind::Choice(opts) => {
                let all: Vec<&str> = opts.iter().map(|o| o.value).collect();
                format!("one of {}", all.join(", "))
            }
            Kind::Text { max } | Kind::Secret { max } => format!("text of at most {max} bytes"),
            Kind::Syntax { max, syntax, .. } => format!("{syntax} (at most {max} bytes)"),
            Kind::Key => "TYPE[:VALUE[:LABEL]], e.g. blf:1002:Bob".into(),
        }
    }

    /// Check `value` (in the schema's own spelling); the error says why and what is
    /// allowed.
    pub fn check(&self, value: &str) -> Result<(), String> {
        let refuse = |why: String| Err(format!("{why}; allowed: {}", self.allowed()));
        match self {
            Kind::Bool if value == "0" || value == "1" => Ok(()),
            Kind::Bool => refuse(format!("{value:?} is not 0 or 1")),
            Kind::Int { min, max } => match value.parse::<i64>() {
                Ok(n) if (*min..=*max).contains(&n) => Ok(()),
                Ok(n) => refuse(format!("{n} is out of range")),
                Err(_) => refuse(format!("{value:?} is not a whole number")),
            },
            Kind::Choice(opts) if opts.iter().any(|o| o.value == value) => Ok(()),
            Kind::Choice(_) => refuse(format!("{value:?} is not allowed")),
            Kind::Text { max } | Kind::Secret { max } if value.len() > *max => {
                refuse(format!("{} bytes is too long", value.len()))
            }
            Kind::Text { .. } | Kind::Secret { .. } => Ok(()),
            Kind::Syntax { max, .. } if value.len() > *max => {
                refuse(format!("{} bytes is too long", value.len()))
            }
            Kind::Syntax { check, .. } => check(value).or_else(refuse),
            Kind::Key if value.len() > 511 => refuse(format!("{} bytes is too long", value.len())),
            Kind::Key => DssKey::parse(value).map(|_| ()).or_else(refuse),
        }
    }
}

/// A parameter's default.
#[derive(Debug)]
pub enum Default {
    /// The same on every device, in the schema's spelling (empty: blank).
    Fixed(&'static str),
    /// Line 1's value (a line's server, unless the line has its own).
    LineOne,
    /// What the device profile has (its `[defaults]`).
    Device(fn(&Profile) -> String),
}

/// One configuration parameter.
#[derive(Debug)]
pub struct Param {
    /// The schema's name, Yealink-style, `{n}` for the index of a scoped parameter.
    pub name: &'static str,
    /// Whether `name` is the CP860 guide's own (false: a Deskphone name in its style).
    pub manual: bool,
    /// Its indices.
    pub scope: Scope,
    /// What the admin page calls it.
    pub label: &'static str,
    /// What values it takes.
    pub kind: Kind,
    /// Its default, unless the device profile's `[config]` table gives one.
    pub default: Default,
    /// The admin page and section that show it.
    pub page: Page,
    pub section: &'static str,
    /// The phone menu that changes it, if one does.
    pub menu: Option<&'static str>,
    /// Its page-URL name (`{n?}`: the index, left out for 1).
    pub url: Option<&'static str>,
    /// For a scoped parameter the URL gives in one value: the separator of its indices'
    /// values (`dialnow=1xxx;2xxx`).
    pub url_joined: Option<char>,
    /// Its AudioCodes `key/path` name (`{n0}`: the index from 0). A line parameter whose
    /// AudioCodes name has no index is set for line 1 (the 4xxHD keep one server for all
    /// lines; the others follow line 1, [`Default::LineOne`]).
    pub audiocodes: Option<&'static str>,
    /// A valid value other than the default, for the admin page's hint and the tests.
    pub example: &'static str,
}

const fn opt(
    value: &'static str,
    label: &'static str,
    yealink: Option<&'static str>,
    audiocodes: Option<&'static str>,
) -> Opt {
    Opt {
        value,
        label,
        yealink,
        audiocodes,
    }
}

/// A parameter with everything optional left out; the table below fills in the rest.
const fn param(
    name: &'static str,
    scope: Scope,
    label: &'static str,
    kind: Kind,
    page: Page,
    section: &'static str,
) -> Param {
    Param {
        name,
        manual: true,
        scope,
        label,
        kind,
        default: Default::Fixed(""),
        page,
        section,
        menu: None,
        url: None,
        url_joined: None,
        audiocodes: None,
        example: "",
    }
}

/// The action URL sent on an event (`action_url.incoming_call`, the guide's names).
const fn action(name: &'static str, label: &'static str) -> Param {
    param(
        name,
        Scope::Global,
        label,
        HTTP_URL,
        Page::ActionUrl,
        "Events",
    )
    .example("http://crm.example.com/hook?event=call&from=$remote&id=$call_id")
}

impl Param {
    const fn ours(mut self) -> Param {
        self.manual = false;
        self
    }
    const fn default(mut self, value: &'static str) -> Param {
        self.default = Default::Fixed(value);
        self
    }
    const fn line_one(mut self) -> Param {
        self.default = Default::LineOne;
        self
    }
    const fn device(mut self, of: fn(&Profile) -> String) -> Param {
        self.default = Default::Device(of);
        self
    }
    const fn menu(mut self, path: &'static str) -> Param {
        self.menu = Some(path);
        self
    }
    const fn url(mut self, name: &'static str) -> Param {
        self.url = Some(name);
        self
    }
    const fn url_joined(mut self, name: &'static str, sep: char) -> Param {
        self.url = Some(name);
        self.url_joined = Some(sep);
        self
    }
    const fn ac(mut self, name: &'static str) -> Param {
        self.audiocodes = Some(name);
        self
    }
    const fn example(mut self, value: &'static str) -> Param {
        self.example = value;
        self
    }

    /// The parameter's name for index `n` (from 1; ignored for a global one).
    pub fn name_at(&self, n: u16) -> String {
        self.name.replace("{n}", &n.to_string())
    }
}

// ---- syntaxes checked by the phone's own parsers ----------------------------------------

fn check_ws_urls(v: &str) -> Result<(), String> {
    let urls: Vec<&str> = v
        .split(',')
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .collect();
    if urls.is_empty() {
        return Err("no server URL".into());
    }
    match urls
        .iter()
        .find(|u| !(u.starts_with("ws://") || u.starts_with("wss://")))
    {
        Some(u) => Err(format!("{u:?} is not a ws:// or wss:// URL")),
        None => Ok(()),
    }
}

fn check_ice_urls(v: &str) -> Result<(), String> {
    match (v.split(',').map(str::trim))
        .filter(|u| !u.is_empty())
        .find(|u| {
            !["stun:", "stuns:", "turn:", "turns:"]
                .iter()
                .any(|s| u.starts_with(s))
        }) {
        Some(u) => Err(format!("{u:?} is not a stun: or turn: URL")),
        None => Ok(()),
    }
}

fn check_http_url(v: &str) -> Result<(), String> {
    let ok = (v.starts_with("http://") || v.starts_with("https://"))
        && !v.chars().any(|c| c.is_control() || c == ' ');
    if ok {
        Ok(())
    } else {
        Err(format!("{v:?} is not an http:// or https:// URL"))
    }
}

fn check_digit_map(v: &str) -> Result<(), String> {
    DigitMap::parse(v).map(|_| ())
}

fn check_gs_dial_plan(v: &str) -> Result<(), String> {
    GsDialPlan::parse(v).map(|_| ())
}

fn check_rule(v: &str) -> Result<(), String> {
    DialRule::parse(v).map(|_| ())
}

fn check_prefix_rules(v: &str) -> Result<(), String> {
    (v.split(';').map(str::trim).filter(|r| !r.is_empty()))
        .try_for_each(|r| PrefixRule::parse(r).map(|_| ()))
}

fn check_number(v: &str) -> Result<(), String> {
    if v.chars()
        .all(|c| c.is_ascii_alphanumeric() || "*#+.-_@".contains(c))
    {
        Ok(())
    } else {
        Err(format!("{v:?} is not a number to dial"))
    }
}

/// `NAME:NUMBER[:GROUP],...`: a list of contacts.
pub(crate) fn check_contacts(v: &str) -> Result<(), String> {
    super::settings::contact_list(v).map(|_| ())
}

/// `KEY:NUMBER,...`: digit-key speed dials.
fn check_speed_dials(v: &str) -> Result<(), String> {
    super::settings::speed_dials(v).map(|_| ())
}

/// `CODE:NAME,...`: ACD unavailable reasons.
fn check_acd_reasons(v: &str) -> Result<(), String> {
    super::settings::acd_reasons(v).map(|_| ())
}

/// The codecs a browser or the native phone can offer, as SDP names them.
pub const CODECS: [&str; 4] = ["opus", "G722", "PCMU", "PCMA"];

/// The codec `name` stands for, spelt as SDP spells it (`pcma` is `PCMA`).
pub fn codec_named(name: &str) -> Option<&'static str> {
    CODECS
        .iter()
        .copied()
        .find(|c| c.eq_ignore_ascii_case(name.trim()))
}

/// `NAME,NAME,...`: codecs in preference order, each once.
fn check_codecs(v: &str) -> Result<(), String> {
    let mut seen: Vec<&str> = Vec::new();
    for name in v.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let Some(c) = codec_named(name) else {
            return Err(format!("{name:?} is not one of {}", CODECS.join(", ")));
        };
        if seen.contains(&c) {
            return Err(format!("{name} is given twice"));
        }
        seen.push(c);
    }
    Ok(())
}

fn check_provision_url(v: &str) -> Result<(), String> {
    super::provision::check_server(v)
}

/// A device id: what stands for the MAC in provisioning file names.
fn check_device_id(v: &str) -> Result<(), String> {
    if v.chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        && !v.starts_with('.')
    {
        Ok(())
    } else {
        Err(format!("{v:?} has characters a file name cannot take"))
    }
}

const NUMBER: Kind = Kind::Syntax {
    max: 32,
    syntax: "a number (digits, letters, * # + . - _ @)",
    check: check_number,
};

const HTTP_URL: Kind = Kind::Syntax {
    max: 511,
    syntax: "an http:// or https:// URL",
    check: check_http_url,
};

const REFUSE_CODES: &[Opt] = &[
    opt("404", "404 Not Found", Some("404"), None),
    opt("480", "480 Temporarily Unavailable", Some("480"), None),
    opt("486", "486 Busy Here", Some("486"), Some("CODE_486")),
    opt("603", "603 Decline", None, Some("CODE_603")),
];

const DTMF_MODES: &[Opt] = &[
    opt(
        "rfc4733",
        "RFC 4733 (RTP events)",
        Some("1"),
        Some("RFC2833"),
    ),
    opt("info", "SIP INFO", Some("2"), Some("VIA_SIP")),
    opt("both", "RFC 4733 and SIP INFO", Some("3"), None),
    opt(
        "inband",
        "In-band (tones in the audio)",
        Some("0"),
        Some("INBAND"),
    ),
];

const HOLD_MODES: &[Opt] = &[
    opt("rfc3264", "sendonly (RFC 3264)", Some("0"), None),
    opt("rfc2543", "c=0.0.0.0 as well (RFC 2543)", Some("1"), None),
];

const SEND_KEYS: &[Opt] = &[
    opt("none", "None", Some("0"), None),
    opt("#", "#", Some("1"), Some("#")),
    opt("*", "*", Some("2"), Some("*")),
];

const LANGUAGES: &[Opt] = &[
    opt("en", "English", Some("English"), Some("English")),
    opt("fr", "Français", Some("French"), Some("French")),
    opt("de", "Deutsch", Some("German"), Some("German")),
    opt("es", "Español", Some("Spanish"), Some("Spanish")),
    opt("it", "Italiano", Some("Italian"), Some("Italian")),
];

/// The built-in devices (checked against [`crate::profile::BUILTIN_FILES`] by a test);
/// AudioCodes files name theirs in `system/type`.
pub const PROFILES: &[Opt] = &[
    opt("sayhi-6xx", "SayHi 6XX", None, None),
    opt("dinstar-c60s", "Dinstar C60S", None, None),
    opt("audiocodes-420hd", "AudioCodes 420HD", None, Some("420HD")),
    opt("audiocodes-430hd", "AudioCodes 430HD", None, Some("430HD")),
    opt("grandstream-ghp", "Grandstream GHP", None, None),
    opt("yealink-cp860", "Yealink CP860", None, None),
];

const LOG_LEVELS: &[Opt] = &[
    // Yealink's syslog levels: 3 error, 4 warning, 5 notice, 6 informational (which
    // "may leak passwords": every message).
    opt("error", "Errors", Some("3"), None),
    opt("warning", "Warnings and errors", Some("4"), None),
    opt("info", "What the phone does", Some("5"), None),
    opt("debug", "Every SIP message", Some("6"), None),
];

const TIME_FORMATS: &[Opt] = &[
    opt("12", "12 hour (AM/PM)", Some("0"), None),
    opt("24", "24 hour", Some("1"), None),
];

/// `local_time.date_format`'s values, in the CP860's numbering ([`DateFormat::ALL`](crate::time::DateFormat::ALL)).
pub const DATE_FORMATS: &[Opt] = &[
    opt("www-mmm-dd", "WWW MMM DD (Thu Dec 03)", Some("0"), None),
    opt("dd-mmm-yy", "DD-MMM-YY (03-Dec-26)", Some("1"), None),
    opt("yyyy-mm-dd", "YYYY-MM-DD", Some("2"), None),
    opt("dd/mm/yyyy", "DD/MM/YYYY", Some("3"), None),
    opt("mm/dd/yy", "MM/DD/YY", Some("4"), None),
    opt("dd-mmm-yyyy", "DD MMM YYYY", Some("5"), None),
    opt("www-dd-mmm", "WWW DD MMM (Thu 3 Dec)", Some("6"), None),
];

/// The built-in ring tones; AudioCodes phones number theirs `Ring01`...
const BUSY_TONE_DELAYS: &[Opt] = &[
    opt("0", "None", Some("0"), None),
    opt("3", "3 s", Some("3"), None),
    opt("5", "5 s", Some("5"), None),
];

const RECORD_FORMATS: &[Opt] = &[
    opt("ogg", "Ogg Opus (small)", None, None),
    opt("wav", "WAV (16-bit PCM)", None, None),
];

const RING_TYPES: &[Opt] = &[
    opt("1", "Ring 1", Some("Ring1.wav"), Some("Ring01")),
    opt("2", "Ring 2", Some("Ring2.wav"), Some("Ring02")),
    opt("3", "Ring 3", Some("Ring3.wav"), Some("Ring03")),
    opt("4", "Ring 4", Some("Ring4.wav"), Some("Ring04")),
    opt("5", "Ring 5", Some("Ring5.wav"), Some("Ring05")),
];

/// The tone countries ([`super::tones`] has their tones): Yealink's and AudioCodes' names.
const TONE_COUNTRIES: &[Opt] = &[
    opt(
        "custom",
        "Custom (built-in tones, or those below)",
        Some("Custom"),
        None,
    ),
    opt(
        "united-states",
        "United States",
        Some("United States"),
        Some("USA"),
    ),
    opt(
        "great-britain",
        "Great Britain",
        Some("Great Britain"),
        Some("UK"),
    ),
    opt("germany", "Germany", Some("Germany"), Some("Germany")),
    opt("france", "France", Some("France"), Some("France")),
    opt("italy", "Italy", Some("Italy"), Some("Italy")),
    opt(
        "netherlands",
        "Netherlands",
        Some("Netherlands"),
        Some("Netherlands"),
    ),
    opt("spain", "Spain", Some("Spain"), None),
    opt(
        "australia",
        "Australia",
        Some("Australia"),
        Some("Australia"),
    ),
    opt("china", "China", Some("China"), Some("China")),
    opt("japan", "Japan", Some("Japan"), None),
    opt("brazil", "Brazil", Some("Brazil"), Some("Brazil")),
    opt("russia", "Russia", Some("Russia"), Some("Russia")),
];

fn check_tone(v: &str) -> Result<(), String> {
    super::tones::ToneList::parse(v).map(|_| ())
}

const TONE: Kind = Kind::Syntax {
    max: 256,
    syntax: "[!]FREQ[+FREQ...][/MS],... e.g. 425/500,0/500",
    check: check_tone,
};

const ACD_SERVERS: &[Opt] = &[
    opt("broadsoft", "BroadSoft", None, Some("BroadSoft")),
    opt("genesys", "Genesys", None, Some("Genesys")),
];

use Page::*;
use Scope::{BlockOut, Book, Global, Key, Line, Rule};

/// Every parameter.
pub static PARAMS: &[Param] = &[
    // ---- Maintenance: the device -------------------------------------------------------
    param(
        "deskphone.profile",
        Global,
        "Device",
        Kind::Choice(PROFILES),
        Maintenance,
        "Device",
    )
    .ours()
    .default("sayhi-6xx")
    .url("profile")
    .ac("system/type")
    .example("yealink-cp860"),
    // ---- Account, per line -------------------------------------------------------------
    param(
        "account.{n}.user_name",
        Line,
        "User ID",
        Kind::Text { max: 99 },
        Account,
        "Register",
    )
    .url("user{n?}")
    .ac("voip/line/{n0}/id")
    .example("1001"),
    param(
        "account.{n}.auth_name",
        Line,
        "Authentication name",
        Kind::Text { max: 99 },
        Account,
        "Register",
    )
    .url("auth{n?}")
    .ac("voip/line/{n0}/auth_name")
    .example("1001-auth"),
    param(
        "account.{n}.password",
        Line,
        "Password",
        Kind::Secret { max: 99 },
        Account,
        "Register",
    )
    .url("pass{n?}")
    .ac("voip/line/{n0}/auth_password")
    .example("secret"),
    param(
        "account.{n}.label",
        Line,
        "Label",
        Kind::Text { max: 99 },
        Account,
        "Register",
    )
    .url("label{n?}")
    .ac("voip/line/{n0}/description")
    .example("Reception"),
    param(
        "account.{n}.display_name",
        Line,
        "Display name",
        Kind::Text { max: 99 },
        Account,
        "Register",
    )
    .url("display{n?}")
    .example("Front Desk"),
    param(
        "account.{n}.sip_server.1.address",
        Line,
        "SIP server (domain)",
        Kind::Text { max: 256 },
        Account,
        "Register",
    )
    .line_one()
    .url("domain{n?}")
    .ac("voip/signalling/sip/proxy_address")
    .example("pbx.example.com"),
    param(
        "account.{n}.websocket.urls",
        Line,
        "WebSocket servers",
        Kind::Syntax {
            max: 511,
            syntax: "ws:// or wss:// URLs, the backup after a comma",
            check: check_ws_urls,
        },
        Network,
        "WebSocket server",
    )
    .ours()
    .line_one()
    .url("ws{n?}")
    .example("wss://pbx.example.com:8443,wss://backup.example.com:8443"),
    param(
        "account.{n}.sip_server.1.expires",
        Line,
        "Registration expires (s)",
        Kind::Int {
            min: 30,
            max: 2_147_483_647,
        },
        Account,
        "Register",
    )
    .default("3600")
    .ac("voip/signalling/sip/proxy_timeout")
    .example("600"),
    param(
        "account.{n}.nat.udp_update_time",
        Line,
        "Keep-alive interval (s, 0 off)",
        Kind::Int { min: 0, max: 3600 },
        Network,
        "Keep-alive",
    )
    .default("30")
    .example("15"),
    param(
        "account.{n}.codecs",
        Line,
        "Codecs, in preference order",
        Kind::Syntax {
            max: 64,
            syntax: "codec names from opus, G722, PCMU, PCMA, comma-separated (blank: the browser's own)",
            check: check_codecs,
        },
        Audio,
        "Codecs",
    )
    .ours()
    .line_one()
    .url("codecs{n?}")
    .example("PCMA,PCMU"),
    param(
        "account.{n}.dtmf.type",
        Line,
        "DTMF",
        Kind::Choice(DTMF_MODES),
        Audio,
        "DTMF",
    )
    .default("rfc4733")
    .url("dtmf{n?}")
    .ac("voip/media/out_of_band_dtmf")
    .example("info"),
    param(
        "account.{n}.100rel_enable",
        Line,
        "Reliable provisional responses (PRACK)",
        Kind::Bool,
        Account,
        "Call",
    )
    .default("0")
    .ac("voip/signalling/sip/prack/enabled")
    .example("1"),
    param(
        "account.{n}.session_timer.enable",
        Line,
        "Session timer",
        Kind::Bool,
        Account,
        "Call",
    )
    .default("0")
    .example("1"),
    param(
        "account.{n}.session_timer.expires",
        Line,
        "Session expires (s)",
        Kind::Int { min: 90, max: 7200 },
        Account,
        "Call",
    )
    .default("1800")
    .example("900"),
    param(
        "account.{n}.subscribe_mwi",
        Line,
        "Subscribe for message waiting",
        Kind::Bool,
        Account,
        "Voice mail",
    )
    .line_one()
    .url("mwi{n?}")
    .ac("voip/services/msg_waiting_ind/subscribe")
    .example("1"),
    param(
        "voice_mail.number.{n}",
        Line,
        "Voice mail number",
        NUMBER,
        Account,
        "Voice mail",
    )
    .line_one()
    .url("vm{n?}")
    .ac("voip/services/msg_waiting_ind/voice_mail_number")
    .example("*97"),
    param(
        "account.{n}.direct_pickup_code",
        Line,
        "Directed pickup code",
        NUMBER,
        Features,
        "Pickup",
    )
    .line_one()
    .url("pickupcode{n?}")
    .ac("voip/services/call_pickup/access_code")
    .example("**"),
    param(
        "account.{n}.auto_answer",
        Line,
        "Auto answer",
        Kind::Bool,
        Features,
        "Answering",
    )
    .line_one()
    .menu("Features > Auto answer")
    .url("autoanswer{n?}")
    .ac("voip/auto_answer/enabled")
    .example("1"),
    // ---- Network -----------------------------------------------------------------------
    param(
        "network.ice_servers",
        Global,
        "STUN/TURN servers",
        Kind::Syntax {
            max: 511,
            syntax: "stun: or turn: URLs separated by commas",
            check: check_ice_urls,
        },
        Network,
        "NAT traversal",
    )
    .ours()
    .url("stun")
    .example("stun:stun.example.com:3478"),
    param(
        "sip.rfc2543_hold",
        Global,
        "Hold",
        Kind::Choice(HOLD_MODES),
        Network,
        "SIP",
    )
    .default("rfc3264")
    .url("hold")
    .example("rfc2543"),
    // ---- Features ----------------------------------------------------------------------
    param(
        "call_waiting.enable",
        Global,
        "Call waiting",
        Kind::Bool,
        Features,
        "Call waiting",
    )
    .default("1")
    .menu("Features > Call waiting")
    .ac("voip/services/call_waiting/enabled")
    .example("0"),
    param(
        "features.dnd.enable",
        Global,
        "Do not disturb",
        Kind::Bool,
        Features,
        "Do not disturb",
    )
    .default("0")
    .menu("Features > DND")
    .url("dnd")
    .example("1"),
    param(
        "features.dnd_refuse_code",
        Global,
        "DND answer code",
        Kind::Choice(REFUSE_CODES),
        Features,
        "Do not disturb",
    )
    .default("486")
    .url("dndcode")
    .example("480"),
    param(
        "features.normal_refuse_code",
        Global,
        "Reject answer code",
        Kind::Choice(REFUSE_CODES),
        Features,
        "Do not disturb",
    )
    .default("486")
    .ac("voip/services/reject_code")
    .example("603"),
    param(
        "forward.always.enable",
        Global,
        "Always forward",
        Kind::Bool,
        Features,
        "Call forward",
    )
    .default("0")
    .menu("Features > Forward")
    .example("1"),
    param(
        "forward.always.target",
        Global,
        "Always forward to",
        NUMBER,
        Features,
        "Call forward",
    )
    .menu("Features > Forward")
    .example("1003"),
    param(
        "forward.busy.enable",
        Global,
        "Forward when busy",
        Kind::Bool,
        Features,
        "Call forward",
    )
    .default("0")
    .example("1"),
    param(
        "forward.busy.target",
        Global,
        "Busy forward to",
        NUMBER,
        Features,
        "Call forward",
    )
    .example("1004"),
    param(
        "forward.no_answer.enable",
        Global,
        "Forward when not answered",
        Kind::Bool,
        Features,
        "Call forward",
    )
    .default("0")
    .example("1"),
    param(
        "forward.no_answer.target",
        Global,
        "No-answer forward to",
        NUMBER,
        Features,
        "Call forward",
    )
    .example("1005"),
    param(
        "forward.no_answer.ring_time",
        Global,
        "After ring time (s)",
        Kind::Int { min: 0, max: 120 },
        Features,
        "Call forward",
    )
    .ours()
    .default("10")
    .example("20"),
    param(
        "forward.no_answer.timeout",
        Global,
        "After rings (6 s each; blank: the ring time above)",
        Kind::Int { min: 0, max: 20 },
        Features,
        "Call forward",
    )
    .example("3"),
    param(
        "features.hotline_number",
        Global,
        "Hotline number",
        NUMBER,
        Features,
        "Hotline",
    )
    .example("1000"),
    param(
        "features.hotline_delay",
        Global,
        "Hotline delay (s)",
        Kind::Int { min: 0, max: 10 },
        Features,
        "Hotline",
    )
    .default("4")
    .example("0"),
    param(
        "deskphone.services_url",
        Global,
        "Services page",
        HTTP_URL,
        Features,
        "XML browser",
    )
    .ours()
    .url("services")
    .example("http://example.com/services.xml"),
    param(
        "acd.enable",
        Global,
        "ACD on the soft keys",
        Kind::Bool,
        Features,
        "ACD",
    )
    .ours()
    .default("0")
    .url("acd")
    .ac("voip/services/ACD/enabled")
    .example("1"),
    param(
        "acd.server_type",
        Global,
        "ACD server type",
        Kind::Choice(ACD_SERVERS),
        Features,
        "ACD",
    )
    .ours()
    .default("broadsoft")
    .url("acdserver")
    .ac("voip/services/ACD/server_type")
    .example("genesys"),
    param(
        "acd.acw_key",
        Global,
        "After-call work key",
        Kind::Bool,
        Features,
        "ACD",
    )
    .ours()
    .default("1")
    .url("acdacw")
    .example("0"),
    param(
        "acd.auto_available_timer",
        Global,
        "Ready again after a call (s, 0 off)",
        Kind::Int { min: 0, max: 180 },
        Features,
        "ACD",
    )
    .default("0")
    .url("acdauto")
    .example("90"),
    param(
        "acd.reasons",
        Global,
        "Not-ready reasons",
        Kind::Syntax {
            max: 511,
            syntax: "CODE:NAME entries separated by commas",
            check: check_acd_reasons,
        },
        Features,
        "ACD",
    )
    .ours()
    .url("acdreasons")
    .example("1:Lunch,2:Meeting"),
    param(
        "lang.gui",
        Global,
        "Language",
        Kind::Choice(LANGUAGES),
        Features,
        "Language",
    )
    .default("en")
    .menu("Settings > Language")
    .url("lang")
    .example("fr"),
    param(
        "local_time.time_format",
        Global,
        "Time format",
        Kind::Choice(TIME_FORMATS),
        Features,
        "Time and date",
    )
    .default("24")
    .menu("Settings > Time format")
    .example("12"),
    param(
        "local_time.date_format",
        Global,
        "Date format",
        Kind::Choice(DATE_FORMATS),
        Features,
        "Time and date",
    )
    .default("www-dd-mmm")
    .menu("Settings > Date format")
    .example("yyyy-mm-dd"),
    param(
        "voice.tone.country",
        Global,
        "Tones of",
        Kind::Choice(TONE_COUNTRIES),
        Audio,
        "Tones",
    )
    .default("custom")
    .url("tones")
    .ac("voip/regional_settings/selected_country")
    .example("germany"),
    param("voice.tone.dial", Global, "Dial tone", TONE, Audio, "Tones")
        .url("dialtone")
        .example("425"),
    param("voice.tone.ring", Global, "Ringback tone", TONE, Audio, "Tones")
        .example("425/1000,0/4000"),
    param(
        "voice.tone.callwaiting",
        Global,
        "Call waiting tone",
        TONE,
        Audio,
        "Tones",
    )
    .example("!425/200,0/200,425/200"),
    param("voice.tone.busy", Global, "Busy tone", TONE, Audio, "Tones")
        .url("busytone")
        .example("425/500,0/500"),
    param(
        "voice.tone.congestion",
        Global,
        "Congestion tone",
        TONE,
        Audio,
        "Tones",
    )
    .url("congestiontone")
    .example("425/250,0/250"),
    param(
        "voice.tone.stutter",
        Global,
        "Stutter dial tone (messages waiting)",
        TONE,
        Audio,
        "Tones",
    )
    .example("425/100,0/100,425/100,0/100,425"),
    param(
        "features.key_tone",
        Global,
        "Keypad tones",
        Kind::Bool,
        Audio,
        "Tones",
    )
    .default("1")
    .example("0"),
    param(
        "features.play_hold_tone.enable",
        Global,
        "Play a reminder while a call is held",
        Kind::Bool,
        Audio,
        "Tones",
    )
    .default("1")
    .example("0"),
    param(
        "features.play_hold_tone.delay",
        Global,
        "Hold reminder every (seconds)",
        Kind::Int { min: 3, max: 3600 },
        Audio,
        "Tones",
    )
    .default("30")
    .example("10"),
    param(
        "features.busy_tone_delay",
        Global,
        "Busy tone after the far end hangs up (seconds)",
        Kind::Choice(BUSY_TONE_DELAYS),
        Audio,
        "Tones",
    )
    .default("0")
    .example("3"),
    param(
        "phone_setting.ring_type",
        Global,
        "Ring tone",
        Kind::Choice(RING_TYPES),
        Audio,
        "Ring tone",
    )
    .ours()
    .default("1")
    .menu("Settings > Ring tone")
    .ac("personal_settings/lines/0/ring_tone")
    .example("3"),
    // ---- Programmable keys -------------------------------------------------------------
    param(
        "deskphone.key.{n}",
        Key,
        "Key",
        Kind::Key,
        Keys,
        "Programmable keys",
    )
    .ours()
    .url_joined("keys", ',')
    .example("blf:1002:Bob"),
    param(
        "deskphone.speed_dials",
        Global,
        "Keypad speed dials",
        Kind::Syntax {
            max: 511,
            syntax: "KEY:NUMBER entries separated by commas (a key 0-9)",
            check: check_speed_dials,
        },
        Keys,
        "Speed dials",
    )
    .ours()
    .url("speeddial")
    .example("2:1003"),
    // ---- Phonebook ---------------------------------------------------------------------
    param(
        "deskphone.contacts",
        Global,
        "Local directory",
        Kind::Syntax {
            max: 65_536,
            syntax: "NAME:NUMBER[:GROUP] entries separated by commas",
            check: check_contacts,
        },
        Phonebook,
        "Local directory",
    )
    .ours()
    .url("contacts")
    .example("Bob:1002,Carol:1003:Sales"),
    param(
        "deskphone.blacklist",
        Global,
        "Blacklist",
        Kind::Syntax {
            max: 65_536,
            syntax: "NAME:NUMBER entries separated by commas",
            check: check_contacts,
        },
        Phonebook,
        "Blacklist",
    )
    .ours()
    .url("blacklist")
    .example("Spam:1099"),
    param(
        "remote_phonebook.data.{n}.name",
        Book,
        "Remote phonebook name",
        Kind::Text { max: 99 },
        Phonebook,
        "Remote phonebooks",
    )
    .example("Company"),
    param(
        "remote_phonebook.data.{n}.url",
        Book,
        "Remote phonebook URL",
        HTTP_URL,
        Phonebook,
        "Remote phonebooks",
    )
    .example("http://example.com/book.xml"),
    // ---- Dial plan ---------------------------------------------------------------------
    param(
        "features.key_as_send",
        Global,
        "Send key",
        Kind::Choice(SEND_KEYS),
        DialPlan,
        "Dialling",
    )
    .device(|p| match p.defaults.send_key {
        Some(c) => c.to_string(),
        None => "none".into(),
    })
    .ac("voip/dialing/dial_complete_key/key")
    .example("*"),
    param(
        "phone_setting.inter_digits_time",
        Global,
        "Dial after (s, 0 waits for Send)",
        Kind::Int { min: 0, max: 14 },
        DialPlan,
        "Dialling",
    )
    .device(|p| p.defaults.inter_digit_timeout.to_string())
    .ac("voip/dialing/timeout")
    .example("7"),
    param(
        "dialplan.digitmap.string",
        Global,
        "Digit map",
        Kind::Syntax {
            max: 4000,
            syntax: "a digit map such as [2-9]11|1xxx",
            check: check_digit_map,
        },
        DialPlan,
        "Digit map",
    )
    .url("digitmap")
    .ac("voip/signalling/sip/digit_map")
    .example("[2-9]11|1xxx"),
    param(
        "deskphone.gs_dial_plan",
        Global,
        "Grandstream dial plan",
        Kind::Syntax {
            max: 4000,
            syntax: "a Grandstream dial plan such as { [3469]11 | 1xxx }",
            check: check_gs_dial_plan,
        },
        DialPlan,
        "Digit map",
    )
    .ours()
    .url("gsdialplan")
    .example("{ [3469]11 | 1xxx }"),
    param(
        "deskphone.prefix_rules",
        Global,
        "Prefix table",
        Kind::Syntax {
            max: 4000,
            syntax: "prefix=P,delete=N:M,insert=POS:DIGITS,ip=ADDRESS rules separated by ;",
            check: check_prefix_rules,
        },
        DialPlan,
        "Prefix table",
    )
    .ours()
    .url("prefixrules")
    .example("prefix=9,delete=0:1"),
    param(
        "dialplan.dialnow.rule.{n}",
        Rule,
        "Dial-now rule",
        Kind::Syntax {
            max: 511,
            syntax: "a dial rule such as 1xxx",
            check: check_rule,
        },
        DialPlan,
        "Dial now",
    )
    .url_joined("dialnow", ';')
    .example("1xxx"),
    param(
        "dialplan.block_out.number.{n}",
        BlockOut,
        "Blocked number",
        Kind::Syntax {
            max: 32,
            syntax: "a dial rule such as 900x.",
            check: check_rule,
        },
        DialPlan,
        "Block out",
    )
    .url_joined("blockout", ';')
    .example("1900x."),
    param(
        "dialplan.replace.prefix.{n}",
        Rule,
        "Replace: prefix",
        Kind::Syntax {
            max: 32,
            syntax: "a dial rule such as 0592",
            check: check_rule,
        },
        DialPlan,
        "Replace rules",
    )
    .example("0592"),
    param(
        "dialplan.replace.replace.{n}",
        Rule,
        "Replace: with",
        NUMBER,
        DialPlan,
        "Replace rules",
    )
    .example("5"),
    // ---- Action URL: one per event (seeds-yealink.md §2.10) ---------------------------
    action("action_url.setup_completed", "Setup completed"),
    action("action_url.registered", "Registered"),
    action("action_url.unregistered", "Unregistered"),
    action("action_url.register_failed", "Register failed"),
    action("action_url.off_hook", "Off hook"),
    action("action_url.on_hook", "On hook"),
    action("action_url.incoming_call", "Incoming call"),
    action("action_url.outgoing_call", "Outgoing call"),
    action("action_url.call_established", "Established"),
    action("action_url.call_terminated", "Terminated"),
    action("action_url.dnd_on", "DND on"),
    action("action_url.dnd_off", "DND off"),
    action("action_url.always_fwd_on", "Always forward on"),
    action("action_url.always_fwd_off", "Always forward off"),
    action("action_url.busy_fwd_on", "Busy forward on"),
    action("action_url.busy_fwd_off", "Busy forward off"),
    action("action_url.no_answer_fwd_on", "No-answer forward on"),
    action("action_url.no_answer_fwd_off", "No-answer forward off"),
    action("action_url.hold", "Hold"),
    action("action_url.unhold", "Unhold"),
    action("action_url.mute", "Mute"),
    action("action_url.unmute", "Unmute"),
    action("action_url.missed_call", "Missed call"),
    action("action_url.reject_incoming_call", "Reject incoming call"),
    action("action_url.idle_to_busy", "Idle to busy"),
    action("action_url.busy_to_idle", "Busy to idle"),
    // ---- Auto provision ----------------------------------------------------------------
    param(
        "auto_provision.server.url",
        Global,
        "Server URL (a directory, or a file URL with <MAC>)",
        Kind::Syntax {
            max: 511,
            syntax: "an http:// or https:// URL",
            check: check_provision_url,
        },
        Provisioning,
        "Server",
    )
    .ours()
    .url("provision")
    .ac("provisioning/configuration/url")
    .example("http://prov.example.com/phones/"),
    param(
        "auto_provision.server.username",
        Global,
        "User name",
        Kind::Text { max: 64 },
        Provisioning,
        "Server",
    )
    .ours()
    .ac("provisioning/configuration/http_auth/user_name")
    .example("prov"),
    param(
        "auto_provision.server.password",
        Global,
        "Password",
        Kind::Secret { max: 64 },
        Provisioning,
        "Server",
    )
    .ours()
    .ac("provisioning/configuration/http_auth/password")
    .example("provpw"),
    param(
        "auto_provision.power_on",
        Global,
        "Provision when the phone starts",
        Kind::Bool,
        Provisioning,
        "When",
    )
    .default("1")
    .example("0"),
    param(
        "auto_provision.repeat.enable",
        Global,
        "Provision repeatedly",
        Kind::Bool,
        Provisioning,
        "When",
    )
    .default("0")
    .example("1"),
    param(
        "auto_provision.repeat.minutes",
        Global,
        "Every (minutes)",
        Kind::Int { min: 1, max: 43200 },
        Provisioning,
        "When",
    )
    .default("1440")
    .example("60"),
    param(
        "deskphone.device_id",
        Global,
        "Device id (stands for the MAC in file names; blank: this browser's own)",
        Kind::Syntax {
            max: 32,
            syntax: "letters, digits, - _ .",
            check: check_device_id,
        },
        Provisioning,
        "Device",
    )
    .ours()
    .url("device")
    .example("room-101"),
    // ---- Maintenance: the system log --------------------------------------------------
    param(
        "syslog.log_level",
        Global,
        "System log: keep entries down to",
        Kind::Choice(LOG_LEVELS),
        Maintenance,
        "System log",
    )
    .default("info")
    .example("debug"),
    // ---- Security ----------------------------------------------------------------------
    param(
        "deskphone.admin.password",
        Global,
        "Administrator password",
        Kind::Secret { max: 32 },
        Security,
        "Web login",
    )
    .ours()
    .default("admin")
    .ac("system/password")
    .example("s3cret"),
    param(
        "deskphone.user.password",
        Global,
        "User password",
        Kind::Secret { max: 32 },
        Security,
        "Web login",
    )
    .ours()
    .default("user")
    .ac("system/web_user_password")
    .example("guest"),
    param(
        "deskphone.login.attempts",
        Global,
        "Failed logins before a lockout (0: never)",
        Kind::Int { min: 0, max: 10 },
        Security,
        "Web login",
    )
    .ours()
    .default("5")
    .example("3"),
    param(
        "deskphone.softkeys.optional",
        Global,
        "Optional soft keys: Start / Pause / Resume / Stop REC in calls, Manager in a conference",
        Kind::Bool,
        Features,
        "Soft keys",
    )
    .ours()
    .url("optkeys")
    .default("0")
    .example("1"),
    param(
        "deskphone.record.format",
        Global,
        "Call recordings are made as",
        Kind::Choice(RECORD_FORMATS),
        Audio,
        "Call recording",
    )
    .ours()
    .url("recformat")
    .default("ogg")
    .example("wav"),
    param(
        "deskphone.admin.force_password_change",
        Global,
        "Make the administrator replace a factory password at the first login",
        Kind::Bool,
        Security,
        "Web login",
    )
    .ours()
    .default("0")
    .example("1"),
    param(
        "dialplan.area_code.code",
        Global,
        "Area code",
        NUMBER,
        DialPlan,
        "Area code",
    )
    .example("0592"),
    param(
        "dialplan.area_code.min_len",
        Global,
        "Area code: shortest number",
        Kind::Int { min: 1, max: 15 },
        DialPlan,
        "Area code",
    )
    .default("1")
    .example("5"),
    param(
        "dialplan.area_code.max_len",
        Global,
        "Area code: longest number",
        Kind::Int { min: 1, max: 15 },
        DialPlan,
        "Area code",
    )
    .default("15")
    .example("8"),
];

/// The parameter named `name` (the schema's spelling, `{n}` and all).
pub fn named(name: &str) -> Option<&'static Param> {
    PARAMS.iter().find(|p| p.name == name)
}
