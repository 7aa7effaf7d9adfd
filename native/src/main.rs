//! Deskphone native backend: the same core as the browser app, driven over OS sockets.
//!
//! ```text
//! deskphone --user alice --pass alicepw --server HOST:PORT[,BACKUP:PORT] [--domain D]
//!           [--transport udp|tcp|tls --ca FILE] [--t1 MS]
//!           [--exit-when-registered] [--message TO TEXT] [--seconds N]
//!           [--call NUMBER] [--answer] [--dtmf DIGITS] [--hangup-after SECONDS]
//!           [--tone HZ] [--rtp-ports FIRST-LAST] [--100rel]
//! ```
//! It registers and reports every change of the line on standard output; with `--message`
//! it sends a text message once registered and exits with its outcome. With `--call` or
//! `--answer` it makes or takes one call (RTP with G.711 and RFC 4733 events, see
//! [`media`]), reports the received audio's frequency and level on `audio:` lines, and
//! exits when the call is over: 0 if it was answered. `--tone` makes the microphone a sine;
//! `--100rel` turns on reliable provisional responses (RFC 3262) both ways.

mod link;
mod media;
mod script;

use std::net::{SocketAddr, ToSocketAddrs};
use std::process::ExitCode;
use std::time::Duration as StdDuration;

use deskphone_core::phone::view::LineStatus;
use deskphone_core::phone::{Input, Output, Phone};
use deskphone_core::sip::account::{Account, Transport};
use deskphone_core::time::Instant;
use link::Link;
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
    rtp_ports: (u16, u16),
    prack: bool,
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
        rtp_ports: (16384, 16999),
        prack: false,
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
            "--call" => o.script.call = Some(value("--call")?),
            "--answer" => o.script.answer = true,
            "--100rel" => o.prack = true,
            "--dtmf" => o.script.dtmf = Some(value("--dtmf")?),
            "--hangup-after" => {
                let s: f64 = value("--hangup-after")?
                    .parse()
                    .map_err(|_| "--hangup-after: seconds")?;
                o.script.hangup_after = Some((s * 1000.0) as u64);
            }
            "--tone" => o.tone = Some(value("--tone")?.parse().map_err(|_| "--tone: Hz")?),
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
    if o.user.is_empty() {
        return Err("--user is required".into());
    }
    Ok(o)
}

fn main() -> ExitCode {
    let o = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("deskphone: {e}\nusage: deskphone --user NAME --pass PASSWORD --server HOST:PORT[,BACKUP:PORT] [--domain D] [--transport udp|tcp|tls --ca FILE] [--t1 MS] [--exit-when-registered] [--message TO TEXT] [--seconds N] [--call NUMBER] [--answer] [--dtmf DIGITS] [--hangup-after SECONDS] [--tone HZ] [--rtp-ports FIRST-LAST] [--100rel]");
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
    let servers: Vec<(String, SocketAddr)> = o
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
    let server = servers[0].1;
    let mut link = connect(o, &servers[0])?;
    let domain = o.domain.clone().unwrap_or_else(|| server.ip().to_string());
    let mut account = Account::new(&o.user, &o.password, &domain, o.transport);
    account.servers = servers.len();
    account.prack = o.prack;
    if let Some(t1) = o.t1 {
        account.timers.t1 = deskphone_core::time::Duration::millis(t1);
    }
    let start = std::time::Instant::now();
    let now = || Instant(start.elapsed().as_millis() as u64);
    let mut phone = Phone::new(account, seed(), now());
    let address = announce(&mut phone, &link, server, o.transport)?;
    let mut media = Media::new(
        MediaSetup {
            address,
            ports: o.rtp_ports,
            tone: o.tone,
        },
        seed() | 1,
    );

    phone.handle_input(now(), Input::TransportUp);
    let mut shown = None;
    let mut message_sent = false;
    let mut screen_shown = Vec::new();
    let mut state_shown = "";
    let mut current = 0;
    let mut lost = false;
    loop {
        // Drain the phone (STYLE.md §1) until it names its next timeout.
        let next = loop {
            match phone.poll_output() {
                Output::Send(bytes) => {
                    if let Err(e) = link.send(&bytes) {
                        // The flow is gone (RFC 5626 §4.4): a new one, then the core re-registers.
                        eprintln!("send: {e}");
                        lost = true;
                    }
                }
                Output::ViewChanged => {
                    let view = phone.view();
                    if view.lines != screen_shown {
                        println!("screen: {}", view.lines.join(" | "));
                        screen_shown = view.lines.clone();
                    }
                    let line = (view.line_status, view.line_detail.clone());
                    if shown.as_ref() != Some(&line) {
                        println!("line: {:?} ({})", line.0, line.1);
                        shown = Some(line);
                    }
                }
                Output::Log(l) => eprintln!("{l}"),
                // A dead flow (no keep-alive answer): open a new one.
                Output::Reconnect => {
                    eprintln!("flow to the server failed");
                    lost = true;
                }
                Output::SwitchServer(n) => {
                    let Some(target) = servers.get(n) else {
                        continue;
                    };
                    current = n;
                    link = connect(o, target)?;
                    announce(&mut phone, &link, target.1, o.transport)?;
                    phone.handle_input(now(), Input::TransportDown);
                    phone.handle_input(now(), Input::TransportUp);
                }
                Output::Media(cmd) => {
                    if let Some(event) = media.handle(cmd) {
                        phone.handle_input(now(), Input::Media(event));
                    }
                }
                Output::Timeout(at) => break at,
            }
        };
        for r in media.reports() {
            println!(
                "audio: call {} receiving {:.0} Hz at level {:.3} ({} packets in, {} out, digits {:?})",
                r.call.0, r.frequency, r.level, r.packets, r.sent, r.digits
            );
        }
        let view = phone.view();
        if view.state.name() != state_shown {
            state_shown = view.state.name();
            println!("call: {state_shown}");
        }
        let keys = o.script.keys(&view, now().0);
        if !keys.is_empty() {
            for key in keys {
                phone.handle_input(now(), Input::Key(key));
            }
            continue;
        }
        if o.script.involves_calls() && o.script.call_over(&view) {
            let talked = o.script.talked();
            media.close_all();
            shutdown(&mut phone, &mut link, now);
            return Ok(if talked {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        let registered = phone.view().line_status == LineStatus::Registered;
        if o.exit_when_registered && registered && o.message.is_none() {
            return Ok(ExitCode::SUCCESS);
        }
        if let (Some((to, text)), true, false) = (&o.message, registered, message_sent) {
            message_sent = true;
            phone.handle_input(
                now(),
                Input::SendMessage {
                    to: to.clone(),
                    text: text.clone(),
                },
            );
            continue;
        }
        if message_sent {
            // The phone model words the outcome on the screen.
            let screen = phone.view().lines.join(" | ");
            if screen.contains("Message sent") {
                return Ok(ExitCode::SUCCESS);
            }
            if screen.contains("Message failed") {
                return Ok(ExitCode::FAILURE);
            }
        }
        if start.elapsed() >= StdDuration::from_secs(o.seconds) {
            let registered = phone.view().line_status == LineStatus::Registered;
            media.close_all();
            shutdown(&mut phone, &mut link, now);
            return Ok(if registered || !o.exit_when_registered {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        let wait = next.map_or(200, |at| at.0.saturating_sub(now().0)).min(200);
        if lost {
            lost = false;
            phone.handle_input(now(), Input::TransportDown);
            link = reconnect(o, &servers[current], &start)?;
            announce(&mut phone, &link, servers[current].1, o.transport)?;
            phone.handle_input(now(), Input::TransportUp);
            continue;
        }
        match link.receive(StdDuration::from_millis(wait)) {
            Ok(Some(bytes)) => phone.handle_input(now(), Input::Received(bytes)),
            Ok(None) => phone.handle_input(now(), Input::Tick),
            Err(e) => {
                eprintln!("receive: {e}");
                lost = true;
            }
        }
    }
}

/// A new link to the same server after the flow died, retried with backoff (0.5 s
/// doubling to 8 s) until it connects or the run's time is up.
fn reconnect(
    o: &Options,
    server: &(String, SocketAddr),
    start: &std::time::Instant,
) -> Result<Link, String> {
    let mut backoff = StdDuration::from_millis(500);
    loop {
        match connect(o, server) {
            Ok(link) => {
                println!("reconnected to {}", server.1);
                return Ok(link);
            }
            Err(e) if start.elapsed() < StdDuration::from_secs(o.seconds) => {
                eprintln!("{e}; again in {} ms", backoff.as_millis());
                std::thread::sleep(backoff);
                backoff = (backoff * 2).min(StdDuration::from_secs(8));
            }
            Err(e) => return Err(e),
        }
    }
}

/// Open the link to one server.
fn connect(o: &Options, (name, addr): &(String, SocketAddr)) -> Result<Link, String> {
    let host = name.rsplit_once(':').map_or(name.as_str(), |(h, _)| h);
    match o.transport {
        Transport::Tcp => Link::tcp(*addr),
        Transport::Tls => {
            let ca =
                o.ca.as_deref()
                    .ok_or("--transport tls needs --ca FILE (the certificates to trust, PEM)")?;
            Link::tls(*addr, host, ca)
        }
        _ => Link::udp(*addr),
    }
    .map_err(|e| format!("cannot reach {addr}: {e}"))
}

/// Tell the core our socket's address (for Via and Contact) and say where we are; the
/// address is also where we receive media.
fn announce(
    phone: &mut Phone,
    link: &Link,
    server: SocketAddr,
    transport: Transport,
) -> Result<std::net::IpAddr, String> {
    let local = link.local_addr().map_err(|e| e.to_string())?;
    let ip = if local.ip().is_unspecified() {
        server.ip()
    } else {
        local.ip()
    };
    phone
        .user_agent_mut()
        .set_local_address(&ip.to_string(), local.port());
    println!("local {ip}:{} -> {server} over {transport:?}", local.port());
    Ok(ip)
}

/// Switch off: un-register and give the server a moment to answer (its answer completes
/// the transaction; nothing else waits for it).
fn shutdown(phone: &mut Phone, link: &mut Link, now: impl Fn() -> Instant) {
    phone.handle_input(now(), Input::Shutdown);
    let deadline = now().0 + 1000;
    while now().0 < deadline {
        loop {
            match phone.poll_output() {
                Output::Send(bytes) => {
                    let _ = link.send(&bytes);
                }
                Output::Timeout(_) => break,
                _ => {}
            }
        }
        if phone.view().line_status == LineStatus::Off {
            if let Ok(Some(bytes)) = link.receive(StdDuration::from_millis(300)) {
                phone.handle_input(now(), Input::Received(bytes));
            }
            println!("line: unregistered");
            return;
        }
        match link.receive(StdDuration::from_millis(100)) {
            Ok(Some(bytes)) => phone.handle_input(now(), Input::Received(bytes)),
            _ => phone.handle_input(now(), Input::Tick),
        }
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
