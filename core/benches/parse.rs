//! Message-layer throughput: `cargo bench -p deskphone-core --bench parse` prints messages
//! parsed per second for a typical INVITE from a WebRTC phone and for the RFC 4475 corpus.

use std::hint::black_box;
use std::time::{Duration, Instant};

use deskphone_core::sip::message::Message;

const INVITE: &[u8] = b"INVITE sip:bob@127.0.0.1 SIP/2.0\r\n\
Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKnashds7;rport\r\n\
Record-Route: <sip:127.0.0.1:8443;transport=wss;r2=on;lr=on;ftag=456248>\r\n\
Max-Forwards: 70\r\n\
To: Bob <sip:bob@127.0.0.1>\r\n\
From: \"Alice\" <sip:alice@127.0.0.1>;tag=456248\r\n\
Call-ID: 843817637684230@998sdasdh09\r\n\
CSeq: 1826 INVITE\r\n\
Contact: <sip:alice@df7jal23ls0d.invalid;transport=wss;ob>;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\"\r\n\
Allow: INVITE, ACK, CANCEL, BYE, OPTIONS\r\n\
Supported: outbound, path, gruu\r\n\
User-Agent: Deskphone/0.1\r\n\
Content-Type: application/sdp\r\n\
Content-Length: 0\r\n\r\n";

fn rate(name: &str, messages: &[Vec<u8>]) {
    let budget = Duration::from_millis(800);
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < budget {
        for m in messages {
            let _ = black_box(Message::parse(black_box(m)));
            n += 1;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let bytes: usize = messages.iter().map(Vec::len).sum();
    println!(
        "{name:32} {:>10.0} messages/s  {:>7.1} MB/s",
        n as f64 / secs,
        (n as f64 / messages.len() as f64) * bytes as f64 / secs / 1e6
    );
}

fn main() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/rfc4475");
    let mut corpus: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .expect("corpus")
        .map(|e| std::fs::read(e.expect("entry").path()).expect("file"))
        .collect();
    corpus.sort();
    rate("typical WebRTC INVITE", &[INVITE.to_vec()]);
    rate("RFC 4475 corpus (49 messages)", &corpus);
}
