//! Deskphone native backend: the same core as the browser app, driven over OS sockets.
//!
//! ```text
//! deskphone --user alice --pass alicepw --server 127.0.0.1:5060 [--domain D] [--transport udp|tcp|tls --ca FILE]
//!           [--exit-when-registered] [--message TO TEXT] [--seconds N]
//! ```
//! It registers and reports every change of the line on standard output; with `--message`
//! it sends a text message once registered and exits with its outcome. Media (RTP and
//! audio devices) comes with the media engine's native side.

mod link;

use std::net::{SocketAddr, ToSocketAddrs};
use std::process::ExitCode;
use std::time::Duration as StdDuration;

use deskphone_core::phone::view::LineStatus;
use deskphone_core::phone::{Input, Output, Phone};
use deskphone_core::sip::account::{Account, Transport};
use deskphone_core::time::Instant;
use link::Link;

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
            "--message" => {
                let to = value("--message")?;
                let text = args
                    .next()
                    .ok_or("--message needs a recipient and a text")?;
                o.message = Some((to, text));
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
            eprintln!("deskphone: {e}\nusage: deskphone --user NAME --pass PASSWORD --server HOST:PORT [--domain D] [--transport udp|tcp|tls --ca FILE] [--exit-when-registered] [--seconds N]");
            return ExitCode::from(2);
        }
    };
    match run(&o) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("deskphone: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(o: &Options) -> Result<ExitCode, String> {
    let server: SocketAddr = o
        .server
        .to_socket_addrs()
        .map_err(|e| format!("{}: {e}", o.server))?
        .next()
        .ok_or(format!("{}: no address", o.server))?;
    let host = o
        .server
        .rsplit_once(':')
        .map_or(o.server.as_str(), |(h, _)| h);
    let mut link = match o.transport {
        Transport::Tcp => Link::tcp(server),
        Transport::Tls => {
            let ca =
                o.ca.as_deref()
                    .ok_or("--transport tls needs --ca FILE (the certificates to trust, PEM)")?;
            Link::tls(server, host, ca)
        }
        _ => Link::udp(server),
    }
    .map_err(|e| format!("cannot reach {server}: {e}"))?;
    let local = link.local_addr().map_err(|e| e.to_string())?;
    let domain = o.domain.clone().unwrap_or_else(|| server.ip().to_string());
    let account = Account::new(&o.user, &o.password, &domain, o.transport);
    let start = std::time::Instant::now();
    let now = || Instant(start.elapsed().as_millis() as u64);
    let mut phone = Phone::new(account, seed(), now());
    let local_ip = if local.ip().is_unspecified() {
        server.ip()
    } else {
        local.ip()
    };
    phone
        .user_agent_mut()
        .set_local_address(&local_ip.to_string(), local.port());
    println!(
        "local {local_ip}:{} -> {server} over {:?}",
        local.port(),
        o.transport
    );

    phone.handle_input(now(), Input::TransportUp);
    let mut shown = None;
    let mut message_sent = false;
    let mut screen_shown = Vec::new();
    loop {
        // Drain the phone (STYLE.md §1) until it names its next timeout.
        let next = loop {
            match phone.poll_output() {
                Output::Send(bytes) => link.send(&bytes).map_err(|e| format!("send: {e}"))?,
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
                // A dead flow: UDP has no connection to renew; a TCP one comes back with the
                // next run (reconnection of the native link is not implemented yet).
                Output::Reconnect => eprintln!("flow to {server} failed"),
                Output::Media(cmd) => eprintln!("media not available natively yet: {cmd:?}"),
                Output::Timeout(at) => break at,
            }
        };
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
            shutdown(&mut phone, &mut link, now);
            return Ok(if registered || !o.exit_when_registered {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        let wait = next.map_or(200, |at| at.0.saturating_sub(now().0)).min(200);
        match link
            .receive(StdDuration::from_millis(wait))
            .map_err(|e| format!("receive: {e}"))?
        {
            Some(bytes) => phone.handle_input(now(), Input::Received(bytes)),
            None => phone.handle_input(now(), Input::Tick),
        }
    }
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
