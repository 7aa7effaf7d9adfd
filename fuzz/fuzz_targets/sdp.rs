//! Any text as a remote offer or answer: parsing, serialising and negotiating never panic,
//! and what we serialise parses again.
#![no_main]

use deskphone_core::sdp::description::SessionDescription;
use deskphone_core::sdp::negotiate::{answer, apply_answer, offer, LocalSession, MediaConfig};
use deskphone_core::sdp::Direction;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(remote) = SessionDescription::parse(text) else { return };
    let again = SessionDescription::parse(&remote.to_string());
    assert!(again.is_ok(), "a parsed description must serialise to a parsable one");
    let cfg = MediaConfig::default();
    let mut local = LocalSession { address: "192.0.2.1".into(), port: 4000, session_id: 1, version: 0 };
    if let Ok((ours, _)) = answer(&remote, &cfg, &mut local, false) {
        assert!(SessionDescription::parse(&ours.to_string()).is_ok(), "our answer must parse");
    }
    let our_offer = offer(&cfg, &mut local, Direction::SendRecv);
    let _ = apply_answer(&our_offer, &remote, &cfg);
});
