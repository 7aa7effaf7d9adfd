//! HTTP GET for the core's `Output::Fetch` (XML browser pages, remote phonebooks), each on a
//! thread of its own so that the SIP loop never waits on a web server; answers are collected
//! with [`Fetcher::ready`]. Plain `http://` only for now (HTTP/1.0, no redirects): an
//! `https://` page is answered with an error the screen shows.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::time::Duration;

use deskphone_core::phone::xml_browser::{FetchId, MAX_DOCUMENT};

/// How long a page may take.
const TIMEOUT: Duration = Duration::from_secs(5);

/// Fetches under way, and their answers.
pub struct Fetcher {
    tx: Sender<(FetchId, Result<String, String>)>,
    rx: Receiver<(FetchId, Result<String, String>)>,
}

impl Fetcher {
    pub fn new() -> Fetcher {
        let (tx, rx) = channel();
        Fetcher { tx, rx }
    }

    /// Fetch `url` in the background.
    pub fn start(&self, id: FetchId, url: String) {
        let tx = self.tx.clone();
        std::thread::spawn(move || {
            let _ = tx.send((id, get(&url)));
        });
    }

    /// GET `url` in the background and forget it (an action URL); a failure is logged.
    pub fn fire(&self, url: String) {
        std::thread::spawn(move || {
            if let Err(e) = get(&url) {
                eprintln!("action URL {url}: {e}");
            }
        });
    }

    /// The answers that have come.
    pub fn ready(&self) -> Vec<(FetchId, Result<String, String>)> {
        self.rx.try_iter().collect()
    }
}

/// GET `url`: its body as text, or why not.
pub fn get(url: &str) -> Result<String, String> {
    let rest = match url.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => rest,
        Some((scheme, _)) => return Err(format!("{scheme}: not supported by the native phone")),
        None => return Err("not a URL".into()),
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let path = path.split('#').next().unwrap_or("/");
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, p.parse::<u16>().map_err(|_| format!("bad port {p:?}"))?),
        None => (authority, 80),
    };
    let addr = (host, port)
        .to_socket_addrs()
        .map_err(|e| format!("{host}: {e}"))?
        .next()
        .ok_or_else(|| format!("{host}: no address"))?;
    let mut s =
        TcpStream::connect_timeout(&addr, TIMEOUT).map_err(|e| format!("{authority}: {e}"))?;
    s.set_read_timeout(Some(TIMEOUT))
        .map_err(|e| e.to_string())?;
    s.set_write_timeout(Some(TIMEOUT))
        .map_err(|e| e.to_string())?;
    let request = format!(
        "GET {path} HTTP/1.0\r\nHost: {authority}\r\nUser-Agent: Deskphone\r\nAccept: application/xml, text/xml, */*\r\n\r\n"
    );
    s.write_all(request.as_bytes()).map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    s.take((MAX_DOCUMENT + 16 * 1024) as u64)
        .read_to_end(&mut raw)
        .map_err(|e| format!("reading the answer: {e}"))?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("not an HTTP answer")?;
    let head = String::from_utf8_lossy(&raw[..split]);
    let status = head
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse::<u16>().ok())
        .ok_or("not an HTTP answer")?;
    if !(200..300).contains(&status) {
        return Err(format!("HTTP {status}"));
    }
    let body = &raw[split + 4..];
    if body.len() > MAX_DOCUMENT {
        return Err(format!(
            "the page is larger than {} KiB",
            MAX_DOCUMENT / 1024
        ));
    }
    String::from_utf8(body.to_vec()).map_err(|_| "the page is not UTF-8 text".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    fn serve_once(answer: &'static str) -> String {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        std::thread::spawn(move || {
            let (mut c, _) = l.accept().unwrap();
            let mut buf = [0u8; 1024];
            let _ = c.read(&mut buf);
            c.write_all(answer.as_bytes()).unwrap();
        });
        format!("http://127.0.0.1:{port}/menu.xml")
    }

    #[test]
    fn a_page_is_fetched_and_errors_are_named() {
        let url = serve_once("HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\n\r\n<X/>");
        assert_eq!(get(&url), Ok("<X/>".into()));
        let url = serve_once("HTTP/1.0 404 Not Found\r\n\r\n");
        assert_eq!(get(&url), Err("HTTP 404".into()));
        assert!(get("https://127.0.0.1/x")
            .unwrap_err()
            .contains("not supported"));
        assert!(get("http://127.0.0.1:1/x").is_err(), "nobody listens");
    }
}
