//! The accounts given in the page URL: `?user=alice&pass=alicepw&ws=ws://127.0.0.1:8080&domain=127.0.0.1`
//! for line 1, and `user2=carol&pass2=carolpw&label2=Sales` (up to `user8`) for more lines
//! on the same servers, each with its own WebSocket.
//! (Configuration files, storage and admin pages come with the configuration issue.)

use deskphone_core::phone::acd::{AcdReason, AcdServer, AcdSettings};
use deskphone_core::phone::dialplan::{
    AreaCode, DialPlan, DigitMap, GsDialPlan, PrefixRule, Replace, Rule,
};
use deskphone_core::phone::directory::{Blacklist, Contact};
use deskphone_core::phone::dss::DssKey;
use deskphone_core::phone::forward::Forward;
use deskphone_core::phone::xml_browser::{RemoteBook, MAX_REMOTE_BOOKS};
use deskphone_core::phone::MAX_LINES;
use deskphone_core::profile::{self, Profile, BUILTIN_FILES};
use deskphone_core::sip::account::{Account, Transport};
use deskphone_core::time::Duration;

/// One line's account, from the page URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineConfig {
    /// SIP user.
    pub user: String,
    /// Digest password.
    pub password: String,
    /// Label on the screen and the line key.
    pub label: Option<String>,
    /// SIP domain (the registrar's).
    pub domain: String,
    /// Every WebSocket server URL of this line (`ws=PRIMARY,BACKUP`), the primary first.
    pub ws_urls: Vec<String>,
}

/// Settings read from the page URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageConfig {
    /// The lines' accounts, line 1 first.
    pub lines: Vec<LineConfig>,
    /// STUN/TURN server URLs for ICE (`stun=stun:host:port`, repeatable with commas).
    pub ice_servers: Vec<String>,
    /// `hold=rfc2543`: hold offers carry `c=0.0.0.0` as well as `sendonly`.
    pub hold_with_zero_address: bool,
    /// `profile=dinstar-c60s`: the device the page is (default: the SayHi 6XX).
    pub profile: Profile,
    /// `contacts=Bob:1002:Sales,Front Desk:0`: the local directory, each contact with its
    /// group if it has one (until phonebook files load).
    pub contacts: Vec<Contact>,
    /// `blacklist=Spam:1005`: numbers whose calls are refused.
    pub blacklist: Blacklist,
    /// `keys=blf:1002:Bob,speed:1003,dnd`: the programmable keys, in order.
    pub keys: Vec<DssKey>,
    /// `mwi=1`: every line subscribes to its message summary.
    pub mwi: bool,
    /// `vm=*97`: the number the Message key dials.
    pub voicemail: Option<String>,
    /// `speeddial=1:1002,2:1003`: digit-key speed dials, dialled by holding the key.
    pub speed_dials: Vec<(char, String)>,
    /// `pickupcode=**`: the server's directed pickup code (BLF keys of ringing extensions
    /// dial it with the extension; without one they pick up with Replaces).
    pub pickup_code: Option<String>,
    /// Dialling rules: `digitmap=` (AudioCodes syntax), `dialnow=`, `replace=PREFIX>REPLACE`,
    /// `areacode=CODE[:MIN:MAX]`, `blockout=` (Yealink syntax, `;`-separated), and
    /// `hotline=NUMBER[:SECONDS]`.
    pub dial_plan: DialPlan,
    /// `fwd=always:1003,busy:1004,noanswer:1005:10`: call forwarding.
    pub forward: Forward,
    /// `autoanswer=1`: every call is answered by itself.
    pub auto_answer: bool,
    /// The ACD's settings: `acd=1` (the ACD on the idle soft keys, where the profile has
    /// them), `acdauto=90` (ACD Activated Auto and its timer, seconds) and
    /// `acdreasons=1:Lunch,2:Meeting` (the Not ready reasons, code and name),
    /// `acdserver=genesys` (no ACW key; default `broadsoft`), `acdacw=0` (ACW hidden).
    pub acd: AcdSettings,
    /// `book1=Company|http://host/book.xml` to `book5=`: the remote phonebooks (Display
    /// Name and Remote URL), listed in the Directory.
    pub remote_books: Vec<RemoteBook>,
    /// `lang=fr`: the screen language (en, fr, de, es, it).
    pub language: Option<String>,
    /// `services=http://host/services.xml`: the page the Services key opens.
    pub services: Option<String>,
}

/// `acd=1`, `acdauto=SECONDS` and `acdreasons=CODE:NAME,...`, checked as the phone checks
/// them.
fn acd_settings(get: &dyn Fn(&str) -> Option<String>) -> Result<AcdSettings, String> {
    let auto_ready = match get("acdauto") {
        None => None,
        Some(v) => Some(Duration::secs(v.trim().parse::<u64>().map_err(|_| {
            format!("acdauto: {v:?} is not a number of seconds (0-180)")
        })?)),
    };
    let reasons = match get("acdreasons") {
        None => Vec::new(),
        Some(v) => (v.split(','))
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(|e| match e.split_once(':') {
                Some((code, name)) => Ok(AcdReason {
                    code: code.trim().to_string(),
                    name: name.trim().to_string(),
                }),
                None => Err(format!("acdreasons: {e:?} is not CODE:NAME")),
            })
            .collect::<Result<Vec<_>, _>>()?,
    };
    let server = match get("acdserver").as_deref().map(str::trim) {
        None | Some("broadsoft") => AcdServer::BroadSoft,
        Some("genesys") => AcdServer::Genesys,
        Some(v) => return Err(format!("acdserver: {v:?} is not broadsoft or genesys")),
    };
    AcdSettings {
        soft_keys: get("acd").is_some_and(|v| v == "1" || v == "on"),
        server,
        hide_acw: get("acdacw").is_some_and(|v| v == "0" || v == "off"),
        auto_ready,
        reasons,
    }
    .checked()
    .map_err(|e| format!("acdauto/acdreasons: {e}"))
}

/// `fwd=KIND:NUMBER[:SECONDS],...`; the error names the entry.
fn forward(value: &str) -> Result<Forward, String> {
    let mut f = Forward {
        no_answer_after: 10,
        ..Forward::default()
    };
    for entry in value.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let mut parts = entry.split(':');
        let kind = parts.next().unwrap_or_default();
        let number = parts
            .next()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .ok_or_else(|| format!("fwd: {entry:?} has no number"))?
            .to_string();
        match kind {
            "always" => {
                f.always = Some(number);
                f.always_on = true;
            }
            "busy" => f.busy = Some(number),
            "noanswer" => {
                f.no_answer = Some(number);
                if let Some(s) = parts.next() {
                    f.no_answer_after = s
                        .trim()
                        .parse()
                        .map_err(|_| format!("fwd: {s:?} is not a number of seconds"))?;
                }
            }
            other => return Err(format!("fwd: {other:?} is not always, busy or noanswer")),
        }
    }
    Ok(f)
}

/// The `;`-separated rules of parameter `name`, each read by `parse` (none without the
/// parameter); the error names the parameter.
fn rule_list<T>(
    get: &dyn Fn(&str) -> Option<String>,
    name: &str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Vec<T>, String> {
    let Some(v) = get(name) else {
        return Ok(Vec::new());
    };
    v.split(';')
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| parse(r).map_err(|e| format!("{name}: {e}")))
        .collect()
}

/// The dialling rules of the page URL; the error names the parameter.
fn dial_plan(get: &dyn Fn(&str) -> Option<String>) -> Result<DialPlan, String> {
    // Rule lists are separated by ';' (a ',' belongs to the Yealink set syntax, `[2,5,8]`).
    let rules = |name: &str| rule_list(get, name, Rule::parse);
    let digit_map = get("digitmap")
        .map(|m| DigitMap::parse(&m).map_err(|e| format!("digitmap: {e}")))
        .transpose()?;
    let prefix_rules = rule_list(get, "prefixrules", PrefixRule::parse)?;
    let grandstream = get("gsdialplan")
        .map(|m| GsDialPlan::parse(&m).map_err(|e| format!("gsdialplan: {e}")))
        .transpose()?;
    let replace = rule_list(get, "replace", |r| match r.split_once('>') {
        Some((prefix, replace)) => Ok(Replace {
            prefix: Rule::parse(prefix)?,
            replace: replace.trim().to_string(),
        }),
        None => Err(format!("{r:?} is not PREFIX>REPLACE")),
    })?;
    let area_code = match get("areacode") {
        None => None,
        Some(v) => {
            let mut parts = v.split(':');
            let code = parts.next().unwrap_or_default().trim().to_string();
            let num = |p: Option<&str>, default: usize| -> Result<usize, String> {
                p.map_or(Ok(default), |s| {
                    s.trim()
                        .parse()
                        .map_err(|_| format!("areacode: {s:?} is not a length"))
                })
            };
            let (min_len, max_len) = (num(parts.next(), 1)?, num(parts.next(), 15)?);
            if min_len > max_len {
                return Err(format!(
                    "areacode: minimum {min_len} above maximum {max_len}"
                ));
            }
            Some(AreaCode {
                code,
                min_len,
                max_len,
            })
        }
    };
    let (hotline, hotline_delay) = match get("hotline") {
        None => (None, 4),
        Some(v) => match v.split_once(':') {
            Some((n, d)) => (
                Some(n.trim().to_string()),
                d.trim()
                    .parse()
                    .map_err(|_| format!("hotline: {d:?} is not a number of seconds"))?,
            ),
            None => (Some(v.trim().to_string()), 4),
        },
    };
    Ok(DialPlan {
        digit_map,
        grandstream,
        prefix_rules,
        dial_now: rules("dialnow")?,
        dial_now_delay: 1,
        replace,
        area_code,
        block_out: rules("blockout")?,
        hotline,
        hotline_delay,
    })
}

/// `contacts=NAME:NUMBER[:GROUP],...`; the error names the entry that is not
/// `NAME:NUMBER`. `what` names the parameter.
fn contact_list(what: &str, value: &str) -> Result<Vec<Contact>, String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
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
                _ => Err(format!("{what}: {entry:?} is not NAME:NUMBER")),
            }
        })
        .collect()
}

/// The built-in profile `profile=ID` names; the error lists the ones there are.
fn profile_named(id: &str) -> Result<Profile, String> {
    profile::by_id(id).ok_or_else(|| {
        let ids: Vec<&str> = BUILTIN_FILES.iter().map(|(id, _)| *id).collect();
        format!("profile={id}: no such device; there are {}", ids.join(", "))
    })
}

/// `ws=PRIMARY,BACKUP`: the server URLs, each ws:// or wss://.
fn server_urls(name: &str, value: &str) -> Result<Vec<String>, String> {
    let urls: Vec<String> = value
        .split(',')
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(str::to_string)
        .collect();
    for url in &urls {
        if !(url.starts_with("ws://") || url.starts_with("wss://")) {
            return Err(format!(
                "{name}={url}: the server must be a ws:// or wss:// URL"
            ));
        }
    }
    if urls.is_empty() {
        return Err(format!("{name}=: no server URL"));
    }
    Ok(urls)
}

impl PageConfig {
    /// Read the page URL; the error says which parameter is missing.
    pub fn from_page() -> Result<PageConfig, String> {
        let location = web_sys::window().ok_or("no window")?.location();
        let search = location.search().map_err(|_| "no URL")?;
        let params =
            web_sys::UrlSearchParams::new_with_str(&search).map_err(|_| "bad URL parameters")?;
        let host = location.hostname().unwrap_or_else(|_| "127.0.0.1".into());
        let get = |k: &str| params.get(k).filter(|v| !v.is_empty());
        let user = get("user").ok_or("no account: open this page with ?user=NAME&pass=PASSWORD")?;
        let domain = get("domain").unwrap_or_else(|| host.clone());
        let ws = get("ws").unwrap_or_else(|| format!("ws://{host}:8080"));
        let ws_urls = server_urls("ws", &ws)?;
        let mut lines = vec![LineConfig {
            user,
            password: get("pass").unwrap_or_default(),
            label: get("label"),
            domain: domain.clone(),
            ws_urls: ws_urls.clone(),
        }];
        // Lines 2-8: `user2`, `pass2`, `label2`, and their own `domain2`/`ws2` if not line 1's.
        for n in 2..=MAX_LINES {
            if let Some(user) = get(&format!("user{n}")) {
                if lines.len() + 1 != n {
                    return Err(format!("user{n}= given without user{}=", lines.len() + 1));
                }
                let ws_urls = match get(&format!("ws{n}")) {
                    Some(ws) => server_urls(&format!("ws{n}"), &ws)?,
                    None => ws_urls.clone(),
                };
                lines.push(LineConfig {
                    user,
                    password: get(&format!("pass{n}")).unwrap_or_default(),
                    label: get(&format!("label{n}")),
                    domain: get(&format!("domain{n}")).unwrap_or_else(|| domain.clone()),
                    ws_urls,
                });
            }
        }
        let ice_servers = get("stun")
            .map(|v| {
                v.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let hold_with_zero_address = match get("hold").as_deref() {
            None | Some("rfc3264") => false,
            Some("rfc2543") => true,
            Some(other) => {
                return Err(format!(
                    "hold={other}: rfc3264 (sendonly) or rfc2543 (c=0.0.0.0)"
                ))
            }
        };
        let profile = match get("profile") {
            Some(id) => profile_named(&id)?,
            None => profile::default_profile(),
        };
        let contacts = match get("contacts") {
            Some(v) => contact_list("contacts", &v)?,
            None => Vec::new(),
        };
        let keys = match get("keys") {
            Some(v) => v
                .split(',')
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .map(|k| DssKey::parse(k).map_err(|e| format!("keys: {e}")))
                .collect::<Result<Vec<_>, _>>()?,
            None => Vec::new(),
        };
        let mwi = matches!(get("mwi").as_deref(), Some("1" | "yes" | "on"));
        let voicemail = get("vm");
        let pickup_code = get("pickupcode");
        let speed_dials = match get("speeddial") {
            None => Vec::new(),
            Some(v) => v
                .split(',')
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .map(|e| {
                    let mut key = e.chars();
                    match (key.next(), key.next(), e.get(2..)) {
                        (Some(k @ '0'..='9'), Some(':'), Some(n)) if !n.trim().is_empty() => {
                            Ok((k, n.trim().to_string()))
                        }
                        _ => Err(format!("speeddial: {e:?} is not KEY:NUMBER (a key 0-9)")),
                    }
                })
                .collect::<Result<Vec<_>, _>>()?,
        };
        let blacklist = match get("blacklist") {
            Some(v) => Blacklist::new(contact_list("blacklist", &v)?)?,
            None => Blacklist::default(),
        };
        let dial_plan = dial_plan(&get)?;
        let auto_answer = matches!(get("autoanswer").as_deref(), Some("1" | "yes" | "on"));
        let forward = match get("fwd") {
            Some(v) => forward(&v)?,
            None => Forward::default(),
        };
        let acd = acd_settings(&get)?;
        let remote_books = (1..=MAX_REMOTE_BOOKS)
            .filter_map(|n| get(&format!("book{n}")).map(|v| (n, v)))
            .map(|(n, v)| match v.split_once('|') {
                Some((name, url)) => Ok(RemoteBook {
                    name: name.trim().to_string(),
                    url: url.trim().to_string(),
                }),
                None => Err(format!("book{n}: {v:?} is not NAME|URL")),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(PageConfig {
            language: get("lang"),
            services: get("services"),
            remote_books,
            acd,
            lines,
            ice_servers,
            hold_with_zero_address,
            profile,
            contacts,
            blacklist,
            keys,
            mwi,
            voicemail,
            pickup_code,
            speed_dials,
            dial_plan,
            forward,
            auto_answer,
        })
    }

    /// The SIP accounts for the core, line 1 first.
    pub fn accounts(&self) -> Vec<Account> {
        self.lines
            .iter()
            .map(|line| {
                let wss = line
                    .ws_urls
                    .first()
                    .is_some_and(|u| u.starts_with("wss://"));
                let transport = if wss { Transport::Wss } else { Transport::Ws };
                let mut a = Account::new(&line.user, &line.password, &line.domain, transport);
                if let Some(l) = &line.label {
                    a.label = l.clone();
                }
                a.servers = line.ws_urls.len();
                a.hold_with_zero_address = self.hold_with_zero_address;
                a.subscribe_mwi = self.mwi;
                a.auto_answer = self.auto_answer;
                a.voicemail = self.voicemail.clone();
                a.pickup_code = self.pickup_code.clone();
                a
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn acd_parameters_name_the_server_type_and_hide_acw() {
        let s = acd_settings(&params(&[
            ("acd", "1"),
            ("acdserver", "genesys"),
            ("acdacw", "0"),
        ]))
        .unwrap();
        assert!(s.soft_keys && s.hide_acw);
        assert_eq!(s.server, AcdServer::Genesys);
        let s = acd_settings(&params(&[])).unwrap();
        assert_eq!((s.server, s.hide_acw), (AcdServer::BroadSoft, false));
        let e = acd_settings(&params(&[("acdserver", "avaya")])).unwrap_err();
        assert!(e.contains("avaya"), "{e}");
    }
}
