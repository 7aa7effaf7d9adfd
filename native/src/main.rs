//! Deskphone native backend: the same core as the browser app, driven over OS sockets.
//!
//! ```text
//! deskphone --user alice --pass alicepw --server HOST:PORT[,BACKUP:PORT] [--domain D]
//!           [--transport udp|tcp|tls --ca FILE] [--t1 MS]
//!           [--exit-when-registered] [--message TO TEXT] [--seconds N]
//!           [--call NUMBER] [--answer] [--dtmf DIGITS] [--hangup-after SECONDS]
//!           [--tone HZ] [--codecs LIST] [--rtp-ports FIRST-LAST] [--100rel]
//!           [--hold-after SECONDS] [--resume-after SECONDS]
//!           [--line USER:PASSWORD[:LABEL]]... [--from-line N] [--profile ID]
//!           [--data DIR] [--config FILE]...
//! ```
//! Each `--line` adds an account (line 2, 3, ... up to 8) on the same servers, with its own
//! connection; `--from-line N` places the `--call` from line N by pressing its line key.
//! It registers and reports every change of the line on standard output; with `--message`
//! it sends a text message once registered and exits with its outcome. With `--call` or
//! `--answer` it makes or takes one call (RTP in G.711, G.722 or Opus with RFC 4733 events,
//! see [`media`]), reports the received audio's frequency and level on `audio:` lines, and
//! exits when the call is over: 0 if it was answered. `--tone` makes the microphone a sine;
//! `--codecs opus,G722` offers and accepts those codecs only, in that order;
//! `--100rel` turns on reliable provisional responses (RFC 3262) both ways. `--data DIR`
//! keeps the phonebook, call log and messages in DIR across restarts ([`flash`]).
//! `--config FILE` (a Yealink `.cfg` or an AudioCodes file; several apply in order, the
//! common file first) gives the accounts, keys and features as the browser phone reads
//! them; `--user`/`--pass` then override line 1, and the flags still say how to reach the
//! server (`--server`, `--transport`, `--ca`, `--t1`).

mod fetch;
mod flash;
mod lines;
mod link;
mod media;
mod script;

use std::net::{SocketAddr, ToSocketAddrs};
use std::process::ExitCode;
use std::time::Duration as StdDuration;

use deskphone_core::config::{self, url, Config, Environment, Settings};
use deskphone_core::phone::dss::DssKey;
use deskphone_core::phone::view::LineStatus;
use deskphone_core::phone::{Input, Output, Phone};
use deskphone_core::profile::{self, Profile};
use deskphone_core::sip::account::{Account, Transport};
use lines::{Clock, Lines, Servers};
use media::{Media, MediaSetup};
use script::Script;

struct Options {
    user: String,
    password: String,
    domain: Option<String>,
    server: String,
    transport: Transport,
    exit_when_registered: bool,
    seconds: u64,
    message: Option<(String, String)>,
    ca: Option<String>,
    t1: Option<u64>,
    script: Script,
    tone: Option<f32>,
    codecs: Vec<String>,
    rtp_ports: (u16, u16),
    prack: bool,
    /// Lines 2 and up: `(user, password, label)`.
    more_lines: Vec<(String, String, Option<String>)>,
    /// The device this phone is (`--profile ID`; default SayHi 6XX).
    profile: Profile,
    /// Programmable keys (`--key blf:1002:Bob`, repeatable), in order.
    keys: Vec<DssKey>,
    /// Subscribe to message waiting (`--mwi`), and the voicemail number (`--vm`).
    mwi: bool,
    voicemail: Option<String>,
    /// The server's directed pickup code (`--pickup-code`).
    pickup_code: Option<String>,
    /// Where the phone keeps its phonebook, call log and messages (`--data DIR`).
    data: Option<std::path::PathBuf>,
    /// Configuration files, applied in order (`--config FILE`).
    configs: Vec<std::path::PathBuf>,
    /// Whether `--profile` was given (with `--config`, it overrides the files' device).
    profile_given: bool,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        user: String::new(),
        password: String::new(),
        domain: None,
        server: "127.0.0.1:5060".into(),
        transport: Transport::Udp,
        exit_when_registered: false,
        seconds: 30,
        message: None,
        ca: None,
        t1: None,
        script: Script::default(),
        tone: None,
        codecs: Vec::new(),
        rtp_ports: (16384, 16999),
        prack: false,
        more_lines: Vec::new(),
        profile: profile::default_profile(),
        keys: Vec::new(),
        mwi: false,
        voicemail: None,
        pickup_code: None,
        data: None,
        configs: Vec::new(),
        profile_given: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--user" => o.user = value("--user")?,
            "--pass" => o.password = value("--pass")?,
            "--domain" => o.domain = Some(value("--domain")?),
            "--server" => o.server = value("--server")?,
            "--transport" => {
                o.transport = match value("--transport")?.as_str() {
                    "udp" => Transport::Udp,
                    "tcp" => Transport::Tcp,
                    "tls" => Transport::Tls,
                    other => return Err(format!("--transport {other}: udp, tcp or tls")),
                }
            }
            "--exit-when-registered" => o.exit_when_registered = true,
            "--ca" => o.ca = Some(value("--ca")?),
            "--t1" => o.t1 = Some(value("--t1")?.parse().map_err(|_| "--t1: milliseconds")?),
            "--message" => {
                let to = value("--message")?;
                let text = args
                    .next()
                    .ok_or("--message needs a recipient and a text")?;
                o.message = Some((to, text));
            }
            "--line" => {
                let v = value("--line")?;
                let mut parts = v.splitn(3, ':');
                let user = parts.next().unwrap_or_default().to_string();
                let password = parts.next().unwrap_or_default().to_string();
                if user.is_empty() {
                    return Err("--line USER:PASSWORD[:LABEL]".into());
                }
                o.more_lines
                    .push((user, password, parts.next().map(str::to_string)));
            }
            "--from-line" => {
                let n: usize = value("--from-line")?
                    .parse()
                    .map_err(|_| "--from-line: a line number from 1")?;
                o.script.from_line = Some(n.checked_sub(1).ok_or("--from-line: from 1")?);
            }
            "--profile" => {
                o.profile_given = true;
                let id = value("--profile")?;
                o.profile = profile::by_id(&id).ok_or_else(|| {
                    let ids: Vec<&str> = profile::BUILTIN_FILES.iter().map(|(i, _)| *i).collect();
                    format!(
                        "--profile {id}: no such device; there are {}",
                        ids.join(", ")
                    )
                })?;
            }
            "--key" => o
                .keys
                .push(DssKey::parse(&value("--key")?).map_err(|e| format!("--key {e}"))?),
            "--mwi" => o.mwi = true,
            "--vm" => o.voicemail = Some(value("--vm")?),
            "--pickup-code" => o.pickup_code = Some(value("--pickup-code")?),
            "--data" => o.data = Some(value("--data")?.into()),
            "--config" => o.configs.push(value("--config")?.into()),
            "--call" => o.script.call = Some(value("--call")?),
            "--answer" => o.script.answer = true,
            "--100rel" => o.prack = true,
            "--dtmf" => o.script.dtmf = Some(value("--dtmf")?),
            "--hangup-after" => o.script.hangup_after = Some(millis(&value("--hangup-after")?)?),
            "--hold-after" => o.script.hold_after = Some(millis(&value("--hold-after")?)?),
            "--resume-after" => o.script.resume_after = Some(millis(&value("--resume-after")?)?),
            "--tone" => o.tone = Some(value("--tone")?.parse().map_err(|_| "--tone: Hz")?),
            "--codecs" => {
                o.codecs = value("--codecs")?
                    .split(',')
                    .map(|c| c.trim().to_string())
                    .filter(|c| !c.is_empty())
                    .collect()
            }
            "--rtp-ports" => {
                let v = value("--rtp-ports")?;
                o.rtp_ports = v
                    .split_once('-')
                    .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
                    .filter(|(a, b)| a <= b && *a > 0)
                    .ok_or("--rtp-ports: FIRST-LAST")?;
            }
            "--seconds" => {
                o.seconds = value("--seconds")?
                    .parse()
                    .map_err(|_| "--seconds: a number")?
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    if o.configs.is_empty() && o.user.is_empty() {
        return Err("--user (or --config FILE) is required".into());
    }
    if !o.configs.is_empty()
        && (!o.more_lines.is_empty()
            || o.mwi
            || o.voicemail.is_some()
            || o.pickup_code.is_some()
            || o.prack)
    {
        return Err(
            "with --config, give lines, MWI, voicemail, pickup and 100rel in the file".into(),
        );
    }
    Ok(o)
}

/// Seconds (with a fraction) given on the command line, in milliseconds.
fn millis(v: &str) -> Result<u64, String> {
    match v.parse::<f64>() {
        Ok(s) if s.is_finite() && s >= 0.0 => Ok((s * 1000.0) as u64),
        _ => Err(format!("{v}: seconds")),
    }
}

fn main() -> ExitCode {
    let o = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("deskphone: {e}\nusage: deskphone --user NAME --pass PASSWORD --server HOST:PORT[,BACKUP:PORT] [--domain D] [--transport udp|tcp|tls --ca FILE] [--t1 MS] [--exit-when-registered] [--message TO TEXT] [--seconds N] [--call NUMBER] [--answer] [--dtmf DIGITS] [--hangup-after SECONDS] [--hold-after SECONDS] [--resume-after SECONDS] [--tone HZ] [--codecs LIST] [--rtp-ports FIRST-LAST] [--100rel] [--line USER:PASSWORD[:LABEL]]... [--from-line N] [--profile ID] [--key KIND:VALUE:LABEL]... [--mwi] [--vm NUMBER] [--pickup-code CODE] [--data DIR] [--config FILE]...");
            return ExitCode::from(2);
        }
    };
    let mut o = o;
    match run(&mut o) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("deskphone: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(o: &mut Options) -> Result<ExitCode, String> {
    // --server A[,B...]: the primary first, then backups (failover is decided by the core).
    let list: Vec<(String, SocketAddr)> = o
        .server
        .split(',')
        .map(|s| {
            let addr = s
                .to_socket_addrs()
                .map_err(|e| format!("{s}: {e}"))?
                .next()
                .ok_or(format!("{s}: no address"))?;
            Ok((s.to_string(), addr))
        })
        .collect::<Result<_, String>>()?;
    let domain = o
        .domain
        .clone()
        .unwrap_or_else(|| list[0].1.ip().to_string());
    let clock = Clock(std::time::Instant::now());
    let mut phone = if o.configs.is_empty() {
        let accounts = flag_accounts(o, &domain, list.len());
        let mut phone = Phone::build(o.profile.clone(), accounts, seed(), clock.now())
            .map_err(|e| e.to_string())?;
        phone.set_dss_keys(o.keys.clone())?;
        phone
    } else {
        let mut phone = configured(o, &domain, list.len(), clock)?;
        if !o.keys.is_empty() {
            phone.set_dss_keys(o.keys.clone())?;
        }
        phone
    };
    phone.handle_input(clock.now(), Input::WallClock(wall_clock()));
    let mut flash = match &o.data {
        Some(dir) => {
            let mut f =
                flash::Flash::open(dir).map_err(|e| format!("--data {}: {e}", dir.display()))?;
            for w in f.restore(&mut phone) {
                eprintln!("{w}");
            }
            Some(f)
        }
        None => None,
    };
    if let Some(n) = o.script.from_line.filter(|n| *n >= phone.line_count()) {
        return Err(format!(
            "--from-line {}: the phone has {} line(s)",
            n + 1,
            phone.line_count()
        ));
    }
    let servers = Servers {
        list,
        transport: o.transport,
        ca: o.ca.clone(),
    };
    let (mut lines, address) = Lines::connect(servers, phone.line_count(), &mut phone, clock)?;
    // The voice menu's `**47` reads out the address the phone is reached at.
    phone.set_device_address(Some(address.to_string()));
    let mut media = Media::new(
        MediaSetup {
            address,
            ports: o.rtp_ports,
            tone: o.tone,
            codecs: o.codecs.clone(),
        },
        seed() | 1,
    );

    for line in 0..phone.line_count() {
        phone.handle_input(clock.now(), Input::TransportUp { line });
    }
    let mut shown: Vec<Option<(LineStatus, String)>> = vec![None; phone.line_count()];
    let mut message_sent = false;
    let mut screen_shown = Vec::new();
    let mut state_shown = "";
    let mut sound_shown = deskphone_core::phone::view::Sound::Silent;
    let mut lamps_shown = std::collections::HashMap::new();
    let fetcher = fetch::Fetcher::new();
    loop {
        // Drain the phone (STYLE.md §1) until it names its next timeout.
        let next = loop {
            match phone.poll_output() {
                Output::Send { line, bytes } => lines.send(line, &bytes, &mut phone),
                Output::ViewChanged => {
                    let view = phone.view();
                    media.set_muted(view.muted);
                    if view.sound != sound_shown {
                        // No sound card yet: the phone's own sounds are named on the console.
                        println!("sound: {:?}", view.sound);
                        sound_shown = view.sound;
                    }
                    if view.screen != screen_shown {
                        println!("screen: {}", view.screen.join(" | "));
                        screen_shown = view.screen.clone();
                    }
                    // No lamps on a console: each change is named (`lamp dss1: Red FastBlink`).
                    for lamp in &view.lamps {
                        let now = (lamp.color, lamp.pattern);
                        if lamps_shown.get(&lamp.key) != Some(&now) {
                            println!("lamp {}: {:?} {:?}", lamp.key, now.0, now.1);
                            lamps_shown.insert(lamp.key.clone(), now);
                        }
                    }
                    for (n, l) in view.lines.iter().enumerate() {
                        let now = (l.status, l.detail.clone());
                        if shown[n].as_ref() != Some(&now) {
                            println!("line {}: {:?} ({})", n + 1, now.0, now.1);
                            shown[n] = Some(now);
                        }
                    }
                }
                Output::Log(l) => eprintln!("{l}"),
                Output::Fetch { id, url } => fetcher.start(id, url),
                Output::ActionUrl(url) => fetcher.fire(url),
                // No sound card yet: the core logs the prompt's words ("voice prompt: ...").
                Output::Prompt(_) => {}
                // A dead flow (no keep-alive answer): open a new one.
                Output::Reconnect { line } => {
                    eprintln!("line {}: flow to the server failed", line + 1);
                    lines.lost(line, &mut phone);
                }
                Output::SwitchServer { line, server } => lines.switch(line, server, &mut phone),
                Output::Media(cmd) => {
                    if let Some(event) = media.handle(cmd) {
                        phone.handle_input(clock.now(), Input::Media(event));
                    }
                }
                // No recorder in the native media yet (the core logs the command).
                Output::Record(_) => {}
                // No speaker for key feedback; in-band digits go into the calls' audio.
                Output::KeyTone { digit, in_band } => {
                    if in_band {
                        media.send_inband(digit);
                    }
                }
                Output::Timeout(at) => break at,
            }
        };
        if let Some(f) = flash.as_mut() {
            if let Err(e) = f.keep(&phone) {
                eprintln!("--data: not kept: {e}");
            }
        }
        for r in media.reports() {
            println!(
                "audio: call {} receiving {:.0} Hz at level {:.3} in {:?} ({} packets in, {} out, {} concealed, digits {:?}, tones {:?})",
                r.call, r.frequency, r.level, r.codec, r.packets, r.sent, r.concealed, r.digits, r.tones
            );
        }
        let view = phone.view();
        if view.state.name() != state_shown {
            state_shown = view.state.name();
            println!("call: {state_shown}");
        }
        let keys = o.script.keys(&view, clock.now().0);
        if !keys.is_empty() {
            for key in keys {
                phone.handle_input(clock.now(), Input::Key(key));
            }
            continue;
        }
        if o.script.involves_calls() && o.script.call_over(&view) {
            let talked = o.script.talked();
            media.close_all();
            shutdown(&mut phone, &mut lines, clock);
            return Ok(if talked {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        let registered = all_registered(&phone);
        if o.exit_when_registered && registered && o.message.is_none() {
            return Ok(ExitCode::SUCCESS);
        }
        if let (Some((to, text)), true, false) = (&o.message, registered, message_sent) {
            message_sent = true;
            phone.handle_input(
                clock.now(),
                Input::SendMessage {
                    to: to.clone(),
                    text: text.clone(),
                },
            );
            continue;
        }
        if message_sent {
            // The phone model words the outcome on the screen.
            let screen = phone.view().screen.join(" | ");
            if screen.contains("Message sent") {
                return Ok(ExitCode::SUCCESS);
            }
            if screen.contains("Message failed") {
                return Ok(ExitCode::FAILURE);
            }
        }
        if clock.0.elapsed() >= StdDuration::from_secs(o.seconds) {
            let registered = all_registered(&phone);
            media.close_all();
            shutdown(&mut phone, &mut lines, clock);
            return Ok(if registered || !o.exit_when_registered {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        let fetched = fetcher.ready();
        if !fetched.is_empty() {
            for (id, result) in fetched {
                phone.handle_input(clock.now(), Input::Fetched { id, result });
            }
            continue;
        }
        let wait = next
            .map_or(200, |at| at.0.saturating_sub(clock.now().0))
            .min(200);
        lines.receive(StdDuration::from_millis(wait), &mut phone);
    }
}

/// The accounts the flags give: `--user` on line 1, each `--line` after it.
fn flag_accounts(o: &Options, domain: &str, servers: usize) -> Vec<Account> {
    std::iter::once((o.user.clone(), o.password.clone(), None))
        .chain(o.more_lines.iter().cloned())
        .map(|(user, password, label)| {
            let mut account = Account::new(&user, &password, domain, o.transport);
            if let Some(label) = label {
                account.label = label;
            }
            account.servers = servers;
            account.prack = o.prack;
            account.subscribe_mwi = o.mwi;
            account.voicemail = o.voicemail.clone();
            account.pickup_code = o.pickup_code.clone();
            if let Some(t1) = o.t1 {
                account.timers.t1 = deskphone_core::time::Duration::millis(t1);
            }
            account
        })
        .collect()
}

/// The phone the `--config` files give (the same reading as the browser phone's), with
/// `--user`/`--pass`/`--profile` over them and the flags' way to the server: the error
/// names the file, line and parameter.
fn configured(o: &Options, domain: &str, servers: usize, clock: Clock) -> Result<Phone, String> {
    let mut config = Config::new();
    for path in &o.configs {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
        let file = config::read_any(&name, &text).map_err(|e| e.to_string())?;
        let applied = config
            .apply(file.format, &name, &file.assignments)
            .map_err(|e| lines_of(&e))?;
        for w in file.warnings.iter().chain(&applied.warnings) {
            eprintln!("{w}");
        }
        config = applied.config;
    }
    let mut over: Vec<(String, String)> = Vec::new();
    if !o.user.is_empty() {
        over.push(("user".into(), o.user.clone()));
        over.push(("pass".into(), o.password.clone()));
    }
    if o.profile_given {
        over.push(("profile".into(), o.profile.id.clone()));
    }
    let config = url::apply(&config, &over).map_err(|e| lines_of(&e))?.config;
    let env = Environment {
        host: domain.to_string(),
    };
    let mut settings = Settings::from_config(&config, &env)?;
    if settings.lines.is_empty() {
        return Err("no account: set account.1.user_name in the file, or give --user".into());
    }
    for line in &mut settings.lines {
        line.account.transport = o.transport;
        line.account.servers = servers;
        if let Some(t1) = o.t1 {
            line.account.timers.t1 = deskphone_core::time::Duration::millis(t1);
        }
    }
    settings.build_phone(seed(), clock.now())
}

/// Import errors, a line each.
fn lines_of(errors: &[deskphone_core::config::ImportError]) -> String {
    let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
    all.join("\n")
}

/// Whether every line is registered.
fn all_registered(phone: &Phone) -> bool {
    phone
        .view()
        .lines
        .iter()
        .all(|l| l.status == LineStatus::Registered)
}

/// Switch off: un-register every line and give the servers a moment to answer (their
/// answers complete the transactions; nothing else waits for them).
fn shutdown(phone: &mut Phone, lines: &mut Lines, clock: Clock) {
    phone.handle_input(clock.now(), Input::Shutdown);
    let deadline = clock.now().0 + 1000;
    while clock.now().0 < deadline {
        loop {
            match phone.poll_output() {
                Output::Send { line, bytes } => lines.send(line, &bytes, phone),
                Output::Timeout(_) => break,
                _ => {}
            }
        }
        if phone
            .view()
            .lines
            .iter()
            .all(|l| l.status == LineStatus::Off)
        {
            for n in 0..phone.line_count() {
                println!("line {}: unregistered", n + 1);
            }
            return;
        }
        lines.receive(StdDuration::from_millis(100), phone);
    }
}

/// The system's wall clock and local time-zone offset.
fn wall_clock() -> deskphone_core::time::WallClock {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let t = secs as libc::time_t;
    // SAFETY: localtime_r only writes the tm it is given; a zeroed tm is a valid value.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    let ok = !unsafe { libc::localtime_r(&t, &mut tm) }.is_null();
    deskphone_core::time::WallClock {
        unix_secs: secs,
        utc_offset_mins: if ok { (tm.tm_gmtoff / 60) as i32 } else { 0 },
    }
}

/// Entropy for tags and branches, from the OS.
fn seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    h.write_u32(std::process::id());
    h.finish()
}
