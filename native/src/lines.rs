//! One connection per line (account) to its SIP server, as the core's outputs name them:
//! sending, waiting on all of them at once, and reconnecting a dead one with backoff
//! (0.5 s doubling to 8 s, RFC 5626 §4.5) without holding up the other lines.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use deskphone_core::phone::{Input, Phone};
use deskphone_core::sip::account::Transport;

use crate::link::{wait_readable, Link};

/// How to reach the servers: every line uses the same list (primary first).
pub struct Servers {
    /// `(name as given, address)`, the primary first.
    pub list: Vec<(String, SocketAddr)>,
    /// The transport.
    pub transport: Transport,
    /// PEM file of the certificates to trust (TLS).
    pub ca: Option<String>,
}

impl Servers {
    /// Open a link to server `n`.
    pub fn connect(&self, n: usize) -> Result<Link, String> {
        let (name, addr) = self.list.get(n).ok_or(format!("no server {n}"))?;
        let host = name.rsplit_once(':').map_or(name.as_str(), |(h, _)| h);
        match self.transport {
            Transport::Tcp => Link::tcp(*addr),
            Transport::Tls => {
                let ca = self
                    .ca
                    .as_deref()
                    .ok_or("--transport tls needs --ca FILE (the certificates to trust, PEM)")?;
                Link::tls(*addr, host, ca)
            }
            _ => Link::udp(*addr),
        }
        .map_err(|e| format!("cannot reach {addr}: {e}"))
    }
}

/// A line's connection.
struct Line {
    /// The server in use (index into the list), chosen by the core.
    current: usize,
    link: Option<Link>,
    /// When the link is down: when to try again, and the wait after that.
    retry: Option<(Instant, Duration)>,
}

/// The driver's clock for the core: milliseconds since the program started.
#[derive(Clone, Copy)]
pub struct Clock(pub Instant);

impl Clock {
    /// Now, on the core's clock.
    pub fn now(self) -> deskphone_core::time::Instant {
        deskphone_core::time::Instant(self.0.elapsed().as_millis() as u64)
    }
}

/// All the lines' connections.
pub struct Lines {
    servers: Servers,
    lines: Vec<Line>,
    clock: Clock,
}

const FIRST_BACKOFF: Duration = Duration::from_millis(500);
const MAX_BACKOFF: Duration = Duration::from_secs(8);

impl Lines {
    /// Connect every one of `count` lines to the primary server and tell the phone each
    /// socket's address; returns the lines and the local IP address (where media is received).
    pub fn connect(
        servers: Servers,
        count: usize,
        phone: &mut Phone,
        clock: Clock,
    ) -> Result<(Lines, std::net::IpAddr), String> {
        let mut lines = Lines {
            servers,
            lines: Vec::new(),
            clock,
        };
        let mut address = None;
        for line in 0..count {
            let link = lines.servers.connect(0)?;
            let ip = lines.announce(phone, line, &link, 0)?;
            address.get_or_insert(ip);
            lines.lines.push(Line {
                current: 0,
                link: Some(link),
                retry: None,
            });
        }
        let address = address.ok_or("no lines")?;
        Ok((lines, address))
    }

    /// Tell line `line`'s user agent its socket's address (for Via and Contact).
    fn announce(
        &self,
        phone: &mut Phone,
        line: usize,
        link: &Link,
        server: usize,
    ) -> Result<std::net::IpAddr, String> {
        let local = link.local_addr().map_err(|e| e.to_string())?;
        let server = self.servers.list[server].1;
        let ip = if local.ip().is_unspecified() {
            server.ip()
        } else {
            local.ip()
        };
        if let Some(ua) = phone.user_agent_mut(line) {
            ua.set_local_address(&ip.to_string(), local.port());
        }
        println!(
            "line {}: local {ip}:{} -> {server} over {:?}",
            line + 1,
            local.port(),
            self.servers.transport
        );
        Ok(ip)
    }

    /// Send on line `line`; a failure means the flow is gone, and the line reconnects.
    pub fn send(&mut self, line: usize, bytes: &[u8], phone: &mut Phone) {
        let Some(l) = self.lines.get_mut(line) else {
            return;
        };
        if let Some(link) = &mut l.link {
            if let Err(e) = link.send(bytes) {
                eprintln!("line {}: send: {e}", line + 1);
                self.lost(line, phone);
            }
        }
    }

    /// Line `line`'s flow is dead (RFC 5626 §4.4): tell the phone, and connect again from
    /// [`Lines::receive`] (never from here: this runs while the phone's outputs are drained).
    pub fn lost(&mut self, line: usize, phone: &mut Phone) {
        let Some(l) = self.lines.get_mut(line) else {
            return;
        };
        if l.link.take().is_some() {
            phone.handle_input(self.clock.now(), Input::TransportDown { line });
        }
        if l.retry.is_none() {
            l.retry = Some((Instant::now(), FIRST_BACKOFF));
        }
    }

    /// Use server `server` for line `line` from now on (failover, fail-back). A server that
    /// cannot be reached is retried like a lost flow; the other lines go on.
    pub fn switch(&mut self, line: usize, server: usize, phone: &mut Phone) {
        if server >= self.servers.list.len() || line >= self.lines.len() {
            return;
        }
        self.lines[line].current = server;
        self.lines[line].link = None;
        phone.handle_input(self.clock.now(), Input::TransportDown { line });
        match self.servers.connect(server) {
            Ok(link) => self.attach(phone, line, link, server),
            Err(e) => {
                eprintln!("line {}: {e}", line + 1);
                self.lines[line].retry = Some((Instant::now() + FIRST_BACKOFF, FIRST_BACKOFF * 2));
            }
        }
    }

    /// Line `line` is connected again, to server `server`: tell its user agent the new
    /// address, stop retrying, and report the transport up.
    fn attach(&mut self, phone: &mut Phone, line: usize, link: Link, server: usize) {
        if let Err(e) = self.announce(phone, line, &link, server) {
            eprintln!("line {}: {e}", line + 1);
        }
        let l = &mut self.lines[line];
        l.link = Some(link);
        l.retry = None;
        phone.handle_input(self.clock.now(), Input::TransportUp { line });
    }

    /// Try again the lines whose retry time has come.
    fn retry_due(&mut self, phone: &mut Phone) {
        for line in 0..self.lines.len() {
            let Some((at, backoff)) = self.lines[line].retry else {
                continue;
            };
            if Instant::now() < at {
                continue;
            }
            let server = self.lines[line].current;
            match self.servers.connect(server) {
                Ok(link) => {
                    println!(
                        "line {}: reconnected to {}",
                        line + 1,
                        self.servers.list[server].1
                    );
                    self.attach(phone, line, link, server);
                }
                Err(e) => {
                    eprintln!(
                        "line {}: {e}; again in {} ms",
                        line + 1,
                        backoff.as_millis()
                    );
                    self.lines[line].retry =
                        Some((Instant::now() + backoff, (backoff * 2).min(MAX_BACKOFF)));
                }
            }
        }
    }

    /// Wait up to `timeout` for a message on any line and hand it to the phone (or, when
    /// nothing came, give it a tick). Dead links are reconnected when their time comes.
    pub fn receive(&mut self, timeout: Duration, phone: &mut Phone) {
        self.retry_due(phone);
        // A message the framer already holds needs no waiting.
        for line in 0..self.lines.len() {
            let buffered = match &mut self.lines[line].link {
                Some(link) => link.buffered(),
                None => continue,
            };
            match buffered {
                Ok(Some(bytes)) => {
                    phone.handle_input(self.clock.now(), Input::Received { line, bytes });
                    return;
                }
                Ok(None) => {}
                Err(e) => {
                    eprintln!("line {}: receive: {e}", line + 1);
                    self.lost(line, phone);
                }
            }
        }
        let retry = self
            .lines
            .iter()
            .filter_map(|l| {
                l.retry
                    .map(|(at, _)| at.saturating_duration_since(Instant::now()))
            })
            .min();
        let timeout = retry.map_or(timeout, |r| r.min(timeout));
        let open: Vec<(usize, &Link)> = self
            .lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| l.link.as_ref().map(|link| (i, link)))
            .collect();
        let links: Vec<&Link> = open.iter().map(|(_, l)| *l).collect();
        let ready = if links.is_empty() {
            std::thread::sleep(timeout);
            Ok(Vec::new())
        } else {
            wait_readable(&links, timeout)
        };
        let ready: Vec<usize> = match ready {
            Ok(r) => r.into_iter().map(|i| open[i].0).collect(),
            Err(e) => {
                eprintln!("poll: {e}");
                Vec::new()
            }
        };
        if ready.is_empty() {
            phone.handle_input(self.clock.now(), Input::Tick);
            return;
        }
        for line in ready {
            let got = match &mut self.lines[line].link {
                Some(link) => link.receive(Duration::from_millis(1)),
                None => continue,
            };
            match got {
                Ok(Some(bytes)) => {
                    phone.handle_input(self.clock.now(), Input::Received { line, bytes })
                }
                Ok(None) => phone.handle_input(self.clock.now(), Input::Tick),
                Err(e) => {
                    eprintln!("line {}: receive: {e}", line + 1);
                    self.lost(line, phone);
                }
            }
        }
    }
}
